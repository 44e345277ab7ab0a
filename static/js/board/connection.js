//# allFunctionsCalledOnLoad
// The connection to /board and the outbox: every write is kept on the device (with its client_id)
// until the server acknowledges it, sent in order, once; a refusal is handed back with what was typed.
import { io } from "../../vendor/socket.io-4.8.4.esm.min.js";
import { T, count } from "./dom.js";

export function connect({ auth, storageKey, onSnapshot, onChange, onAck }) {
  const socket = io("/board", { auth });
  const outboxKey = `forum-outbox:${storageKey}`;
  let outbox = JSON.parse(localStorage.getItem(outboxKey) || "[]");
  let flushing = false;
  const status = document.getElementById("conn");

  function show(text, ok) {
    status.textContent = outbox.length ? `${text} · ${count("pending", outbox.length)}` : text;
    status.className = `conn ${ok ? "ok" : "off"}`;
  }
  let tried = false; // until the first answer, the page is connecting (not offline: its line keeps its length)
  const showState = () => show(socket.connected ? T.connected : tried ? T.offline : T.connecting, socket.connected);

  function save() {
    localStorage.setItem(outboxKey, JSON.stringify(outbox));
    showState();
  }

  /** Queue a write; ``meta`` travels with it (e.g. the draft to give back on refusal). */
  function send(event, data, meta = {}) {
    const item = { id: `${Date.now()}-${Math.random().toString(16).slice(2)}`, event, data, meta };
    if (meta.replaces) {  // a newer autosave replaces one not yet sent
      const i = outbox.findIndex((o, n) => (n > 0 || !flushing) && o.meta.replaces === meta.replaces);
      if (i >= 0) { outbox[i] = item; save(); flush(); return item; }
    }
    outbox.push(item);
    save();
    flush();
    return item;
  }

  async function flush() {
    if (flushing || !socket.connected) return;
    flushing = true;
    try {
      while (outbox.length && socket.connected) {
        const item = outbox[0];
        let ack;
        try {
          ack = await socket.timeout(15000).emitWithAck(item.event, item.data);
        } catch (timeout) {
          break; // no answer: kept, sent again on the next connection
        }
        if (!ack.ok && ack.error.code === "rate_limited") { setTimeout(flush, 3000); break; }
        outbox = outbox.filter((o) => o.id !== item.id);
        save();
        onAck(item, ack);
      }
    } finally {
      flushing = false;
    }
  }

  /** Ask something that is not a write (snapshot, resume, workshop.people). */
  function ask(event, data) {
    return socket.timeout(15000).emitWithAck(event, data);
  }

  socket.on("connect", () => { tried = true; showState(); });
  socket.on("disconnect", () => showState());
  socket.on("connect_error", (err) => {
    tried = true;
    const data = (err && err.data) || {};
    show(data.message || T.offline, false);
  });
  socket.on("snapshot", (snapshot) => { onSnapshot(snapshot); flush(); });
  socket.on("change", (change) => onChange(change));
  window.addEventListener("online", flush);
  showState();

  return { send, ask, pending: () => outbox, socket };
}
