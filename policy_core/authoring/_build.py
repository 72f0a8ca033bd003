"""Build a ``Policy`` from raw data: the one path from YAML or JSON to the immutable model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from ..engine import FORMAT, LINK_META, InvalidPolicyError, Policy, assemble_policy, did_you_mean, implied_parent
from ._format import POLICY
from ._limits import check_limits
from ._migrate import migrate
from ._slips import check_slips
from ._spec import INVALID, Collector, Locator, Path, conform, no_location
from ._terms import check_term_rules

DATE_KEYS = (
    *("period", "period-by", "grace", "starts-after", "renews", "extends", "window", "opens", "cap", "not-before"),
    "no-future",
    *("term", "within", "in-grace", "after"),
)
RESERVED_QUESTION_IDS = LINK_META  # share links carry these beside the answers


def policy_from_data(data: Any, *, path: str = "<policy>", locate: Locator = no_location, prove: bool = True) -> Policy:
    """Validate ``data`` and build the policy; raise ``InvalidPolicyError`` listing every mistake.

    With ``prove`` (the default), every case is enumerated too, and verdicts without a deciding
    clause, questions that never matter and answers no case reaches are reported (``_proofs``).
    """
    out = Collector(path, locate)
    if isinstance(data, dict) and "format" not in data:
        data = migrate(data)
    elif isinstance(data, dict) and data.get("format") != FORMAT:
        written = data.get("format")
        if isinstance(written, str) and written.strip().isdigit():
            out.error(("format",), f"'format' must be a number, not the text '{written}': remove the quotes")
        else:
            out.error(("format",), f"this file is written for format {written!r}; policy_core reads formats 1 and {FORMAT}")
        raise InvalidPolicyError(out.errors)
    clean = conform(data, POLICY, (), out)
    _check_filing(data, out)
    if clean is not INVALID and not check_limits(clean, out):
        raise InvalidPolicyError(out.errors)  # the other checks walk the questions: not past a limit
    if clean is INVALID or out.errors:
        # Semantic checks still run on what is well-formed, so one run reports everything.
        if clean is not INVALID:
            _check_semantics(clean, out)
        raise InvalidPolicyError(out.errors)
    _check_semantics(clean, out)
    if out.errors:
        raise InvalidPolicyError(out.errors)
    check_slips(clean, out)
    policy = replace(assemble_policy(clean), warnings=tuple(sorted(out.warnings, key=lambda w: (w.line, w.column))))
    if prove:
        from ._proofs import prove_policy  # noqa: PLC0415  (the proofs use the checker, which uses this module)

        prove_policy(policy, clean, out)
        if out.errors:  # a slip is often the cause of a failed proof: show both
            raise InvalidPolicyError([*out.errors, *out.warnings])
    return policy


def _check_filing(data: Any, out: Collector) -> None:
    """One of 'url' and 'email', as written: a key refused for its value still counts as given."""
    filing = data.get("filing") if isinstance(data, dict) else None
    if not isinstance(filing, dict):
        return
    given = {"url", "email"} & filing.keys()
    if len(given) != 1:
        which = "not both" if given else "add one"
        out.error(("filing",), f"give 'filing' either a 'url' or an 'email' ({which})", key=True)


def _mappings(items: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """The well-formed entries of a list, with their original index."""
    return [(i, item) for i, item in enumerate(items or []) if isinstance(item, dict)]


def _unique(items: Iterable[tuple[Path, str]], what: str, out: Collector) -> None:
    seen: dict[str, Path] = {}
    for where, ident in items:
        if ident in seen:
            line, _ = out.locate(seen[ident])
            first = f" (first used on line {line})" if line > 1 else ""
            out.error(where, f"duplicate {what} '{ident}'{first}: give each its own id")
        seen.setdefault(ident, where)


class _Seen:
    """What earlier questions offer, for checking references to them."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}
        self.types: dict[str, str] = {}
        self.parents: dict[str, list[str]] = {}
        """The earlier questions always answered before each question is asked (those its 'when' needs)."""

    def ancestors(self, question_ids: list[str]) -> list[str]:
        found: list[str] = []
        pending = list(question_ids)
        while pending:
            question_id = pending.pop()
            if question_id not in found:
                found.append(question_id)
                pending += self.parents.get(question_id, [])
        return found


