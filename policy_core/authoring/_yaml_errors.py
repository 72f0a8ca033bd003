"""YAML syntax errors in words a writer can act on, at the spot where the mistake is.

PyYAML reports where it gave up, which is often far from the mistake: an unclosed quote is
reported at the end of the file, or at the next quote further down. These helpers look at the
text around the reported spot and name the likely mistake instead. Build time only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

#: A scalar that opens with a quote: `key: "...`, `- "...` or `- key: '...`.
_QUOTED_START = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^:#]*:\s+)?(?P<quote>["'])""")
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def _closes_on_its_line(line: str, start: int, quote: str) -> bool:
    rest = line[start + 1 :]
    if quote == '"':
        return re.search(r'(?<!\\)"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """(line, column), 1-based, of the first quote opened and not closed on its line, up to line ``upto``."""
    for number, line in enumerate(lines[:upto], start=1):
        match = _QUOTED_START.match(line)
        if match and not _closes_on_its_line(line, match.start("quote"), match["quote"]):
            return number, match.start("quote") + 1
    return None


Found = tuple[int, int, str]

# What PyYAML's reader refuses anywhere in a file (its NON_PRINTABLE): it reports the first one
# at the start of the file, in its own words, and nothing else.
_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_UNREADABLE = 10  # then one line with the count: a binary file has thousands


def unreadable_characters(text: str) -> list[Found]:
    """(line, column, message) of each character no YAML file may hold: a control character, a lone surrogate."""
    found: list[Found] = []
    matches = list(_UNREADABLE.finditer(text))
    for match in matches[:MAX_UNREADABLE]:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        kind = {"Cc": "a control character", "Cs": "a lone surrogate"}.get(unicodedata.category(match[0]), "a noncharacter")
        found.append((line, column, f"{kind} (U+{ord(match[0]):04X}), which a YAML file cannot hold: remove it"))
    if len(matches) > MAX_UNREADABLE:
        line, column, _ = found[-1]
        found.append((line, column, f"and {len(matches) - MAX_UNREADABLE:,} more such characters after this one"))
    return found


def plain_error(exc: Any, lines: list[str]) -> Found:
    """(line, column, message) for a ``yaml.MarkedYAMLError``."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = (exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark else None
    for explain in (_quote, _bracket, _indentation):
        found = explain(problem, context, (line, column), opened, lines)
        if found is not None:
            return found
    words = ", ".join(part for part in (context, problem) if part) or "unreadable"
    return line, column, f"invalid YAML: {words}"


Spot = tuple[int, int]


def _quote(problem: str, context: str, at: Spot, opened: Spot | None, lines: list[str]) -> Found | None:
    quote = unclosed_quote(lines, at[0])
    if quote is not None and (quote[0] < at[0] or "quoted scalar" in context):
        return (*quote, f"this quote, opened on line {quote[0]}, is never closed: end the text with the same quote mark")
    return None


def _bracket(problem: str, context: str, at: Spot, opened: Spot | None, lines: list[str]) -> Found | None:
    if opened and "flow sequence" in context:
        return (*opened, f"this list, opened with '[' on line {opened[0]}, is never closed: add ']' at its end")
    if opened and "flow mapping" in context:
        return (*opened, f"this mapping, opened with '{{' on line {opened[0]}, is never closed: add '}}' at its end")
    return None


def _indentation(problem: str, context: str, at: Spot, opened: Spot | None, lines: list[str]) -> Found | None:
    line, column = at
    if "'\\t'" in problem:  # PyYAML shows the character as its repr
        return line, column, "a tab character: YAML indents with spaces only, so replace the tab with spaces"
    if problem == "mapping values are not allowed here":
        text = lines[line - 1] if line <= len(lines) else ""
        if ": " in text[: column - 1]:
            return line, column, "this value holds ': ', which YAML reads as a new key: put the whole value in quotes"
        return (
            line,
            column,
            "this line is indented further than the line above it, so it reads as part of that value: "
            "line its key up with the keys above",
        )
    if opened and problem.startswith("expected <block end>"):
        return (
            line,
            column,
            f"this line's indentation does not match the lines above it (the list or mapping that starts on "
            f"line {opened[0]}): line it up with its neighbours",
        )
    return None


def top_level_chunks(text: str) -> Iterator[tuple[int, str]]:
    """(index of its first line, text) of each top-level key's lines, to parse one at a time."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _TOP_LEVEL_KEY.match(line)]
    if not starts:  # no key at all (a Markdown file, say): nothing to parse part by part
        return
    for first, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        yield first, "".join(lines[first:end])
