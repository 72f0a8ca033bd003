"""Policy pages as element trees: summary box, sections and clauses with stable anchors.

The renderer only lays out what the policy data says. Markdown text arrives already turned
into sanitised HTML through the ``Context`` (the extension renders it with the page's own
Markdown extensions).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown.util import AtomicString

from ..engine import Clause, Outcome, Policy, Section, cited_clauses, human_date

SECTION_LABELS = {"supported": "Supported", "not-supported": "Not supported"}
# Material Design Icons (Apache 2.0), inlined so that the page requests nothing.
ICONS = {
    "supported": "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8z",
    "not-supported": "M12 2c5.53 0 10 4.47 10 10s-4.47 10-10 10S2 17.53 2 12 6.47 2 12 2m3.59 5L12 10.59 8.41 7 7 8.41 "
    "10.59 12 7 15.59 8.41 17 12 13.41 15.59 17 17 15.59 13.41 12 17 8.41z",
    # Supported once the customer acts (the verdict's tone "conditional"): an arrow, for the step to take first.
    "conditional": "M22 12a10 10 0 0 1-10 10A10 10 0 0 1 2 12 10 10 0 0 1 12 2a10 10 0 0 1 10 10M6 13h8l-3.5 3.5 1.42 1.42"
    "L17.84 12l-5.92-5.92L10.5 7.5 14 11H6z",
    "action-required": "M13 13h-2V7h2m0 10h-2v-2h2M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2",
    "review": "M15.07 11.25l-.9.92C13.45 12.89 13 13.5 13 15h-2v-.5c0-1.11.45-2.11 1.17-2.83l1.24-1.26c.37-.36.59-.86.59-1.41"
    "a2 2 0 0 0-2-2 2 2 0 0 0-2 2H8a4 4 0 0 1 4-4 4 4 0 0 1 4 4 3.2 3.2 0 0 1-.93 2.25M13 19h-2v-2h2M12 2A10 10 0 0 0 2 12"
    "a10 10 0 0 0 10 10 10 10 0 0 0 10-10c0-5.53-4.5-10-10-10",
    "info": "M13 9h-2V7h2m0 10h-2v-6h2m-1-9A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2",
}
OUTCOME_ICONS = {
    Outcome.SUPPORTED: "supported",
    Outcome.NOT_SUPPORTED: "not-supported",
    Outcome.REVIEW: "review",
}


@dataclass(frozen=True)
class Context:
    """What the renderer needs from the Markdown side."""

    markdown: Callable[[str], str]
    """Render Markdown text to a placeholder for its sanitised HTML (once per text in a block)."""
    policy_url: Callable[[str, str], str]
    """The link to a policy's page (by id), with an optional fragment."""
    check_url: Callable[[str], str]
    """The link to a policy's self-check page (by id)."""
    cases_url: Callable[[str], str]
    """The link to a policy's table of all cases (by id)."""
    tree_url: Callable[[str], str]
    """The link to a policy's self-check without JavaScript, as a tree of questions (by id)."""
    history_url: Callable[[str], str]
    """The link to a policy's version history (by id)."""
    version_url: Callable[[str, str], str]
    """The link to a released version's page (by policy id and version id, ``2026-11-23``)."""
    check_link: Callable[[str], str] = lambda ident: "../check/"
    """A policy's self-check page as a built URL from this page (``../check/``), for a link with a share link's fragment."""
    raw: Callable[[etree.Element], str] = lambda node: etree.tostring(node, encoding="unicode")
    """An element passed through as HTML, as the page's Markdown stashes it: MkDocs would check the
    link of ``check.md#check:…`` as an anchor of that page, and fail the strict build."""
    check_address: Callable[[str], str] = lambda ident: f"/{ident}/check/"
    """A policy's self-check page as text that leaves the site (a share link in a summary): absolute where it can be."""
    policy_address: Callable[[str], str] = lambda ident: f"/{ident}/"
    """A policy's page as text that leaves the site (the clauses' links in a summary)."""


def as_text(value: str) -> str:
    """Policy text as text: the page's Markdown must not read it again.

    Element text in a Markdown tree goes through the page's inline patterns, which would turn
    ``<img onerror=...>`` in a plain title back into raw HTML. Markdown leaves an ``AtomicString``
    alone; the serialiser still escapes it.
    """
    # The site's attr_list reads `{: ... }` at the end of a block's text (or the start of a tail)
    # even so; an invisible zero-width space after (or before) the braces keeps it literal.
    if value.rstrip().endswith("}"):
        value += "\u200b"
    if value.lstrip().startswith("{"):
        value = "\u200b" + value
    return AtomicString(value)


def element(tag: str, parent: etree.Element | None = None, text: str | None = None, **attrs: str) -> etree.Element:
    """Create an element (``class_`` stands for ``class``) and attach it to ``parent``; its text is kept as text."""
    attributes = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
    node = etree.Element(tag, attributes) if parent is None else etree.SubElement(parent, tag, attributes)
    if text is not None:
        node.text = as_text(text)
    return node


