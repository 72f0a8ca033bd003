"""The policy file format, declared once: it drives validation and the shipped JSON Schema."""

from __future__ import annotations

from ._spec import Boolean, Choice, Date, Field, Integer, ListOf, Obj, Text

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID = Text(pattern=ID_PATTERN, hint="use lowercase letters, digits and single hyphens, e.g. 'ftp-accounts'")
CLAUSE_REF = Text(
    pattern=rf"{ID_PATTERN}\.{ID_PATTERN}",
    hint="write the section id, a dot and the clause id, e.g. 'not-supported.customized-code'",
)
OUTCOMES = ("supported", "action-required", "not-supported")
SECTION_KINDS = ("overview", "supported", "not-supported", "terms")
QUESTION_TYPES = ("choice", "date")

_EFFECT_FIELDS = (
    Field(
        "outcome",
        Choice(OUTCOMES),
        "What this answer means for support. Defaults to supported (nothing stands in the way).",
        required=False,
    ),
    Field(
        "clauses",
        ListOf(CLAUSE_REF),
        "The clauses that decide it, as 'section.clause'. They are quoted in the verdict.",
        required=False,
    ),
    Field("steps", ListOf(Text()), "What the customer should do next (Markdown).", required=False),
)

OPTION = Obj(
    "Option",
    "One answer a customer can pick.",
    (
        Field("id", ID, "Stable id, used in answers and share links."),
        Field("label", Text(), "The answer as the customer reads it."),
        *_EFFECT_FIELDS,
    ),
)

DATE_CLASS = Obj(
    "Date class",
    "What a date answer means when it falls inside, or after, the period.",
    (Field("label", Text(), "How this class of dates is described to the customer."), *_EFFECT_FIELDS),
)

CONDITION = Obj(
    "Condition",
    "Ask the question only when an earlier question was answered a certain way.",
    (
        Field("question", ID, "The id of an earlier question."),
        Field("in", ListOf(ID, min_items=1), "Ask when its answer is one of these.", required=False),
        Field("not-in", ListOf(ID, min_items=1), "Ask when its answer is none of these.", required=False),
    ),
)

QUESTION = Obj(
    "Question",
    "One question of the self-check questionnaire.",
    (
        Field("id", ID, "Stable id, used in answers and share links."),
        Field("prompt", Text(), "The question as the customer reads it."),
        Field(
            "label", Text(), "A short name for the question, used in tables and summaries (default: the prompt).", required=False
        ),
        Field("help", Text(), "A hint shown under the question (Markdown).", required=False),
        Field("type", Choice(QUESTION_TYPES), "choice (the default) or date.", required=False),
        Field("when", CONDITION, "Ask only in some cases.", required=False),
        Field("options", ListOf(OPTION), "The answers; for a date question, extra answers besides a date.", required=False),
        Field(
            "period-months",
            Integer(minimum=0),
            "Date questions: months the period runs from the date given (0: the date is the period's last day).",
            required=False,
        ),
        Field("no-future", Boolean(), "Date questions: a date after today is a mistake (a purchase date).", required=False),
        Field("within", DATE_CLASS, "Date questions: the date's period still covers today.", required=False),
        Field("after", DATE_CLASS, "Date questions: the date's period ended before today.", required=False),
    ),
)

CLAUSE = Obj(
    "Clause",
    "One statement of the policy.",
    (
        Field("id", ID, "Stable id within its section; the anchor is 'section.clause'."),
        Field("text", Text(), "The clause (Markdown)."),
    ),
)

SECTION = Obj(
    "Section",
    "A part of the policy, rendered in file order.",
    (
        Field("id", ID, "Stable id, the first half of each clause's id."),
        Field("title", Text(), "The section's heading."),
        Field("kind", Choice(SECTION_KINDS), "overview (paragraphs), supported, not-supported or terms."),
        Field("clauses", ListOf(CLAUSE, min_items=1), "The section's clauses, in order."),
    ),
)

SUMMARY = Obj(
    "Summary",
    "The facts shown in the policy's summary box and on the comparison page.",
    (
        Field("period", Text(), "How long support lasts."),
        Field("renewal", Text(), "How support is extended."),
        Field("channel", Text(), "How customers reach support."),
        Field("eligibility", Text(), "Who may file."),
        Field("partners", Text(), "The partner rule, if there is one.", required=False),
    ),
)

NEXT_STEPS = Obj(
    "Next steps",
    "What to do after each outcome, shown under every verdict of that outcome.",
    tuple(Field(outcome, ListOf(Text(), min_items=1), f"Steps after a '{outcome}' verdict (Markdown).") for outcome in OUTCOMES),
)

POLICY = Obj(
    "Policy",
    "A support policy: its text, and the questionnaire that checks an issue against it.",
    (
        Field("id", ID, "The policy's id; also its file name and URL."),
        Field("title", Text(), "The policy's title."),
        Field("vendor", Text(), "Who gives support."),
        Field("product", Text(), "What the policy covers."),
        Field("updated", Date(), "When the policy last changed (shown as 'Last updated')."),
        Field("summary", SUMMARY, "The short facts for the summary box."),
        Field("sections", ListOf(SECTION, min_items=1), "The policy text, section by section."),
        Field("closing", Text(), "A closing call to action (Markdown).", required=False),
        Field("questions", ListOf(QUESTION, min_items=1), "The self-check questionnaire, in the order it is asked."),
        Field("next-steps", NEXT_STEPS, "What to do after each outcome."),
    ),
)
