//# allFunctionsCalledOnLoad
// The facilitation view's own parts: the phase, every workshop at a glance (a row each, updated alone),
// who is in a workshop, naming its rapporteur, deleting it, merging and placing topics.
import { openDialog } from "./dialog.js";
import { T, count, el, fill, fillInSteps, localClock, placeKeyed, upsert } from "./dom.js";
import { rapporteurPicker } from "./picker.js";
import { current, moved, reported, slides } from "./slides.js";

export function organiserView(ctx) {
  const { board } = ctx;
  const people = {}; // workshop id -> who is in it, for the lists opened
  const open = new Set();
  const names = Object.fromEntries([...document.getElementById("people").options].map((o) => [o.value, o.text]));
  const picker = rapporteurPicker(ctx, ctx.dialog, names);

  /** Someone named rapporteur whom this page did not know (registered since): their name, asked once. */
  let askingNames = false;
  async function learnNames() {
    if (askingNames) return;
    askingNames = true;
    try {
      const ack = await ctx.ask("people.list", {});
      if (ack.ok) for (const p of ack.people) names[p.registration_id] = p.organisation ? `${p.name} (${p.organisation})` : p.name;
      renderActivity();
      for (const w of board.workshops.values()) {
        const node = document.getElementById(`workshop-${w.id}`);
        if (node && node.dataset.built) extras(node, w);
      }
    } catch (timeout) { /* the next change asks again */ } finally { askingNames = false; }
  }
  const unknownName = (w) => w && w.rapporteur_id && !(w.rapporteur_id in names);

  // -- the restitution on the projector ---------------------------------------
  const showBox = document.getElementById("show-controls");
  function renderShow() {
    const list = slides(board);
    const index = current(board, list);
    const now = document.getElementById("show-now");
    const play = document.getElementById("show-play");
    for (const id of ["show-prev", "show-next", "show-play"]) document.getElementById(id).disabled = !list.length;
    showBox.querySelector(".actions").hidden = !list.length; // nothing to show yet: its words only, no empty menu
    play.textContent = board.show.playing ? T.pause : T.play;
    play.setAttribute("aria-pressed", board.show.playing ? "true" : "false");
    if (index < 0) { now.textContent = T.no_synthesis_yet; return; }
    const slide = list[index];
    const pages = slide.pages > 1 ? ` · ${fill(T.page_of, { n: slide.page + 1, total: slide.pages })}` : "";
    now.textContent = `${T.on_screen} ${slide.workshop.title}${pages}${board.phase === "restitution" ? "" : ` (${T.when_restitution})`}`;
    const choose = document.getElementById("show-choose");
    const options = reported(board).map((w) => el("option", { value: String(w.id), text: w.title }));
    if (document.activeElement !== choose) { choose.replaceChildren(...options); choose.value = String(slide.workshop.id); }
  }
  function showAt(target, playing = board.show.playing) {
    if (target) ctx.send("restitution.show", { ...target, playing, interval: board.show.interval || 45 });
  }
  if (showBox) {
    showBox.addEventListener("click", (e) => {
      const button = e.target.closest("button");
      if (!button) return;
      if (button.id === "show-prev") showAt(moved(board, -1));
      if (button.id === "show-next") showAt(moved(board, +1));
      if (button.id === "show-play") showAt(moved(board, 0), !board.show.playing);
    });
    document.getElementById("show-choose").addEventListener("change", (e) => showAt({ workshop_id: Number(e.target.value), page: 0 }));
    setInterval(() => { if (board.show?.playing) renderShow(); }, 1000);
  }

  function renderPhase() {
    const select = document.getElementById("phase-select");
    if (!select.options.length) for (const [value, label] of T.phases) select.append(el("option", { value, text: label }));
    if (document.activeElement !== select) select.value = board.phase;
  }

  /** A workshop's row: built once, its texts set again when the workshop or its contributions change. */
  function row(w) {
    return fillRow(el("tr", { id: `activity-${w.id}`, data: { key: w.id } },
      el("th", { scope: "row" }, el("a", { href: `#workshop-${w.id}` }), el("span", { class: "muted where" })),
      el("td"), el("td"), el("td"), el("td"), el("td"), el("td")), w);
  }

  function fillRow(tr, w) {
    const { posted, hidden, last } = board.tallyOf(w.id);
    const synthesis = board.syntheses.get(w.id);
    const space = board.spaceById.get(w.space_id), slot = board.slotById.get(w.slot_id);
    const [title, where] = tr.cells[0].children;
    const texts = [w.title, [space && space.name, slot && slot.label].filter(Boolean).join(" · "), `${w.members} / ${w.capacity}`,
      hidden ? `${posted - hidden} (+${count("hidden", hidden)})` : String(posted), String(board.pointsCount(w.id)),
      synthesis && synthesis.published ? T.published : synthesis && synthesis.text ? T.draft : "—",
      w.rapporteur_id ? names[w.rapporteur_id] || "" : T.to_name, last ? localClock(last) : "—"];
    const before = shown.get(tr) || [];
    const nodes = [title, where, ...[...tr.cells].slice(1)];
    for (let i = 0; i < texts.length; i++) if (before[i] !== texts[i]) nodes[i].textContent = texts[i];
    shown.set(tr, texts);
    return tr;
  }
  const shown = new WeakMap(); // row -> the texts it shows (set again only when they change)

  const collator = new Intl.Collator(document.documentElement.lang || "fr");
  let ordered = null; // the rows' keys in order, until a workshop or the setup changes
  function order() {
    const slots = new Map(board.slots.map((s, i) => [s.id, i]));
    return [...board.workshops.values()].sort((a, b) => ((slots.get(a.slot_id) ?? -1) - (slots.get(b.slot_id) ?? -1)) || collator.compare(a.title, b.title));
  }
  function orderedKeys() {
    if (!ordered) ordered = order().map((x) => String(x.id));
    return ordered;
  }

  function renderActivity() {
    const box = document.getElementById("activity");
    const list = order();
    ordered = list.map((w) => String(w.id)); // kept for the rows' updates until a workshop changes
    if (!list.length) { box.replaceChildren(el("p", { class: "muted", text: T.no_workshops_yet })); return; }
    let body = box.querySelector("tbody");
    if (!body) {
      body = el("tbody", {});
      box.replaceChildren(el("table", { class: "activity", "aria-labelledby": "activity-title" },
        el("thead", {}, el("tr", {}, [T.workshop, T.people, T.contributions, T.points_short, T.synthesis, T.rapporteur, T.last_post]
          .map((label) => el("th", { scope: "col", text: label })))), body));
    }
    if (!body.children.length) { fillInSteps(body, order, (w) => w.id, row); return; } // the first screen's rows first
    for (const child of [...body.children]) if (!ordered.includes(child.dataset.key)) child.remove();
    for (const w of list) upsert(body, w.id, row(w), ordered);
  }

  function updateRow(wid) {
    const body = document.querySelector("#activity tbody");
    const w = board.workshops.get(wid);
    if (!body || !w) { renderActivity(); return; }
    const tr = document.getElementById(`activity-${wid}`);
    if (!tr || tr.parentNode !== body) { upsert(body, wid, row(w), orderedKeys()); return; }
    placeKeyed(body, fillRow(tr, w), wid, orderedKeys()); // a workshop moved to another slot moves
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

  // -- the phase, topics dragged onto the grid, merging and placing a topic ----------------------
  const root = document.getElementById("board");
  document.getElementById("phase-select").addEventListener("change", (e) => ctx.send("phase.set", { phase: e.target.value }));
  root.addEventListener("dragstart", (e) => {
    const topic = e.target.closest && e.target.closest("[data-topic]");
    if (topic) e.dataTransfer.setData("text/x-topic", topic.dataset.topic);
  });
  root.addEventListener("dragover", (e) => {
    if (e.target.closest && e.target.closest("li.cell.empty")) e.preventDefault();
  });
  root.addEventListener("drop", (e) => {
    const cell = e.target.closest && e.target.closest("li.cell.empty");
    const topicId = Number(e.dataTransfer.getData("text/x-topic"));
    if (!cell || !topicId) return;
    e.preventDefault();
    ctx.send("topic.schedule", { topic_id: topicId, slot_id: Number(cell.dataset.slot), space_id: Number(cell.dataset.space) });
  });

  /** Merge a topic into another, or place it in a free cell of the grid, chosen in the dialog. */
  function chooseFor(topicId, what, opener) {
    const t = board.topics.get(topicId);
    const select = el("select", { id: "topic-dialog-choice" });
    if (what === "merge") {
      for (const o of board.topics.values()) if (o.id !== topicId && o.status === "proposed") select.append(el("option", { value: o.id, text: o.title }));
    } else {
      for (const slot of board.slots) for (const space of board.spaces) {
        if (!board.cellOf(slot.id, space.id)) select.append(el("option", { value: `${slot.id}:${space.id}`, text: `${slot.label} · ${space.name}` }));
      }
    }
    openDialog(ctx.dialog, {
      title: fill(what === "merge" ? T.merge_title : T.place_title, { title: t.title }), opener,
      okLabel: what === "merge" ? T.merge : T.place, okDisabled: !select.options.length,
      body: [el("label", { for: select.id, text: what === "merge" ? T.merge_into : T.cell }), select,
        select.options.length ? null : el("p", { class: "muted", text: T.nothing_to_choose })],
      ok() {
        if (what === "merge") ctx.send("topic.merge", { topic_id: topicId, into_id: Number(select.value) });
        else { const [slot, space] = select.value.split(":").map(Number); ctx.send("topic.schedule", { topic_id: topicId, slot_id: slot, space_id: space }); }
      },
      // the topic's own button is gone once it is merged or placed: the topics' heading takes the focus
      after: () => document.getElementById(opener.id) || document.getElementById("questions-title"),
    });
  }

  return {
    chooseFor,
    extras,
    names,
    picker,
    render() {
      renderPhase(); renderActivity(); renderShow();
      if ([...board.workshops.values()].some(unknownName)) learnNames();
    },
    update(what) {
      if (["show", "phase", "point", "synthesis", "workshop", "workshop.deleted", "setup"].includes(what.kind)) renderShow();
      if (what.kind === "workshop" && unknownName(board.workshops.get(what.id))) learnNames();
      if (what.kind === "phase") renderPhase();
      else if (what.kind === "setup" || what.kind === "workshop.deleted") renderActivity();
      else if (what.kind === "workshop") { ordered = null; updateRow(what.id); if (what.before === undefined) renderActivity(); }
      else if (what.kind === "members") {
        updateRow(what.id);
        delete people[what.id];
        if (open.has(what.id)) askPeople(what.id);
        picker.membersChanged(what.id);
        const node = document.getElementById(`workshop-${what.id}`);
        if (node) extras(node, board.workshops.get(what.id));
      } else if (what.kind === "contribution" || what.kind === "point") updateRow(what.workshop_id);
      else if (what.kind === "synthesis") updateRow(what.id);
    },
  };
}
