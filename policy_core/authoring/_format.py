"""The policy file format, declared once: it drives validation and the shipped JSON Schema.

This is format 2. Files without a ``format`` key are format 1 and are read through
``_migrate`` (see the writer's guide, "Format versions").
"""

from __future__ import annotations

from ..engine import DURATION_PATTERN, FORMAT
from ._spec import Boolean, Choice, Date, Field, Integer, ListOf, MapOf, Obj, Text

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID = Text(pattern=ID_PATTERN, hint="use lowercase letters, digits and single hyphens, e.g. 'ftp-accounts'")
CLAUSE_REF = Text(
    pattern=rf"{ID_PATTERN}\.{ID_PATTERN}",
    hint="write the section id, a dot and the clause id, e.g. 'not-supported.customized-code'",
)
DURATION = Text(
    pattern=DURATION_PATTERN.replace("(?P<count>", "(?:").replace("(?P<unit>", "(?:"),
    hint="write a number and a unit, e.g. '30 days', '2 weeks', '12 months' or '1 year'",
)
LINE = Text(one_line=True)  # titles, labels and prompts: one line on the page and in the ticket summary
OUTCOMES = ("supported", "review", "not-supported")
SECTION_KINDS = ("overview", "supported", "not-supported", "terms")
QUESTION_TYPES = ("choice", "date")
DATE_CLASS_KEYS = ("within", "in-grace", "after")

_EFFECT_FIELDS = (
    Field(
        "outcome",
        Choice(OUTCOMES),
        "What this answer means for support: supported (the default), review (an engineer must confirm) or not-supported.",
        required=False,
    ),
    Field(
        "actions",
        ListOf(ID, min_items=1),
        "Actions (ids from 'actions') the customer must take before support is given; this answer's clauses require them.",
        required=False,
    ),
    Field(
        "clauses",
        ListOf(CLAUSE_REF),
        "The clauses that decide it, as 'section.clause'. They are quoted in the verdict.",
        required=False,
    ),
    Field("steps", ListOf(Text()), "What the customer should do next, after this answer only (Markdown).", required=False),
)

OPTION = Obj(
    "Option",
    "One answer a customer can pick.",
    (
        Field("id", ID, "Stable id, used in answers and share links."),
        Field("label", LINE, "The answer as the customer reads it."),
        *_EFFECT_FIELDS,
    ),
)

DATE_CLASS = Obj(
    "Date class",
    "What a date answer means when today falls inside its term, inside the grace window, or after both.",
    (Field("label", LINE, "How this class of dates is described to the customer."), *_EFFECT_FIELDS),
)

_ANSWERED = (
    Field("in", ListOf(ID, min_items=1), "Ask when its answer is one of these.", required=False),
    Field("not-in", ListOf(ID, min_items=1), "Ask when its answer is none of these.", required=False),
)

ONE_CONDITION = Obj(
    "One condition",
    "An earlier question answered a certain way.",
    (Field("question", ID, "The id of an earlier question."), *_ANSWERED),
)

CONDITION = Obj(
    "Condition",
    "Ask the question only when an earlier question was answered a certain way ('question' with 'in' or "
    "'not-in'), when several were ('all': a list of such conditions), or when one of several was ('any').",
    (
        Field("question", ID, "The id of an earlier question.", required=False),
        *_ANSWERED,
        Field("all", ListOf(ONE_CONDITION, min_items=2), "Ask when every one of these conditions holds.", required=False),
        Field("any", ListOf(ONE_CONDITION, min_items=2), "Ask when at least one of these conditions holds.", required=False),
    ),
)

PERIOD_BY = Obj(
    "Period by answer",
    "A period that depends on an earlier choice, e.g. annual against perpetual licenses.",
    (
        Field("question", ID, "The id of an earlier choice question."),
        Field("periods", MapOf(ID, DURATION), "The period for each of its answers; other answers do not ask this question."),
        Field(
            "clauses",
            MapOf(ID, ListOf(CLAUSE_REF, min_items=1)),
            "The clauses that state each answer's period: a date class quotes those of the period that applied, "
            "and leaves out those of the other periods.",
            required=False,
        ),
    ),
)

