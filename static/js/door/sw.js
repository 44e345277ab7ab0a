// The check-in pages' service worker: the page and what it needs open without a network. The page itself
// is asked of the network first (fresh names and counters) and kept; offline, the kept copy answers. The
// list and the queue are the page's business (IndexedDB), not this worker's.
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
const CACHE = `forum-door-${VERSION}`;
const DOOR_PAGE = /^\/manage\/[^/]+\/checkin$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("forum-door-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

async function pageFirstFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(request.url.split("?")[0], response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request.url.split("?")[0]);
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

// signing out: the kept pages hold names; they go with the session
self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(caches.delete(CACHE));
});
