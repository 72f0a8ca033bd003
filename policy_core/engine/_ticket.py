"""What a customer files, and where: the ticket summary, and the filing link a verdict offers.

The summary is plain text, so it pastes into any ticket system; its last line is the share link,
which reproduces the check. Filing is offered only where it helps: after a supported verdict or
one an engineer must confirm, never after a not-supported one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from ._compiled import content_hash, version_id
from ._dates import human_date
from ._model import Outcome, Policy, Verdict

#: The outcomes after which filing a ticket can help.
FILING_OUTCOMES = (Outcome.SUPPORTED, Outcome.REVIEW)


def answer_label(policy: Policy, question_id: str, value: str) -> str:
    """An answer as the customer chose it: the option's label, or the date as given."""
    option = policy.question_index[question_id].option(value)
    return option.label if option else value


def asked(policy: Policy, question_id: str) -> str:
    """A question as the summary asks it: its prompt, ending in a question mark or a colon."""
    prompt = policy.question_index[question_id].prompt
    return prompt if prompt.endswith(("?", ":")) else f"{prompt}:"


def policy_line(policy: Policy) -> str:
    """The summary's first line: the policy, and the version the check was made under."""
    return f"Support policy: {policy.title} ({policy.id}), version of {human_date(policy.updated)} ({version_id(policy)})"


#: Mail clients re-wrap lines longer than this; the summary folds its own, at words, so they do not.
LINE_CHARS = 72


def folded(line: str, width: int = LINE_CHARS) -> str:
    """``line`` broken at spaces into lines of at most ``width``, the later ones indented by two spaces.

    A word longer than a line (an address) is never broken. The agent's tool joins an indented
    line back onto the one above it, as mail headers are unfolded.
    """
    if len(line) <= width:
        return line
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = f"  {word}"
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return "\n".join(out)


def ticket_summary(
    policy: Policy,
    verdict: Verdict,
    answers: Mapping[str, str],
    link: str | None = None,
    *,
    tz: str | None = None,
    policy_page: str | None = None,
) -> str:
    """The summary to paste into a ticket: the policy and its version, the verdict, why, the answers, the link.

    ``tz`` is the customer's UTC offset; ``policy_page`` the address the clauses are linked at.
    """
    lines = [
        policy_line(policy),
        f"Verdict: {verdict.headline}",
        *(f"First: {action.text} ({', '.join(c.id for c in action.clauses)})" for action in verdict.actions),
        *(f"{fact.text}." for fact in verdict.facts),
        "Deciding clauses:",
        *(f"- {_clause_line(clause.id, clause.text, policy_page)}" for clause in verdict.clauses),
        "Answers:",
        *(f"- {asked(policy, q)} {answer_label(policy, q, answers[q])} ({q}={answers[q]})" for q in verdict.answered),
    ]
    if verdict.checked_on:
        lines.append(f"Checked on: {verdict.checked_on.isoformat()}" + (f" (UTC{tz})" if tz else ""))
    lines.append(f"Check code: {check_code(policy, verdict, answers)}")
    text = "\n".join(folded(line) for line in lines)
    # In angle brackets, as RFC 3986 (appendix C) delimits an address in text: a reader may then
    # drop the spaces and line breaks a mail client puts into it. Never folded: it has no spaces.
    return f"{text}\nLink: <{link}>" if link else text


CLAUSE_CHARS = 90  # enough to recognise a clause in a ticket; the link leads to all of it


def _clause_line(clause_id: str, text: str, policy_page: str | None) -> str:
    words = " ".join(text.split())
    short = words if len(words) <= CLAUSE_CHARS else words[: CLAUSE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return f"{clause_id}: {short}" + (f" <{policy_page.partition('#')[0]}#{clause_id}>" if policy_page else "")


def check_code(policy: Policy, verdict: Verdict, answers: Mapping[str, str]) -> str:
    """A short code of what a check found: the answers, the check date, the policy version and the verdict.

    The page a share link opens shows the code of its check, so a summary whose lines were edited
    visibly disagrees with its own link. Anyone can run the checker, so it proves consistency,
    not who made the summary.
    """
    used = sorted((q, answers[q]) for q in verdict.answered if q in answers)
    parts = [
        content_hash(policy),
        verdict.checked_on.isoformat() if verdict.checked_on else "",
        *(f"{q}={v}" for q, v in used),
        verdict.outcome.value,
        *(a.id for a in verdict.actions),
        *(c.id for c in verdict.clauses),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8].upper()
    return f"{digest[:4]}-{digest[4:]}"


def filing_link(policy: Policy, verdict: Verdict, summary: str) -> dict[str, Any] | None:
    """How to file after this verdict, or ``None`` where filing cannot help.

    ``{"href", "where", "prefilled"}``: the link and where it leads ("the ticket form at
    help.example.com", "an email to support@example.com"), both ``None`` when the policy says how to
    file in its steps only; ``prefilled`` says whether the link carries the summary (an email always
    does; a web form when its URL has ``{summary}``).
    """
    if verdict.outcome not in FILING_OUTCOMES:
        return None
    filing = policy.filing
    if filing is None:
        return {"href": None, "where": None, "prefilled": False}
    if filing.email:
        subject = f"{policy.vendor} support: {verdict.headline}"
        href = f"mailto:{filing.email}?subject={quote(subject, safe='')}&body={quote(summary, safe='')}"
        return {"href": href, "where": f"an email to {filing.email}", "prefilled": True}
    url = filing.url or ""
    return {
        "href": url.replace("{summary}", quote(summary, safe="")),
        "where": f"the ticket form at {urlsplit(url).hostname}",
        "prefilled": "{summary}" in url,
    }
