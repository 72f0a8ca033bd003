"""What changed between two versions of a policy: in words, in questions, in date rules and in verdicts.

``diff_policies(old, new)`` computes it; ``PolicyDiff.to_json()`` and ``diff_text()`` give it to
CI and to a writer's terminal, and the site renders the same data as each version's "What changed".
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..engine import Duration, Policy, Question, content_hash, human_date
from ._case_diff import SAMPLE_DAY, CaseChange, CaseComparison, compare_cases, verdict_kind

Words = tuple[tuple[str, str], ...]
"""A word-level difference: ``("=", text)``, ``("-", removed)`` or ``("+", added)``, in reading order."""


HEADLINE_MOVES = 3  # the headline names the largest moves; the listing has them all


@dataclass(frozen=True, kw_only=True)
class TextChange:
    """A clause or action added, removed or reworded; ``words`` says how, for a reworded one."""

    id: str
    old: str | None
    new: str | None
    words: Words = ()


@dataclass(frozen=True, kw_only=True)
class PolicyDiff:
    old: Policy
    new: Policy
    clauses: tuple[TextChange, ...]
    actions: tuple[TextChange, ...]
    questions_added: tuple[str, ...]
    questions_removed: tuple[str, ...]
    answers_added: tuple[tuple[str, str], ...]
    """``(question, answer)`` pairs offered only by the new version."""
    answers_removed: tuple[tuple[str, str], ...]
    rules: tuple[str, ...]
    """Changed date rules, in words: "When did you buy?: support period 12 months → 6 months"."""
    cases: CaseComparison

    @property
    def empty(self) -> bool:
        """Whether nothing a reader or the checker sees has changed."""
        return content_hash(self.old) == content_hash(self.new)

    def totals(self) -> Counter[tuple[str, str]]:
        """How many cases move from each old verdict to each new one."""
        return Counter((verdict_kind(c.old), verdict_kind(c.new)) for c in self.cases.changes)

    def headline(self) -> str:
        """One line: "12 of 464 cases change: 8 Supported → Not supported, 4 …"."""
        changed, compared = len(self.cases.changes), self.cases.compared
        kinds = self.totals().most_common()
        moves = ", ".join(f"{n} {a} → {b}" for (a, b), n in kinds[:HEADLINE_MOVES])
        if len(kinds) > HEADLINE_MOVES:
            moves += f", and {len(kinds) - HEADLINE_MOVES} more kinds of change"
        line = f"{changed} of {compared} cases change" + (f": {moves}" if moves else "")
        extra = [
            f"{len(self.cases.new)} new" if self.cases.new else "",
            f"{len(self.cases.gone)} gone" if self.cases.gone else "",
        ]
        return line + "".join(f"; {e}" for e in extra if e)

    def groups(self) -> list[tuple[tuple[str, str], list[CaseChange]]]:
        """The changed cases by old and new verdict, the largest group first."""
        found: dict[tuple[str, str], list[CaseChange]] = {}
        for change in self.cases.changes:
            found.setdefault((verdict_kind(change.old), verdict_kind(change.new)), []).append(change)
        return sorted(found.items(), key=lambda group: -len(group[1]))

    def to_json(self) -> dict[str, Any]:
        def text(change: TextChange) -> dict[str, Any]:
            return {"id": change.id, "old": change.old, "new": change.new, "words": [list(w) for w in change.words]}

        def case_change(change: CaseChange) -> dict[str, Any]:
            return {
                "old": {
                    "answers": dict(change.old_answers),
                    "outcome": change.old.outcome.value,
                    "verdict": verdict_kind(change.old),
                },
                "new": {
                    "answers": dict(change.new_answers),
                    "outcome": change.new.outcome.value,
                    "verdict": verdict_kind(change.new),
                },
                "example": dict(change.example),
                "moved": [{"question": q, "old": a, "new": b} for q, a, b in change.moved],
            }

        return {
            "old": _version_json(self.old),
            "new": _version_json(self.new),
            "clauses": [text(c) for c in self.clauses],
            "actions": [text(a) for a in self.actions],
            "questions": {"added": list(self.questions_added), "removed": list(self.questions_removed)},
            "answers": {
                "added": [{"question": q, "answer": a} for q, a in self.answers_added],
                "removed": [{"question": q, "answer": a} for q, a in self.answers_removed],
            },
            "rules": list(self.rules),
            "cases": {
                "compared": self.cases.compared,
                "changed": len(self.cases.changes),
                "changes": [case_change(c) for c in self.cases.changes],
                "new": [{"answers": dict(c.answers), "verdict": verdict_kind(c.verdict)} for c in self.cases.new],
                "gone": [{"answers": dict(c.answers), "verdict": verdict_kind(c.verdict)} for c in self.cases.gone],
                "examples_on": SAMPLE_DAY.isoformat(),
            },
            "summary": self.headline(),
        }


def _version_json(policy: Policy) -> dict[str, str]:
    return {"id": policy.id, "updated": policy.updated.isoformat(), "hash": content_hash(policy)}


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    """Everything that differs between ``old`` and ``new``, from the policy data alone."""
    old_options = _options(old.questions)
    new_options = _options(new.questions)
    return PolicyDiff(
        old=old,
        new=new,
        clauses=_texts({k: c.text for k, c in old.clauses.items()}, {k: c.text for k, c in new.clauses.items()}),
        actions=_texts({a.id: a.text for a in old.actions}, {a.id: a.text for a in new.actions}),
        questions_added=tuple(q.id for q in new.questions if q.id not in old.question_index),
        questions_removed=tuple(q.id for q in old.questions if q.id not in new.question_index),
        answers_added=tuple(p for p in new_options if p not in old_options and p[0] in old.question_index),
        answers_removed=tuple(p for p in old_options if p not in new_options and p[0] in new.question_index),
        rules=tuple(_rule_changes(old, new)),
        cases=compare_cases(old, new),
    )


def _options(questions: Iterable[Question]) -> list[tuple[str, str]]:
    return [(q.id, o.id) for q in questions for o in q.options]


def _texts(old: dict[str, str], new: dict[str, str]) -> tuple[TextChange, ...]:
    changes = [TextChange(id=k, old=None, new=new[k]) for k in new if k not in old]
    changes += [TextChange(id=k, old=old[k], new=None) for k in old if k not in new]
    changes += [
        TextChange(id=k, old=old[k], new=new[k], words=word_diff(old[k], new[k])) for k in old if k in new and old[k] != new[k]
    ]
    return tuple(changes)


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")  # words, spaces and each punctuation mark apart


def word_diff(old: str, new: str) -> Words:
    """The words removed and added between two texts, with the words around them."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return tuple(out)


