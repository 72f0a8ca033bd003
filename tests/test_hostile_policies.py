"""Hostile policy files: text that cannot be published safely is refused at its spot, in the writer's words.

The corpus grows with each class: lone surrogates, control characters, bidi overrides and
isolates, invisible characters and new lines in one-line fields (titles, labels, prompts, which
the ticket summary copies line by line). Scripts' own joiners and marks stay allowed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from policy_core import InvalidPolicyError, load_policy
from policy_core.engine import echo
from policy_core.site.text import render_text

from .conftest import FIXTURES


def with_line(tmp_path: Path, old: str, new: str) -> Path:
    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "minimal.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def refusals(path: Path) -> list[str]:
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    return [str(error).removeprefix(f"{path}:") for error in caught.value.errors]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            'title: "Minimal\\nVerdict: Supported"',
            "2:8: 'title': must be one line: it is shown as a title or label, and copied into the ticket summary line by line",
        ),
        (
            'title: "Mini\\u202emal"',
            "2:8: 'title': holds a bidi override or isolate (U+202E), which can make text read other than it is written, at character 5: remove it",
        ),
        (
            'title: "Mini\\u2066mal"',
            "2:8: 'title': holds a bidi override or isolate (U+2066), which can make text read other than it is written, at character 5: remove it",
        ),
        (
            'title: "Mini\\emal"',
            "2:8: 'title': holds a control character (U+001B), which pages and terminals do not show as text, at character 5: remove it",
        ),
        (
            'title: "Mini\\x7fmal"',
            "2:8: 'title': holds a control character (U+007F), which pages and terminals do not show as text, at character 5: remove it",
        ),
        (
            'title: "Mini\\ud800mal"',
            "2:8: 'title': holds a lone surrogate (U+D800), which is no character and cannot be written to a page, at character 5: remove it",
        ),
        (
            'title: "Mini\\u200bmal"',
            "2:8: 'title': holds an invisible character (U+200B), which can make two labels look the same, at character 5: remove it",
        ),
    ],
)
def test_text_that_cannot_be_published_safely_is_refused_at_its_spot(tmp_path: Path, new: str, expected: str) -> None:
    assert refusals(with_line(tmp_path, "title: Minimal support policy", new)) == [expected]


def test_a_raw_control_character_in_the_file_is_refused_where_it_is(tmp_path: Path) -> None:
    """PyYAML refuses the whole file at 1:1 in its own words; the writer needs the spot."""
    assert refusals(with_line(tmp_path, "title: Minimal support policy", "title: Mini\x00mal")) == [
        "2:12: a control character (U+0000), which a YAML file cannot hold: remove it"
    ]
    binary = with_line(tmp_path, "title: Minimal support policy", "title: " + "\x01" * 50)
    found = refusals(binary)
    assert found[0] == "2:8: a control character (U+0001), which a YAML file cannot hold: remove it"
    assert found[-1] == "2:17: and 40 more such characters after this one"
    assert len(found) == 11


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("https://help.example.com\u2044@evil.example/", True),  # the host is evil.example, behind a look-alike slash
        ("https://help.example.com@evil.example/", True),
        ("https://h\u0435lp.example.com/new", True),  # a Cyrillic e in the host
        ("https://help.example.com/new?d={summary}", False),
        ("https://xn--hlp-8ma.example:8443/new#{summary}", False),  # an international name in its xn-- form
    ],
)
def test_a_filing_address_shows_its_real_host(tmp_path: Path, url: str, refused: bool) -> None:
    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    path = tmp_path / "minimal.yml"
    path.write_text(f'{text}filing:\n  url: "{url}"\n', encoding="utf-8")
    line = text.count("\n") + 2
    if refused:
        assert f"{line}:8: '{echo(url)}' is not a valid url: use an https: address with its host in plain letters" in [
            message.split(" (an international")[0] for message in refusals(path)
        ]
    else:
        assert load_policy(path).filing is not None


def warnings(path: Path) -> list[str]:
    return [str(warning).removeprefix(f"{path}:") for warning in load_policy(path).warnings]


def test_two_answers_that_look_the_same_are_warned_of(tmp_path: Path) -> None:
    """A Cyrillic a (U+0430) makes 'The app' of a second answer: validation passes, a customer cannot choose."""
    path = with_line(tmp_path, "label: My hardware", 'label: "The \u0430pp"')
    assert warnings(path) == [
        "32:16: the answer 'The \u0430pp' looks the same as the answer 'The app' of this question "
        "(character 5 is U+0430 CYRILLIC SMALL LETTER A, not 'a'): a customer cannot tell them apart; write both in one script"
    ]


def test_two_ids_of_one_kind_that_look_the_same_are_warned_of(tmp_path: Path) -> None:
    path = with_line(tmp_path, "- id: hardware\n        label: My hardware", "- id: app-1\n        label: My hardware")
    path.write_text(path.read_text(encoding="utf-8").replace("      - id: app\n", "      - id: app-l\n"), encoding="utf-8")
    assert warnings(path) == [
        "31:13: the id 'app-1' looks the same as the id 'app-l' (character 5 is U+0031 DIGIT ONE, not 'l'): "
        "links, summaries and the writer's eye cannot tell them apart; choose another"
    ]


def edited(tmp_path: Path, *changes: tuple[str, str], fixture: str = "minimal.yml") -> Path:
    """A copy of a fixture with each ``(old, new)`` change made wherever ``old`` stands."""
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / Path(fixture).name
    path.write_text(text, encoding="utf-8")
    return path


YES_IN_CYRILLIC = "\u0423\u0435\u0455"  # U+0423 U+0435 U+0455: 'Yes' to the eye, not one Latin letter


def test_answers_of_two_questions_one_check_gives_that_look_the_same_are_warned_of(tmp_path: Path) -> None:
    """'Yes' on a date question, and a 'Yes' of Cyrillic letters on an answer of the question before it: no word
    mixes two scripts, but the summary of one check shows both, and search finds only one."""
    path = edited(tmp_path, ("label: The app", f'label: "{YES_IN_CYRILLIC}"'), ("label: This month", "label: Yes"))
    assert warnings(path) == [
        f"41:14: the answer 'Yes' looks the same as the answer '{YES_IN_CYRILLIC}' of question 'issue' "
        "(character 1 is U+0059 LATIN CAPITAL LETTER Y, not U+0423 CYRILLIC CAPITAL LETTER U): one check can give "
        "both, and a customer reads as one answer what search and ticket rules take for two; write both in one script"
    ]


@pytest.mark.parametrize(
    ("app", "this_month"),
    [
        pytest.param("Yes", "Yes", id="the same text"),
        pytest.param("Caf\u00e9", "Cafe\u0301", id="the same text in another normal form"),
    ],
)
def test_answers_of_two_questions_may_be_the_same(tmp_path: Path, app: str, this_month: str) -> None:
    path = edited(tmp_path, ("label: The app", f'label: "{app}"'), ("label: This month", f'label: "{this_month}"'))
    assert warnings(path) == []


def test_answers_no_check_gives_together_may_look_alike(tmp_path: Path) -> None:
    # 'My hardware' ends the check (not supported): the date question after it is never answered with it.
    path = edited(tmp_path, ("label: My hardware", f'label: "{YES_IN_CYRILLIC}"'), ("label: This month", "label: Yes"))
    assert warnings(path) == []


@pytest.mark.parametrize(
    ("asked_after", "expected"),
    [
        # A renewal after the first one is asked only when the first was given (in grace, or after it):
        # 'not-renewed-1' and 'not-renewed-l' never stand in one link.
        ("renewed", []),
        (
            "purchased",
            [
                "116:13: the answer id 'not-renewed-l' looks the same as the answer id 'not-renewed-1' of question "
                "'renewed' (character 13 is U+006C LATIN SMALL LETTER L, not '1'): one share link can hold both, and "
                "its reader cannot tell them apart; choose another"
            ],
        ),
    ],
)
def test_answer_ids_of_two_questions_one_link_holds_that_look_the_same_are_warned_of(
    tmp_path: Path, asked_after: str, expected: list[str]
) -> None:
    path = edited(
        tmp_path,
        (
            "      - id: not-renewed\n        label: I have not renewed\n",
            "      - id: not-renewed-1\n        label: I have not renewed\n",
        ),
        (
            "      - id: not-renewed\n        label: I have not renewed again",
            "      - id: not-renewed-l\n        label: I have not renewed again",
        ),
        ("when: {question: renewed, in: [in-grace, after]}", f"when: {{question: {asked_after}, in: [in-grace, after]}}"),
        fixture="terms/renewals.yml",
    )
    assert warnings(path) == expected


def test_a_question_id_that_looks_like_a_key_of_share_links_is_warned_of(tmp_path: Path) -> None:
    """'policy=' in a link names the policy's version; 'po1icy=' would be an answer that reads as it."""
    path = edited(tmp_path, ("- id: purchased", "- id: po1icy"))
    assert warnings(path) == [
        "35:9: the question id 'po1icy' looks the same as 'policy', a key of every share link (character 3 is "
        "U+0031 DIGIT ONE, not 'l'): a reader of a link cannot tell them apart; choose another"
    ]


