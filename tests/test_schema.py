"""The shipped JSON Schema is generated from the format declaration and accepts the real policies."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from policy_core import policy_schema
from policy_core.authoring._schema import SHIPPED_SCHEMA, policy_schema_text
from policy_core.authoring._source import parse_policy_text

from .conftest import FIXTURES, POLICY_DIR, SITE_POLICIES


def test_shipped_schema_is_current() -> None:
    """Regenerate with: .venv/bin/python -m policy_core schema > policy_core/policy.schema.json"""
    assert SHIPPED_SCHEMA.read_text(encoding="utf-8") == policy_schema_text()


def read(path: Path) -> object:
    """The data as an editor's YAML 1.2 reader sees it (`no` is text), like our loader."""
    data, _ = parse_policy_text(path.read_text(encoding="utf-8"), str(path))
    return data


@pytest.mark.parametrize("name", SITE_POLICIES)
def test_reference_policies_match_the_schema(name: str) -> None:
    jsonschema.validate(read(POLICY_DIR / f"{name}.yml"), policy_schema())


def test_schema_rejects_a_misspelt_key() -> None:
    data = read(FIXTURES / "broken" / "misspelt-key.yml")
    messages = [error.message for error in jsonschema.Draft202012Validator(policy_schema()).iter_errors(data)]
    assert "Additional properties are not allowed ('titel' was unexpected)" in messages


def test_policy_files_point_editors_at_the_schema() -> None:
    for name in SITE_POLICIES:
        first = (POLICY_DIR / f"{name}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../policy_core/policy.schema.json"
    assert json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))["title"] == "Policy"
