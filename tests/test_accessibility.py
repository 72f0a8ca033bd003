"""WCAG 2.1 AA: axe-core finds nothing on any page or widget state; the check works by keyboard alone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from policy_core import Outcome, cases, load_policy, version_id
from policy_core.engine._links import make_fragment
from policy_core.versions._history import released_versions

from .browser_support import (
    READY_TIMEOUT_MS,
    a_link_whose_verdict_has_changed,
    answer,
    wait_until_not_loading,
    widget,
)
from .conftest import POLICY_DIR, ROOT, SITE_POLICIES

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


@pytest.mark.parametrize(
    "path",
    [
        "",
        "interspire/",
        "alurian/",
        "compare/",
        "writers-guide/",
        "support-staff/",
        "alurian/flow/",
        "alurian/questions/",
        "alurian/cases/",
        f"{SITE_POLICIES[0]}/history/",
        *(f"{SITE_POLICIES[0]}/versions/{v.id}/" for v in released_versions(POLICY_DIR, SITE_POLICIES[0])[-1:]),
    ],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_pages(context, site_server, path: str, scheme: str, width: int) -> None:
    base, _ = site_server
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(base + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_widget_states(context, site_server, scheme: str, width: int) -> None:
    base, _ = site_server
    policy = load_policy(POLICY_DIR / "interspire.yml")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    # Loading: hold the runtime back so the state lasts while axe runs.
    page.route("**/pyodide.asm.wasm", lambda route: None)
    page.goto(f"{base}interspire/check/")
    expect(widget(page)).to_have_attribute("data-state", "loading")
    expect(page.locator(".policy-check__progress")).to_be_visible()
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

    # Supported once the customer acts (its own colour and icon), the dates given said in words beside their fields.
    case = next(c for c in cases(policy) if c.verdict.tone == "conditional" and len(c.answers) > 3)
    fragment = make_fragment(case.example_answers(policy, dt.date.today()), dt.date.today(), version_id(policy))
    page.goto(f"{base}interspire/check/#{fragment}")
    expect(page.locator(".policy-verdict--conditional")).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-check__date-words").first).not_to_be_empty()
    assert axe_violations(page) == [], "supported once the customer acts"
    page.goto("about:blank")  # the next link opens on a page of its own, not as a change of fragment

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
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    assert axe_violations(page) == [], "error"


def tab_to_first_question(page: Page) -> None:
    """Tab from the top of the page into the questionnaire, as a keyboard user does."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.closest?.('fieldset[data-question]') !== null"):
            return
    pytest.fail("Tab never reached the first question")


def test_keyboard_only_to_a_verdict(context, site_server) -> None:
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    first = policy.questions[0]
    # A not-supported option below the first: arrowing down to it must not decide anything yet.
    index, option = next((i, o) for i, o in enumerate(first.options) if i and o.outcome is Outcome.NOT_SUPPORTED)
    base, _ = site_server
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    wait_until_not_loading(page)
    tab_to_first_question(page)
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == option.id
    expect(widget(page)).not_to_have_attribute("data-state", "verdict")
    page.keyboard.press("Enter")  # commit the option browsed to
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    headline = page.locator(".policy-verdict__headline")
    expect(headline).to_be_focused()  # the verdict is announced by the focus moving to it...
    expect(page.locator(".policy-check__status")).to_have_text("")  # ...and nowhere else
    assert page.locator(".policy-check [aria-live], .policy-check__verdict[role]").count() == 0
    # "Change" takes the keyboard back to the answer.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.classList.contains('policy-verdict__change')"):
            break
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement?.value") == option.id


@pytest.mark.parametrize("name", SITE_POLICIES)
def test_arrow_keys_reach_every_option_of_the_first_question(context, site_server, name: str) -> None:
    """Arrowing through a radio group browses: no verdict appears, no question comes, focus stays."""
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    options = [o.id for o in policy.questions[0].options]
    base, _ = site_server
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    wait_until_not_loading(page)
    tab_to_first_question(page)
    page.keyboard.press("Space")  # choose the first option: that commits it
    expect(page.locator("fieldset[data-question]:visible").nth(1).or_(page.locator(".policy-verdict"))).to_be_visible()
    page.locator(f"fieldset[data-question='{policy.questions[0].id}'] input:checked").focus()
    shown = page.locator("fieldset[data-question]:visible").count()
    for option in options[1:]:
        page.keyboard.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.value") == option
    page.wait_for_timeout(300)  # a check, had one been started, would have answered by now
    expect(widget(page)).not_to_have_attribute("data-state", "verdict")
    assert page.locator("fieldset[data-question]:visible").count() == shown
    assert page.evaluate("() => document.activeElement.value") == options[-1]