def test_two_offer_ids_that_look_the_same_are_warned_of(tmp_path: Path) -> None:
    second = "  - id: renewa1\n    name: a second renewal\n    question: renewed-again\n\nquestions:"
    path = edited(tmp_path, ("\nquestions:", f"\n{second}"), fixture="terms/renewals.yml")
    assert warnings(path) == [
        "47:9: the id 'renewa1' looks the same as the id 'renewal' (character 7 is U+0031 DIGIT ONE, not 'l'): "
        "links, summaries and the writer's eye cannot tell them apart; choose another"
    ]


def test_clause_ids_of_two_sections_may_look_alike(tmp_path: Path) -> None:
    """A clause is always named with its section ('supported.part-1', 'not-supported.part-l'), and two
    sections whose ids look alike are warned of themselves."""
    path = edited(
        tmp_path,
        ("- id: questions", "- id: part-1"),
        ("supported.questions", "supported.part-1"),
        ("      - id: hardware\n        text:", "      - id: part-l\n        text:"),
        ("not-supported.hardware", "not-supported.part-l"),
    )
    assert warnings(path) == []


def test_answers_of_other_questions_may_look_alike_but_a_word_in_two_scripts_is_warned_of(tmp_path: Path) -> None:
    # 'Earlier' on a date question and the same word with a Cyrillic E (U+0415) on an answer that ends the
    # check (not supported): never given in one check, so not a look-alike; but that word mixes two scripts,
    # a disguise wherever it stands.
    path = with_line(tmp_path, "label: My hardware", 'label: "\u0415arlier"')
    assert warnings(path) == [
        "32:16: the word '\u0415arlier' mixes Cyrillic and Latin letters: it looks like a word it is not, "
        "to customers and to search; write it in one script"
    ]


