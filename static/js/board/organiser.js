// The facilitation view's own parts: the phase, every workshop at a glance (a row each, updated alone),
// who is in a workshop, naming its rapporteur, deleting it, merging and placing topics.
import { T, el, fill, localClock, upsert } from "./dom.js";

export function organiserView(ctx) {
  const { board } = ctx;
  const people = {}; // workshop id -> who is in it, for the lists opened
  const open = new Set();
  const names = Object.fromEntries([...document.getElementById("people").options].map((o) => [o.value, o.text]));

  function renderPhase() {
    const select = document.getElementById("phase-select");
    if (!select.options.length) for (const [value, label] of T.phases) select.append(el("option", { value, text: label }));
    if (document.activeElement !== select) select.value = board.phase;
  }

  function row(w) {
    const posted = board.contributionsOf(w.id);
    const hidden = posted.filter((c) => c.hidden).length;
    const last = posted.reduce((latest, c) => (c.created_at > latest ? c.created_at : latest), "");
    const synthesis = board.syntheses.get(w.id);
    const space = board.spaceById.get(w.space_id), slot = board.slotById.get(w.slot_id);
    return el("tr", { id: `activity-${w.id}`, data: { key: w.id } },
      el("th", { scope: "row" }, el("a", { href: `#workshop-${w.id}`, text: w.title }),
        el("span", { class: "muted where", text: [space && space.name, slot && slot.label].filter(Boolean).join(" · ") })),
      el("td", { text: `${w.members} / ${w.capacity}` }),
      el("td", { text: hidden ? `${posted.length - hidden} (+${hidden} ${T.hidden})` : String(posted.length) }),
      el("td", { text: String(board.pointsOf(w.id).length) }),
      el("td", { text: synthesis && synthesis.published ? T.published : synthesis && synthesis.text ? T.draft : "—" }),
      el("td", { text: w.rapporteur_id ? names[w.rapporteur_id] || "" : T.to_name }),
      el("td", { text: last ? localClock(last) : "—" }));
  }

  function order() {
    const slots = new Map(board.slots.map((s, i) => [s.id, i]));
    return [...board.workshops.values()].sort((a, b) => (slots.get(a.slot_id) - slots.get(b.slot_id)) || a.title.localeCompare(b.title));
  }

  function renderActivity() {
    const box = document.getElementById("activity");
    const list = order();
    if (!list.length) { box.replaceChildren(el("p", { class: "muted", text: T.no_workshops_yet })); return; }
    let body = box.querySelector("tbody");
    if (!body) {
      body = el("tbody", {});
      box.replaceChildren(el("table", { class: "activity", "aria-labelledby": "activity-title" },
        el("thead", {}, el("tr", {}, [T.workshop, T.people, T.contributions, T.points_short, T.synthesis, T.rapporteur, T.last_post]
          .map((label) => el("th", { scope: "col", text: label })))), body));
    }
    const keys = list.map((w) => String(w.id));
    for (const child of [...body.children]) if (!keys.includes(child.dataset.key)) child.remove();
    for (const w of list) upsert(body, w.id, row(w), keys);
  }

  function updateRow(wid) {
    const body = document.querySelector("#activity tbody");
    const w = board.workshops.get(wid);
    if (!body || !w) { renderActivity(); return; }
    upsert(body, wid, row(w), order().map((x) => String(x.id)));
  }

  // -- in each workshop's panel --------------------------------------------
  function extras(node, w) {
    const box = node.querySelector(".extras");
    let part = box.querySelector(".organiser-tools");
    if (!part) {
      part = el("div", { class: "organiser-tools" },
        el("details", { class: "people", id: `people-${w.id}`, data: { workshop: w.id } }, el("summary", {}), el("div", { class: "people-list" })),
        el("p", { class: "actions" }, el("span", { class: "rapporteur-name" }),
          el("button", { type: "button", class: "button small", id: `rapporteur-${w.id}`, data: { action: "rapporteur", id: w.id } },
            T.name_rapporteur, el("span", { class: "visually-hidden", text: fill(T.of_workshop, { title: w.title }) }))),
        el("p", { class: "actions" }, el("button", { type: "button", class: "button small danger", id: `delete-workshop-${w.id}`,
          data: { action: "delete-workshop", id: w.id } }, T.delete_workshop,
        el("span", { class: "visually-hidden", text: fill(T.the_workshop, { title: w.title }) }))));
      box.append(part);
    }
    part.querySelector(".rapporteur-name").textContent = `${T.rapporteur} : ${w.rapporteur_id ? names[w.rapporteur_id] || "" : T.to_name} `;
    part.querySelector("summary").textContent = `${T.who_joined} (${w.members})`;
    const list = part.querySelector(".people-list");
    const who = people[w.id];
    list.replaceChildren(who === undefined ? "" : who.length
      ? el("ol", {}, who.map((p) => el("li", { text: p.organisation ? `${p.name} · ${p.organisation}` : p.name })))
      : el("p", { class: "muted", text: T.nobody_yet }));
  }

  const asking = new Set(), askAgain = new Set();
  function askPeople(wid) {
    if (asking.has(wid)) { askAgain.add(wid); return; }
    asking.add(wid);
    setTimeout(async () => { // joins come in bursts: one question for the burst
      let ack = null;
      try { ack = await ctx.ask("workshop.people", { workshop_id: wid }); } catch (timeout) { /* asked again below */ }
      asking.delete(wid);
      if (ack && ack.ok) {
        people[wid] = ack.people;
        const node = document.getElementById(`workshop-${wid}`);
        if (node && board.workshops.get(wid)) extras(node, board.workshops.get(wid));
      }
      if (askAgain.delete(wid) || (!ack && open.has(wid))) askPeople(wid);
    }, 300);
  }

  document.addEventListener("toggle", (e) => {
    const details = e.target;
    if (!details.matches || !details.matches("details.people")) return;
    const wid = Number(details.dataset.workshop);
    if (details.open) { open.add(wid); if (!people[wid]) askPeople(wid); } else open.delete(wid);
  }, true);

  return {
    extras,
    names,
    render() { renderPhase(); renderActivity(); },
    update(what) {
      if (what.kind === "phase") renderPhase();
      else if (what.kind === "setup" || what.kind === "workshop.deleted") renderActivity();
      else if (what.kind === "workshop") { updateRow(what.id); if (what.before === undefined) renderActivity(); }
      else if (what.kind === "members") {
        updateRow(what.id);
        delete people[what.id];
        if (open.has(what.id)) askPeople(what.id);
        const node = document.getElementById(`workshop-${what.id}`);
        if (node) extras(node, board.workshops.get(what.id));
      } else if (what.kind === "contribution" || what.kind === "point") updateRow(what.workshop_id);
      else if (what.kind === "synthesis") updateRow(what.id);
    },
  };
}
