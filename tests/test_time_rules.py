"""Time rules on a synthetic policy: days to years, grace windows, renewals, periods by license kind."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_core import ContradictoryDatesError, Duration, InvalidDateError, cases, check, load_policy

from .conftest import FIXTURES

D = dt.date


@pytest.fixture(scope="module")
def brightlane():
    return load_policy(FIXTURES / "time-rules.yml")


def state(policy, today: dt.date, **answers: str) -> tuple[str, list[str], list[str]]:
    verdict = check(policy, {"issue": "how-to", **answers}, today)
    return verdict.outcome.value, [a.id for a in verdict.actions], [f.text for f in verdict.facts]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("30 days", D(2026, 1, 31), D(2026, 3, 2)),
        ("2 weeks", D(2026, 12, 25), D(2027, 1, 8)),
        ("1 month", D(2026, 1, 31), D(2026, 2, 28)),
        ("1 month", D(2028, 1, 31), D(2028, 2, 29)),
        ("1 year", D(2028, 2, 29), D(2029, 2, 28)),
        ("12 months", D(2026, 1, 10), D(2027, 1, 10)),
        ("1 day", D(2028, 2, 28), D(2028, 2, 29)),
    ],
)
def test_durations_are_calendar_exact(text: str, start: dt.date, end: dt.date) -> None:
    duration = Duration.parse(text)
    assert duration.after(start) == end
    assert str(Duration.parse(str(duration))) == str(duration)


@pytest.mark.parametrize("text", ["30", "thirty days", "3 fortnights", "-1 days", "12 months ago"])
def test_a_duration_must_be_a_number_and_a_unit(text: str) -> None:
    with pytest.raises(ValueError, match="write a number and a unit"):
        Duration.parse(text)


class TestGraceWindow:
    """Annual license bought 2025-06-15: support runs through 2026-06-15, grace through 2026-07-15."""

    def test_last_day_of_the_term(self, brightlane) -> None:
        assert state(brightlane, D(2026, 6, 15), license="annual", purchased="2025-06-15") == (
            "supported",
            [],
            ["Your support runs from 15 June 2025 until 15 June 2026"],
        )

    def test_first_day_of_grace(self, brightlane) -> None:
        assert state(brightlane, D(2026, 6, 16), license="annual", purchased="2025-06-15") == (
            "supported",
            ["renew"],
            ["Your support ran from 15 June 2025 until 15 June 2026", "Your grace period ends on 15 July 2026"],
        )

    def test_last_day_of_grace(self, brightlane) -> None:
        assert state(brightlane, D(2026, 7, 15), license="annual", purchased="2025-06-15")[1] == ["renew"]

    def test_the_day_after_grace_asks_about_the_renewal(self, brightlane) -> None:
        verdict = check(brightlane, {"issue": "how-to", "license": "annual", "purchased": "2025-06-15"}, D(2026, 7, 16))
        assert verdict.next == ("renewed",)
        assert [f.text for f in verdict.facts][-1] == "Your grace period ended on 15 July 2026"


class TestLicenseKinds:
    def test_each_kind_has_its_own_period(self, brightlane) -> None:
        today = D(2026, 6, 15)
        assert state(brightlane, today, license="annual", purchased="2025-10-01")[2] == [
            "Your support runs from 1 October 2025 until 1 October 2026"
        ]
        assert (
            state(brightlane, today, license="perpetual", purchased="2025-10-01")[2][0]
            == "Your support ran from 1 October 2025 until 1 April 2026"
        )

    def test_the_purchase_date_waits_for_the_license_kind(self, brightlane) -> None:
        verdict = check(brightlane, {"issue": "how-to"}, D(2026, 6, 15))
        assert verdict.next == ("license",)


class TestRenewals:
    def test_a_renewal_starts_where_the_previous_term_ends(self, brightlane) -> None:
        # Bought 2024-01-10 (support to 2025-01-10); renewed late, on 2025-03-01: the renewal
        # still runs one year from 2025-01-10, so it ended on 2026-01-10.
        answers = {"license": "annual", "purchased": "2024-01-10", "renewed": "2025-03-01"}
        outcome, actions, facts = state(brightlane, D(2026, 1, 20), **answers)
        assert (outcome, actions) == ("supported", ["renew"])
        assert facts[-2:] == [
            "Your renewed support ran from 11 January 2025 until 10 January 2026",
            "Your grace period ends on 9 February 2026",
        ]

    def test_a_renewal_before_the_purchase_contradicts_it(self, brightlane) -> None:
        answers = {"issue": "how-to", "license": "annual", "purchased": "2024-01-10", "renewed": "2023-12-31"}
        with pytest.raises(ContradictoryDatesError) as caught:
            check(brightlane, answers, D(2026, 1, 20))
        assert str(caught.value) == "answer renewed='2023-12-31': the date is before the answer to 'purchased' (10 January 2024)"
        assert isinstance(caught.value, InvalidDateError)

    def test_uncertainty_and_actions_show_together(self, brightlane) -> None:
        verdict = check(brightlane, {"issue": "unsure", "license": "annual", "purchased": "2025-06-15"}, D(2026, 6, 20))
        assert verdict.headline == "An engineer must confirm; first, renew your support"


def test_every_case_is_realised_by_dates_that_agree(brightlane) -> None:
    found = cases(brightlane)
    assert len(found) == 25
    assert ("renewed", "after") in {pair for case in found for pair in case.answers}
    for today in (D(2026, 6, 15), D(2028, 2, 29), D(2027, 3, 31)):
        for case in found:
            raw = case.example_answers(brightlane, today)
            verdict = check(brightlane, raw, today)
            assert (verdict.outcome, verdict.actions) == (case.verdict.outcome, case.verdict.actions), (today, raw)


def test_a_date_class_quotes_the_clause_of_the_period_that_applied(brightlane) -> None:
    """'within' cites both periods' clauses; period-by's clauses keep the one the license chose."""
    today = D(2026, 6, 15)
    cited = {
        kind: [c.id for c in check(brightlane, {"issue": "how-to", "license": kind, "purchased": "2026-05-01"}, today).clauses]
        for kind in ("annual", "perpetual")
    }
    assert cited == {"annual": ["supported.how-to", "terms.one-year"], "perpetual": ["supported.how-to", "terms.perpetual"]}
