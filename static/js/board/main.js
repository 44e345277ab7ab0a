//# allFunctionsCalledOnLoad
// The live board's page: wires the connection, the state and the views of this person's role.
// Every change updates only the element it concerns; forms are never rebuilt; drafts are kept.
import { announce } from "./announce.js";
import { connect } from "./connection.js";
import { T, el, fill, localClock, uuid } from "./dom.js";
import { drafts as draftStore } from "./drafts.js";
import { gridView } from "./grid.js";
import { plenaryView } from "./plenary.js";
import { resourcesView } from "./resources.js";
import { restitutionView } from "./restitution.js";
import { Board } from "./state.js";
import { topicsView } from "./topics.js";
import { workshopsView } from "./workshops.js";

const root = document.getElementById("board");
const mode = root.dataset.mode; // participant or organiser
const auth = { event: root.dataset.event };
if (root.dataset.token) auth.token = root.dataset.token;
const storageKey = `${auth.event}:${auth.token || mode}`;
// the facilitation view's own module: only organisers load it (its page preloads it)
const { organiserView } = mode === "organiser" ? await import("./organiser.js") : {};

const board = new Board();
const ctx = { board, mode, drafts: draftStore(storageKey) };
let loaded = false;

const conn = connect({ auth, storageKey, onSnapshot: load, onChange: change, onAck: acknowledged });
ctx.ask = conn.ask;
ctx.send = conn.send;
ctx.pending = conn.pending;
ctx.connected = () => conn.socket.connected;
const send = conn.send;

ctx.dialog = el("dialog", { id: "topic-dialog", "aria-labelledby": "topic-dialog-title" });
document.body.append(ctx.dialog);
const topics = topicsView(ctx);
const grid = gridView(ctx);
const organiser = mode === "organiser" ? organiserView(ctx) : null;
if (organiser) ctx.extras = organiser.extras;
const workshops = workshopsView(ctx);
const restitution = restitutionView(ctx);
const plenary = plenaryView(ctx);
const resources = resourcesView(ctx);
const views = [restitution, plenary, topics, grid, workshops, organiser, resources].filter(Boolean);

// -- state in, views out ------------------------------------------------------
// User Timing: "board:snapshot" (snapshot to views drawn) and "board:change" (one change applied), read by make bench
function load(snapshot) {
  const start = performance.now();
  const wasRapporteur = loaded ? [...board.me.rapporteur_of] : null;
  board.load(snapshot);
  loaded = true;
  if (!wasRapporteur) markPainted(start);
  showPhase();
  for (const view of views) view.render();
  root.dataset.loaded = "1";
  if (wasRapporteur) {
    for (const wid of board.me.rapporteur_of) if (!wasRapporteur.includes(wid)) named(wid);
  } else {
    showCalledWorkshop();
  }
  performance.measure("board:snapshot", { start });
}

/** A workshop's QR code on the wall opens the board at that workshop (?workshop=ID): its cell in view and marked,
 * its Join button focused, so that one tap joins it. Once: a reload does not call it again. */
function showCalledWorkshop() {
  const id = Number(new URLSearchParams(location.search).get("workshop"));
  if (!id || !board.workshops.get(id)) return;
  const cell = document.querySelector(`li.cell[data-workshop="${id}"]`);
  const button = document.getElementById(`join-${id}`);
  cell?.classList.add("called");
  (cell || button)?.scrollIntoView({ block: "center" });
  button?.focus();
  history.replaceState(null, "", location.pathname);
}

/**
 * "board:painted": when the frame with the first snapshot was on screen (the start time of the frame after
 * it, which the compositor begins once that one is presented); "board:ready": the first task after that
 * frame (asked before the views ask for theirs: long lists go on after it).
 */
function markPainted(start) {
  requestAnimationFrame(() => {
    requestAnimationFrame((next) => performance.measure("board:painted", { start, end: Math.max(start, next) }));
    setTimeout(() => performance.measure("board:ready", { start }));
  });
}

function change(c) {
  if (!loaded) return;
  const start = performance.now();
  applyChange(c);
  performance.measure("board:change", { start, detail: c.type });
}

