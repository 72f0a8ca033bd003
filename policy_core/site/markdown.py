"""The Python-Markdown extension: ``/// policy | interspire`` and its sibling blocks.

Blocks (the argument names policies by id; ``#section`` picks one section):

- ``/// policy | ID``: the whole policy (summary box, sections, closing); ``ID@2026-11-23`` a released version
- ``/// policy-history | ID``: every released version, newest first, and what each changed
- ``/// policy-summary | ID`` and ``/// policy-section | ID#SECTION``
- ``/// policy-check | ID``: the self-check questionnaire (static form, enhanced by the widget)
- ``/// policy-cases | ID``: every case and its verdict (its own page: the table is large)
- ``/// policy-index``: a card per policy;  ``/// policy-compare | ID ID ...``: side by side

Register it as ``policy_core.site.markdown`` with the option ``policies`` (the policy folder).
"""

from __future__ import annotations

import logging
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from ..engine import InvalidPolicyError, Policy, did_you_mean, question_flow
from ..versions import Version, find_version
from . import compare, flow, form, history, render, store, tables, tree
from .page_lint import line_of
from .site_links import directory_url, folder_in_docs, page_urls, relative_url, resolver
from .text import render_text

# Not under "mkdocs": the plugin collects these, adds the page and line, and logs them itself.
# Without the plugin, Python's last-resort handler prints them to stderr.
log = logging.getLogger("policy_core.blocks")
EXTENSION = "policy_core.site.markdown"
EXTENSION_NAMES = (EXTENSION, "policy_core", "policy")  # the module, and its Markdown entry points
log.propagate = False


class PolicyBlockError(ValueError):
    """A policy block that names something that does not exist."""


