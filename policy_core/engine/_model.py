"""Immutable models of a policy and of a verdict. Raw data reaches them only through ``_build``."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ._dates import Duration, human_date
from ._errors import PolicyError


class Outcome(enum.Enum):
    """Whether the issue is covered. ``INCOMPLETE`` means answers are still missing.

    What the customer must do first is apart from it: the verdict's ``actions``.
    """

    SUPPORTED = "supported"
    REVIEW = "review"
    NOT_SUPPORTED = "not-supported"
    INCOMPLETE = "incomplete"

    @property
    def label(self) -> str:
        """The outcome in a word or two, for tables and badges."""
        return _LABELS[self]


_LABELS = {
    Outcome.SUPPORTED: "Supported",
    Outcome.REVIEW: "An engineer must confirm",
    Outcome.NOT_SUPPORTED: "Not supported",
    Outcome.INCOMPLETE: "Not decided yet",
}


#: Precedence of decided outcomes, weakest first: one not-supported answer outweighs any number
#: of answers that need an engineer's review, and those outweigh answers that are simply
#: supported. Actions accumulate beside the outcome; they never raise or lower it.
PRECEDENCE: tuple[Outcome, ...] = (Outcome.SUPPORTED, Outcome.REVIEW, Outcome.NOT_SUPPORTED)


@dataclass(frozen=True, kw_only=True)
class Clause:
    """One statement of the policy; ``id`` is ``section.clause`` and is its anchor."""

    id: str
    section: str
    section_title: str
    text: str
    topic: str | None = None
    """What the clause is about, to line it up with other policies' clauses in the comparison."""

    @property
    def row(self) -> str:
        """The comparison row it belongs to: its topic, or else its id."""
        return self.topic or self.id


@dataclass(frozen=True, kw_only=True)
class Section:
    """A titled part of the policy text."""

    id: str
    title: str
    kind: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, kw_only=True)
class Action:
    """Something a customer must do before support is given (renew, update, have the partner file)."""

    id: str
    text: str
    """The instruction, in full (Markdown)."""
    label: str | None = None
    """A short phrase that completes "Supported once you ...", e.g. "renew your support"."""


@dataclass(frozen=True, kw_only=True)
class Option:
    """An answer to a question, and what it means: an outcome, the actions it needs, its clauses and steps."""

    id: str
    label: str
    outcome: Outcome
    clauses: tuple[str, ...]
    steps: tuple[str, ...]
    actions: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        return PRECEDENCE.index(self.outcome)


@dataclass(frozen=True, kw_only=True)
class Condition:
    """Ask a question only when an earlier one was answered with (or without) some options."""

    question: str
    options: frozenset[str]
    negate: bool = False

    def holds(self, answer: str) -> bool:
        return (answer in self.options) != self.negate


Known = Callable[[Condition], "bool | None"]
"""Whether a condition holds, as far as the answers tell: ``None`` while its question is open."""


@dataclass(frozen=True, kw_only=True)
class When:
    """When a question is asked: all of its conditions hold, or (``any_of``) at least one does."""

    conditions: tuple[Condition, ...]
    any_of: bool = False

    @property
    def questions(self) -> tuple[str, ...]:
        """The earlier questions it depends on."""
        return tuple(dict.fromkeys(c.question for c in self.conditions))

    def holds(self, known: Known) -> bool | None:
        """Whether the question is asked: ``True``, ``False``, or ``None`` while an open answer decides."""
        found = [known(condition) for condition in self.conditions]
        decisive = self.any_of  # one true condition settles "any of"; one false settles "all of"
        if decisive in found:
            return decisive
        return None if None in found else not decisive


@dataclass(frozen=True, kw_only=True)
class PeriodBy:
    """Periods that depend on an earlier choice, e.g. an annual against a perpetual license."""

    question: str
    periods: Mapping[str, Duration]
    clauses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The clauses that state each answer's period: a date class quotes only those of the period that applied."""

    def fitted(self, option: Option, answer: str) -> Option:
        """``option`` citing the clauses of the period ``answer`` chose, not those of the other periods."""
        if not self.clauses:
            return option
        others = {ref for key, refs in self.clauses.items() if key != answer for ref in refs}
        kept = [ref for ref in option.clauses if ref not in others]
        return replace(option, clauses=tuple(dict.fromkeys([*kept, *self.clauses.get(answer, ())])))


