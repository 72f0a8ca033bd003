"""The checker: answers in, a verdict with its outcome, actions, deciding clauses and stated dates out.

Every answer carries an outcome and may require actions. The outcome is the strongest among the
answers (``PRECEDENCE``); actions accumulate beside it. Questions form a tree through their
``when`` conditions, so the checker knows what each open question can still bring: a stronger
outcome, or an action not yet required. It asks while some question can, and stops when none can.
A not-supported answer settles the verdict at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ._dates import human_date, parse_iso_date
from ._errors import ContradictoryDatesError, InvalidDateError, UnknownOptionError, UnknownQuestionError
from ._hints import did_you_mean
from ._model import PRECEDENCE, Clause, Condition, OfferStatus, Option, Outcome, Policy, Question, RequiredAction, Verdict
from ._terms import Term, current_term, offer_statuses, period_of, term_for

Answers = Mapping[str, str]
"""Raw answers: question id -> option id, or an ISO date (``YYYY-MM-DD``) for a date question."""


def check(policy: Policy, answers: Answers, today: dt.date) -> Verdict:
    """Decide the verdict for raw ``answers`` as of ``today``; raise ``AnswerError`` on a bad answer."""
    classes, terms = classify(policy, answers, today)
    verdict = decide(policy, classes)
    terms = {q: terms[q] for q in verdict.answered if q in terms}  # answers that do not apply say nothing
    facts = tuple(fact for q, term in terms.items() for fact in term.facts(policy.question_index[q], today))
    offers: tuple[OfferStatus, ...] = ()
    if verdict.outcome is not Outcome.INCOMPLETE:
        offers = offer_statuses(policy, terms, classes, today, verdict.answered)
    return replace(verdict, facts=facts, offers=offers, checked_on=today)


def resolve_answers(policy: Policy, answers: Answers, today: dt.date) -> dict[str, str]:
    """Check raw answers and reduce each to an option id (dates to their class)."""
    return classify(policy, answers, today)[0]


def classify(policy: Policy, answers: Answers, today: dt.date) -> tuple[dict[str, str], dict[str, Term]]:
    """Check raw answers; return each as an option id (a date as its class) and the terms of dates."""
    for question_id, value in answers.items():
        if question_id not in policy.question_index:
            hint = did_you_mean(str(question_id), policy.question_index)
            raise UnknownQuestionError(str(question_id), str(value), f"the policy asks no such question{hint}")
        if not isinstance(value, str):
            raise UnknownOptionError(question_id, str(value), "an answer must be text")
    classes: dict[str, str] = {}
    terms: dict[str, Term] = {}
    for question in policy.questions:  # file order: a computed date only uses earlier answers
        if question.id not in answers:
            continue
        value = answers[question.id]
        extra = [option.id for option in question.extra_options]
        if question.type == "choice" or value in extra:
            if value not in extra:
                choices = ", ".join(extra)
                raise UnknownOptionError(question.id, value, f"expected one of {choices}{did_you_mean(value, extra)}")
            classes[question.id] = value
            continue
        term = _term(policy, question, _date(question, value, today), classes, terms)
        if term is not None:
            terms[question.id] = term
            classes[question.id] = term.date_class(today)
    return classes, terms


def _date(question: Question, value: str, today: dt.date) -> dt.date:
    try:
        day = parse_iso_date(value)
    except ValueError as exc:
        alternatives = "".join(f" or {option.id}" for option in question.extra_options)
        raise InvalidDateError(question.id, value, f"{exc}{alternatives}") from None
    if question.no_future and day > today:
        raise InvalidDateError(question.id, value, f"the date must be today ({human_date(today)}) or earlier")
    return day


def _term(policy: Policy, question: Question, day: dt.date, classes: Mapping[str, str], terms: Mapping[str, Term]) -> Term | None:
    """The term of a date answer, or ``None`` while the earlier answers it needs are missing."""
    if question.not_before is not None:
        earlier = terms.get(question.not_before)
        if earlier is None:
            return None
        if day < earlier.entered:
            raise ContradictoryDatesError(
                question.id,
                day.isoformat(),
                f"the date is before the answer to '{question.not_before}' ({human_date(earlier.entered)})",
            )
    period = period_of(question, classes)
    if period is None and question.period_by is not None:
        return None
    if question.follows is None:
        return term_for(question, day, period, None)
    latest = current_term(policy, terms, question.follows)  # a second renewal renews the first one's term
    return None if latest is None else term_for(question, day, period, latest[1])


@dataclass(frozen=True)
class _Reach:
    """What a question (with its follow-ups) can still bring: its outcome ranks and the actions it may add."""

    high: int
    actions: frozenset[str]


def _reach(policy: Policy, question: Question, answers: Mapping[str, str], applies: Mapping[str, bool | None]) -> _Reach:
    """What ``question`` can still bring, with its follow-ups, given the answers that stand (``applies``: see ``_walk``)."""
    high = 0
    actions: set[str] = set()
    for option in question.options:
        high = max(high, option.rank)
        if option.outcome is not Outcome.NOT_SUPPORTED:
            actions.update(option.actions)
        supposed = {**answers, question.id: option.id}
        known = {**applies, question.id: True}
        for child in policy.follow_ups[question.id]:
            # A follow-up another open answer may still rule out counts too: it can be asked.
            asked = child.when.holds(_knowing(supposed, known)) if child.when else True
            if asked is not False:
                below = _reach(policy, child, supposed, {**known, child.id: asked})
                high = max(high, below.high)
                actions |= below.actions
    return _Reach(high=high, actions=frozenset(actions))


def _knowing(answers: Mapping[str, str], applies: Mapping[str, bool | None]) -> Callable[[Condition], bool | None]:
    """Whether a condition holds: ``False`` if its question is not asked, ``None`` while it is open or may be asked."""

    def known(condition: Condition) -> bool | None:
        asked = applies.get(condition.question)
        if asked is False:
            return False
        if asked is True and condition.question in answers:
            return condition.holds(answers[condition.question])
        return None

    return known


def _walk(policy: Policy, answers: Mapping[str, str]) -> tuple[list[Question], list[Question], dict[str, bool | None]]:
    """Split the questions that apply into answered ones and open ones, in file order.

    Also return, for each question, whether it is asked: ``True``, ``False``, or ``None`` while an
    open answer decides. Such a question is not listed as open: it belongs to that answer's reach.
    Conditions name earlier questions only, so one pass in file order settles each in turn.
    """
    answered: list[Question] = []
    open_: list[Question] = []
    applies: dict[str, bool | None] = {}
    known = _knowing(answers, applies)
    for question in policy.questions:
        asked = question.when.holds(known) if question.when else True
        applies[question.id] = asked
        if asked:
            (answered if question.id in answers else open_).append(question)
    return answered, open_, applies


def decide(policy: Policy, answers: Mapping[str, str]) -> Verdict:
    """Decide the verdict for answers already reduced to option ids (see ``classify``)."""
    answered, open_, applies = _walk(policy, answers)
    chosen: list[Option] = []
    for question in answered:
        option = question.option(answers[question.id])
        if option is None:
            raise UnknownOptionError(question.id, answers[question.id], "not an answer this question accepts")
        if question.period_by is not None and option in question.date_classes:
            option = question.period_by.fitted(option, answers.get(question.period_by.question, ""))
        chosen.append(option)
    asked = tuple(q.id for q in answered)
    excluded = [option for option in chosen if option.outcome is Outcome.NOT_SUPPORTED]
    if excluded:
        return _verdict(policy, Outcome.NOT_SUPPORTED, excluded, asked)
    settled = max((option.rank for option in chosen), default=0)
    required = {action for option in chosen for action in option.actions}
    worth = []
    offered = {offer.question for offer in policy.offers}  # what was bought already changes what can be bought now
    for question in open_:
        reach = _reach(policy, question, answers, applies)
        if reach.high > settled or reach.actions - required or question.id in offered:
            worth.append(question.id)
    if worth:
        return Verdict(policy=policy.id, outcome=Outcome.INCOMPLETE, clauses=(), next=tuple(worth), steps=(), answered=asked)
    return _verdict(policy, PRECEDENCE[settled], chosen, asked)


def _verdict(policy: Policy, outcome: Outcome, chosen: list[Option], asked: tuple[str, ...]) -> Verdict:
    """A decided verdict: the deciding clauses of ``outcome``, the actions and the steps of the answers."""
    # An answer that only asks for an action cites its clauses for that action, not for the outcome.
    deciding = [o for o in chosen if o.outcome is outcome and (outcome is not Outcome.SUPPORTED or not o.actions)]
    clause_ids = dict.fromkeys(ref for option in deciding for ref in option.clauses)
    action_clauses: dict[str, dict[str, None]] = {}
    for option in chosen:
        for action in option.actions:
            action_clauses.setdefault(action, {}).update(dict.fromkeys(option.clauses))
    actions = tuple(
        RequiredAction(id=a.id, text=a.text, label=a.label, clauses=_clauses(policy, action_clauses[a.id]))
        for a in policy.actions
        if a.id in action_clauses
    )
    steps = dict.fromkeys([*(step for option in chosen for step in option.steps), *policy.next_steps.get(outcome, ())])
    return Verdict(
        policy=policy.id,
        outcome=outcome,
        clauses=_clauses(policy, clause_ids),
        next=(),
        steps=tuple(steps),
        actions=actions,
        answered=asked,
    )


def _clauses(policy: Policy, ids: Mapping[str, None]) -> tuple[Clause, ...]:
    return tuple(policy.clauses[ref] for ref in ids)
