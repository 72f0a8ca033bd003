"""A vendor's own MkDocs site adds a policy with the package alone, as the README says.

The site (tests/fixtures/vendor-site) has its own nested nav, template override, palette toggle
and Markdown extensions. The release wheel (`.ci/release`, built in isolation) is installed into a
fresh virtual environment, with nothing from this repository: no widget folder, no node_modules.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policy_core import Outcome, cases, load_policy

from .browser_support import verdict_journey
from .conftest import FIXTURES, Release
from .project import free_port
from .serving import serve

pytestmark = [pytest.mark.site, pytest.mark.browser]


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def vendor_site(tmp_path_factory: pytest.TempPathFactory, release: Release) -> Iterator[Path]:
    """The vendor's site, built with `mkdocs build --strict` by the wheel installed in a fresh environment."""
    work = tmp_path_factory.mktemp("vendor")
    wheel = release.wheel
    run([sys._base_executable, "-m", "venv", str(work / "venv")], work)
    python = work / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[site]"], work)
    site = shutil.copytree(FIXTURES / "vendor-site", work / "site")
    (site / "docs" / "policies").mkdir()
    shutil.copy(FIXTURES / "acme.yml", site / "docs" / "policies" / "acme.yml")  # the one file a writer adds
    run([str(work / "venv" / "bin" / "policy-core"), "runtime", "install"], site)
    # The wheel ships the engine compiled for Pyodide, and the site build uses it: no toolchain here.
    assert not (work / "venv" / "bin" / "pyodide").exists()
    shipped = (
        "from policy_core.runtime.engine import shipped_engine; from policy_core.runtime.pyodide import PYODIDE_VERSION as V; "
    )
    run([str(python), "-c", shipped + "assert shipped_engine(V), 'the shipped engine is not that of the shipped sources'"], work)
    trimmed = "assert (shipped_engine(V) / 'python_stdlib.zip').is_file(), 'the trimmed standard library is not shipped'"
    run([str(python), "-c", shipped + trimmed], work)
    run([str(work / "venv" / "bin" / "mkdocs"), "build", "--strict"], site)
    return site / "site"


def test_the_site_keeps_its_own_nav_override_and_palette(vendor_site: Path) -> None:
    home = (vendor_site / "index.html").read_text(encoding="utf-8")
    assert "Acme Widgets 5 is out." in home, "the site's own template override is kept"
    assert "Getting started" in home
    assert "Support policies" in home
    assert 'data-md-color-scheme="default"' in home
    policy_page = (vendor_site / "acme" / "index.html").read_text(encoding="utf-8")
    assert "Acme Widgets 5 is out." in policy_page
    assert 'id="supported.how-to"' in policy_page
    assert not list(vendor_site.rglob("*.yml")), "no policy source is published"


def test_a_customer_reaches_a_verdict_in_the_vendors_site(browser, vendor_site: Path) -> None:
    policy = load_policy(FIXTURES / "acme.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is Outcome.SUPPORTED and c.verdict.actions)
    port = free_port()
    with serve(vendor_site, port=port) as (base, _):
        context = browser.new_context()
        try:
            page = context.new_page()
            outside = verdict_journey(page, base, policy, case)
            page.emulate_media(color_scheme="dark")
            assert outside == []
        finally:
            context.close()
