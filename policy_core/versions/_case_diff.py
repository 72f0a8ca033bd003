"""Which cases a policy change decides differently: every case of the old version, matched by answers.

A case whose questions and answers exist in both versions is judged by both. When the new
version asks a question the old one did not, the old case is extended with each of its answers;
only a case with an answer the other version lacks has no counterpart, and is listed as new or gone.

Date answers take part as classes (within, in-grace, after). When a date rule changes (a support
period, a grace window), the same date can fall in another class: each old case with such a date
is tried on real dates at every boundary of both versions, so a shortened period shows as the
cases it moves, never as "no change".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..engine import (
    DATE_CLASSES,
    REFERENCE_DAYS,
    AnswerError,
    AnswerPath,
    Case,
    Policy,
    Question,
    Verdict,
    cases,
    classify,
    date_offsets,
    date_samples,
    decided_paths,
    realise,
)

#: The day the boundary samples and example answers are taken on.
SAMPLE_DAY = REFERENCE_DAYS[0]


@dataclass(frozen=True, kw_only=True)
class CaseChange:
    """One case decided differently: its answers in each version, both verdicts, and answers that show it."""

    old_answers: AnswerPath
    new_answers: AnswerPath
    old: Verdict
    new: Verdict
    example: Mapping[str, str]
    """Raw answers (real dates) giving the old verdict under the old version and the new one under the new (on ``SAMPLE_DAY``)."""
    moved: tuple[tuple[str, str, str], ...] = ()
    """The date answers whose class the new rules change: ``(question, old class, new class)``."""


@dataclass(frozen=True, kw_only=True)
class CaseComparison:
    compared: int
    """How many pairs of cases were judged by both versions."""
    changes: tuple[CaseChange, ...]
    new: tuple[Case, ...]
    """Cases of the new version with an answer the old one does not offer."""
    gone: tuple[Case, ...]
    """Cases of the old version with an answer the new one no longer offers."""


def verdict_kind(verdict: Verdict) -> str:
    """The verdict as customers read it: the outcome, and the action it names (its headline)."""
    return verdict.headline


def _decides_alike(one: Verdict, other: Verdict) -> bool:
    return (one.outcome, [a.id for a in one.actions]) == (other.outcome, [a.id for a in other.actions])


def compare_cases(old: Policy, new: Policy) -> CaseComparison:
    """Every case of ``old`` judged again under ``new``, and the cases only one of them has."""
    shifting = shifting_dates(old, new)
    compared = 0
    changes: list[CaseChange] = []
    gone: list[Case] = []
    reached: set[frozenset[tuple[str, str]]] = set()
    refined: dict[AnswerPath, list[tuple[AnswerPath, dict[str, str], tuple[tuple[str, str, str], ...]]]] = {}
    # What a date's class depends on: the dates (or their extra answers) and the period keys.
    keys = _period_keys(old)
    for case in cases(old):
        translated = _translate(case.answers, old, new)
        if translated is None:
            gone.append(case)
            continue
        signature = tuple((q, a) for q, a in case.answers if old.question_index[q].type == "date" or q in keys)
        if signature not in refined:
            refined[signature] = list(_refinements(old, new, case.answers, shifting))
        for classes, dates, moved in refined[signature]:
            start = tuple((q, dict(classes).get(q, a)) for q, a in translated)
            for path, verdict in _complete(new, start):
                reached.add(frozenset(path))
                compared += 1
                if not _decides_alike(case.verdict, verdict):
                    example = _example(new, path, dates)
                    changes.append(
                        CaseChange(
                            old_answers=case.answers,
                            new_answers=path,
                            old=case.verdict,
                            new=verdict,
                            example=example,
                            moved=moved,
                        )
                    )
    added = tuple(c for c in cases(new) if frozenset(c.answers) not in reached and _translate(c.answers, new, old) is None)
    return CaseComparison(compared=compared, changes=tuple(changes), new=added, gone=tuple(gone))


def _is_dated(policy: Policy, question_id: str, answer: str) -> bool:
    return policy.question_index[question_id].type == "date" and answer in DATE_CLASSES


def _period_keys(policy: Policy) -> set[str]:
    """Questions that some date question takes its period from."""
    return {q.period_by.question for q in policy.questions if q.period_by is not None}


def _translate(path: AnswerPath, old: Policy, new: Policy) -> AnswerPath | None:
    """``path`` in the new version's terms: answers to removed questions dropped; ``None`` if an answer is gone."""
    kept: list[tuple[str, str]] = []
    for question_id, answer in path:
        question = new.question_index.get(question_id)
        if question is None:
            continue
        dated = _is_dated(old, question_id, answer)
        if (dated and question.type != "date") or (not dated and question.option(answer) is None):
            return None
        kept.append((question_id, answer))
    return tuple(kept)


