"""Policies loaded once per change: the extension and the plugin share this cache.

``mkdocs serve`` rebuilds the whole site on every save; re-reading a policy file is only
worth doing when the file changed, and the cases of a policy only when its content did.
"""

from __future__ import annotations

from pathlib import Path

from .. import InvalidPolicyError, Policy, PolicyError, cases, content_hash, load_policy, policy_files
from .._cases import Case

_loaded: dict[Path, tuple[tuple[int, int], Policy]] = {}


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def load_folder(folder: Path) -> dict[str, Policy]:
    """Every policy of ``folder`` by id; raise ``InvalidPolicyError`` with all mistakes of all files."""
    policies: dict[str, Policy] = {}
    errors: list[PolicyError] = []
    for path in policy_files(folder):
        stamp = _stamp(path)
        cached = _loaded.get(path)
        if cached is None or cached[0] != stamp:
            try:
                _loaded[path] = (stamp, load_policy(path))
            except InvalidPolicyError as exc:
                _loaded.pop(path, None)
                errors += exc.errors
                continue
        policy = _loaded[path][1]
        policies[policy.id] = policy
    if errors:
        raise InvalidPolicyError(errors)
    return policies


_cases: dict[str, list[Case]] = {}


def cases_of(policy: Policy) -> list[Case]:
    """The policy's cases, computed once per content."""
    digest = content_hash(policy)
    if digest not in _cases:
        _cases[digest] = cases(policy)
    return _cases[digest]
