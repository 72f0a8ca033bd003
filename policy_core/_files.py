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

from ._errors import InvalidPolicyError, PolicyError
from ._limits import MAX_FILE_BYTES


def _outside(root: Path, path: Path) -> bool:
    try:
        return not path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a dangling link or a loop
        return True


def unsafe_entries(folder: Path) -> dict[Path, str]:
    """Each link under ``folder`` that leaves it or ends at no regular file or folder, with why it is not read."""
    found: dict[Path, str] = {}
    if not folder.is_dir():
        return found
    root = folder.resolve()
    for where, dirs, files in os.walk(folder, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(where) / name
            if not path.is_symlink():
                continue
            if _outside(root, path):
                found[path] = "a symbolic link that leads outside the policies folder (or nowhere): not read, copied or published"
            elif not (path.is_dir() or stat.S_ISREG(path.stat().st_mode)):
                found[path] = "a symbolic link to a device, a pipe or a socket: not read, copied or published"
    return found


def folder_errors(folder: Path) -> list[PolicyError]:
    """The unsafe links under ``folder``, as errors located at each link."""
    return [PolicyError(reason, path=os.fspath(path)) for path, reason in sorted(unsafe_entries(folder).items())]


def is_safe(folder: Path, path: Path) -> bool:
    """Whether ``path`` (named inside ``folder``) is read or written where it says, inside ``folder``."""
    return not _outside(folder.resolve(), path) if (path.is_symlink() or _any_link(folder, path)) else True


def _any_link(folder: Path, path: Path) -> bool:
    """Whether a folder between ``folder`` and ``path`` is a symbolic link."""
    try:
        parts = path.relative_to(folder).parts[:-1]
    except ValueError:
        return False
    return any((folder.joinpath(*parts[: i + 1])).is_symlink() for i in range(len(parts)))


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
