"""The package installs as any Python package does, with pip's build isolation, and its site reaches a verdict.

Each install goes into a fresh virtual environment with nothing of this repository's set-up: no
dev extra, no build tools, an empty user cache (so no Pyodide runtime is found but the one the
README's step fetches). Then a minimal Material site with one policy is built with
`mkdocs build --strict` and a customer reaches a verdict on its check page in Chromium, every
request to the site's own origin. Three ways in: the release wheel (the engine ships compiled),
the sdist (the site build compiles it), and the checkout's path under Python 3.12 (no Python of
Pyodide's own version, so the engine ships as source).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from policy_core import Outcome, cases, load_policy
from policy_core.runtime.engine import lock_entry, write_engine_wheel

from .browser_support import verdict_journey
from .conftest import FIXTURES, ROOT, Release
from .serving import serve

MINIMAL_SITE = """\
site_name: Acme support
site_url: https://support.example.com/
theme:
  name: material
  font: false
plugins:
  - search
  - policy
"""


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result


def python(version: str) -> str:
    """A real interpreter of that version (pyenv's shims answer only where a version is selected)."""
    for candidate in [f"python{version}", *sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python{version}"))]:
        found = shutil.which(str(candidate))
        if found and subprocess.run([found, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return found
    pytest.fail(f"Python {version} is needed to install the package as a vendor on that Python would")


@dataclass(frozen=True)
class Installed:
    site: Path
    runtime: Path
    bin: Path


def install_and_build(work: Path, interpreter: str, requirement: str) -> Installed:
    """`pip install <requirement>` in a fresh environment, then the README's steps on a new site."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POLICY_CORE_", "VIRTUAL_ENV"))}
    env |= {
        "XDG_CACHE_HOME": str(work / "empty-cache"),  # no runtime and no built engine from an earlier run
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        "NO_MKDOCS_2_WARNING": "1",
    }
    run([interpreter, "-m", "venv", str(work / "venv")], work, env)
    bin_dir = work / "venv" / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", requirement], work, env)
    assert not (bin_dir / "pyodide").exists(), "no toolchain: only what a vendor installs"
    site = work / "site"
    (site / "docs" / "policies").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(MINIMAL_SITE, encoding="utf-8")
    (site / "docs" / "index.md").write_text("# Acme support\n", encoding="utf-8")
    shutil.copy(FIXTURES / "acme.yml", site / "docs" / "policies" / "acme.yml")
    run([str(bin_dir / "policy-core"), "runtime", "install"], site, env)
    run([str(bin_dir / "mkdocs"), "build", "--strict"], site, env)
    (runtime,) = (site / "site" / "assets").glob("policy-check-*")
    return Installed(site=site / "site", runtime=runtime, bin=bin_dir)


def shipped_compiled(installed: Installed) -> bool:
    probe = "from policy_core.runtime.engine import shipped_engine as s; from policy_core.runtime.pyodide import PYODIDE_VERSION as v; print(s(v) is not None)"
    # Run outside this checkout, whose own policy_core would be found first.
    command = [str(installed.bin / "python"), "-c", probe]
    result = subprocess.run(command, cwd=installed.site, capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


def engine_is_bytecode(installed: Installed) -> bool:
    return bool(json.loads((installed.runtime / "runtime.json").read_text(encoding="utf-8"))["bytecode"])


def reaches_a_verdict(browser: Browser, site: Path) -> None:
    policy = load_policy(FIXTURES / "acme.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is Outcome.SUPPORTED and c.verdict.actions)
    with serve(site) as (base, _):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            assert verdict_journey(context.new_page(), base, policy, case) == []
        finally:
            context.close()


def test_the_sdist_holds_what_the_wheel_is_built_from_and_nothing_of_the_site(release: Release) -> None:
    with tarfile.open(release.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in (
        "pyproject.toml",
        "README.md",
        "widget/policy-check.js",
        "widget/worker.js",
        "widget/policy-check.css",
        "policy_core/site/policy.css",
        "policy_core/runtime/stdlib.json",
        "policy_core/runtime/probe/exercise.py",
        "policy_core/runtime/_wheel_hook.py",
    ):
        assert needed in names, needed
    strays = sorted(
        n for n in names if n.startswith(("docs/", "tests/", "bench/", "node_modules/", ".ci/", "mkdocs.yml", "site/"))
    )
    assert strays == []


def test_the_release_wheel_ships_the_engine_compiled(release: Release) -> None:
    with zipfile.ZipFile(release.wheel) as archive:
        names = set(archive.namelist())
        record = json.loads(archive.read("policy_core/runtime/compiled-engine/engine.json"))
    assert record["bytecode"] is True
    assert f"policy_core/runtime/compiled-engine/{record['entry']['file_name']}" in names
    assert record["entry"]["file_name"].endswith("-cp313-none-any.whl")
    assert "policy_core/runtime/compiled-engine/python_stdlib.zip" in names
    assert "policy_core/runtime/widget/worker.js" in names


@pytest.mark.pyodide
def test_the_lock_entry_is_the_one_pyodide_build_writes(tmp_path: Path) -> None:
    """engine.py writes the entry itself, so that an isolated build needs no pyodide-build: the same entry."""
    wheel = write_engine_wheel(tmp_path, "1.2.3")
    shutil.copy(ROOT / "node_modules" / "pyodide" / "pyodide-lock.json", tmp_path / "stock-lock.json")
    pyodide = ROOT / ".venv" / "bin" / "pyodide"
    lock = ["--input", "stock-lock.json", "--output", "pyodide-lock.json", "--base-path", "."]
    run([str(pyodide), "lockfile", "add-wheels", *lock, wheel.name], tmp_path, dict(os.environ))
    theirs = json.loads((tmp_path / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]["policy-core"]
    assert lock_entry(wheel, "1.2.3") == theirs


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.install
class TestVendorInstalls:
    def test_from_the_release_wheel(self, tmp_path: Path, release: Release, browser: Browser) -> None:
        installed = install_and_build(tmp_path, python("3.13"), f"{release.wheel}[site]")
        assert shipped_compiled(installed), "the site uses the engine the wheel ships"
        assert engine_is_bytecode(installed)
        reaches_a_verdict(browser, installed.site)

    def test_from_the_sdist_the_site_build_compiles_the_engine(self, tmp_path: Path, release: Release, browser: Browser) -> None:
        installed = install_and_build(tmp_path, python("3.13"), f"policy-core[site] @ {release.sdist.as_uri()}")
        assert not shipped_compiled(installed), "built from the sdist with no Pyodide runtime: nothing compiled to ship"
        assert engine_is_bytecode(installed), "the site's Python is Pyodide's own: it compiles the engine"
        reaches_a_verdict(browser, installed.site)

    def test_from_the_checkout_on_another_python_the_engine_ships_as_source(self, tmp_path: Path, browser: Browser) -> None:
        installed = install_and_build(tmp_path, python("3.12"), f"policy-core[site] @ {ROOT.as_uri()}")
        assert not engine_is_bytecode(installed)
        with zipfile.ZipFile(installed.runtime / "python_stdlib.zip") as stdlib:
            assert all(name.endswith(".py") for name in stdlib.namelist())
        reaches_a_verdict(browser, installed.site)
