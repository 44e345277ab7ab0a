//# allFunctionsCalledOnLoad
// Small DOM helpers shared by the pages' scripts: build elements, morph one element, keep focus, words.
import { Idiomorph } from "../../vendor/idiomorph-0.7.4.esm.min.js";

/** el("li", {class: "x", text: "…", data: {key: 3}}, ...children): never parses HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const key in attrs) {
    const value = attrs[key];
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "value") node.value = value;
    else if (key === "data") for (const k in value) node.setAttribute(`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value[k]);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (Array.isArray(child)) { for (const c of child.flat()) if (c !== null && c !== undefined && c !== false) node.append(c); }
    else if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

const typing = (node, active = document.activeElement) => node === active && /^(INPUT|TEXTAREA|SELECT)$/.test(node.nodeName);
const morphOptions = {
  morphStyle: "outerHTML",
  // the field being typed in is left alone (value, caret); a focused button is morphed in place (keeps focus)
  callbacks: { beforeNodeMorphed: (oldNode) => !typing(oldNode) },
};

/**
 * Bring ``node`` to the state of ``fresh`` keeping the same elements (focus, caret, typed values stay).
 * Most live changes alter a text or an attribute of a small element (a topic's votes, a row's counts):
 * while both have the same shape, the texts and attributes are copied in place; at the first difference
 * of shape (children added, removed or reordered) Idiomorph takes over: its set-up costs milliseconds on
 * a slow phone, more than such a change.
 */
export function morph(node, fresh) {
  if (!patch(node, fresh, document.activeElement)) Idiomorph.morph(node, fresh, morphOptions);
}

/** Copy ``b``'s texts and attributes into ``a`` node by node; false at the first difference of shape. */
function patch(a, b, active) {
  if (a.nodeName !== b.nodeName) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) { if (a.nodeValue !== b.nodeValue) a.nodeValue = b.nodeValue; return true; }
  const from = a.childNodes, to = b.childNodes;
  if (from.length !== to.length) return false;
  if (!typing(a, active)) { // what is being typed stays
    for (const name of a.getAttributeNames()) if (!b.hasAttribute(name)) a.removeAttribute(name);
    for (const name of b.getAttributeNames()) {
      const value = b.getAttribute(name);
      if (a.getAttribute(name) !== value) a.setAttribute(name, value);
    }
    if (a.nodeName === "INPUT" || a.nodeName === "TEXTAREA") {
      if (a.value !== b.value) a.value = b.value;
      if (a.checked !== b.checked) a.checked = b.checked;
    }
  }
  for (let i = 0; i < from.length; i++) if (!patch(from[i], to[i], active)) return false;
  return true;
}

/** Move ``node`` before ``ref`` inside ``parent`` without losing focus (moveBefore keeps it where the browser has it). */
export function place(parent, node, ref) {
  if (node.parentNode === parent && node.nextSibling === ref) return;
  const focused = node.contains(document.activeElement) ? document.activeElement : null;
  if (focused && node.parentNode === parent && parent.moveBefore) { parent.moveBefore(node, ref); return; }
  parent.insertBefore(node, ref);
  if (focused) focused.focus({ preventScroll: true });
}

/**
 * Keep ``parent``'s keyed children (data-key) in the order of ``items``: morph those that exist,
 * build the new ones, remove the others. ``build(item)`` returns a fresh element with data-key.
 */
export function syncList(parent, items, key, build) {
  const existing = new Map([...parent.children].filter((c) => c.dataset.key).map((c) => [c.dataset.key, c]));
  let ref = parent.firstElementChild;
  while (ref && !ref.dataset.key) ref = ref.nextElementSibling;
  for (const item of items) {
    const k = String(key(item));
    let node = existing.get(k);
    const fresh = build(item);
    if (node) { morph(node, fresh); existing.delete(k); } else node = fresh;
    place(parent, node, ref);
    ref = node.nextElementSibling;
  }
  for (const stale of existing.values()) stale.remove();
}

/**
 * Fill an empty keyed list in steps (a board's 300 topics on a slow phone): the first ``first`` items
 * now, the others ``step`` at a time once the page has painted, so that the first paint and the person's
 * first tap do not wait for the whole list. ``items()`` is read again at each step (changes applied
 * meanwhile count, an element already there is left as it is); the order is checked at the end.
 */