class _PolicyBlock(Block):
    """Shared behaviour: find the policies, render, and turn mistakes into visible errors."""

    ARGUMENT: ClassVar[bool | None] = True
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {}

    def on_markdown(self) -> str:
        return "block"

    def _folder(self) -> store.Folder:
        folder = store.read_folder(Path(self.config["policies"]))
        if folder.errors and not self.config["preview"]:  # `mkdocs serve` shows the last good versions instead
            raise InvalidPolicyError(folder.errors)
        return folder

    def policies(self) -> dict[str, Policy]:
        return self._folder().policies

    def policy(self, ident: str) -> Policy:
        """The policy named ``ID``, or its released version named ``ID@VERSION``."""
        ident, _, wanted = ident.partition("@")
        policy = self._current(ident.strip())
        if not wanted:
            return policy
        # Only released versions have pages: the current file may share a released date while its
        # edit is not yet released.
        shipped = [v for v in self.versions(policy) if v.released]
        version = find_version(shipped, wanted.strip())
        if version is None:
            known = ", ".join(v.id for v in shipped) or "none"
            raise PolicyBlockError(f"policy '{policy.id}' has no released version '{wanted}' (versions: {known})")
        return version.policy

    def versions(self, policy: Policy) -> list[Version]:
        return store.versions_of(Path(self.config["policies"]), policy)

    def _current(self, ident: str) -> Policy:
        folder = self._folder()
        policies = folder.policies
        if ident not in policies and ident in folder.broken:
            raise PolicyBlockError(f"the file of policy '{ident}' has mistakes, listed at the top of this page")
        if ident not in policies:
            known = ", ".join(sorted(policies)) or "none"
            raise PolicyBlockError(f"unknown policy '{ident}'{did_you_mean(ident, policies)} (policies: {known})")
        return policies[ident]

    def context(self) -> render.Context:
        config = self.config

        def page(option: str, **values: str) -> str:
            return relative_to_page(str(config[option]).format(**values), page_source(self.md))

        def policy_url(ident: str, fragment: str) -> str:
            url = page("policy_page", id=ident)
            return f"{url}#{fragment}" if fragment else url

        return render.Context(
            markdown=self._markdown,
            policy_url=policy_url,
            check_url=lambda ident: page("check_page", id=ident),
            cases_url=lambda ident: f"{page('cases_page', id=ident)}#cases-{ident}",
            tree_url=lambda ident: page("tree_page", id=ident),
            history_url=lambda ident: page("history_page", id=ident),
            version_url=lambda ident, version: page("version_page", id=ident, version=version),
            check_link=lambda ident: self._built_link("check_page", ident),
            raw=lambda node: self.md.htmlStash.store(etree.tostring(node, encoding="unicode", method="html")),
            check_address=lambda ident: self._address("check_page", ident),
            policy_address=lambda ident: self._address("policy_page", ident),
        )

    def _address(self, option: str, ident: str) -> str:
        """A page's address for text that leaves the site: from ``site_url`` where the builder has one, else from the root."""
        source = str(self.config[option]).format(id=ident).lstrip("/")
        site_url, urls = self._site()
        url = urls.get(source) or directory_url(source)
        return urljoin(site_url if site_url.endswith("/") else f"{site_url}/", url) if site_url else f"/{url}"

    def _built_link(self, option: str, ident: str) -> str:
        """A page's built URL as a link from the page being rendered (``../check/``), under MkDocs.

        Zensical turns a link to a ``.md`` page into its URL and checks no anchor, so there the
        page's source link serves (a built URL would be rewritten once more, as if it were a source path).
        """
        if "relpath" not in self.md.treeprocessors:
            return relative_to_page(str(self.config[option]).format(id=ident), page_source(self.md))
        _, urls = self._site()
        file = getattr(self.md.treeprocessors["relpath"], "file", None)
        source = str(self.config[option]).format(id=ident).lstrip("/")
        here_url = str(file.url) if file is not None else directory_url(page_source(self.md) or "")
        return relative_url(urls.get(source) or directory_url(source), here_url)

    def _site(self) -> tuple[str, dict[str, str]]:
        """The builder's ``site_url`` and its pages' URLs by source path (MkDocs; Zensical gives the first only)."""
        if "_site_cache" not in self.__dict__:
            site_url, urls = "", {}
            if "relpath" in self.md.treeprocessors:
                pages = self.md.treeprocessors["relpath"]
                config, files = getattr(pages, "config", None), getattr(pages, "files", None)
                site_url = str(getattr(config, "site_url", None) or "")
                urls = page_urls(files) if files is not None else {}
            elif "rendering_context" in self.md.preprocessors:
                config = getattr(self.md.preprocessors["rendering_context"], "config", None)
                site_url = str(config.get("site_url") or "") if isinstance(config, dict) else ""
            self._site_cache = (site_url, urls)
        return self._site_cache

    def _markdown(self, text: str) -> str:
        # A text recurs in a block (the same steps under many verdicts): rendered and stashed once.
        rendered: dict[str, str] = self.__dict__.setdefault("_rendered", {})
        if text not in rendered:
            rendered[text] = self.md.htmlStash.store(render_text(text, self._site_link()))
        return rendered[text]

    def _site_link(self) -> Callable[[str], str | None] | None:
        """Links from policy text to pages of the site, made relative to this page (under MkDocs).

        MkDocs gives each page's Markdown its own link processor, which knows the page and the
        site's files; elsewhere links stay as written. Worked out once per block.
        """
        if "_site_link_for_page" not in self.__dict__:
            self._site_link_for_page = self._page_resolver()
        return self._site_link_for_page

    def _page_resolver(self) -> Callable[[str], str | None] | None:
        if "relpath" not in self.md.treeprocessors:
            return self._zensical_resolver()
        pages = self.md.treeprocessors["relpath"]
        file, files, config = getattr(pages, "file", None), getattr(pages, "files", None), getattr(pages, "config", None)
        if file is None or files is None or config is None:
            return None
        folder = folder_in_docs(Path(str(self.config["policies"])), config.docs_dir)
        return resolver(folder, page_urls(files), file.url)

    def _zensical_resolver(self) -> Callable[[str], str | None] | None:
        """Under Zensical: each link made relative to the page (``policy-core site prepare`` checked that it leads to one)."""
        context = self.md.preprocessors["rendering_context"] if "rendering_context" in self.md.preprocessors else None  # noqa: SIM401 (a Registry has no get)
        config, source = getattr(context, "config", None), page_source(self.md)
        if not isinstance(config, dict) or not config.get("docs_dir") or source is None:
            return None
        folder = folder_in_docs(Path(str(self.config["policies"])), str(config["docs_dir"]))

        def resolve(href: str) -> str:
            return relative_to_page("/" + posixpath.normpath(posixpath.join(folder, href)), source)

        return resolve

    def on_create(self, parent: etree.Element) -> etree.Element:
        header = f"/// {self.NAME}" + (f" | {self.argument}" if self.argument else "")
        try:
            node = self.build((self.argument or "").strip())
        except (PolicyBlockError, InvalidPolicyError) as exc:
            if self.config["raise_errors"]:
                # Without the MkDocs plugin to collect it (under Zensical, say), a mistake stops the build.
                raise PolicyBlockError(_located(self.md, header, exc)) from None
            log.error("%s: %s", header, exc)
            node = render.element("div", class_="admonition failure policy-error")
            render.element("p", node, "Policy error", class_="admonition-title")
            render.element("p", node, f"{header}: {exc}")
        parent.append(node)
        return node

    def build(self, argument: str) -> etree.Element:
        raise NotImplementedError


