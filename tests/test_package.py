"""The package in a site that is not this one: the extension on its own, and the plugin beside a site's own settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown import Markdown

from policy_core.site.markdown import PolicyBlockError, relative_to_page

from .conftest import POLICY_DIR, ROOT, SITE_POLICIES, mkdocs
from .project import copy_project


def test_links_are_written_relative_to_the_page() -> None:
    assert relative_to_page("/acme/index.md#supported.how-to", "acme/check.md") == "index.md#supported.how-to"
    assert relative_to_page("/acme/check.md", "index.md") == "acme/check.md"
    assert relative_to_page("/acme/index.md", "guides/support/faq.md") == "../../acme/index.md"
    assert relative_to_page("/acme/index.md", None) == "/acme/index.md"  # no page known: as configured


def test_a_site_needs_no_link_setting_and_may_name_the_extension_itself(tmp_path: Path) -> None:
    """No `absolute_links: relative_to_docs`, and the extension listed by its entry point beside the plugin."""
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "relative_to_docs" not in text  # the reference site itself does without it
    assert "  - policy_core.site.markdown\n" in text
    text = text.replace("  - policy_core.site.markdown\n", "")
    config.write_text(text.replace("  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - policy\n"), encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    name = SITE_POLICIES[0]
    check = (project / "site" / name / "check" / "index.html").read_text(encoding="utf-8")
    assert 'href="../"' in check, "the check page links to its policy page, relative to itself"
    assert not re.search(r'href="/[^"]*\.md', check)


def test_on_its_own_the_extension_stops_at_a_block_with_a_mistake() -> None:
    """As under Zensical, where no MkDocs plugin collects the mistakes: the build must not succeed."""
    md = Markdown(extensions=["policy_core"], extension_configs={"policy_core": {"policies": str(POLICY_DIR)}})
    with pytest.raises(PolicyBlockError, match=r"^3: /// policy \| nope: unknown policy 'nope'"):
        md.convert("# A page\n\n/// policy | nope\n///\n")
    assert "policy-clause" in md.reset().convert(f"/// policy | {SITE_POLICIES[0]}\n///\n")


def test_the_pyodide_pin_is_the_lock_files() -> None:
    """The package's pin (for `policy-core runtime install`) and this repository's npm lock name the same files."""
    from policy_core.runtime.pyodide import PYODIDE_INTEGRITY, PYODIDE_VERSION  # noqa: PLC0415

    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/pyodide"]
    assert (locked["version"], locked["integrity"]) == (PYODIDE_VERSION, PYODIDE_INTEGRITY)


def test_runtime_install_fetches_the_pinned_files_and_checks_them(tmp_path: Path) -> None:
    """What a vendor's site runs once instead of `npm ci`: the files equal this checkout's `npm ci` ones."""
    target = tmp_path / "pyodide"
    first = subprocess.run(
        [sys.executable, "-m", "policy_core", "runtime", "install", "--into", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "pyodide.mjs"):
        assert (target / name).read_bytes() == (ROOT / "node_modules" / "pyodide" / name).read_bytes(), name
    again = subprocess.run(
        [sys.executable, "-m", "policy_core", "runtime", "install", "--into", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "already installed" in again.stdout


def test_a_missing_runtime_is_a_located_error_naming_the_command(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      policies: docs/policies\n", "      policies: docs/policies\n      pyodide: nowhere\n"),
        encoding="utf-8",
    )
    env_cache = tmp_path / "empty-cache"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env={**os.environ, "XDG_CACHE_HOME": str(env_cache), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "mkdocs.yml: plugins.policy: the Pyodide runtime 0.29.5 is missing" in result.stderr
    assert "run `policy-core runtime install` once" in result.stderr
    assert "Traceback" not in result.stderr
