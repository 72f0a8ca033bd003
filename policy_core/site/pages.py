"""The pages each policy file gives a site, so that a writer adds one file and nothing else.

For ``docs/policies/<id>.yml`` a site gets ``<id>/index.md`` (the policy), ``<id>/check.md``
(the self-check), ``<id>/cases.md`` (every case) and ``<id>/flow.md`` (the question flow, for
writers). Each is a short Markdown page of policy blocks; a page the writer has put there by hand
is kept instead. The MkDocs plugin adds these pages to the build, and places them in an explicit
``nav:`` (see ``place_in_nav``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..engine import Policy

#: The ``nav:`` entry a writer puts where the policies' pages belong, e.g. ``- Support policies: policies/``.
NAV_MARKER = "policies/"


@dataclass(frozen=True)
class Named:
    """What a policy's pages are named after."""

    id: str
    title: str
    vendor: str

    @classmethod
    def of(cls, policy: Policy) -> Named:
        return cls(id=policy.id, title=policy.title, vendor=policy.vendor)

    @classmethod
    def unreadable(cls, ident: str) -> Named:
        """A policy whose file has mistakes and no last good version (in the preview): named after its file."""
        return cls(id=ident, title=f"The {ident} policy", vendor=ident)


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from a policy: where it goes in the docs folder, its nav label and its Markdown."""

    path: str
    nav_label: str | None
    """``None`` for a page linked from the others but not listed in the nav."""
    markdown: str


# What Markdown reads as markup, and can escape with a backslash. `<` and `&` it cannot: they
# become entities instead.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|-])")


def _md(value: str) -> str:
    """Policy text as Markdown that reads it literally: no markup, no link, no raw HTML, no attributes."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(value, quote=False))


def _front_matter(title: str, *, for_search: bool, toc: bool = False) -> str:
    # The nav labels ("Policy", "Check your issue") are the same for every vendor; the browser tab
    # and search results need the vendor's name, so each page states its own title.
    # A JSON string is a YAML string; the theme prints the title as HTML, so it is escaped.
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    # Pages of answers and options (the check page's radio labels, the cases table) would outrank
    # the clauses themselves in search results, so only the policy page is searched.
    if not for_search:
        lines += [*(() if toc else ("hide:", "  - toc")), "search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", ""])


def _page(
    ident: str, page: str, nav_label: str | None, *, title: str, searched: bool, heading: str, intro: str, block: str
) -> GeneratedPage:
    """One generated page: front matter, a heading, an introduction (Markdown), then the policy block."""
    text = f"{intro}\n\n" if intro else ""
    markdown = f"{_front_matter(title, for_search=searched)}# {heading}\n\n{text}/// {block} | {ident}\n///\n"
    return GeneratedPage(path=f"{ident}/{page}", nav_label=nav_label, markdown=markdown)


def policy_pages(policy: Policy | Named) -> list[GeneratedPage]:
    """The policy page, the check page, the all-cases page and the question flow of one policy, in nav order."""
    name, title, ident, vendor = _md(policy.vendor), _md(policy.title), policy.id, policy.vendor
    return [
        _page(ident, "index.md", "Policy", title=policy.title, searched=True, heading=title, intro="", block="policy"),
        _page(
            ident,
            "check.md",
            "Check your issue",
            title=f"Check your issue: {vendor}",
            searched=False,
            heading=f"Check your issue against the {name} policy",
            intro=(
                "Answer a few questions to learn whether your issue is covered by the\n"
                f"[{title}](index.md), which clauses decide it, and what to do next.\n"
                "Every combination of answers is also listed in [all cases](cases.md)."
            ),
            block="policy-check",
        ),
        _page(
            ident,
            "questions.md",
            None,  # reached from the check page when it cannot run its script
            title=f"Check your issue step by step: {vendor}",
            searched=False,
            heading=f"Check your issue against the {name} policy, step by step",
            intro=(
                "The same questions as the [self-check](check.md), on a page that needs no JavaScript. Open the\n"
                "answer that fits: the next question appears inside it, until you reach the verdict, the\n"
                f"clauses of the [{title}](index.md) that decide it, what to do next, and what to send support."
            ),
            block="policy-tree",
        ),
        _page(
            ident,
            "cases.md",
            "All cases",
            title=f"All cases: {vendor}",
            searched=False,
            heading=f"All cases of the {name} policy",
            intro=(
                "Every combination of answers to the [self-check](check.md) and its verdict, straight from the\n"
                f"[{title}](index.md). This table needs no JavaScript. Writers: see also\n"
                "[how the questions lead to each other](flow.md)."
            ),
            block="policy-cases",
        ),
        _page(
            ident,
            "history.md",
            "Version history",
            title=f"Version history: {policy.title}",
            searched=False,
            heading=f"Version history of the {title}",
            intro="",
            block="policy-history",
        ),
        _page(
            ident,
            "flow.md",
            "Question flow",
            title=f"Question flow: {vendor}",
            searched=False,
            heading=f"How the {name} questions flow",
            intro=(
                "For writers: each question of the [self-check](check.md), its answers, what each answer decides\n"
                "(a coloured dot: purple for review, red for not supported; `+` for an action it requires), and\n"
                "where it leads: the questions asked next in some case, or the verdict. It is drawn from\n"
                "[every case](cases.md), so it shows what the checker does with the file as written."
            ),
            block="policy-flow",
        ),
    ]


