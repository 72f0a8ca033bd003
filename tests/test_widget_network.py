"""The self-check as customers on slow links and busy phones get it: it reaches the verdict, never gives up.

Each journey answers the first question while the checker is still downloading (the answer must
be kept), then the rest. Throttling is Chromium's own (CDP), and applies to the checker's worker.
Few journeys, because each takes a while: a download at 1.6 Mbit/s is 30 s and more.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from policy_core import cases, load_policy

from .browser_support import answer, throttle, widget
from .conftest import POLICY_DIR, SITE_POLICIES, SITE_PORT
from .serving import serve

pytestmark = [pytest.mark.browser, pytest.mark.throttled]

TODAY = dt.date.today()
SLOW_LOAD_MS = 240_000  # a wait for the test itself; the widget has no deadline of its own


def longest_case(name: str):
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    return policy, max(cases(policy), key=lambda c: len(c.answers))


def journey(page, base: str, name: str) -> None:
    policy, case = longest_case(name)
    answers = list(case.example_answers(policy, TODAY).items())
    page.goto(f"{base}{name}/check/")
    (question, value), rest = answers[0], answers[1:]
    answer(page, policy, question, value)
    expect(widget(page)).to_have_attribute("data-state", "loading")
    status = page.locator(".policy-check__status")
    expect(status).to_contain_text("Your answer is kept")  # acknowledged at once, not after the download
    expect(page.locator(".policy-check__progress")).to_contain_text(re.compile(r"\d+ % downloaded"))  # against a known total
    page.locator(".policy-check:not([data-state='loading'])").wait_for(timeout=SLOW_LOAD_MS)
    assert page.locator(".policy-check").get_attribute("data-state") != "error", status.inner_text()
    for question, value in rest:
        answer(page, policy, question, value)
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline, timeout=SLOW_LOAD_MS)


@pytest.mark.parametrize(
    ("megabits", "precompressed"),
    [(1.6, True), (9, False)],
    ids=["1.6 Mbit/s from a host that sends the .br files", "9 Mbit/s from a plain host"],
)
def test_a_slow_link_reaches_the_verdict(context, built_site: Path, megabits: float, precompressed: bool) -> None:
    with serve(built_site, port=SITE_PORT, precompressed=precompressed) as (base, _):
        page = context.new_page()
        throttle(page, megabits=megabits)
        journey(page, base, SITE_POLICIES[0])


def test_a_busy_phone_reaches_the_verdict(context, built_site: Path) -> None:
    """The page's main thread slowed 4x on a 9 Mbit/s link (CDP cannot slow the worker: bench/README.md, 2b)."""
    with serve(built_site, port=SITE_PORT, precompressed=True) as (base, _):
        page = context.new_page()
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        throttle(page, megabits=9)
        journey(page, base, SITE_POLICIES[-1])
