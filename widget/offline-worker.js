// The self-check offline after a first visit: the plugin's `offline: true` (README, "Fetched ahead,
// and offline"). One service worker script, registered twice by prefetch.js:
// - as <policy>/policy-check-offline.js, which the build writes into each policy's folder: it sets
//   `self.policyCheckOffline` ({policy, deployment, runtime, precache}) and imports this file. Its
//   scope is that folder: it controls the policy's pages and no other page of the site (a vendor's
//   own worker keeps the rest), and keeps those pages and what they load;
// - here, in the runtime's folder, with that folder as its scope. The checker's Web Worker is
//   controlled by the registration whose scope holds the worker's own URL (worker.js is here), not
//   by its page's: this one serves the runtime to it.
// The runtime's folder is named by its content, so its files are served from the cache first;
// everything else (pages, the theme, the policy's JSON) from the network first, and from the cache
// when the network fails, so that a page is never stale while the network answers. A new
// deployment's worker deletes the caches of the one before when it activates.

const config = self.policyCheckOffline ?? null;
const RUNTIME = new URL(config ? config.runtime : "./", self.location).href; // ends in /policy-check-<key>/
const RUNTIME_CACHE = `policy-check-runtime-${RUNTIME.split("/").at(-2).replace(/^policy-check-/, "")}`;
const OWN_CACHE = config ? `policy-check-pages-${config.policy}-${config.deployment}` : RUNTIME_CACHE;
const REPLACED = config ? [`policy-check-pages-${config.policy}-`, "policy-check-runtime-"] : ["policy-check-runtime-"];

async function precache() {
  const cache = await caches.open(OWN_CACHE);
  if (config) return cache.addAll(config.precache.map((url) => new URL(url, self.location)));
  const listing = await fetch(new URL("runtime.json", RUNTIME));
  if (!listing.ok) throw new Error(`runtime.json: HTTP ${listing.status}`);
  const { files } = await listing.clone().json();
  await cache.put(new URL("runtime.json", RUNTIME), listing);
  return cache.addAll(files.map((name) => new URL(name, RUNTIME)));
}

self.addEventListener("install", (event) => event.waitUntil(precache().then(() => self.skipWaiting())));

self.addEventListener("activate", (event) =>
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        const earlier = REPLACED.some((prefix) => name.startsWith(prefix)) && name !== OWN_CACHE && name !== RUNTIME_CACHE;
        if (earlier) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  ),
);

// Into a cache made at install only: once a page of a site without the option has deleted it
// (prefetch.js), this worker, still serving the page that did so, must not make it again.
async function keep(name, request, response) {
  if (await caches.has(name)) await (await caches.open(name)).put(request, response);
}

async function cacheFirst(event) {
  const cached = await caches.match(event.request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(event.request);
  if (response.ok) {
    const copy = response.clone();
    event.waitUntil(keep(RUNTIME_CACHE, event.request, copy));
  }
  return response;
}

async function networkFirst(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (config && response.ok && response.type === "basic") {
      const copy = response.clone();
      event.waitUntil(keep(OWN_CACHE, request, copy));
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true, ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;
  event.respondWith(request.url.startsWith(RUNTIME) ? cacheFirst(event) : networkFirst(event));
});
