"""Likely slips: a valid policy that probably does not say what its writer meant.

They are warnings, not errors: the policy still builds (``mkdocs build --strict`` stops on them,
as on any warning), and ``policy-core validate`` prints them as ``file:line:col: warning: ...``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..engine import DATE_CLASSES, LINK_META, echo, implied_parent
from ._confusables import first_difference, look_alikes, mixed_word, skeleton
from ._spec import Collector, Path

#: Ids show in links, ticket summaries and anchors; past this length they are hard to read.
MAX_ID_LENGTH = 40


def check_slips(data: Mapping[str, Any], out: Collector) -> None:
    """Warn, at the spot, about each likely slip of well-formed ``data``."""
    kinds = {
        f"{section['id']}.{clause['id']}": section.get("kind")
        for section in data.get("sections", [])
        for clause in section.get("clauses", [])
    }
    for where, effect in _answers(data):
        cited = effect.get("clauses", [])
        decides_nothing = not effect.get("outcome") and not effect.get("actions")
        if cited and decides_nothing and all(kinds.get(ref) == "not-supported" for ref in cited):
            out.warn(
                where,
                f"this answer cites only not-supported clauses ({', '.join(cited)}) but gives no outcome, so it "
                "counts as supported; add 'outcome: not-supported', or cite the clause that supports it",
            )
    for where, ident in _ids(data):
        if len(ident) > MAX_ID_LENGTH:
            out.warn(
                where,
                f"the id '{ident[:20]}...' is {len(ident)} characters long; ids show in links and ticket "
                f"summaries, so keep them to {MAX_ID_LENGTH}",
            )

    _check_look_alikes(data, out)


def _check_look_alikes(data: Mapping[str, Any], out: Collector) -> None:
    """Two answers of one question or of one check, or two ids of one kind, that a reader cannot tell apart."""
    one_check = _OneCheck(data)
    warned = _check_look_alike_answers(data, one_check, out)
    for where, text in _names(data):
        found = None if where in warned else mixed_word(text)  # a look-alike is warned of already, more exactly
        if found is not None:
            word, scripts = found
            out.warn(
                where,
                f"the word '{echo(word)}' mixes {' and '.join(s.title() for s in scripts)} letters: it looks like a word "
                "it is not, to customers and to search; write it in one script",
            )
    _check_look_alike_ids(data, one_check, out)


def _check_look_alike_answers(data: Mapping[str, Any], one_check: _OneCheck, out: Collector) -> set[Path]:
    """Answers of one question, or of one check, that look the same: where each was warned of."""
    labels: dict[int, list[tuple[Path, str]]] = {}  # by question
    for where, effect in _answers(data):
        if "label" in effect:
            labels.setdefault(int(where[1]), []).append(((*where, "label"), effect["label"]))
    warned: set[Path] = set()
    for where, label, earlier in (found for one_question in labels.values() for found in look_alikes(one_question)):
        warned.add(where)
        out.warn(
            where,
            f"the answer '{echo(label)}' looks the same as the answer '{echo(earlier)}' of this question "
            f"({first_difference(label, earlier)}): a customer cannot tell them apart; write both in one script",
        )
    given = [(where, *answer, label) for where, answer, label in _answer_labels(data) if where not in warned]
    for where, label, question, earlier in one_check.look_alikes(given):
        warned.add(where)
        out.warn(
            where,
            f"the answer '{echo(label)}' looks the same as the answer '{echo(earlier)}' of question '{question}' "
            f"({first_difference(label, earlier)}): one check can give both, and a customer reads as one answer what "
            "search and ticket rules take for two; write both in one script",
        )
    return warned


def _check_look_alike_ids(data: Mapping[str, Any], one_check: _OneCheck, out: Collector) -> None:
    """Ids of one kind, answer ids of one check, and question ids beside a share link's own keys, that look the same."""
    warned: set[Path] = set()
    kinds: dict[str, list[tuple[Path, str]]] = {}  # ids of one kind, in one place
    for where, ident in (*_ids(data), *_offer_ids(data)):
        scope = str(where[:3] if len(where) > 3 else where[:1])  # a question's options, a section's clauses
        kinds.setdefault(scope, []).append((where, ident))
    for ids in kinds.values():
        for where, ident, earlier in look_alikes(ids):
            warned.add(where)
            out.warn(
                where,
                f"the id '{ident}' looks the same as the id '{earlier}' ({first_difference(ident, earlier)}): "
                "links, summaries and the writer's eye cannot tell them apart; choose another",
            )
    answer_ids = [
        (where, question, ident, ident)
        for where, question, ident in _option_ids(data)
        if where not in warned  # two of one question: warned of above
    ]
    for where, ident, question, earlier in one_check.look_alikes(answer_ids):
        out.warn(
            where,
            f"the answer id '{ident}' looks the same as the answer id '{earlier}' of question '{question}' "
            f"({first_difference(ident, earlier)}): one share link can hold both, and its reader cannot tell them "
            "apart; choose another",
        )
    for i, question in enumerate(data.get("questions", [])):
        for key in LINK_META:
            if question["id"] != key and skeleton(question["id"]) == skeleton(key):
                out.warn(
                    ("questions", i, "id"),
                    f"the question id '{question['id']}' looks the same as '{key}', a key of every share link "
                    f"({first_difference(question['id'], key)}): a reader of a link cannot tell them apart; choose another",
                )


