"""Authoring: reading and validating a writer's policy file.

The file's source and its YAML errors, the format declaration and its JSON Schema, validation
with ``file:line:col`` messages, the limits, the slips and hints, the proofs over every case, and
migration from format 1. What policy text may hold, and how it renders, is ``text`` (a public
module of its own: it needs the ``site`` extra's Markdown and sanitiser, which validation loads
only when it runs). Build time only: the browser never validates.

May import: engine.
"""

from __future__ import annotations

from ._build import policy_from_data
from ._files import folder_errors, is_safe, link_problem, read_text, unsafe_entries
from ._schema import policy_schema, policy_schema_text
from ._source import (
    POLICY_SUFFIXES,
    key_spot,
    load_policies,
    load_policy,
    parse_policy_text,
    policy_files,
    read_policy_file,
    read_policy_text,
)

__all__ = [
    "POLICY_SUFFIXES",
    "folder_errors",
    "is_safe",
    "key_spot",
    "link_problem",
    "load_policies",
    "load_policy",
    "parse_policy_text",
    "policy_files",
    "policy_from_data",
    "policy_schema",
    "policy_schema_text",
    "read_policy_file",
    "read_policy_text",
    "read_text",
    "unsafe_entries",
]
