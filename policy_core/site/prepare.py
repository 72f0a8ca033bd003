"""A site built without the MkDocs plugin (Zensical, which runs no MkDocs plugins): the plugin's duties as two steps.

::

    policy-core site prepare             # before `zensical build` or `zensical serve`
    zensical build -f .policy-core.yml
    policy-core site finish              # after `zensical build`

``prepare`` reads the site's ``mkdocs.yml`` (the plugin's options apply where it lists them),
checks the policy files and their links, and writes into the docs folder what the plugin adds
to a build: each policy's pages, its JSON and feed, the stylesheet and the self-check runtime.
Beside ``mkdocs.yml`` it writes ``.policy-core.yml``: the same configuration, with the policies'
nav sections where the ``policies/`` marker stands and the runtime's stylesheet and script added.
Every file it writes is listed in ``.policy-core/written.json``; the next run replaces or removes
exactly those, and never a page written by hand (nor one edited since it was made).

``finish`` does what only the built HTML allows: the theme's inline scripts and ``data:`` icons
become files (for a strict Content-Security-Policy), every link is checked, and the policy
sources are removed from the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ..runtime.build import RuntimeBuildError, precompress_site
from ..runtime.pyodide import PyodideMissingError
from ..versions import Version
from .built_links import links_to_nothing
from .csp import icons_to_files
from .duties import (
    PAGE_STYLES,
    SiteSource,
    address_taken,
    compiled_files,
    feed_files,
    finish_page,
    page_styles,
    read_site,
    released,
    runtime_notes,
    shown,
    site_root,
    site_runtime,
)
from .feed import site_url_problem
from .markdown import EXTENSION_NAMES
from .pages import Named, place_in_nav, site_pages
from .privacy import outside_requests
from .site_links import broken_links, folder_in_docs, resolver, source_urls

CONFIG_OUT = ".policy-core.yml"
"""The configuration a build without plugins reads: ``mkdocs.yml`` and what the policies add."""
STATE = ".policy-core"
"""Beside ``mkdocs.yml``: the list of files written, and the copy of ``mkdocs.yml`` with its nav filled in."""
MARKER = "# Made by `policy-core site prepare` from {source}: edit the policy file there, not this page."


class PrepareError(Exception):
    """What stops the build, every line located (``file:line:col: message``)."""


@dataclass
class SiteConfig:
    """What ``prepare`` and ``finish`` read from ``mkdocs.yml``."""

    file: Path
    data: dict[str, Any]
    plugin: dict[str, Any] = field(default_factory=dict)
    """The policy plugin's options, where ``plugins:`` lists it (the same site builds with MkDocs)."""

    @property
    def root(self) -> Path:
        return self.file.parent

    @property
    def docs(self) -> Path:
        return (self.root / str(self.data.get("docs_dir") or "docs")).resolve()

    @property
    def site(self) -> Path:
        return (self.root / str(self.data.get("site_dir") or "site")).resolve()

    @property
    def policies(self) -> Path:
        return (self.root / str(self.plugin.get("policies") or "docs/policies")).resolve()

    @property
    def directory_urls(self) -> bool:
        return self.data.get("use_directory_urls", True) is not False


