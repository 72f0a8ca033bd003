"""Text that looks like other text: two answers of one question, or two ids, a reader cannot tell apart;
and a word written in two scripts at once, which looks like a word of one.

Unicode's confusables (UTS #39) say which characters look alike: the Cyrillic a (U+0430) and the
Latin a, the digit 1 and the letter l. The table comes from ``confusable_homoglyphs`` (its copy of
Unicode's published ``confusables.txt``). Characters it lists as alike fall in one class, and a
text's skeleton writes each character as its class's first member: two different texts with one
skeleton look the same. Build time only.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files


@cache
def _look_alikes() -> dict[str, str]:
    """Each character the table lists, with the first character of its class of look-alikes."""
    table = json.loads((files("confusable_homoglyphs") / "confusables.json").read_text(encoding="utf-8"))
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])  # halve the path as it is walked
            char = parent[char]
        return char

    for char, alikes in table.items():
        for alike in alikes:
            other = unicodedata.normalize("NFD", alike["c"])
            if len(other) == 1:  # one character for one: 'rn' for 'm' is left to the reader's eye
                first, second = root(char), root(other)
                if first != second:
                    parent[max(first, second)] = min(first, second)
    return {char: root(char) for char in parent}


def skeleton(text: str) -> str:
    """``text`` with each character written as the first of its look-alikes: equal skeletons look the same."""
    alike = _look_alikes()
    return "".join(alike.get(char, char) for char in unicodedata.normalize("NFD", text))


def first_difference(text: str, other: str) -> str:
    """The first character of ``text`` that is not the one at its place in ``other``, named.

    The other's character is named too unless it is plain ASCII: a Cyrillic U+0423 shown as itself, after
    "U+0059 LATIN CAPITAL LETTER Y, not", would read as a Y that is not a Y.
    """
    ours, theirs = unicodedata.normalize("NFD", text), unicodedata.normalize("NFD", other)
    for index, (mine, its) in enumerate(zip(ours, theirs, strict=False), start=1):
        if mine != its:
            instead = f"'{its}'" if its.isascii() and its.isprintable() else _named(its)
            return f"character {index} is {_named(mine)}, not {instead}"
    return "they differ in length"


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}"


def look_alikes[T](items: Iterable[tuple[T, str]]) -> Iterator[tuple[T, str, str]]:
    """``(place, text, earlier text)`` for each text that looks like an earlier, different one."""
    seen: dict[str, str] = {}
    for place, text in items:
        shape = skeleton(text)
        earlier = seen.setdefault(shape, text)
        if earlier != text:
            yield place, text, earlier


#: Alphabets whose letters pass for each other's: one word with letters of two of them is a disguise.
#: (Japanese mixes kana and kanji in one word, rightly: those are not compared.)
LOOK_ALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def mixed_word(text: str) -> tuple[str, list[str]] | None:
    """The first word whose letters come from two look-alike scripts (a Cyrillic U+0440 'er' among Latin
    letters, in what reads as "Support"), and its scripts in the order met.

    Scripts are read from the letters' Unicode names; marks, digits and punctuation belong to none.
    Words in different scripts side by side are fine: each word is one.
    """
    for word in text.split():
        scripts: list[str] = []
        for char in unicodedata.normalize("NFC", word):
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0] if char.isalpha() else ""
            if script in LOOK_ALIKE_SCRIPTS and script not in scripts:
                scripts.append(script)
        if len(scripts) > 1:
            return word, scripts
    return None
