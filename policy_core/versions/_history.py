"""Published versions of a policy: copies of its file, kept as data in the repository.

``policy-core release ID`` copies ``<folder>/ID.yml`` to ``<folder>/history/ID/<updated>.yml``.
A version is named by its ``updated`` date (``2026-11-23``), and pinned by its content hash.
The archive is a byte copy, so it records its own ``format``; the loader reads every format it
ever wrote (older ones are migrated on reading), so old versions stay readable.

The history folder is not a policy folder: discovery (``policy_files``) only reads files directly
in the policy folder, and the site publishes no YAML.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..authoring import POLICY_SUFFIXES, is_safe, link_problem, load_policy, read_policy_file
from ..engine import InvalidPolicyError, Policy, PolicyError, content_hash, human_date

HISTORY = "history"


@dataclass(frozen=True, kw_only=True)
class Version:
    """One version of a policy: its readable id (the ``updated`` date), the policy, and where it is archived."""

    policy: Policy
    path: Path | None
    """The archived copy; ``None`` for the current file's content when it is not released yet."""

    @property
    def id(self) -> str:
        return self.policy.updated.isoformat()

    @property
    def hash(self) -> str:
        return content_hash(self.policy)

    @property
    def released(self) -> bool:
        return self.path is not None

    @property
    def label(self) -> str:
        """``23 November 2026``."""
        return human_date(self.policy.updated)


def history_folder(folder: str | os.PathLike[str], policy_id: str) -> Path:
    """Where the released versions of a policy are kept."""
    return Path(folder) / HISTORY / policy_id


def released_versions(folder: str | os.PathLike[str], policy_id: str) -> list[Version]:
    """The released versions of a policy, oldest first; raise ``InvalidPolicyError`` naming each bad archive."""
    where = history_folder(folder, policy_id)
    if not is_safe(Path(folder), where):
        raise InvalidPolicyError([PolicyError(LINK_OUT, path=str(where))])
    inside = Path(folder).resolve()
    kept = (
        (p for p in where.iterdir() if p.suffix in POLICY_SUFFIXES and link_problem(inside, p) is None) if where.is_dir() else ()
    )
    paths = sorted(kept)
    found: list[Version] = []
    errors: list[PolicyError] = []
    for path in paths:
        try:
            policy = read_policy_file(path)
        except InvalidPolicyError as exc:
            errors += exc.errors
            continue
        if policy.id != policy_id:
            errors.append(PolicyError(f"this archive is of policy '{policy.id}', not '{policy_id}'", path=os.fspath(path)))
        elif path.stem != policy.updated.isoformat():
            errors.append(
                PolicyError(
                    f"an archived version is named after its 'updated' date ({policy.updated.isoformat()}{path.suffix})",
                    path=os.fspath(path),
                )
            )
        else:
            found.append(Version(policy=policy, path=path))
    if errors:
        raise InvalidPolicyError(errors)
    return found


def versions(folder: str | os.PathLike[str], current: Policy) -> list[Version]:
    """Every version a reader can see, oldest first: the released ones, then the current file if it differs from them all."""
    released = released_versions(folder, current.id)
    if any(v.hash == content_hash(current) for v in released):
        return released
    return [*released, Version(policy=current, path=None)]


def with_previous(found: list[Version]) -> list[tuple[Version, Version | None]]:
    """Each version with the one before it (``None`` for the first), newest first: how histories list them."""
    return [(found[i], found[i - 1] if i else None) for i in range(len(found) - 1, -1, -1)]


LINK_OUT = "a symbolic link that leads outside the policies folder: versions are neither read nor written through it"


class ReleaseError(ValueError):
    """A release that would lose or confuse a version."""


def release(folder: str | os.PathLike[str], policy_id: str) -> tuple[Version, bool]:
    """Archive the current file of ``policy_id`` as the version of its ``updated`` date.

    Returns the version and whether it was new (``False``: that exact version was already released).
    Raise ``ReleaseError`` when the date is taken by other content, or is older than the last release.
    """
    source = Path(folder) / f"{policy_id}.yml"
    current = load_policy(source)
    released = released_versions(folder, policy_id)
    target = history_folder(folder, policy_id) / f"{current.updated.isoformat()}.yml"
    same_day = next((v for v in released if v.id == current.updated.isoformat()), None)
    if same_day is not None:
        if same_day.hash == content_hash(current):
            return same_day, False
        raise ReleaseError(
            f"{source}: a version of {same_day.label} is already released with other content; "
            f"set 'updated' to the day this version is published, then release again"
        )
    if released and released[-1].policy.updated > current.updated:
        raise ReleaseError(
            f"{source}: 'updated' ({current.updated.isoformat()}) is older than the last release ({released[-1].id})"
        )
    if not (is_safe(Path(folder), target.parent) and is_safe(Path(folder), target)):
        raise ReleaseError(f"{target.parent}: {LINK_OUT}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return Version(policy=current, path=target), True


def find_version(found: list[Version], wanted: str) -> Version | None:
    """The version a link or a block names: by readable id (``2026-11-23``) or content hash (or a prefix of 8+)."""
    for version in reversed(found):  # the newest wins if a date was reused before a release
        if wanted in (version.id, version.hash) or (len(wanted) >= 8 and version.hash.startswith(wanted)):
            return version
    return None
