"""Validation time per policy, with and without the proofs, side by side in one run.

Run: .venv/bin/python bench/validation.py [--runs 9]

`policy-core validate`, the build and every save during `mkdocs serve` run the proofs: they
enumerate every case to reject a verdict or action with no clause, a question no case asks and an
answer no case reaches. This prints, for the reference policies, the time-rules fixture and policies
with chains of terms (renewals, extensions: two of them real), the
median [min-max] time of parsing the YAML, of the checks without the proofs, of the whole
validation, and the ratio of the whole to the same work without the proofs (same run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from _common import ROOT, summary, table

from policy_core import cases
from policy_core.authoring._build import policy_from_data
from policy_core.authoring._source import parse_policy_text

FILES = (
    ROOT / "docs" / "policies" / "interspire.yml",
    ROOT / "docs" / "policies" / "alurian.yml",
    ROOT / "tests" / "fixtures" / "time-rules.yml",
    # Chains of terms (renewals, extensions): realising their date classes is a search per link.
    ROOT / "tests" / "fixtures" / "terms" / "renewals.yml",
    ROOT / "tests" / "fixtures" / "real" / "envato-item-support.yml",
    ROOT / "tests" / "fixtures" / "real" / "sapien-maintenance.yml",
)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def measure(path: Path, runs: int) -> dict[str, list[float]]:
    text = path.read_text(encoding="utf-8")
    figures: dict[str, list[float]] = {"parse": [], "checks": [], "validate": []}
    for _ in range(runs):
        # Interleaved, so a burst of load on the machine hits both variants alike.
        start = time.perf_counter()
        data, positions = parse_policy_text(text, str(path))
        figures["parse"].append(_ms(start))
        start = time.perf_counter()
        policy_from_data(data, path=str(path), locate=positions, prove=False)
        figures["checks"].append(_ms(start))
        start = time.perf_counter()
        data, positions = parse_policy_text(text, str(path))
        policy_from_data(data, path=str(path), locate=positions, prove=True)  # a new Policy: no cached cases
        figures["validate"].append(_ms(start))
    figures["ratio"] = [
        whole / (parse + checks)
        for whole, parse, checks in zip(figures["validate"], figures["parse"], figures["checks"], strict=True)
    ]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    print(f"bench/validation.py, {dt.datetime.now():%Y-%m-%d %H:%M}; median [min-max] of {runs} runs\n")
    rows = []
    for path in FILES:
        figures = measure(path, runs)
        data, _ = parse_policy_text(path.read_text(encoding="utf-8"), str(path))
        rows += [
            (path.stem, "cases", str(len(cases(policy_from_data(data, prove=False))))),
            (path.stem, "parse the YAML", summary(figures["parse"])),
            (path.stem, "checks without the proofs", summary(figures["checks"])),
            (path.stem, "whole validation (parse, checks, proofs)", summary(figures["validate"])),
            (path.stem, "whole / without the proofs", summary(figures["ratio"], "x")),
        ]
    print(table(rows, ("policy", "measure", "figure")))


if __name__ == "__main__":
    main()
