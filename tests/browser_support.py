"""Shared pieces of the browser tests: Debian's Chromium through Playwright, and answering in the UI."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from policy_core import Case, Outcome, Policy, cases, check_request, version_id
from policy_core.engine._links import make_fragment

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach outside hosts (TOOLCHAIN.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY_TIMEOUT_MS = 30_000
ERROR_LIMIT_MS = 20_000  # the widget must give up visibly within 20 s


def widget(page: Page) -> Locator:
    return page.locator(".policy-check")


def wait_until_not_loading(page: Page) -> None:
    page.locator(".policy-check:not([data-state='loading'])").wait_for(timeout=READY_TIMEOUT_MS)


def answer(page: Page, policy: Policy, question_id: str, value: str) -> None:
    """Answer one question the way a customer does: pick the option, or type the date."""
    fieldset = page.locator(f"fieldset[data-question='{question_id}']")
    expect(fieldset).to_be_visible(timeout=READY_TIMEOUT_MS)
    question = policy.question_index[question_id]
    if question.type == "date" and value not in {o.id for o in question.extra_options}:
        fieldset.locator("input[type='date']").fill(value)
    else:
        fieldset.locator(f"input[type='radio'][value='{value}']").check()


def answer_case(page: Page, policy: Policy, case: Case, today: dt.date) -> None:
    for question_id, value in case.example_answers(policy, today).items():
        answer(page, policy, question_id, value)


def verdict_journey(page: Page, base: str, policy: Policy, case: Case) -> list[str]:
    """Answer ``case`` on the policy's check page and see its verdict; return every request that left ``base``."""
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(base) else outside.append(request.url))
    page.goto(f"{base}{policy.id}/check/")
    answer_case(page, policy, case, dt.date.today())
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline)
    return outside


def clause_ids_on_page(path: Path) -> set[str]:
    ids: set[str] = set()

    class Ids(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            ids.update(value for key, value in attrs if key == "id" and value)

    Ids().feed(path.read_text(encoding="utf-8"))
    return ids


def link_reply(policy: Policy, fragment: str, today: dt.date) -> dict:
    """What policy_core replies to a link opened on ``today``: the page must show the same."""
    return json.loads(check_request(policy, json.dumps({"link": f"#{fragment}", "today": today.isoformat()})))


def a_link_whose_verdict_has_changed(
    policy: Policy, made_on: dt.date, today: dt.date, outcome: Outcome | None = None
) -> tuple[str, dict]:
    """A link made on ``made_on`` whose verdict on ``today`` is decided and different (a term ran out).

    With ``outcome``, the verdict as checked has that outcome and at least one action.
    """
    for case in cases(policy):
        if outcome is not None and (case.verdict.outcome is not outcome or not case.verdict.actions):
            continue
        answers = case.example_answers(policy, made_on)
        fragment = make_fragment(answers, made_on, version_id(policy))
        reply = link_reply(policy, fragment, today)
        current = reply.get("today")
        if current and "error" not in current and current["outcome"] != Outcome.INCOMPLETE.value:
            return fragment, reply
    raise AssertionError(f"no case of {policy.id} changes its verdict between {made_on} and {today}")


def throttle(page: Page, *, megabits: float, latency_ms: int = 150) -> None:
    """Throttle the page's network, its checker worker included (CDP; see shared/TOOLCHAIN.md)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = megabits * 1_000_000 / 8
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": rate, "uploadThroughput": rate},
    )


def kept_record(page: Page) -> str:
    """What the verdict gives the customer to keep: the ticket summary where filing can help, else the link."""
    summary = page.locator(".policy-verdict__summary")
    return summary.input_value() if summary.count() else page.locator(".policy-verdict__link").input_value()
