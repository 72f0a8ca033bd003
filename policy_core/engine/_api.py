"""A JSON-in, JSON-out entry point to the checker, for callers across a language boundary.

The browser widget's worker calls it under Pyodide; the parity tests call it in CPython and in
Pyodide with the same requests and compare the replies. It never raises: every problem comes
back as an ``error`` reply that names it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ._checker import check
from ._compiled import content_hash, version_id
from ._dates import human_date, parse_iso_date
from ._errors import AnswerError
from ._inert import VERSION_ECHO, echo
from ._links import TZ, SharedCheck, judging_day, make_fragment, parse_fragment
from ._model import Clause, Outcome, Policy, Verdict
from ._naming import cited_clauses, clause_name
from ._ticket import check_code, filing_link, ticket_summary


def check_request(policy: Policy, request_json: str, archive: Mapping[str, Policy] | None = None) -> str:
    """Answer a request with a verdict or an error, as JSON.

    - ``{"answers": {question: value}, "today": "YYYY-MM-DD", "page": URL}``: the verdict on ``today``,
      the share-link fragment for it and the check date in words:
      ``{"verdict": {...}, "fragment": "check:v=2&...", "checked_on_label": "Checked on 1 December 2026"}``,
      with ``dates_in_words`` (each date answered, as the verdict words dates: ``{"purchased": "1 June 2025"}``),
      ``clause_names`` (each cited clause's name, ``{"eligibility.partner": "“Who can file” clause 2"}``) and
      ``because`` (for each action, the words naming the clauses that require it: see ``cited_clauses``)
      and ``offered_by`` (the same for each offer the verdict states);
      once decided, also the ticket ``summary`` (its link is ``page`` with the fragment; ``page`` is
      optional), its ``check_code``, and ``filing``, ``{"href", "where", "prefilled"}`` or ``null``
      where filing cannot help.
    - ``{"link": "#check:...", "today": "YYYY-MM-DD"}``: the verdict as the link's customer saw it
      (on the link's day, under the version it names when ``archive``, released versions by content
      hash, holds it), and today's under the current policy when it differs: ``{"link": {"answers",
      "checked_on", "version", "version_hash", "under", "notes", ...}, "verdict": {...},
      "today": {...} | null, "fragment"}``. An optional ``"now"`` (the viewer's instant, ISO 8601
      with its offset) flags a link dated a day that had not yet begun in the link's own time zone.
    - any problem: ``{"error": {"kind", "message", "question", "value"}}``.

    Every reply to a valid request also holds ``today_label``, today in words ("1 December 2026").
    """
    return json.dumps(_reply(policy, request_json, archive or {}), ensure_ascii=False, sort_keys=True)


def _reply(policy: Policy, request_json: str, archive: Mapping[str, Policy]) -> dict[str, Any]:
    try:
        request = json.loads(request_json)
    except ValueError:
        return _error("BadRequest", "the request is not JSON")
    if not isinstance(request, dict) or not isinstance(request.get("answers", request.get("link")), (dict, str)):
        return _error("BadRequest", "the request needs an 'answers' mapping or a 'link'")
    try:
        today = parse_iso_date(str(request.get("today")))
    except ValueError as exc:
        return _error("BadRequest", f"'today' {exc}")
    page = request.get("page") if isinstance(request.get("page"), str) else None
    # Where the check is shown: the policy page its clauses link to, and the viewer's UTC offset.
    where = _Where(
        page=page,
        policy_page=request["policy_page"] if isinstance(request.get("policy_page"), str) else None,
        tz=request["tz"] if isinstance(request.get("tz"), str) and TZ.fullmatch(request["tz"]) else None,
    )
    # Said beside date fields, so the customer knows which day "today" is on this device.
    today_label = {"today_label": human_date(today)}
    if isinstance(request.get("link"), str):
        where = replace(where, now=_instant(request.get("now")))
        return _open_link(policy, request["link"], today, where, archive) | today_label
    try:
        verdict = check(policy, request["answers"], today)
    except AnswerError as exc:
        return _answer_error(exc) | today_label
    return _verdict_reply(policy, verdict, request["answers"], where) | today_label


@dataclass(frozen=True)
class _Where:
    page: str | None = None
    policy_page: str | None = None
    tz: str | None = None
    now: dt.datetime | None = None
    """The viewer's present instant, where the request gives it: what day it is in the link's time zone."""


def _instant(value: object) -> dt.datetime | None:
    """An ISO 8601 instant with its offset (``2026-12-03T19:20:00Z``); ``None`` for anything else."""
    try:
        instant = dt.datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        return None
    return instant if instant is not None and instant.utcoffset() is not None else None


def _not_yet_begun(shared: SharedCheck, now: dt.datetime | None) -> str | None:
    """Why the link's check date cannot be real in its own time zone, or ``None``: that day had not begun there."""
    if now is None or shared.tz is None or shared.checked_on is None:
        return None
    sign, hours, minutes = shared.tz[0], int(shared.tz[1:3]), int(shared.tz[4:6])
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    there = (now.astimezone(dt.UTC) + offset).date()
    if shared.checked_on <= there:
        return None
    return (
        f"The link says it was checked on {human_date(shared.checked_on)} (UTC{shared.tz}), a day that had not yet begun "
        f"there (it is {human_date(there)} there now): this page never made such a link; it may have been changed. "
        "The answers are checked on today's date instead."
    )


