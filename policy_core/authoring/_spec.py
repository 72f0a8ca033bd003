"""A small declarative schema: one description of the file format serves validation and JSON Schema.

The policy file format is declared once (see ``_format.py``) with these kinds. ``conform``
checks raw data against it, collecting every mistake with its location, and ``json_schema``
turns the same declaration into a JSON Schema for editors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..engine import BIDI_CONTROLS, CONTROLS, INVISIBLE, LINE_BREAKS, PolicyError, closest, did_you_mean, echo, parse_iso_date

Path = tuple[str | int, ...]


class Locator(Protocol):
    """Where a value (or its key) stands in the source file, as 1-based line and column."""

    def __call__(self, path: Path, *, key: bool = False) -> tuple[int, int]: ...


def no_location(path: Path, *, key: bool = False) -> tuple[int, int]:
    """Locator for data that did not come from a file (compiled JSON)."""
    return (1, 1)


class Collector:
    """Gathers authoring errors so that a writer sees all of them in one run."""

    def __init__(self, path: str, locate: Locator = no_location) -> None:
        self.path = path
        self.locate = locate
        self.errors: list[PolicyError] = []
        self.warnings: list[PolicyError] = []

    def error(self, where: Path, message: str, *, key: bool = False) -> None:
        line, column = self.locate(where, key=key)
        self.errors.append(PolicyError(message, path=self.path, line=line, column=column))

    def warn(self, where: Path, message: str) -> None:
        """A likely slip: the policy is valid, but probably not what its writer meant."""
        line, column = self.locate(where, key=False)
        self.warnings.append(PolicyError(message, path=self.path, line=line, column=column))


class Invalid:
    """Marker for a value that failed validation (its error is already collected)."""


INVALID = Invalid()


@dataclass(frozen=True)
class Text:
    """A string; Markdown where the field's doc says so."""

    pattern: str | None = None
    hint: str = ""
    one_line: bool = False
    """A title, label or prompt: shown on one line, and copied into the ticket summary line by line."""


@dataclass(frozen=True)
class Integer:
    minimum: int = 0


@dataclass(frozen=True)
class Boolean:
    pass


@dataclass(frozen=True)
class Date:
    pass


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    item: Kind
    min_items: int = 0


@dataclass(frozen=True)
class MapOf:
    """A mapping from ids (``key``) to values of one kind."""

    key: Text
    value: Kind


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    doc: str
    required: bool = True


@dataclass(frozen=True)
class Obj:
    title: str
    doc: str
    fields: tuple[Field, ...] = field(default=())

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


Kind = Text | Integer | Boolean | Date | Choice | ListOf | MapOf | Obj


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def conform(value: Any, kind: Kind, where: Path, out: Collector) -> Any:
    """Return ``value`` checked against ``kind`` (dates as ISO text), or ``INVALID``."""
    check: Callable[[Any, Any, Path, Collector], Any] = _CHECKS[type(kind)]
    return check(value, kind, where, out)


def _label(where: Path) -> str:
    return str(where[-1]) if where and isinstance(where[-1], str) else "item"


def _text(value: Any, kind: Text, where: Path, out: Collector) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        out.error(where, f"'{_label(where)}' must not be empty")
        return INVALID
    if not isinstance(value, str):
        out.error(where, f"'{_label(where)}' must be text, not {_describe(value)}")
        return INVALID
    if kind.pattern and not re.fullmatch(kind.pattern, value):
        out.error(where, f"'{echo(value)}' is not a valid {_label(where)}: {kind.hint}")
        return INVALID
    too_long = _too_long(value, one_line=kind.one_line)
    if too_long:
        out.error(where, f"'{_label(where)}': {too_long}")
        return INVALID
    spoofing = [f"'{_label(where)}': {problem}" for problem in unsafe_characters(value, one_line=kind.one_line)]
    for problem in spoofing:
        out.error(where, problem)
    if spoofing:
        return INVALID
    problems = text_findings(value)
    for problem in problems:
        report = out.warn if findings_are_warnings() else out.error
        report(where, f"'{_label(where)}': {problem}")
    return INVALID if problems and not findings_are_warnings() else value


