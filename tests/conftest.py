"""Shared fixtures: the reference policies and the project's paths."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

import policy_core

from .browser_support import CHROMIUM, CHROMIUM_ARGS
from .project import ROOT, copy_project, free_port
from .serving import serve

POLICY_DIR = ROOT / "docs" / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
# Every policy the site publishes, read from the folder: a policy a writer adds joins every test.
SITE_POLICIES = tuple(path.stem for path in policy_core.policy_files(POLICY_DIR))
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="session")
def interspire() -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / "interspire.yml")


@pytest.fixture(scope="session")
def alurian() -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / "alurian.yml")


@pytest.fixture(scope="session", params=SITE_POLICIES)
def policy(request: pytest.FixtureRequest) -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / f"{request.param}.yml")


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real MkDocs on a project folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project, env=env, capture_output=True, text=True, check=False
    )


# Material's instant navigation only follows links to the exact origin of `site_url`, so the test
# site is built for the port the tests serve it on.
SITE_PORT = free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once with `mkdocs build --strict`, for http://127.0.0.1:SITE_PORT/."""
    project = copy_project(tmp_path_factory.mktemp("site-project"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("site_url: http://127.0.0.1:8000/", f"site_url: http://127.0.0.1:{SITE_PORT}/"), encoding="utf-8"
    )
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stderr
    return project / "site"


@dataclass(frozen=True)
class Release:
    sdist: Path
    wheel: Path


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """The sdist and the wheel, made by `.ci/release` (`python -m build`, isolated, as a vendor's pip builds)."""
    out = tmp_path_factory.mktemp("release")
    result = subprocess.run(["bash", str(ROOT / ".ci" / "release"), str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    sdist, wheel = (Path(line) for line in result.stdout.split())
    return Release(sdist=sdist, wheel=wheel)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test, closed afterwards."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def site_server(built_site: Path) -> Iterator[tuple[str, list[str]]]:
    """The built site on 127.0.0.1, without extra headers."""
    with serve(built_site, port=SITE_PORT) as (base, requests):
        yield base, requests
