"""Nothing of the seed policies was dropped: every sentence stands in its policy file."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from policy_core import Policy, load_policy

from .conftest import POLICY_DIR, SEEDS

SEED_FILES = {"interspire": "000_b49c4cca92f7dadd.txt", "alurian": "001_09518217a1097eae.txt"}
# Obvious typos fixed in the policy files (seed text -> policy text).
TYPO_FIXES = {"unsuppported": "unsupported"}


def _normalize(text: str) -> str:
    text = re.sub(r"^\s*(?:[-•]|#+)\s+", "", text, flags=re.MULTILINE)  # list markers and headings
    return " ".join(text.split())


def seed_sentences(name: str) -> list[str]:
    text = (SEEDS / SEED_FILES[name]).read_text(encoding="utf-8")
    for typo, fixed in TYPO_FIXES.items():
        text = text.replace(typo, fixed)
    sentences = []
    for raw in text.splitlines():
        line = _normalize(raw).rstrip(":")
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s]
    return sentences


def policy_text(policy: Policy) -> str:
    parts = [policy.title, policy.closing or ""]
    for section in policy.sections:
        parts.append(section.title)
        parts += [clause.text for clause in section.clauses]
    return "\n".join(_normalize(part) for part in parts)


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_every_seed_sentence_is_in_the_policy(name: str) -> None:
    assert len(seed_sentences(name)) > 30
    assert missing_sentences(name, load_policy(POLICY_DIR / f"{name}.yml")) == []


def missing_sentences(name: str, policy: Policy) -> list[str]:
    text = policy_text(policy)
    return [s for s in seed_sentences(name) if s not in text]


def test_the_check_would_catch_a_dropped_clause() -> None:
    policy = load_policy(POLICY_DIR / "alurian.yml")
    sections = tuple(
        replace(s, clauses=tuple(c for c in s.clauses if c.id != "not-supported.template-customizations"))
        for s in policy.sections
    )
    assert missing_sentences("alurian", replace(policy, sections=sections)) == ["Template Customizations (HTML & CSS)"]
