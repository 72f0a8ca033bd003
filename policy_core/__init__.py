"""policy_core: support policies as data, and the checker that decides whether an issue is supported.

The checker needs only the standard library, so it runs unchanged under Pyodide. Reading
policy files (YAML) is build-time only and imports PyYAML lazily.
"""

from __future__ import annotations

from ._api import check_request, same_decision
from ._build import policy_from_data
from ._cases import Case, TooManyCasesError, cases, date_samples, realise
from ._checker import Answers, Term, check, classify, decide, resolve_answers
from ._compiled import compile_policy, content_hash, load_compiled, policy_data, version_id
from ._dates import Duration, add_days, add_months, days_in_month, human_date, parse_iso_date, period_end
from ._errors import (
    AnswerError,
    ContradictoryDatesError,
    InvalidDateError,
    InvalidPolicyError,
    PolicyError,
    UnknownOptionError,
    UnknownQuestionError,
)
from ._links import SharedCheck, judging_day, make_fragment, parse_fragment
from ._model import (
    DATE_CLASSES,
    PRECEDENCE,
    Action,
    Clause,
    Condition,
    Fact,
    Filing,
    Option,
    Outcome,
    PeriodBy,
    Policy,
    Question,
    RequiredAction,
    Section,
    Summary,
    Verdict,
)
from ._schema import policy_schema
from ._source import load_policies, load_policy, policy_files
from ._ticket import check_code, filing_link, ticket_summary
from ._tree import Branch, Node, decision_tree

__all__ = [
    "DATE_CLASSES",
    "PRECEDENCE",
    "Action",
    "AnswerError",
    "Answers",
    "Branch",
    "Case",
    "Clause",
    "Condition",
    "ContradictoryDatesError",
    "Duration",
    "Fact",
    "Filing",
    "InvalidDateError",
    "InvalidPolicyError",
    "Node",
    "Option",
    "Outcome",
    "PeriodBy",
    "Policy",
    "PolicyError",
    "Question",
    "RequiredAction",
    "Section",
    "SharedCheck",
    "Summary",
    "Term",
    "TooManyCasesError",
    "UnknownOptionError",
    "UnknownQuestionError",
    "Verdict",
    "add_days",
    "add_months",
    "cases",
    "check",
    "check_code",
    "check_request",
    "classify",
    "compile_policy",
    "content_hash",
    "date_samples",
    "days_in_month",
    "decide",
    "decision_tree",
    "filing_link",
    "human_date",
    "judging_day",
    "load_compiled",
    "load_policies",
    "load_policy",
    "make_fragment",
    "parse_fragment",
    "parse_iso_date",
    "period_end",
    "policy_data",
    "policy_files",
    "policy_from_data",
    "policy_schema",
    "realise",
    "resolve_answers",
    "same_decision",
    "ticket_summary",
    "version_id",
]
