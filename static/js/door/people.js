// The door's list as the phone shows it: the copy on this phone with the actions not yet sent laid on top,
// searched as you type (no network needed), one keyed row per person morphed in place (a focused button
// keeps its focus), and the counters.
import { el, fill, morph, plural } from "../lib/dom.js";

const SHOWN = 60; // rows drawn at once; the search narrows the rest

const plain = (text) => (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
export const normaliseCode = (text) => (text || "").toUpperCase().replace(/[^A-Z0-9]/g, "");

/** The people as they will be once the queue is sent (as far as the phone can tell). */
export function withQueue(people, queue) {
  const byId = new Map(people.map((p) => [p.id, { ...p }]));
  const byCode = new Map([...byId.values()].map((p) => [p.code, p]));
  for (const action of queue) {
    if (action.kind === "walkin") {
      const d = action.data;
      byId.set(`new-${action.id}`, { id: `new-${action.id}`, first_name: d.first_name, last_name: d.last_name,
        organisation: d.organisation, status: "confirmed", arrived: true, walk_in: true, pending: true, code: "" });
      continue;
    }
    const person = action.registration_id != null ? byId.get(action.registration_id) : byCode.get(normaliseCode(action.code).slice(0, 10));
    if (!person) continue;
    person.arrived = action.kind === "checkin";
    person.pending = true;
  }
  return [...byId.values()];
}

export function counts(people) {
  const confirmed = people.filter((p) => p.status === "confirmed");
  return { expected: confirmed.length, arrived: confirmed.filter((p) => p.arrived).length,
    walk_ins: confirmed.filter((p) => p.walk_in && p.arrived).length };
}

function matches(person, words) {
  const text = plain(`${person.first_name} ${person.last_name} ${person.organisation} ${person.code}`);
  return words.every((w) => text.includes(w));
}

function row(person, T) {
  const name = `${person.first_name} ${person.last_name}`;
  const who = el("p", {}, el("strong", { text: `${person.last_name} ${person.first_name}` }), el("br"),
    el("span", { class: "muted", text: person.organisation }),
    person.walk_in ? el("span", { class: "badge", text: ` · ${T.walk_in_mark}` }) : null);
  const parts = [who];
  if (person.status === "waitlisted") {
    parts.push(el("p", { class: "muted", text: fill(T.position, { n: person.position }) }));
  } else if (person.arrived) {
    parts.push(el("p", { class: "here" }, `✓ ${T.arrived}`,
      person.pending ? el("span", { class: "pending-mark", text: ` · ${T.pending_mark}` }) : null));
    if (typeof person.id === "number") {
      parts.push(el("button", { type: "button", class: "button small", data: { undo: person.id } }, T.undo,
        el("span", { class: "visually-hidden", text: ` ${fill(T.undo_name, { name })}` })));
    }
  } else {
    parts.push(el("button", { type: "button", class: "button primary", data: { checkin: person.id } },
      `${T.check_in} ${person.first_name}`, el("span", { class: "visually-hidden", text: ` ${person.last_name}` }),
      person.pending ? el("span", { class: "pending-mark", text: ` · ${T.pending_mark}` }) : null));
  }
  return el("li", { class: `card checkin-row${person.arrived ? " arrived" : ""}`, id: `r-${person.id}`,
    data: { key: person.id } }, ...parts);
}

/** Draw the rows matching ``query`` and the counters into ``box`` (morphed: focus and scroll stay); walk-ins
 *  the server refused are counted apart (``toCorrect``), never silently dropped. */
export function draw(box, people, query, T, { toCorrect = 0 } = {}) {
  const words = plain(query).split(/\s+/).filter(Boolean);
  const found = people.filter((p) => matches(p, words))
    .sort((a, b) => plain(`${a.last_name} ${a.first_name}`).localeCompare(plain(`${b.last_name} ${b.first_name}`)));
  const c = counts(people);
  const fresh = el("div", { id: box.id },
    el("ul", { class: "counters", id: "counters" },
      el("li", { text: plural(T.plurals.arrived, c.arrived, { total: c.expected }) }),
      el("li", { text: plural(T.plurals.walk_ins, c.walk_ins) }),
      toCorrect ? el("li", { class: "to-correct-count" }, el("a", { href: "#door-to-correct", text: plural(T.plurals.to_correct, toCorrect) })) : null),
    el("ul", { class: "plain-list checkin-list" },
      found.length ? found.slice(0, SHOWN).map((p) => row(p, T)) : el("li", { text: T.nobody })),
    found.length > SHOWN ? el("p", { class: "muted", text: plural(T.plurals.more, found.length - SHOWN) }) : null);
  fresh.setAttribute("aria-live", "polite");
  morph(box, fresh);
}
