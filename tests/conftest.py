"""Shared fixtures: the reference policies and the project's paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import policy_core

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "docs" / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
REFERENCE_POLICIES = ("interspire", "alurian")
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="session")
def interspire() -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / "interspire.yml")


@pytest.fixture(scope="session")
def alurian() -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / "alurian.yml")


@pytest.fixture(scope="session", params=REFERENCE_POLICIES)
def policy(request: pytest.FixtureRequest) -> policy_core.Policy:
    return policy_core.load_policy(POLICY_DIR / f"{request.param}.yml")