class _OneCheck:
    """Which answers of different questions one check can give together.

    A question is asked only when its 'when' holds ('question', or each of 'all'; an 'any' promises nothing),
    and a date question computed from an earlier answer only once that answer is given (with 'period-by',
    only for the answers it gives a period): each question's answers then need certain answers of earlier
    questions. Two answers whose needs leave some question no answer are never given together, nor is a
    not-supported answer, which ends the check, with any answer of a later question. Any other two may be,
    in a share link and a ticket summary side by side.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.needs: dict[str, dict[str, frozenset[str]]] = {}
        """For each question, the answers that earlier questions must have been given for it to be asked."""
        self.order: dict[str, int] = {}
        """Each question's place in the questionnaire."""
        self.ending: dict[str, frozenset[str]] = {}
        """Each question's answers that end the check (not supported)."""
        self._pairs: dict[tuple[str, str], bool] = {}
        answers: dict[str, frozenset[str]] = {}
        for index, question in enumerate(data.get("questions", [])):
            needs: dict[str, frozenset[str]] = {}
            when = question.get("when") or {}
            for condition in [when] if "question" in when else when.get("all", []):
                target = condition["question"]
                allowed = set(condition.get("in", answers[target])) - set(condition.get("not-in", []))
                _narrow(needs, {**self.needs[target], target: frozenset(allowed)})
            parent = implied_parent(question)
            if parent in answers:
                by = question.get("period-by")
                asking = frozenset(by["periods"]) if isinstance(by, dict) and by.get("question") == parent else answers[parent]
                _narrow(needs, {**self.needs[parent], parent: asking})
            self.needs[question["id"]] = needs
            self.order[question["id"]] = index
            options = [option["id"] for option in question.get("options", [])]
            answers[question["id"]] = frozenset([*options, *(name for name in DATE_CLASSES if name in question)])
            effects = [
                *((o["id"], o) for o in question.get("options", [])),
                *((n, question[n]) for n in DATE_CLASSES if n in question),
            ]
            self.ending[question["id"]] = frozenset(name for name, effect in effects if effect.get("outcome") == "not-supported")

    def together(self, question: str, answer: str, other: str, others: set[str]) -> bool:
        """Whether one check can give ``question`` the answer ``answer`` and ``other`` one of ``others``."""
        if self.order[other] > self.order[question]:
            if answer in self.ending[question]:
                return False
        else:
            others = others - self.ending[other]  # asked first: its answers that end the check are followed by none
            if not others:
                return False
        if other in self.needs[question] and not self.needs[question][other] & others:
            return False
        if question in self.needs[other] and answer not in self.needs[other][question]:
            return False
        return self._compatible(question, other)

    def _compatible(self, question: str, other: str) -> bool:
        """Whether the two questions can be asked in one check, whatever their own answers."""
        pair = (question, other)
        if pair not in self._pairs:
            mine, theirs = self.needs[question], self.needs[other]
            self._pairs[pair] = all(mine[key] & theirs[key] for key in mine.keys() & theirs.keys())
        return self._pairs[pair]

    def look_alikes(self, items: Iterable[tuple[Path, str, str, str]]) -> Iterator[tuple[Path, str, str, str]]:
        """``(place, text, question, its text)`` for each answer's text (of ``(place, question, answer, text)``)
        that looks like, but is not, the text of an answer of an earlier question one check can give with it.

        The same text is no look-alike, so two questions may both have a 'Yes'; nor is the same text in
        another Unicode normal form (an 'é' of one character or of two).
        """
        seen: dict[str, dict[str, dict[str, tuple[str, set[str]]]]] = {}  # by look, by text: each question's answers
        for where, question, answer, text in items:
            by_text = seen.setdefault(skeleton(text), {})
            written = unicodedata.normalize("NFC", text)
            found = next(
                (
                    (other, earlier)
                    for shown, by_question in by_text.items()
                    if shown != written
                    for other, (earlier, answers) in by_question.items()
                    if other != question and self.together(question, answer, other, answers)
                ),
                None,
            )
            if found is not None:
                yield where, text, *found
            by_text.setdefault(written, {}).setdefault(question, (text, set()))[1].add(answer)


