"""What a site build does with its policy folder, whichever tool builds the site.

The MkDocs plugin (``plugin.py``) calls these from its hooks; ``policy-core site prepare``
(``prepare.py``) calls them before a build that has no plugins (Zensical). Each step is a
function of the folder and the site's pages, so both routes publish the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from ..authoring import key_spot, policy_files, unsafe_entries
from ..engine import InvalidPolicyError, Policy, compile_policy
from ..runtime.build import build_runtime, packaged_widget, runtime_is_bytecode
from ..runtime.pyodide import find_pyodide, user_cache
from ..versions import Version, history_folder
from . import store
from .csp import scripts_to_files
from .feed import atom_feed
from .pages import Named
from .text import render_text

Link = Callable[[str], str | None]
"""A written link of policy text, resolved for one page (``None``: it leads to no page)."""


@dataclass
class SiteSource:
    """A policy folder as a build reads it: its policies and versions, and what is wrong with it."""

    folder: Path
    policies: dict[str, Policy] = field(default_factory=dict)
    """By id; in the preview a file with mistakes keeps its last good version here."""
    versions: dict[str, list[Version]] = field(default_factory=dict)
    """Each policy's versions, oldest first."""
    named: list[Named] = field(default_factory=list)
    """What the pages are named after: every policy, and (in the preview) each unreadable file."""
    mistakes: list[str] = field(default_factory=list)
    """``file:line:col: message`` for each mistake of a policy file or an archived version."""
    warnings: list[str] = field(default_factory=list)
    """Files that are not read, and slips that do not stop a build."""


PAGE_STYLES = "assets/policy-core/policy.css"
"""Where the policy pages' stylesheet (shipped in the package) is published."""


def page_styles() -> Path:
    return Path(__file__).with_name("policy.css")


def site_runtime(base: Path, *, pyodide: str = "", widget: str = "", cache: str = "") -> Path:
    """The built self-check runtime, from the site's settings (folders relative to ``base``; empty: the defaults).

    Raises ``PyodideMissingError`` (naming the command that fetches it) or ``RuntimeBuildError``.
    """
    runtime = find_pyodide(base / (pyodide or "node_modules/pyodide"))
    widget_dir = base / widget if widget else packaged_widget()
    return build_runtime(base / cache if cache else user_cache() / "runtime", runtime, widget_dir)


def runtime_notes(runtime: Path) -> list[str]:
    """What a site's builder should know of its runtime, though the site works as it is."""
    if runtime_is_bytecode(runtime):
        return []
    return [
        "the self-check's checker ships as Python source, which each visitor's browser compiles when it starts "
        "(README, 'The checker as source'): build the site with Python 3.13, or install policy-core from its "
        "wheel, to ship it compiled"
    ]


def id_spot(source: Path) -> tuple[int, int]:
    """Where a policy file's ``id:`` key stands, as validation locates it (1:1 if the file cannot be read)."""
    return key_spot(source, "id")


def address_taken(folder: Path, base: Path, ident: str, owner: str) -> str:
    """The located mistake of a policy id that would take an address the site already serves (``owner``'s)."""
    source = folder / f"{ident}.yml"
    line, column = id_spot(source)
    return (
        f"{shown(str(source), base)}:{line}:{column}: the policy id '{ident}' would take the address of "
        f"{owner}, which the site already serves: give the policy another id (and its file the same name)"
    )


def read_site(folder: Path, base: Path) -> SiteSource:
    """Read ``folder``, naming files from ``base`` (the site's folder) as a writer sees them."""
    read = store.read_folder(folder)
    source = SiteSource(folder=folder, policies=read.policies)
    source.mistakes = [f"{shown(e.path, base)}:{e.line}:{e.column}: {e.message}" for e in read.errors]
    read_paths = set(policy_files(folder))
    for policy in read.policies.values():
        read_paths |= set(history_folder(folder, policy.id).glob("*.yml"))
        try:
            source.versions[policy.id] = store.versions_of(folder, policy)
        except InvalidPolicyError as exc:
            source.mistakes += [f"{shown(e.path, base)}:{e.line}:{e.column}: {e.message}" for e in exc.errors]
            source.versions[policy.id] = []
    unsafe = unsafe_entries(folder)  # already mistakes (store.read_folder): never followed, not even to warn
    strays = (p for p in folder.rglob("*") if p not in unsafe and not any(q in unsafe for q in p.parents))
    for stray in sorted(p for p in strays if p.is_file() and p not in read_paths):
        source.warnings.append(
            f"{shown(str(stray), base)} is not read as a policy (only <id>.yml files directly in "
            f"{shown(str(folder), base)}/ are), and is not published"
        )
    source.warnings += [
        f"{shown(slip.path, base)}:{slip.line}:{slip.column}: {slip.message}"
        for policy in read.policies.values()
        for slip in policy.warnings
    ]
    source.named = [Named.of(p) for p in read.policies.values()]
    source.named += [Named.unreadable(ident) for ident in read.broken if ident not in read.policies]
    return source


