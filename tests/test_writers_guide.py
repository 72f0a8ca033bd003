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


def test_adding_a_third_policy_as_the_guide_says(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    docs = project / "docs"
    # Step 1: the policy file.
    shutil.copy(FIXTURES / "acme.yml", docs / "policies" / "acme.yml")
    # Step 2: its two pages, as the guide shows them.
    (docs / "acme").mkdir()
    for name in ("index.md", "check.md", "cases.md"):
        (docs / "acme" / name).write_text(guide_snippet(f"docs/acme/{name}"), encoding="utf-8")
    # Step 3: the nav.
    config = project / "mkdocs.yml"
    nav_entry = (
        "  - Acme:\n      - Policy: acme/index.md\n      - Check your issue: acme/check.md\n      - All cases: acme/cases.md\n"
    )
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - Compare the policies:", nav_entry + "  - Compare the policies:"),
        encoding="utf-8",
    )
    # Step 4: the comparison, with the block line the guide gives.
    block = re.search(r"`(/// policy-compare \| interspire alurian acme)`", GUIDE)
    assert block
    compare = docs / "compare.md"
    compare.write_text(re.sub(r"/// policy-compare \| .*", block[1], compare.read_text(encoding="utf-8")), encoding="utf-8")

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
    assert "Acme" in (site / "compare" / "index.html").read_text(encoding="utf-8")
