// The check-in pages' service worker: the page and what it needs open without a network, from the first
// visit. At install it keeps the scripts, styles and icons, and the door pages open in a window (the page
// that registered it is one: no second visit needed). Later, the page is asked of the network first (fresh
// names and counters) and kept; offline, the kept copy answers. The list and the queue are the page's
// business (IndexedDB), not this worker's.
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
const CACHE = `forum-door-${VERSION}`;
const DOOR_PAGE = /^\/manage\/[^/]+\/checkin$/;

/** The door pages open in this browser's windows, controlled or not (the first visit's is not yet). */
async function openDoorPages() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return windows.map((client) => new URL(client.url)).filter((url) => url.origin === self.location.origin && DOOR_PAGE.test(url.pathname))
    .map((url) => url.pathname);
}

/** Keep one door page (with the session's cookie); a sign-in page or an error is not kept. */
async function keepPage(cache, path) {
  const response = await fetch(path, { credentials: "same-origin", redirect: "follow" });
  if (response.ok && !response.redirected) await cache.put(path, response);
}

/** The pages an earlier version kept, carried into this one (a new version must not forget the door). */
async function carryPages(cache) {
  for (const name of await caches.keys()) {
    if (!name.startsWith("forum-door-") || name === CACHE) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      const path = new URL(request.url).pathname;
      if (DOOR_PAGE.test(path)) await cache.put(path, await old.match(request));
    }
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    await carryPages(cache);
    await Promise.all((await openDoorPages()).map((path) => keepPage(cache, path).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("forum-door-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

async function pageFirstFromNetwork(request) {
  const cache = await caches.open(CACHE);
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(path, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(path);
    if (kept) return kept;
    throw error;
  }
}

async function assetFromCache(request) {
  const kept = await caches.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate" && DOOR_PAGE.test(url.pathname)) event.respondWith(pageFirstFromNetwork(event.request));
  else if (ASSETS.includes(url.pathname)) event.respondWith(assetFromCache(event.request));
});

self.addEventListener("message", (event) => {
  // signing out: the kept pages hold names; they go with the session
  if (event.data === "forget") event.waitUntil(caches.delete(CACHE));
  // a door page opened while this worker was already installed (another event's door): keep it now
  if (event.data && event.data.keep && DOOR_PAGE.test(event.data.keep)) {
    event.waitUntil(caches.open(CACHE).then((cache) => keepPage(cache, event.data.keep)).catch(() => {}));
  }
});
