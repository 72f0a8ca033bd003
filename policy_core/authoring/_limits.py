"""Limits on a policy file's size and shape, so that a hostile or runaway file gets a located error.

Without them, a 10 MB file keeps the build busy for minutes, a `when` chain 1,500 deep ends in a
RecursionError, and a period of 9999 years overflows the calendar. Each limit is far above what a
real policy needs (the reference policies have about 60 clauses, 10 questions, 17 answers to one
question, follow-ups 2 deep and periods of at most 12 months), and each breach names the spot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine import Duration
from ._spec import Collector

MAX_FILE_BYTES = 1_000_000
MAX_CLAUSES = 1_000
MAX_QUESTIONS = 100
MAX_OPTIONS = 60
MAX_WHEN_DEPTH = 12
#: The all-cases page lists every case, and validation proves each: Interspire has 728.
MAX_CASES = 20_000
#: The longest period in each unit: 100 years.
MAX_PERIOD = {"day": 36_525, "week": 5_218, "month": 1_200, "year": 100}


def check_limits(data: Mapping[str, Any], out: Collector) -> bool:
    """Report each limit ``data`` breaks; return whether it is within all of them."""
    before = len(out.errors)
    clauses = sum(len(_list(s.get("clauses"))) for s in _maps(data.get("sections")))
    if clauses > MAX_CLAUSES:
        out.error(("sections",), f"the policy has {clauses} clauses; at most {MAX_CLAUSES} are allowed", key=True)
    questions = _list(data.get("questions"))
    if len(questions) > MAX_QUESTIONS:
        out.error(("questions",), f"the policy has {len(questions)} questions; at most {MAX_QUESTIONS} are allowed", key=True)
    parents: dict[str, str] = {}
    too_deep: list[tuple[int, int]] = []
    for i, question in enumerate(questions):
        if not isinstance(question, Mapping):
            continue  # reported by the format check
        options = _list(question.get("options"))
        if len(options) > MAX_OPTIONS:
            out.error(("questions", i, "options"), f"this question has {len(options)} answers; at most {MAX_OPTIONS}", key=True)
        when, ident = question.get("when"), question.get("id")
        if not isinstance(ident, str):
            continue
        if isinstance(when, Mapping):
            # With several conditions, the question is as deep as the deepest chain among them.
            named = [when, *_maps(when.get("all")), *_maps(when.get("any"))]
            above = [c["question"] for c in named if isinstance(c.get("question"), str)]
            if above:
                parents[ident] = max(above, key=lambda q: _depth(q, parents))
        depth = _depth(ident, parents)
        if depth > MAX_WHEN_DEPTH:
            too_deep.append((i, depth))
        for key in ("period", "grace", "window", "opens", "cap"):
            _check_period(question.get(key), ("questions", i, key), out)
        by = question.get("period-by")
        periods = by.get("periods") if isinstance(by, Mapping) else None
        for answer, text in periods.items() if isinstance(periods, Mapping) else ():
            _check_period(text, ("questions", i, "period-by", "periods", answer), out)
    if too_deep:  # the first breach, and how many follow: one chain is one mistake
        (i, depth), more = too_deep[0], len(too_deep) - 1
        others = f" (and {more} more questions below it)" if more else ""
        out.error(
            ("questions", i, "when"),
            f"this question is a follow-up {depth} levels deep; at most {MAX_WHEN_DEPTH}{others}: ask fewer questions in a chain",
            key=True,
        )
    return len(out.errors) == before


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _maps(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _depth(question_id: str, parents: Mapping[str, str]) -> int:
    """How many `when` links lead up from the question (iterative: a hostile chain is long)."""
    depth, seen, current = 0, {question_id}, question_id
    while current in parents and parents[current] not in seen:
        current = parents[current]
        seen.add(current)
        depth += 1
    return depth


def _check_period(text: Any, where: tuple[Any, ...], out: Collector) -> None:
    if not isinstance(text, str):
        return
    try:
        period = Duration.parse(text)
    except ValueError:
        return  # reported by the format check
    if period.count < 1:
        out.error(where, f"'{text}' is not a period: write at least 1 {period.unit}")
    elif period.count > MAX_PERIOD[period.unit]:
        out.error(where, f"'{text}' is longer than 100 years: at most {MAX_PERIOD[period.unit]} {period.unit}s")
