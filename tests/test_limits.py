"""Hostile sizes and shapes get one located error each, never a traceback or a hang (policy_core/authoring/_limits.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policy_core import InvalidPolicyError, load_policies, load_policy
from policy_core.authoring._limits import MAX_FILE_BYTES, MAX_QUESTIONS, MAX_WHEN_DEPTH

from .conftest import FIXTURES

ENGINE = (FIXTURES / "engine.yml").read_text(encoding="utf-8")


def chain(length: int) -> str:
    """Questions q0..q{length-1}, each a follow-up of the one before."""
    parts = []
    for i in range(length):
        parent, answer = ("issue", "how-to") if i == 0 else (f"q{i - 1}", "a")
        parts.append(
            f"  - id: q{i}\n    prompt: Q{i}?\n    when: {{question: {parent}, in: [{answer}]}}\n    options:\n"
            "      - id: a\n        label: A\n      - id: b\n        label: B\n        outcome: not-supported\n"
            "        clauses: [not-supported.outside]\n"
        )
    return "".join(parts)


def exploding() -> str:
    """16 questions after the engine's, each with an answer that adds an action: 2**16 times the cases."""
    actions = "".join(f"  - id: act{i}\n    text: Do {i}.\n" for i in range(16))
    questions = "".join(
        f"  - id: x{i}\n    prompt: X{i}?\n    options:\n      - id: a\n        label: A\n      - id: b\n"
        f"        label: B\n        actions: [act{i}]\n        clauses: [terms.releases]\n"
        for i in range(16)
    )
    text = ENGINE.replace("actions:\n  - id: renew", "actions:\n" + actions + "  - id: renew")
    return text.replace("\nnext-steps:", questions + "\nnext-steps:")


EXPLODING = exploding()
ALIAS = (
    "this value is used again through a YAML alias ('*name'), and aliases are not allowed in policy files: "
    "write the value out each time"
)
CASES = {
    "deep-when": (
        ENGINE.replace("\nnext-steps:", chain(1500) + "\nnext-steps:"),
        [
            f"62:1: the policy has 1506 questions; at most {MAX_QUESTIONS} are allowed",
            f"271:5: this question is a follow-up 13 levels deep; at most {MAX_WHEN_DEPTH} (and 1487 more questions "
            "below it): ask fewer questions in a chain",
        ],
    ),
    "long-period": (
        ENGINE.replace("period: 12 months", "period: 9999 years"),
        ["113:13: '9999 years' is longer than 100 years: at most 100 years"],
    ),
    "zero-period": (
        ENGINE.replace("period: 12 months", "period: 0 days"),
        ["113:13: '0 days' is not a period: write at least 1 day"],
    ),
    "huge-file": (
        ENGINE + "# " + "x" * MAX_FILE_BYTES + "\n",
        [f"1:1: the file is {len(ENGINE) + MAX_FILE_BYTES + 3:,} bytes; a policy file is at most {MAX_FILE_BYTES:,} bytes"],
    ),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True)),
        [f"{line}:4: {ALIAS}" for line in range(1, 7)],
    ),
    "recursive-alias": ("x: &x\n  - *x\n", [f"1:4: {ALIAS}"]),
    "too-many-cases": (
        EXPLODING,
        [
            f"{EXPLODING.splitlines().index('questions:') + 1}:1: the questionnaire has more than 20,000 cases, so it "
            "cannot be checked or listed: 20 questions are asked one after another, and each answer that adds an "
            "action or changes the outcome has every later question asked again; make some of them follow-ups "
            "('when') or give them fewer answers"
        ],
    ),
    "deep-nesting": ("x: " + "[" * 5000 + "]" * 5000 + "\n", ["1:1: the file nests lists or mappings too deeply to read"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_limit_is_a_located_error(tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    path = tmp_path / "engine.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    assert [str(e) for e in caught.value.errors] == [f"{path}:{line}" for line in expected]


def test_the_command_line_reports_a_hostile_file_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "engine.yml"
    path.write_text(CASES["deep-when"][0], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "policy_core", "validate", str(path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 2
    assert "Traceback" not in result.stderr


def test_two_files_with_one_policy_id_name_each_other(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "acme.yml").write_text((FIXTURES / "acme.yml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InvalidPolicyError) as caught:
        load_policies([tmp_path / "a" / "acme.yml", tmp_path / "b" / "acme.yml"])
    assert [str(e) for e in caught.value.errors] == [
        f"{tmp_path / 'b' / 'acme.yml'}:1:1: the policy id 'acme' is declared by {tmp_path / 'a' / 'acme.yml'} too"
    ]