function applyChange(c) {
  const what = board.apply(c);
  if (what.kind === "old" || what.kind === "unknown") return;
  if (what.kind === "gap") { catchUp(); return; }
  if (what.kind === "phase") { showPhase(); announce(fill(T.phase_now, { phase: phaseName(board.phase) }), { visible: true }); }
  for (const view of views) view.update(what);
  if (what.kind === "workshop" && what.rapporteur === "named") named(what.id);
  if (what.kind === "workshop" && what.rapporteur === "unnamed") {
    announce(fill(T.no_longer_rapporteur, { title: board.workshops.get(what.id).title }), { visible: true });
  }
  if (what.kind === "workshop.deleted" && what.before && mode === "participant") {
    announce(fill(T.workshop_deleted, { title: what.before.title }), { visible: true });
  }
}

function named(wid) {
  const w = board.workshops.get(wid);
  announce(fill(T.now_rapporteur, { title: w ? w.title : "" }), { visible: true });
}

let catching = false;
async function catchUp() {
  if (catching) return;
  catching = true;
  try {
    const ack = await conn.ask("resume", { since: board.seq });
    if (ack.ok) ack.changes.forEach(applyChange);
    else await resync();
  } catch (timeout) { /* the next change or the reconnection catches up */ }
  finally { catching = false; }
}

async function resync() {
  try {
    const reply = await conn.ask("snapshot", {});
    if (reply.ok) load(reply.snapshot);
  } catch (timeout) { /* the reconnection sends a snapshot */ }
}

const phaseName = (phase) => (T.phases.find(([value]) => value === phase) || [phase, phase])[1];

/** What the phase allows: forms it does not allow are not offered (their drafts stay). */
function showPhase() {
  document.getElementById("phase").textContent = phaseName(board.phase);
  root.dataset.phase = board.phase;
  const closed = board.phase === "closed" || (board.phase === "setup" && !board.isOrganiser);
  root.classList.toggle("no-writes", closed);
  const note = document.getElementById("phase-note");
  note.textContent = !closed ? "" : board.phase === "setup" ? T.not_open_yet : T.board_closed;
  note.hidden = !closed;
}

// -- writes ---------------------------------------------------------------------
/** Send what a field holds: the field is emptied, the text waits in the outbox and comes back on a refusal. */
function sendText(event, data, field, errorId) {
  const input = document.querySelector(`[data-draft="${field}"]`);
  send(event, data, { draft: field, text: input ? input.value : "", error: errorId });
  if (input) input.value = "";
  ctx.drafts.clear(field);
}

/** A contribution the server has: on the board at once (its change may come after the ack), its waiting copy gone. */
function posted(item, ack) {
  const c = ack.ok && ack.contribution;
  if (c && !board.contributions.has(c.id)) {
    board.contributions.set(c.id, c);
    board.index(c);
    for (const view of views) view.update({ kind: "contribution", id: c.id, workshop_id: c.workshop_id, isNew: true });
  }
  if (c) board.posted.add(item.data.client_id);
  workshops.drawPending(item.data.workshop_id);
}

function acknowledged(item, ack) {
  const meta = item.meta || {};
  if (item.event === "contribution.post" && loaded) posted(item, ack);
  if (item.event === "room_question.ask" && loaded && plenary) plenary.asked(item, ack);
  if (ack.ok) {
    if (meta.autosave) {
      const field = document.querySelector(`[data-draft="synthesis-${meta.autosave}"]`);
      if (field && field.value === item.data.text) ctx.drafts.clear(`synthesis-${meta.autosave}`);
      const status = document.getElementById(`synthesis-status-${meta.autosave}`);
      if (status) status.textContent = fill(T.saved_at, { time: localClock() });
    }
    if (item.event === "contribution.hide") {
      announce(T.contribution_hidden, { visible: true, action: { label: T.undo, run: () => send("contribution.show", { contribution_id: item.data.contribution_id }) } });
    }
    return;
  }
  const error = ack.error;
  if (item.event === "workshop.delete" && error.code === "invalid" && error.fields && error.fields.confirmed) {
    if (window.confirm(error.fields.confirmed.join(" "))) send("workshop.delete", { ...item.data, confirmed: true });
    return;
  }
  if (meta.draft && meta.text) giveBack(meta.draft, meta.text);
  const message = [error.message, ...Object.values(error.fields || {}).flat()].join(" ");
  const place = meta.error && document.getElementById(meta.error);
  if (place) place.textContent = message;
  announce(`${T.error} ${message}`, { visible: true });
  resync(); // undo what was shown too early
}

