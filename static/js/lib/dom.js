// Small DOM helpers shared by the pages' scripts: build elements, morph one element, keep focus, words.
import { Idiomorph } from "../../vendor/idiomorph-0.7.4.esm.js";

/** el("li", {class: "x", text: "…", data: {key: 3}}, ...children): never parses HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "value") node.value = value;
    else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

const typing = (node) => node === document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(node.nodeName);
const morphOptions = {
  morphStyle: "outerHTML",
  // the field being typed in is left alone (value, caret); a focused button is morphed in place (keeps focus)
  callbacks: { beforeNodeMorphed: (oldNode) => !typing(oldNode) },
};

/** Bring ``node`` to the state of ``fresh`` keeping the same elements (focus, caret, typed values stay). */
export function morph(node, fresh) {
  Idiomorph.morph(node, fresh, morphOptions);
}

/** Move ``node`` before ``ref`` inside ``parent`` without losing focus (moveBefore keeps it where the browser has it). */
export function place(parent, node, ref) {
  if (node.parentNode === parent && node.nextSibling === ref) return;
  if (node.parentNode === parent && parent.moveBefore) { parent.moveBefore(node, ref); return; }
  const focused = node.contains(document.activeElement) ? document.activeElement : null;
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
  const node = parent.querySelector(`:scope > [data-key="${k}"]`);
  if (node) morph(node, fresh);
  const target = node || fresh;
  if (orderedKeys) {
    const i = orderedKeys.indexOf(String(k));
    const nextKey = orderedKeys[i + 1];
    const ref = nextKey !== undefined ? parent.querySelector(`:scope > [data-key="${nextKey}"]`) : null;
    if (!node || target.nextElementSibling !== ref) place(parent, target, ref);
  } else if (!node) parent.append(target);
  return target;
}

export function remove(parent, k) {
  const node = parent.querySelector(`:scope > [data-key="${k}"]`);
  if (node) node.remove();
}

// -- words ------------------------------------------------------------------
const lang = document.documentElement.lang || "fr";
const pluralRules = new Intl.PluralRules(lang);

/** One of the server's ngettext forms ({one, other}, with %(num)d) chosen by the language's rules. */
export function plural(forms, n, values = {}) {
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