def icon(parent: etree.Element, name: str) -> etree.Element:
    """An inline SVG icon; decorative, so hidden from assistive technology."""
    span = element("span", parent, class_=f"policy-icon policy-icon--{name}", aria_hidden="true")
    svg = element("svg", span, xmlns="http://www.w3.org/2000/svg", viewBox="0 0 24 24", width="24", height="24")
    element("path", svg, d=ICONS[name])
    return span


def cite(parent: etree.Element, policy: Policy, clauses: Sequence[Clause], ctx: Context) -> None:
    """Append the clauses in words to ``parent``, each a link to the clause (see ``cited_clauses``)."""
    last: etree.Element | None = None
    for piece in cited_clauses(policy, clauses):
        if isinstance(piece, str):
            if last is None:
                parent.text = as_text((parent.text or "") + piece)
            else:
                last.tail = as_text((last.tail or "") + piece)
            continue
        last = element("a", parent, piece["text"], href=ctx.policy_url(policy.id, piece["clause"]), data_clause=piece["clause"])
        if piece["context"]:
            element("span", last, piece["context"], class_="policy-visually-hidden")


def render_policy(policy: Policy, ctx: Context, *, current: bool = True) -> etree.Element:
    """The whole policy: summary box, then every section in order, then the closing.

    ``current=False`` renders a released version that is no longer (or not only) the current one:
    its box says which version it is and leads to the current policy instead of the self-check.
    """
    root = element("div", class_="policy", data_policy=policy.id)
    root.append(render_summary(policy, ctx, current=current))
    for section in policy.sections:
        render_section(root, section, ctx)
    if policy.closing:
        element("div", root, ctx.markdown(policy.closing), class_="policy-closing")
    return root


def render_summary(policy: Policy, ctx: Context, *, current: bool = True) -> etree.Element:
    """The summary box: period, renewal, channel, eligibility, the partner rule if there is one, last update."""
    box = element("div", class_="admonition info policy-summary")
    element("p", box, "At a glance", class_="admonition-title")
    facts = element("dl", box, class_="policy-summary__facts")
    summary = policy.summary
    rows = [
        ("Support period", summary.period),
        ("Renewal", summary.renewal),
        ("Channel", summary.channel),
        ("Who can file", summary.eligibility),
        ("Partners", summary.partners),
    ]
    for term, value in rows:
        if value is None:  # a fact the policy does not state (partners) has no row: nothing to read past
            continue
        element("dt", facts, term)
        element("dd", facts, value)
    updated = element("p", box, "Last updated: " if current else "The version of ", class_="policy-summary__updated")
    date = element("time", updated, human_date(policy.updated), datetime=policy.updated.isoformat())
    date.tail = as_text(". ")
    element("a", updated, "Version history", href=ctx.history_url(policy.id))
    action = element("p", box, class_="policy-summary__check")
    button = "md-button md-button--primary"
    if current:
        element("a", action, "Check whether your issue is supported", href=ctx.check_url(policy.id), class_=button)
    else:
        element("a", action, "Read the current policy", href=ctx.policy_url(policy.id, ""), class_=button)
    return box


def render_section(parent: etree.Element, section: Section, ctx: Context) -> etree.Element:
    """A section: its heading, then its clauses (paragraphs for an overview, a list otherwise)."""
    wrapper = element("section", parent, class_=f"policy-section policy-section--{section.kind}")
    heading = element("h2", wrapper, id=section.id)
    if section.kind in SECTION_LABELS:
        icon(heading, section.kind)
        label = element("span", heading, SECTION_LABELS[section.kind], class_="policy-kind-label")
        element("span", label, ": ", class_="policy-visually-hidden")  # read as "Supported: What is Supported?"
        label.tail = as_text(section.title)
    else:
        heading.text = as_text(section.title)
    container = wrapper if section.kind == "overview" else element("ul", wrapper, class_="policy-clauses")
    for clause in section.clauses:
        render_clause(container, clause, section.kind, ctx)
    return wrapper


def render_clause(parent: etree.Element, clause: Clause, kind: str, ctx: Context) -> etree.Element:
    """One clause with its stable anchor and a permalink."""
    tag = "div" if kind == "overview" else "li"
    node = element(tag, parent, class_=f"policy-clause policy-clause--{kind}", data_clause=clause.id, id=clause.id)
    if kind in SECTION_LABELS:
        icon(node, kind)
        element("span", node, f"{SECTION_LABELS[kind]}: ", class_="policy-visually-hidden")
    element("div", node, ctx.markdown(clause.text), class_="policy-clause__text")
    element(
        "a",
        node,
        "¶",
        href=f"#{clause.id}",
        class_="policy-clause__permalink",
        title="Link to this clause",
        aria_label=f"Link to clause {clause.id}",
    )
    return node
