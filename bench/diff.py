"""How long `policy-core diff` takes on the reference policies, against enumerating their cases once.

Run: .venv/bin/python bench/diff.py

For each reference policy: the diff against itself, against a copy whose support period is
halved (every date boundary is then sampled), and the two reference policies against each other.
The baseline is `cases()` of the same policy in the same run (a diff enumerates the cases of both
versions, so about 2x is its floor). Medians of 5, caches cleared before each repeat.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from collections.abc import Callable

from _common import ROOT, table

from policy_core import _cases, load_policy
from policy_core.authoring._source import read_policy_text
from policy_core.engine._model import Policy
from policy_core.versions._diff import diff_policies

REPEATS = 5
FOLDER = ROOT / "docs" / "policies"


def timed(work: Callable[[], object]) -> float:
    """Median seconds of ``work`` with the case memo emptied first, so each repeat computes everything."""
    runs = []
    for _ in range(REPEATS):
        _cases._memo.clear()
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def halved(name: str) -> Policy:
    """The policy with each date question's period halved (``12 months`` to ``6 months``)."""
    text = (FOLDER / f"{name}.yml").read_text(encoding="utf-8")

    def half(match: re.Match[str]) -> str:
        return f"{match[1]}{max(1, int(match[2]) // 2)} {match[3]}"

    return read_policy_text(re.sub(r"(\n\s+period: )(\d+) (\w+)", half, text), f"{name}-halved.yml")


def main() -> None:
    names = sorted(p.stem for p in FOLDER.glob("*.yml"))
    policies = {name: load_policy(FOLDER / f"{name}.yml") for name in names}
    rows = []
    for name, policy in policies.items():
        base = timed(lambda p=policy: _cases.cases(p))
        same = timed(lambda p=policy: diff_policies(p, p))
        changed = halved(name)
        moved = timed(lambda p=policy, c=changed: diff_policies(p, c))
        found = diff_policies(policy, changed).headline().split(":")[0]
        rows.append((name, "cases() (baseline)", f"{base * 1000:.0f} ms", "1.00x", ""))
        rows.append((name, "diff against itself", f"{same * 1000:.0f} ms", f"{same / base:.2f}x", ""))
        rows.append((name, "diff, periods halved", f"{moved * 1000:.0f} ms", f"{moved / base:.2f}x", found))
    if len(names) >= 2:
        first, second = policies[names[0]], policies[names[1]]
        base = timed(lambda: _cases.cases(first))
        both = timed(lambda: diff_policies(first, second))
        found = diff_policies(first, second).headline().split(":")[0]
        rows.append((f"{names[0]} → {names[1]}", "diff of two policies", f"{both * 1000:.0f} ms", f"{both / base:.2f}x", found))
    print(f"bench/diff.py, {dt.datetime.now():%Y-%m-%d %H:%M}; medians of {REPEATS}\n")
    print(table(rows, ("policy", "what", "time", "vs cases()", "result")))


if __name__ == "__main__":
    main()
