"""The checker: answers in, a verdict with its deciding clauses out.

Every answer carries an outcome; the verdict is the strongest one (``PRECEDENCE``). Questions
form a tree through their ``when`` conditions, so for any set of answers the checker knows the
weakest and the strongest outcome still reachable. When both are the same, the verdict is
settled and nothing more is asked. Otherwise it asks only the questions whose answer can still
move the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ._dates import parse_iso_date, period_end
from ._errors import InvalidDateError, UnknownOptionError, UnknownQuestionError
from ._hints import did_you_mean
from ._model import PRECEDENCE, Clause, Outcome, Policy, Question, Verdict

Answers = Mapping[str, str]
"""Raw answers: question id -> option id, or an ISO date (``YYYY-MM-DD``) for a date question."""


def check(policy: Policy, answers: Answers, today: dt.date) -> Verdict:
    """Decide the verdict for raw ``answers`` as of ``today``; raise ``AnswerError`` on a bad answer."""
    return decide(policy, resolve_answers(policy, answers, today))


def resolve_answers(policy: Policy, answers: Answers, today: dt.date) -> dict[str, str]:
    """Check raw answers and reduce each to an option id (dates to ``within`` or ``after``)."""
    resolved: dict[str, str] = {}
    for question_id, value in answers.items():
        question = policy.question_index.get(question_id)
        if question is None:
            hint = did_you_mean(str(question_id), policy.question_index)
            raise UnknownQuestionError(str(question_id), str(value), f"the policy asks no such question{hint}")
        if not isinstance(value, str):
            raise UnknownOptionError(question_id, str(value), "an answer must be text")
        resolved[question_id] = _resolve(question, value, today)
    return resolved


def _resolve(question: Question, value: str, today: dt.date) -> str:
    extra = [option.id for option in question.extra_options]
    if question.type == "choice" or value in extra:
        if value not in extra:
            choices = ", ".join(extra)
            raise UnknownOptionError(question.id, value, f"expected one of {choices}{did_you_mean(value, extra)}")
        return value
    try:
        day = parse_iso_date(value)
    except ValueError as exc:
        alternatives = "".join(f" or {option}" for option in extra)
        raise InvalidDateError(question.id, value, f"{exc}{alternatives}") from None
    if question.no_future and day > today:
        raise InvalidDateError(question.id, value, f"the date is after today ({today.isoformat()})")
    return "within" if today <= period_end(day, question.period_months or 0) else "after"


@dataclass(frozen=True)
class _Span:
    """The weakest and strongest outcome ranks a question (with its follow-ups) can still give."""

    low: int
    high: int


def _children(policy: Policy, question: Question) -> tuple[Question, ...]:
    return policy.follow_ups[question.id]


def _span(policy: Policy, question: Question) -> _Span:
    spans = []
    for option in question.options:
        follow_ups = [_span(policy, child) for child in _children(policy, question) if child.when and child.when.holds(option.id)]
        spans.append(
            _Span(
                low=max([option.rank, *(s.low for s in follow_ups)]),
                high=max([option.rank, *(s.high for s in follow_ups)]),
            )
        )
    return _Span(low=min(s.low for s in spans), high=max(s.high for s in spans))


def _walk(policy: Policy, answers: Mapping[str, str]) -> tuple[list[Question], list[Question]]:
    """Split the questions that apply into answered ones and open ones, in file order.

    A follow-up of an open question is not listed: it belongs to that question's span.
    """
    answered: list[Question] = []
    open_: list[Question] = []
    pending = [q for q in policy.questions if q.when is None]
    while pending:
        question = pending.pop()
        if question.id not in answers:
            open_.append(question)
            continue
        answered.append(question)
        pending += [c for c in _children(policy, question) if c.when and c.when.holds(answers[question.id])]
    order = {q.id: i for i, q in enumerate(policy.questions)}
    return sorted(answered, key=lambda q: order[q.id]), sorted(open_, key=lambda q: order[q.id])


def decide(policy: Policy, answers: Mapping[str, str]) -> Verdict:
    """Decide the verdict for answers already reduced to option ids (see ``resolve_answers``)."""
    answered, open_ = _walk(policy, answers)
    chosen = [(q, q.option(answers[q.id])) for q in answered]
    options = [option for _, option in chosen if option is not None]
    if len(options) != len(chosen):
        bad = next(q for q, option in chosen if option is None)
        raise UnknownOptionError(bad.id, answers[bad.id], "not an answer this question accepts")
    settled = max((option.rank for option in options), default=0)
    spans = {q.id: _span(policy, q) for q in open_}
    low = max([settled, *(s.low for s in spans.values())])
    high = max([settled, *(s.high for s in spans.values())])
    asked = tuple(q.id for q in answered)
    if low < high:
        worth = tuple(_worth_asking(settled, spans))
        return Verdict(policy=policy.id, outcome=Outcome.INCOMPLETE, clauses=(), next=worth, steps=(), answered=asked)
    outcome = PRECEDENCE[low]
    deciding = [option for option in options if option.outcome is outcome]
    clause_ids = dict.fromkeys(ref for option in deciding for ref in option.clauses)
    steps = dict.fromkeys([*(step for option in deciding for step in option.steps), *policy.next_steps[outcome]])
    clauses: tuple[Clause, ...] = tuple(policy.clauses[ref] for ref in clause_ids)
    return Verdict(policy=policy.id, outcome=outcome, clauses=clauses, next=(), steps=tuple(steps), answered=asked)


def _worth_asking(settled: int, spans: Mapping[str, _Span]) -> list[str]:
    """Open questions whose answer can still change the outcome, in file order.

    With the others at their weakest, a question matters when its strongest outcome beats
    both that floor and its own weakest outcome.
    """
    worth = []
    for question_id, span in spans.items():
        floor = max([settled, *(s.low for other, s in spans.items() if other != question_id)])
        if span.high > max(floor, span.low):
            worth.append(question_id)
    return worth
