"""Share links: the answers, the day they were checked on and the policy version, in a URL fragment.

Format 2: ``#check:v=2&on=2026-11-23&policy=2026-11-23.407baaf81b6bea00&issue=how-to&purchased=2026-01-10``;
``policy`` names the version by its date and its content hash (links made before versions had
dates carry the hash alone).
Format 1 (``#check:issue=how-to&...``, answers only) is still read: it is judged on the viewer's day.
The fragment never reaches a server, so neither do the answers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote_plus

from ._dates import human_date, parse_iso_date
from ._inert import echo

PREFIX = "check:"
LINK_FORMAT = "2"
#: A real link is well under a kilobyte; what is longer is read up to here, and said so.
MAX_LINK_CHARS = 32_768
#: What a link carries beside the answers: so no question may be called so (validation refuses it).
LINK_META = ("v", "on", "policy", "tz")
TZ = re.compile(r"[+-](?:0\d|1[0-4]):[0-5]\d")  # a UTC offset, from -14:00 to +14:59


@dataclass(frozen=True, kw_only=True)
class SharedCheck:
    """What a share link holds; ``checked_on`` is ``None`` when the link has no valid check date."""

    answers: Mapping[str, str]
    checked_on: dt.date | None
    version: str | None
    format: str
    notes: tuple[str, ...] = field(default=())
    """What was wrong with the link itself (not with its answers), in plain words."""
    tz: str | None = None
    """The customer's UTC offset when the check was made (``+14:00``), if the link says."""

    @property
    def version_hash(self) -> str | None:
        """The content hash of the version the link names (``version`` is ``DATE.HASH``, or a bare hash)."""
        return self.version.rpartition(".")[2] if self.version else None

    @property
    def version_date(self) -> dt.date | None:
        """The date of the version the link names, if it says (links from before versions had dates do not)."""
        date, dot, _ = (self.version or "").partition(".")
        try:
            return parse_iso_date(date) if dot else None
        except ValueError:
            return None


def make_fragment(answers: Mapping[str, str], checked_on: dt.date, version: str, tz: str | None = None) -> str:
    """The fragment (without ``#``) of a share link for ``answers`` checked on ``checked_on`` (at UTC offset ``tz``)."""
    zone = [("tz", tz)] if tz and TZ.fullmatch(tz) else []
    pairs = [("v", LINK_FORMAT), ("on", checked_on.isoformat()), ("policy", version), *zone, *answers.items()]
    return PREFIX + "&".join(f"{quote(k, safe='-')}={quote(v, safe='-')}" for k, v in pairs)


def _pairs(query: str) -> list[tuple[str, str]]:
    """``parse_qsl(query, keep_blank_values=True)``, exactly, but unquoting only what holds a '%' or a '+'.

    parse_qsl unquotes every key and every value, with a call each, though a piece with neither
    reads as itself: on a link of thousands of answers that was most of the checker's reading
    (a cold first reading of bench/hostile_link.py's link in Chromium's worker: 30-65 ms, now 8).
    """
    pairs = []
    for piece in query.split("&"):
        if piece:  # empty pieces are skipped; a piece without '=' is a key with an empty value
            key, _, value = piece.partition("=")
            key = unquote_plus(key) if "%" in key or "+" in key else key
            pairs.append((key, unquote_plus(value) if "%" in value or "+" in value else value))
    return pairs


def parse_fragment(text: str) -> SharedCheck | None:
    """Read a share link (a whole URL, or its fragment with or without ``#``); ``None`` if it holds no check."""
    fragment = text.partition("#")[2] if "#" in text else text
    if not fragment.startswith(PREFIX):
        return None
    cut = len(fragment) > MAX_LINK_CHARS
    # Cut at the last whole answer: half of one could read as another answer, or as one given twice.
    # The widget reads a link by these same rules (readShareLink in policy-check.js) to fill the form
    # before the checker is ready: tests/test_link_reading.py gives both one corpus.
    end = fragment.rfind("&", 0, MAX_LINK_CHARS + 1) if cut else len(fragment)
    pairs = _pairs(fragment[len(PREFIX) : max(end, len(PREFIX))])
    meta = {k: v for k, v in pairs if k in LINK_META}
    answers = {k: v for k, v in pairs if k not in LINK_META}
    notes = [f"The link is {len(fragment):,} characters long; only its first {MAX_LINK_CHARS:,} are read."] if cut else []
    twice = sorted(k for k, n in Counter(k for k, _ in pairs).items() if n > 1 and k not in LINK_META)
    notes += [f"The link answers '{echo(key)}' more than once; the last answer is used." for key in twice[:3]]
    if "v" not in meta:
        return SharedCheck(answers=answers, checked_on=None, version=None, format="1", notes=tuple(notes))
    checked_on = None
    if meta["v"] != LINK_FORMAT:
        newer = meta["v"].isdigit() and len(meta["v"]) < 4 and int(meta["v"]) > int(LINK_FORMAT)
        kind = f"a newer format ({meta['v']}) than this page reads" if newer else f"an unknown format ('{echo(meta['v'])}')"
        notes.append(f"This link is of {kind}; its answers are used as they are.")
    try:
        checked_on = parse_iso_date(meta.get("on", ""))
    except ValueError:
        notes.append(
            f"The link's check date '{echo(meta.get('on', ''))}' is not a date, so the answers are checked on today's date."
        )
    tz = meta.get("tz") if TZ.fullmatch(meta.get("tz") or "") else None
    return SharedCheck(
        answers=answers, checked_on=checked_on, version=meta.get("policy"), format=meta["v"], notes=tuple(notes), tz=tz
    )


def judging_day(shared: SharedCheck, today: dt.date) -> tuple[dt.date, tuple[str, ...]]:
    """The day to judge a link's answers on, and why, when it is not the link's own check date.

    A date one day ahead is a customer in a time zone ahead of the viewer's: their day, judged as
    such. More than that is not a real check date, and is flagged rather than trusted.
    """
    if shared.checked_on is None:
        return today, ()
    if shared.checked_on - today > dt.timedelta(days=1):  # a difference never leaves the calendar
        note = (
            f"The link says it was checked on {human_date(shared.checked_on)}, after today ({human_date(today)}); "
            "the answers are checked on today's date instead."
        )
        return today, (note,)
    return shared.checked_on, ()
