"""What a customer sends support from the page without JavaScript: a ticket summary, and a share link where one can be made.

That page is written at build time, one verdict for each path of answers, so it cannot know
the customer's dates: a date question is answered there by what holds today ("support still
runs"). A path without dates gets what the self-check gives, made the same way: the share link
(dated with the policy version's own day, since its verdict does not depend on the day) and the
ticket summary with its check code, both of which ``policy-core check`` reproduces. A path with
dates cannot be checked without them: its summary names each date to write in, in the place
where the agent's tool reads it (``(question=YYYY-MM-DD)``), and carries no verdict to contradict.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._checker import check
from ._compiled import version_id
from ._links import make_fragment
from ._model import DATE_CLASSES, Policy
from ._ticket import answer_label, asked, folded, policy_line, ticket_summary

#: Where a customer writes a date the page could not ask for: the form the share link and the agent's tool read.
DATE_TO_WRITE = "YYYY-MM-DD"


@dataclass(frozen=True)
class Handoff:
    """A path's ticket summary, and its share link (``None`` where the customer must first write in dates)."""

    summary: str
    link: str | None
    dates: tuple[str, ...]
    """The prompts of the date questions whose dates the customer writes into the summary."""


def path_handoff(
    policy: Policy, answers: tuple[tuple[str, str], ...], *, check_page: str, policy_page: str | None = None
) -> Handoff:
    """The hand-off for one path of the step-by-step page (``answers`` as a ``Case`` holds them, dates as classes)."""
    dated = [q for q, a in answers if policy.question_index[q].type == "date" and a in DATE_CLASSES]
    if not dated:
        verdict = check(policy, dict(answers), policy.updated)
        used = {q: dict(answers)[q] for q in verdict.answered}
        link = f"{check_page}#{make_fragment(used, policy.updated, version_id(policy))}"
        return Handoff(ticket_summary(policy, verdict, used, link, policy_page=policy_page), link, ())
    lines = [policy_line(policy), "Answers:"]
    for question_id, answer in answers:
        question = policy.question_index[question_id]
        if question_id in dated:
            said = question.class_rule(answer, date_named="that date") or answer
            lines.append(f"- {asked(policy, question_id)} {said} ({question_id}={DATE_TO_WRITE})")
        else:
            lines.append(f"- {asked(policy, question_id)} {answer_label(policy, question_id, answer)} ({question_id}={answer})")
    prompts = tuple(policy.question_index[q].prompt for q in dated)
    return Handoff("\n".join(folded(line) for line in lines), None, prompts)