class PolicyBlock(_PolicyBlock):
    NAME = "policy"

    def build(self, argument: str) -> etree.Element:
        return render.render_policy(self.policy(argument), self.context(), current="@" not in argument)


class HistoryBlock(_PolicyBlock):
    NAME = "policy-history"

    def build(self, argument: str) -> etree.Element:
        policy = self.policy(argument)
        feed_page = str(self.config["feed_page"]).format(id=policy.id)
        feed = relative_to_page(feed_page, page_source(self.md)) if feed_page else None
        return history.render_history(policy, self.versions(policy), store.diff_of, self.context(), feed)


class SummaryBlock(_PolicyBlock):
    NAME = "policy-summary"

    def build(self, argument: str) -> etree.Element:
        return render.render_summary(self.policy(argument), self.context())


class SectionBlock(_PolicyBlock):
    NAME = "policy-section"

    def build(self, argument: str) -> etree.Element:
        ident, _, section_id = argument.partition("#")
        policy = self.policy(ident.strip())
        sections = {s.id: s for s in policy.sections}
        if section_id not in sections:
            hint = did_you_mean(section_id, sections)
            raise PolicyBlockError(f"policy '{policy.id}' has no section '{section_id}'{hint} (write ID#SECTION)")
        holder = render.element("div", class_="policy", data_policy=policy.id)
        render.render_section(holder, sections[section_id], self.context())
        return holder


class CheckBlock(_PolicyBlock):
    NAME = "policy-check"

    def build(self, argument: str) -> etree.Element:
        policy = self.policy(argument)
        policy_json = str(self.config["policy_json"]).format(id=policy.id)
        return form.render_form(policy, self.context(), policy_json=policy_json, flow=question_flow(store.tree_of(policy)))


class CasesBlock(_PolicyBlock):
    NAME = "policy-cases"

    def build(self, argument: str) -> etree.Element:
        policy = self.policy(argument)
        return tables.render_cases(policy, store.cases_of(policy), self.context())


class FlowBlock(_PolicyBlock):
    NAME = "policy-flow"

    def build(self, argument: str) -> etree.Element:
        policy = self.policy(argument)
        return flow.render_flow(policy, store.cases_of(policy))


class TreeBlock(_PolicyBlock):
    NAME = "policy-tree"

    def build(self, argument: str) -> etree.Element:
        policy = self.policy(argument)
        return tree.render_tree(policy, store.tree_of(policy), self.context())


class IndexBlock(_PolicyBlock):
    NAME = "policy-index"
    ARGUMENT = None

    def build(self, argument: str) -> etree.Element:
        return tables.render_index(list(self.policies().values()), self.context())


