"""Enumerate every case of a policy: each path through the questionnaire to a decided verdict.

Date answers take part as their classes (within, in-grace, after). Combinations of classes
that no real dates can produce (a renewal that has ended while the term it extends is still in
grace, say) are left out: a case is listed only if ``example_answers`` can realise it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ._checker import classify, decide
from ._dates import add_days
from ._errors import AnswerError
from ._model import DATE_CLASSES, Outcome, Policy, Question, Verdict
from ._terms import Term, current_term

#: Days on which a combination of date classes is tried; a case any of them realises is listed.
REFERENCE_DAYS = (dt.date(2026, 6, 15), dt.date(2028, 2, 29), dt.date(2027, 1, 31))

AnswerPath = tuple[tuple[str, str], ...]


@dataclass(frozen=True, kw_only=True)
class Case:
    """One path through the questionnaire: the answers given, in the order asked, and the verdict.

    Date answers appear as their class: ``within``, ``in-grace`` or ``after``.
    """

    answers: AnswerPath
    verdict: Verdict

    def example_answers(self, policy: Policy, today: dt.date) -> dict[str, str]:
        """Raw answers (real dates that agree with each other) that reproduce this case on ``today``."""
        raw = realise(policy, self.answers, today)
        if raw is None:
            raise ValueError(f"no dates give this case on {today.isoformat()}: {dict(self.answers)}")
        return raw


_memo: dict[int, list[Case]] = {}


class TooManyCasesError(ValueError):
    """The questionnaire has more cases than ``limit``: its questions multiply each other's answers."""

    def __init__(self, limit: int, asked: frozenset[str]) -> None:
        self.limit = limit
        self.asked = asked
        """The questions asked before enumeration stopped."""
        super().__init__(f"more than {limit:,} cases")


def cases(policy: Policy, *, limit: int | None = None) -> list[Case]:
    """Every distinct case, asking at each step the first question still worth asking (computed once per policy).

    With ``limit``, stop with ``TooManyCasesError`` past that many cases, rather than enumerate on.
    """
    key = id(policy)
    if key not in _memo:
        found: list[Case] = []
        for case in _cases(policy, ()):
            found.append(case)
            if limit is not None and len(found) > limit:
                raise TooManyCasesError(limit, frozenset(q for c in found for q, _ in c.answers))
        _memo[key] = found
        weakref.finalize(policy, _memo.pop, key, None)
    return _memo[key]


def _cases(policy: Policy, answers: AnswerPath) -> Iterator[Case]:
    for path, verdict in decided_paths(policy, answers):
        yield Case(answers=path, verdict=verdict)


def decided_paths(policy: Policy, answers: AnswerPath) -> Iterator[tuple[AnswerPath, Verdict]]:
    """Each decided verdict reachable from ``answers``, asking what the policy still needs with each answer in turn.

    The paths are ``answers`` followed by the answers asked, in the order asked.
    """
    verdict = decide(policy, dict(answers))
    if verdict.outcome is not Outcome.INCOMPLETE:
        yield answers, verdict
        return
    question = policy.question_index[verdict.next[0]]
    for option in question.options:
        path = (*answers, (question.id, option.id))
        if option.id in DATE_CLASSES and question.type == "date" and not realisable(policy, path):
            continue
        yield from decided_paths(policy, path)


@dataclass
class _Realised:
    """What is known of one policy's date classes: the questions dates depend on, and each path searched."""

    relevant: frozenset[str]
    known: dict[AnswerPath, bool] = field(default_factory=dict)


_realised: dict[int, _Realised] = {}


def _realised_for(policy: Policy) -> _Realised:
    key = id(policy)
    if key not in _realised:
        dated = {q.id for q in policy.questions if q.type == "date"}
        periods = {q.period_by.question for q in policy.questions if q.period_by is not None}
        _realised[key] = _Realised(relevant=frozenset(dated | periods))
        weakref.finalize(policy, _realised.pop, key, None)
    return _realised[key]


def realisable(policy: Policy, path: AnswerPath) -> bool:
    """Whether real dates give ``path`` on one of the ``REFERENCE_DAYS`` (remembered per policy).

    Only the answers the dates depend on count: date classes and the choices that set periods, so
    paths that differ in other answers share one search.
    """
    realised = _realised_for(policy)
    dated = tuple((q, a) for q, a in path if q in realised.relevant)
    if any(a == "in-grace" and policy.question_index[q].grace is None for q, a in dated):
        return False  # no grace window, no date in it: not worth a search
    if dated not in realised.known:
        realised.known[dated] = any(realise(policy, dated, day) is not None for day in REFERENCE_DAYS)
    return realised.known[dated]