ACTION = Obj(
    "Action",
    "Something a customer must do before support is given.",
    (
        Field("id", ID, "Stable id; answers name it in their 'actions'."),
        Field("label", LINE, "A short phrase completing 'Supported once you ...', e.g. 'renew your support'.", required=False),
        Field("text", Text(), "The instruction in full (Markdown)."),
    ),
)

QUESTION = Obj(
    "Question",
    "One question of the self-check questionnaire.",
    (
        Field("id", ID, "Stable id, used in answers and share links."),
        Field("prompt", LINE, "The question as the customer reads it."),
        Field(
            "label", LINE, "A short name for the question, used in tables and summaries (default: the prompt).", required=False
        ),
        Field("help", Text(), "A hint shown under the question (Markdown).", required=False),
        Field("type", Choice(QUESTION_TYPES), "choice (the default) or date.", required=False),
        Field("when", CONDITION, "Ask only in some cases.", required=False),
        Field("options", ListOf(OPTION), "The answers; for a date question, extra answers besides a date.", required=False),
        Field(
            "period",
            DURATION,
            "Date questions: how long the term runs from the date given ('12 months'); without one, the date is the last day.",
            required=False,
        ),
        Field("period-by", PERIOD_BY, "Date questions: a period that depends on an earlier answer.", required=False),
        Field("grace", DURATION, "Date questions: a grace window after the term ends ('30 days').", required=False),
        Field(
            "starts-after",
            ID,
            "Date questions: the term starts where this earlier date question's term ends (renewals), not on the date given.",
            required=False,
        ),
        Field(
            "renews",
            ID,
            "Date questions: the date a term of this earlier date question was renewed. The renewal continues from that "
            "term's end when bought before its grace period ended, and starts on the date given after that.",
            required=False,
        ),
        Field(
            "extends",
            ID,
            "Date questions: the date an extension of this earlier date question's term was bought; 'period' is added "
            "to the end of that term. It can be bought only while that term runs.",
            required=False,
        ),
        Field(
            "window",
            DURATION,
            "Date questions with 'extends': it can be bought only when less than this remains of the term ('6 months').",
            required=False,
        ),
        Field(
            "opens",
            DURATION,
            "Date questions with 'renews' or 'extends': it can be bought from this long before the term ends, that day "
            "included ('up to 3 months before'); 'window' instead says 'when less than this remains', a day later.",
            required=False,
        ),
        Field(
            "cap",
            DURATION,
            "Date questions with 'extends': never more than this valid at once, from the day it is bought ('12 months').",
            required=False,
        ),
        Field("not-before", ID, "Date questions: the date given may not be before this earlier question's date.", required=False),
        Field("no-future", Boolean(), "Date questions: a date after today is a mistake (a purchase date).", required=False),
        Field("term", LINE, "Date questions: what the term is called in the verdict (default 'support').", required=False),
        Field("within", DATE_CLASS, "Date questions: the term still covers today.", required=False),
        Field(
            "in-grace", DATE_CLASS, "Date questions with 'grace': the term has ended, the grace window has not.", required=False
        ),
        Field("after", DATE_CLASS, "Date questions: the term (and any grace window) ended before today.", required=False),
    ),
)

CLAUSE = Obj(
    "Clause",
    "One statement of the policy.",
    (
        Field("id", ID, "Stable id within its section; the anchor is 'section.clause'."),
        Field("text", Text(), "The clause (Markdown)."),
        Field(
            "topic",
            ID,
            "What the clause is about (e.g. 'support-period'); the comparison puts clauses of the same topic "
            "side by side. Without it, clauses line up by id.",
            required=False,
        ),
    ),
)

SECTION = Obj(
    "Section",
    "A part of the policy, rendered in file order.",
    (
        Field("id", ID, "Stable id, the first half of each clause's id."),
        Field("title", LINE, "The section's heading."),
        Field("kind", Choice(SECTION_KINDS), "overview (paragraphs), supported, not-supported or terms."),
        Field("clauses", ListOf(CLAUSE, min_items=1), "The section's clauses, in order."),
    ),
)

