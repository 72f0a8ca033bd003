"""The questionnaire as a decision tree: one question per level, each answer leading on or to a verdict.

It is built from the enumerated cases, so it holds exactly the paths the checker takes, and
serves where the checker cannot run (a page without JavaScript): at each step the next question
is the one the checker would ask after those answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._cases import Case, cases
from ._model import Option, Policy, Question


@dataclass(frozen=True, kw_only=True)
class Branch:
    """One answer to a node's question, and where it leads: the next node or a decided case."""

    option: Option
    then: Node | Case


@dataclass(frozen=True, kw_only=True)
class Node:
    """A point of the questionnaire: the question asked there and its answers, in the policy's order."""

    question: Question
    branches: tuple[Branch, ...]


def decision_tree(policy: Policy) -> Node:
    """The tree of every case of ``policy``, rooted at the first question."""
    return _node(policy, cases(policy), depth=0)


def _node(policy: Policy, group: list[Case], depth: int) -> Node:
    # Cases that share their first `depth` answers were asked the same next question: the checker
    # is deterministic. Each case continues with its answer to it.
    question = policy.question_index[group[0].answers[depth][0]]
    by_answer: dict[str, list[Case]] = {}
    for case in group:
        asked, answer = case.answers[depth]
        if asked != question.id:
            raise AssertionError(f"cases disagree on the question after {case.answers[:depth]}")
        by_answer.setdefault(answer, []).append(case)
    branches = []
    for option in question.options:  # the policy's order, with date classes where the date input stood
        followers = by_answer.get(option.id)
        if not followers:
            continue  # never a case: an answer no dates can give here
        ends = [c for c in followers if len(c.answers) == depth + 1]
        then = ends[0] if ends else _node(policy, followers, depth + 1)
        branches.append(Branch(option=option, then=then))
    return Node(question=question, branches=tuple(branches))
