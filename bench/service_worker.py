"""Would a service worker help the self-check? Warm time to ready with and without one, and offline.

Run: .venv/bin/python bench/service_worker.py [--runs 5]

The candidate (SERVICE_WORKER below) is what a shipped one would be: its cache named by the
runtime's key, cache-first for the versioned runtime, network-first for everything else (pages,
theme, policy JSON) so that a page is never stale while the network answers, and the caches of
other runtime keys deleted when a new deployment activates. It is written into a copy of the
built site at its root (a worker controls only the paths under its own), registered after the
checker is ready, and given the URLs the first visit loaded.

Each run is a fresh browser profile: a first visit, then (with the worker) registration, then a
second visit, timed to ready; then the same second visit with the network cut. Served as a static
host with pre-compressed files and the runtime cached as immutable. Nothing of this ships.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections import defaultdict

from _common import CHROMIUM, CHROMIUM_ARGS, built_site, serve, summary, table
from playwright.sync_api import Error, Playwright, sync_playwright

from tests.project import free_port

SERVICE_WORKER = """
const KEY = new URL(self.location).searchParams.get("key");
const STRATEGY = new URL(self.location).searchParams.get("strategy");
const RUNTIME = `policy-check-${KEY}`;
const PAGES = "policy-check-pages";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith("policy-check-") && name !== RUNTIME && name !== PAGES) await caches.delete(name);
  }
  await self.clients.claim();
})()));
self.addEventListener("message", (event) => event.waitUntil((async () => {
  const urls = event.data.urls;
  const runtime = await caches.open(RUNTIME), pages = await caches.open(PAGES);
  await Promise.all(urls.map((url) => (url.includes(`/${RUNTIME}/`) ? runtime : pages).add(url)));
  event.source.postMessage("cached");
})()));
async function cacheFirst(request) {
  return (await caches.match(request)) || fetch(request);
}
async function networkFirst(request, keep) {
  try {
    const response = await fetch(request);
    if (keep && response.ok) (await caches.open(PAGES)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const versioned = url.pathname.includes(`/${RUNTIME}/`);  // immutable, and cached when installed
  if (versioned && STRATEGY === "cache-first") event.respondWith(cacheFirst(event.request));
  else event.respondWith(networkFirst(event.request, !versioned));
});
"""
REGISTER = """async ([key, strategy]) => {
  const urls = [location.href.split("#")[0], ...performance.getEntriesByType("resource").map((e) => e.name)]
    .filter((url) => new URL(url).origin === location.origin);
  const registration = await navigator.serviceWorker.register(`/policy-check-sw.js?key=${key}&strategy=${strategy}`);
  await navigator.serviceWorker.ready;
  const done = new Promise((resolve) => navigator.serviceWorker.addEventListener("message", resolve, { once: true }));
  registration.active.postMessage({ urls });
  await done;
  return urls.length;
}"""
READY = ".policy-check[data-state='ready'], .policy-check[data-state='verdict']"


def ready_ms(page) -> float:  # type: ignore[no-untyped-def]  (a Playwright page)
    page.locator(READY).wait_for(state="attached", timeout=120_000)
    return float(page.evaluate("() => performance.getEntriesByName('policy-check:ready')[0].startTime"))


STRATEGIES = {  # name: the worker's strategy for the versioned runtime, or None for no worker
    "no service worker": None,
    "runtime from the cache": "cache-first",
    "everything from the network first": "network-first",
}


def run(playwright: Playwright, base: str, key: str, variant: str, results: dict[str, list[float]]) -> None:
    strategy = STRATEGIES[variant]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        context = playwright.chromium.launch_persistent_context(
            folder, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = context.new_page()
        page.goto(f"{base}interspire/check/")
        results[f"{variant}: ready, cold"].append(ready_ms(page))
        if strategy:
            results[f"{variant}: files cached"].append(page.evaluate(REGISTER, [key, strategy]))
        page.close()
        page = context.new_page()
        page.goto(f"{base}interspire/check/")
        results[f"{variant}: ready, warm"].append(ready_ms(page))
        page.close()
        context.set_offline(True)
        page = context.new_page()
        try:
            page.goto(f"{base}interspire/check/")
            offline = ready_ms(page)
            results[f"{variant}: ready, warm, offline"].append(offline)
        except Error:
            results[f"{variant}: offline visits that failed"].append(1)
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"bench/service_worker.py, {dt.datetime.now():%Y-%m-%d %H:%M}, headless Chromium; median [min-max]")
    port = free_port()
    with built_site(port) as site, sync_playwright() as playwright:
        (runtime,) = (site / "assets").glob("policy-check-*")
        key = runtime.name.removeprefix("policy-check-")
        (site / "policy-check-sw.js").write_text(SERVICE_WORKER, encoding="utf-8")
        with serve(site, port, immutable=True, precompressed=True) as server:
            results: dict[str, list[float]] = defaultdict(list)
            for _ in range(args.runs):
                for variant in STRATEGIES:  # alternate, so that noise hits all alike
                    run(playwright, server.base, key, variant, results)
    rows = [(label, summary(values, "" if "files" in label or "failed" in label else "ms")) for label, values in results.items()]
    without = results["no service worker: ready, warm"]
    for variant in list(STRATEGIES)[1:]:
        ratios = [a / b for a, b in zip(results[f"{variant}: ready, warm"], without, strict=True)]
        rows.append((f"{variant}: warm, against no service worker", summary(ratios, "x")))
    print(table(rows, ("measure", "value")))


if __name__ == "__main__":
    main()