#: The classes a date answer reduces to: today is inside its term, inside the grace window
#: after the term, or after both.
DATE_CLASSES = ("within", "in-grace", "after")


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question of the questionnaire.

    A date question's answer is reduced to a class (``DATE_CLASSES``): its term is the date
    plus the period (or, with ``starts_after``, the earlier question's term end plus the
    period; without a period, the date is the term's last day).
    """

    id: str
    prompt: str
    label: str
    help: str | None
    type: str
    options: tuple[Option, ...]
    when: When | None
    when_implied: bool = False
    """The condition was not written: a computed date is asked once the answers it needs are given."""
    period: Duration | None = None
    period_by: PeriodBy | None = None
    grace: Duration | None = None
    starts_after: str | None = None
    renews: str | None = None
    """A renewal of this earlier date question's term: it continues from that term's end when bought
    before its grace ended, and starts on the day bought after that."""
    extends: str | None = None
    """An extension of this earlier date question's term: ``period`` added to its end, bought while it runs."""
    window: Duration | None = None
    """With ``extends``: it can be bought only when less than this remains of the term."""
    opens: Duration | None = None
    """With ``renews`` or ``extends``: it can be bought from this long before the term ends, that day included
    ("up to 3 months before"); ``window`` says "when less than this remains", which opens a day later."""
    cap: Duration | None = None
    """With ``extends``: never more than this valid at once, counted from the day it is bought."""
    not_before: str | None = None
    no_future: bool = False
    term: str = "support"
    """What the term is called in stated facts: "Your {term} runs until 10 January 2027"."""

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)

    @cached_property  # read on every classification, so worth keeping
    def date_classes(self) -> tuple[Option, ...]:
        """A date question's classes (empty for a choice question)."""
        return tuple(o for o in self.options if o.id in DATE_CLASSES) if self.type == "date" else ()

    @cached_property
    def extra_options(self) -> tuple[Option, ...]:
        """The options offered besides a date (all options, for a choice question)."""
        return tuple(o for o in self.options if o not in self.date_classes)

    def class_rule(self, option_id: str, *, date_named: str = "the date given") -> str | None:
        """How a date class reads without a date, e.g. "free support has ended (12 months from the date given)".

        ``date_named`` is how the text names the date: "that date" right below the question that asks it.
        """
        if self.type != "date" or option_id not in DATE_CLASSES:
            return None
        counted_from = self._counted_from(date_named)
        if self.period_by is not None:
            periods = ", ".join(f"{length} for {answer}" for answer, length in self.period_by.periods.items())
            length = f"{periods}, {counted_from}"
        elif self.period is not None:
            length = f"{self.period} {counted_from}"
        else:
            length = f"until {date_named}"
        state = {
            "within": "still runs",
            "in-grace": f"has ended, inside the {self.grace} grace period",
            "after": "has ended" + (f", and so has the {self.grace} grace period" if self.grace else ""),
        }[option_id]
        return f"{self.term[0].upper()}{self.term[1:]} {state} ({length})"

    def _counted_from(self, date_named: str) -> str:
        if self.renews:
            return f"from the end of the previous term if renewed before its grace period ended, else from {date_named}"
        if self.extends:
            return "added to the end of the previous term"
        return f"from {'the end of the previous term' if self.starts_after else date_named}"

    @property
    def follows(self) -> str | None:
        """The earlier date question whose term this one's follows on from (renews, extends or starts after)."""
        return self.renews or self.extends or self.starts_after

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Earlier questions whose answers this date question's term is computed from."""
        named = (self.period_by.question if self.period_by else None, self.follows, self.not_before)
        return tuple(dict.fromkeys(q for q in named if q))


