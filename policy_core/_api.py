"""A JSON-in, JSON-out entry point to the checker, for callers across a language boundary.

The browser widget's worker calls it under Pyodide; the parity tests call it in CPython and in
Pyodide with the same requests and compare the replies. It never raises: every problem comes
back as an ``error`` reply that names it.
"""

from __future__ import annotations

import json
from typing import Any

from ._checker import check
from ._dates import parse_iso_date
from ._errors import AnswerError
from ._model import Policy


def check_request(policy: Policy, request_json: str) -> str:
    """Answer ``{"answers": {question: value}, "today": "YYYY-MM-DD"}`` with a verdict or an error.

    Reply: ``{"verdict": {...DESIGN.md form..., "answered": [...], "headline"}}`` or
    ``{"error": {"kind", "message", "question", "value"}}``.
    """
    return json.dumps(_reply(policy, request_json), ensure_ascii=False, sort_keys=True)


def _reply(policy: Policy, request_json: str) -> dict[str, Any]:
    try:
        request = json.loads(request_json)
    except ValueError:
        return _error("BadRequest", "the request is not JSON")
    if not isinstance(request, dict) or not isinstance(request.get("answers"), dict):
        return _error("BadRequest", "the request needs an 'answers' mapping")
    try:
        today = parse_iso_date(str(request.get("today")))
    except ValueError as exc:
        return _error("BadRequest", f"'today' {exc}")
    try:
        verdict = check(policy, request["answers"], today)
    except AnswerError as exc:
        return _error(type(exc).__name__, str(exc), question=exc.question, value=exc.value)
    return {"verdict": {**verdict.to_json(), "answered": list(verdict.answered), "headline": verdict.outcome.label}}


def _error(kind: str, message: str, **fields: str) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message, **fields}}