/** A refused text goes back into its field (after what was typed since, if anything). */
function giveBack(field, text) {
  const input = document.querySelector(`[data-draft="${field}"]`);
  const current = input ? input.value : ctx.drafts.get(field) || "";
  const value = current && current !== text ? `${current}\n${text}` : text;
  if (input) input.value = value;
  ctx.drafts.set(field, value);
  if (input && input.closest("details")) input.closest("details").open = true;
}

// -- what people do -------------------------------------------------------------
const actions = {
  vote(id) {
    const t = board.topics.get(id);
    t.voted_by_me = !t.voted_by_me;
    t.votes += t.voted_by_me ? 1 : -1;
    topics.update({ kind: "topic", id });
    send("topic.vote", { topic_id: id, vote: t.voted_by_me });
  },
  join(id) {
    const w = board.workshops.get(id);
    const before = board.me.workshops.filter((wid) => board.workshops.get(wid) && board.workshops.get(wid).slot_id === w.slot_id);
    board.me.workshops = board.me.workshops.filter((wid) => !before.includes(wid)).concat(id);
    grid.updateSlot(w.slot_id);
    workshops.render();
    resources?.render();
    send("workshop.join", { workshop_id: id });
    announce(fill(T.you_joined, { title: w.title }));
  },
  leave(id) {
    const w = board.workshops.get(id);
    board.me.workshops = board.me.workshops.filter((wid) => wid !== id);
    grid.updateSlot(w.slot_id);
    workshops.render();
    resources?.render();
    send("workshop.leave", { workshop_id: id });
    announce(fill(T.you_left, { title: w.title }));
  },
  pick(id, target) {
    if (target.checked) picked.add(id); else picked.delete(id);
  },
  hide(id) { hiding.add(id); refresh(id); document.getElementById(`hide-reason-${id}`)?.focus(); },
  "hide-cancel"(id) { hiding.delete(id); refresh(id); document.getElementById(`hide-${id}`)?.focus(); },
  show(id) { send("contribution.show", { contribution_id: id }); },
  "point-save"(id) {
    const field = `point-text-${id}`;
    const input = document.getElementById(field);
    send("point.update", { point_id: id, text: input.value }, { draft: field, text: input.value, keep: true });
    ctx.drafts.clear(field);
  },
  "point-up"(id) { movePoint(id, -1); },
  "point-down"(id) { movePoint(id, +1); },
  "point-delete"(id) { send("point.delete", { point_id: id }); },
  publish(id) {
    const field = document.getElementById(`synthesis-${id}`);
    if (field) send("synthesis.update", { workshop_id: id, text: field.value }, { autosave: id });
    send("synthesis.publish", { workshop_id: id });
  },
  withdraw(id) { send("topic.withdraw", { topic_id: id }); },
  merge(id, target) { organiser.chooseFor(id, "merge", target); },
  place(id, target) { organiser.chooseFor(id, "place", target); },
  "delete-workshop"(id) { send("workshop.delete", { workshop_id: id }); },
  rapporteur(id, target) { organiser.picker.open(id, target); },
};

const { selected: picked, hiding } = workshops.tools; // contributions chosen for a point; hide forms open
function refresh(contributionId) {
  const c = board.contributions.get(contributionId);
  if (c) workshops.refreshContributions(c.workshop_id);
}

function movePoint(id, offset) {
  const p = board.points.get(id);
  const position = p.position + offset;
  if (position < 1 || position > board.pointsOf(p.workshop_id).length) return;
  send("point.update", { point_id: id, position });
}

root.addEventListener("click", (e) => {
  const link = e.target.closest && e.target.closest('a[href^="#workshop-"]');
  const panel = link && document.getElementById(link.getAttribute("href").slice(1));
  if (panel && panel.tagName === "DETAILS") panel.open = true; // the activity table opens the workshop it names
  const target = e.target.closest("[data-action]");
  if (!target || !root.contains(target) || target.tagName === "INPUT" && target.type !== "checkbox") return;
  const action = actions[target.dataset.action];
  if (action) action(Number(target.dataset.id), target);
});

