// A lively room on the board (issue 25): N phones each write once every --interval seconds for --seconds
// (mode "plenary": ask questions and support others'; mode "contributions": post in their workshop, the
// reference), then (plenary) everyone answers one poll within --poll-seconds. The projector (a screen
// client) records when each change reaches it; a write's delivery time is from its emit to the projector.
//
//   node plenary_room.js --url U --auth-file F --screen K --organiser-key A --event E --item I --workshop W
//        --poll P --mode plenary|contributions [--seconds 40 --interval 10 --poll-seconds 20]
//
// Prints one JSON line: writes, acknowledged, refused (by code), lost (acknowledged but never on the
// projector), p50/p95/p99 of the projector's delivery, and the poll's results delay after the last answer.
const fs = require("fs");
const crypto = require("crypto");
const { io } = require("socket.io-client");

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const url = arg("url");
const auths = JSON.parse(fs.readFileSync(arg("auth-file"), "utf8"));
const event = arg("event", "bench");
const mode = arg("mode", "plenary");
const item = parseInt(arg("item", "0"), 10);
const workshop = parseInt(arg("workshop", "0"), 10);
const pollId = parseInt(arg("poll", "0"), 10);
const seconds = parseFloat(arg("seconds", "40"));
const interval = parseFloat(arg("interval", "10"));
const pollSeconds = parseFloat(arg("poll-seconds", "20"));

const sentAt = new Map(); // key -> when the write was emitted
const seenAt = new Map(); // key -> when the projector received its change
const refused = {};
let writes = 0, acknowledged = 0, lastAnswerAt = 0;
const questionIds = [];

function keyOf(change) {
  const d = change.data;
  if (change.type === "contribution.posted" || change.type === "room_question.asked") return `c:${d.client_id}`;
  if (change.type === "room_question.supported") return `s:${d.id}:${d.supports}`;
  if (change.type === "poll.answered") return `p:${d.id}:${d.answers}`;
  return null;
}

function connect(auth, onChange) {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/board`, { auth, transports: ["websocket"], reconnection: false, timeout: 60000 });
    socket.on("snapshot", () => resolve(socket));
    socket.on("connect_error", (e) => reject(e));
    if (onChange) socket.on("change", onChange);
  });
}

async function write(socket, name, data, keyFromAck) {
  const at = Date.now();
  writes += 1;
  let ack;
  try { ack = await socket.timeout(30000).emitWithAck(name, data); } catch { refused.timeout = (refused.timeout || 0) + 1; return null; }
  if (!ack.ok) { refused[ack.error.code] = (refused[ack.error.code] || 0) + 1; return null; }
  acknowledged += 1;
  const key = keyFromAck(ack);
  if (key && !sentAt.has(key)) sentAt.set(key, at);
  return ack;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function phone(socket, n) {
  const mine = new Set();
  let asked = 0;
  await sleep(Math.random() * interval * 1000);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (mode === "contributions") {
      const clientId = crypto.randomUUID();
      await write(socket, "contribution.post", { workshop_id: workshop, text: `Contribution ${n}`, client_id: clientId }, () => `c:${clientId}`);
    } else {
      const choices = questionIds.filter((id) => !mine.has(id));
      if (asked < 2 && (choices.length === 0 || Math.random() < 0.3)) {
        const clientId = crypto.randomUUID();
        const ack = await write(socket, "room_question.ask", { item_id: item, text: `Question ${n}.${asked}`, client_id: clientId }, () => `c:${clientId}`);
        if (ack) { asked += 1; questionIds.push(ack.question.id); mine.add(ack.question.id); }
      } else {
        const id = choices[Math.floor(Math.random() * choices.length)];
        mine.add(id);
        await write(socket, "room_question.support", { question_id: id, support: true }, (ack) => `s:${id}:${ack.supports}`);
      }
    }
    await sleep(interval * 1000);
  }
}

async function main() {
  const screen = await connect({ event, screen: arg("screen") }, (change) => {
    const key = keyOf(change);
    if (key && !seenAt.has(key)) seenAt.set(key, Date.now());
  });
  const phones = [];
  for (let i = 0; i < auths.length; i += 50) phones.push(...await Promise.all(auths.slice(i, i + 50).map((a) => connect(a))));
  await Promise.all(phones.map((s, n) => phone(s, n)));
  let pollDelay = null;
  if (mode === "plenary" && pollId) {
    const organiser = await connect({ event, api_key: arg("organiser-key") });
    await organiser.timeout(30000).emitWithAck("poll.open", { poll_id: pollId });
    await Promise.all(phones.map(async (s, n) => {
      await sleep(Math.random() * pollSeconds * 1000);
      lastAnswerAt = Math.max(lastAnswerAt, Date.now()); // from the last answer's emit
      await write(s, "poll.answer", { poll_id: pollId, choices: [n % 3] }, () => null);
    }));
    const key = `p:${pollId}:${phones.length}`;
    const until = Date.now() + 10000;
    while (!seenAt.has(key) && Date.now() < until) await sleep(5);
    pollDelay = seenAt.has(key) ? seenAt.get(key) - lastAnswerAt : null;
    organiser.close();
  }
  await sleep(2000); // the last changes on their way
  const delays = [...sentAt].filter(([k]) => seenAt.has(k)).map(([k, at]) => seenAt.get(k) - at).sort((a, b) => a - b);
  const lost = [...sentAt.keys()].filter((k) => !seenAt.has(k)).length;
  const slowest = [...sentAt].filter(([k]) => seenAt.has(k)).map(([k, at]) => [k.split(":")[0], seenAt.get(k) - at])
    .sort((a, b) => b[1] - a[1]).slice(0, 12); // which kind of write the tail is made of (c: posted or asked, s: supported)
  console.log(JSON.stringify({ mode, phones: phones.length, writes, acknowledged, refused, lost, delivered: delays.length,
    p50: pct(delays, 50), p95: pct(delays, 95), p99: pct(delays, 99), poll_results_after_last_answer_ms: pollDelay, slowest }));
  for (const s of [screen, ...phones]) s.close();
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
