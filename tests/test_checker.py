"""The checker's rules, one per test, on a small synthetic policy (tests/fixtures/engine.yml).

The reference policies are content a writer edits; engine rules must not depend on them.
"""

from __future__ import annotations

import pytest

from policy_core import (
    AnswerError,
    ContradictoryDatesError,
    InvalidDateError,
    Outcome,
    UnknownOptionError,
    UnknownQuestionError,
    check,
    load_policy,
)

from .conftest import FIXTURES, TODAY

# Answers under which nothing stands in the way (TODAY is 2026-06-15), so each test varies one thing.
CLEAN = {"issue": "how-to", "release": "latest", "purchased": "2026-03-01", "filer": "customer"}
EXPIRED = {"purchased": "2025-01-10", "renewal": "not-renewed"}


@pytest.fixture(scope="module")
def engine():
    return load_policy(FIXTURES / "engine.yml")


def verdict_for(policy, **changes: str | None):
    answers = {**CLEAN, **changes}
    return check(policy, {k: v for k, v in answers.items() if v is not None}, TODAY)


def clause_ids(verdict) -> list[str]:
    return [c.id for c in verdict.clauses]


def action_ids(verdict) -> list[str]:
    return [a.id for a in verdict.actions]


class TestSupported:
    def test_cites_every_supporting_clause_in_question_order(self, engine) -> None:
        verdict = verdict_for(engine)
        assert verdict.outcome is Outcome.SUPPORTED
        assert verdict.headline == "Supported"
        assert clause_ids(verdict) == ["supported.how-to", "terms.free-year"]
        assert verdict.actions == ()
        assert verdict.steps == ("Email support.",)

    def test_every_question_is_asked_before_a_supported_verdict(self, engine) -> None:
        verdict = check(engine, {"issue": "how-to"}, TODAY)
        assert verdict.outcome is Outcome.INCOMPLETE
        assert verdict.next == ("release", "purchased", "filer")
        assert verdict.clauses == ()
        assert verdict.actions == ()


class TestFollowUps:
    def test_a_follow_up_is_asked_only_when_its_condition_holds(self, engine) -> None:
        assert "plugin" in check(engine, {"issue": "defect"}, TODAY).next
        assert "plugin" not in check(engine, {"issue": "how-to"}, TODAY).next

    def test_a_follow_up_adds_its_clauses(self, engine) -> None:
        verdict = verdict_for(engine, issue="defect", plugin="northwind")
        assert clause_ids(verdict) == ["supported.defects", "supported.plugins", "terms.free-year"]

    def test_an_answer_to_a_question_that_does_not_apply_is_ignored(self, engine) -> None:
        verdict = verdict_for(engine, plugin="third-party", renewal="not-renewed")
        assert verdict.outcome is Outcome.SUPPORTED
        assert verdict.answered == ("issue", "release", "purchased", "filer")

    def test_the_renewal_is_asked_only_after_the_period(self, engine) -> None:
        assert "renewal" not in check(engine, {"issue": "how-to", "purchased": "2026-01-10"}, TODAY).next
        assert "renewal" in check(engine, {"issue": "how-to", "purchased": "2025-01-10"}, TODAY).next


class TestActions:
    def test_one_action_names_itself_in_the_headline(self, engine) -> None:
        verdict = verdict_for(engine, **EXPIRED)
        assert verdict.outcome is Outcome.SUPPORTED
        assert [(a.id, [c.id for c in a.clauses]) for a in verdict.actions] == [("renew", ["terms.renewal"])]
        assert verdict.headline == "Supported once you renew your support"
        assert [f.text for f in verdict.facts] == ["Your support ran from 10 January 2025 until 10 January 2026"]

    def test_a_known_action_does_not_stop_the_questions(self, engine) -> None:
        """Once one action is required, questions that can add another are still asked."""
        verdict = check(engine, {"issue": "how-to", "release": "older", **EXPIRED}, TODAY)
        assert verdict.outcome is Outcome.INCOMPLETE
        assert verdict.next == ("filer",)

    def test_every_required_action_is_listed_in_the_policys_order(self, engine) -> None:
        verdict = verdict_for(engine, release="older", filer="reseller-client", **EXPIRED)
        assert action_ids(verdict) == ["renew", "update", "reseller-files"]
        assert verdict.headline == "Supported once you take the 3 actions below"

    def test_an_action_without_a_label_is_counted(self, engine) -> None:
        verdict = verdict_for(engine, filer="reseller-client")
        assert verdict.headline == "Supported once you take the action below"
        assert verdict.actions[0].text == "Ask your reseller to file the ticket for you."

    def test_a_renewal_that_has_ended_needs_renewing(self, engine) -> None:
        verdict = verdict_for(engine, purchased="2025-01-10", renewal="2026-01-10")
        assert action_ids(verdict) == ["renew"]
        assert [f.text for f in verdict.facts] == [
            "Your support ran from 10 January 2025 until 10 January 2026",
            "Your renewed support ran until 10 January 2026",
        ]

    def test_a_renewal_still_running_needs_nothing(self, engine) -> None:
        verdict = verdict_for(engine, purchased="2025-01-10", renewal="2026-12-31")
        assert verdict.outcome is Outcome.SUPPORTED
        assert verdict.actions == ()
        assert "terms.renewal" in clause_ids(verdict)