root.addEventListener("input", (e) => {
  const field = e.target.dataset && e.target.dataset.draft;
  if (!field) return;
  ctx.drafts.set(field, e.target.value);
  if (e.target.dataset.autosave) autosave(Number(e.target.dataset.autosave), e.target);
});

const timers = {};
function autosave(wid, field) {
  const status = document.getElementById(`synthesis-status-${wid}`);
  if (status) status.textContent = T.not_saved_yet;
  clearTimeout(timers[wid]);
  timers[wid] = setTimeout(() => send("synthesis.update", { workshop_id: wid, text: field.value },
    { autosave: wid, replaces: `synthesis-${wid}` }), 1500);
}

root.addEventListener("keydown", (e) => {
  const point = e.target.closest && e.target.closest("li.point");
  if (point && e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
    e.preventDefault();
    movePoint(Number(point.dataset.point), e.key === "ArrowUp" ? -1 : 1);
  }
});

root.addEventListener("submit", (e) => {
  const form = e.target;
  const kind = form.dataset.form;
  if (!kind) return;
  e.preventDefault();
  const error = form.querySelector(".form-error");
  if (error) error.textContent = "";
  if (kind === "propose") {
    const qid = Number(form.dataset.question);
    const title = form.elements.title.value.trim();
    if (title.length < 3) { error.textContent = T.title_too_short; form.elements.title.focus(); return; }
    const description = form.elements.description.value.trim();
    send("topic.propose", { question_id: qid, title, description, client_id: uuid() },
      { draft: `propose-title-${qid}`, text: form.elements.title.value, error: error.id });
    form.elements.title.value = ""; form.elements.description.value = "";
    ctx.drafts.clear(`propose-title-${qid}`); ctx.drafts.clear(`propose-desc-${qid}`);
    announce(T.sent);
  } else if (kind === "post") {
    const wid = Number(form.dataset.workshop);
    const text = form.elements.text.value;
    if (!text.trim()) { error.textContent = T.write_something; return; }
    sendText("contribution.post", { workshop_id: wid, text, client_id: uuid() }, `post-${wid}`, error.id);
    workshops.drawPending(wid);
    announce(conn.socket.connected ? T.sent : T.kept_offline);
  } else if (kind === "point") {
    const wid = Number(form.dataset.workshop);
    const chosen = board.contributionsOf(wid).filter((c) => picked.has(c.id));
    const field = `point-new-${wid}`;
    const typed = document.getElementById(field).value.trim();
    const text = typed || chosen.map((c) => c.text).join("\n");
    if (!text) { error.textContent = T.choose_or_write; return; }
    sendText("point.create", { workshop_id: wid, text, contribution_ids: chosen.map((c) => c.id) }, field, error.id);
    chosen.forEach((c) => picked.delete(c.id));
    workshops.refreshContributions(wid);
  } else if (kind === "hide") {
    const id = Number(form.dataset.id);
    const reason = form.elements.reason.value.trim();
    hiding.delete(id);
    ctx.drafts.clear(`hide-reason-${id}`);
    send("contribution.hide", { contribution_id: id, reason });
  } else if (kind === "create-workshop") {
    const slot = Number(form.dataset.slot), space = Number(form.dataset.space);
    const title = form.elements.title.value.trim();
    if (!title) return;
    sendText("workshop.create", { title, slot_id: slot, space_id: space }, `new-workshop-${slot}-${space}`);
  }
});

// -- drag and drop of synthesis points (rapporteurs and organisers; topics onto the grid: organiser.js) ------
root.addEventListener("dragstart", (e) => {
  const point = e.target.closest && e.target.closest("li.point");
  if (point) e.dataTransfer.setData("text/x-point", point.dataset.point);
});
root.addEventListener("dragover", (e) => {
  if (e.target.closest && e.target.closest("li.point")) e.preventDefault();
});
root.addEventListener("drop", (e) => {
  const onto = e.target.closest && e.target.closest("li.point");
  const pointId = Number(e.dataTransfer.getData("text/x-point"));
  if (onto && pointId && Number(onto.dataset.point) !== pointId) {
    e.preventDefault();
    send("point.update", { point_id: pointId, position: board.points.get(Number(onto.dataset.point)).position });
  }
});