def version_page(policy: Policy | Named, version: str, label: str) -> GeneratedPage:
    """The page of a released version (``version`` its id, ``label`` its date in words), kept at a stable address."""
    title = _md(policy.title)
    intro = (
        f"The {title} as published on {_md(label)}. It may have changed since: read the\n"
        "[current policy](../index.md), or see [what changed](../history.md)."
    )
    markdown = f"{_front_matter(f'{policy.title}, version of {label}', for_search=False, toc=True)}# {title}\n\n"
    markdown += f"{intro}\n\n/// policy | {policy.id}@{version}\n///\n"
    return GeneratedPage(path=f"{policy.id}/versions/{version}.md", nav_label=None, markdown=markdown)


def site_pages(
    policies: Iterable[Policy | Named], released: dict[str, list[tuple[str, str]]] | None = None
) -> list[GeneratedPage]:
    """Every generated page of every policy; ``released`` gives each policy's ``(version id, date in words)``."""
    pages = []
    for policy in policies:
        pages += policy_pages(policy)
        pages += [version_page(policy, version, label) for version, label in (released or {}).get(policy.id, [])]
    return pages


NavItem = Any  # MkDocs' nav: a list of strings and one-key mappings, nested


def policy_nav(policies: Sequence[Policy | Named]) -> list[NavItem]:
    """One nav section per policy, named after its vendor, with its pages."""
    return [
        # The theme prints nav titles as HTML.
        {html.escape(policy.vendor): [{page.nav_label: page.path} for page in policy_pages(policy) if page.nav_label]}
        for policy in policies
    ]


def place_in_nav(nav: list[NavItem], policies: Sequence[Policy | Named]) -> list[NavItem]:
    """An explicit ``nav:`` with a section for each policy whose pages it does not list yet.

    The sections go where the nav holds the marker: ``- policies/`` puts them at that level,
    ``- Support policies: policies/`` in a section of that name. Without a marker they go at the end.
    """
    listed = set(_paths(nav))
    missing = [p for p in policies if not listed & {page.path for page in policy_pages(p)}]
    expanded, found = _expand(nav, missing)
    return expanded if found else [*expanded, *policy_nav(missing)]


def _paths(items: Any) -> Iterable[str]:
    if isinstance(items, str):
        yield items
    elif isinstance(items, list):
        for item in items:
            yield from _paths(item)
    elif isinstance(items, dict):
        for value in items.values():
            yield from _paths(value)


def _expand(nav: list[NavItem], policies: Sequence[Policy | Named]) -> tuple[list[NavItem], bool]:
    found = False

    def walk(items: list[NavItem]) -> list[NavItem]:
        nonlocal found
        out: list[NavItem] = []
        for item in items:
            if item == NAV_MARKER:
                found = True
                out += policy_nav(policies)
            elif isinstance(item, dict) and len(item) == 1:
                ((title, value),) = item.items()
                if value == NAV_MARKER:
                    found = True
                    out.append({title: policy_nav(policies)})
                else:
                    out.append({title: walk(value)} if isinstance(value, list) else item)
            else:
                out.append(item)
        return out

    return walk(nav), found
