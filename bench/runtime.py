"""The self-check's runtime before and after trimming, side by side, on the network profiles customers have.

Run: .venv/bin/python bench/runtime.py [--runs 3]

One site is built; a copy of it gets the runtime as it was before (Pyodide's whole standard
library as source, the engine wheel deflated with full bytecode as `pyodide py-compile` makes it,
gzip only, and no pre-compressed pages or theme files), and both are served
as a static host with pre-compressed files would serve them (brotli_static, gzip_static; the
versioned runtime cached as immutable). The
floor is a bare page that runs the stock `loadPyodide()` from the stock files.

For each profile (the links: Chromium's CDP throttling, the worker's downloads included; the slow
CPU: the whole browser in a CPU cgroup, because CDP's CPU throttling never slows the worker that
boots Pyodide) and each runtime:
time to the first usable question, time to ready, cold (a fresh profile on disk) and warm (the
second visit), the bytes of a first visit by file, the page's JS heap when ready (CDP
`Performance.getMetrics`), and the time from opening a share link to its verdict.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import marshal
import shutil
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from _common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CPU_SHARE,
    ROOT,
    browser_support,
    built_site,
    serve,
    share_link_with_actions,
    slow_cpu_chromium,
    summary,
    table,
)
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from policy_core.runtime.build import RUNTIME_SIZES
from tests.project import free_port

SLOW_CPU = f"the browser on {CPU_SHARE:.0%} of one core"
PROFILES = {  # name: (megabits per second or None, latency ms, a slow CPU)
    "unthrottled": (None, 0, False),
    "9 Mbit/s, 40 ms": (9.0, 40, False),
    "1.6 Mbit/s, 150 ms": (1.6, 150, False),
    SLOW_CPU: (None, 0, True),
}
FLOOR_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>
<script type="module" src="floor.js"></script></head><body data-state="loading"></body></html>"""
FLOOR_JS = """import { loadPyodide } from "../assets/policy-check-stock/pyodide.mjs";
await loadPyodide({ indexURL: new URL("../assets/policy-check-stock/", import.meta.url).href });
performance.mark("floor:ready");
document.body.dataset.state = "ready";
"""
QUESTION = "fieldset[data-question] input"
READY = ".policy-check[data-state='ready'], .policy-check[data-state='verdict']"
SETTLED = f"{READY}, .policy-check[data-state='error']"  # a failure is a figure too, not a timeout


def stock_runtime(site: Path) -> Path:
    """A copy of the site whose runtime is as before: Pyodide's whole standard library, .gz files only."""
    before = shutil.copytree(site, site.parent / "before")
    (runtime,) = (before / "assets").glob("policy-check-*")
    for brotli in before.rglob("*.br"):
        brotli.unlink()
    for packed in before.rglob("*.gz"):  # before, only the runtime's files had a .gz (the zip was deflated)
        if packed.parent != runtime or packed.name == "python_stdlib.zip.gz":
            packed.unlink()
    shutil.copy2(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip", runtime / "python_stdlib.zip")
    classic_wheel(runtime)
    # The stock files, on the same host: cached as immutable, with the host's .br and .gz of them.
    stock = before / "assets" / "policy-check-stock"
    stock.mkdir()
    for name in ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        shutil.copy2(ROOT / "node_modules" / "pyodide" / name, stock / name)
        for packed in (site / "assets" / runtime.name).glob(f"{name}.*"):
            if name != "python_stdlib.zip":
                shutil.copy2(packed, stock / packed.name)
    floor = before / "bench-floor"
    floor.mkdir()
    (floor / "index.html").write_text(FLOOR_HTML, encoding="utf-8")
    (floor / "floor.js").write_text(FLOOR_JS, encoding="utf-8")
    return before


def classic_wheel(runtime: Path) -> None:
    """The engine wheel as it was before: bytecode with docstrings and every line, deflated."""
    lock_file, sizes_file = runtime / "pyodide-lock.json", runtime / RUNTIME_SIZES
    lock, sizes = json.loads(lock_file.read_text(encoding="utf-8")), json.loads(sizes_file.read_text(encoding="utf-8"))
    entry = lock["packages"]["policy-core"]
    wheel = runtime / entry["file_name"]
    with zipfile.ZipFile(wheel) as lean:
        files = {name: lean.read(name) for name in lean.namelist()}
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as classic:
        for name, data in files.items():
            if not name.endswith(".pyc"):
                classic.writestr(name, data)
                continue
            source = name.removesuffix("c")
            code = compile((ROOT / source).read_bytes(), source, "exec", dont_inherit=True)
            classic.writestr(name, importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code))
    entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    sizes["bytes"][wheel.name] = wheel.stat().st_size
    lock_file.write_text(json.dumps(lock), encoding="utf-8")
    sizes_file.write_text(json.dumps(sizes), encoding="utf-8")
    for stale in (*runtime.glob(f"{wheel.name}.*"), *runtime.glob("pyodide-lock.json.*"), *runtime.glob(f"{RUNTIME_SIZES}.*")):
        stale.unlink()