def _guaranteed(question: Mapping[str, Any]) -> list[str]:
    """The earlier questions answered whenever ``question`` is asked: each of 'all', none of 'any' for sure."""
    when = question.get("when")
    if not isinstance(when, dict):
        parent = implied_parent(question)
        return [parent] if isinstance(parent, str) else []
    if isinstance(when.get("question"), str):
        return [when["question"]]
    return [c["question"] for c in when.get("all") or [] if isinstance(c, dict) and isinstance(c.get("question"), str)]


def _check_sections(data: Mapping[str, Any], out: Collector) -> tuple[list[str], set[str]]:
    """Every clause id (``section.clause``), and the clause ids of duplicated sections.

    An answer citing a clause of a duplicated section would look unknown, and the message would
    suggest the wrong fix; the duplicate id is reported alone instead.
    """
    sections = _mappings(data.get("sections"))
    _unique(((("sections", i, "id"), s["id"]) for i, s in sections if "id" in s), "section id", out)
    clause_ids: list[str] = []
    section_ids = [s.get("id") for _, s in sections]
    hidden: set[str] = set()
    for i, section in sections:
        clauses = _mappings(section.get("clauses"))
        _unique(((("sections", i, "clauses", j, "id"), c["id"]) for j, c in clauses if "id" in c), "clause id", out)
        clause_ids += [f"{section.get('id')}.{c['id']}" for _, c in clauses if "id" in c]
        if section_ids.count(section.get("id")) > 1:
            hidden |= {str(c["id"]) for _, c in clauses if "id" in c}
    return clause_ids, hidden


def _check_semantics(data: Mapping[str, Any], out: Collector) -> None:
    clause_ids, hidden = _check_sections(data, out)
    actions = _mappings(data.get("actions"))
    _unique(((("actions", i, "id"), a["id"]) for i, a in actions if "id" in a), "action id", out)
    action_ids = [a["id"] for _, a in actions if "id" in a]

    seen = _Seen()
    uses_review = False
    questions = _mappings(data.get("questions"))
    _unique(((("questions", i, "id"), q["id"]) for i, q in questions if "id" in q), "question id", out)
    for i, question in questions:
        where: Path = ("questions", i)
        if question.get("id") in RESERVED_QUESTION_IDS:
            out.error((*where, "id"), f"the question id '{question['id']}' is reserved for share links; choose another")
        options = _check_question_shape(question, where, out)
        option_ids = ((("questions", i, "options", j, "id"), o["id"]) for j, o in _mappings(question.get("options")) if "id" in o)
        _unique(option_ids, "option id", out)
        for effect_where, effect in _effects(question, where):
            uses_review |= effect.get("outcome") == "review"
            for k, ref in enumerate(effect.get("clauses", [])):
                if isinstance(ref, str) and ref not in clause_ids and ref.partition(".")[2] not in hidden:
                    out.error((*effect_where, "clauses", k), f"unknown clause '{ref}'{did_you_mean(ref, clause_ids)}")
            for k, ref in enumerate(effect.get("actions", [])):
                if isinstance(ref, str) and ref not in action_ids:
                    hint = did_you_mean(ref, action_ids)
                    out.error((*effect_where, "actions", k), f"unknown action '{ref}'{hint}; declare it under 'actions'")
            if effect.get("outcome") == "not-supported" and effect.get("actions"):
                out.error(
                    (*effect_where, "actions"), "a not-supported answer ends the check, so it cannot require actions", key=True
                )
        if isinstance(question.get("when"), dict):
            _check_condition(question["when"], (*where, "when"), seen.answers, out)
        _check_dependencies(question, where, seen, out)
        if "id" in question:
            seen.answers[question["id"]] = options
            seen.types[question["id"]] = question.get("type", "choice")
            seen.parents[question["id"]] = _guaranteed(question)
    check_term_rules(data, clause_ids, out)
    if uses_review and "review" not in (data.get("next-steps") or {}):
        out.error(("next-steps",), "some answers have 'outcome: review': add 'review:' steps under 'next-steps'", key=True)


