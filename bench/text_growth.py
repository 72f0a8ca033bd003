"""How a policy text's cost grows with its size: each pathological family, at half the limits and at the limits.

Run: .venv/bin/python bench/text_growth.py [--runs 5]

Each family repeats one unit (an unclosed link, emphasis, a rule line, ...) up to what validation
lets through: 20,000 characters, 200 lines, 100 '[' and 100 '<' (``authoring/_spec.py``). For
each, the time to check the text as validation does (its limits, then what the sanitiser would
remove) and to render it as the site does, at half the size and at the full size, and the ratio of
the two: 2 is linear; 4 would be the square. A family past a limit is refused at once and says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from _common import summary, table

from policy_core.authoring._spec import _too_long
from policy_core.authoring.text import findings, render_markdown
from policy_core.site.text import render_text

FAMILIES = {
    "unclosed links '[x]('": "[x](",
    "brackets '['": "[",
    "images '!['": "![",
    "tags '<a '": "<a ",
    "emphasis '*a'": "*a",
    "strong '**a'": "**a",
    "code '`a'": "`a",
    "escapes '\\*'": "\\*",
    "entities '&amp;'": "&amp;",
    "rule lines '---'": "---\n",
    "headings '# a'": "# a\n",
    "definitions 'a: b'": "a\n: b\n",
    "quotes '>>>'": ">",
    "list marks '1. '": "1. ",
}
FULL = 20_000


def text_of(unit: str, size: int) -> str:
    text = (unit * (size // len(unit) + 1))[:size]
    lines = text.split("\n")
    return "\n".join(lines[: 200 * size // FULL])  # the line limit scales with the size, as the characters do


def cost(text: str) -> float:
    """Milliseconds to check the text as validation does and to render it as the site does."""
    render_markdown.cache_clear()  # every run reads the text afresh
    start = time.perf_counter()
    if _too_long(text, one_line=False) is None:
        findings(text)
        render_text(text)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"bench/text_growth.py, {dt.datetime.now():%Y-%m-%d %H:%M}; median [min-max] of {runs} runs\n")
    rows = []
    for name, unit in FAMILIES.items():
        half, full = text_of(unit, FULL // 2), text_of(unit, FULL)
        refused = _too_long(full, one_line=False)
        halves, fulls, ratios = [], [], []
        for _ in range(runs):
            one, two = cost(half), cost(full)
            halves.append(one)
            fulls.append(two)
            ratios.append(two / one if one else 1.0)
        verdict = f"refused: {refused.split(';')[0]}" if refused else summary(ratios, "x")
        rows.append((name, summary(halves), summary(fulls), verdict))
    print(table(rows, ("family", "half size", "full size", "full / half (2 is linear)")))


if __name__ == "__main__":
    main()
