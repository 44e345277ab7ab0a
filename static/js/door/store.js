// The phone's copy of the door: each event's list and the queue of actions not yet sent, in IndexedDB, so
// that a reload, a closed tab or a flat network loses nothing.
import { openDB } from "../../vendor/idb-8.0.4.esm.js";

const base = openDB("forum-door", 1, {
  upgrade(db) {
    db.createObjectStore("lists", { keyPath: "slug" });
    db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true }).createIndex("slug", "slug");
    db.createObjectStore("failed", { keyPath: "id" }).createIndex("slug", "slug");
  },
});

/** The list last fetched for this event ({people, counters, at}), or undefined. */
export async function savedList(slug) {
  return (await base).get("lists", slug);
}

export async function saveList(slug, list) {
  await (await base).put("lists", { ...list, slug });
}

/** The actions not yet sent, in the order they were made. */
export async function queued(slug) {
  return (await base).getAllFromIndex("queue", "slug", slug);
}

export async function enqueue(slug, action) {
  await (await base).add("queue", { ...action, slug });
}

export async function dequeue(seqs) {
  const tx = (await base).transaction("queue", "readwrite");
  await Promise.all([...seqs.map((seq) => tx.store.delete(seq)), tx.done]);
}

/** Walk-ins the server refused (a typo in an address…), kept with what was typed until corrected. */
export async function failed(slug) {
  return (await base).getAllFromIndex("failed", "slug", slug);
}

export async function keepFailed(slug, action) {
  await (await base).put("failed", { ...action, slug });
}

export async function dropFailed(id) {
  await (await base).delete("failed", id);
}

/** Everything the door kept on this phone (on signing out). */
export async function forgetAll() {
  const db = await base;
  await Promise.all(["lists", "queue", "failed"].map((store) => db.clear(store)));
}

/** How many actions wait to be sent, all events together. */
export async function countQueued() {
  return (await base).count("queue");
}
