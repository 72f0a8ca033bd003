"""Shared fixtures: the reference policies and the project's paths."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import policy_core

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "docs" / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
REFERENCE_POLICIES = ("interspire", "alurian")
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="session")
def interspire() -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / "interspire.yml")


@pytest.fixture(scope="session")
def alurian() -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / "alurian.yml")


@pytest.fixture(scope="session", params=REFERENCE_POLICIES)
def policy(request: pytest.FixtureRequest) -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / f"{request.param}.yml")


def copy_project(target: Path) -> Path:
    """A copy of the site's sources (mkdocs.yml and docs/) to build or edit in isolation."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    # What the build reads but the tests never edit: shared, not copied.
    (ROOT / ".cache").mkdir(exist_ok=True)
    for shared in ("widget", "node_modules", ".cache"):
        (target / shared).symlink_to(ROOT / shared)
    return target


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real MkDocs on a project folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("site-project"))
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stderr
    return project / "site"
