"""The thin MkDocs plugin: find the policies, publish their JSON and the widget, fail on authoring errors.

Everything a page shows comes from the Markdown extension; this plugin only does what needs
MkDocs: it validates every policy file before any page is built, adds each policy's pages
(``pages.py``) and their nav entries, adds ``<id>/policy.json`` and
the self-check runtime to the site, keeps the policy sources out of it, moves the theme's inline
scripts into files (so the site runs under a strict Content-Security-Policy), adds the runtime's
``prefetch.js`` to the pages that lead to a check page and, with ``offline: true``, writes each
policy's service worker (``ahead.py``), and watches the policy folder in ``mkdocs serve``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..runtime.build import RuntimeBuildError, precompress_site
from ..runtime.pyodide import PyodideMissingError
from . import ahead, duties
from .csp import icons_to_files, scripts_to_files
from .feed import site_url_problem
from .markdown import BLOCK_NAMES, EXTENSION, EXTENSION_NAMES
from .markdown import log as BLOCK_LOG
from .page_lint import line_of, page_mistakes
from .pages import place_in_nav, site_pages
from .privacy import outside_requests
from .search import add_to_search_index, clause_entries
from .site_links import broken_links, folder_in_docs, page_urls, resolver

log = logging.getLogger("mkdocs.plugins.policy_core")
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')


class PolicyPluginConfig(Config):
    policies = c.Type(str, default="docs/policies")
    """The folder of policy files, relative to mkdocs.yml."""
    pyodide = c.Type(str, default="")
    """The folder of the npm `pyodide` package; by default `node_modules/pyodide` beside mkdocs.yml,
    else the files `policy-core runtime install` fetched."""
    widget = c.Type(str, default="")
    """The widget's ES modules and stylesheet; by default the ones the package ships."""
    cache = c.Type(str, default="")
    """Where the built runtime is kept between builds; by default the user's cache folder."""
    local_site_url = c.Type(bool, default=False)
    """Accept a local `site_url` (a site served only on this machine) without a warning."""
    prefetch = c.Type(bool, default=True)
    """The home page and a policy's pages fetch the check page's runtime once idle, unless the browser saves data."""
    offline = c.Type(bool, default=False)
    """A service worker per policy folder keeps its pages and the runtime, so the check works offline after a visit."""


