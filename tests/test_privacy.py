"""The promise of no request outside the site's origin is checked against the site's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_core.site.privacy import outside_requests

from .conftest import mkdocs
from .project import copy_project

QUIET = {"name": "material", "font": False}


def leaks(theme=QUIET, plugins=("search",), extra=None, assets=(), repo_url=None) -> list[str]:
    return outside_requests(theme, plugins, extra or {}, assets, repo_url)


def test_a_quiet_configuration_has_nothing_to_say() -> None:
    assert leaks(assets=["stylesheets/policy.css", "/js/local.js"]) == []


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"theme": {"name": "material"}}, "theme.font is not false"),
        ({"theme": {"name": "material", "font": {"text": "Inter"}}}, "theme.font is not false"),
        ({"plugins": ("search", "social")}, "the social plugin"),
        ({"extra": {"analytics": {"provider": "google", "property": "G-1"}}}, "extra.analytics"),
        ({"assets": ["https://cdn.example.net/x.js"]}, "https://cdn.example.net/x.js is loaded from another origin"),
        ({"assets": ["//cdn.example.net/x.css"]}, "//cdn.example.net/x.css is loaded from another origin"),
        ({"repo_url": "https://github.com/acme/docs"}, "fetch the repository's facts from github.com"),
        ({"theme": {**QUIET, "logo": "https://acme.example/logo.png"}}, "theme.logo"),
    ],
)
def test_each_outside_request_is_named(settings: dict, said: str) -> None:
    (message,) = leaks(**settings)
    assert said in message


def test_the_strict_build_fails_on_material_fonts(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  font: false" in text
    config.write_text(text.replace("  font: false", "  font:\n    text: Roboto"), encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "the site would make requests outside its own origin: theme.font is not false" in result.stderr
