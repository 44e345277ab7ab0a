// The walk-in form at the door: what it asks comes from the server's own rules (sent with the list, kept on
// the phone), checked here field by field before the network returns, so that what the server would refuse
// is said at once, next to its field, in the page's language. What is typed stays on the phone (a reload,
// a refusal) until it is sent.
import { el, fill } from "../lib/dom.js";

const PREFIX = "walkin-";
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const draftKey = (slug) => `forum-door-draft:${slug}`;

/** The form's values as the server takes them: the person's fields, then ``answers`` by question id. */
export function readWalkIn(form) {
  const data = new FormData(form);
  const out = { answers: {} };
  for (const name of new Set([...data.keys()].filter((key) => key.startsWith(PREFIX)).map((key) => key.slice(PREFIX.length)))) {
    const values = data.getAll(PREFIX + name).map((v) => (typeof v === "string" ? v.trim() : v));
    const field = form.elements[PREFIX + name];
    const many = field instanceof RadioNodeList ? [...field].some((f) => f.type === "checkbox") : field?.type === "checkbox" && name.startsWith("q_");
    if (name.startsWith("q_")) out.answers[name.slice(2)] = many ? values : values[0];
    else if (name !== "override_capacity" && name !== "csrf_token") out[name] = values[0];
  }
  out.override_capacity = data.has(`${PREFIX}override_capacity`);
  return out;
}

/** Put ``data`` (as readWalkIn gives it) back into the form. */
export function fillWalkIn(form, data) {
  const set = (name, value) => {
    const field = form.elements[PREFIX + name];
    if (!field) return;
    if (field instanceof RadioNodeList || field.type === "checkbox" || field.type === "radio") {
      const chosen = [].concat(value ?? []).map(String);
      for (const box of field instanceof RadioNodeList ? field : [field]) {
        box.checked = name === "override_capacity" ? value === true : chosen.includes(box.value);
      }
    } else field.value = value ?? "";
  };
  for (const [name, value] of Object.entries(data || {})) if (name !== "answers") set(name, value);
  for (const [id, value] of Object.entries(data?.answers || {})) set(`q_${id}`, value);
}

/** What the server would refuse, by field name: {name: message}. */
export function checkWalkIn(data, rules, T) {
  const errors = {};
  for (const rule of rules || []) {
    const value = rule.name.startsWith("q_") ? data.answers?.[rule.name.slice(2)] : data[rule.name];
    const values = [].concat(value ?? []).filter((v) => v !== "");
    if (!values.length) { if (rule.required) errors[rule.name] = T.required; continue; }
    if (rule.max && values.some((v) => v.length > rule.max)) errors[rule.name] = fill(T.too_long, { max: rule.max });
    else if (rule.kind === "email" && !EMAIL.test(values[0])) errors[rule.name] = T.bad_email;
    else if (rule.options && values.some((v) => !rule.options.some(([option]) => option === v))) errors[rule.name] = T.bad_choice;
  }
  return errors;
}

/** The element that holds a field (a fieldset for choices) and its error list. */
function holder(form, name) {
  const box = document.getElementById(PREFIX + name);
  if (!box || !form.contains(box)) return null;
  return box.tagName === "FIELDSET" || box.tagName === "UL" ? box.closest(".field") || box : box.closest(".field");
}

/** Show ``errors`` ({name: message}) next to their fields, clear the others; the first field with one gets focus. */
export function showErrors(form, errors, rules, { focus = true } = {}) {
  let first = null;
  for (const rule of rules || []) {
    const box = holder(form, rule.name);
    if (!box) continue;
    const message = errors[rule.name];
    const id = `${PREFIX}${rule.name}-error`;
    box.querySelector(`#${CSS.escape(id)}`)?.remove();
    box.classList.toggle("has-error", Boolean(message));
    const input = document.getElementById(PREFIX + rule.name);
    const control = input && /^(INPUT|SELECT|TEXTAREA)$/.test(input.tagName) ? input : box.querySelector("input, select, textarea");
    const described = (control?.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id);
    if (message) {
      box.append(el("ul", { class: "errors", id }, el("li", { text: message })));
      described.push(id);
      first ||= control;
    }
    if (control) {
      if (described.length) control.setAttribute("aria-describedby", described.join(" ")); else control.removeAttribute("aria-describedby");
      control.setAttribute("aria-invalid", message ? "true" : "false");
    }
  }
  if (focus && first) first.focus();
  return first;
}

/** The bulletin's questions the door asks, drawn from the rules when the page on the phone lacks one
 *  (questions added since the page was kept); the server's page draws them the same way. */
export function syncQuestions(form, rules, T) {
  const box = form.querySelector("#walkin-questions");
  if (!box) return;
  const kept = readWalkIn(form);
  const wanted = (rules || []).filter((rule) => rule.name.startsWith("q_"));
  const present = [...box.querySelectorAll(":scope > .field")].map((node) => node.dataset.name || node.querySelector("[id^='walkin-q_']")?.id.slice(PREFIX.length).replace(/-\d+$/, ""));
  if (present.join() === wanted.map((r) => r.name).join()) return;
  box.replaceChildren(...wanted.map((rule) => questionField(rule, T)));
  fillWalkIn(form, { answers: kept.answers });
}

function questionField(rule, T) {
  const id = PREFIX + rule.name;
  const label = rule.required ? rule.label : `${rule.label} (${T.optional})`;
  if (rule.options) {
    const type = rule.kind === "choices" ? "checkbox" : "radio";
    return el("fieldset", { class: "field choices", id, data: { name: rule.name } }, el("legend", { text: label }),
      rule.options.map(([value, text], i) => el("label", { class: "check" },
        el("input", { type, name: id, id: `${id}-${i}`, value }), ` ${text}`)));
  }
  const input = rule.kind === "long_text" ? el("textarea", { id, name: id, rows: "3" }) : el("input", { id, name: id, type: "text" });
  return el("div", { class: "field", data: { name: rule.name } }, el("label", { for: id, text: label }), input);
}

/** What was being typed, kept on the phone until sent (forgotten on signing out with the rest). */
export const walkInDraft = {
  load(slug) { try { return JSON.parse(localStorage.getItem(draftKey(slug)) || "null"); } catch { return null; } },
  save(slug, data) { try { localStorage.setItem(draftKey(slug), JSON.stringify(data)); } catch { /* full or private */ } },
  clear(slug) { localStorage.removeItem(draftKey(slug)); },
  forgetAll() { for (const key of Object.keys(localStorage)) if (key.startsWith("forum-door-draft:")) localStorage.removeItem(key); },
};