SUMMARY = Obj(
    "Summary",
    "The facts shown in the policy's summary box and on the comparison page.",
    (
        Field("period", LINE, "How long support lasts."),
        Field("renewal", LINE, "How support is extended."),
        Field("channel", LINE, "How customers reach support."),
        Field("eligibility", LINE, "Who may file."),
        Field("partners", LINE, "The partner rule, if there is one.", required=False),
    ),
)

# Letters, digits and . _ + - only: anything else could smuggle headers into the mailto: link.
EMAIL_PATTERN = r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"

FILING = Obj(
    "Filing",
    "Where customers file a ticket: a web form or an email address (one of the two). Without it, the "
    "verdict names the channel of the summary in words.",
    (
        Field(
            "url",
            Text(
                # The host in plain letters and nothing before it: no 'name@' (which hides the real host
                # behind a look-alike, as in 'https://help.example.com<U+2044>@other.example/') and no
                # look-alike letters (an international name goes as its xn-- form).
                pattern=r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\s{}\"<>\\]*(\{summary\}[^\s{}\"<>\\]*)?)?",
                hint="use an https: address with its host in plain letters (an international name in its xn-- form) "
                "and nothing before the host, with {summary} where the ticket text goes if the form takes it, "
                "e.g. 'https://help.example.com/new?description={summary}'",
            ),
            "The web form for a new ticket; {summary} in it is replaced by the ticket summary.",
            required=False,
        ),
        Field(
            "email",
            Text(
                pattern=r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", hint="use an address such as 'support@example.com'"
            ),
            "The address to email a ticket to; the email opens with the ticket summary filled in.",
            required=False,
        ),
    ),
)

NEXT_STEPS = Obj(
    "Next steps",
    "What to do after each outcome, shown under every verdict of that outcome.",
    (
        Field("supported", ListOf(Text(), min_items=1), "Steps after a 'supported' verdict (Markdown)."),
        Field(
            "review",
            ListOf(Text(), min_items=1),
            "Steps when an engineer must confirm (Markdown); needed once any answer has 'outcome: review'.",
            required=False,
        ),
        Field("not-supported", ListOf(Text(), min_items=1), "Steps after a 'not-supported' verdict (Markdown)."),
    ),
)

OFFER = Obj(
    "Offer",
    "Something a customer may buy, such as a renewal or an extension. Each verdict that knows the term's dates "
    "says whether it can be bought today, until when, or from when.",
    (
        Field("id", ID, "Stable id."),
        Field("name", LINE, "Completes 'You can buy ...', e.g. 'a 6-month extension'."),
        Field(
            "question",
            ID,
            "The date question that records this purchase (it 'renews' or 'extends' a term); its rules decide when it "
            "can be bought and what it gives.",
        ),
        Field("clauses", ListOf(CLAUSE_REF), "The clauses that state the offer; they are linked beside it.", required=False),
    ),
)

POLICY = Obj(
    "Policy",
    "A support policy: its text, and the questionnaire that checks an issue against it.",
    (
        Field("format", Integer(minimum=1), f"The file format's version: {FORMAT}. Without it, a file is read as format 1."),
        Field("id", ID, "The policy's id; also its file name and URL."),
        Field("title", LINE, "The policy's title."),
        Field("vendor", LINE, "Who gives support."),
        Field("product", LINE, "What the policy covers."),
        Field("updated", Date(), "When the policy last changed (shown as 'Last updated')."),
        Field("summary", SUMMARY, "The short facts for the summary box."),
        Field("sections", ListOf(SECTION, min_items=1), "The policy text, section by section."),
        Field("closing", Text(), "A closing call to action (Markdown).", required=False),
        Field("actions", ListOf(ACTION), "What a customer may have to do before support is given.", required=False),
        Field("questions", ListOf(QUESTION, min_items=1), "The self-check questionnaire, in the order it is asked."),
        Field("offers", ListOf(OFFER), "What a customer may buy, and when (renewals, extensions).", required=False),
        Field("next-steps", NEXT_STEPS, "What to do after each outcome."),
        Field("filing", FILING, "Where customers file a ticket, as a link the verdict offers.", required=False),
    ),
)
