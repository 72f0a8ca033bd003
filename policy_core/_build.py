"""Build a ``Policy`` from raw data: the one path from YAML or JSON to the immutable model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ._errors import InvalidPolicyError
from ._format import OUTCOMES, POLICY
from ._hints import did_you_mean
from ._model import Clause, Condition, Option, Outcome, Policy, Question, Section, Summary
from ._spec import INVALID, Collector, Locator, Path, conform, no_location

DATE_CLASSES = ("within", "after")


def policy_from_data(data: Any, *, path: str = "<policy>", locate: Locator = no_location) -> Policy:
    """Validate ``data`` and build the policy; raise ``InvalidPolicyError`` listing every mistake."""
    out = Collector(path, locate)
    clean = conform(data, POLICY, (), out)
    if clean is INVALID or out.errors:
        # Semantic checks still run on what is well-formed, so one run reports everything.
        if clean is not INVALID:
            _check_semantics(clean, out)
        raise InvalidPolicyError(out.errors)
    _check_semantics(clean, out)
    if out.errors:
        raise InvalidPolicyError(out.errors)
    return _assemble(clean)


def _mappings(items: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """The well-formed entries of a list, with their original index."""
    return [(i, item) for i, item in enumerate(items or []) if isinstance(item, dict)]


def _unique(items: Iterable[tuple[Path, str]], what: str, out: Collector) -> None:
    seen: set[str] = set()
    for where, ident in items:
        if ident in seen:
            out.error(where, f"duplicate {what} '{ident}'")
        seen.add(ident)


def _check_semantics(data: Mapping[str, Any], out: Collector) -> None:
    sections = _mappings(data.get("sections"))
    _unique(((("sections", i, "id"), s["id"]) for i, s in sections if "id" in s), "section id", out)
    clause_ids: list[str] = []
    for i, section in sections:
        clauses = _mappings(section.get("clauses"))
        _unique(((("sections", i, "clauses", j, "id"), c["id"]) for j, c in clauses if "id" in c), "clause id", out)
        clause_ids += [f"{section.get('id')}.{c['id']}" for _, c in clauses if "id" in c]

    answers_of: dict[str, list[str]] = {}
    questions = _mappings(data.get("questions"))
    _unique(((("questions", i, "id"), q["id"]) for i, q in questions if "id" in q), "question id", out)
    for i, question in questions:
        where: Path = ("questions", i)
        options = _check_question_shape(question, where, out)
        option_ids = ((("questions", i, "options", j, "id"), o["id"]) for j, o in _mappings(question.get("options")) if "id" in o)
        _unique(option_ids, "option id", out)
        for effect_where, effect in _effects(question, where):
            for k, ref in enumerate(effect.get("clauses", [])):
                if isinstance(ref, str) and ref not in clause_ids:
                    out.error((*effect_where, "clauses", k), f"unknown clause '{ref}'{did_you_mean(ref, clause_ids)}")
        if isinstance(question.get("when"), dict):
            _check_condition(question["when"], (*where, "when"), answers_of, out)
        if "id" in question:
            answers_of[question["id"]] = options


def _check_question_shape(question: Mapping[str, Any], where: Path, out: Collector) -> list[str]:
    """Check the fields a question's type needs; return the answers it can have."""
    options = [o["id"] for _, o in _mappings(question.get("options")) if "id" in o]
    if question.get("type", "choice") == "choice":
        for extra in ("period-months", "no-future", "within", "after"):
            if extra in question:
                out.error((*where, extra), f"'{extra}' is only for date questions (add 'type: date')", key=True)
        if len(question.get("options", [])) < 2:
            out.error(where, "a choice question needs at least 2 options", key=bool(question.get("options")))
        return options
    for needed in ("period-months", "within", "after"):
        if needed not in question:
            out.error(where, f"date question '{question.get('id')}' needs '{needed}'")
    for j, option in _mappings(question.get("options")):
        if option.get("id") in DATE_CLASSES:
            out.error(("questions", where[1], "options", j, "id"), f"option id '{option['id']}' is reserved for date classes")
    return [*DATE_CLASSES, *options]


def _effects(question: Mapping[str, Any], where: Path) -> Iterable[tuple[Path, Mapping[str, Any]]]:
    for j, option in _mappings(question.get("options")):
        yield (*where, "options", j), option
    for name in DATE_CLASSES:
        if isinstance(question.get(name), dict):
            yield (*where, name), question[name]


def _check_condition(when: Mapping[str, Any], where: Path, answers_of: Mapping[str, list[str]], out: Collector) -> None:
    target = when.get("question")
    if ("in" in when) == ("not-in" in when):
        out.error(where, "'when' needs exactly one of 'in' or 'not-in'")
    if target is None:
        return  # already reported as a missing key
    if target not in answers_of:
        out.error(
            (*where, "question"), f"'when' must name an earlier question, not '{target}'{did_you_mean(str(target), answers_of)}"
        )
        return
    for key in ("in", "not-in"):
        for k, answer in enumerate(when.get(key, [])):
            if isinstance(answer, str) and answer not in answers_of[target]:
                hint = did_you_mean(answer, answers_of[target])
                out.error((*where, key, k), f"question '{target}' has no answer '{answer}'{hint}")


def _option(data: Mapping[str, Any], option_id: str) -> Option:
    return Option(
        id=option_id,
        label=data["label"],
        outcome=Outcome(data.get("outcome", "supported")),
        clauses=tuple(data.get("clauses", ())),
        steps=tuple(data.get("steps", ())),
    )


def _question(data: Mapping[str, Any]) -> Question:
    kind = data.get("type", "choice")
    options = [_option(o, o["id"]) for o in data.get("options", [])]
    if kind == "date":
        options = [_option(data["within"], "within"), _option(data["after"], "after"), *options]
    when = data.get("when")
    condition = None
    if when is not None:
        negate = "not-in" in when
        condition = Condition(question=when["question"], options=frozenset(when["not-in" if negate else "in"]), negate=negate)
    return Question(
        id=data["id"],
        prompt=data["prompt"],
        label=data.get("label", data["prompt"]),
        help=data.get("help"),
        type=kind,
        options=tuple(options),
        when=condition,
        period_months=data.get("period-months"),
        no_future=data.get("no-future", False),
    )


def _assemble(data: Mapping[str, Any]) -> Policy:
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            kind=s["kind"],
            clauses=tuple(
                Clause(id=f"{s['id']}.{c['id']}", section=s["id"], section_title=s["title"], text=c["text"]) for c in s["clauses"]
            ),
        )
        for s in data["sections"]
    )
    summary = data["summary"]
    return Policy(
        id=data["id"],
        title=data["title"],
        vendor=data["vendor"],
        product=data["product"],
        updated=dt.date.fromisoformat(data["updated"]),
        summary=Summary(
            period=summary["period"],
            renewal=summary["renewal"],
            channel=summary["channel"],
            eligibility=summary["eligibility"],
            partners=summary.get("partners"),
        ),
        sections=sections,
        closing=data.get("closing"),
        questions=tuple(_question(q) for q in data["questions"]),
        next_steps={Outcome(name): tuple(data["next-steps"][name]) for name in OUTCOMES},
        data=data,
    )
