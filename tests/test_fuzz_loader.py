"""Fuzz the loader: any text gives a policy or located errors (`InvalidPolicyError`), never a traceback.

Two sources of input: random YAML documents, and random edits of the synthetic fixtures (a line
dropped, doubled or moved, characters inserted or deleted), which keep most of a real policy's shape
and so reach the semantic checks and the proofs. Each document is checked by `parse_policy_text` and
`policy_from_data`, as `policy-core validate` does.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_core import InvalidPolicyError, PolicyError
from policy_core.authoring._build import policy_from_data
from policy_core.authoring._source import parse_policy_text

from .conftest import FIXTURES

pytestmark = pytest.mark.property

# The hostile file too: random edits of its payloads must still give located errors.
SOURCES = [
    (FIXTURES / f"{name}.yml").read_text(encoding="utf-8")
    for name in ("engine", "acme", "time-rules", "minimal", "hostile/hostile")
]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def validate(text: str) -> None:
    """What `policy-core validate` does with one file's text; only located errors may come out."""
    errors: tuple[PolicyError, ...] = ()
    try:
        data, positions = parse_policy_text(text, "fuzz.yml")
        policy_from_data(data, path="fuzz.yml", locate=positions)
    except InvalidPolicyError as exc:
        errors = exc.errors
        assert errors, "an InvalidPolicyError lists at least one mistake"
    for error in errors:
        assert isinstance(error, PolicyError)
        assert error.line >= 1
        assert error.column >= 1
        assert error.message


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10_000),
    st.text(max_size=20),
    st.sampled_from(["how-to", "12 months", "2026-02-30"]),
)
keys = st.one_of(
    st.sampled_from(["id", "title", "sections", "questions", "options", "clauses", "when", "outcome", "actions", "period"]),
    st.text(min_size=1, max_size=8),
)
documents = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=25
)


@FUZZ
@given(documents)
def test_random_yaml_documents(document: object) -> None:
    validate(yaml.safe_dump(document, allow_unicode=True))


@st.composite
def edited_policies(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["drop", "double", "move", "insert", "delete-char"]))
        if edit == "drop":
            del lines[where]
        elif edit == "double":
            lines.insert(where, lines[where])
        elif edit == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(where))
        elif edit == "insert":
            line = lines[where]
            at = draw(st.integers(0, len(line)))
            lines[where] = line[:at] + draw(st.text(alphabet=":-[]{}'\"#&*!|> \tab1", min_size=1, max_size=3)) + line[at:]
        elif len(lines[where]) > 1:
            at = draw(st.integers(0, len(lines[where]) - 2))
            lines[where] = lines[where][:at] + lines[where][at + 1 :]
    return "".join(lines)


@FUZZ
@given(edited_policies())
def test_random_edits_of_real_policies(text: str) -> None:
    validate(text)