def _rule_changes(old: Policy, new: Policy) -> Iterable[str]:
    for question in new.questions:
        before = old.question_index.get(question.id)
        if before is None or question.type != "date" or before.type != "date":
            continue
        for name, was, now in (
            (f"{question.term} period", before.period, question.period),
            ("grace period", before.grace, question.grace),
        ):
            if str(was) != str(now):
                yield f"{question.prompt} {name} {_length(was)} → {_length(now)}{_band(question, name, was, now)}"
        was_by = dict(before.period_by.periods) if before.period_by else {}
        now_by = dict(question.period_by.periods) if question.period_by else {}
        for key in dict.fromkeys([*was_by, *now_by]):
            if str(was_by.get(key)) != str(now_by.get(key)):
                lengths = f"{_length(was_by.get(key))} → {_length(now_by.get(key))}"
                yield f"{question.prompt} {question.term} period for {key}: {lengths}"
        for name, was_q, now_q in (
            ("counts from the end of", before.starts_after, question.starts_after),
            ("must not be before", before.not_before, question.not_before),
        ):
            if was_q != now_q:
                yield f"{question.prompt} {name}: {was_q or 'nothing'} → {now_q or 'nothing'}"


def _band(question: Question, name: str, was: Duration | None, now: Duration | None) -> str:
    """Which dates a changed support period moves: ": dates 6 months to 12 months before the check day now fall outside it"."""
    if was is None or now is None or name == "grace period" or question.starts_after or question.period_by:
        return ""  # a term counted from another answer: the moved cases say it better
    shorter, longer = sorted((was, now), key=lambda d: d.before(SAMPLE_DAY), reverse=True)
    where = "outside" if now is shorter else "within"
    return f": dates {shorter} to {longer} before the check day now fall {where} it"


def _length(duration: object) -> str:
    return "none" if duration is None else str(duration)


def diff_text(diff: PolicyDiff, *, examples: int = 3) -> str:
    """The diff for a terminal: texts with ``[-removed-]{+added+}``, then every verdict change, then the total."""
    old, new = diff.old, diff.new
    lines = [f"{new.id}: {human_date(old.updated)} ({content_hash(old)}) → {human_date(new.updated)} ({content_hash(new)})"]
    if old.id != new.id:
        lines[0] = f"{old.id} ({human_date(old.updated)}) → {new.id} ({human_date(new.updated)})"
    lines += _text_lines("Clause", diff.clauses) + _text_lines("Action", diff.actions)
    lines += [f"Question added: {q}: {new.question_index[q].prompt}" for q in diff.questions_added]
    lines += [f"Question removed: {q}: {old.question_index[q].prompt}" for q in diff.questions_removed]
    lines += [f"Answer added: {q}={a}" for q, a in diff.answers_added]
    lines += [f"Answer removed: {q}={a}" for q, a in diff.answers_removed]
    lines += [f"Date rule: {rule}" for rule in diff.rules]
    lines += [f"Dates that move: {q}: {a} → {b} in {n} changed cases" for (q, a, b), n in moved_classes(diff).items()]
    for (was, now), changes in diff.groups():
        lines.append(f"{len(changes)} cases: {was} → {now}, for example (on {SAMPLE_DAY.isoformat()}):")
        lines += [f"  {_answers(c.example)}{_moves(c)}" for c in changes[:examples]]
    for label, found in (("New case", diff.cases.new), ("Case gone", diff.cases.gone)):
        lines += [f"{label}: {_answers(dict(c.answers))}: {verdict_kind(c.verdict)}" for c in found[:examples]]
    if diff.empty:
        lines.append("No change.")
    lines.append(diff.headline())
    return "\n".join(lines)


def _text_lines(kind: str, changes: Iterable[TextChange]) -> list[str]:
    def line(change: TextChange) -> str:
        if change.old is None:
            return f"{kind} added: {change.id}: {_one_line(change.new or '')}"
        if change.new is None:
            return f"{kind} removed: {change.id}: {_one_line(change.old)}"
        return f"{kind} reworded: {change.id}: {marked_words(change.words)}"

    return [line(change) for change in changes]


def moved_classes(diff: PolicyDiff) -> Counter[tuple[str, str, str]]:
    """How many changed cases each date class move accounts for: ``(question, old class, new class)``."""
    return Counter(move for change in diff.cases.changes for move in change.moved)


def marked_words(words: Words) -> str:
    """A word difference as text: ``[-removed-]{+added+}``, as ``git diff --word-diff`` writes it."""
    return _one_line("".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in words))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _answers(answers: Mapping[str, str]) -> str:
    return " ".join(f"{q}={a}" for q, a in answers.items())


def _moves(change: CaseChange) -> str:
    return "".join(f" ({q}: {a} → {b})" for q, a, b in change.moved)
