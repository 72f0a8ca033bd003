"""The self-check without JavaScript: the decision tree as nested native ``<details>``.

One question per level: opening an answer shows the next question the checker would ask, or the
verdict with its actions, its deciding clauses quoted, its next steps and what to send support
(``path_handoff``: a share link and a ticket summary, or a summary to write the dates into). It
comes from ``decision_tree``, that is from the same cases as the checker's every answer. Date
questions are asked as what holds today ("Support still runs (12 months from that date)"), so the
page never goes stale between builds. The answers of one question share a ``name``, so opening one
closes the others (an exclusive accordion): only the chosen path's verdict is open.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from itertools import count

from ..engine import DATE_TO_WRITE, Case, Node, Outcome, Policy, Question, clause_name, path_handoff
from .render import Context, as_text, cite, element, icon


def render_tree(policy: Policy, tree: Node, ctx: Context) -> etree.Element:
    root = element("div", class_="policy-tree", data_policy=policy.id, id=f"tree-{policy.id}")
    _node(root, policy, tree, ctx, count())
    return root


def _prompt(question: Question) -> str:
    return f"{question.prompt} Choose what holds today." if question.date_classes else question.prompt


def _node(parent: etree.Element, policy: Policy, node: Node, ctx: Context, names: count[int]) -> None:
    holder = element("div", parent, class_="policy-tree__node", data_question=node.question.id)
    element("p", holder, _prompt(node.question), class_="policy-tree__prompt")
    answers = element("ul", holder, class_="policy-tree__answers")
    group = f"{policy.id}-{next(names)}"
    for branch in node.branches:
        details = element("details", element("li", answers), name=group, data_answer=branch.option.id)
        element("summary", details, node.question.class_rule(branch.option.id, date_named="that date") or branch.option.label)
        if isinstance(branch.then, Node):
            _node(details, policy, branch.then, ctx, names)
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
    why[-1].tail = as_text((why[-1].tail or "") + ":")
    quotes = element("ul", box, class_="policy-tree__quotes")
    for clause in verdict.clauses:
        item = element("li", quotes)
        element("blockquote", item, ctx.markdown(clause.text))
        source = element("p", item, "From the policy: ", class_="policy-tree__source")
        element("a", source, clause_name(policy, clause), href=ctx.policy_url(policy.id, clause.id))
    if verdict.steps:
        element("p", box, "What to do next:")
        steps = element("ol", box, class_="policy-tree__steps")
        for step in verdict.steps:
            element("li", steps, ctx.markdown(step))
    _handoff(box, policy, case, ctx)


def _handoff(box: etree.Element, policy: Policy, case: Case, ctx: Context) -> None:
    """What to send support: the share link and summary the self-check would give, or a summary to write dates into."""
    handoff = path_handoff(
        policy, case.answers, check_page=ctx.check_address(policy.id), policy_page=ctx.policy_address(policy.id)
    )
    holder = element("div", box, class_="policy-tree__handoff")
    if handoff.link is not None:
        fragment = handoff.link.partition("#")[2]
        link = element("a", None, "this check with your answers", href=f"{ctx.check_link(policy.id)}#{fragment}")
        element("p", holder, f"To keep this verdict, or to send it: {ctx.raw(link)} is its share link.")
        lead = (
            "If you write to support all the same, copy this summary into your message:"
            if case.verdict.outcome is Outcome.NOT_SUPPORTED
            else "Copy this summary into your ticket:"
        )
        element("p", holder, lead)
    else:
        dates = " and ".join(f"“{prompt}”" for prompt in handoff.dates)
        lead = (
            "If you write to support all the same, copy"
            if case.verdict.outcome is Outcome.NOT_SUPPORTED
            else "To file a ticket, copy"
        )
        element(
            "p",
            holder,
            f"{lead} this summary, write your answer to {dates} as a date in place of {DATE_TO_WRITE} "
            "(year, month, day), and send it. Support checks your answers against the policy with that date, "
            "which this page cannot ask for without JavaScript.",
        )
    element("pre", holder, handoff.summary, class_="policy-tree__summary", tabindex="0")
