"""Every case of a compiled policy, as plain JSON: run unchanged in CPython and in Pyodide.

For each case it records the verdict ``decide`` gives, and the reply ``check_request`` gives for
real dates on ``today``: the path the browser widget takes.
"""

import datetime
import json

import policy_core


def run(policy_json: str, today: str) -> str:
    policy = policy_core.load_compiled(policy_json)
    day = datetime.date.fromisoformat(today)
    rows = []
    for case in policy_core.cases(policy):
        verdict = policy_core.decide(policy, dict(case.answers))
        request = json.dumps({"answers": case.example_answers(policy, day), "today": today})
        rows.append(
            {
                "answers": [list(pair) for pair in case.answers],
                "decide": {**verdict.to_json(), "answered": list(verdict.answered)},
                "check": json.loads(policy_core.check_request(policy, request)),
            }
        )
    return json.dumps({"policy": policy.id, "cases": rows}, sort_keys=True)
