"""The questionnaire as a decision tree: one question per level, each answer leading on or to a verdict.

It is built from the enumerated cases, so it holds exactly the paths the checker takes, and
serves where the checker cannot run (a page without JavaScript): at each step the next question
is the one the checker would ask after those answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._cases import Case, cases
from ._model import DATE_CLASSES, Option, Policy, Question


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


def question_flow(tree: Node) -> dict[str, Any]:
    """Which question follows each answer that needs no date, for the page to ask while its checker loads.

    ``{"q": question, "a": {answer: next}, "date": 1}``: ``next`` is the same for the question asked
    next, or ``0`` where the answers so far decide the verdict. A date question has ``"date": 1``;
    what follows a date waits for the checker, which alone classifies it. Only the checker gives
    verdicts: the flow says which question to show, nothing more.
    """
    answers: dict[str, Any] = {}
    flow: dict[str, Any] = {"q": tree.question.id}
    for branch in tree.branches:
        if tree.question.type == "date" and branch.option.id in DATE_CLASSES:
            flow["date"] = 1
        else:
            answers[branch.option.id] = question_flow(branch.then) if isinstance(branch.then, Node) else 0
    if answers:
        flow["a"] = answers
    return flow
