"""Files are what they say: a policy folder is read, copied and written only inside itself. Build time only.

A symbolic link in the policies folder could make a build read a credentials file into an error
message, copy ``/dev/zero`` into the site until the disk is full, or make ``release`` write
outside the repository. So a link is followed only while it stays in the folder and ends at a
regular file (or, for ``history/``, a folder); any other is one located error that names the
link, never what it points at. Files are read at most one byte past the size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..engine import InvalidPolicyError, PolicyError
from ._limits import MAX_FILE_BYTES


def _outside(root: Path, path: Path) -> bool:
    try:
        return not path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a dangling link or a loop
        return True


def link_problem(root: Path, path: Path) -> str | None:
    """Why ``path`` must not be followed: a link that leaves ``root`` (resolved) or ends at no file or folder."""
    if not path.is_symlink():
        return None
    if _outside(root, path):
        return "a symbolic link that leads outside the policies folder (or nowhere): not read, copied or published"
    if not (path.is_dir() or stat.S_ISREG(path.stat().st_mode)):
        return "a symbolic link to a device, a pipe or a socket: not read, copied or published"
    return None


def unsafe_entries(folder: Path) -> dict[Path, str]:
    """Each link anywhere under ``folder`` that must not be followed, with why."""
    if not folder.is_dir():
        return {}
    root = folder.resolve()
    entries = (Path(where) / name for where, dirs, files in os.walk(folder, followlinks=False) for name in [*dirs, *files])
    return {path: problem for path in entries if (problem := link_problem(root, path)) is not None}


def folder_errors(folder: Path) -> list[PolicyError]:
    """The unsafe links under ``folder``, as errors located at each link."""
    return [PolicyError(reason, path=os.fspath(path)) for path, reason in sorted(unsafe_entries(folder).items())]


def is_safe(folder: Path, path: Path) -> bool:
    """Whether ``path`` (named inside ``folder``) is read or written where it says: inside ``folder``, through any links."""
    return path.resolve().is_relative_to(folder.resolve())


def read_text(path: Path, shown: str) -> str:
    """The UTF-8 text of the regular file ``path``, read at most to the size limit; ``InvalidPolicyError`` otherwise."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise InvalidPolicyError([PolicyError("not a regular file (a folder, a device or a pipe): not read", path=shown)])
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a file that grows while read is still cut short
    except OSError as exc:
        raise InvalidPolicyError([PolicyError(f"cannot read the file: {exc.strerror}", path=shown)]) from None
    if len(data) > MAX_FILE_BYTES:
        size = max(status.st_size, len(data))
        message = f"the file is {size:,} bytes; a policy file is at most {MAX_FILE_BYTES:,} bytes"
        raise InvalidPolicyError([PolicyError(message, path=shown)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidPolicyError([PolicyError("the file is not UTF-8 text", path=shown)]) from None
