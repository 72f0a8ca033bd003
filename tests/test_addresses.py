"""Addresses are owned: a policy id never takes an address the site already serves (a page, a folder, an asset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES, mkdocs
from .project import copy_project

pytestmark = pytest.mark.site


def with_policy(tmp_path: Path, ident: str) -> Path:
    project = copy_project(tmp_path / "project")
    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8").replace("id: minimal", f"id: {ident}", 1)
    (project / "docs" / "policies" / f"{ident}.yml").write_text(text, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    ("ident", "owner"),
    [
        ("support-staff", "support-staff.md"),  # a page of the site's own
        ("compare", "compare.md"),
        ("assets", "assets/"),  # the theme's assets: a folder the site serves files from
    ],
)
def test_a_policy_id_that_takes_the_sites_address_stops_the_build(tmp_path: Path, ident: str, owner: str) -> None:
    project = with_policy(tmp_path, ident)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    expected = f"docs/policies/{ident}.yml:1:1: the policy id '{ident}' would take the address of {owner}"
    assert expected in result.stderr, result.stderr


def test_a_policy_page_placed_by_hand_is_still_the_writers(tmp_path: Path) -> None:
    project = with_policy(tmp_path, "acme")
    (project / "docs" / "acme").mkdir()
    (project / "docs" / "acme" / "index.md").write_text("# Acme, by hand\n\n/// policy | acme\n///\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Acme, by hand" in (project / "site" / "acme" / "index.html").read_text(encoding="utf-8")
