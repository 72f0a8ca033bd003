"""The writer's commands for versions: ``diff``, ``release`` and ``history``.

``policy-core diff OLD.yml NEW.yml``, ``policy-core diff ID --against REV`` (the file at a git
revision) or ``policy-core diff ID`` (against the last released version).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from ..authoring import read_policy_file, read_policy_text
from ..engine import InvalidPolicyError, Policy, PolicyError
from ..versions import ReleaseError, Version, diff_policies, diff_text, release, released_versions, versions, with_previous
from ._common import names_a_file

Finder = Callable[[argparse.Namespace], Policy]


class VersionUsageError(Exception):
    """A mistake in how a version command was called (the CLI exits 2)."""


def _at_revision(path: Path, revision: str) -> Policy:
    """The policy file as it was at a git revision; a located error when git cannot give it."""
    shown = f"{path}@{revision}"
    try:
        known = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
            cwd=path.parent,
            capture_output=True,
            check=False,
        )
        if known.returncode != 0:
            raise InvalidPolicyError([PolicyError(f"unknown revision '{revision}' in this repository", path=shown)])
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=path.parent, capture_output=True, text=True, check=True
        ).stdout.strip()
        relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
        shown_text = subprocess.run(
            ["git", "show", f"{revision}:{relative}"], cwd=top, capture_output=True, text=True, check=True
        ).stdout
    except FileNotFoundError:
        raise InvalidPolicyError([PolicyError("git is not installed, so no revision can be read", path=shown)]) from None
    except subprocess.CalledProcessError as exc:
        reason = (exc.stderr or "").strip().splitlines()[-1:] or ["git failed"]
        raise InvalidPolicyError([PolicyError(f"no such file at that revision ({reason[0]})", path=shown)]) from None
    return read_policy_text(shown_text, shown)


def _read(path_or_id: str, find: Finder, args: argparse.Namespace) -> Policy:
    if names_a_file(path_or_id) or Path(path_or_id).is_file():
        return read_policy_file(path_or_id)
    return find(argparse.Namespace(**{**vars(args), "policy": path_or_id}))


def _source_path(policy: Policy, args: argparse.Namespace, folder: Path) -> Path:
    return Path(args.old) if names_a_file(args.old) else folder / f"{policy.id}.yml"


def cmd_diff(args: argparse.Namespace, find: Finder, folder: Path) -> int:
    if args.new is not None and args.against is not None:
        raise VersionUsageError("compare two files, or one policy --against a revision, not both")
    first = _read(args.old, find, args)
    if args.new is not None:
        old, new = first, _read(args.new, find, args)
    elif args.against is not None:
        old, new = _at_revision(_source_path(first, args, folder), args.against), first
    else:
        released = released_versions(folder, first.id)
        if not released:
            raise VersionUsageError(f"{first.id} has no released version to compare with; name a file or use --against REV")
        old, new = released[-1].policy, first
    if old.id != new.id and not args.allow_different_ids:
        raise VersionUsageError(
            f"these are two different policies ('{old.id}' and '{new.id}'); pass --allow-different-ids to compare them anyway"
        )
    diff = diff_policies(old, new)
    print(json.dumps(diff.to_json(), indent=2, ensure_ascii=False) if args.json else diff_text(diff))
    return 0


def _describe(version: Version, previous: Version | None) -> str:
    state = "" if version.released else " (not released yet)"
    if previous is None:
        return f"{version.id} {version.hash}{state}: the first published version"
    return f"{version.id} {version.hash}{state}: {diff_policies(previous.policy, version.policy).headline()}"


def cmd_release(args: argparse.Namespace, find: Finder, folder: Path) -> int:
    policy = find(args)
    try:
        version, new = release(folder, policy.id)
    except ReleaseError as exc:
        raise InvalidPolicyError([PolicyError(str(exc))]) from None
    if not new:
        print(f"{policy.id}: the version of {version.label} ({version.id}, {version.hash}) is already released.")
        return 0
    found = released_versions(folder, policy.id)
    previous = found[-2] if len(found) > 1 else None
    print(f"Released {policy.id} version {version.id} ({version.hash}) as {version.path}")
    print(_describe(version, previous))
    return 0


def cmd_history(args: argparse.Namespace, find: Finder, folder: Path) -> int:
    policy = find(args)
    found = versions(folder, policy)
    if args.json:
        rows = [
            {"id": v.id, "hash": v.hash, "released": v.released, "path": os.fspath(v.path) if v.path else None} for v in found
        ]
        print(json.dumps({"policy": policy.id, "versions": rows}, indent=2, ensure_ascii=False))
        return 0
    for version, previous in reversed(with_previous(found)):
        print(_describe(version, previous))
    return 0


def register(
    command: Callable[..., argparse.ArgumentParser],
    wrap: Callable[[Callable[[argparse.Namespace, Finder, Path], int]], Callable[[argparse.Namespace], int]],
) -> None:
    """Add the version commands to the CLI's parser (``command`` as in ``cli.build_parser``)."""
    diff = command("diff", wrap(cmd_diff), "What changed between two versions of a policy, in words and in verdicts.")
    diff.add_argument("old", metavar="OLD", help="a policy id or file: the old version (or the new one, with --against)")
    diff.add_argument("new", metavar="NEW", nargs="?", help="a policy id or file: the new version")
    diff.add_argument("--against", metavar="REV", help="compare the policy with its file at a git revision (e.g. HEAD~1)")
    diff.add_argument("--allow-different-ids", action="store_true", help="compare two different policies")
    diff.add_argument("--json", action="store_true", help="print the difference as JSON")

    release_cmd = command("release", wrap(cmd_release), "Record the policy as the published version of its 'updated' date.")
    release_cmd.add_argument("policy", metavar="POLICY", help="a policy id from the policy folder")

    history = command("history", wrap(cmd_history), "List the published versions of a policy and what each changed.")
    history.add_argument("policy", metavar="POLICY", help="a policy id from the policy folder")
    history.add_argument("--json", action="store_true", help="print them as JSON")
