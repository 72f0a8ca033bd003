"""Mistakes in a page's policy blocks that Markdown itself would pass over silently.

A misspelt block name (``/// polcy | acme``) is not a block at all, so Python-Markdown prints it
as text; text written inside a policy block would be added to the generated box. Both are found
here, by line, from the page's source. Fenced code (the writer's guide shows blocks as examples)
is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..engine import closest

BLOCK_START = re.compile(r"^ {0,3}/{3,}\s*(?P<name>[A-Za-z][\w-]*)\s*(?:\|\s*(?P<argument>.*?))?\s*$")
BLOCK_END = re.compile(r"^ {0,3}/{3,}\s*$")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")


def _outside_code(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line outside fenced code."""
    fence = ""
    for number, line in enumerate(lines, start=1):
        opened = FENCE.match(line)
        if fence:
            if opened and opened["fence"].startswith(fence):
                fence = ""
            continue
        if opened:
            fence = opened["fence"]
            continue
        yield number, line


def page_mistakes(source: str, block_names: Iterable[str]) -> list[tuple[int, str]]:
    """(line, message) for each misspelt policy block and each line of text inside one."""
    ours = set(block_names)
    found: list[tuple[int, str]] = []
    inside: tuple[int, str] | None = None
    for number, line in _outside_code(source.splitlines()):
        if inside is not None:
            if BLOCK_END.match(line):
                inside = None
            elif line.strip():
                found.append(
                    (
                        number,
                        f"text inside '{inside[1]}' (line {inside[0]}) is not shown as written: "
                        "put it before or after the block, whose last line is '///'",
                    )
                )
                inside = None
            continue
        start = BLOCK_START.match(line)
        if start is None:
            continue
        name = start["name"]
        if name in ours:
            inside = (number, line.strip())
        elif (match := closest(name, ours)) is not None:
            found.append((number, f"unknown block '/// {name}' (did you mean '/// {match}'?): it would show as text"))
    return found


def line_of(source: str, text: str) -> int | None:
    """The number of the first line outside fenced code that holds ``text``."""
    return next((number for number, line in _outside_code(source.splitlines()) if text in line), None)
