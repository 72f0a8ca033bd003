"""Random answer sets: the checker always gives a verdict or a typed error, never anything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_core import AnswerError, Outcome, Verdict, check, load_policy

from .conftest import POLICY_DIR, SITE_POLICIES

pytestmark = pytest.mark.property

POLICIES = {name: load_policy(POLICY_DIR / f"{name}.yml") for name in SITE_POLICIES}


def answer_values(policy_name: str) -> st.SearchStrategy[str]:
    policy = POLICIES[policy_name]
    option_ids = sorted({o.id for q in policy.questions for o in q.options})
    return st.one_of(
        st.sampled_from(option_ids),
        st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)).map(dt.date.isoformat),
        st.text(max_size=12),
    )


def answer_sets(policy_name: str) -> st.SearchStrategy[dict[str, str]]:
    policy = POLICIES[policy_name]
    keys = st.one_of(st.sampled_from([q.id for q in policy.questions]), st.text(max_size=8))
    return st.dictionaries(keys, answer_values(policy_name), max_size=10)


@pytest.mark.parametrize("name", SITE_POLICIES)
@settings(max_examples=400, deadline=None)
@given(data=st.data(), today=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))
def test_verdict_or_typed_error(name: str, data: st.DataObject, today: dt.date) -> None:
    policy = POLICIES[name]
    answers = data.draw(answer_sets(name))
    try:
        verdict = check(policy, answers, today)
    except AnswerError as exc:
        error: AnswerError | None = exc
    else:
        error = None
    if error is not None:
        # The error names the answer at fault, with the value given.
        assert answers.get(error.question) == error.value or not isinstance(answers.get(error.question), str)
        return
    assert isinstance(verdict, Verdict)
    if verdict.outcome is Outcome.INCOMPLETE:
        # Only questions that apply and are still open are asked.
        assert verdict.next
        assert set(verdict.next).isdisjoint(verdict.answered)
    else:
        assert verdict.clauses, "every decided verdict cites at least one clause"
        assert all(action.clauses for action in verdict.actions), "every action cites the clauses that require it"
        assert verdict.next == ()
        if verdict.outcome is Outcome.NOT_SUPPORTED:
            assert verdict.actions == ()


@pytest.mark.parametrize("name", SITE_POLICIES)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_answering_the_next_question_never_loops(name: str, data: st.DataObject) -> None:
    """Following `next` always reaches a decided verdict within as many steps as questions."""
    policy = POLICIES[name]
    today = dt.date(2026, 6, 15)
    answers: dict[str, str] = {}
    for _ in range(len(policy.questions) + 1):
        verdict = check(policy, answers, today)
        if verdict.outcome is not Outcome.INCOMPLETE:
            break
        question = policy.question_index[data.draw(st.sampled_from(verdict.next))]
        answers[question.id] = data.draw(
            st.sampled_from(
                [o.id for o in question.extra_options] + (["2026-06-01", "2020-01-01"] if question.type == "date" else [])
            )
        )
    assert verdict.outcome is not Outcome.INCOMPLETE
