"""Month arithmetic for support periods: month ends, leap years, the last day of a period."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from policy_core import add_months, check, period_end
from policy_core.engine._dates import days_in_month

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 10), 12, D(2027, 1, 10)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clamped to the shorter month
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # leap day, then a common year
        (D(2028, 2, 29), 48, D(2032, 2, 29)),  # leap day to leap day
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across a year end
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),  # backwards too
        (D(2026, 5, 15), 0, D(2026, 5, 15)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_period_end_covers_the_anniversary_day() -> None:
    assert period_end(D(2026, 1, 10), 12) == D(2027, 1, 10)


@pytest.mark.parametrize(
    ("purchased", "today", "expected"),
    [
        ("2026-01-10", D(2027, 1, 10), "within"),  # the last day of the period
        ("2026-01-10", D(2027, 1, 11), "after"),  # the day after it
        ("2026-01-10", D(2026, 1, 10), "within"),  # bought today
        ("2024-02-29", D(2025, 2, 28), "within"),  # leap day purchase, last day
        ("2024-02-29", D(2025, 3, 1), "after"),
    ],
)
def test_interspire_twelve_month_period(interspire, purchased: str, today: dt.date, expected: str) -> None:
    verdict = check(interspire, {"issue": "how-to", "purchased": purchased}, today)
    assert ("renewal" in verdict.next) is (expected == "after")


@pytest.mark.parametrize(
    ("purchased", "today", "renewal_asked"),
    [
        ("2026-01-31", D(2026, 4, 30), False),  # 31 Jan + 3 months = 30 Apr, the last day
        ("2026-01-31", D(2026, 5, 1), True),
        ("2025-11-30", D(2026, 2, 28), False),  # 30 Nov + 3 months = 28 Feb
        ("2025-11-30", D(2026, 3, 1), True),
        ("2027-11-30", D(2028, 2, 29), False),  # leap year: 29 Feb is covered
    ],
)
def test_alurian_three_month_period(alurian, purchased: str, today: dt.date, renewal_asked: bool) -> None:
    verdict = check(alurian, {"issue": "how-to", "purchased": purchased}, today)
    assert ("subscription" in verdict.next) is renewal_asked


def test_subscription_end_date_is_its_last_valid_day(alurian) -> None:
    answers = {
        "issue": "how-to",
        "purchased": "2025-01-01",
        "version": "latest",
        "customized": "no",
        "forum": "no",
        "data-modified": "no",
        "addons": "no",
        "environment": "supported",
    }
    on_last_day = check(alurian, {**answers, "subscription": "2026-06-15"}, D(2026, 6, 15))
    day_after = check(alurian, {**answers, "subscription": "2026-06-14"}, D(2026, 6, 15))
    assert (on_last_day.outcome.value, on_last_day.actions) == ("supported", ())
    assert [a.id for a in day_after.actions] == ["renew-subscription"]


def test_days_in_month_matches_the_calendar() -> None:
    for year in (1900, 2000, 2023, 2024, 2100, 2400):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
