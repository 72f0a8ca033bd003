"""Terms: what a date answer stands for, how renewals and extensions follow on, and what can be bought today.

A date question's answer starts a term (``period`` from the date given), or follows on from an
earlier question's term:

- ``starts-after``: it always continues from the end of that term;
- ``renews``: it continues from that end when bought before the term's grace period ended, and
  starts on the day bought after that; the dates decide, the customer never chooses;
- ``extends``: ``period`` is added to the end of that term; it can be bought only while the term
  runs, only when less than ``window`` remains, and never so that more than ``cap`` is valid
  from the day it was bought.

A date that breaks those rules contradicts the other answers: ``ContradictoryDatesError`` names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

from ._dates import Duration, add_days, human_date
from ._errors import ContradictoryDatesError
from ._model import Clause, Fact, Offer, OfferStatus, Policy, Question


@dataclass(frozen=True)
class Term:
    """The term a date answer stands for: what was entered, its first and last day, and its grace window.

    ``start`` is ``None`` for a date that is itself the term's last day (a question without a period).
    """

    entered: dt.date
    end: dt.date
    grace_end: dt.date | None
    start: dt.date | None = None

    def date_class(self, today: dt.date) -> str:
        if today <= self.end:
            return "within"
        if self.grace_end is not None and today <= self.grace_end:
            return "in-grace"
        return "after"

    def facts(self, question: Question, today: dt.date) -> tuple[Fact, ...]:
        if self.start is None:
            runs = "runs" if today <= self.end else "ran"
            label = f"Your {question.term} {runs} until"
        else:
            runs = "will run" if today < self.start else "runs" if today <= self.end else "ran"
            label = f"Your {question.term} {runs} from {human_date(self.start)} until"
        found = [Fact(id=f"{question.id}.end", label=label, date=self.end, start=self.start)]
        if self.grace_end is not None and today > self.end:
            ends = "ends on" if today <= self.grace_end else "ended on"
            found.append(Fact(id=f"{question.id}.grace-end", label=f"Your grace period {ends}", date=self.grace_end))
        return tuple(found)


def term_for(question: Question, day: dt.date, period: Duration | None, earlier: Term | None) -> Term:
    """The term of ``day`` given for ``question`` (``earlier``: the term it follows on from, if it does).

    Raise ``ContradictoryDatesError`` when ``day`` breaks the question's rules.
    """
    grace = question.grace
    if earlier is None:
        end = period.after(day) if period is not None else day
        start = day if period is not None else None
        return Term(entered=day, start=start, end=end, grace_end=grace.after(end) if grace else None)
    assert period is not None, "a question that follows on from a term has a period (validated)"
    if day < earlier.entered:  # bought before what it renews or extends was bought
        bought = human_date(earlier.entered)
        raise ContradictoryDatesError(
            question.id, day.isoformat(), f"the date is before the purchase it follows on from ({bought})"
        )
    continues = question.starts_after is not None or question.extends is not None or day <= (earlier.grace_end or earlier.end)
    if question.extends or question.renews:
        _check_purchase(question, day, period, earlier)
    start, base = (add_days(earlier.end, 1), earlier.end) if continues else (day, day)
    end = period.after(base)
    return Term(entered=day, start=start, end=end, grace_end=grace.after(end) if grace else None)


def _check_purchase(question: Question, day: dt.date, period: Duration, earlier: Term) -> None:
    """An extension only while the term runs; either only inside its window and under its cap."""
    what = "an extension" if question.extends else "a renewal"
    if question.extends and day > earlier.end:
        raise ContradictoryDatesError(
            question.id,
            day.isoformat(),
            f"{what} can be bought only while the term it extends runs, and that ended on {human_date(earlier.end)}",
        )
    opens = extension_opens(question, earlier, period)
    if day >= opens:
        return
    if _window_binds(question, earlier, period, opens):
        reason = f"{what} can be bought only {_window_words(question)} of the term, from {human_date(opens)}"
    else:
        until = human_date(period.after(earlier.end))
        reason = (
            f"bought on {human_date(day)}, {what} would make more than {question.cap} valid at once (until {until}); "
            f"it can be bought from {human_date(opens)}"
        )
    raise ContradictoryDatesError(question.id, day.isoformat(), reason)


def _window_binds(question: Question, earlier: Term, period: Duration, opens: dt.date) -> bool:
    """Whether the window, not the cap, sets the first day it can be bought."""
    windowed = question.window is not None or question.opens is not None
    return windowed and opens == extension_opens(replace(question, cap=None), earlier, period)


def _window_words(question: Question) -> str:
    """When in the term it can be bought: "when less than 6 months remain", "from 3 months before the end"."""
    if question.opens is not None:
        return f"from {question.opens} before the end"
    return f"when less than {question.window} remain"


def extension_opens(question: Question, earlier: Term, period: Duration) -> dt.date:
    """The first day an extension of ``earlier`` can be bought: its window and its cap both allow it then."""
    first = earlier.start or earlier.entered
    window, cap = question.window, question.cap
    if window is not None:
        # "Less than 6 months remain": the window, counted from the day, reaches past the term's end.
        first = max(first, _first_day(lambda day: window.after(day) > earlier.end, window.before(earlier.end)))
    if question.opens is not None:  # "up to 3 months before it ends": that day included
        first = max(first, question.opens.before(earlier.end))
    if cap is not None:
        new_end = period.after(earlier.end)
        first = max(first, _first_day(lambda day: cap.after(day) >= new_end, cap.before(new_end)))
    return first


def _first_day(allowed: Callable[[dt.date], bool], near: dt.date) -> dt.date:
    """The first day from which ``allowed`` holds, near ``near`` (month ends move it by up to 3 days).

    Bounded: at the calendar's end nothing may hold, and the last day tried is the answer then.
    """
    day = add_days(near, -4)
    for _ in range(10):
        if allowed(day):
            return day
        day = add_days(day, 1)
    return day


def current_term(policy: Policy, terms: Mapping[str, Term], root: str) -> tuple[str, Term] | None:
    """The latest term of the chain that starts at ``root``: the last answered question that follows on
    from ``root`` or from a question of its chain (in file order), or ``root`` itself; ``None`` unanswered.

    So renewals may each name the first purchase: the second renews what the first gave.
    """
    if root not in terms:
        return None
    chain, latest = {root}, root
    for question in policy.questions:
        if question.follows in chain and question.id in terms:
            chain.add(question.id)
            latest = question.id
    return latest, terms[latest]


def period_of(question: Question, classes: Mapping[str, str]) -> Duration | None:
    """The question's period, chosen by an earlier answer with ``period-by``; ``None`` until that is given."""
    if question.period_by is not None:
        return question.period_by.periods.get(classes.get(question.period_by.question, ""))
    return question.period


