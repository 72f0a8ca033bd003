"""Files are what they say: a symbolic link in the policies folder is named, never followed out of it.

The hostile corpus for links: to a secret, to a device, a folder of versions that leads outside.
Each is one located error naming the link; the target's content is never printed, copied or
written through.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_core import InvalidPolicyError, load_policy
from policy_core.versions._history import ReleaseError, release

from .conftest import FIXTURES, mkdocs
from .project import copy_project

SECRET = "API_TOKEN=https://bot:s3cret-token@ci.example.com"
LINK_OUT = "a symbolic link that leads outside the policies folder (or nowhere): not read, copied or published"


def validate(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policy_core", "--policies", str(folder), "validate", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(FIXTURES / "engine.yml", policies / "engine.yml")
    (tmp_path / "secret.env").write_text(SECRET + "\n", encoding="utf-8")
    return policies


def test_a_link_to_a_secret_is_named_and_its_content_never_printed(folder: Path) -> None:
    (folder / "leak.yml").symlink_to(folder.parent / "secret.env")
    result = validate(folder)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{folder / 'leak.yml'}:1:1: {LINK_OUT}"
    assert "s3cret" not in result.stdout + result.stderr


def test_a_link_to_a_device_is_refused_without_reading_it(folder: Path) -> None:
    (folder / "zero.yml").symlink_to("/dev/zero")
    result = validate(folder)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{folder / 'zero.yml'}:1:1: {LINK_OUT}"
    typed = validate(folder, str(folder / "zero.yml"))  # a path the agent typed is followed, but a device is not read
    assert typed.returncode == 1
    assert "not a regular file (a folder, a device or a pipe): not read" in typed.stderr
    assert "Traceback" not in typed.stderr


def test_a_file_one_byte_over_the_limit_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.yml"
    path.write_bytes(b"#" * 1_000_001)
    with pytest.raises(InvalidPolicyError, match="the file is 1,000,001 bytes; a policy file is at most 1,000,000 bytes"):
        load_policy(path)


def test_a_link_that_stays_in_the_folder_is_read(folder: Path) -> None:
    (folder / "drafts").mkdir()
    shutil.move(folder / "engine.yml", folder / "drafts" / "engine.yml")
    (folder / "engine.yml").symlink_to(Path("drafts") / "engine.yml")
    assert validate(folder).returncode == 0


def test_release_never_writes_through_a_history_link_that_leaves_the_folder(folder: Path) -> None:
    outside = folder.parent / "elsewhere"
    outside.mkdir()
    (folder / "history").mkdir()
    (folder / "history" / "engine").symlink_to(outside)
    with pytest.raises((ReleaseError, InvalidPolicyError), match="a symbolic link that leads outside the policies folder"):
        release(folder, "engine")
    assert list(outside.iterdir()) == []


@pytest.mark.site
def test_the_build_stops_at_links_out_and_publishes_none_of_them(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "secret.env").write_text(SECRET + "\n", encoding="utf-8")
    policies = project / "docs" / "policies"
    for name in ("leak.yml", "notes.txt"):
        (policies / name).symlink_to(tmp_path / "secret.env")
    (policies / "zero.yml").symlink_to("/dev/zero")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    for name in ("leak.yml", "notes.txt", "zero.yml"):
        assert f"docs/policies/{name}:1:1: {LINK_OUT}" in result.stderr
    assert "s3cret" not in result.stdout + result.stderr
    site = project / "site"
    leaked = [p for p in site.rglob("*") if p.is_file() and "s3cret" in p.read_text(errors="replace")] if site.is_dir() else []
    assert leaked == []
    assert not os.path.exists(site / "policies" / "zero.yml")
