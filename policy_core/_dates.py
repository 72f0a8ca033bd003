"""Calendar arithmetic for support periods, with month ends handled explicitly."""

from __future__ import annotations

import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day of the month ``months`` later, clamped to the month's last day.

    31 January + 1 month is 28 February (29 in a leap year); 29 February 2028 + 12 months
    is 28 February 2029. This is how "12 months from the date of purchase" is read.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
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