@dataclass(frozen=True, kw_only=True)
class Offer:
    """Something a customer may buy (a renewal, an extension), and whether they can today.

    Its rules are those of the date question that records the purchase (``question``, which
    renews or extends an earlier term), applied to today's date.
    """

    id: str
    name: str
    """Completes "You can buy ...", e.g. "a 6-month extension"."""
    question: str
    clauses: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Filing:
    """Where a customer files a ticket: a web form (``url``, with ``{summary}`` where the ticket text
    goes, if the form takes it) or an email address. Exactly one of the two is set."""

    url: str | None = None
    email: str | None = None


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The short facts of the summary box."""

    period: str
    renewal: str
    channel: str
    eligibility: str
    partners: str | None


@dataclass(frozen=True, kw_only=True)
class Policy:
    """A support policy: its text, its questionnaire, its actions, and what to do after each outcome."""

    id: str
    title: str
    vendor: str
    product: str
    updated: dt.date
    summary: Summary
    sections: tuple[Section, ...]
    closing: str | None
    questions: tuple[Question, ...]
    actions: tuple[Action, ...]
    next_steps: Mapping[Outcome, tuple[str, ...]]
    filing: Filing | None = None
    """Where to file; without it the verdict names the summary's channel in words only."""
    offers: tuple[Offer, ...] = ()
    """What a customer may buy; each verdict that knows the term's dates says whether they can today."""
    warnings: tuple[PolicyError, ...] = field(default=(), compare=False, repr=False)
    """Likely slips found when the file was read (``_slips``); they do not change what it means."""

    @cached_property
    def clauses(self) -> Mapping[str, Clause]:
        """Every clause by id, in document order."""
        return {clause.id: clause for section in self.sections for clause in section.clauses}

    @cached_property
    def question_index(self) -> Mapping[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def action_index(self) -> Mapping[str, Action]:
        return {action.id: action for action in self.actions}

    @cached_property
    def follow_ups(self) -> Mapping[str, tuple[Question, ...]]:
        """For each question, the questions whose ``when`` names it."""
        return {q.id: tuple(c for c in self.questions if c.when and q.id in c.when.questions) for q in self.questions}


@dataclass(frozen=True, kw_only=True)
class Fact:
    """A date the checker computed and decided on, e.g. the end of support."""

    id: str
    label: str
    """Reads before the date: "Your free support ran until", "Your support runs from 1 June 2026 until"."""
    date: dt.date
    start: dt.date | None = None
    """The first day of a term, when the fact is a term's (it is then named in ``label`` too)."""

    @property
    def text(self) -> str:
        return f"{self.label} {human_date(self.date)}"

    def to_json(self) -> dict[str, str]:
        start = {"start": self.start.isoformat()} if self.start else {}
        return {"id": self.id, "label": self.label, "date": self.date.isoformat(), **start, "text": self.text}


#: Whether an offer can be bought today: yes, not yet (from a later day), or no longer.
OFFER_STATES = ("available", "later", "closed")


@dataclass(frozen=True, kw_only=True)
class OfferStatus:
    """Whether the customer can buy an offer today, in words, with the clauses that say so and its dates."""

    id: str
    name: str
    state: str
    """One of ``OFFER_STATES``."""
    text: str
    clauses: tuple[Clause, ...]
    opens: dt.date | None = None
    """The first day it can be bought, when that is later than today."""
    closes: dt.date | None = None
    """The last day it can be bought, when there is one."""
    start: dt.date | None = None
    end: dt.date | None = None
    """The term it would give if bought today."""

    def to_json(self) -> dict[str, Any]:
        dates = (("opens", self.opens), ("closes", self.closes), ("start", self.start), ("end", self.end))
        days = {key: day.isoformat() for key, day in dates if day}
        clauses = [c.id for c in self.clauses]
        return {"id": self.id, "name": self.name, "state": self.state, "text": self.text, "clauses": clauses, **days}


@dataclass(frozen=True, kw_only=True)
class RequiredAction:
    """An action a verdict requires, with the clauses that require it."""

    id: str
    text: str
    label: str | None
    clauses: tuple[Clause, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "label": self.label, "clauses": [c.id for c in self.clauses]}


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """The checker's answer: whether the issue is covered, what to do first, why, and what comes next."""

    policy: str
    outcome: Outcome
    clauses: tuple[Clause, ...]
    next: tuple[str, ...]
    steps: tuple[str, ...]
    actions: tuple[RequiredAction, ...] = ()
    facts: tuple[Fact, ...] = ()
    offers: tuple[OfferStatus, ...] = ()
    """Whether each of the policy's offers can be bought today (only with the dates it depends on)."""
    answered: tuple[str, ...] = ()
    """The answered questions that apply to this verdict, in questionnaire order."""
    checked_on: dt.date | None = None
    """The day the answers were judged on (``None`` for a verdict decided from date classes alone)."""

    @property
    def tone(self) -> str:
        """How the verdict is shown: its outcome's value, or ``conditional`` for "Supported once you ..."

        A supported verdict that still needs an action is not yet support: pages give it a colour
        and an icon of its own, never the plain supported ones.
        """
        if self.outcome is Outcome.SUPPORTED and self.actions:
            return "conditional"
        return self.outcome.value

    @property
    def headline(self) -> str:
        """The verdict in one line, naming the action when there is one."""
        if self.outcome is Outcome.SUPPORTED and self.actions:
            return f"Supported once you {self._what_to_do()}"
        if self.outcome is Outcome.REVIEW and self.actions:
            return f"An engineer must confirm; first, {self._what_to_do()}"
        return self.outcome.label

    def _what_to_do(self) -> str:
        if len(self.actions) == 1 and self.actions[0].label:
            return self.actions[0].label
        count = len(self.actions)
        return f"take the {count} actions below" if count > 1 else "take the action below"

    def to_json(self) -> dict[str, Any]:
        """The JSON form given in DESIGN.md (``check --json``)."""
        return {
            "policy": self.policy,
            "checked_on": self.checked_on.isoformat() if self.checked_on else None,
            "outcome": self.outcome.value,
            "headline": self.headline,
            "tone": self.tone,
            "actions": [action.to_json() for action in self.actions],
            "clauses": [{"id": c.id, "section": c.section_title, "text": c.text} for c in self.clauses],
            "facts": [fact.to_json() for fact in self.facts],
            "offers": [offer.to_json() for offer in self.offers],
            "next": list(self.next),
            "steps": list(self.steps),
            "answered": list(self.answered),
        }
