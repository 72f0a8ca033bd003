"""Timings of the checker, run unchanged in CPython and in Pyodide (see checker.py)."""

import datetime
import json
import statistics
import time

from policy_core import engine

REPEATS = 5


def _median_ms(action, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(policy_json, today):
    policy = engine.load_compiled(policy_json)
    day = datetime.date.fromisoformat(today)
    all_cases = engine.cases(policy)
    requests = [case.example_answers(policy, day) for case in all_cases]

    def every_verdict():
        for answers in requests:
            engine.check(policy, answers, day)

    one_batch_ms = _median_ms(every_verdict)
    # The widget's step after each click: a partly answered questionnaire, asking what comes next.
    partial = dict(list(requests[0].items())[:2])
    next_ms = _median_ms(lambda: [engine.check(policy, partial, day) for _ in range(100)]) / 100
    return json.dumps(
        {
            "policy": policy.id,
            "cases": len(all_cases),
            "cases_ms": _median_ms(lambda: engine.cases(policy)),
            "verdicts_per_s": len(requests) / one_batch_ms * 1000,
            "next_ms": next_ms,
            "load_compiled_ms": _median_ms(lambda: engine.load_compiled(policy_json)),
        }
    )
