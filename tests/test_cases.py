"""Every case of both reference policies: totality, reachability, and agreement with check()."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from policy_core import Outcome, cases, check, decide

from .conftest import TODAY


@pytest.fixture(scope="module")
def all_cases(policy):
    return cases(policy)


def test_every_case_has_one_decided_verdict(policy, all_cases) -> None:
    assert all_cases
    for case in all_cases:
        assert case.verdict.outcome is not Outcome.INCOMPLETE, case.answers
        assert case.verdict.next == ()
        assert case.verdict.clauses, f"a verdict without a deciding clause: {case.answers}"


def test_cases_are_distinct(all_cases) -> None:
    paths = [case.answers for case in all_cases]
    assert len(set(paths)) == len(paths)


def test_no_case_extends_another(all_cases) -> None:
    """Once settled, nothing more is asked: no case's answers are a prefix of another's."""
    paths = {case.answers for case in all_cases}
    for path in paths:
        for cut in range(1, len(path)):
            assert path[:cut] not in paths


def test_every_deciding_clause_is_reached(policy, all_cases) -> None:
    cited = {c.id for case in all_cases for c in (*case.verdict.clauses, *(c for a in case.verdict.actions for c in a.clauses))}
    referenced = {ref for q in policy.questions for o in q.options for ref in o.clauses}
    assert referenced - cited == set()


def test_every_question_and_answer_occurs(policy, all_cases) -> None:
    given = {pair for case in all_cases for pair in case.answers}
    for question in policy.questions:
        for option in question.options:
            assert (question.id, option.id) in given, f"{question.id}={option.id} is never asked"


def _completed(policy, answers: dict[str, str]) -> dict[str, str]:
    """Answer every unanswered question with its weakest option (one that changes nothing)."""
    weakest = {q.id: min(q.options, key=lambda o: (o.rank, len(o.actions))).id for q in policy.questions}
    return {**weakest, **answers}


def test_every_question_can_matter(policy, all_cases) -> None:
    """For each question, some case's outcome changes when only that answer (and its follow-ups) change."""
    for question in policy.questions:
        follow_ups = policy.follow_ups[question.id]
        variants = [
            {question.id: option.id, **dict(zip([f.id for f in follow_ups], combo, strict=True))}
            for option in question.options
            for combo in itertools.product(*[[o.id for o in f.options] for f in follow_ups])
        ]
        assert any(
            _effect(decide(policy, {**_completed(policy, dict(case.answers)), **variant})) != _effect(case.verdict)
            for case in all_cases
            for variant in variants
        ), f"question {question.id} never changes an outcome or an action"


def _effect(verdict) -> tuple[object, ...]:
    return (verdict.outcome, [a.id for a in verdict.actions])


def test_every_outcome_occurs(all_cases) -> None:
    outcomes = {case.verdict.outcome for case in all_cases}
    assert outcomes == {Outcome.SUPPORTED, Outcome.REVIEW, Outcome.NOT_SUPPORTED}


def test_check_with_real_dates_agrees_with_every_case(policy, all_cases) -> None:
    for case in all_cases:
        verdict = check(policy, case.example_answers(policy, TODAY), TODAY)
        assert replace(verdict, facts=(), checked_on=None) == case.verdict, case.answers
