"""What a policy's generated pages may grow to, known before any is written.

The all-cases page writes a row for every case, and the page of questions without JavaScript a
verdict for every case: both grow with the number of cases times the text each case repeats
(its answers' labels, its actions and next steps). Fourteen questions that do not depend on each
other make 16,384 cases, and wrote a 41 MB page. Each page is estimated from the texts and from
what the renderers (``tables.py``, ``tree.py``) write around them, and a policy whose page would
pass ``MAX_PAGE_BYTES`` is refused at its ``questions`` key, naming the product.
``tests/test_page_budget.py`` keeps the estimates above the real pages and close to them. The site
builds and ``policy-core validate`` both apply it (``page_errors``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..authoring import key_spot
from ..engine import Case, Node, Policy, PolicyError

MAX_PAGE_BYTES = 5_000_000
# What the renderers write around the texts, measured on the reference policies (about 1,000-1,150
# bytes a row: the verdict's icon, classes, labels for small screens), with room to spare.
CASE_ROW_BYTES = 1_250
ANSWER_CELL_BYTES = 40
CLAUSE_LINK_BYTES = 60
TREE_NODE_BYTES = 200
TREE_BRANCH_BYTES = 120
TREE_VERDICT_BYTES = 1_100
# What to send support, under each verdict: the paragraph, the share link and the summary's fixed lines.
HANDOFF_BYTES = 900
ANSWER_LINE_BYTES = 40  # "- … (question=answer)", with the ids counted roughly
CLAUSE_QUOTE_BYTES = 250  # the quote's markup, "From the policy:" and the clause's address in the summary
SUMMARY_CLAUSE_BYTES = 90  # a clause's words in the summary stop there


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def cases_page_bytes(policy: Policy, all_cases: Sequence[Case]) -> int:
    """About how many bytes the all-cases table takes."""
    total = 0
    for case in all_cases:
        total += CASE_ROW_BYTES
        for question_id, answer in case.answers:
            question = policy.question_index[question_id]
            option = question.option(answer)
            total += ANSWER_CELL_BYTES + _size(option.label if option else answer) + _size(question.label)
        total += _verdict_texts(case)
        total += sum(CLAUSE_LINK_BYTES + 2 * _size(clause.id) for clause in case.verdict.clauses)
    return total


def tree_page_bytes(tree: Node) -> int:
    """About how many bytes the questions without JavaScript take.

    Each verdict also quotes its clauses and gives what to send support: a summary that repeats
    the path's questions and answers, so a path's own words are counted as it is walked.
    """
    total, nodes = 0, [(tree, 0)]
    while nodes:  # iterative: a deep tree is walked without recursion
        node, path = nodes.pop()
        total += TREE_NODE_BYTES + _size(node.question.prompt)
        for branch in node.branches:
            total += TREE_BRANCH_BYTES + _size(branch.option.label)
            said = path + ANSWER_LINE_BYTES + _size(node.question.prompt) + _size(branch.option.label)
            if isinstance(branch.then, Node):
                nodes.append((branch.then, said))
                continue
            verdict = branch.then.verdict
            total += TREE_VERDICT_BYTES + HANDOFF_BYTES + said + 2 * _size(verdict.headline) + _verdict_texts(branch.then)
            for clause in verdict.clauses:
                total += CLAUSE_LINK_BYTES + 2 * _size(clause.section_title) + 4 * _size(clause.id)
                total += CLAUSE_QUOTE_BYTES + _size(clause.text) + min(_size(clause.text), SUMMARY_CLAUSE_BYTES)
    return total


def _verdict_texts(case: Case) -> int:
    verdict = case.verdict
    return sum(_size(action.label or action.text) for action in verdict.actions) + sum(_size(step) for step in verdict.steps)


def oversized_pages(policy: Policy, all_cases: Sequence[Case], tree: Node) -> list[str]:
    """Each page of ``policy`` past the limit, in words: the page, about how large, and why."""
    found = []
    for page, size in (("all-cases page", cases_page_bytes(policy, all_cases)), ("questions page", tree_page_bytes(tree))):
        if size > MAX_PAGE_BYTES:
            each = size / max(len(all_cases), 1)
            found.append(
                f"its {page} would be about {size / 1e6:.0f} MB ({len(all_cases):,} cases x about {each / 1e3:.1f} KB each); "
                f"at most {MAX_PAGE_BYTES / 1e6:.0f} MB: make questions depend on earlier answers ('when'), so that fewer "
                "combinations are cases, or shorten the labels and next steps every case repeats"
            )
    return found


def page_errors(path: Path, policy: Policy, all_cases: Sequence[Case], tree: Node) -> list[PolicyError]:
    """Each page of the policy read from ``path`` past the limit, located at its ``questions`` key."""
    oversized = oversized_pages(policy, all_cases, tree)
    if not oversized:
        return []
    line, column = key_spot(path, "questions")
    return [PolicyError(message, path=str(path), line=line, column=column) for message in oversized]
