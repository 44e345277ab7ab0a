// The projector: read-only, follows the changes by itself. Before the restitution, the grid with each
// workshop's people and the topics most voted for; in the restitution, one workshop (one page of it) at a
// time, its points and its whole synthesis, where the facilitation view says, moving on by itself while
// the show plays. Every box's type is fitted to its space: nothing is cut, nothing leaves its box.
import { connect } from "./connection.js";
import { T, clock, count, el, fill, pollBars } from "./dom.js";
import { current, reported, slides } from "./slides.js";
import { Board } from "./state.js";

/** The topics the screen lists, the most voted for first (the others are counted under them). */
const SHOWN_TOPICS = 8;

const root = document.getElementById("board");
const auth = { event: root.dataset.event, screen: root.dataset.screen };
const board = new Board();
let loaded = false, pending = false, shown = -1;
let pollShown = null; // the poll on the screen: opened, it comes; closed, its results stay until something else comes

function followPoll(what) {
  const p = board.polls.get(what.id);
  if (!p) { if (pollShown === what.id) pollShown = null; return; }
  if (p.status === "open") pollShown = p.id;
  if (p.status === "draft" && pollShown === p.id) pollShown = null;
}

connect({
  auth, storageKey: `${auth.event}:screen`,
  onSnapshot(snapshot) {
    board.load(snapshot);
    loaded = true;
    pollShown = [...board.polls.values()].filter((p) => p.status === "open").map((p) => p.id).pop() ?? null;
    draw();
  },
  onChange(change) {
    if (!loaded) return;
    const what = board.apply(change);
    if (what.kind === "gap") { location.reload(); return; }
    if (what.kind === "poll") followPoll(what);
    if (what.kind === "item" && board.items.get(what.id)?.on_screen) pollShown = null; // a question takes the screen
    if (what.kind !== "old" && what.kind !== "contribution") draw();
  },
  onAck() {},
});

function draw() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; render(); });
}

// while the show plays, the page changes with the clock
setInterval(() => { if (loaded && board.phase === "restitution" && current(board, slides(board)) !== shown) draw(); }, 1000);
window.addEventListener("resize", draw);

