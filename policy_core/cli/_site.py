"""``policy-core site prepare`` and ``site finish``: a site build without the MkDocs plugin (Zensical).

See ``policy_core/site/prepare.py`` for what each step writes. The site's tools are imported only
here, when the command runs: the rest of the command line needs no Markdown or MkDocs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..site.prepare import Prepared


def cmd_site(args: argparse.Namespace) -> int:
    from ..site.prepare import PrepareError, finish, prepare  # noqa: PLC0415

    config = Path(args.config)
    try:
        if args.step == "finish":
            broken = finish(config)
            for link in broken:
                print(link, file=sys.stderr)
            if broken:
                print(f"policy-core site finish: {len(broken)} links of the built site lead nowhere", file=sys.stderr)
                return 1
            print("policy-core site finish: scripts and icons moved to files, policy sources removed, every link leads somewhere")
            return 0
        _report(prepare(config))
    except PrepareError as exc:
        print(exc, file=sys.stderr)
        return 1
    return _watch(config) if args.watch else 0


def _report(done: Prepared) -> None:
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for note in done.notes:
        print(f"note: {note}", file=sys.stderr)
    print(
        f"policy-core site prepare: {len(done.written)} files written, {len(done.removed)} removed; build with {done.config.name}"
    )


def _watch(config: Path) -> int:
    """Prepare again whenever a policy file changes (beside `zensical serve`, which does not watch them)."""
    from ..site.prepare import PrepareError, prepare, read_config  # noqa: PLC0415

    folder = read_config(config).policies

    def stamp() -> list[tuple[str, int]]:
        return sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*.yml"))

    seen = stamp()
    print(f"watching {folder} (Ctrl-C to stop)", flush=True)
    while True:
        time.sleep(0.5)
        if (now := stamp()) != seen:
            seen = now
            try:
                _report(prepare(config))
            except PrepareError as exc:  # the pages of the last good save stay until the next
                print(exc, file=sys.stderr, flush=True)


def cmd_runtime(args: argparse.Namespace) -> int:
    from ..runtime import pyodide  # noqa: PLC0415  (only this command needs them)

    try:
        if args.action == "where":
            print(pyodide.find_pyodide(*([Path(args.into)] if args.into else [])))
            return 0
        installed = pyodide.install(Path(args.into) if args.into else None)
    except pyodide.PyodideMissingError as exc:
        print(f"policy-core runtime: {exc}", file=sys.stderr)
        return 1
    state = "installed" if installed.fetched else "already installed"
    print(f"Pyodide {pyodide.PYODIDE_VERSION} {state} in {installed.folder}")
    return 0


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``site`` to the CLI's parser (``command`` as in ``cli.build_parser``)."""
    site = command(
        "site",
        cmd_site,
        "Build a site without the MkDocs plugin (Zensical): `site prepare` before the build, `site finish` after.",
    )
    site.add_argument(
        "step",
        choices=["prepare", "finish"],
        help="prepare: check the policies, write their pages, JSON and runtime into the docs folder; "
        "finish: after the build, move inline scripts to files, remove the sources, check every link",
    )
    site.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="the site's configuration (default: mkdocs.yml)")
    site.add_argument("--watch", action="store_true", help="with prepare: prepare again on every change of a policy file")
    runtime = command("runtime", cmd_runtime, "The self-check's Pyodide runtime: `runtime install` fetches the pinned files.")
    runtime.add_argument("action", choices=["install", "where"], help="install: fetch and check it; where: print its folder")
    runtime.add_argument("--into", metavar="DIR", help="install into DIR (default: the user's cache folder)")
