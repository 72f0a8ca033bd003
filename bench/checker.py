"""Checker speed in CPython and in Pyodide (Node, the shipped wheel), side by side in one run.

Run: .venv/bin/python bench/checker.py

For each reference policy: verdicts per second (check() over every case, with real dates),
the time of cases(), of one next-question computation (what the widget runs after each click),
and of reading the compiled policy; then the Pyodide/CPython ratio of each.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

from _common import ROOT, table
from checker_timings import run

import policy_core
from policy_core.runtime.build import build_runtime

POLICIES = ("interspire", "alurian")
HERE = Path(__file__).resolve().parent


def main() -> None:
    today = dt.date(2026, 6, 15).isoformat()
    runtime = build_runtime(ROOT / ".cache" / "policy-site", ROOT / "node_modules" / "pyodide", ROOT / "widget")
    compiled = {}
    for name in POLICIES:
        policy = policy_core.load_policy(ROOT / "docs" / "policies" / f"{name}.yml")
        compiled[name] = policy_core.compile_policy(policy)
    tmp = ROOT / ".cache" / "bench-policies"
    tmp.mkdir(parents=True, exist_ok=True)
    for name, text in compiled.items():
        (tmp / f"{name}.json").write_text(text, encoding="utf-8")

    cpython = {name: json.loads(run(text, today)) for name, text in compiled.items()}
    node = shutil.which("node") or "node"
    output = subprocess.run(
        [node, str(HERE / "checker_pyodide.mjs"), str(runtime), today, *(str(tmp / f"{n}.json") for n in POLICIES)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pyodide = {row["policy"]: row for row in map(json.loads, output.splitlines())}

    print(f"bench/checker.py, {dt.datetime.now():%Y-%m-%d %H:%M}; medians of 5 repeats\n")
    rows = []
    for name in POLICIES:
        c, p = cpython[name], pyodide[name]
        rows += [
            (name, "cases", f"{c['cases']}", f"{p['cases']}", ""),
            (
                name,
                "verdicts per second",
                f"{c['verdicts_per_s']:,.0f}",
                f"{p['verdicts_per_s']:,.0f}",
                f"{c['verdicts_per_s'] / p['verdicts_per_s']:.1f}x slower",
            ),
            (name, "cases() ms", f"{c['cases_ms']:.1f}", f"{p['cases_ms']:.1f}", f"{p['cases_ms'] / c['cases_ms']:.1f}x"),
            (
                name,
                "one next-question step ms",
                f"{c['next_ms']:.3f}",
                f"{p['next_ms']:.3f}",
                f"{p['next_ms'] / c['next_ms']:.1f}x",
            ),
            (
                name,
                "load compiled policy ms",
                f"{c['load_compiled_ms']:.2f}",
                f"{p['load_compiled_ms']:.2f}",
                f"{p['load_compiled_ms'] / c['load_compiled_ms']:.1f}x",
            ),
        ]
    print(table(rows, ("policy", "measure", "CPython", "Pyodide (Node)", "Pyodide/CPython")))


if __name__ == "__main__":
    main()