const overflows = (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

/** The largest type (in vh, between ``min`` and ``max``) at which ``box`` holds its content. */
function fit(box, max, min) {
  let low = min, high = max;
  box.style.fontSize = `${max}vh`;
  if (!overflows(box)) return;
  for (let i = 0; i < 8; i++) {
    const size = (low + high) / 2;
    box.style.fontSize = `${size}vh`;
    if (overflows(box)) high = size; else low = size;
  }
  box.style.fontSize = `${low}vh`;
}

function render() {
  document.getElementById("phase").textContent = (T.phases.find(([v]) => v === board.phase) || [0, board.phase])[1];
  document.body.dataset.phase = board.phase;
  const plenary = plenaryOnStage();
  document.body.dataset.mode = plenary ? "plenary" : board.phase === "restitution" ? "restitution" : "marketplace";
  if (plenary) renderPlenary(plenary);
  else if (board.phase === "restitution") renderShow(); else renderMarketplace();
}

/** What of the plenary takes the screen: a poll opened (then its results), a question put on the screen,
 *  or an item open for questions (its questions most supported); null when none. */
function plenaryOnStage() {
  const poll = pollShown !== null && board.polls.get(pollShown);
  if (poll) return { poll, item: board.items.get(poll.item_id) };
  const items = [...board.items.values()];
  const onScreen = items.find((i) => i.on_screen && board.roomQuestions.get(i.on_screen));
  if (onScreen) return { item: onScreen, question: board.roomQuestions.get(onScreen.on_screen) };
  const asking = items.find((i) => i.questions_open);
  return asking ? { item: asking } : null;
}

function renderPlenary({ item, poll, question }) {
  const set = (id, text) => { document.getElementById(id).textContent = text; };
  set("plenary-where", item ? `${T.kinds[item.kind] || ""} · ${clock(item.starts_at)} – ${clock(item.ends_at)}` : "\u00a0");
  const main = document.getElementById("plenary-main");
  if (poll) {
    set("plenary-show-title", `${T.poll_on_screen} · ${poll.question}`);
    main.replaceChildren(el("p", { class: "now-meta", text: `${T.poll_status[poll.status]} · ${count("answers", poll.answers)}` }),
      pollBars(poll, { id: "screen-poll" }, el("p", { class: "empty-note", id: "screen-poll-waiting", text: fill(T.poll_too_few, { n: 5 }) })));
    fit(main, 4, 2.6);
    return;
  }
  set("plenary-show-title", item.title);
  const next = board.questionsOf(item.id).filter((q) => q.status === "open").slice(0, question ? 3 : 5);
  main.replaceChildren(...[
    question ? el("p", { class: "now-question", id: "screen-question", text: question.text }) : null,
    question ? el("p", { class: "now-meta" }, question.author || T.anonymous, " · ", count("supports", question.supports)) : null,
    next.length ? el("h3", { class: "next-title", text: question ? T.next_questions : T.room_questions }) : null,
    next.length ? el("ol", { class: "next-questions" }, next.map((q) => el("li", {}, el("span", { text: q.text }), " ",
      el("span", { class: "t-votes", text: count("supports", q.supports) })))) : null,
    !question && !next.length ? el("p", { class: "empty-note", text: T.ask_on_your_phone }) : null].filter(Boolean));
  fit(main, 4, 2.6);
}

function renderMarketplace() {
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
  const grid = document.getElementById("grid");
  grid.replaceChildren(board.slots.length && board.spaces.length ? table : el("p", { class: "empty-note", text: T.no_grid_yet }));
  const proposed = [...board.topics.values()].filter((t) => t.status === "proposed");
  const topics = proposed.sort((a, b) => b.votes - a.votes || a.id - b.id).slice(0, SHOWN_TOPICS);
  document.getElementById("topics").replaceChildren(...topics.map((t) =>
    el("li", {}, el("span", { class: "t-title", text: t.title }), " ", el("span", { class: "t-votes", text: count("votes", t.votes) }))));
  document.getElementById("topics").hidden = !topics.length;
  document.getElementById("no-topics").hidden = Boolean(topics.length);
  const more = document.getElementById("more-topics"); // the room knows the list goes on, on the phones
  more.hidden = proposed.length <= topics.length;
  more.textContent = more.hidden ? "" : count("more_topics", proposed.length - topics.length);
  fit(grid, 3.2, 1.6);
  fit(document.getElementById("topics-box"), 3.2, 2.6);
}

function renderShow() {
  const list = slides(board);
  shown = current(board, list);
  const body = document.getElementById("show-body");
  const set = (id, text) => { document.getElementById(id).textContent = text; };
  if (shown < 0) {
    set("show-where", "\u00a0");
    set("show-count", "\u00a0");
    set("show-title", T.restitution);
    body.replaceChildren(el("p", { class: "empty-note", text: T.no_synthesis_yet }));
    fit(body, 3.4, 2.6);
    return;
  }
  const slide = list[shown];
  const w = slide.workshop;
  const workshops = reported(board);
  const space = board.spaceById.get(w.space_id), slot = board.slotById.get(w.slot_id);
  set("show-where", [space && space.name, slot && `${slot.label} · ${clock(slot.starts_at)}`].filter(Boolean).join(" · ") || "\u00a0");
  const position = fill(T.workshop_of, { n: workshops.indexOf(w) + 1, total: workshops.length });
  set("show-count", slide.pages > 1 ? `${position} · ${fill(T.page_of, { n: slide.page + 1, total: slide.pages })}` : position);
  set("show-title", w.title);
  const { points, paragraphs } = slide.content;
  const synthesis = board.syntheses.get(w.id);
  const last = slide.page === slide.pages - 1;
  body.replaceChildren(...[
    points.length ? el("h3", { text: points[0].n === 1 ? T.points : `${T.points} (${T.continued})` }) : null,
    points.length ? el("ol", { class: "show-points", start: String(points[0].n) }, points.map((p) => el("li", { text: p.text }))) : null,
    paragraphs.length ? el("h3", { text: T.synthesis }) : null,
    ...paragraphs.map((text) => el("p", { text })),
    last && !synthesis?.published ? el("p", { class: "empty-note", text: T.synthesis_not_published }) : null].filter(Boolean));
  fit(body, 4, 2.6);
}
