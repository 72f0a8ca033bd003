"""The checker's verdicts on the reference policies, grouped by question (as smart-answers does)."""

from __future__ import annotations

import pytest

from policy_core import (
    AnswerError,
    InvalidDateError,
    Outcome,
    UnknownOptionError,
    UnknownQuestionError,
    check,
)

from .conftest import TODAY

# Answers under which nothing stands in the way, so each test varies one thing.
CLEAN = {
    "interspire": {
        "issue": "how-to",
        "purchased": "2026-03-01",
        "version": "latest",
        "customized": "no",
        "addons": "no",
        "environment": "supported",
        "filer": "customer",
    },
    "alurian": {
        "issue": "how-to",
        "forum": "no",
        "purchased": "2026-05-01",
        "version": "latest",
        "customized": "no",
        "data-modified": "no",
        "addons": "no",
        "environment": "supported",
    },
}


def verdict_for(policy, **changes: str):
    answers = {**CLEAN[policy.id], **changes}
    return check(policy, {k.replace("_", "-"): v for k, v in answers.items() if v is not None}, TODAY)


def clause_ids(verdict) -> list[str]:
    return [c.id for c in verdict.clauses]


class TestCleanAnswers:
    def test_supported_with_every_supporting_clause(self, interspire) -> None:
        verdict = verdict_for(interspire)
        assert verdict.outcome is Outcome.SUPPORTED
        assert clause_ids(verdict) == ["supported.how-to", "period.twelve-months", "products.eligible-products"]
        assert verdict.next == ()
        assert verdict.steps[-1].startswith("File a ticket in Interspire's web-based ticketing system")

    def test_alurian_supported(self, alurian) -> None:
        verdict = verdict_for(alurian)
        assert verdict.outcome is Outcome.SUPPORTED
        assert clause_ids(verdict) == ["supported.how-to", "overview.included-period"]


class TestIssue:
    def test_outside_the_product_settles_at_once(self, interspire) -> None:
        verdict = check(interspire, {"issue": "ftp-accounts"}, TODAY)
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert clause_ids(verdict) == ["not-supported.outside-product"]
        assert verdict.clauses[0].section_title == "What is not Supported?"
        assert verdict.next == ()

    def test_the_issue_example(self, interspire) -> None:
        verdict = check(interspire, {"issue": "ftp-accounts", "purchased": "2026-01-10"}, TODAY)
        assert verdict.to_json()["outcome"] == "not-supported"

    def test_template_customization_is_an_alurian_exclusion(self, alurian) -> None:
        verdict = check(alurian, {"issue": "template-customization"}, TODAY)
        assert clause_ids(verdict) == ["not-supported.template-customizations"]

    def test_interspire_has_no_template_customization_answer(self, interspire) -> None:
        with pytest.raises(UnknownOptionError):
            check(interspire, {"issue": "template-customization"}, TODAY)

    def test_a_supported_issue_still_needs_the_other_answers(self, interspire) -> None:
        verdict = check(interspire, {"issue": "how-to"}, TODAY)
        assert verdict.outcome is Outcome.INCOMPLETE
        assert verdict.next == ("purchased", "version", "customized", "addons", "environment", "filer")
        assert verdict.clauses == ()


class TestLicenseKeys:
    def test_after_a_server_change(self, interspire) -> None:
        verdict = verdict_for(interspire, issue="license-key", version=None, license_software="current")
        assert verdict.outcome is Outcome.SUPPORTED
        assert "supported.license-keys-server-change" in clause_ids(verdict)

    def test_on_outdated_software(self, alurian) -> None:
        verdict = check(alurian, {"issue": "license-key", "license-software": "outdated"}, TODAY)
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert clause_ids(verdict) == ["not-supported.license-keys-outdated"]

    def test_the_version_question_is_not_asked(self, interspire) -> None:
        verdict = check(interspire, {"issue": "license-key"}, TODAY)
        assert "license-software" in verdict.next
        assert "version" not in verdict.next


