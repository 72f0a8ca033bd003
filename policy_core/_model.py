"""Immutable models of a policy and of a verdict. Raw data reaches them only through ``_build``."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


class Outcome(enum.Enum):
    """What a verdict says. ``INCOMPLETE`` means answers are still missing."""

    SUPPORTED = "supported"
    ACTION_REQUIRED = "action-required"
    NOT_SUPPORTED = "not-supported"
    INCOMPLETE = "incomplete"

    @property
    def label(self) -> str:
        """The headline shown to customers."""
        return _LABELS[self]


_LABELS = {
    Outcome.SUPPORTED: "Supported",
    Outcome.ACTION_REQUIRED: "Supported once you act",
    Outcome.NOT_SUPPORTED: "Not supported",
    Outcome.INCOMPLETE: "Not decided yet",
}


#: Precedence of decided outcomes, weakest first: one not-supported answer outweighs any number
#: of answers that need action, and those outweigh answers that are simply supported.
PRECEDENCE: tuple[Outcome, ...] = (Outcome.SUPPORTED, Outcome.ACTION_REQUIRED, Outcome.NOT_SUPPORTED)


@dataclass(frozen=True, kw_only=True)
class Clause:
    """One statement of the policy; ``id`` is ``section.clause`` and is its anchor."""

    id: str
    section: str
    section_title: str
    text: str


@dataclass(frozen=True, kw_only=True)
class Section:
    """A titled part of the policy text."""

    id: str
    title: str
    kind: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, kw_only=True)
class Option:
    """An answer to a question, and what it means for support."""

    id: str
    label: str
    outcome: Outcome
    clauses: tuple[str, ...]
    steps: tuple[str, ...]

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


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question of the questionnaire.

    A date question's answers are reduced to the options ``within`` and ``after`` (is today
    still inside the period that starts at the date?), plus any extra options it offers.
    """

    id: str
    prompt: str
    label: str
    help: str | None
    type: str
    options: tuple[Option, ...]
    when: Condition | None
    period_months: int | None = None
    no_future: bool = False

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)

    @property
    def extra_options(self) -> tuple[Option, ...]:
        """The options offered besides a date (all options, for a choice question)."""
        return self.options[2:] if self.type == "date" else self.options


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
    """A support policy: its text, its questionnaire, and what to do after each outcome."""

    id: str
    title: str
    vendor: str
    product: str
    updated: dt.date
    summary: Summary
    sections: tuple[Section, ...]
    closing: str | None
    questions: tuple[Question, ...]
    next_steps: Mapping[Outcome, tuple[str, ...]]
    data: Mapping[str, Any] = field(repr=False, compare=False)
    """The validated source data, from which the compiled JSON is written."""

    @cached_property
    def clauses(self) -> Mapping[str, Clause]:
        """Every clause by id, in document order."""
        return {clause.id: clause for section in self.sections for clause in section.clauses}

    @cached_property
    def question_index(self) -> Mapping[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def follow_ups(self) -> Mapping[str, tuple[Question, ...]]:
        """For each question, the questions whose ``when`` names it."""
        return {q.id: tuple(c for c in self.questions if c.when and c.when.question == q.id) for q in self.questions}


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """The checker's answer: the outcome, the clauses that decided it, and what comes next."""

    policy: str
    outcome: Outcome
    clauses: tuple[Clause, ...]
    next: tuple[str, ...]
    steps: tuple[str, ...]
    answered: tuple[str, ...] = ()
    """The answered questions that apply to this verdict, in questionnaire order."""

    def to_json(self) -> dict[str, Any]:
        """The JSON form given in DESIGN.md."""
        return {
            "policy": self.policy,
            "outcome": self.outcome.value,
            "clauses": [{"id": c.id, "section": c.section_title, "text": c.text} for c in self.clauses],
            "next": list(self.next),
            "steps": list(self.steps),
        }
