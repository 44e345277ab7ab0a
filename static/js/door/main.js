// The check-in page at the door, made to survive the venue's Wi-Fi: the list lives on the phone, every tap,
// scanned code and walk-in goes to a queue on the phone first and is sent when the network allows, the
// status line says what waits. Without JavaScript, the page's forms still work (online).
import { el, fill, morph, plural } from "../lib/dom.js";
import { draw, normaliseCode, withQueue } from "./people.js";
import { scanOnce } from "./scan.js";
import { dropFailed, enqueue, failed, keepFailed, queued, saveList, savedList } from "./store.js";
import { drawStatus } from "./status.js";
import { SignedOut, sendQueue } from "./sync.js";
import { checkWalkIn, fillWalkIn, readWalkIn, showErrors, syncQuestions, walkInDraft } from "./walkin.js";

const box = document.getElementById("checkin");
const T = JSON.parse(document.getElementById("door-i18n").textContent);
const slug = box.dataset.slug;
const rows = document.getElementById("rows");
const search = document.getElementById("q");
const statusBox = document.getElementById("door-status");
const outcomes = document.getElementById("door-outcomes");
const walkInForm = document.getElementById("walkin-form");
const toCorrect = document.getElementById("door-to-correct");
let csrf = box.dataset.csrf;
const state = { list: null, queue: [], failed: [], online: navigator.onLine, signedOut: false };
/** The server's rules for a walk-in: the list's (fresher) or the page's. */
const rules = () => state.list?.walk_in || JSON.parse(document.getElementById("door-rules").textContent);

const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
  : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

async function render() {
  state.queue = await queued(slug);
  state.failed = await failed(slug);
  if (state.list) draw(rows, withQueue(state.list.people, state.queue), search.value, T, { toCorrect: state.failed.length });
  drawStatus(statusBox, { online: state.online, signedOut: state.signedOut, listAt: state.list?.at, pending: state.queue.length }, T);
  drawToCorrect();
}

const fullName = (data) => `${data.first_name || ""} ${data.last_name || ""}`.trim();

/** The walk-ins the server refused, each with what was typed and why, until corrected and sent again. */
function drawToCorrect() {
  toCorrect.hidden = !state.failed.length;
  document.getElementById("door-to-correct-title").textContent = plural(T.plurals.to_correct, state.failed.length);
  const list = document.getElementById("door-to-correct-list");
  morph(list, el("ul", { id: list.id, class: "plain-list" }, state.failed.map((action) => el("li", {
    class: `card to-correct${walkInForm.dataset.correcting === action.id ? " correcting" : ""}`, id: `fix-${action.id}`, data: { key: action.id } },
  el("p", {}, el("strong", { text: fullName(action.data) }), ` · ${action.data.organisation || ""} · ${action.data.email || ""}`),
  el("ul", { class: "errors" }, (action.problems?.length ? action.problems : [action.message || ""]).map((text) => el("li", { text }))),
  el("button", { type: "button", class: "button small", data: { correct: action.id } }, T.correct,
    el("span", { class: "visually-hidden", text: ` ${fullName(action.data)}` }))))));
}

function say(text, { failedAction = null } = {}) {
  const item = el("li", { class: failedAction ? "alert alert-error" : "alert alert-success" }, text);
  outcomes.prepend(item);
  while (outcomes.children.length > 6) outcomes.lastElementChild.remove();
}

async function refreshList() {
  try {
    const response = await fetch(box.dataset.list, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } });
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) { state.signedOut = true; return; }
    if (!response.ok) return;
    const list = await response.json();
    csrf = list.csrf || csrf;
    delete list.csrf;
    state.list = list;
    syncQuestions(walkInForm, rules(), T);
    state.online = true;
    state.signedOut = false;
    await saveList(slug, list);
  } catch {
    state.online = false;
  } finally {
    await render();
  }
}

const name = (person) => (person ? `${person.first_name} ${person.last_name}` : "");

async function report(result, sent) {
  const person = result.person;
  if (result.error) {
    const action = sent.find((a) => a.id === result.id);
    const who = action?.kind === "walkin" ? `${action.data.first_name} ${action.data.last_name}` : name(person);
    if (action?.kind === "walkin") {
      await keepFailed(slug, { ...action, message: result.message, problems: result.problems || [], fields: result.fields || {} });
    }
    say(fill(T.failed, { name: who, message: result.message }), { failedAction: action?.kind === "walkin" ? action : null });
  } else if (result.kind === "walkin") {
    const text = { seat: T.walk_in_seat, waitlist: T.walk_in_waitlist, arrived: T.walk_in_arrived }[result.result] || T.walk_in_seat;
    say(fill(text, { name: name(person), n: person?.position ?? "" }));
  } else if (result.result === "already") {
    say(fill(T.already, { name: name(person) }));
  }
}

