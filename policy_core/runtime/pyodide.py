"""The pinned Pyodide runtime: where a site finds it, and the command that installs it anywhere.

A vendor's site has no ``package.json`` of ours, so ``npm ci`` cannot fetch Pyodide there.
``policy-core runtime install`` fetches the pinned npm package with ``npm pack`` (npm's own
registry settings apply), checks it against the pinned sha512, and unpacks the files a page needs
into the user's cache folder, where the plugin finds them. This repository's own checkout also
has them in ``node_modules/pyodide`` (``npm ci``); a test keeps the pin and ``package-lock.json`` equal.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The Pyodide release the widget is built and tested with, and its npm integrity.
PYODIDE_VERSION = "0.29.5"
PYODIDE_INTEGRITY = "sha512-TkYrUv9m8QmfImADKRmpwZulL48E0uUaBSO+dvRQKyAJc0qh9gu7jn8btyHPh3NZm1r2IH2YrJhIr7Q2B9urAw=="
#: The files of the npm package that the runtime is built from.
NEEDED = ("package.json", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
INSTALL_COMMAND = "policy-core runtime install"


class PyodideMissingError(Exception):
    """The pinned Pyodide files are nowhere the build looks; the message names the command that fetches them."""


def user_cache() -> Path:
    """``$XDG_CACHE_HOME/policy-core`` (``~/.cache/policy-core``): outside any site, so no site's clean step wipes it."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-core"


def installed_folder() -> Path:
    return user_cache() / f"pyodide-{PYODIDE_VERSION}"


def is_pinned(folder: Path) -> bool:
    """Whether ``folder`` holds the pinned Pyodide's files."""
    try:
        package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return package.get("version") == PYODIDE_VERSION and all((folder / name).is_file() for name in NEEDED)


def find_pyodide(*candidates: Path) -> Path:
    """The first folder holding the pinned Pyodide: those given (a setting, `node_modules/pyodide`), then the user cache."""
    for folder in [*candidates, installed_folder()]:
        if is_pinned(folder):
            return folder
    looked = ", ".join(str(c) for c in [*candidates, installed_folder()])
    raise PyodideMissingError(
        f"the Pyodide runtime {PYODIDE_VERSION} is missing (looked in {looked}): run `{INSTALL_COMMAND}` once, "
        "which fetches the pinned files with npm and checks their sha512"
    )


@dataclass(frozen=True)
class Installed:
    folder: Path
    fetched: bool
    """``False`` when the pinned files were already in place."""


def install(target: Path | None = None) -> Installed:
    """Fetch the pinned Pyodide with ``npm pack``, verify its sha512 and unpack what a page needs into ``target``."""
    target = target or installed_folder()
    if is_pinned(target):
        return Installed(target, fetched=False)
    npm = shutil.which("npm")
    if npm is None:
        raise PyodideMissingError(
            f"npm is not installed, so Pyodide {PYODIDE_VERSION} cannot be fetched: install npm (Node.js) and run "
            f"`{INSTALL_COMMAND}` again, or unpack the npm package pyodide@{PYODIDE_VERSION} into {target}"
        )
    with tempfile.TemporaryDirectory(prefix="policy-core-pyodide-") as scratch:
        packed = subprocess.run(
            [npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--json", "--pack-destination", scratch],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if packed.returncode != 0:
            raise PyodideMissingError(f"npm could not fetch pyodide@{PYODIDE_VERSION}: {packed.stderr.strip()[-500:]}")
        tarball = Path(scratch) / json.loads(packed.stdout)[0]["filename"]
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if digest != PYODIDE_INTEGRITY:
            raise PyodideMissingError(f"pyodide@{PYODIDE_VERSION} from npm does not match its pinned sha512 ({digest}): not used")
        staging = Path(tempfile.mkdtemp(prefix=".pyodide-", dir=_parent(target)))
        with tarfile.open(tarball) as archive:
            for name in NEEDED:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise PyodideMissingError(f"pyodide@{PYODIDE_VERSION} has no {name}")
                (staging / name).write_bytes(member.read())
    staging.chmod(0o755)  # a temporary folder is private; the runtime is not
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return Installed(target, fetched=True)


def _parent(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent
