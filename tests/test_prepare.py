"""``policy-core site prepare``: what it writes into a site's docs folder, and what it never touches."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from policy_core.cli import main
from policy_core.site.prepare import CONFIG_OUT, PrepareError, prepare, read_config

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.site

CONFIG = f"""\
site_name: Acme help
site_url: https://help.example.com/
INHERIT: base.yml
theme:
  name: material
  font: false
plugins:
  - search
  - policy:
      pyodide: {ROOT / "node_modules" / "pyodide"}
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - policy_core
# The guides first.
nav:
  - Home: index.md
  - Support: policies/
# Kept as written.
not_in_nav: |
  /drafts.md
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "base.yml").write_text("copyright: Acme\n", encoding="utf-8")
    (tmp_path / "docs" / "policies").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Acme help\n", encoding="utf-8")
    shutil.copy(FIXTURES / "acme.yml", tmp_path / "docs" / "policies" / "acme.yml")
    return tmp_path


def test_it_writes_the_pages_json_feed_and_runtime_and_a_configuration_to_build_with(site: Path) -> None:
    done = prepare(site / "mkdocs.yml")
    docs = site / "docs"
    for page in ("index", "check", "questions", "cases", "history", "flow"):
        text = (docs / "acme" / f"{page}.md").read_text(encoding="utf-8")
        assert text.startswith("---\n# Made by `policy-core site prepare` from docs/policies")
    assert (docs / "acme" / "policy.json").is_file()
    assert (docs / "acme" / "versions.atom").is_file()
    assert (docs / "assets" / "policy-core" / "policy.css").is_file()
    (runtime,) = (docs / "assets").glob("policy-check-*")
    assert (runtime / "policy-check.js").is_file()
    assert (runtime / "pyodide.asm.wasm").is_file()
    assert not (runtime / ".complete").exists()
    assert done.config == site / CONFIG_OUT
    added = yaml.safe_load(done.config.read_text(encoding="utf-8"))
    assert added["extra_javascript"] == [{"path": f"assets/{runtime.name}/policy-check.js", "type": "module"}]
    assert f"assets/{runtime.name}/policy-check.css" in added["extra_css"]
    copy = (site / added["INHERIT"]).read_text(encoding="utf-8")
    # The copy is mkdocs.yml as written, tags and comments kept, with the marker replaced by the policy's section.
    assert "!!python/name:material.extensions.emoji.twemoji" in copy
    assert "# Kept as written." in copy
    assert "INHERIT: ../base.yml" in copy
    nav = read_config(site / added["INHERIT"]).data["nav"]
    assert nav[0] == {"Home": "index.md"}
    ((section, pages),) = nav[1]["Support"][0].items()
    assert section == "Acme"
    assert {"Check your issue": "acme/check.md"} in pages


def test_a_second_run_writes_nothing_and_a_removed_policy_takes_its_files_along(site: Path) -> None:
    prepare(site / "mkdocs.yml")
    assert prepare(site / "mkdocs.yml").written == []
    (site / "docs" / "policies" / "acme.yml").unlink()
    (site / "docs" / "policies" / "beta.yml").write_text(
        (FIXTURES / "acme.yml").read_text(encoding="utf-8").replace("id: acme", "id: beta"), encoding="utf-8"
    )
    done = prepare(site / "mkdocs.yml")
    assert "acme/index.md" in done.removed
    assert not (site / "docs" / "acme").exists()
    assert (site / "docs" / "beta" / "index.md").is_file()


