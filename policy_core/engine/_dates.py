"""Calendar arithmetic for support periods, with month ends and leap years handled explicitly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

UNITS = ("day", "week", "month", "year")
DURATION_PATTERN = r"(?P<count>[0-9]{1,4}) (?P<unit>days?|weeks?|months?|years?)"
_DURATION = re.compile(DURATION_PATTERN)


@dataclass(frozen=True, kw_only=True)
class Duration:
    """A length of time as a writer states it: ``30 days``, ``2 weeks``, ``12 months``, ``1 year``."""

    count: int
    unit: str
    """One of ``UNITS``."""

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read ``"<count> <unit>"``; raise ``ValueError`` with a readable reason."""
        match = _DURATION.fullmatch(text.strip())
        if match is None:
            raise ValueError("write a number and a unit, e.g. '30 days', '2 weeks', '12 months' or '1 year'")
        return cls(count=int(match["count"]), unit=match["unit"].rstrip("s"))

    def after(self, day: dt.date) -> dt.date:
        """The day this long after ``day`` (months and years keep the day of the month, clamped)."""
        if self.unit in ("day", "week"):
            return add_days(day, self.count * (7 if self.unit == "week" else 1))
        return add_months(day, self.count * (12 if self.unit == "year" else 1))

    def before(self, day: dt.date) -> dt.date:
        """The day this long before ``day`` (the inverse of ``after`` except at clamped month ends)."""
        if self.unit in ("day", "week"):
            return add_days(day, -self.count * (7 if self.unit == "week" else 1))
        return add_months(day, -self.count * (12 if self.unit == "year" else 1))

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"


# The calendar ends: a date an answer can give (31 December 9999) plus a period would fall off
# it. Such a day is held at the calendar's end, which is later than any real today (and the
# first day, earlier than any), so the checker decides rather than raises.


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` (negative: before), held at the calendar's first or last day."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day of the month ``months`` later, clamped to the month's last day.

    31 January + 1 month is 28 February (29 in a leap year); 29 February 2028 + 12 months
    is 28 February 2029. This is how "12 months from the date of purchase" is read. Held at the
    calendar's ends, like ``add_days``.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max if months > 0 else dt.date.min
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    """The number of days in a month (``calendar`` is not imported: it is slow to load in Pyodide)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def period_end(start: dt.date, months: int) -> dt.date:
    """Return the last day covered by a period of ``months`` starting on ``start``.

    The anniversary day itself is covered: 12 months from 10 January 2026 run through
    10 January 2027. With ``months == 0`` the date given is itself the last covered day.
    """
    return add_months(start, months)


def parse_iso_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` strictly; raise ``ValueError`` with a readable reason."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (text[:4] + text[5:7] + text[8:]).isdigit():
        raise ValueError("expected a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"no such date ({exc})") from None


def human_date(day: dt.date) -> str:
    """``10 January 2027``: how a verdict states a date (no locale: the same in Pyodide and CPython)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
