"""Released versions: the release command, the archive, reading old formats, and diffs from the terminal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_core import InvalidPolicyError, content_hash, load_policy
from policy_core.versions._history import find_version, release, released_versions, versions

from .conftest import FIXTURES, ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policy_core", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A policy folder holding the engine fixture, in a git repository with one commit."""
    policies = tmp_path / "docs" / "policies"
    policies.mkdir(parents=True)
    shutil.copy(FIXTURES / "engine.yml", policies / "engine.yml")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True)
    return policies


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_release_archives_a_byte_copy_named_by_its_date(folder: Path) -> None:
    version, new = release(folder, "engine")
    assert new
    assert version.id == "2026-05-01"
    assert version.path == folder / "history" / "engine" / "2026-05-01.yml"
    assert version.path.read_bytes() == (folder / "engine.yml").read_bytes()
    assert release(folder, "engine") == (version, False)  # the same version again: nothing to do
    assert [v.id for v in versions(folder, load_policy(folder / "engine.yml"))] == ["2026-05-01"]


def test_a_changed_policy_under_a_released_date_is_refused(folder: Path) -> None:
    release(folder, "engine")
    edit(folder / "engine.yml", "text: How-to questions.", "text: How-to questions, by email.")
    with pytest.raises(ValueError, match="already released with other content; set 'updated'"):
        release(folder, "engine")
    current = load_policy(folder / "engine.yml")
    listed = versions(folder, current)
    assert [(v.id, v.released) for v in listed] == [("2026-05-01", True), ("2026-05-01", False)]
    edit(folder / "engine.yml", "updated: 2026-05-01", "updated: 2026-06-01")
    version, new = release(folder, "engine")
    assert new
    assert [v.id for v in released_versions(folder, "engine")] == ["2026-05-01", "2026-06-01"]
    assert find_version(released_versions(folder, "engine"), version.hash[:8]) == version


def test_an_archive_of_the_old_format_stays_readable(tmp_path: Path) -> None:
    """minimal.yml is written in format 1 (``period-months``, ``action-required``): it is migrated on reading."""
    archive = tmp_path / "history" / "minimal"
    archive.mkdir(parents=True)
    shutil.copy(FIXTURES / "minimal.yml", archive / "2026-01-31.yml")
    (version,) = released_versions(tmp_path, "minimal")
    assert version.policy.questions[1].period is not None
    assert content_hash(version.policy) == content_hash(load_policy(FIXTURES / "minimal.yml"))


def test_a_misnamed_or_foreign_archive_is_a_located_error(tmp_path: Path) -> None:
    archive = tmp_path / "history" / "engine"
    archive.mkdir(parents=True)
    shutil.copy(FIXTURES / "engine.yml", archive / "2026-01-01.yml")
    shutil.copy(FIXTURES / "minimal.yml", archive / "2026-01-31.yml")
    with pytest.raises(InvalidPolicyError) as caught:
        released_versions(tmp_path, "engine")
    messages = [f"{Path(e.path).name}: {e.message}" for e in caught.value.errors]
    assert messages == [
        "2026-01-01.yml: an archived version is named after its 'updated' date (2026-05-01.yml)",
        "2026-01-31.yml: this archive is of policy 'minimal', not 'engine'",
    ]


def test_the_history_folder_is_not_read_as_policies(folder: Path) -> None:
    release(folder, "engine")
    result = run("--policies", str(folder), "validate")
    assert (result.returncode, result.stderr) == (0, "")


def test_diff_against_a_git_revision_and_the_last_release(folder: Path) -> None:
    here = folder.parent.parent
    assert run("diff", "engine", cwd=here).returncode == 2  # nothing released yet
    release(folder, "engine")
    edit(folder / "engine.yml", "    period: 12 months\n    term: support", "    period: 6 months\n    term: support")
    for args in (("diff", "engine", "--against", "HEAD"), ("diff", "engine")):
        result = run(*args, cwd=here)
        assert result.returncode == 0, result.stderr
        assert "Date rule: When did you buy your license? support period 12 months → 6 months" in result.stdout
        last = result.stdout.splitlines()[-1]
        assert " cases change: " in last
        assert not last.startswith("0 of")
    data = json.loads(run("diff", "engine", "--json", cwd=here).stdout)
    assert data["cases"]["changed"] > 0
    assert data["rules"]


def test_diff_mistakes_are_named(folder: Path) -> None:
    here = folder.parent.parent
    unknown = run("diff", "engine", "--against", "no-such-rev", cwd=here)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "docs/policies/engine.yml@no-such-rev:1:1: unknown revision 'no-such-rev' in this repository"
    other = run("diff", str(FIXTURES / "engine.yml"), str(FIXTURES / "acme.yml"))
    assert other.returncode == 2
    assert "two different policies ('engine' and 'acme')" in other.stderr
    assert run("diff", str(FIXTURES / "engine.yml"), str(FIXTURES / "acme.yml"), "--allow-different-ids").returncode == 0
    not_policy = run("diff", str(FIXTURES / "engine.yml"), str(ROOT / "README.md"))
    assert not_policy.returncode == 1
    assert not_policy.stderr.startswith(f"{ROOT / 'README.md'}:")
    assert "Traceback" not in not_policy.stderr


def test_the_reference_policies_diff_against_each_other(tmp_path: Path) -> None:
    """A smoke test of scale, on whatever the reference policies hold."""
    policies = sorted((ROOT / "docs" / "policies").glob("*.yml"))
    if len(policies) < 2:
        pytest.skip("one reference policy")
    result = run("diff", str(policies[0]), str(policies[1]), "--allow-different-ids", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cases"]["compared"] > 0


def test_check_a_link_made_under_an_older_version(folder: Path) -> None:
    from policy_core import check_request  # noqa: PLC0415

    release(folder, "engine")
    then = load_policy(folder / "engine.yml")
    answers = {"issue": "how-to", "release": "latest", "purchased": "2026-01-10", "filer": "customer"}
    made = json.loads(check_request(then, json.dumps({"answers": answers, "today": "2026-10-01"})))
    link = f"https://support.example.com/engine/check/#{made['fragment']}"
    assert "policy=2026-05-01." in link
    edit(folder / "engine.yml", "    period: 12 months\n    term: support", "    period: 6 months\n    term: support")
    edit(folder / "engine.yml", "updated: 2026-05-01", "updated: 2026-09-01")
    here = folder.parent.parent
    result = run("check", "--link", link, "--today", "2026-10-02", cwd=here)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "As checked on 1 October 2026, under the policy of 1 May 2026 (the customer's check)" in out
    assert "the policy has changed since (it is now the policy of 1 September 2026)" in out
    customer, _, today = out.partition("under today's policy, it would differ:")
    assert "\nSupported\n" in customer
    assert "Still to answer:\n  - Until when does your renewed support run?" in today  # 6 months: renewal matters now
    # Without the archive, the link is judged under today's policy, and says so.
    shutil.rmtree(folder / "history")
    alone = run("check", "--link", link, "--today", "2026-10-02", cwd=here).stdout
    assert "made under the policy of 1 May 2026, which this site no longer has" in alone