def shaped(context: BrowserContext, profile: str):  # type: ignore[no-untyped-def]  (a Playwright page)
    megabits, latency, _ = PROFILES[profile]
    page = context.new_page()
    if megabits is not None:
        browser_support.throttle(page, megabits=megabits, latency_ms=latency)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    return page, cdp


def mark(page, name: str) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate("(n) => performance.getEntriesByName(n)[0].startTime", name))


def heap(cdp) -> float:  # type: ignore[no-untyped-def]
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["JSHeapTotalSize"]) / 1e6


def journeys(
    playwright: Playwright, bases: dict[str, str], profile: str, runs: int, link: str, *, chromium: str
) -> dict[str, list[float]]:
    results: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        for variant, base in bases.items():  # alternate, so that noise hits both alike
            with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
                context = playwright.chromium.launch_persistent_context(
                    folder, executable_path=chromium, headless=True, args=CHROMIUM_ARGS
                )
                for visit in ("cold", "warm"):
                    page, cdp = shaped(context, profile)
                    page.goto(f"{base}interspire/check/")
                    page.locator(QUESTION).first.wait_for(state="visible", timeout=300_000)
                    results[f"{variant}: first question usable, {visit}"].append(page.evaluate("() => performance.now()"))
                    page.locator(SETTLED).first.wait_for(state="attached", timeout=300_000)
                    failure = page.locator(".policy-check").first.get_attribute("data-error-kind")
                    if failure:
                        results[f"{variant}: failed ({failure}), {visit}"].append(page.evaluate("() => performance.now()"))
                    else:
                        results[f"{variant}: ready, {visit}"].append(mark(page, "policy-check:ready"))
                        results[f"{variant}: JS heap when ready (MB), {visit}"].append(heap(cdp))
                    page.close()
                page, _ = shaped(context, profile)
                page.goto(f"{base}interspire/check/#{link}")
                page.locator(".policy-check[data-state='verdict'], .policy-check[data-state='error']").first.wait_for(
                    timeout=300_000
                )
                failure = page.locator(".policy-check").first.get_attribute("data-error-kind")
                label = f"failed ({failure})" if failure else "share link to verdict"
                results[f"{variant}: {label}, warm"].append(mark(page, "policy-check:verdict") if not failure else 0.0)
                context.close()
    return results


