"""Proofs over every case, run at validation: each finding is located at the answer responsible.

- every decided verdict cites a clause, and every action is required with a clause;
- every question can change some verdict, and is asked in some case;
- every answer is reached by some case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine import DATE_CLASSES, Case, Outcome, Policy, TooManyCasesError, cases, realisable
from ._limits import MAX_CASES
from ._spec import Collector, Path


def _actions_cite_clauses(policy: Policy, where: Mapping[tuple[str, str], Path], out: Collector) -> None:
    for question in policy.questions:
        for option in question.options:
            if option.actions and not option.clauses:
                out.error(
                    (*where[question.id, option.id], "actions"),
                    "an answer that requires an action must cite the clauses that require it: add 'clauses'",
                    key=True,
                )


def _bounded_cases(policy: Policy, out: Collector) -> list[Case] | None:
    """Every case, or ``None`` and a located error when there are too many to check and list."""
    try:
        return cases(policy, limit=MAX_CASES)
    except TooManyCasesError as exc:
        asked = len(exc.asked)
        out.error(
            ("questions",),
            f"the questionnaire has more than {exc.limit:,} cases, so it cannot be checked or listed: {asked} questions "
            "are asked one after another, and each answer that adds an action or changes the outcome has every later "
            "question asked again; make some of them follow-ups ('when') or give them fewer answers",
            key=True,
        )
        return None


def prove_policy(policy: Policy, data: Mapping[str, Any], out: Collector) -> None:
    """Add a located error to ``out`` for each proof that fails."""
    where = _answer_paths(data)
    _actions_cite_clauses(policy, where, out)
    found = _bounded_cases(policy, out)
    if found is None:
        return
    reached: dict[str, set[str]] = {}
    for case in found:
        for question_id, answer in case.answers:
            reached.setdefault(question_id, set()).add(answer)
    reported: set[Path] = set()
    for case in found:
        verdict = case.verdict
        if verdict.clauses:
            continue
        if not case.answers:  # decided before any question: no answer can change the verdict
            out.error(
                ("questions",),
                f"every customer gets a '{verdict.outcome.value}' verdict that cites no clause, before any question is "
                "asked: no answer changes the verdict; give some answers an outcome or an action",
                key=True,
            )
            continue
        deciding = [(q, a) for q, a in case.answers if policy.question_index[q].option(a).outcome is verdict.outcome]  # type: ignore[union-attr]
        q, a = (deciding or list(case.answers))[-1]
        at = where[q, a]
        if at not in reported:
            reported.add(at)
            shown = ", ".join(f"{k}={v}" for k, v in case.answers)
            out.error(
                at, f"this answer gives a '{verdict.outcome.value}' verdict that cites no clause (case: {shown}); add 'clauses'"
            )
    _classes_left_out(policy, found, out)
    for index, question in enumerate(policy.questions):
        if question.id not in reached:
            out.error(("questions", index), f"no case asks question '{question.id}': {_why_never_asked(policy, question.id)}")
            continue
        for option in question.options:
            if option.id not in reached[question.id]:
                out.error(where[question.id, option.id], f"no case reaches the answer '{option.id}' of question '{question.id}'")


def _classes_left_out(policy: Policy, found: list[Case], out: Collector) -> None:
    """A date question must say what each class its dates can fall in means; only those that some case reaches."""
    for index, question in enumerate(policy.questions):
        missing = [name for name in DATE_CLASSES if question.type == "date" and question.option(name) is None]
        if not missing:
            continue
        before = {case.answers[:i] for case in found for i, (q, _) in enumerate(case.answers) if q == question.id}
        for name in missing:
            example = next((path for path in sorted(before) if realisable(policy, (*path, (question.id, name)))), None)
            if example is None:
                continue
            shown = f", for example after {', '.join(f'{q}={a}' for q, a in example)}" if example else ""
            rule = question.class_rule(name) or name
            out.error(
                ("questions", index),
                f"date question '{question.id}' needs '{name}', where dates can fall: {rule[0].lower()}{rule[1:]}{shown}",
            )


def _why_never_asked(policy: Policy, question_id: str) -> str:
    question = policy.question_index[question_id]
    if question.when is not None:
        for condition in question.when.conditions:
            parent = policy.question_index[condition.question]
            if all(o.outcome is Outcome.NOT_SUPPORTED for o in parent.options if condition.holds(o.id)):
                return f"the answers of '{parent.id}' it follows already end the check (not supported)"
    return "none of its answers can change a verdict (give an answer an outcome or an action, or remove the question)"


def _answer_paths(data: Mapping[str, Any]) -> dict[tuple[str, str], Path]:
    """Where each answer (question id, option id or date class) stands in the source data."""
    paths: dict[tuple[str, str], Path] = {}
    for i, question in enumerate(data["questions"]):
        for name in ("within", "in-grace", "after"):
            if name in question:
                paths[question["id"], name] = ("questions", i, name)
        for j, option in enumerate(question.get("options", [])):
            paths[question["id"], option["id"]] = ("questions", i, "options", j)
    return paths