def _zoned(label: str, tz: str | None) -> str:
    return f"{label} (UTC{tz})" if tz else label


def _verdict_reply(policy: Policy, verdict: Verdict, answers: dict[str, str], where: _Where) -> dict[str, Any]:
    used = {q: answers[q] for q in verdict.answered}
    fragment = make_fragment(used, verdict.checked_on, version_id(policy), where.tz) if verdict.checked_on else None
    # The label is made here so that the widget never formats a date itself.
    label = _zoned(f"Checked on {human_date(verdict.checked_on)}", where.tz) if verdict.checked_on else None
    reply: dict[str, Any] = {
        "verdict": verdict.to_json(),
        "fragment": fragment,
        "checked_on_label": label,
        "dates_in_words": _dates_in_words(policy, used),
        "clause_names": {c.id: clause_name(policy, c) for c in _cited(verdict)},
        "because": {action.id: cited_clauses(policy, action.clauses) for action in verdict.actions},
        "offered_by": {offer.id: cited_clauses(policy, offer.clauses) for offer in verdict.offers},
    }
    if verdict.outcome is not Outcome.INCOMPLETE:
        link = f"{where.page.partition('#')[0]}#{fragment}" if where.page and fragment else None
        summary = ticket_summary(policy, verdict, used, link, tz=where.tz, policy_page=where.policy_page)
        reply |= {
            "summary": summary,
            "filing": filing_link(policy, verdict, summary),
            "check_code": check_code(policy, verdict, used),
        }
    return reply


def _dates_in_words(policy: Policy, answers: Mapping[str, str]) -> dict[str, str]:
    """Each answered date as the verdict words dates, so that the customer sees the day the checker read."""
    words = {}
    for question_id, value in answers.items():
        question = policy.question_index.get(question_id)
        if question is None or question.type != "date" or question.option(value) is not None:
            continue
        try:
            words[question_id] = human_date(parse_iso_date(value))
        except ValueError:
            continue
    return words


def _cited(verdict: Verdict) -> list[Clause]:
    """Every clause the verdict cites, its actions' first, each once."""
    found = [c for action in verdict.actions for c in action.clauses] + list(verdict.clauses)
    return list({c.id: c for c in found}.values())


def _open_link(policy: Policy, link: str, today: Any, where: _Where, archive: Mapping[str, Policy]) -> dict[str, Any]:
    shared = parse_fragment(link)
    if shared is None:
        return _error("BadRequest", "the link holds no check")
    where = replace(where, tz=shared.tz)  # the customer's offset, not the viewer's
    day, day_notes = judging_day(shared, today)
    if not day_notes and (impossible := _not_yet_begun(shared, where.now)) is not None:
        day, day_notes = today, (impossible,)
    under, version_notes = _version_of_link(policy, shared, archive)
    notes = [*shared.notes, *day_notes, *version_notes]
    if shared.checked_on is not None and shared.version_hash == content_hash(under) and shared.checked_on < under.updated:
        # The page writes the day of the check beside the version it checked under: never an earlier day.
        notes.append(
            f"The link's check date, {human_date(shared.checked_on)}, is before the policy version it names was "
            f"published ({human_date(under.updated)}): this page never made such a link; it may have been changed."
        )
    as_checked = day != today or under is not policy
    label = _zoned(f"As checked on {human_date(day)}", shared.tz) + f", under the policy of {human_date(under.updated)}"
    # Answers to no question are set aside in one pass, with one note: a link with many of them
    # must cost no more than its length, nor flood the page with notes.
    unknown = [key for key in shared.answers if key not in under.question_index]
    answers = {key: value for key, value in shared.answers.items() if key in under.question_index}
    if unknown:
        notes.append(_unknown_note(unknown))
    verdict, kept, dropped = _usable(under, answers, day)
    notes += [_dropped_note(under, d) for d in dropped]
    link_json = {
        "answers": answers,
        "checked_on": day.isoformat(),
        "as_checked": as_checked,
        "label": label if as_checked else None,
        "tz": shared.tz,
        "version": shared.version,
        "version_hash": shared.version_hash,
        "under": content_hash(under),
        "notes": notes,
        "dropped": dropped,
        # A customer whose day is ahead of the viewer's has no later verdict to compare with.
        "compared_today": as_checked and (day < today or under is not policy),
    }
    reply = {**_verdict_reply(under, verdict, kept, where), "link": link_json, "today": None}
    if link_json["compared_today"]:
        reply["today"] = _today_verdict(policy, kept, max(day, today), verdict)
    return reply