class TestReview:
    def test_uncertainty_is_review_never_supported(self, engine) -> None:
        verdict = verdict_for(engine, issue="unsure")
        assert verdict.outcome is Outcome.REVIEW
        assert verdict.headline == "An engineer must confirm"
        assert clause_ids(verdict) == ["not-supported.scope"], "only the clauses that decided the outcome"
        assert verdict.steps == ("Email support; an engineer confirms whether it is covered.",)

    def test_review_and_actions_show_together(self, engine) -> None:
        verdict = verdict_for(engine, issue="unsure", **EXPIRED)
        assert verdict.outcome is Outcome.REVIEW
        assert action_ids(verdict) == ["renew"]
        assert verdict.headline == "An engineer must confirm; first, renew your support"


class TestNotSupported:
    def test_stops_at_once_with_no_actions(self, engine) -> None:
        verdict = check(engine, {"issue": "outside"}, TODAY)
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert verdict.next == ()
        assert clause_ids(verdict) == ["not-supported.outside"]

    def test_beats_actions_already_required(self, engine) -> None:
        verdict = check(engine, {"issue": "how-to", **EXPIRED, "release": "beta"}, TODAY)
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert verdict.actions == ()
        assert clause_ids(verdict) == ["not-supported.betas"]
        assert verdict.steps == ("Support will not take this on.",)

    def test_beats_review(self, engine) -> None:
        verdict = check(engine, {"issue": "unsure", "release": "beta"}, TODAY)
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert clause_ids(verdict) == ["not-supported.betas"]


class TestBadAnswers:
    @pytest.mark.parametrize(
        ("answers", "error", "message"),
        [
            (
                {"isue": "how-to"},
                UnknownQuestionError,
                "answer isue='how-to': the policy asks no such question (did you mean 'issue'?)",
            ),
            ({"issue": "howto"}, UnknownOptionError, "answer issue='howto': expected one of how-to, "),
            (
                {"purchased": "2026-02-30"},
                InvalidDateError,
                "answer purchased='2026-02-30': no such date (day is out of range for month)",
            ),
            ({"purchased": "15/06/2026"}, InvalidDateError, "answer purchased='15/06/2026': expected a date as YYYY-MM-DD"),
            (
                {"purchased": "2026-06-16"},
                InvalidDateError,
                "answer purchased='2026-06-16': the date must be today (15 June 2026) or earlier",
            ),
            ({"renewal": "someday"}, InvalidDateError, "answer renewal='someday': expected a date as YYYY-MM-DD or not-renewed"),
        ],
    )
    def test_typed_error_names_the_answer(self, engine, answers, error, message: str) -> None:
        with pytest.raises(error) as caught:
            check(engine, answers, TODAY)
        assert str(caught.value).startswith(message)
        ((question, value),) = answers.items()
        assert (caught.value.question, caught.value.value) == (question, value)
        assert isinstance(caught.value, AnswerError)

    def test_a_renewal_ending_before_the_purchase_contradicts_it(self, engine) -> None:
        with pytest.raises(ContradictoryDatesError) as caught:
            check(engine, {"purchased": "2025-01-10", "renewal": "2025-01-09"}, TODAY)
        assert caught.value.question == "renewal"

    def test_a_future_renewal_end_is_fine(self, engine) -> None:
        verdict = check(engine, {"issue": "how-to", "purchased": "2025-01-01", "renewal": "2027-01-01"}, TODAY)
        assert verdict.outcome is Outcome.INCOMPLETE

    def test_non_text_answer(self, engine) -> None:
        with pytest.raises(UnknownOptionError, match="an answer must be text"):
            check(engine, {"issue": 3}, TODAY)  # type: ignore[dict-item]


def test_verdict_json_shape(engine) -> None:
    data = verdict_for(engine, release="older").to_json()
    assert list(data) == [
        "policy",
        "checked_on",
        "outcome",
        "headline",
        "tone",
        "actions",
        "clauses",
        "facts",
        "offers",
        "next",
        "steps",
        "answered",
    ]
    assert data["checked_on"] == TODAY.isoformat()
    assert data["actions"] == [
        {
            "id": "update",
            "label": "update to the latest release",
            "text": "Update to the latest release.",
            "clauses": ["terms.releases"],
        }
    ]
    assert data["clauses"][0] == {"id": "supported.how-to", "section": "Supported", "text": "How-to questions."}
    assert data["facts"] == [
        {
            "id": "purchased.end",
            "label": "Your support runs from 1 March 2026 until",
            "date": "2027-03-01",
            "start": "2026-03-01",
            "text": "Your support runs from 1 March 2026 until 1 March 2027",
        }
    ]