# Characters that make text read other than it is written, or steer a terminal or a summary:
# refused in a policy file, where the writer can remove them. Joiners and marks that scripts
# need (ZWNJ, ZWJ, LRM, RLM) are allowed; so are new lines and tabs in Markdown texts.
_CONTROL = re.compile(f"[{CONTROLS}]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# Limits on one text, so that what a build writes stays bounded, and so that Markdown only ever
# sees texts it reads quickly. Python-Markdown looks for the end of every '[' (a link, an image, a
# reference) and of every '<' (a tag) from where it stands, so its time grows with the square of
# their number ('[x](' 16,000 times took 78 s, '[' 20,000 times 111 s); list markers on one line
# ('1. 1. 1. ...') nest a list in a list for each, and thousands exhaust Python's recursion. A real
# clause is a few hundred characters with a link or two. bench/validation.py times each family, and blocks
# of many lines ('---' 5,000 times took 1.6 s and grows with their square).
MAX_LINE_CHARS = 300
MAX_TEXT_CHARS = 20_000
MAX_LINKS_IN_TEXT = 100
MAX_TAGS_IN_TEXT = 100
MAX_NESTING = 8
MAX_TEXT_LINES = 200  # Markdown's block parser slows with the square of the blocks ('---' lines: 1.6 s at 5,000)
_LINK_MARKS = re.compile(r"\[")
_TAG_MARKS = re.compile(r"<")
_NESTED = re.compile(rf"^[ \t]*(?:(?:[*+-]|\d{{1,9}}[.)])[ \t]+|>[ \t]*){{{MAX_NESTING + 1}}}", re.MULTILINE)


def _too_long(value: str, *, one_line: bool) -> str | None:
    limit = MAX_LINE_CHARS if one_line else MAX_TEXT_CHARS
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    lines = value.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        return f"has {lines:,} lines; at most {MAX_TEXT_LINES} are allowed"
    links = len(_LINK_MARKS.findall(value))
    if links > MAX_LINKS_IN_TEXT:
        return f"holds {links:,} links (or what Markdown reads as the start of one); at most {MAX_LINKS_IN_TEXT} are allowed"
    tags = len(_TAG_MARKS.findall(value))
    if tags > MAX_TAGS_IN_TEXT:
        return f"holds {tags:,} '<' (each of which Markdown reads as the start of a tag); at most {MAX_TAGS_IN_TEXT} are allowed"
    nested = _NESTED.search(value)
    if nested:
        line = value.count("\n", 0, nested.start()) + 1
        marks = f"more than {MAX_NESTING} list or quote marks"
        return f"starts line {line} of the text with {marks}, each a list in a list: write them as text"
    return None


def unsafe_characters(value: str, *, one_line: bool = False) -> list[str]:
    """What in ``value`` is refused, in words, with where each kind first occurs."""
    found = []
    for pattern, what in (
        (_SURROGATE, "a lone surrogate ({code}), which is no character and cannot be written to a page"),
        (_CONTROL, "a control character ({code}), which pages and terminals do not show as text"),
        (_BIDI, "a bidi override or isolate ({code}), which can make text read other than it is written"),
        *([(_INVISIBLE, "an invisible character ({code}), which can make two labels look the same")] if one_line else []),
    ):
        match = pattern.search(value)
        if match:
            found.append(f"holds {what.format(code=f'U+{ord(match[0]):04X}')}, at character {match.start() + 1}: remove it")
    if one_line and re.search(f"[{LINE_BREAKS}]", value.strip(" \t\n\r")):  # a YAML block may end in a new line
        found.append("must be one line: it is shown as a title or label, and copied into the ticket summary line by line")
    return found


# Only these can make markup or a link in Markdown; text without them is rendered as it reads.
_MARKUP = re.compile(r"<|\]\(|\]:|\]\[|\{")


def text_findings(value: str) -> list[str]:
    """What the site's sanitiser would remove from this text, in words (see ``text``).

    The check needs the site's extras (Markdown and nh3); without them it finds nothing, and the
    site build, which has them, checks every text again.
    """
    if not _MARKUP.search(value):
        return []
    try:
        from .text import findings  # noqa: PLC0415  (it needs the site extra: loaded when text is checked)
    except ImportError:
        return []
    return findings(value)


def findings_are_warnings() -> bool:
    """A test-only switch: with POLICY_CORE_TEXT_FINDINGS=warn, unsafe text is a warning, not an error,
    so that a test can build a site from hostile text and prove that the sanitiser alone holds."""
    return os.environ.get("POLICY_CORE_TEXT_FINDINGS") == "warn"


def _integer(value: Any, kind: Integer, where: Path, out: Collector) -> Any:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit():
        # Editors checking against the JSON Schema reject a quoted number, so the build does too.
        out.error(where, f"'{_label(where)}' must be a number, not the text {_describe(value)}: remove the quotes")
        return INVALID
    if number is None or number < kind.minimum:
        out.error(where, f"'{_label(where)}' must be a whole number of at least {kind.minimum}, not {_describe(value)}")
        return INVALID
    return number


def _boolean(value: Any, kind: Boolean, where: Path, out: Collector) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        # As in the JSON Schema editors check against: only unquoted, lowercase true and false.
        out.error(where, f"'{_label(where)}' must be true or false, in lowercase and without quotes, not {_describe(value)}")
        return INVALID
    out.error(where, f"'{_label(where)}' must be true or false, not {_describe(value)}")
    return INVALID


def _date(value: Any, kind: Date, where: Path, out: Collector) -> Any:
    if not isinstance(value, str):
        out.error(where, f"'{_label(where)}' must be a date as YYYY-MM-DD, not {_describe(value)}")
        return INVALID
    try:
        parse_iso_date(value)
    except ValueError as exc:
        out.error(where, f"impossible date '{value}': {exc}")
        return INVALID
    return value


def _choice(value: Any, kind: Choice, where: Path, out: Collector) -> Any:
    if isinstance(value, str) and value in kind.values:
        return value
    allowed = ", ".join(kind.values)
    hint = did_you_mean(value, kind.values) if isinstance(value, str) else ""
    out.error(where, f"'{_label(where)}' must be one of {allowed}, not {_describe(value)}{hint}")
    return INVALID


def _list(value: Any, kind: ListOf, where: Path, out: Collector) -> Any:
    if not isinstance(value, list):
        out.error(where, f"'{_label(where)}' must be a list, not {_describe(value)}")
        return INVALID
    if len(value) < kind.min_items:
        out.error(where, f"'{_label(where)}' needs at least {kind.min_items} item(s)")
    # Invalid items stay in place so that later checks still point at the right index.
    return [conform(item, kind.item, (*where, index), out) for index, item in enumerate(value)]


def _map(value: Any, kind: MapOf, where: Path, out: Collector) -> Any:
    if not isinstance(value, dict) or not value:
        out.error(where, f"'{_label(where)}' must be a mapping of answer ids to values, not {_describe(value)}")
        return INVALID
    result = {}
    for key, item in value.items():
        if conform(key, kind.key, (*where, key), out) is INVALID:
            continue
        checked = conform(item, kind.value, (*where, key), out)
        if checked is not INVALID:
            result[key] = checked
    return result


def _object(value: Any, kind: Obj, where: Path, out: Collector) -> Any:
    if not isinstance(value, dict):
        out.error(where, f"{kind.title.lower()} must be a mapping of keys, not {_describe(value)}")
        return INVALID
    names = kind.field_names()
    misspelt = set()
    for key in value:
        if key not in names:
            out.error((*where, key), f"unknown key '{key}' in {kind.title.lower()}{did_you_mean(str(key), names)}", key=True)
            misspelt.add(closest(str(key), names))
    result: dict[str, Any] = {}
    for spec in kind.fields:
        if spec.name not in value:
            # A misspelt key is reported once, as unknown with its likely meaning.
            if spec.required and spec.name not in misspelt:
                out.error(where, f"missing key '{spec.name}' in {kind.title.lower()}", key=bool(where))
            continue
        checked = conform(value[spec.name], spec.kind, (*where, spec.name), out)
        if checked is not INVALID:
            result[spec.name] = checked
    return result


_CHECKS: dict[type, Callable[[Any, Any, Path, Collector], Any]] = {
    Text: _text,
    Integer: _integer,
    Boolean: _boolean,
    Date: _date,
    Choice: _choice,
    ListOf: _list,
    MapOf: _map,
    Obj: _object,
}


def json_schema(root: Obj, *, schema_id: str) -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) for ``root`` and every object kind it uses."""
    definitions: dict[str, Any] = {}

    def convert(kind: Kind) -> dict[str, Any]:  # noqa: PLR0911  (one return per kind reads best)
        if isinstance(kind, Obj):
            name = "".join(word.capitalize() for word in kind.title.split())
            if name not in definitions:
                definitions[name] = {}
                definitions[name] = {
                    "type": "object",
                    "description": kind.doc,
                    "properties": {f.name: {**convert(f.kind), "description": f.doc} for f in kind.fields},
                    "required": [f.name for f in kind.fields if f.required],
                    "additionalProperties": False,
                }
            return {"$ref": f"#/$defs/{name}"}
        if isinstance(kind, ListOf):
            return {"type": "array", "items": convert(kind.item), "minItems": kind.min_items}
        if isinstance(kind, MapOf):
            return {"type": "object", "minProperties": 1, "additionalProperties": convert(kind.value)}
        if isinstance(kind, Text):
            return {"type": "string", "minLength": 1, **({"pattern": f"^{kind.pattern}$"} if kind.pattern else {})}
        if isinstance(kind, Integer):
            return {"type": "integer", "minimum": kind.minimum}
        if isinstance(kind, Boolean):
            return {"type": "boolean"}
        if isinstance(kind, Date):
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        return {"enum": list(kind.values)}

    top = convert(root)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": root.title,
        **top,
        "$defs": definitions,
    }
