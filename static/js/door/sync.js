// Sends the phone's queue to the server, in the order the actions were made, and reads back each one's
// outcome. One send at a time; what the server answered leaves the queue, the rest stays for the next try.
import { dequeue, queued } from "./store.js";

const BATCH = 200;

export class SignedOut extends Error {}

let running = null;

/** Send what waits; resolves to {results, counters} (counters null if nothing was sent). */
export function sendQueue(slug, url, csrf) {
  if (!running) running = send(slug, url, csrf()).finally(() => { running = null; });
  return running;
}

async function send(slug, url, token) {
  const results = [];
  let counters = null;
  for (;;) {
    const items = (await queued(slug)).slice(0, BATCH);
    if (!items.length) return { results, counters };
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ actions: items.map(({ seq, slug: _, label, ...action }) => action) }),
    });
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) throw new SignedOut();
    if (!response.ok) throw new Error(`sync answered ${response.status}`);
    const answer = await response.json();
    const answered = new Set(answer.results.map((r) => r.id));
    await dequeue(items.filter((item) => answered.has(item.id)).map((item) => item.seq));
    results.push(...answer.results);
    counters = answer.counters;
    if (!items.some((item) => answered.has(item.id))) return { results, counters }; // nothing moved: stop here
  }
}
