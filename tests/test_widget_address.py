"""Answers kept in the address from the first click (issue 34): on a 1.6 Mbit/s link, every answer given
while the checker downloads is written into the page's address at once, exactly as ``policy_core``
writes a share link; the page keeps asking where the step-by-step flow says which question follows;
a reload, or Back from the policy, during loading brings the answers back, and the checker judges them.
(Every kind of answer, an extra answer of a date question included, is written as policy_core writes
it: tests/test_link_reading.py, on the widget's own writer.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from policy_core import Case, Policy, cases, decision_tree, load_policy, make_fragment, parse_fragment, version_id
from policy_core.engine import question_flow

from .browser_support import answer, throttle, widget
from .conftest import POLICY_DIR, SITE_POLICIES, SITE_PORT
from .serving import serve

pytestmark = [pytest.mark.browser, pytest.mark.throttled]

SLOW_LOAD_MS = 240_000
POLICY = load_policy(POLICY_DIR / f"{SITE_POLICIES[0]}.yml")
FLOW = question_flow(decision_tree(POLICY))


def asked_while_loading(policy: Policy, flow: dict, case: Case, raw: dict[str, str]) -> list[tuple[str, str]]:
    """The case's answers the page can take before its checker is ready: along the flow, up to its first date."""
    given, node = [], flow
    for question, value in case.answers:
        if not isinstance(node, dict) or node["q"] != question:
            break
        given.append((question, raw[question]))
        if policy.question_index[question].type == "date" and value not in (node.get("a") or {}):
            break  # a date: what follows waits for the checker
        node = node["a"][value]
    return given


def longest_case_with_a_date_before_the_checker() -> Case:
    found = [
        case
        for case in cases(POLICY)
        if any(POLICY.question_index[q].type == "date" for q, _ in asked_while_loading(POLICY, FLOW, case, dict(case.answers)))
    ]
    if not found:
        pytest.skip(f"{POLICY.id} asks no date the page can reach before its checker")  # content: a writer may make it so
    return max(found, key=lambda c: len(c.answers))


@pytest.fixture
def slow_page(context, built_site: Path) -> Iterator[tuple[Page, str]]:
    with serve(built_site, port=SITE_PORT, precompressed=True) as (base, _):
        page = context.new_page()
        throttle(page, megabits=1.6)
        yield page, base


def page_day(page: Page) -> tuple[dt.date, str]:
    """The page's own today and UTC offset, as it writes them."""
    day, tz = page.evaluate(
        """() => { const d = new Date(), m = -d.getTimezoneOffset(), p = (n) => String(Math.floor(n)).padStart(2, "0");
           return [`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
                   `${m < 0 ? "-" : "+"}${p(Math.abs(m) / 60)}:${p(Math.abs(m) % 60)}`]; }"""
    )
    return dt.date.fromisoformat(day), tz


def expect_loading(page: Page) -> None:
    assert widget(page).get_attribute("data-state") == "loading", "the checker was ready: this test needs it loading"


def test_answers_given_while_loading_are_in_the_address_and_come_back_after_a_reload(slow_page) -> None:
    page, base = slow_page
    case = longest_case_with_a_date_before_the_checker()
    raw = case.example_answers(POLICY, dt.date.today())
    early = asked_while_loading(POLICY, FLOW, case, raw)
    page.goto(f"{base}{POLICY.id}/check/")
    for question, value in early:
        answer(page, POLICY, question, value)  # each question shown by the flow, while the checker loads
    expect_loading(page)
    day, tz = page_day(page)
    written = page.evaluate("location.hash").removeprefix("#")
    assert written == make_fragment(dict(early), day, version_id(POLICY), tz), "not as policy_core writes a share link"
    page.reload()
    for question, value in early:
        fieldset = page.locator(f"fieldset[data-question='{question}']")
        expect(fieldset).to_be_visible()
        if POLICY.question_index[question].type == "date":
            expect(fieldset.locator("input[type='date']")).to_have_value(value)
        else:
            expect(fieldset.locator(f"input[value='{value}']")).to_be_checked()
    expect_loading(page)
    page.locator(".policy-check:not([data-state='loading'])").wait_for(timeout=SLOW_LOAD_MS)
    for question, value in list(raw.items())[len(early) :]:
        answer(page, POLICY, question, value)
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline, timeout=SLOW_LOAD_MS)


def test_back_from_the_policy_during_loading_keeps_the_answers(slow_page) -> None:
    page, base = slow_page
    question = POLICY.questions[0]
    option = next(o for o in question.options if o.id in FLOW.get("a", {}))
    page.goto(f"{base}{POLICY.id}/check/")
    answer(page, POLICY, question.id, option.id)
    expect_loading(page)
    page.locator(f".md-content a[href$='/{POLICY.id}/']").first.click()  # the page's link to the policy it checks
    expect(page).to_have_url(f"{base}{POLICY.id}/")
    page.go_back()
    expect(page.locator(f"fieldset[data-question='{question.id}'] input[value='{option.id}']")).to_be_checked()
    page.locator(".policy-check:not([data-state='loading'])").wait_for(timeout=SLOW_LOAD_MS)
    assert parse_fragment(page.evaluate("location.hash")).answers == {question.id: option.id}
