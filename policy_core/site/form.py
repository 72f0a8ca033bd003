"""The self-check questionnaire as plain HTML: fieldsets, legends, native radio and date inputs.

The widget brings it to life in the browser, asking the checker which questions still matter.
Without JavaScript it stays hidden behind links to the step-by-step page (``tree``), which asks
the same questions with no script, and to the all-cases table.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from typing import Any

from ..engine import Policy, Question, content_hash, version_id
from .render import Context, as_text, element


def render_form(policy: Policy, ctx: Context, *, policy_json: str, flow: dict[str, Any]) -> etree.Element:
    """The questionnaire form for ``policy``; ``policy_json`` is the URL of its compiled JSON.

    ``flow`` (``question_flow``) lets the widget ask the next question while its checker loads;
    ``data-policy-version`` lets it write each answer into the address at once, as share links do.
    """
    root = element(
        "div",
        class_="policy-check",
        data_policy=policy.id,
        data_policy_hash=content_hash(policy),
        data_policy_version=version_id(policy),
        data_policy_json=policy_json,
        data_flow=json.dumps(flow, separators=(",", ":")),
        data_state="static",
    )
    # Without JavaScript the form cannot answer, so it stays hidden (the widget shows it) and the
    # page points to the same questions on a page that needs no script.
    status = element("p", root, class_="policy-check__status", role="status")
    status.text = "This self-check runs in your browser and needs JavaScript. Without it, "
    tree = element("a", status, "answer the same questions step by step", href=ctx.tree_url(policy.id), data_role="tree")
    tree.tail = " on a page without script, read the "
    element("a", status, "policy", href=ctx.policy_url(policy.id, ""), data_role="policy").tail = " or find your answers in the "
    cases = element("a", status, "table of all cases", href=ctx.cases_url(policy.id), data_role="cases")
    cases.tail = "."
    form = element("form", root, class_="policy-check__form", action="#", method="get", novalidate="novalidate", hidden="hidden")
    for question in policy.questions:
        _question(form, policy.id, question, ctx)
    element("div", root, class_="policy-check__verdict")
    return root


def _question(form: etree.Element, policy_id: str, question: Question, ctx: Context) -> None:
    ident = f"{policy_id}-{question.id}"  # unique even with several questionnaires on a page
    attrs = {"data_question": question.id, "id": f"question-{ident}"}
    if question.when is not None:
        attrs["data_when"] = " ".join(question.when.questions)
    fieldset = element("fieldset", form, class_="policy-check__question", **attrs)
    element("legend", fieldset, question.prompt)
    if question.help:
        element("div", fieldset, ctx.markdown(question.help), class_="policy-check__help", id=f"help-{ident}")
    if question.type == "date":
        field = element("p", fieldset, class_="policy-check__date")
        label = element("label", field, "Date: ", for_=f"answer-{ident}")
        label.tail = " "
        described = {"aria_describedby": f"help-{ident}"} if question.help else {}
        # The widget sets `max` to the visitor's own today: the page cannot know it when built.
        limits = {"data_no_future": "true"} if question.no_future else {}
        element("input", field, type="date", id=f"answer-{ident}", name=ident, **described, **limits)
    options = question.extra_options
    if options:
        wrapper = element("div", fieldset, class_="policy-check__options")
        for option in options:
            label = element("label", wrapper, class_="policy-check__option")
            element("input", label, type="radio", name=ident, value=option.id)
            label[-1].tail = as_text(f" {option.label}")
