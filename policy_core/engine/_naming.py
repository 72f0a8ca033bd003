"""Clauses named in words, as the policy page shows them, for the verdict's reasons and the site's pages.

One place for both: the widget reads these words from the checker's reply, the site writes them
into its pages, so a clause is called the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._model import Clause, Policy


def _place(policy: Policy, clause: Clause) -> tuple[str, int | None]:
    """The title of the clause's section, and its place there (``None`` when it is the section's only clause)."""
    for section in policy.sections:
        ids = [c.id for c in section.clauses]
        if clause.id in ids:
            return section.title, (ids.index(clause.id) + 1 if len(ids) > 1 else None)
    return clause.section_title, None


def clause_name(policy: Policy, clause: Clause) -> str:
    """A clause named as the policy page shows it: ``“Who can file” clause 2`` (its section's title, its place
    there), or ``“Who can file” clause`` in a section of one clause. No two clauses of a policy share a name.
    """
    title, place = _place(policy, clause)
    return f"“{title}” clause" if place is None else f"“{title}” clause {place}"


def cited_clauses(policy: Policy, clauses: Sequence[Clause]) -> list[str | dict[str, str]]:
    """The clauses named in words, each once and grouped by section, to follow "Because of the policy's ".

    Text pieces and links: ``{"clause": id, "text": ..., "context": ...}``, where ``context`` is
    said only to assistive technology (a visually hidden part of the link), so that every link's
    name is the clause's own: ``“Who can file” clause 2 and clause 3`` (`` of “Who can file”``).
    The site's pages word clauses alike (``site/render.py``).
    """
    groups: dict[str, list[Clause]] = {}
    for clause in dict.fromkeys(clauses):
        groups.setdefault(clause.section, []).append(clause)
    phrases = []
    for members in groups.values():
        links: list[str | dict[str, str]] = [{"clause": members[0].id, "text": clause_name(policy, members[0]), "context": ""}]
        for clause in members[1:]:
            title, place = _place(policy, clause)
            links.append({"clause": clause.id, "text": f"clause {place}", "context": f" of “{title}”"})
        phrases.append(_joined(links))
    return _joined(phrases, serial=any(len(members) > 1 for members in groups.values()))


def _joined(items: Sequence[Any], *, serial: bool = False) -> list[Any]:
    """Items (or lists of pieces) joined as a sentence lists them: "a and b", "a, b and c" ("a, and b" with ``serial``)."""
    out: list[Any] = []
    for index, item in enumerate(items):
        if index:
            last = index == len(items) - 1
            out.append((", and " if serial else " and ") if last else ", ")
        out.extend(item if isinstance(item, list) else [item])
    return out