def floor(playwright: Playwright, base: str, runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
            context = playwright.chromium.launch_persistent_context(
                folder, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for visit in ("cold", "warm"):
                page = context.new_page()
                page.goto(f"{base}bench-floor/")
                page.locator("body[data-state='ready']").wait_for(state="attached", timeout=120_000)
                results[f"floor: stock loadPyodide(), {visit}"].append(mark(page, "floor:ready"))
                page.close()
            context.close()
    return results


def first_visit_bytes(playwright: Playwright, servers: dict[str, object]) -> None:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    rows = []
    totals = {}
    by_file: dict[str, dict[str, int]] = {}
    for variant, server in servers.items():
        context = browser.new_context()
        page = context.new_page()
        server.sent.clear()  # type: ignore[attr-defined]
        page.goto(f"{server.base}interspire/check/")  # type: ignore[attr-defined]
        page.locator(READY).wait_for(state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle")
        context.close()
        sizes: dict[str, int] = defaultdict(int)
        for path, size in server.sent:  # type: ignore[attr-defined]
            name = path.rsplit("/", 1)[-1] if "/policy-check-" in path else "the page and the theme"
            sizes[name] += size
        by_file[variant] = sizes
        totals[variant] = sum(sizes.values())
    browser.close()
    base, other = servers  # the first is the baseline
    names = sorted({n for sizes in by_file.values() for n in sizes}, key=lambda n: -by_file[base].get(n, 0))
    for name in names:
        before, after = by_file[base].get(name, 0), by_file[other].get(name, 0)
        if max(before, after) >= 5_000:
            rows.append((name, f"{before:,}", f"{after:,}"))
    rows.append(("TOTAL", f"{totals[base]:,}", f"{totals[other]:,} ({totals[other] / totals[base]:.2f}x)"))
    print("\nBytes of a first visit to a check page (pre-compressed files served as .br where the browser accepts it)\n")
    print(table(rows, ("file", base, other)))


def ratio(values: list[float], baselines: list[float]) -> str:
    """Run by run; none when a run failed on either side (its failure is in the table)."""
    if not values or len(values) != len(baselines):
        return "n/a (a run failed)"
    return summary([v / b for v, b in zip(values, baselines, strict=True)], "x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="append", help="only the profiles whose name contains this (repeatable)")
    args = parser.parse_args()
    print(f"bench/runtime.py, {dt.datetime.now():%Y-%m-%d %H:%M}, headless Chromium; median [min-max]")
    link = share_link_with_actions()
    port_after, port_before = free_port(), free_port()
    with built_site(port_after) as site, sync_playwright() as playwright:
        before = stock_runtime(site)
        with (
            serve(site, port_after, immutable=True, precompressed=True) as after_server,
            serve(before, port_before, immutable=True, precompressed=True) as before_server,
            slow_cpu_chromium() as slow_chromium,
        ):
            bases = {"before": before_server.base, "after": after_server.base}
            first_visit_bytes(playwright, {"before": before_server, "after": after_server})
            base_floor = floor(playwright, before_server.base, args.runs)
            for profile, (_, _, slow) in PROFILES.items():
                if args.profile and not any(part in profile for part in args.profile):
                    continue
                if slow and slow_chromium is None:
                    print(f"\n{profile}: not measured (a CPU cgroup needs root and the cgroup cpu controller)")
                    continue
                runs = args.runs if profile in ("unthrottled", SLOW_CPU) else max(1, args.runs // 2)
                results = journeys(playwright, bases, profile, runs, link, chromium=(slow and slow_chromium) or CHROMIUM)
                if profile == "unthrottled":
                    results.update(base_floor)
                rows = [(label, summary(values, "MB" if "MB" in label else "ms")) for label, values in results.items()]
                for visit in ("cold", "warm"):
                    after = results[f"after: ready, {visit}"]
                    rows.append((f"ready after/before, {visit}", ratio(after, results[f"before: ready, {visit}"])))
                    if profile == "unthrottled":
                        rows.append(
                            (f"ready after/stock floor, {visit}", ratio(after, results[f"floor: stock loadPyodide(), {visit}"]))
                        )
                print(f"\n{profile} ({runs} runs)\n")
                print(table(rows, ("measure", "value")))


if __name__ == "__main__":
    main()
