"""Likely slips: a valid policy that probably does not say what its writer meant.

They are warnings, not errors: the policy still builds (``mkdocs build --strict`` stops on them,
as on any warning), and ``policy-core validate`` prints them as ``file:line:col: warning: ...``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..engine import echo
from ._confusables import first_difference, look_alikes, mixed_word
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
    """Two answers of one question, or two ids of one kind, that a reader cannot tell apart."""
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
    for where, text in _names(data):
        found = None if where in warned else mixed_word(text)  # a look-alike is warned of already, more exactly
        if found is not None:
            word, scripts = found
            out.warn(
                where,
                f"the word '{echo(word)}' mixes {' and '.join(s.title() for s in scripts)} letters: it looks like a word "
                "it is not, to customers and to search; write it in one script",
            )
    kinds: dict[str, list[tuple[Path, str]]] = {}  # ids of one kind, in one place
    for where, ident in _ids(data):
        scope = str(where[:3] if len(where) > 3 else where[:1])  # a question's options, a section's clauses
        kinds.setdefault(scope, []).append((where, ident))
    for ids in kinds.values():
        for where, ident, earlier in look_alikes(ids):
            out.warn(
                where,
                f"the id '{ident}' looks the same as the id '{earlier}' ({first_difference(ident, earlier)}): "
                "links, summaries and the writer's eye cannot tell them apart; choose another",
            )


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