def test_a_page_written_or_edited_by_hand_is_never_overwritten(site: Path) -> None:
    own = site / "docs" / "acme" / "check.md"
    own.parent.mkdir()
    own.write_text("# Our own check page\n\n/// policy-check | acme\n///\n", encoding="utf-8")
    done = prepare(site / "mkdocs.yml")
    assert own.read_text(encoding="utf-8").startswith("# Our own check page")
    assert done.kept == ["acme/check.md"]
    ignored = (site / "docs" / "acme" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/index.md" in ignored
    assert "/policy.json" in ignored
    assert "/check.md" not in ignored, "a page of the site's own stays in version control"
    assert any("docs/acme/check.md: kept as written by hand" in w for w in done.warnings)
    edited = site / "docs" / "acme" / "cases.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA note of ours.\n", encoding="utf-8")
    prepare(site / "mkdocs.yml")
    assert "A note of ours." in edited.read_text(encoding="utf-8")
    own.unlink()
    prepare(site / "mkdocs.yml")
    assert own.read_text(encoding="utf-8").startswith("---\n# Made by")


def test_a_file_of_the_site_in_the_way_stops_it(site: Path) -> None:
    mine = site / "docs" / "acme" / "policy.json"
    mine.parent.mkdir()
    mine.write_text("{}", encoding="utf-8")
    with pytest.raises(PrepareError, match=r"docs/acme/policy.json: policy-core would write this file, which it did not make"):
        prepare(site / "mkdocs.yml")
    assert mine.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize(
    ("ident", "mine", "owner"),
    [
        ("support-staff", "support-staff.md", "support-staff.md"),  # a page of the site's own, same address
        ("guides", "guides.md", "guides.md"),  # the address guides/, from another source
        ("downloads", "downloads/manual.pdf", "downloads/manual.pdf"),  # a folder the site serves files from
        ("assets", None, "assets/"),  # the theme's and the runtime's folder
    ],
)
def test_a_policy_id_that_takes_the_sites_address_stops_it(site: Path, ident: str, mine: str | None, owner: str) -> None:
    """As the MkDocs plugin does (tests/test_addresses.py): nothing is written, the id's line is named."""
    text = (FIXTURES / "acme.yml").read_text(encoding="utf-8").replace("id: acme", f"id: {ident}", 1)
    (site / "docs" / "policies" / f"{ident}.yml").write_text(text, encoding="utf-8")
    if mine is not None:
        (site / "docs" / mine).parent.mkdir(parents=True, exist_ok=True)
        (site / "docs" / mine).write_text("# Mine\n", encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("id:"))
    expected = f"docs/policies/{ident}.yml:{line}:1: the policy id '{ident}' would take the address of {owner}, which the site"
    with pytest.raises(PrepareError, match=re.escape(expected)):
        prepare(site / "mkdocs.yml")
    assert not (site / "docs" / "acme").exists()
    if mine is not None:
        assert (site / "docs" / mine).read_text(encoding="utf-8") == "# Mine\n"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("  - policy_core\n", ""), "markdown_extensions: add `- policy_core`"),
        (("site_url: https://help.example.com/\n", ""), "mkdocs.yml: site_url: "),
    ],
)
def test_what_a_build_without_plugins_needs_is_asked_for(site: Path, edit: tuple[str, str], message: str) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(PrepareError, match=message):
        prepare(config)


def test_mistakes_are_located_and_nothing_is_written(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = site / "docs" / "policies" / "acme.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nunclosed: [\n", encoding="utf-8")
    assert main(["site", "prepare", "--config", str(site / "mkdocs.yml")]) == 1
    assert "docs/policies/acme.yml:" in capsys.readouterr().err
    assert not (site / "docs" / "acme").exists()
    assert not (site / CONFIG_OUT).exists()


def test_settings_that_would_make_requests_outside_the_origin_are_warned_about(site: Path) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  font: false\n", "")
    config.write_text(text + "extra_javascript:\n  - https://cdn.example.com/x.js\n", encoding="utf-8")
    warnings = prepare(config).warnings
    assert any("mkdocs.yml: the site would make requests outside its own origin: theme.font" in w for w in warnings)
    assert any("https://cdn.example.com/x.js is loaded from another origin" in w for w in warnings)
    config.write_text(CONFIG, encoding="utf-8")
    assert not [w for w in prepare(config).warnings if "outside its own origin" in w]
