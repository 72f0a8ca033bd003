"""Widget benchmarks in headless Chromium: time to ready against the floor, what a customer waits for, bytes.

Run: .venv/bin/python bench/widget.py [--runs 5]

1. Time to ready: (a) a bare page that only runs loadPyodide() from the same self-hosted files
   (the floor) against (b) the check page until data-state="ready". Cold (fresh profile) and warm
   (second visit, same profile), and (b)/(a).
2. What a customer waits for: navigation to the first question being usable, against a plain
   page of the same site; and a scripted customer answering every 1.5 s: the wait after the
   last answer until the verdict.
3. Bytes transferred on a first visit to a policy page and to a check page, by file, and on a
   repeat visit (with the immutable caching a static host can give the versioned runtime).
4. Throttled links (Chromium's CDP throttling, 150 ms latency): time to ready, and time to the
   verdict of a customer who answers as fast as the page lets them, at 1.6 and 9 Mbit/s, as
   ratios to the same journey unthrottled in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import CHROMIUM, CHROMIUM_ARGS, Server, browser_support, built_site, serve, summary, table
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.project import free_port

FLOOR_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>
<script type="module" src="floor.js"></script></head><body data-state="loading"></body></html>"""
FLOOR_JS = """import {{ loadPyodide }} from "../assets/{runtime}/pyodide.mjs";
await loadPyodide({{ indexURL: new URL("../assets/{runtime}/", import.meta.url).href }});
performance.mark("floor:ready");
document.body.dataset.state = "ready";
"""
CUSTOMER = [
    ("issue", "how-to"),
    ("forum", "no"),
    ("purchased", None),
    ("version", "latest"),
    ("customized", "no"),
    ("data-modified", "no"),
    ("addons", "no"),
    ("environment", "supported"),
]


def add_floor_page(site: Path) -> None:
    runtime = next((site / "assets").glob("policy-check-*")).name
    floor = site / "bench-floor"
    shutil.rmtree(floor, ignore_errors=True)
    floor.mkdir()
    (floor / "index.html").write_text(FLOOR_HTML, encoding="utf-8")
    (floor / "floor.js").write_text(FLOOR_JS.format(runtime=runtime), encoding="utf-8")


def mark(page: Page, name: str) -> float:
    return float(page.evaluate("(n) => performance.getEntriesByName(n)[0].startTime", name))


def ready_time(page: Page, url: str, selector: str, mark_name: str) -> float:
    page.goto(url)
    page.locator(selector).wait_for(state="attached", timeout=60_000)
    return mark(page, mark_name)


def time_to_ready(playwright: Playwright, base: str, runs: int) -> None:
    """Cold: a fresh browser profile (on disk, like a visitor's). Warm: the second visit in it."""
    results: dict[str, list[float]] = defaultdict(list)
    targets = {
        "(a) floor: loadPyodide() only": (f"{base}bench-floor/", "body[data-state='ready']", "floor:ready"),
        "(b) check page until ready": (f"{base}alurian/check/", ".policy-check[data-state='ready']", "policy-check:ready"),
    }
    for _ in range(runs):
        for label, (url, selector, mark_name) in targets.items():  # alternate, so noise hits both alike
            with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                page = context.new_page()
                results[f"{label}, cold"].append(ready_time(page, url, selector, mark_name))
                page.goto("about:blank")
                results[f"{label}, warm"].append(ready_time(page, url, selector, mark_name))
                context.close()
    rows = [(label, summary(values)) for label, values in results.items()]
    for kind in ("cold", "warm"):
        floor, ours = results[f"(a) floor: loadPyodide() only, {kind}"], results[f"(b) check page until ready, {kind}"]
        ratios = [b / a for a, b in zip(floor, ours, strict=True)]
        rows.append((f"ratio (b)/(a), {kind}", summary(ratios, "x")))
    print("\n1. Time to ready (navigation start to ready; median [min-max] of", runs, "runs)\n")
    print(table(rows, ("measure", "time")))


PAINT = "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
LOADED = "() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"


def first_question(browser: Browser, base: str, runs: int) -> None:
    """The first question is a native radio group in the page's HTML: usable once painted, no script needed."""
    results: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        for label, path in (("plain page (alurian/)", "alurian/"), ("check page (alurian/check/)", "alurian/check/")):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + path)
            if "check" in path:
                page.locator("fieldset[data-question='issue'] input").first.wait_for(state="visible")
            page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
            results[f"{label}: first contentful paint"].append(page.evaluate(PAINT))
            results[f"{label}: DOMContentLoaded"].append(page.evaluate(LOADED))
            context.close()
    rows = [(label, summary(values)) for label, values in results.items()]
    for metric in ("first contentful paint", "DOMContentLoaded"):
        plain = results[f"plain page (alurian/): {metric}"]
        check = results[f"check page (alurian/check/): {metric}"]
        rows.append((f"ratio check/plain, {metric}", summary([c / p for p, c in zip(plain, check, strict=True)], "x")))
    print("\n2a. First question usable (painted; a native radio group) against a plain policy page\n")
    print(table(rows, ("measure", "time")))