def realise(policy: Policy, path: AnswerPath, today: dt.date) -> dict[str, str] | None:
    """Raw answers for ``path`` on ``today``, dates chosen so that each falls in its class; or ``None``."""
    raw = {q: a for q, a in path if not (policy.question_index[q].type == "date" and a in DATE_CLASSES)}
    dated = [(q, a) for q, a in path if q not in raw]
    found = next(date_samples(policy, dated, raw, date_offsets(policy, today), today), None)
    return None if found is None else {q: {**raw, **found}[q] for q, _ in path}


def date_samples(
    policy: Policy, dated: list[tuple[str, str]], choices: Mapping[str, str], days_back: list[int], today: dt.date
) -> Iterator[dict[str, str]]:
    """Every combination of dates (``days_back`` before ``today``) that gives each of ``dated`` its class.

    ``choices`` are the other answers the classes depend on. The first combination is the one
    ``realise`` takes; a policy diff takes them all, to try each date boundary.
    """

    def search(index: int, chosen: Mapping[str, str], terms: Mapping[str, Term]) -> Iterator[dict[str, str]]:
        if index == len(dated):
            yield {q: chosen[q] for q, _ in dated}
            return
        question_id, wanted = dated[index]
        for day in _candidates(policy, policy.question_index[question_id], terms, days_back, today):
            trial = {**chosen, question_id: day.isoformat()}
            try:
                classes, found = classify(policy, trial, today)
            except AnswerError:
                continue
            if classes.get(question_id) == wanted:
                yield from search(index + 1, trial, found)

    yield from search(0, choices, {})


def _candidates(
    policy: Policy, question: Question, terms: Mapping[str, Term], days_back: list[int], today: dt.date
) -> Iterator[dt.date]:
    """Days worth trying for ``question``: ``days_back`` before today, and for a term that follows on from
    another, the days around that term's start, end and grace end (``terms``: those of the dates chosen so far)."""
    if question.follows is None:
        for days in days_back:
            yield add_days(today, -days)
        return
    # A later link of a chain: its date matters against its predecessor's term (the days around
    # its start, end and grace end) and against today by its own length only. Trying every date far
    # back at each link made long chains slow to prove.
    seen: set[dt.date] = set()
    latest = current_term(policy, terms, question.follows)
    edges = (latest[1].start, latest[1].end, latest[1].grace_end) if latest is not None else ()
    for edge in edges:
        for nudge in (-1, 0, 1) if edge is not None else ():
            seen.add(add_days(edge, nudge))  # type: ignore[arg-type]
    for length in _own_lengths(question, today):
        for nudge in (-1, 0, 1):
            seen.add(add_days(today, -(length + nudge)))
    yield from sorted(seen, reverse=True)


def _own_lengths(question: Question, today: dt.date) -> set[int]:
    """Days back from today where a date of ``question`` changes class by its own length: 0, its periods, with grace."""
    periods = [question.period, *(question.period_by.periods.values() if question.period_by else ())]
    lengths = {(today - p.before(today)).days for p in periods if p is not None}
    grace = (today - question.grace.before(today)).days if question.grace else 0
    return {0, *lengths, *(length + grace for length in lengths)}


def date_offsets(policy: Policy, today: dt.date) -> list[int]:
    """Days back from ``today`` worth trying: sums of the policy's periods and grace windows, and their neighbours."""
    lengths: set[int] = set()
    for question in policy.questions:
        durations = [question.period, question.grace, *(question.period_by.periods.values() if question.period_by else ())]
        lengths |= {(today - d.before(today)).days for d in durations if d is not None}
    sums = {0}
    # A chain of terms (a renewal of a renewal) reaches further back: each length once more per link.
    chained = sum(1 for question in policy.questions if question.follows is not None)
    for _ in range(3 + max(0, chained - 1)):
        sums |= {s + length for s in sums for length in lengths}
    return sorted({s + nudge for s in sums for nudge in (0, 1, 2, -1) if s + nudge >= 0})
