"""The JSON Schema of policy files, generated from the one format declaration in ``_format``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._format import POLICY
from ._spec import json_schema

SCHEMA_ID = "urn:policy-core:policy-file:1"
# Beside the package root, where writers point their editors (`# yaml-language-server: $schema=…`).
SHIPPED_SCHEMA = Path(__file__).parents[1] / "policy.schema.json"


def policy_schema() -> dict[str, Any]:
    """The JSON Schema that editors use to autocomplete and check policy files."""
    return json_schema(POLICY, schema_id=SCHEMA_ID)


def policy_schema_text() -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(policy_schema(), indent=2) + "\n"
