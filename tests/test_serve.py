"""The preview (`mkdocs serve`): a save shows in the open tab; a broken save shows its mistakes and never hangs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import copy_project
from .project import fetch, free_port, wait_for

pytestmark = [pytest.mark.site, pytest.mark.browser]

BANNER = "Policy files have mistakes"
MISTAKE = "'kind' must be one of overview, supported, not-supported, terms, not 'suported'"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """`mkdocs serve` on a copy of the project: (project, base URL, the terminal's output)."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    output = tmp_path / "serve.log"
    with output.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            yield project, f"http://127.0.0.1:{port}/", output
            assert server.poll() is None, "the preview must survive every save"
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_a_broken_save_shows_its_mistakes_over_the_last_good_version(preview, context) -> None:
    project, base, output = preview
    url = f"{base}alurian/"
    assert wait_for(lambda: "Template Customizations (HTML &amp; CSS)" in fetch(url)), "the site was not served"
    policy = project / "docs" / "policies" / "alurian.yml"
    original = policy.read_text(encoding="utf-8")
    page = context.new_page()
    page.goto(url)

    # A good save: the open tab reloads with the new text.
    policy.write_text(original.replace("Template Customizations (HTML & CSS)", "Theme edits (HTML & CSS)"), encoding="utf-8")
    expect(page.get_by_text("Theme edits (HTML & CSS)").first).to_be_visible(timeout=30_000)

    # A broken save: the open tab shows where the mistake is, over the last good text.
    policy.write_text(
        original.replace("Template Customizations (HTML & CSS)", "Theme edits (HTML & CSS)").replace(
            "kind: supported", "kind: suported"
        ),
        encoding="utf-8",
    )
    banner = page.locator(".policy-mistakes")
    expect(banner).to_contain_text(BANNER, timeout=30_000)
    expect(banner).to_contain_text(MISTAKE)
    assert "docs/policies/alurian.yml:" in banner.inner_text()
    expect(banner).to_contain_text("the pages show the last good version of each file")
    expect(page.get_by_text("Theme edits (HTML & CSS)").first).to_be_visible()
    # Every page answers at once (no request is held until a good save), and the terminal says where.
    assert BANNER in fetch(f"{base}interspire/check/")
    assert wait_for(lambda: MISTAKE in output.read_text(encoding="utf-8"))

    # The fixed save: the notice goes, the new text shows.
    policy.write_text(original.replace("Template Customizations (HTML & CSS)", "Fixed again (HTML & CSS)"), encoding="utf-8")
    expect(page.get_by_text("Fixed again (HTML & CSS)").first).to_be_visible(timeout=30_000)
    expect(banner).to_have_count(0)

    # The same mistake again later: the terminal names it again, not just "Aborted".
    shown = output.read_text(encoding="utf-8").count(MISTAKE)
    policy.write_text(original.replace("kind: supported", "kind: suported"), encoding="utf-8")
    assert wait_for(lambda: output.read_text(encoding="utf-8").count(MISTAKE) > shown)


def test_a_new_policy_file_with_mistakes_gets_pages_that_say_so(preview) -> None:
    project, base, _ = preview
    assert wait_for(lambda: bool(fetch(base)))
    (project / "docs" / "policies" / "newcomer.yml").write_text("format: 2\nid: newcomer\ntitle: [unclosed\n", encoding="utf-8")
    assert wait_for(lambda: BANNER in fetch(f"{base}newcomer/check/"))
    page = fetch(f"{base}newcomer/check/")
    assert re.search(r"<code>docs/policies/newcomer\.yml:3:\d+: this list, opened with", page), "named from the site's folder"
    assert "the file of policy 'newcomer' has mistakes, listed at the top of this page" in page
