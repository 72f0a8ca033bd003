"""The self-check without JavaScript: the decision tree as nested native ``<details>``.

One question per level: opening an answer shows the next question the checker would ask, or the
verdict with its actions, deciding clauses and next steps. It comes from ``decision_tree``, that
is from the same cases as the checker's every answer. Date questions are asked as what holds
today ("Support still runs (12 months from the date given)"), so the page never goes stale
between builds.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from ..engine import Case, Node, Policy, Question
from .render import Context, as_text, cite, element, icon


def render_tree(policy: Policy, tree: Node, ctx: Context) -> etree.Element:
    root = element("div", class_="policy-tree", data_policy=policy.id, id=f"tree-{policy.id}")
    _node(root, policy, tree, ctx)
    return root


def _prompt(question: Question) -> str:
    return f"{question.prompt} Choose what holds today." if question.date_classes else question.prompt


def _node(parent: etree.Element, policy: Policy, node: Node, ctx: Context) -> None:
    holder = element("div", parent, class_="policy-tree__node", data_question=node.question.id)
    element("p", holder, _prompt(node.question), class_="policy-tree__prompt")
    answers = element("ul", holder, class_="policy-tree__answers")
    for branch in node.branches:
        details = element("details", element("li", answers), data_answer=branch.option.id)
        element("summary", details, node.question.class_rule(branch.option.id) or branch.option.label)
        if isinstance(branch.then, Node):
            _node(details, policy, branch.then, ctx)
        else:
            _verdict(details, policy, branch.then, ctx)


def _verdict(parent: etree.Element, policy: Policy, case: Case, ctx: Context) -> None:
    verdict = case.verdict
    # Coloured and marked by its tone: a verdict that is support only once the customer acts has its own.
    tone = verdict.tone
    box = element(
        "div",
        parent,
        class_=f"policy-tree__verdict policy-tree__verdict--{tone}",
        data_outcome=verdict.outcome.value,
        data_tone=tone,
    )
    headline = element("p", box, class_="policy-tree__headline")
    icon(headline, tone)
    element("strong", headline, verdict.headline)
    if verdict.actions:
        element("p", box, "First, before support is given:")
        todo = element("ol", box, class_="policy-tree__actions")
        for action in verdict.actions:
            element("li", todo, ctx.markdown(action.text))
    # Each clause named once, and each link's words its own: "“Who can file” clause 2 and clause 3".
    why = element("p", box, "Decided by the policy's ", class_="policy-tree__clauses")
    cite(why, policy, verdict.clauses, ctx)
    why[-1].tail = as_text((why[-1].tail or "") + ".")
    if verdict.steps:
        element("p", box, "What to do next:")
        steps = element("ol", box, class_="policy-tree__steps")
        for step in verdict.steps:
            element("li", steps, ctx.markdown(step))
