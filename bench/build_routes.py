"""The project's site built by MkDocs (with the plugin) against Zensical (prepare, build, finish).

Run: .venv/bin/python bench/build_routes.py [--runs 3]

Each route builds a fresh copy of the site ``--runs`` times in turn, cold: MkDocs has no cache
between builds, and Zensical's cache folder is removed before each of its builds. A second row
times Zensical's rebuild after a policy edit with its cache in place, as `zensical serve` would.
The runtime (the same for both) is already built in the user's cache, as after a first build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import summary, table

from tests.project import copy_project


def timed(project: Path, *commands: list[str]) -> list[float]:
    """Each command's time (ms), run in turn."""
    times = []
    for command in commands:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", *command], cwd=project, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


MKDOCS = ["mkdocs", "build", "--strict", "--quiet"]
ZENSICAL = (
    ["policy_core", "site", "prepare"],
    ["zensical", "build", "-f", ".policy-core.yml"],
    ["policy_core", "site", "finish"],
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"bench/build_routes.py, {dt.datetime.now():%Y-%m-%d %H:%M}; median [min-max] of {args.runs} builds\n")
    with tempfile.TemporaryDirectory(prefix="bench-routes-") as tmp:
        work = Path(tmp)
        mkdocs = copy_project(work / "mkdocs")
        zensical = copy_project(work / "zensical")
        (zensical / ".cache").unlink()  # Zensical's own cache, beside the copy
        timed(mkdocs, MKDOCS)  # a first build of each, so that both find the runtime built
        timed(zensical, *ZENSICAL)
        mkdocs_times: list[float] = []
        steps: list[list[float]] = []  # prepare, build, finish of each cold Zensical run
        rebuild_times: list[float] = []
        for n in range(args.runs):
            mkdocs_times += timed(mkdocs, MKDOCS)
            shutil.rmtree(zensical / ".cache", ignore_errors=True)
            steps.append(timed(zensical, *ZENSICAL))
            policy = zensical / "docs" / "policies" / "alurian.yml"
            text = policy.read_text(encoding="utf-8")
            policy.write_text(text.replace("Template Customizations", f"Template Customizations {n}", 1), encoding="utf-8")
            rebuild_times.append(sum(timed(zensical, *ZENSICAL)))
    zensical_times = [sum(run) for run in steps]

    def against_mkdocs(times: list[float]) -> str:
        return f"{sorted(t / m for t, m in zip(times, mkdocs_times, strict=True))[args.runs // 2]:.2f}x"

    rows = [("MkDocs 1.6 + Material, the policy plugin", summary(mkdocs_times), "1.00x")]
    rows.append(("Zensical 0.0.73, the three steps (cold)", summary(zensical_times), against_mkdocs(zensical_times)))
    for index, name in enumerate(("site prepare", "zensical build", "site finish")):
        times = [run[index] for run in steps]
        rows.append((f"  of which {name}", summary(times), against_mkdocs(times)))
    rows.append(("Zensical, after a policy edit (its cache kept)", summary(rebuild_times), against_mkdocs(rebuild_times)))
    print(table(rows, ("route", "build time", "against MkDocs")))


if __name__ == "__main__":
    main()
