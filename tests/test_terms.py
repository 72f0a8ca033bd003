"""Terms that follow on from each other, on synthetic policies: renewals whose start the dates decide,
extensions inside a window and under a cap, what can be bought today, and conditions on several answers.

Each rule is tried at its boundary days: the last day covered and the first after, the last day of
grace and the first after, month ends and a leap day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from policy_core import ContradictoryDatesError, InvalidPolicyError, check, load_policy, policy_from_data

from .conftest import FIXTURES

D = dt.date
TERMS = FIXTURES / "terms"


@pytest.fixture(scope="module")
def renewals():
    return load_policy(TERMS / "renewals.yml")


@pytest.fixture(scope="module")
def extensions():
    return load_policy(TERMS / "extensions.yml")


def facts(verdict) -> list[str]:
    return [fact.text for fact in verdict.facts]


def offers(verdict) -> list[tuple[str, str]]:
    return [(offer.state, offer.text) for offer in verdict.offers]


class TestRenewals:
    """One year, a 30-day grace; a renewal continues the term when bought before the grace ends."""

    def renew(self, policy, today: dt.date, purchased: str, renewed: str):
        return check(policy, {"issue": "how-to", "purchased": purchased, "renewed": renewed}, today)

    def test_the_last_day_covered_states_the_whole_term(self, renewals) -> None:
        verdict = check(renewals, {"issue": "how-to", "purchased": "2025-06-15"}, D(2026, 6, 15))
        assert verdict.headline == "Supported"
        assert facts(verdict) == ["Your support runs from 15 June 2025 until 15 June 2026"]

    def test_the_first_day_after_asks_about_a_renewal(self, renewals) -> None:
        verdict = check(renewals, {"issue": "how-to", "purchased": "2025-06-15"}, D(2026, 6, 16))
        assert verdict.next == ("renewed",)

    def test_renewed_on_the_last_day_of_grace_continues_the_term(self, renewals) -> None:
        verdict = self.renew(renewals, D(2026, 8, 1), "2025-06-15", "2026-07-15")
        assert verdict.headline == "Supported"
        assert facts(verdict)[-1] == "Your renewed support runs from 16 June 2026 until 15 June 2027"

    def test_renewed_the_day_after_grace_starts_a_new_term_that_day(self, renewals) -> None:
        verdict = self.renew(renewals, D(2026, 8, 1), "2025-06-15", "2026-07-16")
        assert facts(verdict)[-1] == "Your renewed support runs from 16 July 2026 until 16 July 2027"

    def test_the_dates_decide_not_the_customer(self, renewals) -> None:
        # The trial's case: support ended on 1 May 2026; renewed on 10 June, after the grace.
        verdict = self.renew(renewals, D(2026, 6, 20), "2025-05-01", "2026-06-10")
        assert facts(verdict)[-1] == "Your renewed support runs from 10 June 2026 until 10 June 2027"

    def test_a_renewal_bought_early_runs_from_the_end(self, renewals) -> None:
        verdict = check(renewals, {"issue": "how-to", "purchased": "2025-01-31"}, D(2026, 1, 20))
        assert offers(verdict) == []  # the renewal question is asked once support has ended only
        verdict = self.renew(renewals, D(2026, 2, 2), "2025-01-31", "2026-01-20")
        assert facts(verdict)[-1] == "Your renewed support runs from 1 February 2026 until 31 January 2027"

    def test_a_leap_day_purchase(self, renewals) -> None:
        verdict = self.renew(renewals, D(2029, 3, 10), "2028-02-29", "2029-03-01")
        assert facts(verdict)[0] == "Your support ran from 29 February 2028 until 28 February 2029"
        assert facts(verdict)[-1] == "Your renewed support runs from 1 March 2029 until 28 February 2030"

    def test_a_chain_of_renewals_renews_the_latest_term(self, renewals) -> None:
        answers = {"issue": "how-to", "purchased": "2023-03-01", "renewed": "2024-03-20"}
        # Renewed within grace (continues to 1 March 2025); renewed again on the last day of that grace.
        verdict = check(renewals, {**answers, "renewed-again": "2025-03-31"}, D(2026, 1, 15))
        assert verdict.headline == "Supported"
        assert [fact.text for fact in verdict.facts if fact.id.endswith(".end")] == [
            "Your support ran from 1 March 2023 until 1 March 2024",
            "Your renewed support ran from 2 March 2024 until 1 March 2025",
            "Your renewed support runs from 2 March 2025 until 1 March 2026",
        ]
        verdict = check(renewals, {**answers, "renewed-again": "2025-04-01"}, D(2026, 1, 15))
        assert facts(verdict)[-1] == "Your renewed support runs from 1 April 2025 until 1 April 2026"

    def test_the_renewal_offer_states_the_new_term(self, renewals) -> None:
        verdict = self.renew(renewals, D(2026, 7, 1), "2025-05-01", "not-renewed")
        assert verdict.headline == "Supported once you renew your support"
        # Grace ended on 31 May 2026: bought today, a new term starts today.
        assert offers(verdict) == [
            ("available", "You can buy a renewal today: your renewed support would run from 1 July 2026 until 1 July 2027.")
        ]
        verdict = self.renew(renewals, D(2026, 5, 31), "2025-05-01", "not-renewed")
        assert offers(verdict)[0][1].endswith("would run from 2 May 2026 until 1 May 2027.")

    def test_a_renewal_before_the_purchase_is_refused_by_name(self, renewals) -> None:
        with pytest.raises(ContradictoryDatesError) as caught:
            self.renew(renewals, D(2026, 8, 1), "2025-06-15", "2025-06-14")
        assert caught.value.question == "renewed"
        assert "before" in caught.value.reason


class TestExtensions:
    """6 months included (12 with an extended license); a 6-month extension while support runs and
    less than 6 months remain, never more than 12 months valid at once."""

    def ask(self, policy, today: dt.date, **answers: str):
        return check(policy, {"issue": "defect", "license": "standard", **answers}, today)

    def test_the_last_day_offers_an_extension_until_that_day(self, extensions) -> None:
        verdict = self.ask(extensions, D(2026, 7, 31), purchased="2026-01-31", extended="none")
        assert verdict.headline == "Supported"
        assert facts(verdict) == ["Your support runs from 31 January 2026 until 31 July 2026"]
        assert offers(verdict) == [
            (
                "available",
                "You can buy a 6-month extension until 31 July 2026: your extended support would run "
                "from 1 August 2026 until 31 January 2027.",
            )
        ]

    def test_the_first_day_after_closes_the_extension_and_offers_a_renewal(self, extensions) -> None:
        verdict = self.ask(extensions, D(2026, 8, 1), purchased="2026-01-31", extended="none", renewed="not-renewed")
        assert verdict.headline == "Supported once you renew your support"
        assert verdict.tone == "conditional"
        assert offers(verdict) == [
            (
                "closed",
                "You cannot buy a 6-month extension: it can be bought only while your support runs, "
                "and that ended on 31 July 2026.",
            ),
            (
                "available",
                "You can buy a renewal today: your renewed support would run from 1 August 2026 until 1 February 2027.",
            ),
        ]

    def test_an_extension_adds_to_the_end(self, extensions) -> None:
        verdict = self.ask(extensions, D(2026, 9, 1), purchased="2026-01-31", extended="2026-03-01")
        assert verdict.headline == "Supported"
        assert facts(verdict)[-1] == "Your extended support runs from 1 August 2026 until 31 January 2027"
        assert "renewed" not in verdict.answered  # support runs: the renewal is not asked

    def test_the_window_opens_when_less_than_its_length_remains(self, extensions) -> None:
        answers = {"license": "extended-license", "purchased": "2026-01-31"}  # support until 31 January 2027
        verdict = self.ask(extensions, D(2026, 5, 1), **answers, extended="none")
        assert offers(verdict) == [
            (
                "later",
                "You cannot buy a 6-month extension yet: more than 6 months of your support remain. "
                "You can buy it from 1 August 2026 until 31 January 2027.",
            )
        ]
        assert verdict.offers[0].opens == D(2026, 8, 1)
        with pytest.raises(ContradictoryDatesError) as caught:
            self.ask(extensions, D(2026, 9, 1), **answers, extended="2026-07-31")
        assert caught.value.question == "extended"
        assert "from 1 August 2026" in caught.value.reason
        verdict = self.ask(extensions, D(2026, 9, 1), **answers, extended="2026-08-01")
        assert facts(verdict)[-1] == "Your extended support will run from 1 February 2027 until 31 July 2027"

    def test_an_extension_after_support_ended_is_refused(self, extensions) -> None:
        with pytest.raises(ContradictoryDatesError) as caught:
            self.ask(extensions, D(2026, 9, 1), purchased="2026-01-31", extended="2026-08-01")
        assert "ended on 31 July 2026" in caught.value.reason

    def test_the_cap_holds_when_the_window_would_allow_more(self) -> None:
        # A window of 9 months opens 3 months in; the 12-month cap only 6 months in.
        policy = policy_from_data(_extension_policy(window="9 months", cap="12 months"))
        verdict = check(policy, {"purchased": "2026-01-31", "extended": "none"}, D(2026, 5, 15))
        assert verdict.offers[0].state == "later"
        assert verdict.offers[0].opens == D(2026, 7, 31)
        assert "more than 12 months would be valid at once" in verdict.offers[0].text
        with pytest.raises(ContradictoryDatesError):
            check(policy, {"purchased": "2026-01-31", "extended": "2026-07-30"}, D(2026, 8, 1))
        assert check(policy, {"purchased": "2026-01-31", "extended": "2026-07-31"}, D(2026, 8, 1)).facts[-1].date == D(
            2027, 7, 31
        )

    def test_opens_includes_its_first_day_where_window_waits_for_less_to_remain(self) -> None:
        # A 12-month term from 31 January 2026 ends 31 January 2027. "Less than 6 months remain" from
        # 1 August; "up to 6 months before the end" from 31 July.
        data = _extension_policy(window="6 months", cap="18 months")
        windowed = policy_from_data(data)
        del data["questions"][1]["window"]
        data["questions"][1]["opens"] = "6 months"
        opened = policy_from_data(data)
        answers = {"purchased": "2026-01-31", "extended": "none"}
        assert check(windowed, answers, D(2026, 7, 31)).offers[0].opens == D(2026, 8, 1)
        assert check(opened, answers, D(2026, 7, 30)).offers[0].opens == D(2026, 7, 31)
        assert check(opened, answers, D(2026, 7, 31)).offers[0].state == "available"
        with pytest.raises(ContradictoryDatesError) as caught:
            check(opened, {"purchased": "2026-01-31", "extended": "2026-07-30"}, D(2026, 8, 1))
        assert "from 6 months before the end of the term, from 31 July 2026" in caught.value.reason
        data["questions"][1]["window"] = "6 months"
        with pytest.raises(InvalidPolicyError) as refused:
            policy_from_data(data)
        assert "give either 'window' or 'opens', not both" in refused.value.errors[0].message

    def test_renewing_after_the_end_starts_a_new_term(self, extensions) -> None:
        verdict = self.ask(extensions, D(2026, 9, 20), purchased="2026-01-31", extended="none", renewed="2026-09-10")
        assert facts(verdict)[-1] == "Your renewed support runs from 10 September 2026 until 10 March 2027"


class TestConditionsOnSeveralAnswers:
    def test_all_of_asks_only_when_each_holds(self, extensions) -> None:
        base = {"issue": "defect", "license": "standard", "purchased": "2026-01-31"}
        assert check(extensions, {**base, "extended": "none"}, D(2026, 9, 1)).next == ("renewed",)
        assert check(extensions, {**base, "extended": "none"}, D(2026, 7, 1)).next == ()
        assert "renewed" not in check(extensions, {**base, "extended": "2026-07-01"}, D(2026, 9, 1)).answered

    def test_any_of_asks_when_one_holds(self) -> None:
        policy = policy_from_data(_any_policy())
        assert check(policy, {"plan": "annual", "assurance": "yes"}, D(2026, 1, 1)).next == ("reason",)
        assert check(policy, {"plan": "perpetual", "assurance": "no"}, D(2026, 1, 1)).next == ("reason",)
        verdict = check(policy, {"plan": "perpetual", "assurance": "yes"}, D(2026, 1, 1))
        assert verdict.headline == "Supported"
        assert verdict.answered == ("plan", "assurance")

    def test_a_condition_naming_a_later_question_is_located(self) -> None:
        data = _any_policy()
        data["questions"][2]["when"]["any"][1]["question"] = "reasn"
        with pytest.raises(InvalidPolicyError) as caught:
            policy_from_data(data)
        assert [e.message for e in caught.value.errors] == ["'when' must name an earlier question, not 'reasn'"]

    def test_question_and_all_together_are_refused(self) -> None:
        data = _any_policy()
        data["questions"][2]["when"]["question"] = "plan"
        with pytest.raises(InvalidPolicyError) as caught:
            policy_from_data(data)
        assert "'when' needs one 'question'" in caught.value.errors[0].message


class TestValidation:
    def test_window_without_extends_is_refused_at_its_key(self) -> None:
        data = _extension_policy(window="6 months", cap="12 months")
        del data["questions"][1]["extends"]
        with pytest.raises(InvalidPolicyError) as caught:
            policy_from_data(data)
        messages = [e.message for e in caught.value.errors]
        assert (
            "'window' is only for a renewal or an extension: add 'renews' or 'extends' (the term it follows on from)" in messages
        )

    def test_an_offer_must_name_a_renewal_or_an_extension(self) -> None:
        data = _extension_policy(window="6 months", cap="12 months")
        data["offers"][0]["question"] = "purchased"
        with pytest.raises(InvalidPolicyError) as caught:
            policy_from_data(data)
        assert "neither renews nor extends" in caught.value.errors[0].message

    def test_classes_dates_cannot_reach_are_not_needed(self) -> None:
        # An extension of a running term is never in grace and, asked while support runs, never after:
        # the policy needs neither (it loads), but it needs within.
        data = _extension_policy(window="6 months", cap="12 months")
        policy_from_data(data)
        del data["questions"][1]["within"]
        with pytest.raises(InvalidPolicyError) as caught:
            policy_from_data(data)
        assert "date question 'extended' needs 'within'" in caught.value.errors[0].message


def _base() -> dict:
    return {
        "format": 2,
        "id": "synthetic",
        "title": "Synthetic",
        "vendor": "V",
        "product": "P",
        "updated": "2026-01-01",
        "summary": {"period": "p", "renewal": "r", "channel": "c", "eligibility": "e"},
        "sections": [
            {
                "id": "terms",
                "title": "Terms",
                "kind": "terms",
                "clauses": [{"id": "term", "text": "Support."}, {"id": "extension", "text": "Extensions."}],
            },
        ],
        "actions": [{"id": "renew", "label": "renew", "text": "Renew."}],
        "next-steps": {"supported": ["File."], "not-supported": ["No."]},
    }


def _extension_policy(*, window: str, cap: str) -> dict:
    return {
        **_base(),
        "offers": [{"id": "extension", "name": "an extension", "question": "extended", "clauses": ["terms.extension"]}],
        "questions": [
            {
                "id": "purchased",
                "prompt": "Bought?",
                "type": "date",
                "period": "12 months",
                "within": {"label": "Runs", "clauses": ["terms.term"]},
                "after": {"label": "Ended", "outcome": "not-supported", "clauses": ["terms.term"]},
            },
            {
                "id": "extended",
                "prompt": "Extended?",
                "type": "date",
                "extends": "purchased",
                "period": "6 months",
                "window": window,
                "cap": cap,
                # Asked while support runs, an extension's term runs too: within is the only class reached.
                "when": {"question": "purchased", "in": ["within"]},
                "within": {"label": "Runs", "clauses": ["terms.extension"]},
                "options": [{"id": "none", "label": "No"}],
            },
        ],
    }


def _any_policy() -> dict:
    return {
        **_base(),
        "questions": [
            {"id": "plan", "prompt": "Plan?", "options": [{"id": "annual", "label": "A"}, {"id": "perpetual", "label": "P"}]},
            {
                "id": "assurance",
                "prompt": "Assurance?",
                "options": [{"id": "yes", "label": "Y", "clauses": ["terms.term"]}, {"id": "no", "label": "N"}],
            },
            {
                "id": "reason",
                "prompt": "Why?",
                "when": {"any": [{"question": "plan", "in": ["annual"]}, {"question": "assurance", "in": ["no"]}]},
                "options": [
                    {"id": "bug", "label": "Bug", "clauses": ["terms.term"]},
                    {"id": "other", "label": "Other", "outcome": "not-supported", "clauses": ["terms.term"]},
                ],
            },
        ],
    }
