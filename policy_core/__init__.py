"""policy_core: support policies as data, and the checker that decides whether an issue is supported.

The checker needs only the standard library, so it runs unchanged under Pyodide. Reading
policy files (YAML) is build-time only and imports PyYAML lazily.
"""

from __future__ import annotations

from ._api import check_request
from ._build import policy_from_data
from ._cases import Case, cases
from ._checker import Answers, check, decide, resolve_answers
from ._compiled import compile_policy, content_hash, load_compiled
from ._dates import add_months, days_in_month, parse_iso_date, period_end
from ._errors import (
    AnswerError,
    InvalidDateError,
    InvalidPolicyError,
    PolicyError,
    UnknownOptionError,
    UnknownQuestionError,
)
from ._model import (
    PRECEDENCE,
    Clause,
    Condition,
    Option,
    Outcome,
    Policy,
    Question,
    Section,
    Summary,
    Verdict,
)
from ._schema import policy_schema
from ._source import load_policies, load_policy, policy_files

__all__ = [
    "PRECEDENCE",
    "AnswerError",
    "Answers",
    "Case",
    "Clause",
    "Condition",
    "InvalidDateError",
    "InvalidPolicyError",
    "Option",
    "Outcome",
    "Policy",
    "PolicyError",
    "Question",
    "Section",
    "Summary",
    "UnknownOptionError",
    "UnknownQuestionError",
    "Verdict",
    "add_months",
    "cases",
    "check",
    "check_request",
    "compile_policy",
    "content_hash",
    "days_in_month",
    "decide",
    "load_compiled",
    "load_policies",
    "load_policy",
    "parse_iso_date",
    "period_end",
    "policy_files",
    "policy_from_data",
    "policy_schema",
    "resolve_answers",
]
