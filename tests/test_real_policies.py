"""Two real policies, encoded from their public text as a writer would, checked against expected verdicts.

- Envato Market's item support (its help centre's "What is Item Support?" and "Purchasing Supported
  and Unsupported Items", and Envato's forum post "Item Support Extensions and Renewals"): 6 months
  included or 12 with the upgrade at checkout, 6-month extensions while less than 6 months remain
  and no more than 12 valid at once, renewals once support has ended.
- SAPIEN Technologies' maintenance for perpetual licenses (its store's "Maintenance FAQ" and blog
  posts): one year, renewable from 3 months before the end until 2 months after to the same date a
  year on, a new year from the day bought after that.

Each expected verdict was worked out from the policy's text and dates by hand (the fixtures' headers
say how the text was read where it is silent), not from the checker's output.
"""

from __future__ import annotations

import datetime as dt

import pytest

from policy_core import ContradictoryDatesError, check, load_policy

from .conftest import FIXTURES

D = dt.date
REAL = FIXTURES / "real"


@pytest.fixture(scope="module")
def envato():
    return load_policy(REAL / "envato-item-support.yml")


@pytest.fixture(scope="module")
def sapien():
    return load_policy(REAL / "sapien-maintenance.yml")


def terms(verdict) -> list[str]:
    return [fact.text for fact in verdict.facts if fact.id.endswith(".end")]


def offer(verdict, offer_id: str) -> tuple[str, str]:
    found = next(o for o in verdict.offers if o.id == offer_id)
    return found.state, found.text


class TestEnvato:
    def ask(self, policy, today: dt.date, **answers: str):
        return check(policy, {"item": "supported", "issue": "defect", "upgrade": "six-months", **answers}, today)

    def test_a1_inside_the_included_term(self, envato) -> None:
        verdict = self.ask(envato, D(2026, 3, 15), issue="how-to", purchased="2026-01-10", extended="none")
        assert verdict.headline == "Supported"
        assert terms(verdict) == ["Your support runs from 10 January 2026 until 10 July 2026"]
        assert offer(verdict, "extension") == (
            "available",
            "You can buy a 6-month support extension until 10 July 2026: your extended support would run "
            "from 11 July 2026 until 10 January 2027.",
        )

    def test_a2_the_last_day_covered(self, envato) -> None:
        verdict = self.ask(envato, D(2026, 7, 10), purchased="2026-01-10", extended="none")
        assert verdict.headline == "Supported"
        assert offer(verdict, "extension")[0] == "available"

    def test_a3_the_first_day_after(self, envato) -> None:
        verdict = self.ask(envato, D(2026, 7, 11), purchased="2026-01-10", extended="none", renewed="not-renewed")
        assert verdict.headline == "Supported once you renew your item support"
        assert [a.id for a in verdict.actions] == ["renew"]
        assert terms(verdict) == ["Your support ran from 10 January 2026 until 10 July 2026"]
        assert offer(verdict, "extension")[0] == "closed"
        assert offer(verdict, "renewal") == (
            "available",
            "You can buy a 6-month renewal today: your renewed support would run from 11 July 2026 until 11 January 2027.",
        )

    def test_a4_twelve_months_the_window_has_not_opened(self, envato) -> None:
        verdict = self.ask(
            envato, D(2026, 6, 1), issue="feature", upgrade="twelve-months", purchased="2026-01-10", extended="none"
        )
        assert terms(verdict) == ["Your support runs from 10 January 2026 until 10 January 2027"]
        assert offer(verdict, "extension") == (
            "later",
            "You cannot buy a 6-month support extension yet: more than 6 months of your support remain. "
            "You can buy it from 11 July 2026 until 10 January 2027.",
        )

    def test_a5_installation_is_never_covered(self, envato) -> None:
        verdict = self.ask(envato, D(2026, 3, 15), issue="installation")
        assert verdict.headline == "Not supported"
        assert [c.id for c in verdict.clauses] == ["excluded.installation"]

    def test_a6_a_month_end_term_and_its_extension(self, envato) -> None:
        verdict = self.ask(envato, D(2027, 2, 28), purchased="2026-08-31", extended="none")
        assert terms(verdict) == ["Your support runs from 31 August 2026 until 28 February 2027"]
        assert offer(verdict, "extension")[1].endswith("would run from 1 March 2027 until 28 August 2027.")

    def test_a7_the_day_after_a_month_end_term(self, envato) -> None:
        verdict = self.ask(envato, D(2027, 3, 1), purchased="2026-08-31", extended="none", renewed="not-renewed")
        assert verdict.headline == "Supported once you renew your item support"
        assert offer(verdict, "renewal")[1].endswith("would run from 1 March 2027 until 1 September 2027.")

    def test_a8_a9_a_term_ending_on_a_leap_day(self, envato) -> None:
        verdict = self.ask(envato, D(2028, 2, 29), purchased="2027-08-31", extended="none")
        assert verdict.headline == "Supported"
        assert terms(verdict) == ["Your support runs from 31 August 2027 until 29 February 2028"]
        verdict = self.ask(envato, D(2028, 3, 1), purchased="2027-08-31", extended="none", renewed="not-renewed")
        assert verdict.headline == "Supported once you renew your item support"

    def test_a10_bought_on_a_leap_day(self, envato) -> None:
        verdict = self.ask(envato, D(2028, 5, 1), issue="feature", purchased="2028-02-29", extended="none")
        assert terms(verdict) == ["Your support runs from 29 February 2028 until 29 August 2028"]
        assert offer(verdict, "extension")[1].endswith("would run from 30 August 2028 until 28 February 2029.")

    def test_a11_an_extension_of_a_renewal(self, envato) -> None:
        answers = {"purchased": "2026-01-10", "extended": "none", "renewed": "2026-09-01", "extended-again": "2027-02-01"}
        verdict = self.ask(envato, D(2027, 8, 15), **answers)
        assert verdict.headline == "Supported"
        assert terms(verdict)[1:] == [
            "Your renewed support ran from 1 September 2026 until 1 March 2027",
            "Your extended support runs from 2 March 2027 until 1 September 2027",
        ]
        assert offer(verdict, "extension")[1].endswith("would run from 2 September 2027 until 1 March 2028.")

    def test_a12_the_last_of_two_renewals(self, envato) -> None:
        verdict = self.ask(envato, D(2027, 6, 30), issue="how-to", purchased="2026-01-10", extended="none", renewed="2027-05-20")
        assert verdict.headline == "Supported"
        assert terms(verdict)[-1] == "Your renewed support runs from 20 May 2027 until 20 November 2027"

    def test_a13_an_item_without_support_offers_nothing(self, envato) -> None:
        verdict = check(envato, {"item": "not-supported"}, D(2026, 9, 10))
        assert verdict.headline == "Not supported"
        assert verdict.offers == ()

    def test_a14_customization_is_never_covered(self, envato) -> None:
        assert self.ask(envato, D(2026, 4, 1), issue="customization").headline == "Not supported"

    @pytest.mark.parametrize(
        ("answers", "today", "question", "reason"),
        [
            # A15: an extension bought after support ended.
            ({"purchased": "2026-01-10", "extended": "2026-07-20"}, D(2026, 8, 1), "extended", "ended on 10 July 2026"),
            # A16: an extension bought while more than 6 months remained.
            (
                {"upgrade": "twelve-months", "purchased": "2026-01-10", "extended": "2026-03-01"},
                D(2026, 4, 1),
                "extended",
                "from 11 July 2026",
            ),
            # A17: a renewal dated before the purchase.
            (
                {"purchased": "2026-01-10", "extended": "none", "renewed": "2025-12-01"},
                D(2026, 8, 1),
                "renewed",
                "before the purchase",
            ),
        ],
    )
    def test_contradictions_are_refused_by_name(self, envato, answers, today, question, reason) -> None:
        with pytest.raises(ContradictoryDatesError) as caught:
            self.ask(envato, today, **answers)
        assert caught.value.question == question
        assert reason in caught.value.reason