def _check_question_shape(question: Mapping[str, Any], where: Path, out: Collector) -> list[str]:
    """Check the fields a question's type needs; return the answers it can have."""
    options = [o["id"] for _, o in _mappings(question.get("options")) if "id" in o]
    if question.get("type", "choice") == "choice":
        for extra in DATE_KEYS:
            if extra in question:
                out.error((*where, extra), f"'{extra}' is only for date questions (add 'type: date')", key=True)
        if len(question.get("options", [])) < 2:
            out.error(where, "a choice question needs at least 2 options", key=bool(question.get("options")))
        return options
    # Which of within and after a date can reach depends on the rules: the proofs ask for each one reached.
    if "period" in question and "period-by" in question:
        out.error((*where, "period-by"), "give either 'period' or 'period-by', not both", key=True)
    if "in-grace" in question and "grace" not in question:  # the proofs ask for 'in-grace' where a grace is reached
        out.error(where, f"date question '{question.get('id')}' has 'in-grace', so it needs 'grace' too")
    classes = [name for name in ("within", "in-grace", "after") if name in question]
    for j, option in _mappings(question.get("options")):
        if option.get("id") in ("within", "in-grace", "after"):
            out.error(("questions", where[1], "options", j, "id"), f"option id '{option['id']}' is reserved for date classes")
    return [*classes, *options]


def _check_dependencies(question: Mapping[str, Any], where: Path, seen: _Seen, out: Collector) -> None:
    """A computed date needs earlier answers that are always given when this question is asked."""
    reachable = seen.ancestors(_guaranteed(question))
    named: list[tuple[Path, str, str]] = []
    by = question.get("period-by")
    if isinstance(by, dict) and isinstance(by.get("question"), str):
        named.append(((*where, "period-by", "question"), by["question"], "choice"))
    for key in ("starts-after", "renews", "extends", "not-before"):
        if isinstance(question.get(key), str):
            named.append(((*where, key), question[key], "date"))
    for at, target, kind in named:
        if target not in seen.types:
            out.error(at, f"'{at[-1]}' must name an earlier question, not '{target}'{did_you_mean(target, seen.types)}")
        elif seen.types[target] != kind:
            out.error(at, f"'{at[-1]}' must name an earlier {kind} question; '{target}' is a {seen.types[target]} question")
        elif target not in reachable:
            out.error(at, f"'{target}' is not always answered before this question: give it 'when: {{question: {target}, ...}}'")
    if isinstance(by, dict) and isinstance(by.get("periods"), dict) and by.get("question") in seen.answers:
        known = seen.answers[by["question"]]
        for key in by["periods"]:
            if key not in known:
                out.error(
                    (*where, "period-by", "periods", key),
                    f"question '{by['question']}' has no answer '{key}'{did_you_mean(key, known)}",
                    key=True,
                )


def _effects(question: Mapping[str, Any], where: Path) -> Iterable[tuple[Path, Mapping[str, Any]]]:
    for j, option in _mappings(question.get("options")):
        yield (*where, "options", j), option
    for name in ("within", "in-grace", "after"):
        if isinstance(question.get(name), dict):
            yield (*where, name), question[name]


def _check_condition(when: Mapping[str, Any], where: Path, answers_of: Mapping[str, list[str]], out: Collector) -> None:
    forms = [key for key in ("question", "all", "any") if key in when]
    if len(forms) != 1:
        out.error(where, "'when' needs one 'question' (with 'in' or 'not-in'), or 'all' or 'any' with a list of such conditions")
        return
    if forms[0] == "question":
        _check_one_condition(when, where, answers_of, out)
        return
    for k, part in _mappings(when[forms[0]]):
        _check_one_condition(part, (*where, forms[0], k), answers_of, out)


def _check_one_condition(when: Mapping[str, Any], where: Path, answers_of: Mapping[str, list[str]], out: Collector) -> None:
    target = when.get("question")
    if ("in" in when) == ("not-in" in when):
        out.error(where, "'when' needs exactly one of 'in' or 'not-in'")
    if target is None:
        return  # already reported as a missing key
    if target not in answers_of:
        out.error(
            (*where, "question"), f"'when' must name an earlier question, not '{target}'{did_you_mean(str(target), answers_of)}"
        )
        return
    for key in ("in", "not-in"):
        for k, answer in enumerate(when.get(key, [])):
            if isinstance(answer, str) and answer not in answers_of[target]:
                hint = did_you_mean(answer, answers_of[target])
                out.error((*where, key, k), f"question '{target}' has no answer '{answer}'{hint}")
