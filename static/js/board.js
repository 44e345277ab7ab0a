// The live open-forum board: one script for participants, rapporteurs, organisers and the projector.
// Protocol: docs/realtime.md. Every text from the server is put in the page with textContent (never as HTML).
import { io } from "../vendor/socket.io-4.8.4.esm.min.js";

const root = document.getElementById("board");
const T = JSON.parse(document.getElementById("board-i18n").textContent);
const mode = root.dataset.mode; // participant, organiser, screen
const auth = { event: root.dataset.event };
if (root.dataset.token) auth.token = root.dataset.token;
if (root.dataset.screen) auth.screen = root.dataset.screen;

const socket = io("/board", { auth });
const outboxKey = `forum-outbox:${auth.event}:${auth.token || mode}`;
let outbox = JSON.parse(localStorage.getItem(outboxKey) || "[]");
let flushing = false;
let state = null; // the snapshot, kept up to date by the changes
const selected = new Set(); // contributions a rapporteur selected for a new point
const people = {}; // organisers: workshop id -> who is in it (workshop.people), for the lists they opened
const peopleOpen = new Set(); // organisers: workshops whose list is open

// -- small DOM helpers ---------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}
const byId = (list) => Object.fromEntries(list.map((item) => [item.id, item]));
const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`);
const isOrganiser = () => state && state.me.role === "organiser";
const isRapporteurOf = (wid) => isOrganiser() || (state && state.me.rapporteur_of.includes(wid));
const canWrite = () => mode !== "screen";

// -- connection and the outbox ------------------------------------------
function showConnection(text, cls) {
  const conn = document.getElementById("conn");
  const waiting = outbox.length ? ` · ${outbox.length} ${T.pending}` : "";
  conn.textContent = text + waiting;
  conn.className = `conn ${cls}`;
}

socket.on("connect", () => showConnection(T.connected, "ok"));
socket.on("disconnect", () => showConnection(T.offline, "off"));
socket.on("connect_error", (err) => {
  const data = (err && err.data) || {};
  showConnection(data.message || T.offline, "off");
});
socket.on("snapshot", (snapshot) => {
  load(snapshot);
  flush();
});
socket.on("change", (change) => apply(change));

function saveOutbox() {
  localStorage.setItem(outboxKey, JSON.stringify(outbox));
  showConnection(socket.connected ? T.connected : T.offline, socket.connected ? "ok" : "off");
}

// Writes go through the outbox: kept (with their client_id) while offline, sent in order, once acknowledged removed.
function send(event, data) {
  outbox.push({ event, data });
  saveOutbox();
  flush();
}

async function flush() {
  if (flushing || !socket.connected) return;
  flushing = true;
  try {
    while (outbox.length && socket.connected) {
      const { event, data } = outbox[0];
      let ack;
      try {
        ack = await socket.timeout(15000).emitWithAck(event, data);
      } catch (timeout) {
        break; // no answer: keep it, try again on the next connection
      }
      if (!ack.ok && ack.error.code === "rate_limited") {
        setTimeout(flush, 3000);
        break;
      }
      outbox.shift();
      saveOutbox();
      if (!ack.ok) {
        notify(`${T.error} ${ack.error.message}`);
        socket.emit("snapshot", {}, (reply) => reply.ok && load(reply.snapshot)); // undo what was shown too early
      }
    }
  } finally {
    flushing = false;
  }
}

function notify(text) {
  const conn = document.getElementById("conn");
  conn.textContent = text;
  conn.className = "conn off";
}

// -- state ---------------------------------------------------------------
function load(snapshot) {
  state = {
    seq: snapshot.seq, phase: snapshot.event.phase, me: snapshot.me,
    questions: snapshot.questions, spaces: snapshot.spaces, slots: snapshot.slots,
    topics: byId(snapshot.topics), workshops: byId(snapshot.workshops),
    contributions: byId(snapshot.contributions), points: byId(snapshot.points),
    syntheses: Object.fromEntries(snapshot.syntheses.map((s) => [s.workshop_id, s])),
  };
  render();
}

async function resume() {
  const ack = await socket.emitWithAck("resume", { since: state.seq });
  if (ack.ok) ack.changes.forEach(apply);
  else socket.emit("snapshot", {}, (reply) => reply.ok && load(reply.snapshot));
}

function apply(change) {
  if (!state || change.seq <= state.seq) return; // already applied
  if (change.seq > state.seq + 1) { resume(); return; } // a gap: catch up in order
  const d = change.data;
  switch (change.type) {
    case "topic.proposed": case "topic.updated": case "topic.voted": case "topic.merged": case "topic.withdrawn":
      state.topics[d.id] = { voted_by_me: false, ...state.topics[d.id], ...d };
      break;
    case "workshop.created": case "workshop.updated":
      state.workshops[d.id] = d;
      break;
    case "workshop.members":
      if (state.workshops[d.workshop_id]) state.workshops[d.workshop_id].members = d.members;
      delete people[d.workshop_id];
      if (peopleOpen.has(d.workshop_id)) askPeople(d.workshop_id);
      break;
    case "contribution.posted":
      state.contributions[d.id] = d;
      break;
    case "contribution.hidden":
      if (isOrganiser()) state.contributions[d.id] = { ...state.contributions[d.id], hidden: true };
      else delete state.contributions[d.id];
      break;
    case "point.created": case "point.updated":
      for (const c of Object.values(state.contributions)) {
        if (c.point_id === d.id) c.point_id = null;
        if (d.contribution_ids.includes(c.id)) c.point_id = d.id;
      }
      state.points[d.id] = d;
      break;
    case "point.deleted":
      delete state.points[d.id];
      for (const c of Object.values(state.contributions)) if (c.point_id === d.id) c.point_id = null;
      break;
    case "synthesis.updated": case "synthesis.published":
      state.syntheses[d.workshop_id] = d;
      break;
    case "phase.changed":
      state.phase = d.phase;
      break;
  }
  state.seq = change.seq;
  render();
}

// -- rendering -------------------------------------------------------------
function render() {
  const focused = document.activeElement && document.activeElement.id;
  document.getElementById("phase").textContent = T.phases[state.phase] || state.phase;
  root.dataset.phase = state.phase;
  if (mode === "organiser") { renderPhase(); renderActivity(); }
  renderQuestions();
  renderGrid();
  if (mode !== "screen") renderWorkshops();
  renderSyntheses();
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

function renderPhase() {
  const select = document.getElementById("phase-select");
  if (!select.options.length) {
    for (const [value, label] of Object.entries(T.phases)) select.append(el("option", { value, text: label }));
    select.addEventListener("change", () => send("phase.set", { phase: select.value }));
  }
  select.value = state.phase;
}

function liveTopics(questionId) {
  return Object.values(state.topics)
    .filter((t) => t.question_id === questionId && (t.status === "proposed" || t.status === "scheduled"))
    .sort((a, b) => b.votes - a.votes || a.id - b.id);
}

function freeCells() {
  const taken = new Set(Object.values(state.workshops).map((w) => `${w.slot_id}:${w.space_id}`));
  const cells = [];
  for (const slot of state.slots) for (const space of state.spaces) {
    if (!taken.has(`${slot.id}:${space.id}`)) cells.push({ slot, space });
  }
  return cells;
}

function renderQuestions() {
  const box = document.getElementById("questions");
  box.replaceChildren(...state.questions.map((q) => {
    const topics = liveTopics(q.id);
    return el("section", { class: "question" },
      el("h3", { text: `${q.position}. ${q.text}` }),
      el("ul", { class: "topics" }, topics.map(topicItem)),
      canWrite() && mode !== "screen" ? proposeForm(q) : null);
  }));
}

function topicItem(t) {
  const li = el("li", { class: `topic status-${t.status}`, id: `topic-${t.id}` },
    el("p", { class: "topic-title", text: t.title }),
    t.description ? el("p", { class: "topic-desc", text: t.description }) : null,
    el("p", { class: "votes", text: `${t.votes} ${T.votes}` }));
  if (mode === "participant" && t.status === "proposed") {
    li.append(el("button", {
      type: "button", class: "button small", "aria-pressed": t.voted_by_me ? "true" : "false",
      text: t.voted_by_me ? T.unvote : T.vote,
      onclick: () => { t.voted_by_me = !t.voted_by_me; send("topic.vote", { topic_id: t.id, vote: t.voted_by_me }); },
    }));
  }
  if (mode === "organiser" && t.status === "proposed") {
    li.draggable = true;
    li.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", String(t.id)));
    const others = Object.values(state.topics).filter((o) => o.id !== t.id && o.status === "proposed");
    const into = el("select", { id: `merge-${t.id}`, "aria-label": T.merge_into },
      el("option", { value: "", text: T.merge_into }), others.map((o) => el("option", { value: o.id, text: o.title })));
    const cell = el("select", { id: `cell-${t.id}`, "aria-label": T.cell },
      freeCells().map(({ slot, space }) => el("option", { value: `${slot.id}:${space.id}`, text: `${slot.label} · ${space.name}` })));
    li.append(el("div", { class: "actions" },
      into, el("button", { type: "button", class: "button small", text: T.merge,
        onclick: () => into.value && send("topic.merge", { topic_id: t.id, into_id: Number(into.value) }) }),
      cell, el("button", { type: "button", class: "button small", text: T.place,
        onclick: () => { if (!cell.value) return; const [slot, space] = cell.value.split(":").map(Number);
          send("topic.schedule", { topic_id: t.id, slot_id: slot, space_id: space }); } }),
      el("button", { type: "button", class: "button small danger", text: T.withdraw,
        onclick: () => send("topic.withdraw", { topic_id: t.id }) })));
  }
  return li;
}

function proposeForm(q) {
  const title = el("input", { id: `propose-title-${q.id}`, maxlength: "120", minlength: "3", required: true });
  const desc = el("textarea", { id: `propose-desc-${q.id}`, maxlength: "1000", rows: "2" });
  const form = el("form", {
    class: "propose", onsubmit: (e) => {
      e.preventDefault();
      if (title.value.trim().length < 3) { title.focus(); return; }
      send("topic.propose", { question_id: q.id, title: title.value.trim(), description: desc.value.trim(), client_id: uuid() });
      title.value = ""; desc.value = "";
    },
  }, el("label", { for: title.id, text: T.title }), title,
  el("label", { for: desc.id, text: T.description }), desc,
  el("button", { type: "submit", class: "button primary", text: T.send }));
  const open = document.getElementById(`propose-box-${q.id}`);
  return el("details", { class: "propose-box", id: `propose-box-${q.id}`, open: open && open.open ? true : null },
    el("summary", { class: "button", text: T.propose }), form);
}

function renderGrid() {
  const box = document.getElementById("grid");
  const bySlotSpace = {};
  for (const w of Object.values(state.workshops)) bySlotSpace[`${w.slot_id}:${w.space_id}`] = w;
  box.replaceChildren(...state.slots.map((slot) => el("section", { class: "slot" },
    el("h3", { text: `${slot.label} · ${slot.starts_at.slice(11, 16)}–${slot.ends_at.slice(11, 16)}` }),
    el("ul", { class: "cells" }, state.spaces.map((space) => {
      const w = bySlotSpace[`${slot.id}:${space.id}`];
      return w ? workshopCell(w, space) : emptyCell(slot, space);
    })))));
}

function workshopCell(w, space) {
  const mine = state.me.workshops.includes(w.id) || myMembership(w);
  const left = Math.max(w.capacity - w.members, 0);
  const li = el("li", { class: `cell${mine ? " mine" : ""}` },
    el("p", { class: "cell-room", text: space.name }),
    el("p", { class: "cell-title", text: w.title }),
    el("p", { class: "cell-seats", text: `${w.members} ${T.members} · ${left} ${T.seats_left}` }));
  if (mode === "participant") {
    if (mine) {
      li.append(el("p", { class: "here", text: T.joined }),
        el("button", { type: "button", class: "button small", text: T.leave, onclick: () => leave(w) }));
    } else {
      li.append(el("button", { type: "button", class: "button small primary", disabled: left === 0 ? true : null,
        text: left === 0 ? T.full : T.join, onclick: () => join(w) }));
    }
  }
  return li;
}

function myMembership(w) { return state.me.workshops.includes(w.id); }

function join(w) {
  // the law of two feet: joining another workshop of the same slot moves me
  state.me.workshops = state.me.workshops.filter((id) => state.workshops[id] && state.workshops[id].slot_id !== w.slot_id);
  state.me.workshops.push(w.id);
  send("workshop.join", { workshop_id: w.id });
  render();
}

function leave(w) {
  state.me.workshops = state.me.workshops.filter((id) => id !== w.id);
  send("workshop.leave", { workshop_id: w.id });
  render();
}

function emptyCell(slot, space) {
  const li = el("li", { class: "cell empty" }, el("p", { class: "cell-room", text: space.name }),
    el("p", { class: "muted", text: mode === "organiser" ? T.drop_here : T.empty_cell }));
  if (mode === "organiser") {
    li.addEventListener("dragover", (e) => { e.preventDefault(); li.classList.add("over"); });
    li.addEventListener("dragleave", () => li.classList.remove("over"));
    li.addEventListener("drop", (e) => {
      e.preventDefault();
      const topicId = Number(e.dataTransfer.getData("text/plain"));
      if (topicId) send("topic.schedule", { topic_id: topicId, slot_id: slot.id, space_id: space.id });
    });
    const title = el("input", { id: `new-w-${slot.id}-${space.id}`, "aria-label": T.create_workshop, placeholder: T.create_workshop });
    li.append(el("form", { class: "inline-create", onsubmit: (e) => {
      e.preventDefault();
      if (title.value.trim().length >= 3) send("workshop.create", { title: title.value.trim(), slot_id: slot.id, space_id: space.id });
    } }, title, el("button", { type: "submit", class: "button small", text: T.save })));
  }
  return li;
}

function renderWorkshops() {
  const box = document.getElementById("workshops");
  let list = Object.values(state.workshops);
  if (!isOrganiser()) list = list.filter((w) => state.me.workshops.includes(w.id) || state.me.rapporteur_of.includes(w.id));
  if (!list.length) { box.replaceChildren(el("p", { text: T.no_workshop })); return; }
  box.replaceChildren(...list.map(workshopPanel));
}

function workshopPanel(w) {
  const contributions = Object.values(state.contributions).filter((c) => c.workshop_id === w.id).sort((a, b) => a.id - b.id);
  const consolidate = isRapporteurOf(w.id);
  const section = el("section", { class: "workshop card", id: `workshop-${w.id}` },
    el("h3", { text: w.title }),
    el("h4", { text: T.contributions }),
    el("ul", { class: "contributions", "aria-live": "polite" }, contributions.map((c) => contributionItem(c, consolidate))));
  const text = el("textarea", { id: `post-${w.id}`, maxlength: "2000", rows: "2" });
  section.append(el("form", { class: "post", onsubmit: (e) => {
    e.preventDefault();
    if (!text.value.trim()) return;
    send("contribution.post", { workshop_id: w.id, text: text.value, client_id: uuid() });
    text.value = "";
  } }, el("label", { for: text.id, text: T.contribution }), text, el("button", { type: "submit", class: "button primary", text: T.post })));
  if (isOrganiser()) section.append(peopleList(w), rapporteurPicker(w));
  if (consolidate) section.append(synthesisTools(w, contributions));
  return section;
}

function contributionItem(c, consolidate) {
  const li = el("li", { class: `contribution${c.hidden ? " hidden-contribution" : ""}` },
    el("p", { class: "pre", text: c.text }), el("p", { class: "muted", text: c.author }));
  if (consolidate && !c.hidden) {
    const box = el("input", { type: "checkbox", id: `pick-${c.id}`, checked: selected.has(c.id) ? true : null,
      onchange: (e) => (e.target.checked ? selected.add(c.id) : selected.delete(c.id)) });
    li.prepend(el("label", { class: "check", for: box.id }, box, el("span", { class: "visually-hidden", text: c.text })));
    li.append(el("button", { type: "button", class: "button small danger", text: T.hide,
      onclick: () => send("contribution.hide", { contribution_id: c.id, reason: "" }) }));
  }
  return li;
}

// Who joined is for organisers only: the list is asked when opened, and again when the workshop's count changes.
function peopleList(w) {
  const list = people[w.id];
  const details = el("details", { class: "people", open: peopleOpen.has(w.id) ? true : null,
    ontoggle: (e) => {
      if (e.target.open) { peopleOpen.add(w.id); if (!people[w.id]) askPeople(w.id); }
      else peopleOpen.delete(w.id);
    } },
    el("summary", { text: `${T.who_joined} (${w.members})` }));
  if (list) {
    details.append(list.length ? el("ol", {}, list.map((p) => el("li", { text: p.organisation ? `${p.name} · ${p.organisation}` : p.name })))
      : el("p", { class: "muted", text: T.nobody_yet }));
  }
  return details;
}

const asking = new Set(); // workshops whose list is being asked
const askAgain = new Set(); // ... and changed meanwhile
function askPeople(wid) {
  if (asking.has(wid)) { askAgain.add(wid); return; }
  asking.add(wid);
  setTimeout(() => socket.timeout(15000).emit("workshop.people", { workshop_id: wid }, (err, ack) => {
    asking.delete(wid);
    if (!err && ack.ok) { people[wid] = ack.people; render(); }
    if (askAgain.delete(wid) || (err && peopleOpen.has(wid))) askPeople(wid);
  }), 500); // joins come in bursts: one question for the burst
}

function rapporteurPicker(w) {
  const people = document.getElementById("people");
  const select = el("select", { id: `rapporteur-${w.id}`, "aria-label": T.name_rapporteur },
    el("option", { value: "", text: T.rapporteur }), [...people.options].map((o) => el("option", { value: o.value, text: o.text })));
  if (w.rapporteur_id) select.value = String(w.rapporteur_id);
  return el("div", { class: "actions" }, select, el("button", { type: "button", class: "button small", text: T.name_rapporteur,
    onclick: () => select.value && send("workshop.rapporteur", { workshop_id: w.id, registration_id: Number(select.value) }) }));
}

function synthesisTools(w, contributions) {
  const points = Object.values(state.points).filter((p) => p.workshop_id === w.id).sort((a, b) => a.position - b.position);
  const pointText = el("textarea", { id: `point-${w.id}`, rows: "2", maxlength: "2000" });
  const synthesis = state.syntheses[w.id] || { text: "", published: false };
  const synthText = el("textarea", { id: `synthesis-${w.id}`, rows: "5", maxlength: "20000" });
  synthText.value = synthesis.text;
  return el("div", { class: "synthesis-tools" },
    el("h4", { text: T.points }),
    el("ol", { class: "points" }, points.map((p, i) => pointItem(p, i, points.length))),
    el("form", { onsubmit: (e) => {
      e.preventDefault();
      if (!pointText.value.trim()) return;
      const ids = [...selected].filter((id) => contributions.some((c) => c.id === id));
      send("point.create", { workshop_id: w.id, text: pointText.value, contribution_ids: ids });
      ids.forEach((id) => selected.delete(id));
      pointText.value = "";
    } }, el("label", { for: pointText.id, text: T.new_point }), pointText,
    el("button", { type: "submit", class: "button", text: T.save })),
    el("h4", { text: T.synthesis }),
    el("label", { for: synthText.id, class: "visually-hidden", text: T.synthesis }), synthText,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "button", text: T.save,
        onclick: () => send("synthesis.update", { workshop_id: w.id, text: synthText.value }) }),
      synthesis.published ? el("span", { class: "badge badge-published", text: T.published })
        : el("button", { type: "button", class: "button primary", text: T.publish,
          onclick: () => { send("synthesis.update", { workshop_id: w.id, text: synthText.value });
            send("synthesis.publish", { workshop_id: w.id }); } })));
}

function pointItem(p, index, count) {
  const text = el("textarea", { id: `point-text-${p.id}`, rows: "2", "aria-label": T.points });
  text.value = p.text;
  return el("li", { class: "point" }, text, el("div", { class: "actions" },
    el("button", { type: "button", class: "button small", text: T.save, onclick: () => send("point.update", { point_id: p.id, text: text.value }) }),
    index > 0 ? el("button", { type: "button", class: "button small", text: T.up, onclick: () => send("point.update", { point_id: p.id, position: p.position - 1 }) }) : null,
    index < count - 1 ? el("button", { type: "button", class: "button small", text: T.down, onclick: () => send("point.update", { point_id: p.id, position: p.position + 1 }) }) : null,
    el("button", { type: "button", class: "button small danger", text: T.delete, onclick: () => send("point.delete", { point_id: p.id }) })));
}

// Organisers: every workshop's activity at a glance, one row each, live.
function renderActivity() {
  const names = Object.fromEntries([...document.getElementById("people").options].map((o) => [o.value, o.text]));
  const slotOrder = Object.fromEntries(state.slots.map((s, i) => [s.id, i]));
  const rooms = Object.fromEntries(state.spaces.map((s) => [s.id, s.name]));
  const rows = Object.values(state.workshops)
    .sort((a, b) => (slotOrder[a.slot_id] - slotOrder[b.slot_id]) || a.title.localeCompare(b.title))
    .map((w) => {
      const posted = Object.values(state.contributions).filter((c) => c.workshop_id === w.id);
      const hidden = posted.filter((c) => c.hidden).length;
      const last = posted.reduce((latest, c) => (c.created_at > latest ? c.created_at : latest), "");
      const synthesis = state.syntheses[w.id];
      return el("tr", { id: `activity-${w.id}` },
        el("th", { scope: "row" }, el("a", { href: `#workshop-${w.id}`, text: w.title }),
          el("span", { class: "muted", text: ` · ${rooms[w.space_id] || ""}` })),
        el("td", { text: `${w.members} / ${w.capacity}` }),
        el("td", { text: hidden ? `${posted.length - hidden} (+${hidden} ${T.hidden})` : String(posted.length) }),
        el("td", { text: String(Object.values(state.points).filter((p) => p.workshop_id === w.id).length) }),
        el("td", { text: synthesis && synthesis.published ? T.published : synthesis && synthesis.text ? T.draft : "—" }),
        el("td", { text: w.rapporteur_id ? names[w.rapporteur_id] || "" : T.to_name }),
        el("td", { text: last ? new Date(last).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }) : "—" }));
    });
  const box = document.getElementById("activity");
  if (!rows.length) { box.replaceChildren(el("p", { class: "muted", text: T.no_workshops_yet })); return; }
  box.replaceChildren(el("table", { class: "activity" },
    el("caption", { text: T.activity }),
    el("thead", {}, el("tr", {}, [T.workshop, T.people, T.contributions, T.points, T.synthesis, T.rapporteur, T.last_post]
      .map((label) => el("th", { scope: "col", text: label })))),
    el("tbody", {}, rows)));
}

function renderSyntheses() {
  const box = document.getElementById("syntheses");
  const published = Object.values(state.syntheses).filter((s) => s.published && state.workshops[s.workshop_id]);
  box.replaceChildren(...published.map((s) => {
    const points = Object.values(state.points).filter((p) => p.workshop_id === s.workshop_id).sort((a, b) => a.position - b.position);
    return el("section", { class: "card" }, el("h3", { text: state.workshops[s.workshop_id].title }),
      el("p", { class: "pre", text: s.text }), el("ul", {}, points.map((p) => el("li", { class: "pre", text: p.text }))));
  }));
}

window.addEventListener("online", flush);