class TestSapien:
    def ask(self, policy, today: dt.date, **answers: str):
        return check(policy, {"license": "perpetual", "issue": "support", **answers}, today)

    def test_b1_the_renewal_window_has_not_opened(self, sapien) -> None:
        verdict = self.ask(sapien, D(2026, 6, 1), issue="build", purchased="2026-01-10", **{"renewed-ahead": "not-yet"})
        assert verdict.headline == "Supported"
        assert terms(verdict) == ["Your maintenance runs from 10 January 2026 until 10 January 2027"]
        assert offer(verdict, "renewal-ahead") == (
            "later",
            "You cannot buy a one-year renewal yet: it can be bought from 3 months before your maintenance ends. "
            "You can buy it from 10 October 2026.",
        )

    def test_b2_b3_inside_the_window_a_renewal_runs_to_the_same_date(self, sapien) -> None:
        for today in (D(2026, 10, 10), D(2027, 1, 10)):
            verdict = self.ask(sapien, today, purchased="2026-01-10", **{"renewed-ahead": "not-yet"})
            assert verdict.headline == "Supported"
            assert offer(verdict, "renewal-ahead") == (
                "available",
                "You can buy a one-year renewal today: your renewed maintenance would run from 11 January 2027 "
                "until 10 January 2028.",
            )

    def test_b4_b5_in_the_two_months_after_renewing_gains_no_time(self, sapien) -> None:
        for today in (D(2027, 1, 11), D(2027, 3, 10)):
            verdict = self.ask(sapien, today, purchased="2026-01-10", renewed="not-renewed")
            assert verdict.headline == "Supported once you renew your maintenance"
            assert [f.text for f in verdict.facts][-1].startswith("Your grace period ends on 10 March 2027")
            assert offer(verdict, "renewal")[1].endswith("would run from 11 January 2027 until 10 January 2028.")

    def test_b6_after_the_window_a_new_year_starts_that_day(self, sapien) -> None:
        verdict = self.ask(sapien, D(2027, 3, 11), purchased="2026-01-10", renewed="not-renewed")
        assert verdict.headline == "Supported once you renew your maintenance"
        assert offer(verdict, "renewal")[1].endswith("would run from 11 March 2027 until 11 March 2028.")

    def test_b7_a_chain_of_two_renewals(self, sapien) -> None:
        answers = {"purchased": "2026-01-10", "renewed": "2026-12-01", "renewed-again": "2028-02-15"}
        verdict = self.ask(sapien, D(2028, 6, 1), issue="build", **answers)
        assert verdict.headline == "Supported"
        assert terms(verdict) == [
            "Your maintenance ran from 10 January 2026 until 10 January 2027",
            "Your renewed maintenance ran from 11 January 2027 until 10 January 2028",
            "Your renewed maintenance runs from 11 January 2028 until 10 January 2029",
        ]
        assert offer(verdict, "renewal")[0] == "later"
        assert verdict.offers[0].opens == D(2028, 10, 10)

    def test_b8_the_second_renewal_not_yet_bought(self, sapien) -> None:
        verdict = self.ask(
            sapien, D(2028, 2, 1), purchased="2026-01-10", renewed="2026-12-01", **{"renewed-again": "not-renewed"}
        )
        assert verdict.headline == "Supported once you renew your maintenance"
        assert offer(verdict, "renewal")[1].endswith("would run from 11 January 2028 until 10 January 2029.")

    def test_b9_b10_b11_a_year_ending_on_the_31st_with_a_leap_day_grace(self, sapien) -> None:
        verdict = self.ask(sapien, D(2027, 9, 30), purchased="2026-12-31", **{"renewed-ahead": "not-yet"})
        assert terms(verdict) == ["Your maintenance runs from 31 December 2026 until 31 December 2027"]
        assert offer(verdict, "renewal-ahead")[0] == "available"
        verdict = self.ask(sapien, D(2028, 2, 29), purchased="2026-12-31", renewed="not-renewed")
        assert "Your grace period ends on 29 February 2028" in [f.text for f in verdict.facts]
        assert offer(verdict, "renewal")[1].endswith("would run from 1 January 2028 until 31 December 2028.")
        verdict = self.ask(sapien, D(2028, 3, 1), purchased="2026-12-31", renewed="not-renewed")
        assert offer(verdict, "renewal")[1].endswith("would run from 1 March 2028 until 1 March 2029.")

    def test_b12_bought_on_a_leap_day(self, sapien) -> None:
        verdict = self.ask(sapien, D(2028, 11, 27), issue="build", purchased="2028-02-29", **{"renewed-ahead": "not-yet"})
        assert terms(verdict) == ["Your maintenance runs from 29 February 2028 until 28 February 2029"]
        # 3 months before 28 February 2029: the window opens tomorrow.
        assert verdict.offers[0].opens == D(2028, 11, 28)

    def test_b14_a_shared_key_is_not_supported(self, sapien) -> None:
        assert self.ask(sapien, D(2026, 6, 1), issue="shared-key").headline == "Not supported"

    def test_b17_renewed_after_the_window_the_dates_decide(self, sapien) -> None:
        verdict = self.ask(sapien, D(2027, 5, 1), purchased="2026-01-10", renewed="2027-04-01")
        assert verdict.headline == "Supported"
        assert terms(verdict)[-1] == "Your renewed maintenance runs from 1 April 2027 until 1 April 2028"

    def test_b19_a_subscription_goes_to_an_engineer(self, sapien) -> None:
        verdict = check(sapien, {"license": "subscription", "issue": "support"}, D(2026, 5, 1))
        assert verdict.headline == "An engineer must confirm"

    @pytest.mark.parametrize(
        ("answers", "today", "question", "reason"),
        [
            # B16: renewed more than 3 months before the end.
            ({"purchased": "2026-01-10", "renewed-ahead": "2026-09-01"}, D(2026, 11, 1), "renewed-ahead", "from 10 October 2026"),
            # B18: a renewal dated before the purchase.
            ({"purchased": "2026-01-10", "renewed-ahead": "2025-11-15"}, D(2026, 5, 1), "renewed-ahead", "before the purchase"),
        ],
    )
    def test_contradictions_are_refused_by_name(self, sapien, answers, today, question, reason) -> None:
        with pytest.raises(ContradictoryDatesError) as caught:
            self.ask(sapien, today, **answers)
        assert caught.value.question == question
        assert reason in caught.value.reason
