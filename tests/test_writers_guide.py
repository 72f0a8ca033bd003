"""Follow the writer's guide to add a third policy, exactly as written, and build the site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT, copy_project, mkdocs

pytestmark = pytest.mark.site

GUIDE = (ROOT / "docs" / "writers-guide.md").read_text(encoding="utf-8")


def guide_snippet(filename: str) -> str:
    """The Markdown code block the guide gives for ``filename``."""
    match = re.search(rf"`{re.escape(filename)}`:\n\n(?P<indent> *)```markdown\n(?P<body>.*?)\n(?P=indent)```", GUIDE, re.DOTALL)
    assert match, f"the guide shows no content for {filename}"
    indent = len(match["indent"])
    return "\n".join(line[indent:] for line in match["body"].splitlines()) + "\n"


def test_adding_a_policy_as_the_guide_says(tmp_path: Path) -> None:
    """The guide's one step: the policy file, and no other edit."""
    assert "Add one file, and nothing else" in GUIDE
    project = copy_project(tmp_path)
    shutil.copy(FIXTURES / "acme.yml", project / "docs" / "policies" / "acme.yml")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr

    site = project / "site"
    policy_page = (site / "acme" / "index.html").read_text(encoding="utf-8")
    assert 'id="not-supported.customized-code"' in policy_page
    assert "Widgets whose code was changed." in policy_page
    check_page = (site / "acme" / "check" / "index.html").read_text(encoding="utf-8")
    assert 'data-policy="acme"' in check_page
    assert "When did you buy it?" in check_page
    assert "Within the last 6 months" in (site / "acme" / "cases" / "index.html").read_text(encoding="utf-8")
    assert "Acme support policy" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "acme" / "policy.json").is_file()
    assert '<th scope="col">Acme</th>' in (site / "compare" / "index.html").read_text(encoding="utf-8")


def test_a_page_written_as_the_guide_shows_replaces_the_generated_one(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    shutil.copy(FIXTURES / "acme.yml", project / "docs" / "policies" / "acme.yml")
    (project / "docs" / "acme").mkdir()
    (project / "docs" / "acme" / "check.md").write_text(guide_snippet("docs/acme/check.md"), encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    check_page = (project / "site" / "acme" / "check" / "index.html").read_text(encoding="utf-8")
    assert "Is your widget covered?" in check_page
    assert 'data-policy="acme"' in check_page