def _narrow(needs: dict[str, frozenset[str]], more: Mapping[str, frozenset[str]]) -> None:
    for question, allowed in more.items():
        needs[question] = needs[question] & allowed if question in needs else allowed


def _names(data: Mapping[str, Any]) -> Iterator[tuple[Path, str]]:
    """The one-line texts a customer reads as names: titles, prompts, labels of answers and actions, offers."""
    for key in ("title", "vendor", "product"):
        yield (key,), data.get(key, "")
    for i, section in enumerate(data.get("sections", [])):
        yield ("sections", i, "title"), section.get("title", "")
    for i, question in enumerate(data.get("questions", [])):
        for key in ("prompt", "label"):
            if key in question:
                yield ("questions", i, key), question[key]
    for where, effect in _answers(data):
        if "label" in effect:
            yield (*where, "label"), effect["label"]
    for i, action in enumerate(data.get("actions", [])):
        if "label" in action:
            yield ("actions", i, "label"), action["label"]
    for i, offer in enumerate(data.get("offers", [])):
        yield ("offers", i, "name"), offer.get("name", "")


def _answers(data: Mapping[str, Any]) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    for i, question in enumerate(data.get("questions", [])):
        for j, option in enumerate(question.get("options", [])):
            yield ("questions", i, "options", j), option
        for name in ("within", "in-grace", "after"):
            if name in question:
                yield ("questions", i, name), question[name]


def _answer_labels(data: Mapping[str, Any]) -> Iterator[tuple[Path, tuple[str, str], str]]:
    """Each answer's label, with its question's id and its own (an option's id, or a date class)."""
    for i, question in enumerate(data.get("questions", [])):
        for j, option in enumerate(question.get("options", [])):
            yield ("questions", i, "options", j, "label"), (question["id"], option["id"]), option["label"]
        for name in DATE_CLASSES:
            if "label" in question.get(name, {}):
                yield ("questions", i, name, "label"), (question["id"], name), question[name]["label"]


def _option_ids(data: Mapping[str, Any]) -> Iterator[tuple[Path, str, str]]:
    for i, question in enumerate(data.get("questions", [])):
        for j, option in enumerate(question.get("options", [])):
            yield ("questions", i, "options", j, "id"), question["id"], option["id"]


def _offer_ids(data: Mapping[str, Any]) -> Iterator[tuple[Path, str]]:
    """Offers' ids: not in links or summaries (so not in ``_ids``' length rule), but two alike still mislead."""
    for i, offer in enumerate(data.get("offers", [])):
        yield ("offers", i, "id"), offer["id"]


def _ids(data: Mapping[str, Any]) -> Iterator[tuple[Path, str]]:
    yield ("id",), data["id"]
    for i, section in enumerate(data.get("sections", [])):
        yield ("sections", i, "id"), section["id"]
        for j, clause in enumerate(section.get("clauses", [])):
            yield ("sections", i, "clauses", j, "id"), clause["id"]
    for i, action in enumerate(data.get("actions", [])):
        yield ("actions", i, "id"), action["id"]
    for i, question in enumerate(data.get("questions", [])):
        yield ("questions", i, "id"), question["id"]
        for j, option in enumerate(question.get("options", [])):
            yield ("questions", i, "options", j, "id"), option["id"]
