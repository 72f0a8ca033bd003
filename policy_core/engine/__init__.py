"""The engine: what the visitor's browser runs, and what every other part decides with.

The model of a policy, the checker, dates, the cases, share links, the ticket summary, the
compiled policy and the JSON bridge the widget calls (``check_request``). The browser's wheel is
this folder and nothing else (``policy_core.runtime.engine``), so it needs the standard library
only and never imports the rest of ``policy_core``.

May import: the standard library only.
"""

from __future__ import annotations

from ._api import check_request, same_decision
from ._assemble import FORMAT, assemble_policy, implied_parent
from ._cases import (
    REFERENCE_DAYS,
    AnswerPath,
    Case,
    TooManyCasesError,
    cases,
    date_offsets,
    date_samples,
    decided_paths,
    realisable,
    realise,
)
from ._checker import Answers, check, classify, decide, resolve_answers
from ._compiled import compile_policy, content_hash, load_compiled, policy_data, version_id, when_data
from ._dates import (
    DURATION_PATTERN,
    Duration,
    add_days,
    add_months,
    days_in_month,
    human_date,
    parse_iso_date,
    period_end,
)
from ._errors import (
    AnswerError,
    ContradictoryDatesError,
    InvalidDateError,
    InvalidPolicyError,
    PolicyError,
    UnknownOptionError,
    UnknownQuestionError,
)
from ._handoff import DATE_TO_WRITE, Handoff, path_handoff
from ._hints import closest, did_you_mean
from ._inert import BIDI_CONTROLS, CONTROLS, INVISIBLE, LINE_BREAKS, VERSION_ECHO, echo, terminal_safe
from ._links import LINK_META, MAX_LINK_CHARS, PREFIX, SharedCheck, judging_day, make_fragment, parse_fragment
from ._model import (
    DATE_CLASSES,
    OFFER_STATES,
    PRECEDENCE,
    Action,
    Clause,
    Condition,
    Fact,
    Filing,
    Offer,
    OfferStatus,
    Option,
    Outcome,
    PeriodBy,
    Policy,
    Question,
    RequiredAction,
    Section,
    Summary,
    Verdict,
    When,
)
from ._naming import cited_clauses, clause_name
from ._terms import Term, current_term, extension_opens, offer_statuses, period_of, term_for
from ._ticket import answer_label, asked, check_code, filing_link, folded, policy_line, ticket_summary
from ._tree import Branch, Node, decision_tree, question_flow

__all__ = [
    "BIDI_CONTROLS",
    "CONTROLS",
    "DATE_CLASSES",
    "DATE_TO_WRITE",
    "DURATION_PATTERN",
    "FORMAT",
    "INVISIBLE",
    "LINE_BREAKS",
    "LINK_META",
    "MAX_LINK_CHARS",
    "OFFER_STATES",
    "PRECEDENCE",
    "PREFIX",
    "REFERENCE_DAYS",
    "VERSION_ECHO",
    "Action",
    "AnswerError",
    "AnswerPath",
    "Answers",
    "Branch",
    "Case",
    "Clause",
    "Condition",
    "ContradictoryDatesError",
    "Duration",
    "Fact",
    "Filing",
    "Handoff",
    "InvalidDateError",
    "InvalidPolicyError",
    "Node",
    "Offer",
    "OfferStatus",
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
    "When",
    "add_days",
    "add_months",
    "answer_label",
    "asked",
    "assemble_policy",
    "cases",
    "check",
    "check_code",
    "check_request",
    "cited_clauses",
    "classify",
    "clause_name",
    "closest",
    "compile_policy",
    "content_hash",
    "current_term",
    "date_offsets",
    "date_samples",
    "days_in_month",
    "decide",
    "decided_paths",
    "decision_tree",
    "did_you_mean",
    "echo",
    "extension_opens",
    "filing_link",
    "folded",
    "human_date",
    "implied_parent",
    "judging_day",
    "load_compiled",
    "make_fragment",
    "offer_statuses",
    "parse_fragment",
    "parse_iso_date",
    "path_handoff",
    "period_end",
    "period_of",
    "policy_data",
    "policy_line",
    "question_flow",
    "realisable",
    "realise",
    "resolve_answers",
    "same_decision",
    "term_for",
    "terminal_safe",
    "ticket_summary",
    "version_id",
    "when_data",
]