class TestEntitlement:
    def test_interspire_expired_and_not_renewed(self, interspire) -> None:
        verdict = verdict_for(interspire, purchased="2025-01-10", renewal="not-renewed")
        assert verdict.outcome is Outcome.SUPPORTED
        assert [(a.id, [c.id for c in a.clauses]) for a in verdict.actions] == [("renew", ["overview.renewal"])]
        assert verdict.headline == "Supported once you renew your support"
        assert [f.text for f in verdict.facts] == ["Your free support ran until 10 January 2026"]

    def test_a_partners_client_with_expired_support_is_told_both_actions(self, interspire) -> None:
        """The first of the two examples that once lost an action: who files is still asked."""
        answers = {"issue": "how-to", "purchased": "2025-01-10", "renewal": "not-renewed"}
        assert "filer" in check(interspire, answers, TODAY).next
        verdict = verdict_for(interspire, purchased="2025-01-10", renewal="not-renewed", filer="partner-client")
        assert [a.id for a in verdict.actions] == ["renew", "partner-files"]
        assert verdict.headline == "Supported once you take the 2 actions below"

    def test_no_subscription_and_an_old_release_are_both_actions(self, alurian) -> None:
        """The second example: the release is still asked when a subscription is missing."""
        answers = {"issue": "how-to", "forum": "no", "purchased": "2026-01-10", "subscription": "none"}
        assert "version" in check(alurian, answers, TODAY).next
        verdict = verdict_for(alurian, purchased="2026-01-10", subscription="none", version="older")
        assert [a.id for a in verdict.actions] == ["buy-subscription", "update"]

    def test_uncertainty_is_review_not_supported(self, interspire) -> None:
        verdict = verdict_for(interspire, issue="other", purchased="2025-01-10", renewal="not-renewed")
        assert verdict.outcome is Outcome.REVIEW
        assert verdict.headline == "An engineer must confirm; first, renew your support"

    def test_interspire_renewed_until_later(self, interspire) -> None:
        verdict = verdict_for(interspire, purchased="2025-01-10", renewal="2026-12-31")
        assert verdict.outcome is Outcome.SUPPORTED
        assert "overview.renewal" in clause_ids(verdict)

    def test_renewal_is_asked_only_after_the_period(self, interspire) -> None:
        assert "renewal" not in check(interspire, {"issue": "how-to", "purchased": "2026-01-10"}, TODAY).next
        assert "renewal" in check(interspire, {"issue": "how-to", "purchased": "2025-01-10"}, TODAY).next

    def test_alurian_after_three_months_needs_a_subscription(self, alurian) -> None:
        verdict = verdict_for(alurian, purchased="2026-01-10", subscription="none")
        assert verdict.outcome is Outcome.SUPPORTED
        assert [a.id for a in verdict.actions] == ["buy-subscription"]
        assert verdict.headline == "Supported once you buy a Support and Upgrades Subscription"

    def test_an_answer_to_a_question_that_does_not_apply_is_ignored(self, alurian) -> None:
        verdict = verdict_for(alurian, subscription="none")  # bought within 3 months
        assert verdict.outcome is Outcome.SUPPORTED


class TestVersion:
    def test_older_release_means_update_first(self, interspire) -> None:
        verdict = verdict_for(interspire, version="older")
        assert verdict.outcome is Outcome.SUPPORTED
        ((action,),) = [verdict.actions]
        assert [c.id for c in action.clauses] == ["products.keep-updated", "not-supported.outdated-version"]

    def test_interspire_does_not_support_betas(self, interspire) -> None:
        verdict = verdict_for(interspire, version="beta")
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert clause_ids(verdict) == ["extent.beta"]