class _ErrorLog(logging.Handler):
    """Collects the errors of policy blocks, located at their page and line, and logs them so."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.page = "?"
        self.source = ""
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()  # "/// policy | acme: what is wrong"
        line = line_of(self.source, message.partition(": ")[0])
        self.report(f"{self.page}:{line}: {message}" if line else f"{self.page}: {message}")

    def report(self, located: str) -> None:
        self.errors.append(located)
        log.error(located)


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    """Publishes policies written in ``docs/policies`` (see the writer's guide)."""

    def __init__(self) -> None:
        self.folder = Path("docs/policies")
        self.source = duties.SiteSource(folder=self.folder)
        self.preview = False
        self.mistakes: list[str] = []
        self.base = Path()
        self.runtime = Path()
        self.block_errors = _ErrorLog()
        self.clause_html: dict[str, dict[str, str]] = {}  # policy id -> clause id -> its HTML
        self.policy_pages: dict[str, str] = {}  # policy id -> the site location of its page
        # One collector per plugin object (MkDocs keeps this one across a whole `mkdocs serve`).
        for stale in [h for h in BLOCK_LOG.handlers if isinstance(h, _ErrorLog)]:
            BLOCK_LOG.removeHandler(stale)
        BLOCK_LOG.addHandler(self.block_errors)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # In the preview a policy with mistakes must not stop the build: MkDocs would then hold
        # every request until a good save. The pages show the last good version under a list of
        # the mistakes instead; `mkdocs build` still fails.
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = self.base = Path(config.config_file_path or ".").resolve().parent
        self.folder = (base / self.config.policies).resolve()
        # The site may name the extension itself, by its module or its entry point: it is then
        # configured there, never registered twice (its blocks would collide).
        named = next((n for n in config.markdown_extensions if n in EXTENSION_NAMES), None)
        if named is None:
            config.markdown_extensions.append(named := EXTENSION)
        options = config.mdx_configs.setdefault(named, {})
        options.update(policies=str(self.folder), preview=self.preview, raise_errors=False)
        theme = {"name": config.theme.name, **dict(config.theme.items())}
        assets = [*config.extra_css, *config.extra_javascript]
        for leak in outside_requests(theme, config.plugins.keys(), config.extra, assets, config.repo_url):
            log.warning(f"the site would make requests outside its own origin: {leak}")
        if (problem := site_url_problem(config.site_url)) is not None:
            # Published with a local address, the feeds would lead nowhere: a warning, unless the
            # site says it is served only here (this repository's reference site, `bash .ci/serve`).
            (log.info if config.site_url and self.config.local_site_url else log.warning)(problem)
        if not config.site_url:
            options["feed_page"] = ""
        where = f"{duties.shown(str(config.config_file_path or 'mkdocs.yml'), base)}: plugins.policy"
        try:
            self.runtime = duties.site_runtime(
                base, pyodide=self.config.pyodide, widget=self.config.widget, cache=self.config.cache
            )
        except PyodideMissingError as exc:
            raise PluginError(f"{where}: {exc}") from None
        except RuntimeBuildError as exc:
            raise PluginError(f"{where}: the self-check runtime could not be built: {exc}") from None
        for note in duties.runtime_notes(self.runtime):
            log.info(note)
        wanted = {ahead.OFFLINE_WORKER: self.config.offline, ahead.PREFETCH: self.config.prefetch or self.config.offline}
        for name in (name for name, used in wanted.items() if used):
            if not (self.runtime / name).is_file():
                log.warning(f"{where}: the widget folder has no {name}, so the policy pages go without it")
        script = ExtraScriptValue(f"{self.asset_dir}/policy-check.js")
        script.type = "module"
        config.extra_javascript.append(script)
        config.extra_css.append(f"{self.asset_dir}/policy-check.css")
        config.extra_css.append(duties.PAGE_STYLES)
        return config

    @property
    def asset_dir(self) -> str:
        """Site path of the runtime; its name carries the content key, so browsers may cache it for good."""
        return f"assets/{self.runtime.name}"

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.block_errors.errors.clear()
        source = duties.read_site(self.folder, self.base)
        self.mistakes = source.mistakes
        if self.mistakes and not self.preview:
            raise PluginError("invalid policy files:\n" + "\n".join(self.mistakes))
        for mistake in self.mistakes:  # on every rebuild, so the terminal always shows where
            log.error(mistake)
        for warning in source.warnings:
            log.warning(warning)
        self.source = source
        if not source.named:
            raise PluginError(f"no policy files in {self.folder}")
        if config.nav is not None:  # read after this hook, when MkDocs builds the navigation
            config.nav = place_in_nav(config.nav, source.named)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        named = Path(os.path.abspath(self.base / self.config.policies))
        for file in list(files):
            # The sources (the site publishes the compiled JSON instead), by the name they have in
            # the folder as well as by where they lead: a link out of it is never copied.
            where = Path(os.path.abspath(file.abs_src_path or ""))
            if where.is_relative_to(named) or where.resolve().is_relative_to(self.folder):
                files.remove(file)
        self._add_pages(files, config)
        self.policy_pages = {}
        urls = page_urls(files)
        folder = folder_in_docs(self.folder, config.docs_dir)
        broken = []
        for policy in self.source.policies.values():
            source = self.folder / f"{policy.id}.yml"
            broken += broken_links(policy, source, folder, urls, shown_as=duties.shown(str(source), self.base))
        for mistake in broken:
            log.error(mistake)
        self.mistakes += broken  # in the preview, shown over every page with the others
        if broken and not self.preview:
            raise PluginError("links in policy files lead to no page:\n" + "\n".join(broken))
        for policy in self.source.policies.values():
            check_page = files.get_file_from_path(f"{policy.id}/check.md")
            # The widget quotes this HTML on the check page, so its links start from there.
            site_link = resolver(folder, urls, check_page.url) if check_page else None
            self.clause_html[policy.id] = duties.html_map(policy, site_link)["clauses"]
            version_page = partial(_version_path, files, policy.id)
            compiled = duties.compiled_files(policy, self.source.versions.get(policy.id, []), site_link, version_page)
            for name, content in compiled.items():
                files.append(File.generated(config, name, content=content))
        if config.site_url:
            feeds = duties.feed_files(self.source, config.site_url, partial(_version_path, files))
            for name, content in feeds.items():
                files.append(File.generated(config, name, content=content))
        files.append(File.generated(config, duties.PAGE_STYLES, abs_src_path=str(duties.page_styles())))
        unused = {ahead.PREFETCH} if not (self.config.prefetch or self.offline) else set()
        if not self.offline:
            unused.add(ahead.OFFLINE_WORKER)
        for path in sorted(self.runtime.iterdir()):
            published = path.is_file() and not path.name.startswith(".")
            if published and path.name.removesuffix(".br").removesuffix(".gz") not in unused:
                files.append(File.generated(config, f"{self.asset_dir}/{path.name}", abs_src_path=str(path)))
        return files

    @property
    def offline(self) -> bool:
        """Whether the policy pages register their service worker: asked for, and not in the preview (it would cache drafts)."""
        return self.config.offline and not self.preview and (self.runtime / ahead.OFFLINE_WORKER).is_file()

    def _add_pages(self, files: Files, config: MkDocsConfig) -> None:
        served = {file.dest_uri: file for file in files}  # every address the site serves before the policies'
        taken: list[str] = []
        for page in site_pages(self.source.named, duties.released(self.source)):
            if files.get_file_from_path(page.path) is not None:  # a page the writer placed by hand wins
                continue
            generated = File.generated(config, page.path, content=page.markdown)
            if generated.dest_uri in served:
                taken.append(self._address_taken(page.path, served[generated.dest_uri].src_uri))
                continue
            if page.nav_label is None:
                generated.inclusion = InclusionLevel.NOT_IN_NAV  # linked from the pages, not listed
            files.append(generated)
        for ident in self.source.policies:
            # A folder the site already serves files from (the theme's assets, a section of pages)
            # is not the policy's to take, even where no file name collides.
            others = sorted(
                f.src_uri for f in served.values() if f.dest_uri.startswith(f"{ident}/") and not f.is_documentation_page()
            )
            if others:
                taken.append(self._address_taken(f"{ident}/", others[0]))
        for mistake in taken:
            log.error(mistake)
        self.mistakes += taken
        if taken and not self.preview:
            raise PluginError("policy ids that take the site's own addresses:\n" + "\n".join(taken))

    def _address_taken(self, page: str, owner: str) -> str:
        return duties.address_taken(self.folder, self.base, page.split("/", 1)[0], owner)

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        self.block_errors.page = page.file.src_uri
        self.block_errors.source = page.file.content_string  # with its front matter: lines as in the file
        for line, message in page_mistakes(self.block_errors.source, BLOCK_NAMES):
            self.block_errors.report(f"{page.file.src_uri}:{line}: {message}")
        return markdown

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Move inline scripts into files: `script-src 'self'` runs them, and their order is kept."""
        ident = page.file.src_uri.removesuffix("/index.md")
        if ident in self.source.policies and page.file.src_uri == f"{ident}/index.md":
            self.policy_pages[ident] = page.url  # where its clauses' search entries point
        depth = page.url.count("/") if config.use_directory_urls else page.file.dest_uri.count("/")
        output = duties.finish_page(output, Path(config.site_dir), "../" * depth, self.asset_dir)
        output = self._fetch_ahead(output, page, "../" * depth)
        if self.mistakes:
            output = ARTICLE.sub(lambda m: m[0] + _mistakes_banner(self.mistakes), output, count=1)
        return output

    def _fetch_ahead(self, output: str, page: Page, to_root: str) -> str:
        """Load ``prefetch.js`` on the pages that lead to a check page, and on every policy page when offline."""
        ident = page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else None
        ident = ident if ident in self.source.policies else None
        check_page = 'class="policy-check"' in output  # it loads the runtime itself
        prefetch = self.config.prefetch and (page.is_homepage or ident is not None) and not check_page
        offline = None  # without the option, the script removes what an earlier deployment with it left
        if self.offline:
            offline = f"{to_root}{ident}/{ahead.POLICY_WORKER}" if ident else ""  # "": a page that registers nothing
        if not (prefetch or offline) or not (self.runtime / ahead.PREFETCH).is_file():
            return output
        tag = ahead.prefetch_tag(
            f"{to_root}{self.asset_dir}/{ahead.PREFETCH}",
            prefetch=prefetch,
            policy_json=f"{to_root}{ident}/policy.json" if ident else None,
            offline=offline,
        )
        return output.replace("</body>", f"{tag}</body>", 1)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The same for the theme's own pages (404.html), which are served at any depth: from the site's root."""
        return scripts_to_files(output_content, Path(config.site_dir), duties.site_root(config.site_url or ""))

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        icons_to_files(site)
        entries = [
            entry
            for ident, location in self.policy_pages.items()
            for entry in clause_entries(self.source.policies[ident], location, self.clause_html.get(ident, {}))
        ]
        add_to_search_index(site / "search" / "search_index.json", entries)
        if self.offline:
            for ident in self.source.policies:
                worker = ahead.policy_worker(site, ident, self.asset_dir, directory_urls=config.use_directory_urls)
                (site / ident / ahead.POLICY_WORKER).write_text(worker, encoding="utf-8")
        if not self.preview:  # for hosts that serve pre-compressed files; the preview needs none
            precompress_site(site, site / self.asset_dir)
        if self.block_errors.errors and not self.preview:
            raise PluginError("policy blocks with errors:\n" + "\n".join(self.block_errors.errors))

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.folder))
        return server


def _version_path(files: Files, ident: str, version: str) -> str:
    """The site path of a version's page (``interspire/versions/2026-11-23/``), for links that must be absolute."""
    src = f"{ident}/versions/{version}.md"
    found = files.get_file_from_path(src)
    return found.url if found is not None else src


def _mistakes_banner(mistakes: list[str]) -> str:
    """The preview's notice over every page while policy files have mistakes."""
    items = "".join(f"<li><code>{html.escape(m)}</code></li>" for m in mistakes)
    return (
        '<div class="admonition failure policy-mistakes" role="alert">'
        '<p class="admonition-title">Policy files have mistakes</p>'
        f"<ul>{items}</ul><p>Until they are fixed, the pages show the last good version of each file, "
        "where there is one. Fix them and save: this page reloads by itself.</p></div>"
    )
