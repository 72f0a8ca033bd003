"""A picture of a policy's questionnaire, for writers: each answer, what it decides, and where it leads.

Drawn as a static SVG at build time from the enumerated cases (``cases()``), so it shows what the
checker really does: an answer leads to the questions that come next in some case, or straight to
a verdict. No script and no outside request; text stays text, for search and screen readers.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Sequence

from ..engine import Case, Option, Outcome, Policy
from .render import element

WIDTH = 760
HEADER = 30  # a question's title bar
LINE = 40  # one answer: its label and effect, then where it leads
GAP = 18  # between questions
LABEL_CHARS = 72  # an answer's label is cut here (in full in its tooltip)
OUTCOME_CLASS = {
    Outcome.SUPPORTED: "supported",
    Outcome.REVIEW: "review",
    Outcome.NOT_SUPPORTED: "not-supported",
}


def flow_edges(all_cases: Sequence[Case]) -> dict[tuple[str, str], list[str]]:
    """For each (question, answer), what follows it in some case: question ids, or ``=outcome``."""
    edges: dict[tuple[str, str], list[str]] = {}
    for case in all_cases:
        path = case.answers
        for index, step in enumerate(path):
            target = path[index + 1][0] if index + 1 < len(path) else f"={case.verdict.outcome.value}"
            targets = edges.setdefault(step, [])
            if target not in targets:
                targets.append(target)
    return edges


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_flow(policy: Policy, all_cases: Sequence[Case]) -> etree.Element:
    """The SVG, in a scrolling box so that it keeps a readable size on a phone."""
    edges = flow_edges(all_cases)
    number = {q.id: n for n, q in enumerate(policy.questions, start=1)}
    height = sum(HEADER + LINE * len(q.options) + GAP for q in policy.questions) + GAP
    holder = element("div", class_="policy-flow", data_policy=policy.id)
    svg = element(
        "svg",
        holder,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {height}",
        width=str(WIDTH),
        height=str(height),
        role="group",  # not "img": the picture holds links to its questions
        aria_labelledby=f"flow-title-{policy.id}",
    )
    element(
        "title",
        svg,
        f"How the questions of the {policy.vendor} policy lead to each other and to verdicts",
        id=f"flow-title-{policy.id}",
    )
    y = GAP
    for question in policy.questions:
        box_height = HEADER + LINE * len(question.options)
        group = element("g", svg, id=f"flow-{policy.id}-{question.id}", class_="policy-flow__question")
        element("rect", group, x="1", y=str(y), width=str(WIDTH - 2), height=str(box_height), rx="6", class_="policy-flow__box")
        element("rect", group, x="1", y=str(y), width=str(WIDTH - 2), height=str(HEADER), rx="6", class_="policy-flow__head")
        title = f"{number[question.id]}. {_short(question.prompt, 80)}"
        element("text", group, title, x="12", y=str(y + 20), class_="policy-flow__prompt")
        for row, option in enumerate(question.options):
            top = y + HEADER + LINE * row
            _answer(group, policy, option, top, targets=edges.get((question.id, option.id), []), number=number)
        y += box_height + GAP
    return holder


def _answer(
    group: etree.Element, policy: Policy, option: Option, top: int, *, targets: list[str], number: dict[str, int]
) -> None:
    kind = OUTCOME_CLASS[option.outcome] if option.outcome is not Outcome.SUPPORTED else "neutral"
    element("circle", group, cx="22", cy=str(top + 13), r="5", class_=f"policy-flow__dot policy-flow__dot--{kind}")
    text = element("text", group, x="36", y=str(top + 17), class_="policy-flow__answer")
    element("title", text, option.label)
    element("tspan", text, _short(option.label, LABEL_CHARS))
    decided = {Outcome.REVIEW: " · review", Outcome.NOT_SUPPORTED: " · not supported"}.get(option.outcome, "")
    if option.actions:
        decided += " · +" + ", ".join(option.actions)
    if decided:
        element("tspan", text, decided, class_="policy-flow__effect")
    where = element("text", group, x="36", y=str(top + 34), class_="policy-flow__next")
    if not targets:
        element("tspan", where, "never reached")
        return
    for index, target in enumerate(targets):
        if index:
            element("tspan", where, " or ")
        if target.startswith("="):
            element("tspan", where, "→ " + Outcome(target[1:]).label.lower(), class_="policy-flow__verdict")
        else:
            link = element("a", where, href=f"#flow-{policy.id}-{target}")
            element("tspan", link, f"→ {number[target]}. {policy.question_index[target].label or target}")