let flushing = null;
/** Send what waits and say what came of it: one send at a time, each outcome said once. */
function flush() {
  flushing ||= sendAndReport().finally(() => { flushing = null; });
  return flushing;
}

async function sendAndReport() {
  const sent = await queued(slug);
  if (!sent.length) return;
  try {
    const { results } = await sendQueue(slug, box.dataset.sync, () => csrf);
    state.online = true;
    state.signedOut = false;
    for (const result of results) await report(result, sent);
    await refreshList();
  } catch (error) {
    if (error instanceof SignedOut) state.signedOut = true;
    else state.online = false;
    await render();
  }
}

/** Every action at the door: kept on the phone first, then sent. */
async function act(action) {
  await enqueue(slug, { id: uuid(), made_at: new Date().toISOString(), ...action });
  await render();
  flush();
}

rows.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-checkin], button[data-undo]");
  if (!button) return;
  if (button.dataset.checkin) act({ kind: "checkin", registration_id: Number(button.dataset.checkin) });
  else act({ kind: "undo", registration_id: Number(button.dataset.undo) });
});

search.form.addEventListener("submit", (event) => { event.preventDefault(); render(); });
search.addEventListener("input", () => render());

const codeForm = document.getElementById("code-form");
codeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const field = document.getElementById("code-code");
  const code = field.value.trim();
  if (!code) return;
  const person = state.list?.people.find((p) => p.code === normaliseCode(code).slice(0, 10));
  if (person) {
    act({ kind: "checkin", registration_id: person.id });
    say(fill(T.checked_in, { name: name(person) }));
  } else {
    act({ kind: "checkin", code }); // a personal link, or someone registered since the list was fetched
    if (!state.online) say(T.unknown_code);
  }
  field.value = "";
});

walkInForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = readWalkIn(walkInForm);
  const errors = checkWalkIn(data, rules(), T);
  showErrors(walkInForm, errors, rules());
  if (Object.keys(errors).length) { say(plural(T.plurals.check_fields, Object.keys(errors).length)); return; }
  const correcting = walkInForm.dataset.correcting;
  delete walkInForm.dataset.correcting;
  if (correcting) await dropFailed(correcting);
  // online, a full event is refused so that the volunteer may add a seat; offline, the server decides later
  act({ kind: "walkin", data, waitlist_when_full: !state.online });
  if (!state.online) say(fill(T.queued_walk_in, { name: fullName(data) }));
  walkInForm.reset();
  walkInDraft.clear(slug);
});

walkInForm.addEventListener("input", () => walkInDraft.save(slug, { data: readWalkIn(walkInForm), correcting: walkInForm.dataset.correcting }));

/** A refused walk-in back in the form, with the server's reasons next to their fields. */
function correct(action) {
  walkInForm.reset();
  fillWalkIn(walkInForm, action.data);
  walkInForm.dataset.correcting = action.id;
  walkInDraft.save(slug, { data: action.data, correcting: action.id });
  const errors = Object.fromEntries(Object.entries(action.fields || {}).map(([name, texts]) => [name, texts.join(" ")]));
  const first = showErrors(walkInForm, errors, rules());
  (first || document.getElementById("walkin-first_name")).focus();
  drawToCorrect();
}

toCorrect.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-correct]");
  const action = button && state.failed.find((a) => a.id === button.dataset.correct);
  if (action) correct(action);
});

const scan = document.getElementById("scan");
if (navigator.mediaDevices) {
  scan.hidden = false;
  scan.addEventListener("click", async () => {
    const text = await scanOnce(document.getElementById("camera"), box.dataset.jsqr);
    document.getElementById("code-code").value = text;
    codeForm.requestSubmit();
  });
}

window.addEventListener("online", () => { state.online = true; flush().then(refreshList); });
window.addEventListener("offline", () => { state.online = false; render(); });
setInterval(() => { if (document.visibilityState === "visible") flush().then(refreshList); }, 15000);

/** The worker keeps this page from the first visit (at its install, or when asked if it was already there). */
async function keepThisPage() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(box.dataset.worker, { scope: "/manage/" });
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage({ keep: location.pathname });
  } catch { /* no worker (private window…): the page still works online */ }
}
keepThisPage();

(async () => {
  state.list = (await savedList(slug)) || null;
  syncQuestions(walkInForm, rules(), T);
  const draft = walkInDraft.load(slug);
  if (draft) {
    fillWalkIn(walkInForm, draft.data);
    if (draft.correcting) walkInForm.dataset.correcting = draft.correcting;
  }
  await render();
  await flush();
  await refreshList();
  box.dataset.ready = "1";
})();