def _version_of_link(policy: Policy, shared: SharedCheck, archive: Mapping[str, Policy]) -> tuple[Policy, list[str]]:
    """The version to judge a link under, and what to say about it: the one it names, if this site has it."""
    named = shared.version_hash
    if named is None or named == content_hash(policy):
        return policy, []
    if named in archive:
        old = archive[named]
        return old, [
            f"This check was made under the policy of {human_date(old.updated)}; "
            f"the policy has changed since (it is now the policy of {human_date(policy.updated)})."
        ]
    if shared.version_date == policy.updated:  # today's date with another hash: a changed link, not an old version
        return policy, [
            f"This link names version {echo(shared.version or '', VERSION_ECHO)}, which is not this site's version of that date "
            "(the link may have been changed); it is judged under today's policy."
        ]
    made = (
        f"the policy of {human_date(shared.version_date)}"
        if shared.version_date
        else f"version {echo(shared.version or '', VERSION_ECHO)}"
    )
    return policy, [
        f"This check was made under {made}, which this site no longer has; it is judged under today's policy "
        f"(of {human_date(policy.updated)})."
    ]


def _today_verdict(policy: Policy, answers: dict[str, str], day: Any, seen: Verdict) -> dict[str, Any] | None:
    """Today's verdict under today's policy where it differs from what the customer saw; ``None`` where it does not."""
    try:
        current, _, dropped = _usable(policy, dict(answers), day)
    except AnswerError as exc:
        return {"error": {"kind": type(exc).__name__, "message": str(exc)}, "checked_on": day.isoformat()}
    if same_decision(seen, current) and not dropped:
        return None
    return current.to_json() | {"dropped": dropped}


def _usable(policy: Policy, answers: dict[str, str], day: Any) -> tuple[Verdict, dict[str, str], list[dict[str, str]]]:
    """The verdict for every answer of a link that can be used, leaving out (and naming) the others.

    A link cut short or edited by hand loses only what is damaged: each answer the checker
    refuses is dropped in turn, until the rest can be judged.
    """
    kept = dict(answers)
    dropped: list[dict[str, str]] = []
    while True:
        try:
            return check(policy, kept, day), kept, dropped
        except AnswerError as exc:
            if exc.question not in kept:
                raise
            value = kept.pop(exc.question)
            # `at_question` is said at the question itself, where the customer answers it again.
            at_question = f"the link's answer ({echo(value)}) could not be used: {exc.reason}; choose again"
            dropped.append(
                {
                    "question": exc.question,
                    "value": value,
                    "reason": exc.reason,
                    "kind": type(exc).__name__,
                    "at_question": at_question,
                }
            )


def _unknown_note(unknown: list[str]) -> str:
    named = ", ".join(f"'{echo(key)}'" for key in unknown[:3])
    if len(unknown) == 1:
        return f"The link holds {named}, which is no question of this policy; it is left out."
    more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
    return f"The link holds {len(unknown):,} answers to no question of this policy ({named}{more}); they are left out."


def _dropped_note(policy: Policy, dropped: dict[str, str]) -> str:
    question = policy.question_index.get(dropped["question"])
    if question is None:
        return f"The link holds '{echo(dropped['question'])}', which is no question of this policy; it is left out."
    return f'The link\'s answer to "{question.prompt}" ({echo(dropped["value"])}) could not be used: {dropped["reason"]}.'


def same_decision(one: Verdict, other: Verdict) -> bool:
    """Whether two verdicts tell the customer the same: outcome, actions and deciding clauses."""

    def key(v: Verdict) -> tuple[object, ...]:
        return (v.outcome, [a.id for a in v.actions], [c.id for c in v.clauses], v.next)

    return key(one) == key(other)


def _answer_error(exc: AnswerError) -> dict[str, Any]:
    # `reason` is the message without its "answer q='v': " prefix, for showing at the question itself.
    return _error(type(exc).__name__, str(exc), question=exc.question, value=exc.value, reason=exc.reason)


def _error(kind: str, message: str, **fields: str) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message, **fields}}