def test_words_of_one_script_each_are_not_mixed(tmp_path: Path) -> None:
    path = with_line(
        tmp_path,
        "label: My hardware",
        'label: "Support f\u00fcr \u0395\u03bb\u03bb\u03ac\u03b4\u03b1, \u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8"',
    )
    assert warnings(path) == []


def test_markdown_texts_keep_their_new_lines_and_scripts_keep_their_joiners(tmp_path: Path) -> None:
    # A Persian title with its ZWNJ, and a right-to-left mark: what a script needs is not refused.
    persian = "\\u0645\\u06cc\\u200c\\u062e\\u0648\\u0627\\u0647\\u0645 \\u200f"
    policy = load_policy(with_line(tmp_path, "title: Minimal support policy", f'title: "{persian}"'))
    assert "\u200c" in policy.title


def test_a_text_markdown_would_read_slowly_is_refused_before_markdown_reads_it(tmp_path: Path) -> None:
    """'[x](' 16,000 times (a 65 KB file) took 78 s to validate: Markdown's link parsing grows faster than the text."""
    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    path = tmp_path / "minimal.yml"
    path.write_text(text.replace("text: Questions about the app.", f"text: '{'[x](' * 16_000}'", 1), encoding="utf-8")
    started = time.perf_counter()
    assert refusals(path) == ["17:15: 'text': is 64,000 characters long; at most 20,000 are allowed"]
    path.write_text(text.replace("text: Questions about the app.", f"text: '{'[x](' * 4_000}'", 1), encoding="utf-8")
    assert refusals(path) == [
        "17:15: 'text': holds 4,000 links (or what Markdown reads as the start of one); at most 100 are allowed"
    ]
    assert time.perf_counter() - started < 10  # a bound against a hang, not a timing: 78 s before


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("[" * 101, "holds 101 links (or what Markdown reads as the start of one); at most 100 are allowed"),  # 111 s at 20,000
        ("![x" * 101, "holds 101 links (or what Markdown reads as the start of one); at most 100 are allowed"),
        ("<a " * 101, "holds 101 '<' (each of which Markdown reads as the start of a tag); at most 100 are allowed"),
        (
            "1. " * 9 + "x",
            "starts line 1 of the text with more than 8 list or quote marks, each a list in a list: write them as text",
        ),
        (
            "x\n\n" + ">" * 9 + " x",
            "starts line 3 of the text with more than 8 list or quote marks, each a list in a list: write them as text",
        ),
        ("a\n" * 201, "has 202 lines; at most 200 are allowed"),
    ],
)
def test_a_text_markdown_would_read_slowly_or_too_deeply_is_refused(tmp_path: Path, text: str, refusal: str) -> None:
    """Markdown's time grows with the square of '[' and '<', and each list mark on a line nests one more list
    ('1. ' 6,000 times exhausted Python's recursion): such texts never reach it (bench/text_growth.py)."""
    path = with_line(tmp_path, "text: Questions about the app.", f"text: {json.dumps(text)}")
    assert refusals(path) == [f"17:15: 'text': {refusal}"]


def test_a_text_within_the_limits_renders(tmp_path: Path) -> None:
    """Just inside every limit at once: validated and rendered, no error and no refusal."""
    text = "1. " * 8 + "x " + "[a](https://example.com) " * 50 + "<b>b</b> " * 50 + "\n" * 150 + "---\n" * 40
    policy = load_policy(with_line(tmp_path, "text: Questions about the app.", f"text: {json.dumps(text)}"))
    assert "<ol>" in render_text(policy.sections[0].clauses[0].text)


def test_a_label_is_at_most_a_line_long(tmp_path: Path) -> None:
    path = with_line(tmp_path, "title: Minimal support policy", f"title: {'x' * 301}")
    assert refusals(path) == ["2:8: 'title': is 301 characters long; at most 300 are allowed"]