class CompareBlock(_PolicyBlock):
    """``/// policy-compare`` compares every policy of the site; ``| a b`` only those named."""

    NAME = "policy-compare"
    ARGUMENT = None

    def build(self, argument: str) -> etree.Element:
        chosen = [self.policy(i) for i in argument.split()] if argument else list(self.policies().values())
        if len(chosen) < 2:
            if argument:
                raise PolicyBlockError("name at least two policies to compare")
            return render.element("p", None, "This site publishes one policy, so there is nothing to compare yet.")
        return compare.render_comparison(chosen, self.context())


BLOCKS = (
    PolicyBlock,
    HistoryBlock,
    SummaryBlock,
    SectionBlock,
    CheckBlock,
    CasesBlock,
    FlowBlock,
    TreeBlock,
    IndexBlock,
    CompareBlock,
)
BLOCK_NAMES = tuple(block.NAME for block in BLOCKS)


def page_source(md: Markdown) -> str | None:
    """The source path of the page being rendered (``interspire/check.md``), under MkDocs or Zensical."""
    if "relpath" in md.treeprocessors:  # MkDocs: its link processor knows the page
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None:
            return str(file.src_uri)
    if "rendering_context" in md.preprocessors:  # Zensical: its context holds the page
        page = getattr(md.preprocessors["rendering_context"], "page", None)
        if page is not None and getattr(page, "path", None):
            return str(page.path).replace("\\", "/")
    return None


def relative_to_page(target: str, source: str | None) -> str:
    """A link to ``/interspire/index.md`` (from the docs folder) as written on page ``source``: ``../index.md``.

    Both MkDocs and Zensical turn a relative link to a page's ``.md`` file into that page's URL,
    so the site needs no setting for absolute links. Without a known page the link stays as given.
    """
    if source is None or not target.startswith("/"):
        return target
    path, hash_mark, fragment = target[1:].partition("#")
    relative = posixpath.relpath(path, posixpath.dirname(source) or ".")
    return relative + hash_mark + fragment


def _located(md: Markdown, header: str, exc: Exception) -> str:
    """``page.md:LINE: /// policy | x: what is wrong``, as far as the page and line are known."""
    source = page_source(md)
    line = line_of(getattr(md, "policy_source", ""), header)
    where = ":".join(str(part) for part in (source, line) if part)
    return f"{where}: {header}: {exc}" if where else f"{header}: {exc}"


class _KeepSource(Preprocessor):
    """Keeps the page's Markdown as written, to name the line of a block with a mistake."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.policy_source = "\n".join(lines)  # type: ignore[attr-defined]
        return lines


class PolicyExtension(BlocksExtension):
    """Registers the policy blocks."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "policies": ["docs/policies", "The folder of policy files."],
            "policy_page": ["/{id}/index.md", "Link to a policy's page ({id} is the policy id)."],
            "check_page": ["/{id}/check.md", "Link to a policy's self-check page."],
            "cases_page": ["/{id}/cases.md", "Link to the page with a policy's table of all cases."],
            "tree_page": ["/{id}/questions.md", "Link to a policy's self-check without JavaScript, one question at a time."],
            "history_page": ["/{id}/history.md", "Link to a policy's version history."],
            "version_page": ["/{id}/versions/{version}.md", "Link to a released version ({version} is its date)."],
            "feed_page": ["/{id}/versions.atom", "Link to a policy's Atom feed of versions ('' when the site has none)."],
            "policy_json": ["{id}/policy.json", "Site path of a policy's compiled JSON."],
            "raise_errors": [
                True,
                "Stop the build at a block with a mistake (the MkDocs plugin turns this off: it collects them itself).",
            ],
            "preview": [
                False,
                "Show the last good version of a policy whose file has mistakes (set by the plugin in `mkdocs serve`).",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        md.preprocessors.register(_KeepSource(md), "policy_source", 100)
        for block in BLOCKS:
            block_mgr.register(block, self.getConfigs())


def makeExtension(**kwargs: Any) -> PolicyExtension:
    """Entry point for Python-Markdown."""
    return PolicyExtension(**kwargs)
