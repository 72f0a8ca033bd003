"""The ticket summary and the filing link, on the synthetic engine policy (tests/fixtures/engine.yml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from policy_core import (
    Filing,
    Outcome,
    cases,
    check,
    check_code,
    check_request,
    compile_policy,
    filing_link,
    human_date,
    load_compiled,
    load_policy,
    ticket_summary,
    version_id,
)

from .conftest import FIXTURES, TODAY

CLEAN = {"issue": "how-to", "release": "latest", "purchased": "2026-03-01", "filer": "customer"}
PAGE = "https://support.example.com/northwind/check/"


@pytest.fixture(scope="module")
def engine():
    return load_policy(FIXTURES / "engine.yml")


def unfolded(summary: str) -> list[str]:
    """The summary's lines with its folds (a line's later parts, indented by two spaces) joined back."""
    lines: list[str] = []
    for line in summary.splitlines():
        if line.startswith("  ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


def a_case(policy, outcome: Outcome):
    return next(case for case in cases(policy) if case.verdict.outcome is outcome)


def test_the_summary_names_the_version_the_verdict_why_and_every_answer(engine) -> None:
    verdict = check(engine, CLEAN, TODAY)
    text = ticket_summary(
        engine, verdict, CLEAN, f"{PAGE}#check:v=2", tz="+14:00", policy_page="https://support.example.com/northwind/"
    )
    lines = unfolded(text)
    assert lines[0] == (
        f"Support policy: {engine.title} ({engine.id}), version of {human_date(engine.updated)} ({version_id(engine)})"
    )
    assert lines[1] == f"Verdict: {verdict.headline}"
    assert "Deciding clauses:" in lines
    for clause in verdict.clauses:
        assert any(line.startswith(f"- {clause.id}: {clause.text.split()[0]}") for line in lines)
    for question in verdict.answered:
        prompt = engine.question_index[question].prompt
        assert any(line.startswith(f"- {prompt} ") and line.endswith(f"({question}={CLEAN[question]})") for line in lines)
    code = check_code(engine, verdict, CLEAN)
    assert lines[-3:] == [f"Checked on: {TODAY.isoformat()} (UTC+14:00)", f"Check code: {code}", f"Link: <{PAGE}#check:v=2>"]
    first = verdict.clauses[0]
    assert any(line.endswith(f"<https://support.example.com/northwind/#{first.id}>") for line in lines)


def test_the_check_code_changes_with_the_answers_the_day_and_the_verdict(engine) -> None:
    verdict = check(engine, CLEAN, TODAY)
    code = check_code(engine, verdict, CLEAN)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}", code)
    assert check_code(engine, check(engine, CLEAN, TODAY), CLEAN) == code, "the same check, the same code"
    older = {**CLEAN, "release": "older"}
    assert check_code(engine, check(engine, older, TODAY), older) != code
    later = TODAY + dt.timedelta(days=1)
    assert check_code(engine, check(engine, CLEAN, later), CLEAN) != code


def test_without_a_filing_channel_the_verdict_still_offers_the_summary(engine) -> None:
    assert engine.filing is None
    verdict = check(engine, CLEAN, TODAY)
    assert filing_link(engine, verdict, "text") == {"href": None, "where": None, "prefilled": False}


def test_a_not_supported_verdict_offers_no_filing(engine) -> None:
    policy = dataclasses.replace(engine, filing=Filing(email="help@northwind.example"))
    case = a_case(policy, Outcome.NOT_SUPPORTED)
    assert filing_link(policy, case.verdict, "text") is None


def test_an_email_channel_opens_a_mail_with_the_summary(engine) -> None:
    policy = dataclasses.replace(engine, filing=Filing(email="help@northwind.example"))
    verdict = check(policy, CLEAN, TODAY)
    summary = ticket_summary(policy, verdict, CLEAN, "https://x.example/#check:v=2&a=b c")
    link = filing_link(policy, verdict, summary)
    assert link is not None
    parts = urlsplit(link["href"])
    assert (parts.scheme, parts.path) == ("mailto", "help@northwind.example")
    query = parse_qs(parts.query)
    assert query["body"] == [summary]  # every character survives, '&' and newlines included
    assert query["subject"] == [f"{policy.vendor} support: {verdict.headline}"]
    assert link["prefilled"] is True
    assert link["where"] == "an email to help@northwind.example"


@pytest.mark.parametrize(
    ("url", "prefilled"),
    [("https://help.northwind.example/new?description={summary}", True), ("https://help.northwind.example/new", False)],
)
def test_a_web_form_gets_the_summary_where_its_url_takes_it(engine, url: str, prefilled: bool) -> None:
    policy = dataclasses.replace(engine, filing=Filing(url=url))
    verdict = check(policy, CLEAN, TODAY)
    link = filing_link(policy, verdict, "a & b\nc")
    assert link is not None
    assert link["prefilled"] is prefilled
    assert link["where"] == "the ticket form at help.northwind.example"
    if prefilled:
        assert parse_qs(urlsplit(link["href"]).query)["description"] == ["a & b\nc"]
    else:
        assert link["href"] == url


def test_the_reply_carries_the_summary_once_decided_never_before(engine) -> None:
    decided = json.loads(check_request(engine, json.dumps({"answers": CLEAN, "today": TODAY.isoformat(), "page": PAGE})))
    assert decided["summary"].endswith(f"Link: <{PAGE}#{decided['fragment']}>")
    assert decided["filing"] == {"href": None, "where": None, "prefilled": False}
    pending = json.loads(check_request(engine, json.dumps({"answers": {"issue": "how-to"}, "today": TODAY.isoformat()})))
    assert "summary" not in pending
    assert "filing" not in pending


def test_the_filing_channel_survives_compilation(engine) -> None:
    policy = dataclasses.replace(engine, filing=Filing(url="https://help.northwind.example/new?d={summary}"))
    assert load_compiled(compile_policy(policy)).filing == policy.filing
