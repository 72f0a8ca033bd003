"""`mkdocs serve` rebuilds when a writer saves a policy file, and survives a broken save."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_project
from .project import fetch, free_port, wait_for

pytestmark = pytest.mark.site


def test_serve_reloads_policy_edits(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/alurian/"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        assert wait_for(lambda: "Template Customizations (HTML &amp; CSS)" in fetch(url)), "the site was not served"
        policy = project / "docs" / "policies" / "alurian.yml"
        original = policy.read_text(encoding="utf-8")
        policy.write_text(original.replace("Template Customizations (HTML & CSS)", "Theme edits (HTML & CSS)"), encoding="utf-8")
        assert wait_for(lambda: "Theme edits (HTML &amp; CSS)" in fetch(url)), "the edit was not picked up"

        # A broken save: the terminal names the spot; MkDocs holds the page until the file is fixed.
        policy.write_text(original.replace("kind: supported", "kind: suported"), encoding="utf-8")
        output = tmp_path / "serve.log"
        assert wait_for(lambda: "alurian.yml:" in output.read_text(encoding="utf-8"))
        assert "'kind' must be one of overview, supported, not-supported, terms, not 'suported'" in output.read_text(
            encoding="utf-8"
        )
        assert server.poll() is None, "the server must survive a broken policy"

        policy.write_text(original.replace("Template Customizations (HTML & CSS)", "Fixed again (HTML & CSS)"), encoding="utf-8")
        assert wait_for(lambda: "Fixed again (HTML &amp; CSS)" in fetch(url)), "the fixed file was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
