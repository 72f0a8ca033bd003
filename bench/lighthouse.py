"""Lighthouse scores of the home page, a policy page and a check page, served as a static host would.

Run: .venv/bin/python bench/lighthouse.py

Installs Lighthouse from npm into .cache/lighthouse on first use (it is a benchmark tool, not a
dependency of the site) and drives Debian's Chromium with it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
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


def install() -> None:
    if not CLI.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(TOOL), f"lighthouse@{LIGHTHOUSE}"],
            check=True,
        )


def scores(url: str) -> dict[str, float]:
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
    return {name: data["categories"][name]["score"] * 100 for name in CATEGORIES}


def main() -> None:
    install()
    port = free_port()
    print(f"bench/lighthouse.py, {dt.datetime.now():%Y-%m-%d %H:%M}, Lighthouse {LIGHTHOUSE} (its default mobile throttling)\n")
    with built_site(port) as site, serve(site, port, immutable=True, precompressed=True) as server:
        rows = [(name, *(f"{value:.0f}" for value in scores(server.base + path).values())) for name, path in PAGES.items()]
    print(table(rows, ("page", *CATEGORIES)))


if __name__ == "__main__":
    main()