def offer_statuses(
    policy: Policy, terms: Mapping[str, Term], classes: Mapping[str, str], today: dt.date, asked: Collection[str]
) -> tuple[OfferStatus, ...]:
    """Whether each offer can be bought today, for the offers whose question was ``asked`` and whose term is known.

    An offer speaks where its question does: a renewal asked only once support has ended is not
    offered while support runs.
    """
    found = []
    for offer in policy.offers:
        question = policy.question_index[offer.question]
        if question.id not in asked:
            continue
        latest = current_term(policy, terms, question.follows or "")
        period = period_of(question, classes)
        if latest is None or period is None:
            continue
        clauses = tuple(policy.clauses[ref] for ref in offer.clauses)
        held = policy.question_index[latest[0]].term  # what the customer holds now: "support", "renewed support"
        found.append(_status(offer, question, _Held(held, latest[1]), period, today, clauses))
    return tuple(found)


@dataclass(frozen=True)
class _Held:
    """The term the customer holds now, and what the policy calls it."""

    name: str
    term: Term


def _status(  # noqa: PLR0917  (one offer's whole situation)
    offer: Offer, question: Question, held: _Held, period: Duration, today: dt.date, clauses: tuple[Clause, ...]
) -> OfferStatus:
    name, earlier = offer.name, held.term
    ended = human_date(earlier.end)
    if question.extends and today > earlier.end:
        text = f"You cannot buy {name}: it can be bought only while your {held.name} runs, and that ended on {ended}."
        return OfferStatus(id=offer.id, name=name, state="closed", text=text, clauses=clauses)
    opens = extension_opens(question, earlier, period)
    closes = earlier.end if question.extends else None
    if today < opens:
        if question.opens is not None:
            early = f"it can be bought from {question.opens} before your {held.name} ends"
        else:
            early = f"more than {question.window} of your {held.name} remain"
        why = early if _window_binds(question, earlier, period, opens) else f"more than {question.cap} would be valid at once"
        until = f" until {ended}" if closes else ""
        text = f"You cannot buy {name} yet: {why}. You can buy it from {human_date(opens)}{until}."
        return OfferStatus(id=offer.id, name=name, state="later", text=text, clauses=clauses, opens=opens, closes=closes)
    term = term_for(question, today, period, earlier)
    assert term.start is not None
    until = f" until {ended}" if question.extends else " today"
    runs = f"from {human_date(term.start)} until {human_date(term.end)}"
    text = f"You can buy {name}{until}: your {question.term} would run {runs}."
    return OfferStatus(
        id=offer.id, name=name, state="available", text=text, clauses=clauses, closes=closes, start=term.start, end=term.end
    )