export function fillInSteps(parent, items, key, build, { first = 12, step = 40 } = {}) {
  const fillTo = (n, later) => {
    const present = new Set([...parent.children].map((c) => c.dataset.key));
    const list = items();
    for (const item of list.slice(0, n)) if (!present.has(String(key(item)))) parent.append(build(item));
    if (n < list.length) { later(() => fillTo(n + step, setTimeout)); return; }
    const shown = [...parent.children].filter((c) => c.dataset.key).map((c) => c.dataset.key);
    if (shown.join() !== list.map((item) => String(key(item))).join()) syncList(parent, list, key, build);
  };
  fillTo(first, (next) => requestAnimationFrame(() => setTimeout(next))); // the rest once the page has painted
}

/**
 * Keep ``box``'s sections (data-key) in the order of ``items`` without rebuilding them: ``section(item)``
 * returns the existing section (updated) or a new one; ``each(item, node)`` then fills it.
 */
export function syncSections(box, items, section, each) {
  const keep = new Set(items.map((item) => String(item.id)));
  for (const node of [...box.children]) if (!keep.has(node.dataset.key)) node.remove();
  let ref = box.firstElementChild;
  for (const item of items) {
    const node = section(item);
    if (node !== ref) box.insertBefore(node, ref);
    ref = node.nextElementSibling;
    each(item, node);
  }
}

/** Update one keyed child: morph it, or insert it where ``items`` (the sorted keys) says. */
export function upsert(parent, k, fresh, orderedKeys = null) {
  const node = child(parent, k, fresh.id);
  if (node) morph(node, fresh);
  const target = node || fresh;
  if (orderedKeys) placeKeyed(parent, target, k, orderedKeys);
  else if (!node) parent.append(target);
  return target;
}

/** Put ``parent``'s keyed child ``node`` (key ``k``) where ``orderedKeys`` says: before the next key's child. */
export function placeKeyed(parent, node, k, orderedKeys) {
  const nextKey = orderedKeys[orderedKeys.indexOf(String(k)) + 1];
  const prefix = node.id && node.id.endsWith(String(k)) ? node.id.slice(0, -String(k).length) : "";
  const ref = nextKey !== undefined ? child(parent, nextKey, prefix && prefix + nextKey) : null;
  if (node.parentNode !== parent || node.nextElementSibling !== ref) place(parent, node, ref);
}

/** ``parent``'s child keyed ``k``: found by its id when keyed children have one ("topic-12"), else by data-key. */
function child(parent, k, id) {
  const node = id ? document.getElementById(id) : null;
  if (node) return node.parentNode === parent && node.dataset.key === String(k) ? node : null;
  return parent.querySelector(`:scope > [data-key="${k}"]`);
}

export function remove(parent, k) {
  const node = parent.querySelector(`:scope > [data-key="${k}"]`);
  if (node) node.remove();
}

// -- words ------------------------------------------------------------------
const lang = document.documentElement.lang || "fr";
const pluralRules = new Intl.PluralRules(lang);

/** forms -> count -> text: the counters already said */
const counted = new Map();

/** One of the server's ngettext forms ({one, other}, with %(num)d) chosen by the language's rules. */
export function plural(forms, n, values = {}) {
  if (!Object.keys(values).length) { // counters ("12 votes"): the same few texts again and again
    const known = counted.get(forms) || counted.set(forms, new Map()).get(forms);
    if (!known.has(n)) known.set(n, pluralText(forms, n, values));
    return known.get(n);
  }
  return pluralText(forms, n, values);
}

function pluralText(forms, n, values) {
  const form = forms[pluralRules.select(n)] || forms.other;
  return fill(form.replace("%(num)d", String(n)), values).replace(/%\((\w+)\)d/g, (_, name) => String(values[name] ?? ""));
}

/** A text with %(name)s filled in. */
export function fill(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

const NBSP = "\u00a0";
/** A local time of the event from its ISO string: "13 h 45" in French (non-breaking), "13:45" otherwise. */
export function clock(iso) {
  const hh = iso.slice(11, 13), mm = iso.slice(14, 16);
  if (lang.startsWith("fr")) return `${Number(hh)}${NBSP}h${NBSP}${mm}`;
  return `${hh}:${mm}`;
}

/** A moment (a Date, or an ISO string in UTC) as the device's local time, said the same way. */
export function localClock(moment = new Date()) {
  const d = new Date(moment);
  const pad = (n) => String(n).padStart(2, "0");
  return clock(`0000-00-00T${pad(d.getHours())}:${pad(d.getMinutes())}`);
}
