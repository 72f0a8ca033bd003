"""Policies loaded once per change: the extension and the plugin share this cache.

``mkdocs serve`` rebuilds the whole site on every save; re-reading a policy file is only
worth doing when the file changed, and the cases of a policy only when its content did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..authoring import folder_errors, load_policy, policy_files
from ..engine import Case, InvalidPolicyError, Node, Policy, PolicyError, cases, content_hash, decision_tree
from ..versions import PolicyDiff, Version, diff_policies, history_folder, versions
from .budget import page_errors

_loaded: dict[Path, tuple[tuple[int, int], Policy]] = {}
_failed: dict[Path, tuple[tuple[int, int], list[PolicyError]]] = {}


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


@dataclass
class Folder:
    """What a policy folder holds: its valid policies, and every mistake of the others."""

    policies: dict[str, Policy] = field(default_factory=dict)
    """By id; a file with mistakes is here in its last good version, if it had one."""
    errors: list[PolicyError] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    """The ids (file names) of the files with mistakes."""


def read_folder(folder: Path) -> Folder:
    """Every policy of ``folder``; a file with mistakes keeps its last good version (for the preview)."""
    read = Folder()
    read.errors += folder_errors(folder)  # links out of the folder: named, never followed
    for path in policy_files(folder):
        stamp = _stamp(path)
        cached = _loaded.get(path)
        failed = _failed.get(path)
        if failed is not None and failed[0] == stamp:  # the same mistakes: every block asks, parse once
            read.errors += failed[1]
            read.broken.append(path.stem)
        elif cached is None or cached[0] != stamp:
            try:
                policy = load_policy(path)
                _check_pages(path, policy)
                cached = _loaded[path] = (stamp, policy)
                _failed.pop(path, None)
            except InvalidPolicyError as exc:
                _failed[path] = (stamp, list(exc.errors))
                read.errors += exc.errors
                read.broken.append(path.stem)
        if cached is not None:
            read.policies[cached[1].id] = cached[1]
    return read


def _check_pages(path: Path, policy: Policy) -> None:
    """Refuse, at its ``questions`` key, a policy whose generated pages would pass their limit (``budget``)."""
    errors = page_errors(path, policy, cases_of(policy), tree_of(policy))
    if errors:
        raise InvalidPolicyError(errors)


def load_folder(folder: Path) -> dict[str, Policy]:
    """Every policy of ``folder`` by id; raise ``InvalidPolicyError`` with all mistakes of all files."""
    read = read_folder(folder)
    if read.errors:
        raise InvalidPolicyError(read.errors)
    return read.policies


_by_content: dict[tuple[str, str], Any] = {}


def _once[T](key: tuple[str, str], make: Callable[[], T]) -> T:
    """``make()``, computed once per key of contents (a preview rebuilds every page on each save)."""
    if key not in _by_content:
        _by_content[key] = make()
    result: T = _by_content[key]
    return result


def _once_per_content[T](kind: str, policy: Policy, make: Callable[[Policy], T]) -> T:
    """``make(policy)``, computed once per policy content."""
    return _once((kind, content_hash(policy)), lambda: make(policy))


def cases_of(policy: Policy) -> list[Case]:
    """The policy's cases, computed once per content."""
    return _once_per_content("cases", policy, cases)


def tree_of(policy: Policy) -> Node:
    """The policy's decision tree, computed once per content."""
    return _once_per_content("tree", policy, decision_tree)


_histories: dict[tuple[Path, str], tuple[tuple[tuple[str, tuple[int, int]], ...], list[Version]]] = {}


def versions_of(folder: Path, policy: Policy) -> list[Version]:
    """The versions of ``policy`` a reader can see (``policy_core.versions``), read again only when an archive changed."""
    where = history_folder(folder, policy.id)
    stamps = tuple((p.name, _stamp(p)) for p in sorted(where.iterdir())) if where.is_dir() else ()
    key = (folder, content_hash(policy))
    cached = _histories.get(key)
    if cached is None or cached[0] != stamps:
        cached = _histories[key] = (stamps, versions(folder, policy))
    return cached[1]


def diff_of(old: Policy, new: Policy) -> PolicyDiff:
    """What changed from ``old`` to ``new``, computed once per pair of contents."""
    return _once(("diff", f"{content_hash(old)}>{content_hash(new)}"), lambda: diff_policies(old, new))
