"""The JSON entry point the browser worker calls: verdicts, and errors that name the answer."""

from __future__ import annotations

import json

import pytest

from policy_core import check_request


def ask(policy, request: object) -> dict:
    return json.loads(check_request(policy, request if isinstance(request, str) else json.dumps(request)))


def test_verdict_reply(interspire) -> None:
    reply = ask(interspire, {"answers": {"issue": "how-to", "purchased": "2026-01-10"}, "today": "2026-06-15"})
    verdict = reply["verdict"]
    assert verdict["outcome"] == "incomplete"
    assert verdict["answered"] == ["issue", "purchased"]
    assert verdict["next"] == ["version", "customized", "addons", "environment", "filer"]
    assert verdict["headline"] == "Not decided yet"


def test_decided_reply_has_the_headline(alurian) -> None:
    verdict = ask(alurian, {"answers": {"issue": "template-customization"}, "today": "2026-06-15"})["verdict"]
    assert verdict["headline"] == "Not supported"
    assert [c["id"] for c in verdict["clauses"]] == ["not-supported.template-customizations"]


@pytest.mark.parametrize(
    ("request_", "kind", "message"),
    [
        (
            {"answers": {"issue": "<script>alert(1)</script>"}, "today": "2026-06-15"},
            "UnknownOptionError",
            "answer issue='<script>alert(1)</script>': expected one of",
        ),
        (
            {"answers": {"bogus": "1"}, "today": "2026-06-15"},
            "UnknownQuestionError",
            "answer bogus='1': the policy asks no such question",
        ),
        (
            {"answers": {"purchased": "2026-13-01"}, "today": "2026-06-15"},
            "InvalidDateError",
            "answer purchased='2026-13-01': no such date",
        ),
        ({"answers": {}, "today": "yesterday"}, "BadRequest", "'today' expected a date as YYYY-MM-DD"),
        ({"answers": []}, "BadRequest", "the request needs an 'answers' mapping"),
        ("not json", "BadRequest", "the request is not JSON"),
    ],
)
def test_error_replies(interspire, request_: object, kind: str, message: str) -> None:
    error = ask(interspire, request_)["error"]
    assert error["kind"] == kind
    assert error["message"].startswith(message)
