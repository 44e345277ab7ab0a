// The projector: read-only, follows the changes by itself; the grid with each workshop's people,
// the topics most voted for, the published syntheses. Drawn again (once per frame) when they change.
import { connect } from "./connection.js";
import { T, clock, count, el } from "./dom.js";
import { Board } from "./state.js";

const root = document.getElementById("board");
const auth = { event: root.dataset.event, screen: root.dataset.screen };
const board = new Board();
let loaded = false, pending = false;

connect({
  auth, storageKey: `${auth.event}:screen`,
  onSnapshot(snapshot) { board.load(snapshot); loaded = true; draw(); },
  onChange(change) {
    if (!loaded) return;
    const what = board.apply(change);
    if (what.kind === "gap") { location.reload(); return; }
    if (what.kind !== "old" && what.kind !== "contribution") draw();
  },
  onAck() {},
});

function draw() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; render(); });
}

function render() {
  document.getElementById("phase").textContent = (T.phases.find(([v]) => v === board.phase) || [0, board.phase])[1];
  document.body.dataset.phase = board.phase;
  const table = el("table", { class: "screen-cells" },
    el("thead", {}, el("tr", {}, el("td", {}), board.spaces.map((s) => el("th", { scope: "col", text: s.name })))),
    el("tbody", {}, board.slots.map((slot) => el("tr", {},
      el("th", { scope: "row" }, slot.label, el("br"), el("span", { class: "when", text: `${clock(slot.starts_at)} – ${clock(slot.ends_at)}` })),
      board.spaces.map((space) => {
        const w = board.cellOf(slot.id, space.id);
        return w ? el("td", { class: "taken" }, el("span", { class: "w-title", text: w.title }),
          el("span", { class: "w-people", text: `${count("people", w.members)} / ${w.capacity}` }))
          : el("td", { class: "free", text: T.empty_cell });
      })))));
  document.getElementById("grid").replaceChildren(table);
  const topics = [...board.topics.values()].filter((t) => t.status === "proposed")
    .sort((a, b) => b.votes - a.votes || a.id - b.id).slice(0, 8);
  document.getElementById("topics").replaceChildren(...(topics.length ? [] : [el("li", { class: "empty-note", text: T.no_topic_yet })]), ...topics.map((t) =>
    el("li", {}, el("span", { class: "t-title", text: t.title }), el("span", { class: "t-votes", text: count("votes", t.votes) }))));
  const published = [...board.syntheses.values()].filter((s) => s.published && board.workshops.get(s.workshop_id));
  document.getElementById("syntheses").replaceChildren(...(published.length ? published.map((s) =>
    el("article", { class: "synthesis" }, el("h3", { text: board.workshops.get(s.workshop_id).title }), el("p", { text: s.text })))
    : [el("p", { class: "empty-note", text: T.no_synthesis_yet })]));
}
