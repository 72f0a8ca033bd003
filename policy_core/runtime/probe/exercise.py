"""Run inside Pyodide by stdlib_probe.mjs: every path of the checker, then the standard library it loaded.

REQUEST (set by the probe) is JSON: {"imports": [module names found in the engine's sources],
"policies": [compiled policy JSON], "today": "YYYY-MM-DD"}.
"""

import contextlib
import datetime
import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

from policy_core import engine

_request = json.loads(globals()["REQUEST"])  # set by the probe
for _name in _request["imports"]:
    # Lazy imports too (difflib, only for a mistyped answer): a run of valid cases would miss them.
    # A name may be no module (from x import name), or not in Pyodide.
    with contextlib.suppress(ImportError):
        importlib.import_module(_name)


def _requests(policy: engine.Policy, today: datetime.date) -> Iterator[dict[str, Any]]:
    """Requests as the widget sends them: each case, its share link, and answers a customer gets wrong."""
    version = engine.content_hash(policy)
    for index, case in enumerate(engine.cases(policy)):
        answers = case.example_answers(policy, today)
        yield {"answers": answers, "today": today.isoformat()}
        if index % 25:
            continue  # the wrong answers of a few cases reach every kind of error
        yield {
            "link": engine.make_fragment(answers, today - datetime.timedelta(days=400), version),
            "today": today.isoformat(),
        }
        for question_id in answers:
            yield {"answers": {**answers, question_id: "no-such-answr"}, "today": today.isoformat()}
            yield {"answers": {**answers, question_id: "2026-02-30"}, "today": today.isoformat()}
            yield {"answers": {**answers, question_id: 7}, "today": today.isoformat()}
    yield {"answers": {"no-such-question": "x"}, "today": today.isoformat()}
    yield {"link": "check:v=2&on=garbled", "today": today.isoformat()}
    yield {"answers": {}, "today": "not a date"}


_today = datetime.date.fromisoformat(_request["today"])
for _text in _request["policies"]:
    _policy = engine.load_compiled(_text)
    _archive = {engine.content_hash(_policy): _policy}
    for _one in _requests(_policy, _today):
        engine.check_request(_policy, json.dumps(_one), _archive)
    engine.check_request(_policy, "not JSON", _archive)


def loaded_from_the_zip() -> str:
    """The entries of the standard library's zip whose modules are loaded now, as JSON."""
    zip_path = next(p for p in sys.path if p.endswith(".zip"))
    files = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(zip_path + "/"):
            files.add(path[len(zip_path) + 1 :])
    return json.dumps({"zip": zip_path, "files": sorted(files)})
