"""Authoring mistakes: each broken fixture gives exactly these messages, all in one run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from policy_core import InvalidPolicyError, load_policy, policy_from_data
from policy_core.engine._hints import closest

from .conftest import FIXTURES

BROKEN = FIXTURES / "broken"

EXPECTED = {
    "bad-outcome": [
        "33:18: 'outcome' must be one of supported, review, not-supported, not 'unsupported' (did you mean 'not-supported'?)"
    ],
    "bad-when": ["37:22: 'when' must name an earlier question, not 'isue' (did you mean 'issue'?)"],
    "bad-yaml": ["7:18: this value holds ': ', which YAML reads as a new key: put the whole value in quotes"],
    # PyYAML stops at the next quote, three lines on; the mistake is where the quote opens.
    "unclosed-quote": ["26:13: this quote, opened on line 26, is never closed: end the text with the same quote mark"],
    "tab-indent": ["9:1: a tab character: YAML indents with spaces only, so replace the tab with spaces"],
    "over-indented": [
        "8:12: this line is indented further than the line above it, so it reads as part of that value: "
        "line its key up with the keys above"
    ],
    # One syntax error does not hide the others, nor the mistakes of the parts that read.
    "several-syntax-errors": [
        "7:18: this value holds ': ', which YAML reads as a new key: put the whole value in quotes",
        "34:18: this list, opened with '[' on line 34, is never closed: add ']' at its end",
        "48:3: unknown key 'suported' in next steps (did you mean 'supported'?)",
    ],
    "date-question-incomplete": [
        "35:5: date question 'purchased' needs 'within', where dates can fall: "
        "support still runs (1 month from the date given), for example after issue=app"
    ],
    "duplicate-clause": ["18:13: duplicate clause id 'questions' (first used on line 16): give each its own id"],
    # Not followed by "unknown clause" for each clause the second section holds.
    "duplicate-section": ["18:9: duplicate section id 'supported' (first used on line 12): give each its own id"],
    # The shipped JSON Schema rejects these in editors, so the build does too.
    "quoted-number": ["2:9: 'format' must be a number, not the text '2': remove the quotes"],
    "capital-true": ["57:16: 'no-future' must be true or false, in lowercase and without quotes, not 'TRUE'"],
    "quoted-months": [
        "35:5: '1' is not a valid period: write a number and a unit, e.g. '30 days', '2 weeks', '12 months' or '1 year'"
    ],
    "duplicate-key": ["4:1: duplicate key 'vendor'"],
    "impossible-date": ["5:10: impossible date '2026-02-30': no such date (day is out of range for month)"],
    "misspelt-key": ["2:1: unknown key 'titel' in policy (did you mean 'title'?)"],
    "unknown-clause": ["34:19: unknown clause 'not-supported.hardwre' (did you mean 'not-supported.hardware'?)"],
    "wrong-id": ["1:5: the policy id 'other' must match the file name 'wrong-id'"],
    # A mailto: address with '?' would smuggle in other recipients; a filing link is https: only.
    "bad-filing": [
        "51:1: give 'filing' either a 'url' or an 'email' (not both)",
        "52:8: 'http://help.example.com/new?text={summary}' is not a valid url: use an https: address with its host in "
        "plain letters (an international name in its xn-- form) and nothing before the host, with {summary} "
        "where the ticket text goes if the form takes it, e.g. 'https://help.example.com/new?description={summary}'",
        "53:10: 'help@example.com?cc=all@example.com' is not a valid email: use an address such as 'support@example.com'",
    ],
    "many-mistakes": [
        "2:1: unknown key 'titel' in policy (did you mean 'title'?)",
        "20:11: 'kind' must be one of overview, supported, not-supported, terms, not 'unsupported' (did you mean 'not-supported'?)",
        "28:13: 'App' is not a valid id: use lowercase letters, digits and single hyphens, e.g. 'ftp-accounts'",
        "34:19: unknown clause 'not-supported.hardwre' (did you mean 'not-supported.hardware'?)",
        "37:34: question 'issue' has no answer 'hardwar' (did you mean 'hardware'?)",
    ],
}


def test_every_broken_fixture_has_expectations() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_exact_error_text(case: str) -> None:
    path = BROKEN / f"{case}.yml"
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    assert [str(e) for e in caught.value.errors] == [f"{path}:{line}" for line in EXPECTED[case]]


def test_the_minimal_fixture_is_valid() -> None:
    assert load_policy(FIXTURES / "minimal.yml").id == "minimal"


def test_error_fields_carry_the_location() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(BROKEN / "misspelt-key.yml")
    (error,) = caught.value.errors
    assert (error.path, error.line, error.column) == (str(BROKEN / "misspelt-key.yml"), 2, 1)
    assert error.message == "unknown key 'titel' in policy (did you mean 'title'?)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty.yml:1:1: the file is empty"),
        ("- a\n- b\n", "empty.yml:1:1: policy must be a mapping of keys, not a list"),
        (
            "a: 1\n---\nb: 2\n",
            "empty.yml:2:1: invalid YAML: expected a single document in the stream, but found another document",
        ),
    ],
)
def test_file_level_mistakes(tmp_path, text: str, expected: str) -> None:
    path = tmp_path / "empty.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == str(tmp_path / expected)


def test_unreadable_file(tmp_path) -> None:
    with pytest.raises(InvalidPolicyError, match=r"missing\.yml:1:1: cannot read the file: No such file or directory"):
        load_policy(tmp_path / "missing.yml")


def test_raw_data_errors_without_a_file() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        policy_from_data({"id": "x"})
    assert str(caught.value.errors[0]) == "<policy>:1:1: missing key 'title' in policy"
    assert len(caught.value.errors) == 8


@pytest.mark.parametrize(
    ("typed", "choices", "hint"),
    [
        ("unsupported", ["supported", "review", "not-supported"], "not-supported"),
        ("not_supported", ["supported", "not-supported"], "not-supported"),
        ("suported", ["supported", "not-supported"], "supported"),
        ("unsupported-env", ["supported-env"], None),  # the opposite, however close its spelling
        ("not-suported", ["supported"], None),
    ],
)
def test_a_hint_never_flips_the_meaning(typed: str, choices: list[str], hint: str | None) -> None:
    assert closest(typed, choices) == hint


def test_likely_slips_are_warnings_at_the_spot(tmp_path) -> None:
    """Valid, but probably not meant: a not-supported reason with no outcome; a very long id."""
    text = (FIXTURES / "engine.yml").read_text(encoding="utf-8")
    text = text.replace("        label: A beta\n        outcome: not-supported\n", "        label: A beta\n").replace(
        "reseller-files", "reseller-files-the-ticket-for-the-customer-of-the-reseller"
    )
    path = tmp_path / "engine.yml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(path)
    assert [str(w) for w in policy.warnings] == [
        f"{path}:59:9: the id 'reseller-files-the-t...' is 58 characters long; ids show in links and ticket "
        "summaries, so keep them to 40",
        f"{path}:104:9: this answer cites only not-supported clauses (not-supported.betas) but gives no outcome, "
        "so it counts as supported; add 'outcome: not-supported', or cite the clause that supports it",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "policy_core", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stderr.splitlines()[1].startswith(f"{path}:104:9: warning: this answer cites only not-supported")


def test_the_reference_fixtures_have_no_slips() -> None:
    for path in FIXTURES.glob("*.yml"):
        assert load_policy(path).warnings == (), path


@pytest.mark.parametrize(
    ("filing", "expected"),
    [
        # A url refused for its value is still the one given: no "not both and not neither" beside its own error.
        ({"url": "http://help.example.com/new"}, ["is not a valid url"]),
        ({}, ["give 'filing' either a 'url' or an 'email' (add one)"]),
    ],
)
def test_a_filing_is_judged_as_written(filing: dict, expected: list[str]) -> None:
    from policy_core.authoring._source import read_policy_text  # noqa: PLC0415

    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    data_text = text + "\nfiling: " + ("{}" if not filing else "{url: " + filing["url"] + "}") + "\n"
    with pytest.raises(InvalidPolicyError) as caught:
        read_policy_text(data_text, "minimal.yml")
    messages = [e.message for e in caught.value.errors]
    assert len(messages) == len(expected)
    for message, part in zip(messages, expected, strict=True):
        assert part in message
