"""A policy's version history as an element tree: each version, newest first, and what it changed.

What changed is ``policy_core``'s diff (``diff_policies``); this module only lays it out, in
words a customer reads: reworded clauses with the words struck and added, and the situations
whose verdict a version changed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import partial

from ..engine import Policy, answer_label
from ..versions import PolicyDiff, TextChange, Version, moved_classes, with_previous
from .render import Context, as_text, element

DiffOf = Callable[[Policy, Policy], PolicyDiff]
EXAMPLES = 3  # situations shown per kind of change; the writer's `policy-core diff` lists them all


def render_history(policy: Policy, found: list[Version], diff_of: DiffOf, ctx: Context, feed_url: str | None) -> etree.Element:
    """Every version of ``found`` (oldest first), listed newest first."""
    root = element("div", class_="policy-history", data_policy=policy.id)
    intro = "Each published version of this policy, newest first, with what it changed."
    paragraph = element("p", root, f"{intro} " if feed_url else intro)
    if feed_url:
        link = element("a", paragraph, "Follow new versions (Atom feed)", href=feed_url, type="application/atom+xml")
        link.tail = as_text(".")
    for index, (version, previous) in enumerate(with_previous(found)):
        _render_version(root, version, previous, diff_of, ctx, newest=index == 0)
    return root


def _render_version(
    root: etree.Element, version: Version, previous: Version | None, diff_of: DiffOf, ctx: Context, *, newest: bool
) -> None:
    ident = version.policy.id
    section = element("section", root, class_="policy-version", id=f"version-{version.id}")
    state = " (current)" if newest else ""
    heading = element("h2", section, f"{version.label}{state}")
    heading.set("data-version", version.id)
    facts = element("p", section, class_="policy-version__facts")
    if version.released:
        link = element("a", facts, "Read this version", href=ctx.version_url(ident, version.id))
        link.tail = as_text(f" · version {version.id}, content {version.hash}")
    else:
        link = element("a", facts, "Read the current policy", href=ctx.policy_url(ident, ""))
        link.tail = as_text(" · not yet released as a version")
    if previous is None:
        element("p", section, "The first published version of this policy.")
        return
    element("h3", section, f"What changed since {previous.label}")
    _render_changes(section, diff_of(previous.policy, version.policy), version, ctx)


def _render_changes(section: etree.Element, diff: PolicyDiff, version: Version, ctx: Context) -> None:
    old, new = diff.old, diff.new
    items: list[Callable[[etree.Element], None]] = [
        partial(_text_change, kind="Clause", change=c, version=version, ctx=ctx) for c in diff.clauses
    ]
    items += [partial(_text_change, kind="Action", change=c, version=None, ctx=ctx) for c in diff.actions]
    lines = [f"New question: {new.question_index[q].prompt}" for q in diff.questions_added]
    lines += [f"Question no longer asked: {old.question_index[q].prompt}" for q in diff.questions_removed]
    lines += [f"New answer to “{new.question_index[q].prompt}”: {answer_label(new, q, a)}" for q, a in diff.answers_added]
    lines += [
        f"Answer no longer offered to “{old.question_index[q].prompt}”: {answer_label(old, q, a)}"
        for q, a in diff.answers_removed
    ]
    lines += [f"Date rule: {rule}" for rule in diff.rules]
    items += [partial(_line, text=line) for line in lines]
    if items:
        listing = element("ul", section, class_="policy-version__changes")
        for item in items:
            item(element("li", listing))
    verdicts = element("p", section, class_="policy-version__verdicts")
    if not diff.cases.changes and not diff.cases.new and not diff.cases.gone:
        verdicts.text = as_text(
            "No situation is decided differently." if items else "Only the date changed: no text, no verdict."
        )
        return
    verdicts.text = as_text(_in_words(diff))
    moves = moved_classes(diff)
    if moves:
        listing = element("ul", section, class_="policy-version__moves")
        for (question_id, was, now), count in moves.items():
            question, before = new.question_index[question_id], old.question_index.get(question_id)
            was_label = answer_label(old, question_id, was) if before else was
            element(
                "li",
                listing,
                f"“{question.prompt}”: some dates that were “{was_label}” are now “{answer_label(new, question_id, now)}” "
                f"({count} of the situations that changed)",
            )
    for (was, now), changes in diff.groups():
        group = element("details", section, class_="policy-version__group")
        element("summary", group, f"{len(changes)}: {was} → {now}")
        examples = element("ul", group)
        for change in changes[:EXAMPLES]:
            answers = "; ".join(f"{new.question_index[q].label}: {answer_label(new, q, a)}" for q, a in change.new_answers)
            element("li", examples, answers)


def _in_words(diff: PolicyDiff) -> str:
    changed, compared = len(diff.cases.changes), diff.cases.compared
    words = f"The verdict changes in {changed} of the {compared} situations compared."
    if diff.cases.new:
        words += f" {len(diff.cases.new)} situations are new."
    if diff.cases.gone:
        words += f" {len(diff.cases.gone)} situations no longer arise."
    return words


def _line(li: etree.Element, *, text: str) -> None:
    li.text = as_text(text)


def _text_change(li: etree.Element, *, kind: str, change: TextChange, version: Version | None, ctx: Context) -> None:
    """``Clause reworded: overview.renewal: Renew within ~~30~~ 60 days``, linked to the clause in that version."""
    verb = "added" if change.old is None else "removed" if change.new is None else "reworded"
    li.text = as_text(f"{kind} {verb}: ")
    if version is not None and change.new is not None and version.released:
        name = element("a", li, change.id, href=f"{ctx.version_url(version.policy.id, version.id)}#{change.id}")
    else:
        name = element("code", li, change.id)
    name.tail = as_text(": ")
    quote = element("span", li, class_="policy-version__words")
    if not change.words:
        quote.text = as_text(" ".join((change.new or change.old or "").split()))
        return
    last: etree.Element | None = None
    for op, text in change.words:
        piece = re.sub(r"\s+", " ", text)
        if op == "=":
            if last is None:
                quote.text = as_text((quote.text or "") + piece)
            else:
                last.tail = as_text((last.tail or "") + piece)
            continue
        if op == "+" and last is not None and last.tag == "del" and not last.tail:
            last.tail = " "  # "nominal yearly", not "nominalyearly", where a word is replaced
        last = element("del" if op == "-" else "ins", quote)
        # Screen readers do not announce <del> and <ins>: each says what it is.
        hidden = element("span", last, "removed: " if op == "-" else "added: ", class_="policy-visually-hidden")
        hidden.tail = as_text(piece)