class TestPartners:
    def test_client_of_a_partner_must_ask_the_partner(self, interspire) -> None:
        verdict = verdict_for(interspire, filer="partner-client")
        assert verdict.outcome is Outcome.SUPPORTED
        assert [a.id for a in verdict.actions] == ["partner-files"]
        assert "Ask your Interspire partner" in verdict.actions[0].text

    def test_partner_filing_for_a_client(self, interspire) -> None:
        verdict = verdict_for(interspire, filer="partner")
        assert verdict.outcome is Outcome.SUPPORTED
        assert "products.partners" in clause_ids(verdict)

    def test_alurian_never_asks_about_partners(self, alurian) -> None:
        assert "filer" not in alurian.question_index
        with pytest.raises(UnknownQuestionError):
            check(alurian, {"filer": "partner"}, TODAY)


class TestAlurianOnlyQuestions:
    @pytest.mark.parametrize(
        ("question", "clause"),
        [("forum", "not-supported.forum-referrals"), ("data-modified", "not-supported.data-modified")],
    )
    def test_yes_is_not_supported(self, alurian, question: str, clause: str) -> None:
        verdict = verdict_for(alurian, **{question.replace("-", "_"): "yes"})
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert clause_ids(verdict) == [clause]

    def test_interspire_has_no_forum_question(self, interspire) -> None:
        assert "forum" not in interspire.question_index


class TestPrecedence:
    def test_not_supported_beats_actions_and_cites_every_deciding_clause(self, interspire) -> None:
        verdict = verdict_for(interspire, version="older", customized="yes", addons="yes", filer="partner-client")
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert clause_ids(verdict) == [
            "not-supported.customized-code",
            "extent.customer-modifications",
            "not-supported.third-party-addons",
        ]

    def test_review_beats_supported_and_keeps_the_actions(self, interspire) -> None:
        verdict = verdict_for(interspire, version="older", environment="not-sure")
        assert verdict.outcome is Outcome.REVIEW
        assert [a.id for a in verdict.actions] == ["update"]
        assert verdict.headline == "An engineer must confirm; first, update to the latest stable release"
        assert clause_ids(verdict) == ["not-supported.unsupported-environments"]

    def test_settled_verdict_asks_nothing_more(self, interspire) -> None:
        verdict = check(interspire, {"issue": "how-to", "customized": "yes"}, TODAY)
        assert verdict.outcome is Outcome.NOT_SUPPORTED
        assert verdict.next == ()


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
                "answer purchased='2026-06-16': the date is after today (2026-06-15)",
            ),
            ({"renewal": "someday"}, InvalidDateError, "answer renewal='someday': expected a date as YYYY-MM-DD or not-renewed"),
        ],
    )
    def test_typed_error_names_the_answer(self, interspire, answers, error, message: str) -> None:
        with pytest.raises(error) as caught:
            check(interspire, answers, TODAY)
        assert str(caught.value).startswith(message)
        ((question, value),) = answers.items()
        assert (caught.value.question, caught.value.value) == (question, value)
        assert isinstance(caught.value, AnswerError)

    def test_a_future_renewal_end_is_fine(self, interspire) -> None:
        verdict = check(interspire, {"issue": "how-to", "purchased": "2025-01-01", "renewal": "2027-01-01"}, TODAY)
        assert verdict.outcome is Outcome.INCOMPLETE

    def test_non_text_answer(self, interspire) -> None:
        with pytest.raises(UnknownOptionError, match="an answer must be text"):
            check(interspire, {"issue": 3}, TODAY)  # type: ignore[dict-item]


def test_verdict_json_shape(interspire) -> None:
    data = verdict_for(interspire, version="older").to_json()
    assert list(data) == [
        "policy",
        "checked_on",
        "outcome",
        "headline",
        "actions",
        "clauses",
        "facts",
        "next",
        "steps",
        "answered",
    ]
    assert data["checked_on"] == TODAY.isoformat()
    assert data["actions"][0]["clauses"] == ["products.keep-updated", "not-supported.outdated-version"]
    assert data["clauses"][0] == {
        "id": "supported.how-to",
        "section": "What is Supported?",
        "text": interspire.clauses["supported.how-to"].text,
    }
    assert data["facts"] == [
        {
            "id": "purchased.end",
            "label": "Your free support runs until",
            "date": "2027-03-01",
            "text": "Your free support runs until 1 March 2027",
        }
    ]
