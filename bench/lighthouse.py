"""Lighthouse scores of the home page, a policy page and a check page, served as a static host would.

Run: .venv/bin/python bench/lighthouse.py [--runs 3]

Each page is audited several times, because the performance score moves with this machine's load
(Lighthouse simulates its throttling from what it observes): the median and the range are printed,
with the metrics behind the score.

Installs Lighthouse from npm into .cache/lighthouse on first use (it is a benchmark tool, not a
dependency of the site) and drives Debian's Chromium with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from _common import CHROMIUM, CHROMIUM_ARGS, ROOT, built_site, serve, table

from tests.project import free_port

LIGHTHOUSE = "13.5.0"
TOOL = ROOT / ".cache" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "", "policy (interspire)": "interspire/", "check (interspire)": "interspire/check/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # Lighthouse's audit: what the table calls it
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "speed-index": "SI",
}


def install() -> None:
    if not CLI.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(TOOL), f"lighthouse@{LIGHTHOUSE}"],
            check=True,
        )


def audit(url: str) -> dict[str, float]:
    """The category scores (0-100) and the metrics (ms) of one Lighthouse run."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                "node",
                str(CLI),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    figures = {name: data["categories"][name]["score"] * 100 for name in CATEGORIES}
    return figures | {label: data["audits"][audit]["numericValue"] for audit, label in METRICS.items()}


def spread(values: list[float]) -> str:
    low, high = min(values), max(values)
    median = f"{statistics.median(values):.0f}"
    return median if low == high else f"{median} [{low:.0f}-{high:.0f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    install()
    port = free_port()
    print(
        f"bench/lighthouse.py, {dt.datetime.now():%Y-%m-%d %H:%M}, Lighthouse {LIGHTHOUSE} (its default mobile throttling), "
        f"{runs} runs: median [min-max]; metrics in ms\n"
    )
    columns = (*CATEGORIES, *METRICS.values())
    rows = []
    with built_site(port) as site, serve(site, port, immutable=True, precompressed=True) as server:
        for name, path in PAGES.items():
            audits = [audit(server.base + path) for _ in range(runs)]
            rows.append((name, *(spread([a[column] for a in audits]) for column in columns)))
    print(table(rows, ("page", *columns)))


if __name__ == "__main__":
    main()
