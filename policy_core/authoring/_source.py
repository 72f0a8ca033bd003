"""Read policy files (YAML) with the position of every key and value. Build time only.

PyYAML is imported here and nowhere else, so the checker itself needs only the standard
library and runs unchanged in Pyodide, where policies arrive as compiled JSON.
"""

from __future__ import annotations

import os
import re
from pathlib import Path as FsPath
from typing import Any

from ..engine import InvalidPolicyError, Policy, PolicyError
from ._build import policy_from_data
from ._files import link_problem, read_text
from ._limits import MAX_FILE_BYTES
from ._spec import Path
from ._yaml_errors import plain_error, top_level_chunks, unreadable_characters

#: A policy is exactly `<id>.yml` in the policy folder: nothing else there is read as one.
POLICY_SUFFIXES = (".yml",)
ALIAS_MESSAGE = (
    "this value is used again through a YAML alias ('*name'), and aliases are not allowed in policy files: "
    "write the value out each time"
)


class _Positions:
    """Maps a data path to the 1-based line and column of its value and of its key."""

    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def __call__(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        table = self.keys if key else self.values
        # A missing value (say, a dropped key) is reported at its nearest parent.
        while path not in table and path:
            path = path[:-1]
            table = self.values
        return table.get(path, (1, 1))


def _mark(node: Any) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _to_data(node: Any, path: Path, positions: _Positions, errors: list[tuple[tuple[int, int], str]], seen: set[int]) -> Any:
    """Turn a composed YAML node into plain data, keeping every position.

    A node met twice is an alias (``*name``): refused, since a policy needs none and an alias
    bomb or a recursive alias would expand without end.
    """
    import yaml  # noqa: PLC0415  (build time only: the checker imports without PyYAML, as in Pyodide)

    if id(node) in seen:
        errors.append((_mark(node), ALIAS_MESSAGE))
        return None
    seen.add(id(node))
    positions.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in result:
                errors.append((_mark(key_node), f"duplicate key '{key}'"))
                continue
            positions.keys[(*path, key)] = _mark(key_node)
            result[key] = _to_data(value_node, (*path, key), positions, errors, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*path, i), positions, errors, seen) for i, item in enumerate(node.value)]
    return _scalar(node)


_YAML12_INT = re.compile(r"[-+]?[0-9]+")
# YAML 1.2's JSON schema, which editors validate with: `True` and `TRUE` are text, and are then
# reported as not a boolean, as an editor reports them.
_YAML12_BOOL = {"true": True, "false": False}
_YAML12_NULL = {"", "~", "null", "Null", "NULL"}


def _scalar(node: Any) -> Any:
    """Resolve a scalar as YAML 1.2 (what editors use) does: `no` and `2026-01-10` stay text."""
    if node.style is not None:  # quoted or block text is always text
        return node.value
    if node.value in _YAML12_NULL:
        return None
    if node.value in _YAML12_BOOL:
        return _YAML12_BOOL[node.value]
    if _YAML12_INT.fullmatch(node.value):
        return int(node.value)
    return node.value


