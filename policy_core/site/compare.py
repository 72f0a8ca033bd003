"""The comparison page: policies side by side, every section, rows lined up by topic.

Rows are grouped by section kind (overview, terms, supported, not supported); a row whose
clauses sit in sections of different kinds goes in the group of its first clause.

A row is "the same" only when the texts agree word for word, leaving out punctuation, case and
the vendor's own name ("the Alurian website" and "the Interspire website." agree). Otherwise it
says that they differ, and marks in each text the words the other policies do not have.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence

from ..engine import Clause, Policy
from .render import Context, as_text, element

KIND_TITLES = {
    "overview": "Overview",
    "terms": "Terms",
    "supported": "What is supported",
    "not-supported": "What is not supported",
}
SUMMARY_ROWS = (
    ("Support period", "period"),
    ("Renewal", "renewal"),
    ("Channel", "channel"),
    ("Who can file", "eligibility"),
    ("Partners", "partners"),
)
# Markdown a clause may hold, reduced to its words for comparing: [text](url), emphasis, code.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]+")


def render_comparison(policies: Sequence[Policy], ctx: Context) -> etree.Element:
    """The policies side by side: the summary facts, then every section kind, clause by clause."""
    root = element("div", class_="policy-compare")
    element("h2", root, "At a glance", id="at-a-glance")
    body = _table(root, "policy-compare__facts", "", policies)
    for label, field in SUMMARY_ROWS:
        values: list[str | None] = [getattr(policy.summary, field) for policy in policies]
        if all(value is None for value in values):
            continue  # no policy states it (partners): no row
        row = element("tr", body)
        element("th", row, label, scope="row")
        for value in values:
            if value is None:  # stated by another policy, not this one: a dash, read out in words
                cell = element("td", row, "—", class_="policy-compare__absent")
                element("span", cell, " not stated", class_="policy-visually-hidden")
            else:
                element("td", row, value)
    by_policy = [{c.row: (s.kind, c) for s in p.sections for c in s.clauses} for p in policies]
    # A row goes in the group where its first clause is: Alurian's support period is an overview
    # clause and Interspire's a term, and with one topic they share one row.
    placed: dict[str, str] = {}
    for located in by_policy:
        for key, (kind, _) in located.items():
            placed.setdefault(key, kind)
    clauses = [{key: clause for key, (_, clause) in located.items()} for located in by_policy]
    for kind in KIND_TITLES:
        rows = [key for key, where in placed.items() if where == kind]
        _compare_rows(root, policies, clauses, rows=rows, kind=kind, ctx=ctx)
    return root


def _table(parent: etree.Element, wrapper_class: str, corner: str, policies: Sequence[Policy]) -> etree.Element:
    # Material styles only tables without a class, so classes go on a wrapper.
    table = element("table", element("div", parent, class_=wrapper_class))
    head = element("tr", element("thead", table))
    element("th", head, corner, scope="col")
    for policy in policies:
        element("th", head, policy.vendor, scope="col")
    return element("tbody", table)


def words(text: str) -> list[str]:
    """The words of a clause, without its Markdown."""
    return _MARKUP.sub("", _LINK.sub(r"\1", text)).split()


def _keys(clause: Clause, vendor: str) -> list[str]:
    """What is compared of each word: no punctuation around it, no case, the vendor's name as one token."""
    keys = [word.strip(".,;:!?()\"'").casefold() for word in words(clause.text)]
    return ["\0vendor" if key == vendor.casefold() else key for key in keys]


def _compare_rows(
    root: etree.Element,
    policies: Sequence[Policy],
    by_policy: Sequence[Mapping[str, Clause]],
    *,
    rows: Sequence[str],
    kind: str,
    ctx: Context,
) -> None:
    if not rows:
        return
    element("h2", root, KIND_TITLES[kind], id=f"compare-{kind}")
    body = _table(root, f"policy-compare__clauses policy-compare__clauses--{kind}", "In", policies)
    everyone = "Both" if len(policies) == 2 else "All"
    for key in rows:
        present = [clauses.get(key) for clauses in by_policy]
        keyed = [_keys(c, p.vendor) if c else [] for p, c in zip(policies, present, strict=True)]
        texts = {tuple(k) for k, c in zip(keyed, present, strict=True) if c}
        if None in present:
            label = "Only " + ", ".join(p.vendor for p, c in zip(policies, present, strict=True) if c)
        else:
            label = everyone if len(texts) == 1 else "Differs"
        differs = label != everyone
        row = element("tr", body, class_="policy-compare__row" + (" policy-compare__row--differs" if differs else ""))
        element("th", row, label, scope="row")
        for index, (policy, clause) in enumerate(zip(policies, present, strict=True)):
            cell = element("td", row)
            if clause is None:
                element("span", cell, "Not in this policy", class_="policy-compare__absent")
                continue
            others = [k for i, k in enumerate(keyed) if present[i] is not None and i != index]
            if label == "Differs":
                _marked_words(element("p", cell, class_="policy-compare__text"), words(clause.text), keyed[index], others)
            else:
                element("div", cell, ctx.markdown(clause.text))
            element(
                "a",
                cell,
                "View clause",
                href=ctx.policy_url(policy.id, clause.id),
                class_="policy-compare__link",
                aria_label=f"View clause {clause.id} of {policy.vendor}",
            )


def _marked_words(holder: etree.Element, own: list[str], keys: list[str], others: Sequence[list[str]]) -> None:
    """The words ``own``, with those that no other text has in that place in ``<mark>`` (compared by ``keys``)."""
    kept = [False] * len(own)
    for other in others:
        matcher = difflib.SequenceMatcher(a=keys, b=other, autojunk=False)
        for block in matcher.get_matching_blocks():
            for i in range(block.a, block.a + block.size):
                kept[i] = True
    last: etree.Element | None = None
    for i, (word, same) in enumerate(zip(own, kept, strict=True)):
        piece = word if i == 0 else f" {word}"
        if same:
            if last is None:
                holder.text = as_text((holder.text or "") + piece)
            else:
                last.tail = as_text((last.tail or "") + piece)
            continue
        if last is not None and last.tag == "mark" and not last.tail:
            last.text = as_text(f"{last.text}{piece}")
            continue
        if piece.startswith(" "):  # the space stays outside the mark
            if last is None:
                holder.text = as_text((holder.text or "") + " ")
            else:
                last.tail = as_text((last.tail or "") + " ")
        last = element("mark", holder, word)
