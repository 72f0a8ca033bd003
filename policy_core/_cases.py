"""Enumerate every case of a policy: each path through the questionnaire to a decided verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ._checker import decide
from ._dates import add_months
from ._model import Outcome, Policy, Verdict


@dataclass(frozen=True, kw_only=True)
class Case:
    """One path through the questionnaire: the answers given, in the order asked, and the verdict.

    Date answers appear as their class, ``within`` or ``after`` the period.
    """

    answers: tuple[tuple[str, str], ...]
    verdict: Verdict

    def example_answers(self, policy: Policy, today: dt.date) -> dict[str, str]:
        """Raw answers (real dates) that reproduce this case on ``today``."""
        raw = {}
        for question_id, option in self.answers:
            question = policy.question_index[question_id]
            if question.type == "date" and option == "within":
                raw[question_id] = today.isoformat()
            elif question.type == "date" and option == "after":
                # A whole month more than the period: clearly past it, whatever the month lengths.
                raw[question_id] = add_months(today, -(question.period_months or 0) - 1).isoformat()
            else:
                raw[question_id] = option
        return raw


def cases(policy: Policy) -> list[Case]:
    """Every distinct case, asking at each step the first question still worth asking."""
    return list(_cases(policy, ()))


def _cases(policy: Policy, answers: tuple[tuple[str, str], ...]) -> Iterator[Case]:
    verdict = decide(policy, dict(answers))
    if verdict.outcome is not Outcome.INCOMPLETE:
        yield Case(answers=answers, verdict=verdict)
        return
    question = policy.question_index[verdict.next[0]]
    for option in question.options:
        yield from _cases(policy, (*answers, (question.id, option.id)))