def parse_policy_text(text: str, path: str) -> tuple[Any, _Positions]:
    """Parse YAML text into plain data and positions; raise ``InvalidPolicyError`` on bad YAML."""
    import yaml  # noqa: PLC0415  (build time only: the checker imports without PyYAML, as in Pyodide)

    positions = _Positions()
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        message = f"the file is {size:,} bytes; a policy file is at most {MAX_FILE_BYTES:,} bytes"
        raise InvalidPolicyError([PolicyError(message, path=path)])
    if unreadable := unreadable_characters(text):
        raise InvalidPolicyError(
            [PolicyError(message, path=path, line=line, column=column) for line, column, message in unreadable]
        )
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise InvalidPolicyError([PolicyError("the file nests lists or mappings too deeply to read", path=path)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InvalidPolicyError(_syntax_errors(text, path, exc)) from None
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        raise InvalidPolicyError([PolicyError(f"invalid YAML: {exc}", path=path)]) from None
    if node is None:
        raise InvalidPolicyError([PolicyError("the file is empty", path=path)])
    errors: list[tuple[tuple[int, int], str]] = []
    data = _to_data(node, (), positions, errors, set())
    errors = list(dict.fromkeys(errors))  # an anchor used many times is one mistake
    if any(message == ALIAS_MESSAGE for _, message in errors):  # the data has holes: nothing else to check
        aliases = [PolicyError(m, path=path, line=line, column=column) for (line, column), m in errors if m == ALIAS_MESSAGE]
        raise InvalidPolicyError(aliases)
    if errors:
        found = [PolicyError(message, path=path, line=line, column=column) for (line, column), message in errors]
        try:
            policy_from_data(data, path=path, locate=positions)
        except InvalidPolicyError as more:
            found += more.errors
        raise InvalidPolicyError(found)
    return data, positions


#: What other parts of a file a part's mistakes hide: with its 'sections' unreadable, every cited
#: clause looks unknown; such follow-on errors are left out.
_HIDDEN_BY = {
    "sections": ("unknown clause",),
    "actions": ("unknown action",),
    "questions": ("question '", "'when'", "unknown question"),
}


def _syntax_errors(text: str, path: str, first: Any) -> list[PolicyError]:
    """Every syntax error of the file, one per top-level key, and the mistakes of the readable keys."""
    import yaml  # noqa: PLC0415

    lines = text.splitlines()

    def located(exc: Any) -> PolicyError:
        line, column, message = plain_error(exc, lines)
        return PolicyError(message, path=path, line=line, column=column)

    if "single document" in (first.context or ""):  # a second document: reading parts would not help
        return [located(first)]
    found: list[PolicyError] = []
    readable: dict[str, Any] = {}
    positions = _Positions()
    unreadable: set[str] = set()
    for first_line, chunk in top_level_chunks(text):
        try:  # padded with newlines, so that marks count lines from the top of the file
            node = yaml.compose("\n" * first_line + chunk, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            found.append(located(exc) if isinstance(exc, yaml.MarkedYAMLError) else located(first))
            unreadable.add(chunk.split(":", 1)[0].strip())
            continue
        if node is not None:
            part = _to_data(node, (), positions, [], set())
            if isinstance(part, dict):
                readable.update(part)
    if not found:  # the parts read alone, but not together: report what PyYAML found
        return [located(first)]
    hidden = tuple(f"missing key '{key}'" for key in unreadable)
    hidden += tuple(part for key in unreadable for part in _HIDDEN_BY.get(key, ()))
    try:
        policy_from_data(readable, path=path, locate=positions, prove=False)
    except InvalidPolicyError as more:
        found += [e for e in more.errors if not any(part in e.message for part in hidden)]
    return found


def read_policy_text(text: str, shown: str) -> Policy:
    """Validate a policy given as text (an archived version, a file at a git revision); ``shown`` names it in errors.

    Unlike ``load_policy``, the id need not match a file name: the text may come from anywhere.
    """
    data, positions = parse_policy_text(text, shown)
    return policy_from_data(data, path=shown, locate=positions)


def read_policy_file(path: str | os.PathLike[str]) -> Policy:
    """Read and validate a policy file whatever its name (an archived version, say); ``InvalidPolicyError`` otherwise."""
    shown = os.fspath(path)
    return read_policy_text(read_text(FsPath(path), shown), shown)


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Load and validate one policy file; raise ``InvalidPolicyError`` listing every mistake."""
    shown = os.fspath(path)
    policy = read_policy_file(path)
    stem = FsPath(path).stem
    if policy.id != stem:  # located only on this rare path, so the file is read again here alone
        line, column = parse_policy_text(read_text(FsPath(path), shown), shown)[1](("id",))
        raise InvalidPolicyError(
            [PolicyError(f"the policy id '{policy.id}' must match the file name '{stem}'", path=shown, line=line, column=column)]
        )
    return policy


def policy_files(folder: str | os.PathLike[str]) -> list[FsPath]:
    """The policy files of a folder, sorted by name; never a link out of it (``folder_errors`` names those)."""
    root = FsPath(folder)
    if not root.is_dir():
        return []
    resolved = root.resolve()
    return sorted(p for p in root.iterdir() if p.suffix in POLICY_SUFFIXES and link_problem(resolved, p) is None and p.is_file())


def load_policies(paths: list[FsPath]) -> list[Policy]:
    """Load several policy files, reporting the mistakes of all of them together."""
    policies: list[Policy] = []
    errors: list[PolicyError] = []
    first_file: dict[str, FsPath] = {}
    for path in paths:
        try:
            policy = load_policy(path)
        except InvalidPolicyError as exc:
            errors += exc.errors
            continue
        if policy.id in first_file:
            errors.append(
                PolicyError(f"the policy id '{policy.id}' is declared by {first_file[policy.id]} too", path=os.fspath(path))
            )
            continue
        first_file[policy.id] = path
        policies.append(policy)
    if errors:
        raise InvalidPolicyError(errors)
    return policies


def key_spot(source: FsPath, key: str) -> tuple[int, int]:
    """Where a top-level key of a policy file stands, as validation locates it (1:1 if the file cannot be read)."""
    try:
        return parse_policy_text(read_text(source, str(source)), str(source))[1]((key,), key=True)
    except InvalidPolicyError:
        return (1, 1)
