"""WCAG 2.1 AA: axe-core finds nothing on any page or widget state; the check works by keyboard alone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from policy_core import Outcome, load_policy

from .browser_support import (
    READY_TIMEOUT_MS,
    a_link_whose_verdict_has_changed,
    answer,
    wait_until_not_loading,
    widget,
)
from .conftest import POLICY_DIR, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[str]:
    # Let the theme's colour transitions (after scrolling, the nav highlight fades) settle, so
    # axe measures the colours a reader sees rather than a frame in between.
    page.wait_for_timeout(400)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})" for v in result["violations"]]


@pytest.mark.parametrize("path", ["", "interspire/", "alurian/", "compare/", "writers-guide/", "alurian/flow/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages(context, site_server, path: str, scheme: str) -> None:
    base, _ = site_server
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(base + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_widget_states(context, site_server, scheme: str) -> None:
    base, _ = site_server
    policy = load_policy(POLICY_DIR / "interspire.yml")
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    # Loading: hold the runtime back so the state lasts while axe runs.
    page.route("**/pyodide.asm.wasm", lambda route: None)
    page.goto(f"{base}interspire/check/")
    expect(widget(page)).to_have_attribute("data-state", "loading")
    assert axe_violations(page) == [], "loading"

    page.unroute("**/pyodide.asm.wasm")
    page.goto(f"{base}interspire/check/")
    wait_until_not_loading(page)
    answer(page, policy, "issue", "how-to")
    expect(page.locator("fieldset[data-question='purchased']")).to_be_visible()
    assert axe_violations(page) == [], "question"

    answer(page, policy, "purchased", "2020-01-01")
    answer(page, policy, "renewal", "not-renewed")
    answer(page, policy, "version", "beta")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    assert axe_violations(page) == [], "verdict"

    # Review with an action, as checked on the day in a link, beside today's verdict.
    made_on = dt.date.today() - dt.timedelta(days=400)
    fragment, _ = a_link_whose_verdict_has_changed(policy, made_on, dt.date.today(), Outcome.REVIEW)
    page.goto(f"{base}interspire/check/#{fragment}")
    expect(page.locator(".policy-verdict__today")).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__actions-required > li").first).to_be_visible()
    assert axe_violations(page) == [], "review, actions, as checked"

    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(f"{base}interspire/check/")
    expect(widget(page)).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT_MS)
    assert axe_violations(page) == [], "error"


def test_keyboard_only_to_a_verdict(context, site_server) -> None:
    base, _ = site_server
    page = context.new_page()
    page.goto(f"{base}alurian/check/")
    wait_until_not_loading(page)
    # Tab from the top of the page into the questionnaire.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.name?.endsWith('-issue')"):
            break
    else:
        pytest.fail("Tab never reached the first question")
    page.keyboard.press("Space")  # choose the first answer
    for _ in range(9):  # arrow down the radio group to "Customizing a template (HTML & CSS)"
        page.keyboard.press("ArrowDown")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    headline = page.locator(".policy-verdict__headline")
    expect(headline).to_have_text("Not supported")
    expect(headline).to_be_focused()  # focus moves to the verdict, which is also announced
    expect(page.locator(".policy-check__status")).to_have_text("Verdict: Not supported.")
    # "Change" takes the keyboard back to the answer.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.classList.contains('policy-verdict__change')"):
            break
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement?.value") == "template-customization"