def answer_as_customer(page: Page, question: str, value: str | None, today: str, *, timeout: int) -> None:
    """Answer once the question shows: the option, or today's date where ``value`` is None."""
    fieldset = page.locator(f"fieldset[data-question='{question}']")
    fieldset.wait_for(state="visible", timeout=timeout)
    if value is None:
        fieldset.locator("input[type='date']").fill(today)
    else:
        fieldset.locator(f"input[value='{value}']").check()


def human_pace(browser: Browser, base: str, runs: int) -> None:
    waits = []
    today = dt.date.today().isoformat()
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}alurian/check/")
        for question, value in CUSTOMER:
            time.sleep(1.5)
            answer_as_customer(page, question, value, today, timeout=60_000)
            last = page.evaluate("() => performance.now()")
        page.locator(".policy-check[data-state='verdict']").wait_for(timeout=60_000)
        waits.append(max(0.0, mark(page, "policy-check:verdict") - last))
        context.close()
    print("\n2b. A customer answering every 1.5 s: wait from the last answer to the verdict\n")
    print(table([("wait after last answer", summary(waits))], ("measure", "time")))


def bytes_report(browser: Browser, server: Server, label: str) -> None:
    """Bytes the server sent (response bodies; a 304 sends none) for each kind of visit."""
    base = server.base
    visits = (
        ("first visit to a policy page", f"{base}interspire/", False),
        ("first visit to a check page", f"{base}interspire/check/", False),
        ("repeat visit to the check page", f"{base}interspire/check/", True),
    )
    for title, url, repeat in visits:
        context = browser.new_context()
        page = context.new_page()
        if repeat:
            visit(page, url)
        server.sent.clear()
        visit(page, url)
        context.close()
        sizes: dict[str, int] = defaultdict(int)
        for path, size in server.sent:
            sizes[path] += size
        rows = [(path, f"{size:,}") for path, size in sorted(sizes.items(), key=lambda kv: -kv[1])]
        shown = rows[:10] + ([(f"... {len(rows) - 10} more", "")] if len(rows) > 10 else [])
        print(f"\n3. Bytes sent, {title} ({label})\n")
        print(table([*shown, ("TOTAL", f"{sum(sizes.values()):,}")], ("file", "bytes")))


def throttled_journeys(browser: Browser, base: str, runs: int) -> None:
    """Cold visits (a fresh context each); the answers are clicked as soon as each question shows."""
    profiles = {"unthrottled": None, "9 Mbit/s": 9.0, "1.6 Mbit/s": 1.6}
    ready: dict[str, list[float]] = defaultdict(list)
    verdict: dict[str, list[float]] = defaultdict(list)
    today = dt.date.today().isoformat()
    for _ in range(runs):
        for label, megabits in profiles.items():
            context = browser.new_context()
            page = context.new_page()
            if megabits is not None:
                browser_support.throttle(page, megabits=megabits)
            page.goto(f"{base}alurian/check/")
            for question, value in CUSTOMER:
                answer_as_customer(page, question, value, today, timeout=300_000)
            page.locator(".policy-check[data-state='verdict']").wait_for(timeout=300_000)
            ready[label].append(mark(page, "policy-check:ready"))
            verdict[label].append(mark(page, "policy-check:verdict"))
            context.close()
    rows = []
    for label in profiles:
        rows.append((f"{label}: time to ready", summary(ready[label])))
        rows.append((f"{label}: time to verdict", summary(verdict[label])))
        if label != "unthrottled":
            ratios = [v / u for u, v in zip(verdict["unthrottled"], verdict[label], strict=True)]
            rows.append((f"{label}: verdict, ratio to unthrottled", summary(ratios, "x")))
    print("\n4. Throttled links: a customer answering as fast as the page allows (navigation start to ready / verdict)\n")
    print(table(rows, ("measure", "time")))


def visit(page: Page, url: str) -> None:
    page.goto(url)
    if "/check/" in url:
        page.locator(".policy-check[data-state='ready']").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    port = free_port()
    print(f"bench/widget.py, {dt.datetime.now():%Y-%m-%d %H:%M}, headless Chromium, {args.runs} runs")
    with built_site(port) as site, sync_playwright() as playwright:
        add_floor_page(site)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        with serve(site, port, immutable=True, precompressed=True) as server:
            print(
                "\nServed as a static host would: brotli_static and gzip_static (the .br and .gz files the build writes), and the"
            )
            print("versioned runtime (assets/policy-check-<key>/) cached as immutable.")
            time_to_ready(playwright, server.base, args.runs)
            first_question(browser, server.base, args.runs)
            human_pace(browser, server.base, max(2, args.runs // 2))
            bytes_report(browser, server, "static host: pre-compressed .br/.gz, immutable runtime")
            throttled_journeys(browser, server.base, max(1, args.runs // 3))
        with serve(site, port) as server:
            bytes_report(browser, server, "plain server: no compression, no cache headers")
        browser.close()


if __name__ == "__main__":
    main()
