"""All the waiting a customer feels, together: a scripted customer at human pace on a 1.6 Mbit/s link.

Run: .venv/bin/python bench/waiting.py [--runs 2]

The customer answers each of a policy's longest case's questions 3 s after it appears (cold: a
fresh profile each time, arriving directly at the check page), and every wait is added up: from
arriving to the first question, from each answer to the next question, from the last answer to the
verdict. Side by side in the same run:

- **before**: the check page as it was, asking nothing until its checker is ready (the same built
  site with the step-by-step flow taken out of the page: the widget then shows the first question only);
- **after**: the page asking along the flow while its checker loads; and the same customer reading
  the policy's page for 10 s, then 20 s, before following its link to the check (where the policy
  page fetches the runtime ahead, that wait shrinks).

The floor beside them is what the link must carry before any verdict: the bytes the check page's
visit fetched, at 1.6 Mbit/s (with the link's 150 ms latency once). The waits that remain are
bounded by it. Served as a static host would (pre-compressed files, the runtime immutable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import CHROMIUM, CHROMIUM_ARGS, ROOT, browser_support, built_site, serve, summary, table
from playwright.sync_api import Page, sync_playwright

from policy_core import cases, load_policy
from tests.project import free_port

MEGABITS = 1.6
LATENCY_S = 0.15
THINK_S = 3.0  # human pace: each question read and answered in 3 s
TIMEOUT_MS = 300_000
POLICIES = ("interspire", "alurian")


def without_flow(site: Path, into: Path) -> Path:
    """A copy of the site whose check pages carry no flow: the page as it was before it asked while loading."""
    shutil.copytree(site, into)
    for page in into.glob("*/check/index.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r' data-flow="[^"]*"', "", html), encoding="utf-8")
        for compressed in (page.with_suffix(".html.gz"), page.with_suffix(".html.br")):
            compressed.unlink(missing_ok=True)
    return into


def customer(policy_id: str) -> list[tuple[str, str]]:
    policy = load_policy(ROOT / "docs" / "policies" / f"{policy_id}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    return list(case.example_answers(policy, dt.date.today()).items())


def visible(page: Page, question: str) -> None:
    page.locator(f"fieldset[data-question='{question}']").wait_for(state="visible", timeout=TIMEOUT_MS)


def journey(page: Page, base: str, policy_id: str, reading_s: int) -> list[float]:
    """The waits of one customer, in seconds: to the first question, after each answer.

    With ``reading_s``, the customer reads the policy's page that long first, then follows its link to the check.
    """
    policy = load_policy(ROOT / "docs" / "policies" / f"{policy_id}.yml")
    answers = customer(policy_id)
    if reading_s:
        page.goto(f"{base}{policy_id}/", wait_until="commit")
        time.sleep(reading_s)
    start = time.monotonic()
    page.goto(f"{base}{policy_id}/check/", wait_until="commit")
    visible(page, answers[0][0])
    waits = [time.monotonic() - start]
    for index, (question, value) in enumerate(answers):
        time.sleep(THINK_S)
        browser_support.answer(page, policy, question, value)
        given = time.monotonic()
        if index + 1 < len(answers):
            visible(page, answers[index + 1][0])
        else:
            page.locator(".policy-check[data-state='verdict']").wait_for(timeout=TIMEOUT_MS)
        waits.append(time.monotonic() - given)
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    totals: dict[tuple[str, str], list[float]] = defaultdict(list)
    worst: dict[tuple[str, str], list[float]] = defaultdict(list)
    fetched: dict[str, int] = {}
    with built_site(port) as site, tempfile.TemporaryDirectory(prefix="bench-waiting-") as tmp:
        before = without_flow(site, Path(tmp) / "before")
        # (label, site, seconds of reading the policy page first)
        visits = [("before", before, 0), ("after", site, 0), ("after, 10 s on the policy page first", site, 10)]
        visits.append(("after, 20 s on the policy page first", site, 20))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                for label, root, reading_s in visits:
                    with serve(root, port, immutable=True, precompressed=True) as server:
                        for policy_id in POLICIES:
                            context = browser.new_context()
                            page = context.new_page()
                            browser_support.throttle(page, megabits=MEGABITS, latency_ms=int(LATENCY_S * 1000))
                            server.sent.clear()
                            waits = journey(page, server.base, policy_id, reading_s)
                            if not reading_s:
                                fetched[policy_id] = sum(size for _, size in server.sent)
                            context.close()
                            totals[(policy_id, label)].append(sum(waits))
                            worst[(policy_id, label)].append(max(waits))
            browser.close()
    rows = []
    for policy_id in POLICIES:
        floor = fetched[policy_id] * 8 / (MEGABITS * 1_000_000) + LATENCY_S
        for label, _, _ in visits:
            rows.append(
                (
                    policy_id,
                    label,
                    summary(totals[(policy_id, label)], "s"),
                    summary(worst[(policy_id, label)], "s"),
                    f"{floor:.1f} s ({fetched[policy_id]:,} bytes)",
                )
            )
        ratio = [b / a for a, b in zip(totals[(policy_id, "before")], totals[(policy_id, "after")], strict=True)]
        rows.append((policy_id, "after / before", summary(ratio, "x"), "", ""))
    print(
        f"\nAll the waiting together, a customer answering every {THINK_S:.0f} s at {MEGABITS} Mbit/s "
        f"({LATENCY_S * 1000:.0f} ms latency), cold, arriving directly ({args.runs} runs)\n"
    )
    print(table(rows, ("policy", "page", "all waits together", "longest single wait", "floor: the visit's bytes")))


if __name__ == "__main__":
    main()