def _complete(policy: Policy, path: AnswerPath) -> Iterator[tuple[AnswerPath, Verdict]]:
    """Each decided verdict ``path`` reaches, with only the answers that verdict uses, in questionnaire order."""
    try:
        for reached, verdict in decided_paths(policy, path):
            answers = dict(reached)
            yield tuple((q, answers[q]) for q in verdict.answered), verdict
    except AnswerError:
        return


def _rule(question: Question) -> tuple[object, ...]:
    period_by = question.period_by
    periods = (period_by.question, sorted((k, str(v)) for k, v in period_by.periods.items())) if period_by else None
    return (str(question.period), str(question.grace), periods, question.starts_after, question.not_before)


def shifting_dates(old: Policy, new: Policy) -> frozenset[str]:
    """Date questions of both versions whose classes the new rules can change, with those computed from them."""
    shifting: set[str] = set()
    for question in new.questions:  # file order: a term is computed from earlier answers only
        before = old.question_index.get(question.id)
        if question.type != "date" or before is None or before.type != "date":
            continue
        if _rule(before) != _rule(question) or shifting & set(question.depends_on):
            shifting.add(question.id)
    return frozenset(shifting)


def _refinements(
    old: Policy, new: Policy, path: AnswerPath, shifting: frozenset[str]
) -> Iterator[tuple[AnswerPath, dict[str, str], tuple[tuple[str, str, str], ...]]]:
    """The new classes a case's date answers can fall in: ``(classes, sample dates, moved answers)``.

    Without a changed date rule, the classes stay. Otherwise real dates at every boundary of
    either version are tried; each distinct set of new classes is one refinement.
    """
    dated = [(q, a) for q, a in path if _is_dated(old, q, a)]
    if not any(q in shifting for q, _ in dated):
        yield (), {}, ()
        return
    choices = {q: a for q, a in path if not _is_dated(old, q, a)}
    days = sorted(set(date_offsets(old, SAMPLE_DAY)) | set(date_offsets(new, SAMPLE_DAY)))
    seen: set[AnswerPath] = set()
    for dates in date_samples(old, dated, choices, days, SAMPLE_DAY):
        raw = {q: a for q, a in {**choices, **dates}.items() if q in new.question_index}
        try:
            classes, _ = classify(new, raw, SAMPLE_DAY)
        except AnswerError:
            continue
        now = tuple((q, classes[q]) for q, _ in dated if q in classes)
        if now in seen:
            continue
        seen.add(now)
        moved = tuple((q, a, classes[q]) for q, a in dated if q in classes and classes[q] != a)
        yield now, dates, moved


def _example(policy: Policy, path: AnswerPath, dates: Mapping[str, str]) -> dict[str, str]:
    """Raw answers for ``path`` on ``SAMPLE_DAY``, keeping the sample dates that moved it."""
    realised = realise(policy, path, SAMPLE_DAY) or dict(path)
    return {q: dates.get(q, realised[q]) for q, _ in path}
