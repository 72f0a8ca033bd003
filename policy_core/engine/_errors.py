"""Typed errors: authoring errors carry their location, answer errors name the answer."""

from __future__ import annotations

from collections.abc import Iterable

from ._inert import echo


class PolicyError(ValueError):
    """One authoring mistake in a policy file, printed as ``path:line:col: message``."""

    def __init__(self, message: str, *, path: str = "<policy>", line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class InvalidPolicyError(ValueError):
    """Every mistake found in one or more policy files, reported together."""

    def __init__(self, errors: Iterable[PolicyError]) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: (e.path, e.line, e.column)))
        super().__init__("\n".join(str(e) for e in self.errors))


class AnswerError(ValueError):
    """An answer the checker cannot use; names the question and the value given."""

    def __init__(self, question: str, value: str, reason: str) -> None:
        # The question and the value may come from a link: echoed escaped and short (_inert.py).
        super().__init__(f"answer {echo(question)}='{echo(value)}': {reason}")
        self.question = question
        self.value = value
        self.reason = reason


class UnknownQuestionError(AnswerError):
    """The answer is for a question the policy does not ask."""


class UnknownOptionError(AnswerError):
    """The answer is not one of the question's options."""


class InvalidDateError(AnswerError):
    """The answer is not a real ISO date, or is a date the question rules out."""


class ContradictoryDatesError(InvalidDateError):
    """The date contradicts an earlier date answer (a renewal before the purchase, say)."""
