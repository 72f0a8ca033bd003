"""What shipping the checker as source costs: the runtime a site gets when its Python cannot compile for Pyodide.

Run: .venv/bin/python bench/engine_kinds.py [--runs 3]

A site built on Python 3.13 (or from the release wheel) ships the engine and the trimmed standard
library as lean bytecode. A site built on another Python ships both as source, which Pyodide
compiles in the browser as the checker starts (README, "The checker as source"). One site is
built; a copy of it gets the source runtime (``build_engine(bytecode=False)``, pre-compressed the
same way); both are served as a host with pre-compressed files serves them. Printed: the bytes of
a first visit, and time to ready, cold and warm, with the ratio source/bytecode run by run, on
the unthrottled profile and with the whole browser on a quarter of one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from _common import CHROMIUM, ROOT, built_site, serve, share_link_with_actions, slow_cpu_chromium, summary, table
from playwright.sync_api import sync_playwright
from runtime import SLOW_CPU, first_visit_bytes, journeys, ratio

from policy_core.runtime.build import RUNTIME_SIZES, precompress
from policy_core.runtime.engine import STDLIB, build_engine
from policy_core.runtime.pyodide import PYODIDE_VERSION
from tests.project import free_port


def source_copy(site: Path) -> Path:
    """A copy of the site whose runtime holds the engine and the standard library as source."""
    copy = shutil.copytree(site, site.parent / "source")
    (runtime,) = (copy / "assets").glob("policy-check-*")
    lock_file, sizes_file = runtime / "pyodide-lock.json", runtime / RUNTIME_SIZES
    lock, sizes = json.loads(lock_file.read_text(encoding="utf-8")), json.loads(sizes_file.read_text(encoding="utf-8"))
    old = runtime / lock["packages"]["policy-core"]["file_name"]
    for stale in [old, *runtime.glob(f"{old.name}.*"), *runtime.glob(f"{STDLIB}*")]:
        stale.unlink()
    del sizes["bytes"][old.name]
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as scratch:
        engine = build_engine(
            Path(scratch), ROOT / "node_modules" / "pyodide" / "pyodide-lock.json", PYODIDE_VERSION, "0.1.0", bytecode=False
        )
        entry = json.loads((engine / "engine.json").read_text(encoding="utf-8"))["entry"]
        for name in (entry["file_name"], STDLIB):
            shutil.copy2(engine / name, runtime / name)
            sizes["bytes"][name] = (runtime / name).stat().st_size
            precompress(runtime / name, quality=11)
    assert entry["sha256"] == hashlib.sha256((runtime / entry["file_name"]).read_bytes()).hexdigest()
    lock["packages"]["policy-core"] = entry
    sizes["bytecode"] = False
    lock_file.write_text(json.dumps(lock, separators=(",", ":")), encoding="utf-8")
    sizes_file.write_text(json.dumps(sizes, separators=(",", ":")), encoding="utf-8")
    for packed in (*runtime.glob("pyodide-lock.json.*"), *runtime.glob(f"{RUNTIME_SIZES}.*")):
        packed.unlink()
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"bench/engine_kinds.py, {dt.datetime.now():%Y-%m-%d %H:%M}, headless Chromium; median [min-max]")
    link = share_link_with_actions()
    port_bytecode, port_source = free_port(), free_port()
    with built_site(port_bytecode) as site, sync_playwright() as playwright:
        source = source_copy(site)
        with (
            serve(site, port_bytecode, immutable=True, precompressed=True) as bytecode_server,
            serve(source, port_source, immutable=True, precompressed=True) as source_server,
            slow_cpu_chromium() as slow_chromium,
        ):
            first_visit_bytes(playwright, {"bytecode": bytecode_server, "source": source_server})
            bases = {"bytecode": bytecode_server.base, "source": source_server.base}
            for profile, chromium in (("unthrottled", CHROMIUM), (SLOW_CPU, slow_chromium)):
                if chromium is None:
                    print(f"\n{profile}: not measured (a CPU cgroup needs root and the cgroup cpu controller)")
                    continue
                results = journeys(playwright, bases, profile, args.runs, link, chromium=chromium)
                rows = [(label, summary(values, "MB" if "MB" in label else "ms")) for label, values in results.items()]
                for visit in ("cold", "warm"):
                    rows.append(
                        (
                            f"ready source/bytecode, {visit}",
                            ratio(results[f"source: ready, {visit}"], results[f"bytecode: ready, {visit}"]),
                        )
                    )
                print(f"\n{profile} ({args.runs} runs)\n")
                print(table(rows, ("measure", "value")))


if __name__ == "__main__":
    main()