def read_config(file: Path) -> SiteConfig:
    """``mkdocs.yml``, read without running anything it names (``!!python/name`` tags read as nothing)."""
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except OSError as exc:
        raise PrepareError(f"{file}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        raise PrepareError(f"{where}: not a YAML configuration: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise PrepareError(f"{file}:1:1: not a site configuration (a mapping of settings)")
    config = SiteConfig(file=file.resolve(), data=data)
    for entry in data.get("plugins") or []:
        if entry == "policy":
            config.plugin = {}
        elif isinstance(entry, dict) and "policy" in entry:
            config.plugin = dict(entry["policy"] or {})
    return config


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads ``!ENV`` as MkDocs does and every other tag as nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    return next((os.environ[str(name)] for name in names if str(name) in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class Prepared:
    """What ``prepare`` did: the configuration to build with, and what it warns about."""

    config: Path
    written: list[str]
    removed: list[str]
    kept: list[str]
    """Pages in the way of generated ones: written by hand, or edited since they were made."""
    warnings: list[str]
    notes: list[str]
    """What the builder should know, though the site works as it is (the checker shipped as source)."""


def prepare(file: Path) -> Prepared:
    """Check the site's policies and write everything the build needs (see the module's docstring)."""
    config = read_config(file)
    root = config.root
    _check_extension(config)
    source = read_site(config.policies, root)
    if not source.named:
        raise PrepareError(f"{shown(str(config.policies), root)}: no policy files")
    site_url = str(config.data.get("site_url") or "")
    problems = list(source.mistakes)
    if not site_url:
        # The history pages link each policy's feed, which needs the published address.
        problems.append(f"{shown(str(file), root)}: site_url: {site_url_problem(site_url)}")
    if problems:
        raise PrepareError("\n".join(problems))
    state = _State.read(root / STATE, config.docs)
    pages = {page.path: page.markdown for page in site_pages(source.named, released(source))}
    pages = {path: _marked(text, config) for path, text in pages.items()}
    kept = [path for path in pages if not state.may_write(config.docs / path)]
    wanted: dict[str, bytes | Path] = {path: text.encode() for path, text in pages.items() if path not in kept}

    sources = {p.relative_to(config.docs).as_posix() for p in config.docs.rglob("*.md")} | set(pages)
    sources = {s for s in sources if not s.startswith(f"{STATE}/")}
    urls = source_urls(sources, directory_urls=config.directory_urls)
    folder = folder_in_docs(config.policies, config.docs)
    broken = []
    for policy in source.policies.values():
        path = config.policies / f"{policy.id}.yml"
        broken += broken_links(policy, path, folder, urls, shown_as=shown(str(path), root))
    if broken:
        raise PrepareError("links in policy files lead to no page:\n" + "\n".join(broken))

    def version_page(ident: str, version: str) -> str:
        return urls.get(f"{ident}/versions/{version}.md", "")

    for policy in source.policies.values():
        site_link = resolver(folder, urls, urls[f"{policy.id}/check.md"])
        compiled = compiled_files(policy, source.versions.get(policy.id, []), site_link, partial(version_page, policy.id))
        wanted |= {path: text.encode() for path, text in compiled.items()}
    feeds = feed_files(source, site_url, version_page)
    wanted |= {path: text.encode() for path, text in feeds.items()}
    wanted[PAGE_STYLES] = page_styles()
    try:
        runtime = site_runtime(
            root,
            pyodide=str(config.plugin.get("pyodide", "")),
            widget=str(config.plugin.get("widget", "")),
            cache=str(config.plugin.get("cache", "")),
        )
    except (PyodideMissingError, RuntimeBuildError) as exc:  # their messages say what to do
        raise PrepareError(f"{shown(str(file), root)}: the self-check runtime: {exc}") from None
    assets = f"assets/{runtime.name}"
    wanted |= {f"{assets}/{p.name}": p for p in sorted(runtime.iterdir()) if p.is_file() and not p.name.startswith(".")}

    _check_addresses(config, source, pages, state, wanted)
    in_the_way = [path for path in wanted if path not in pages and not state.may_write(config.docs / path)]
    if in_the_way:
        raise PrepareError(
            "\n".join(
                f"{shown(str(config.docs / p), root)}: policy-core would write this file, which it did not make"
                for p in in_the_way
            )
        )
    wanted |= _ignore_files(wanted, state)
    written, removed = state.write(wanted)
    out = _write_config(config, source.named, assets, _content_digest(source.versions))
    state.runtime = assets
    state.save()
    warnings = (
        source.warnings
        + _privacy_warnings(config)
        + [f"{shown(str(config.docs / p), root)}: kept as written by hand (delete it to have the generated page)" for p in kept]
    )
    return Prepared(config=out, written=written, removed=removed, kept=kept, warnings=warnings, notes=runtime_notes(runtime))


IGNORE_HEADER = "# Made by `policy-core site prepare`: the files it writes here, kept out of version control.\n"


def _ignore_files(wanted: dict[str, bytes | Path], state: _State) -> dict[str, bytes | Path]:
    """A ``.gitignore`` in each folder it writes to, naming only the files it writes (never a page of the site's own)."""
    folders: dict[str, list[str]] = {}
    for path in wanted:
        folder, _, rest = path.partition("/")
        folders.setdefault(folder, []).append(rest)
    ignores: dict[str, bytes | Path] = {}
    for folder, names in folders.items():
        target = f"{folder}/.gitignore"
        if state.may_write(state.docs / target):  # the site's own .gitignore stays as it is
            lines = sorted({name.split("/")[0] + "/" if name.startswith("policy-check-") else name for name in names})
            ignores[target] = (IGNORE_HEADER + "".join(f"/{line}\n" for line in [".gitignore", *lines])).encode()
    return ignores


def _privacy_warnings(config: SiteConfig) -> list[str]:
    """What in ``mkdocs.yml`` would make the pages request something outside the site's origin (as the plugin warns)."""
    data = config.data
    theme = data.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    plugins = [entry if isinstance(entry, str) else next(iter(entry), "") for entry in data.get("plugins") or []]
    listed = [*(data.get("extra_css") or []), *(data.get("extra_javascript") or [])]
    assets = [asset.get("path", "") if isinstance(asset, dict) else asset for asset in listed]
    leaks = outside_requests(theme, plugins, data.get("extra") or {}, assets, data.get("repo_url"))
    return [
        f"{shown(str(config.file), config.root)}: the site would make requests outside its own origin: {leak}" for leak in leaks
    ]


def _check_extension(config: SiteConfig) -> None:
    """The policy extension must be listed in ``markdown_extensions``, for the plugin's folder.

    The extension reads its folder from where the build runs: the site's folder.
    """
    for entry in config.data.get("markdown_extensions") or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(dict(entry).items()), ("", {}))
        if name in EXTENSION_NAMES:
            folder = (config.root / str(dict(options or {}).get("policies") or "docs/policies")).resolve()
            if folder != config.policies:
                raise PrepareError(
                    f"{shown(str(config.file), config.root)}: markdown_extensions: {name}: policies: it names "
                    f"{shown(str(folder), config.root)}, and the plugin {shown(str(config.policies), config.root)}: "
                    "give both the same folder"
                )
            return
    raise PrepareError(
        f"{shown(str(config.file), config.root)}: markdown_extensions: add `- policy_core` (a build without "
        "plugins renders the policy blocks with the Markdown extension alone)"
    )


def _marked(markdown: str, config: SiteConfig) -> str:
    """A generated page with the marker in its front matter, naming the folder it was made from."""
    first, _, rest = markdown.partition("\n")
    return f"{first}\n{MARKER.format(source=shown(str(config.policies), config.root))}\n{rest}"


def _content_digest(versions: dict[str, list[Version]]) -> str:
    """A hash of every policy and version: it changes with any policy's text."""
    return hashlib.sha256(json.dumps({i: [v.hash for v in found] for i, found in sorted(versions.items())}).encode()).hexdigest()[
        :16
    ]


def _check_addresses(
    config: SiteConfig, source: SiteSource, pages: dict[str, str], state: _State, wanted: dict[str, bytes | Path]
) -> None:
    """Stop where a policy's pages would take an address the site serves from its own files (as the plugin does)."""
    own = sorted(
        path
        for path in (p.relative_to(config.docs).as_posix() for p in config.docs.rglob("*") if p.is_file())
        if not path.startswith(f"{STATE}/") and path not in state.files
    )
    urls = source_urls([path for path in own if path.endswith(".md")], directory_urls=config.directory_urls)
    owner_of = {url: path for path, url in urls.items()}
    taken = []
    for path, url in source_urls(pages, directory_urls=config.directory_urls).items():
        owner = owner_of.get(url)
        if owner is not None and owner != path:  # the same path is a page the writer placed by hand: theirs
            taken.append(address_taken(config.policies, config.root, path.split("/", 1)[0], owner))
    for ident in source.policies:
        # A folder the site serves files from: its own, or the theme's (and the runtime's) assets.
        # (A file of its own where this tool writes one is named as in the way, below.)
        others = [path for path in own if path.startswith(f"{ident}/") and not path.endswith(".md") and path not in wanted]
        others += ["assets/"] if ident == "assets" else []
        if others:
            taken.append(address_taken(config.policies, config.root, ident, others[0]))
    if taken:
        raise PrepareError("policy ids that take the site's own addresses:\n" + "\n".join(dict.fromkeys(taken)))


@dataclass
class _State:
    """``.policy-core/written.json``: each file written into the docs folder, with the hash of what was written."""

    folder: Path
    docs: Path
    files: dict[str, str] = field(default_factory=dict)
    """By path in the docs folder."""
    runtime: str = ""
    """The runtime's folder in the site."""
    _seen: dict[Path, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, folder: Path, docs: Path) -> _State:
        try:
            data = json.loads((folder / "written.json").read_text(encoding="utf-8"))
            return cls(folder=folder, docs=docs, files=dict(data["files"]), runtime=str(data.get("runtime", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder=folder, docs=docs)

    def may_write(self, path: Path) -> bool:
        """A file that is not there, or is as this tool left it (not written by hand, not edited since)."""
        current = self._current(path)
        return current is None or self.files.get(path.relative_to(self.docs).as_posix()) == current

    def _current(self, path: Path) -> str | None:
        """The digest of what is at ``path`` now (``None``: nothing), read once per run."""
        if path not in self._seen:
            self._seen[path] = _digest(path.read_bytes()) if path.is_file() else None
        return self._seen[path]

    def write(self, wanted: dict[str, bytes | Path]) -> tuple[list[str], list[str]]:
        """Write each wanted file (by path in the docs folder); remove those of the last run no longer wanted."""
        written, removed = [], []
        digests = {}
        for path, content in wanted.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            digests[path] = _digest(data)
            target = self.docs / path
            if self._current(target) != digests[path]:  # unchanged files keep their time
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.append(path)
        old = {k: v for k, v in self.files.items() if k not in wanted}
        self.files = digests
        for path, digest in old.items():
            target = self.docs / path
            if self._current(target) == digest:
                target.unlink()
                removed.append(path)
                _remove_empty_folders(target.parent, self.docs)
        return written, removed

    def save(self) -> None:
        self.folder.mkdir(exist_ok=True)
        data = {"files": self.files, "runtime": self.runtime}
        (self.folder / "written.json").write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remove_empty_folders(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# The nav block runs to the next setting or comment at the start of a line (its items may start there too).
NAV_BLOCK = re.compile(r"^nav[ \t]*:.*?(?=^(?:[^\s#-]|#)|\Z)", re.MULTILINE | re.DOTALL)
INHERIT_LINE = re.compile(r"^INHERIT[ \t]*:[ \t]*(?P<path>\S.*?)[ \t]*$", re.MULTILINE)


def _write_config(config: SiteConfig, named: list[Named], assets: str, content: str) -> Path:
    """``.policy-core.yml``: ``mkdocs.yml`` as written (a copy with the nav filled in), the stylesheets and script added.

    Only the ``nav:`` block is rewritten, as text: every other setting, tag and comment stays as the
    site wrote it. Lists in the file that inherits are added to those of ``mkdocs.yml``.
    """
    text = config.file.read_text(encoding="utf-8")
    nav = config.data.get("nav")
    if isinstance(nav, list):
        filled = yaml.safe_dump({"nav": place_in_nav(nav, named)}, allow_unicode=True, sort_keys=False) + "\n"
        text = NAV_BLOCK.sub(lambda _: filled, text, count=1)
    # The copy stands in .policy-core/: a parent it inherits from is one folder up.
    text = INHERIT_LINE.sub(lambda m: f"INHERIT: {os.path.join('..', m['path'])}", text, count=1)
    state = config.root / STATE
    state.mkdir(exist_ok=True)
    (state / "mkdocs.yml").write_text(text, encoding="utf-8")
    added: dict[str, Any] = {
        "INHERIT": f"{STATE}/mkdocs.yml",
        "extra_css": [f"{assets}/policy-check.css", PAGE_STYLES],
        "extra_javascript": [{"path": f"{assets}/policy-check.js", "type": "module"}],
        # A builder that keeps pages rendered from their Markdown (Zensical) renders them again when
        # its configuration changes: pages written by hand show policy blocks too, and their text
        # does not change when a policy does.
        "extra": {"policy_core": {"content": content}},
    }
    if not isinstance(nav, list):
        # Without a nav the builder lists every page; the step-by-step page and old versions are linked, not listed.
        hidden = "\n".join(f"/{n.id}/questions.md\n/{n.id}/versions/" for n in named)
        added["not_in_nav"] = "\n".join(filter(None, [str(config.data.get("not_in_nav") or "").strip(), hidden])) + "\n"
    out = config.root / CONFIG_OUT
    header = (
        "# Made by `policy-core site prepare`: mkdocs.yml with the policies' nav, stylesheet and script.\n"
        f"# Build with `zensical build -f {CONFIG_OUT}`; edit mkdocs.yml, never this file.\n"
    )
    out.write_text(header + yaml.safe_dump(added, sort_keys=False), encoding="utf-8")
    return out


def finish(file: Path) -> list[str]:
    """After the build: scripts and icons to files, the sources out of the site; the links that lead nowhere."""
    config = read_config(file)
    site = config.site
    if not (site / "index.html").is_file():
        raise PrepareError(f"{site}: no built site here (run the build first)")
    state = _State.read(config.root / STATE, config.docs)
    if not state.runtime:
        raise PrepareError(f"{config.root / STATE}: run `policy-core site prepare` before the build")
    sources = site / folder_in_docs(config.policies, config.docs)
    if sources.resolve().is_relative_to(site) and sources.is_dir():
        shutil.rmtree(sources)  # the site publishes each policy's compiled JSON, not its source
    root_path = site_root(str(config.data.get("site_url") or ""))
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        to_root = root_path if relative.as_posix() == "404.html" else "../" * (len(relative.parts) - 1)
        html = page.read_text(encoding="utf-8")
        page.write_text(finish_page(html, site, to_root, state.runtime), encoding="utf-8")
    icons_to_files(site)
    precompress_site(site, site / state.runtime)
    return links_to_nothing(site, root_path)
