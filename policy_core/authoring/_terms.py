"""Checks of the rules that make one term follow on from another, and of the offers built on them.

A date question may follow on from one earlier term only (``starts-after``, ``renews`` or
``extends``), says how long it adds (``period``), and takes ``window`` and ``cap`` only as an
extension. An offer names such a question: its rules are what the offer is judged by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..engine import did_you_mean
from ._spec import Collector

FOLLOWS = ("starts-after", "renews", "extends")


def check_term_rules(data: Mapping[str, Any], clause_ids: Sequence[str], out: Collector) -> None:
    """Report, at the key, each follow-on rule or offer that cannot mean anything."""
    questions = [(i, q) for i, q in enumerate(data.get("questions") or []) if isinstance(q, dict)]
    for i, question in questions:
        follows = [key for key in FOLLOWS if key in question]
        for extra in follows[1:]:
            both = f"not '{follows[0]}' and '{extra}'"
            out.error(("questions", i, extra), f"give only one of 'starts-after', 'renews' or 'extends', {both}", key=True)
        if "window" in question and "opens" in question:
            out.error(
                ("questions", i, "opens"), "give either 'window' or 'opens', not both: they say when it can be bought", key=True
            )
        for key in ("window", "opens", "cap"):
            if key in question and "extends" not in question and "renews" not in question:
                out.error(
                    ("questions", i, key),
                    f"'{key}' is only for a renewal or an extension: add 'renews' or 'extends' (the term it follows on from)",
                    key=True,
                )
        if follows and "period" not in question and "period-by" not in question:
            out.error(
                ("questions", i, follows[0]),
                f"a question with '{follows[0]}' needs a 'period' (or 'period-by'): how long the term it gives runs",
                key=True,
            )
        _check_period_clauses(question.get("period-by"), ("questions", i, "period-by"), clause_ids, out)
    _check_offers(data, {q["id"]: q for _, q in questions if isinstance(q.get("id"), str)}, clause_ids, out)


def _check_period_clauses(by: Any, where: tuple[Any, ...], clause_ids: Sequence[str], out: Collector) -> None:
    """Each period's clauses name a period that is given, and clauses that exist."""
    if not isinstance(by, dict) or not isinstance(by.get("clauses"), dict) or not isinstance(by.get("periods"), dict):
        return
    for answer, refs in by["clauses"].items():
        if answer not in by["periods"]:
            hint = did_you_mean(str(answer), by["periods"])
            out.error((*where, "clauses", answer), f"'periods' gives no period for '{answer}'{hint}", key=True)
        for k, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in clause_ids:
                out.error((*where, "clauses", answer, k), f"unknown clause '{ref}'{did_you_mean(ref, clause_ids)}")


def _check_offers(
    data: Mapping[str, Any], questions: Mapping[str, Mapping[str, Any]], clause_ids: Sequence[str], out: Collector
) -> None:
    seen: dict[str, int] = {}
    for j, offer in enumerate(data.get("offers") or []):
        if not isinstance(offer, dict):
            continue
        ident = offer.get("id")
        if isinstance(ident, str):
            if ident in seen:
                out.error(("offers", j, "id"), f"duplicate offer id '{ident}': give each its own id")
            seen.setdefault(ident, j)
        target = offer.get("question")
        if isinstance(target, str):
            question = questions.get(target)
            if question is None:
                out.error(("offers", j, "question"), f"no question '{target}'{did_you_mean(target, questions)}")
            elif "renews" not in question and "extends" not in question:
                out.error(
                    ("offers", j, "question"),
                    f"question '{target}' neither renews nor extends a term, so it says nothing about buying: "
                    "name a date question with 'renews' or 'extends'",
                )
        for k, ref in enumerate(offer.get("clauses") or []):
            if isinstance(ref, str) and ref not in clause_ids:
                out.error(("offers", j, "clauses", k), f"unknown clause '{ref}'{did_you_mean(ref, clause_ids)}")
