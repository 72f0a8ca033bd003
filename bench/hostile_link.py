"""A hostile share link in headless Chromium: 150,000 unknown keys (a 1.4 MB link) against the same link without them.

Run: .venv/bin/python bench/hostile_link.py [--runs 5]

Chromium runs on its own, with no automation attached while the page loads: the DevTools
protocol copies the page's address into every network event, so a browser driven by Playwright
spends seconds moving a 1.4 MB address around that a customer's browser never does. A small
page of the site builds the link (with ``?keys=N`` unknown keys) and goes to it; 20 s later the
benchmark attaches and reads the check page's own clock: from navigation to the verdict
(``policy-check:verdict``), to the checker's readiness, and to DOMContentLoaded. Each run starts
a fresh profile (a first visit). The baseline is the same link without the extra keys, in the
same run, so the ratio is what the keys cost.

The floor: the same two links open a bare page (no theme, no widget) whose only script cuts the
address and starts a Web Worker, as the widget does. The checker runs in a worker, and Chromium
starts a worker only once its browser process has handled the navigation to the page's address:
for 1.4 MB, well over a second on its UI thread (a startup trace shows the commit's 4 MB message
and DidFinishNavigation's observers). The time to that worker's first message is the least any
page that checks in a worker can take with the link; Pyodide's start comes after it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from _common import CHROMIUM, CHROMIUM_ARGS, built_site, serve, share_link_with_actions, summary, table
from playwright.sync_api import sync_playwright

from tests.project import free_port

EXTRA_KEYS = 150_000
SETTLE_S = 20  # long enough for either link's verdict on this machine; nothing is attached before

GO_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>go</title>
<script src="go.js"></script></head><body></body></html>"""
GO_JS = """const query = new URLSearchParams(location.search);
const keys = Number(query.get("keys") || 0);
const junk = Array.from({ length: keys }, (_, i) => `&k${i}=x`).join("");
location.replace(`../${query.get("to")}#FRAGMENT${junk}`);
"""
FLOOR_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>
<script type="module" src="floor.js"></script></head><body></body></html>"""
FLOOR_JS = """// As the widget does: the address cut to what the checker reads, then a worker started.
if (location.hash.length > 32769) history.replaceState(null, "", location.pathname + location.hash.slice(0, 32769));
const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", () => {
  performance.mark("bench:worker");
  document.body.append(Object.assign(document.createElement("p"), { id: "answered", textContent: "answered" }));
});
"""
FLOOR_WORKER_JS = 'self.postMessage("started");\n'
# Where the go page leads: the page's path, what shows there when it is done, and the mark that ends the measure.
PAGES = {
    "check": ("interspire/check/", ".policy-verdict__headline", "policy-check:verdict"),
    "floor": ("bench-floor/", "#answered", "bench:worker"),
}
TIMINGS = """(end) => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
  const nav = performance.getEntriesByType("navigation")[0];
  return { verdict: mark(end), ready: mark("policy-check:ready"), dcl: nav.domContentLoadedEventEnd };
}"""


def add_go_page(site: Path, fragment: str) -> None:
    go = site / "bench-go"
    shutil.rmtree(go, ignore_errors=True)
    go.mkdir()
    (go / "index.html").write_text(GO_HTML, encoding="utf-8")
    (go / "go.js").write_text(GO_JS.replace("FRAGMENT", fragment), encoding="utf-8")
    floor = site / "bench-floor"
    shutil.rmtree(floor, ignore_errors=True)
    floor.mkdir()
    for name, text in (("index.html", FLOOR_HTML), ("floor.js", FLOOR_JS), ("worker.js", FLOOR_WORKER_JS)):
        (floor / name).write_text(text, encoding="utf-8")


def one_visit(playwright, base: str, keys: int, to: str = "check") -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Open the go page in a Chromium nobody drives, then attach and read the timings of the page it led to."""
    path, done, end = PAGES[to]
    cdp_port = free_port()
    # Chromium's helpers may still be writing the profile as it exits: what they leave is left.
    with tempfile.TemporaryDirectory(prefix="bench-hostile-", ignore_cleanup_errors=True) as profile:
        command = [
            CHROMIUM,
            "--headless=new",
            f"--remote-debugging-port={cdp_port}",
            f"--user-data-dir={profile}",
            *CHROMIUM_ARGS,
            f"{base}bench-go/?keys={keys}&to={path}",
        ]
        chromium = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(SETTLE_S)
            browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{cdp_port}")
            page = next(p for context in browser.contexts for p in context.pages if f"/{path}" in p.url)
            page.wait_for_selector(done, timeout=60_000)
            timings = dict(page.evaluate(TIMINGS, end))
            browser.close()
            return timings
        finally:
            chromium.terminate()
            chromium.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    port = free_port()
    fragment = share_link_with_actions()
    when = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    print(f"bench/hostile_link.py, {when}, headless Chromium (not driven while loading), {args.runs} runs")
    length = {0: len(fragment), EXTRA_KEYS: len(fragment) + len("".join(f"&k{i}=x" for i in range(EXTRA_KEYS)))}
    found: dict[int, dict[str, list[float]]] = {0: {}, EXTRA_KEYS: {}}
    floor: dict[int, dict[str, list[float]]] = {0: {}, EXTRA_KEYS: {}}
    ratios = []
    with built_site(port) as site, sync_playwright() as playwright:
        add_go_page(site, fragment)
        with serve(site, port, immutable=True, precompressed=True) as server:
            for _ in range(args.runs):
                run = {keys: one_visit(playwright, server.base, keys) for keys in found}
                bare = {keys: one_visit(playwright, server.base, keys, "floor") for keys in floor}
                for seen, visits in ((found, run), (floor, bare)):
                    for keys, timings in visits.items():
                        for name, value in timings.items():
                            seen[keys].setdefault(name, []).append(value)
                ratios.append(run[EXTRA_KEYS]["verdict"] / run[0]["verdict"])
    rows = [
        (
            f"with {keys:,} unknown keys ({length[keys]:,} characters)" if keys else f"the link ({length[0]} characters)",
            summary(found[keys]["verdict"]),
            summary(found[keys]["ready"]),
            summary(found[keys]["dcl"]),
        )
        for keys in found
    ]
    rows.append(("ratio", summary(ratios, "x"), "", ""))
    rows += [
        (
            f"floor, a bare page's worker answers: {f'with {keys:,} unknown keys' if keys else 'the link'}",
            summary(floor[keys]["verdict"]),
            "",
            summary(floor[keys]["dcl"]),
        )
        for keys in floor
    ]
    print(table(rows, ("link", "navigation to verdict", "to ready", "to DOMContentLoaded")))


if __name__ == "__main__":
    main()
