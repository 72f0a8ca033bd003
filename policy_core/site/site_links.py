"""Links from policy text to other pages of the site: resolved where the text is shown, and checked.

A writer links from a policy file as from any page, relative to the file: in
``docs/policies/acme.yml``, ``[the guide](../writers-guide.md)``. The same text appears on several
pages (the policy, the check page, the comparison, the widget's quotes), so each place gets the
link relative to itself; a link to no page of the site is a located mistake, like any other.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..engine import Policy
from .text import site_links


def markdown_texts(policy: Policy) -> Iterator[str]:
    """Every piece of Markdown in a policy: clauses, the closing, help, steps and actions."""
    yield from (clause.text for clause in policy.clauses.values())
    if policy.closing:
        yield policy.closing
    for question in policy.questions:
        if question.help:
            yield question.help
        for option in question.options:
            yield from option.steps
    for steps in policy.next_steps.values():
        yield from steps
    yield from (action.text for action in policy.actions)


def page_urls(files: Iterable[Any]) -> dict[str, str]:
    """Each page of the site by its source path in the docs (MkDocs' ``Files``)."""
    return {f.src_uri: f.url for f in files if f.is_documentation_page()}


def directory_url(source: str) -> str:
    """A page's URL as directory URLs write it, from its source path: ``interspire/check.md`` is ``interspire/check/``."""
    stem = source.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    return f"{folder}/" if name in ("index", "README") and folder else ("" if name in ("index", "README") else f"{stem}/")


def folder_in_docs(folder: Path, docs_dir: str | Path) -> str:
    """Where the policy folder stands, from the docs folder (``policies``; ``../policies`` outside it)."""
    return Path(os.path.relpath(folder.resolve(), Path(docs_dir).resolve())).as_posix()


def resolver(folder_in_docs: str, urls: Mapping[str, str], from_url: str) -> Callable[[str], str | None]:
    """For text shown at ``from_url``: a written link's URL, or ``None`` if it leads to no page."""

    def resolve(href: str) -> str | None:
        url = urls.get(posixpath.normpath(posixpath.join(folder_in_docs, href)))
        return None if url is None else relative_url(url, from_url)

    return resolve


def relative_url(url: str, from_url: str) -> str:
    """A site path (``interspire/``) as a link from the page at ``from_url`` (``interspire/check/``): ``../``."""
    start = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    relative = posixpath.relpath(url or ".", start or ".")
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


def source_urls(sources: Iterable[str], *, directory_urls: bool = True) -> dict[str, str]:
    """Each page's URL by its source path, as a builder makes them (directory URLs: Zensical's and MkDocs' default)."""
    if not directory_urls:
        return {source: source.removesuffix(".md") + ".html" for source in sources}
    urls = {}
    for source in sources:
        stem = source.removesuffix(".md")
        urls[source] = "" if stem == "index" else stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"
    return urls


def broken_links(policy: Policy, source: Path, folder_in_docs: str, urls: Mapping[str, str], *, shown_as: str) -> list[str]:
    """``file:line:col: message`` for each link of ``policy`` (read from ``source``, named ``shown_as``) to no page."""
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    found = []
    for href in dict.fromkeys(href for piece in markdown_texts(policy) for href in site_links(piece)):
        target = posixpath.normpath(posixpath.join(folder_in_docs, href))
        if urls.get(target) is None:
            line, column = _where(text, href)
            found.append(f"{shown_as}:{line}:{column}: the link '{href}' leads to {target}, which is not a page of this site")
    return found


def _where(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    return 1, 1
