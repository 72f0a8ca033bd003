"""Generated overviews: the policy index and the all-cases table (the comparison is in ``compare``)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from itertools import groupby

from ..engine import Case, Policy
from .render import OUTCOME_ICONS, Context, element, icon


def render_index(policies: Sequence[Policy], ctx: Context) -> etree.Element:
    """A card per policy: one-line summary, and links to the policy and its self-check."""
    grid = element("div", class_="grid cards policy-index")
    items = element("ul", grid)
    for policy in policies:
        card = element("li", items, class_="policy-card")
        title = element("p", card, class_="policy-card__title")
        element("a", title, policy.title, href=ctx.policy_url(policy.id, ""))
        facts = element("dl", card, class_="policy-card__facts")
        for term, value in (
            ("Support", policy.summary.period),
            ("Channel", policy.summary.channel),
            ("Who can file", policy.summary.eligibility),
        ):
            element("dt", facts, term)
            element("dd", facts, value)
        links = element("p", card, class_="policy-card__links")
        element("a", links, "Read the policy", href=ctx.policy_url(policy.id, ""))
        links[-1].tail = " · "
        element("a", links, "Check your issue", href=ctx.check_url(policy.id))
        links[-1].tail = " · "
        element("a", links, "All cases", href=ctx.cases_url(policy.id))
    return grid


def render_cases(policy: Policy, all_cases: Sequence[Case], ctx: Context) -> etree.Element:
    """Every case of the policy, grouped by the answer to the first question."""
    root = element("div", class_="policy-cases", data_policy=policy.id, id=f"cases-{policy.id}")
    counts = {o: sum(c.verdict.outcome is o for c in all_cases) for o in OUTCOME_ICONS}
    summary = ", ".join(f"{n} {o.label.lower()}" for o, n in counts.items() if n)
    summary += f" ({sum(bool(c.verdict.actions) for c in all_cases)} of them once the customer acts)"
    element(
        "p",
        root,
        f"{len(all_cases)} cases: {summary}. Find the group of your first answer, then the row that matches "
        "your other answers. Questions that cannot change the verdict are not asked, so a row lists only what matters.",
    )
    for (question_id, answer), group in groupby(all_cases, key=lambda c: c.answers[0]):
        rows = list(group)
        question = policy.question_index[question_id]
        option = question.option(answer)
        label = option.label if option else answer
        details = element("details", root, class_="policy-cases__group")
        summary_el = element("summary", details, f"{question.label}: {label}")
        outcomes = sorted({c.verdict.outcome for c in rows}, key=lambda o: o.value)
        element(
            "span",
            summary_el,
            f" ({len(rows)} case{'s' if len(rows) != 1 else ''}: {', '.join(o.label.lower() for o in outcomes)})",
            class_="policy-cases__count",
        )
        _case_table(details, policy, rows, ctx)
    return root


def _case_table(parent: etree.Element, policy: Policy, rows: Sequence[Case], ctx: Context) -> None:
    """A decision table: a column per question asked in this group, then the verdict and its clauses.

    Each cell names its column (``data-label``): on a phone the rows become cards, verdict first.
    """
    asked = {question_id for case in rows for question_id, _ in case.answers[1:]}
    columns = [q for q in policy.questions if q.id in asked]
    table = element("table", element("div", parent, class_="policy-cases__table"))
    head = element("tr", element("thead", table))
    for question in columns:
        element("th", head, question.label, scope="col")
    element("th", head, "Verdict", scope="col")
    element("th", head, "Deciding clauses", scope="col")
    body = element("tbody", table)
    for case in rows:
        row = element("tr", body, data_outcome=case.verdict.outcome.value, data_tone=case.verdict.tone)
        answers = dict(case.answers)
        for question in columns:
            option = question.option(answers.get(question.id, ""))
            if option is None:
                skipped = element("td", row, "—", class_="policy-cases__skip", data_label=question.label)
                element("span", skipped, " not asked", class_="policy-visually-hidden")
            else:
                element("td", row, option.label, data_label=question.label)
        _verdict_cell(row, policy, case, ctx.markdown)
        clauses = element("td", row, data_label="Deciding clauses")
        for index, clause in enumerate(case.verdict.clauses):
            link = element("a", clauses, clause.id, href=ctx.policy_url(policy.id, clause.id))
            if index < len(case.verdict.clauses) - 1:
                link.tail = ", "


def _verdict_cell(row: etree.Element, policy: Policy, case: Case, steps_html: Callable[[str], str]) -> None:
    verdict = element(
        "td",
        row,
        class_=f"policy-cases__verdict policy-cases__verdict--{case.verdict.tone}",
        data_label="Verdict",
    )
    icon(verdict, case.verdict.tone)  # supported once the customer acts has an icon (and colour) of its own
    element("span", verdict, case.verdict.outcome.label)
    if case.verdict.actions:
        todo = element("ul", verdict, class_="policy-cases__actions")
        for action in case.verdict.actions:
            element("li", todo, f"First: {action.label or action.text}")
    rules = [rule for q, a in case.answers if (rule := policy.question_index[q].class_rule(a))]
    if rules:
        element("p", verdict, "; ".join(rules) + ".", class_="policy-cases__dates")
    if case.verdict.steps:
        steps = element("details", verdict, class_="policy-cases__next")
        element("summary", steps, "What to do next")
        listed = element("ol", steps)
        for step in case.verdict.steps:
            element("li", listed, steps_html(step))