def released(source: SiteSource) -> dict[str, list[tuple[str, str]]]:
    """Each policy's released versions as ``(id, date in words)``, for the pages made of them."""
    return {ident: [(v.id, v.label) for v in found if v.released] for ident, found in source.versions.items()}


def html_map(policy: Policy, site_link: Link | None) -> dict[str, dict[str, str]]:
    """The HTML of each clause, step and action, for the widget to quote (the one renderer's)."""

    def render(text: str) -> str:
        return render_text(text, site_link)

    steps = {step for q in policy.questions for o in q.options for step in o.steps}
    steps |= {step for outcome_steps in policy.next_steps.values() for step in outcome_steps}
    return {
        "clauses": {clause_id: render(clause.text) for clause_id, clause in policy.clauses.items()},
        "steps": {step: render(step) for step in sorted(steps)},
        "actions": {action.id: render(action.text) for action in policy.actions},
    }


def compiled_files(
    policy: Policy, versions: list[Version], site_link: Link | None, version_page: Callable[[str], str]
) -> dict[str, str]:
    """``<id>/policy.json``, listing the released versions, and each version's own JSON beside its page.

    ``site_link`` resolves links for the check page (the widget quotes this HTML there);
    ``version_page`` gives a version's page (``interspire/versions/2026-11-23/``) from its id.
    The widget loads a version's JSON only to open a share link made under it.
    """
    shipped = [v for v in versions if v.released]
    listing = [
        {
            "id": v.id,
            "hash": v.hash,
            "json": f"versions/{v.id}.json",
            "page": version_page(v.id).removeprefix(f"{policy.id}/"),
        }
        for v in shipped
    ]
    files = {f"{policy.id}/policy.json": compile_policy(policy, html=html_map(policy, site_link), versions=listing)}
    for version in shipped:
        files[f"{policy.id}/versions/{version.id}.json"] = compile_policy(
            version.policy, html=html_map(version.policy, site_link)
        )
    return files


def feed_files(source: SiteSource, site_url: str, page_url: Callable[[str, str], str]) -> dict[str, str]:
    """Each policy's Atom feed of versions, ``<id>/versions.atom``, linked absolutely from ``site_url``.

    ``page_url(policy id, version id)`` gives a version page's site path.
    """
    feeds = {}
    for policy in source.policies.values():
        path = f"{policy.id}/versions.atom"
        feeds[path] = atom_feed(
            policy,
            source.versions.get(policy.id, []),
            diff_of=store.diff_of,
            site_url=site_url,
            page_url=partial(page_url, policy.id),
            feed_path=path,
        )
    return feeds


def shown(path: str, base: Path) -> str:
    """A path as the writer sees it: from the site's folder where it is inside it."""
    named = Path(path)
    return named.relative_to(base).as_posix() if named.is_relative_to(base) else path


def finish_page(output: str, site: Path, to_root: str, runtime: str) -> str:
    """A built page as the site serves it: inline scripts in files, and the widget started early.

    ``to_root`` leads from the page to the site's root; ``runtime`` is the runtime's folder in the
    site (``assets/policy-check-<key>``).
    """
    output = scripts_to_files(output, site, to_root)
    # The theme's search dialog has no accessible name (axe/Lighthouse: aria-dialog-name).
    search = 'data-md-component="search" role="dialog"'
    output = output.replace(f"{search}>", f'{search} aria-label="Search">')
    if 'class="policy-check"' in output:
        # Start the widget from the head: it mounts as soon as the form is parsed instead of
        # after the theme's scripts, and the checker's download starts that much earlier.
        early = f'<script type="module" async src="{to_root}{runtime}/policy-check.js"></script>'
        output = output.replace("</head>", f"{early}</head>", 1)
    return output


def site_root(site_url: str) -> str:
    """The path the site is served at (``/help/`` for ``https://example.com/help``), for pages served at any depth (404.html)."""
    return (urlsplit(site_url or "/").path or "/").rstrip("/") + "/"
