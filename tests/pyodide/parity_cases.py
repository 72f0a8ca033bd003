"""Every case of a compiled policy, as plain JSON: run unchanged in CPython and in Pyodide.

For each case it records the verdict ``decide`` gives, and the reply ``check_request`` gives for
real dates on ``today``: the path the browser widget takes.
"""

import datetime
import json

from policy_core import engine

#: Days the example answers are checked on as well: a leap day, and month ends.
EDGE_DAYS = ("2028-02-29", "2027-01-31", "2026-12-31")


def _bad_answers(policy, case, day):
    """Answers a customer could get wrong on this case's path: unknown, malformed, future, contradictory."""
    good = case.example_answers(policy, day)
    for question_id in good:
        question = policy.question_index[question_id]
        yield {**good, question_id: "no-such-answer"}
        if question.type == "date":
            yield {**good, question_id: "2026-02-30"}
            yield {**good, question_id: (day + datetime.timedelta(days=1)).isoformat()}
            if question.not_before in good:
                earlier = datetime.date.fromisoformat(good[question.not_before])
                yield {**good, question_id: (earlier - datetime.timedelta(days=1)).isoformat()}


def run(policy_json: str, today: str) -> str:
    policy = engine.load_compiled(policy_json)
    day = datetime.date.fromisoformat(today)
    rows = []
    extra = []
    for index, case in enumerate(engine.cases(policy)):
        for edge in EDGE_DAYS:
            request = json.dumps({"answers": case.example_answers(policy, datetime.date.fromisoformat(edge)), "today": edge})
            extra.append(json.loads(engine.check_request(policy, request)))
        if index % 25 == 0:
            for answers in _bad_answers(policy, case, day):
                extra.append(json.loads(engine.check_request(policy, json.dumps({"answers": answers, "today": today}))))
            checked_on = day - datetime.timedelta(days=400)
            link = engine.make_fragment(case.example_answers(policy, checked_on), checked_on, "old-version")
            extra.append(json.loads(engine.check_request(policy, json.dumps({"link": link, "today": today}))))
    for case in engine.cases(policy):
        verdict = engine.decide(policy, dict(case.answers))
        request = json.dumps({"answers": case.example_answers(policy, day), "today": today})
        rows.append(
            {
                "answers": [list(pair) for pair in case.answers],
                "decide": {**verdict.to_json(), "answered": list(verdict.answered)},
                "check": json.loads(engine.check_request(policy, request)),
            }
        )
    return json.dumps({"policy": policy.id, "cases": rows, "extra": extra}, sort_keys=True)
