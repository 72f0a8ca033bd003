"""What a policy change changes: texts, questions, date rules and verdicts, on pairs of the engine fixture."""

from __future__ import annotations

import pytest

from policy_core import cases, check, load_policy
from policy_core.authoring._source import read_policy_text
from policy_core.versions._case_diff import SAMPLE_DAY
from policy_core.versions._diff import diff_policies, diff_text, marked_words, word_diff

from .conftest import FIXTURES

BASE = (FIXTURES / "engine.yml").read_text(encoding="utf-8")


def edited(*replacements: tuple[str, str]):
    """The engine fixture with each ``(old, new)`` text replaced (each must be there)."""
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return read_policy_text(text, "engine-new.yml")


@pytest.fixture(scope="module")
def engine():
    return load_policy(FIXTURES / "engine.yml")


def test_an_unchanged_policy_has_no_change(engine) -> None:
    diff = diff_policies(engine, load_policy(FIXTURES / "engine.yml"))
    assert diff.empty
    assert not diff.cases.changes
    assert not diff.clauses
    assert diff.cases.compared > 0
    assert diff_text(diff).endswith(f"No change.\n0 of {diff.cases.compared} cases change")


def test_a_reworded_clause_shows_its_words_and_changes_no_verdict(engine) -> None:
    new = edited(("text: Defects in the product.", "text: Defects in the product and its installer."))
    diff = diff_policies(engine, new)
    assert [c.id for c in diff.clauses] == ["supported.defects"]
    assert marked_words(diff.clauses[0].words) == "Defects in the product{+ and its installer+}."
    assert not diff.cases.changes
    assert "Clause reworded: supported.defects: Defects in the product{+ and its installer+}." in diff_text(diff)


def test_word_diff_keeps_the_words_around_a_change() -> None:
    assert word_diff("Renew within 30 days.", "Renew within 60 days.") == (
        ("=", "Renew within "),
        ("-", "30"),
        ("+", "60"),
        ("=", " days."),
    )


MOBILE = """
  - id: device
    prompt: Where does it happen?
    options:
      - id: desktop
        label: On a desktop
      - id: mobile
        label: On a phone
        outcome: not-supported
        clauses: [not-supported.mobile]

  - id: filer"""


def test_an_added_exclusion_flips_cases_to_not_supported(engine) -> None:
    new = edited(
        ("      - id: scope\n", "      - id: mobile\n        text: Phones.\n      - id: scope\n"),
        ("\n  - id: filer", MOBILE),
    )
    diff = diff_policies(engine, new)
    assert [c.id for c in diff.clauses] == ["not-supported.mobile"]
    assert diff.clauses[0].old is None
    assert diff.questions_added == ("device",)
    assert not diff.cases.new
    assert not diff.cases.gone
    flipped = diff.cases.changes
    assert flipped
    assert {c.new.outcome.value for c in flipped} == {"not-supported"}
    assert all(dict(c.new_answers)["device"] == "mobile" for c in flipped)
    # Every old case that was not already excluded flips once, on a phone.
    assert len(flipped) == sum(c.verdict.outcome.value != "not-supported" for c in cases(engine))
    assert diff.headline().startswith(f"{len(flipped)} of {diff.cases.compared} cases change: ")


def test_a_removed_question_drops_its_answers_and_compares_the_rest(engine) -> None:
    start = BASE.index("  - id: plugin\n")
    end = BASE.index("  - id: release\n")
    new = edited((BASE[start:end], ""))
    diff = diff_policies(engine, new)
    assert diff.questions_removed == ("plugin",)
    assert not diff.cases.gone
    moved = {(dict(c.old_answers)["plugin"], c.old.outcome.value, c.new.outcome.value) for c in diff.cases.changes}
    # A third-party plugin's defect was not supported; without the question it is a defect like any other.
    assert ("third-party", "not-supported", "supported") in moved
    assert all("plugin" not in dict(c.new_answers) for c in diff.cases.changes)


def test_a_shortened_period_moves_the_dates_between_the_two_boundaries(engine) -> None:
    new = edited(("    period: 12 months\n    term: support", "    period: 6 months\n    term: support"))
    diff = diff_policies(engine, new)
    assert diff.rules == (
        "When did you buy your license? support period 12 months → 6 months: "
        "dates 6 months to 12 months before the check day now fall outside it",
    )
    assert diff.cases.changes, "a shortened period must never show as no change"
    assert all(("purchased", "within", "after") in c.moved for c in diff.cases.changes)
    for change in diff.cases.changes:  # the example answers really give both verdicts
        example = dict(change.example)
        old_answers = {q: v for q, v in example.items() if q in engine.question_index}
        assert check(engine, old_answers, SAMPLE_DAY).headline == change.old.headline
        assert check(new, example, SAMPLE_DAY).headline == change.new.headline
        purchased = dict(change.example)["purchased"]
        months_ago = (SAMPLE_DAY.year - int(purchased[:4])) * 12 + SAMPLE_DAY.month - int(purchased[5:7])
        assert 6 <= months_ago <= 12
    assert "Dates that move: purchased: within → after" in diff_text(diff)


def test_a_removed_answer_lists_its_cases_as_gone_and_an_added_one_as_new(engine) -> None:
    new = edited(
        (
            "      - id: beta\n        label: A beta\n",
            "      - id: nightly\n        label: A nightly build\n",
        )
    )
    diff = diff_policies(engine, new)
    assert diff.answers_removed == (("release", "beta"),)
    assert diff.answers_added == (("release", "nightly"),)
    assert diff.cases.gone
    assert all(dict(c.answers)["release"] == "beta" for c in diff.cases.gone)
    assert diff.cases.new
    assert all(dict(c.answers)["release"] == "nightly" for c in diff.cases.new)
    assert diff.headline().endswith(f"; {len(diff.cases.new)} new; {len(diff.cases.gone)} gone")


def test_the_json_form_says_the_same(engine) -> None:
    new = edited(("    period: 12 months\n    term: support", "    period: 6 months\n    term: support"))
    data = diff_policies(engine, new).to_json()
    assert data["cases"]["changed"] == len(data["cases"]["changes"]) > 0
    assert data["summary"].startswith(f"{data['cases']['changed']} of {data['cases']['compared']} cases change")
    assert data["old"]["hash"] != data["new"]["hash"]
    assert data["cases"]["changes"][0]["moved"] == [{"question": "purchased", "old": "within", "new": "after"}]
