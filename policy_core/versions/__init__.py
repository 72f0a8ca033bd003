"""Versions: what changed between two versions of a policy, releasing one, and the history.

The diff in words and in verdicts (every case of the old version against the new), ``release``
(a version kept, so that share links made under it still read), and the history the site and
the command line list.

May import: engine, authoring.
"""

from __future__ import annotations

from ._diff import PolicyDiff, TextChange, diff_policies, diff_text, moved_classes
from ._history import ReleaseError, Version, find_version, history_folder, release, released_versions, versions, with_previous

__all__ = [
    "PolicyDiff",
    "ReleaseError",
    "TextChange",
    "Version",
    "diff_policies",
    "diff_text",
    "find_version",
    "history_folder",
    "moved_classes",
    "release",
    "released_versions",
    "versions",
    "with_previous",
]
