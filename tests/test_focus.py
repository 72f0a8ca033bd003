"""Focus you can see, and where it lands (issue 33): an answer reached with Tab looks different from the same
answer unfocused, in light and dark; Enter moves on from a date as from an answer; the focused verdict
heading and its first line are on screen, clear of the header, at 1280x800 and 390x844."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from policy_core import cases, load_policy

from .browser_support import READY_TIMEOUT_MS, answer, widget
from .conftest import POLICY_DIR, SITE_POLICIES

POLICY = load_policy(POLICY_DIR / f"{SITE_POLICIES[0]}.yml")
FIRST = POLICY.questions[0]

pytestmark = pytest.mark.browser


def open_check(browser, base: str, *, width: int, height: int, scheme: str = "light") -> tuple[object, Page]:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base}{POLICY.id}/check/")
    expect(widget(page)).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
    return context, page


def around(page: Page, element) -> bytes:
    """The pixels of ``element`` and a few around it, where a focus ring is drawn."""
    box = element.bounding_box()
    assert box
    clip = {"x": box["x"] - 6, "y": box["y"] - 6, "width": box["width"] + 12, "height": box["height"] + 12}
    return page.screenshot(clip=clip)


def tab_to_first_answer(page: Page) -> None:
    first = page.locator(f"fieldset[data-question='{FIRST.id}'] input[type='radio']").first
    for _ in range(60):  # from the top of the page, past the header and the navigation
        page.keyboard.press("Tab")
        if first.evaluate("(input) => input.closest('fieldset').contains(document.activeElement)"):
            return
    raise AssertionError("Tab never reached the first question")


@pytest.mark.parametrize("scheme", ["light", "dark", "forced colours"])
def test_an_answer_reached_with_tab_is_seen_to_have_the_focus(browser, site_server, scheme: str) -> None:
    """In forced colours (Windows' high contrast) the browser drops box shadows and backgrounds: the ring is an outline."""
    base, _ = site_server
    forced = scheme == "forced colours"
    context, page = open_check(browser, base, width=1280, height=800, scheme="dark" if forced else scheme)
    try:
        if forced:
            page.emulate_media(forced_colors="active")
            assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        option = page.locator(f"fieldset[data-question='{FIRST.id}'] .policy-check__option").first
        option.scroll_into_view_if_needed()
        unfocused = around(page, option)
        tab_to_first_answer(page)
        focused_row = page.locator(".policy-check__option:has(input:focus-visible)")
        expect(focused_row).to_have_count(1)
        assert around(page, option) != unfocused, "the focused answer looks exactly like an unfocused one"
        ring = focused_row.evaluate(
            "(row) => ({style: getComputedStyle(row).outlineStyle, width: getComputedStyle(row).outlineWidth})"
        )
        assert ring == {"style": "solid", "width": "2px"}
    finally:
        context.close()


def a_date_and_the_question_after_it() -> tuple[dict[str, str], str, str, str]:
    """Answers up to a date question, a date for it, and the question asked next (from the policy's own cases)."""
    today = dt.date.today()
    for case in cases(POLICY):
        asked = [q for q, _ in case.answers]
        for index, question_id in enumerate(asked[:-1]):
            if POLICY.question_index[question_id].type == "date":
                raw = case.example_answers(POLICY, today)
                return {q: raw[q] for q in asked[:index]}, question_id, raw[question_id], asked[index + 1]
    raise AssertionError(f"{POLICY.id} asks no question after a date")


def test_enter_in_a_date_field_moves_on(browser, site_server) -> None:
    base, _ = site_server
    before, date_question, day, after = a_date_and_the_question_after_it()
    context, page = open_check(browser, base, width=1280, height=800)
    try:
        for question_id, value in before.items():
            answer(page, POLICY, question_id, value)
        date = page.locator(f"fieldset[data-question='{date_question}'] input[type='date']")
        expect(date).to_be_visible(timeout=READY_TIMEOUT_MS)
        date.fill(day)
        date.press("Enter")
        expect(page.locator(f"fieldset[data-question='{after}'] input").first).to_be_focused(timeout=READY_TIMEOUT_MS)
    finally:
        context.close()


def a_long_case_ending_in_a_choice() -> tuple[dict[str, str], str, str]:
    """The answers of the policy's longest case that ends with a choice: all but the last, and the last."""
    today = dt.date.today()
    ending = [c for c in cases(POLICY) if POLICY.question_index[c.answers[-1][0]].type == "choice"]
    case = max(ending, key=lambda c: len(c.answers))
    raw = case.example_answers(POLICY, today)
    *before, (last, value) = [(q, raw[q]) for q, _ in case.answers]
    return dict(before), last, value


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_focused_verdict_and_its_first_line_are_on_screen(browser, site_server, width: int, height: int) -> None:
    """The browser's own scroll on focus left the heading at the bottom edge (y = 765 of 800) after a long check."""
    base, _ = site_server
    before, last, value = a_long_case_ending_in_a_choice()
    context, page = open_check(browser, base, width=width, height=height)
    try:
        for question_id, given in before.items():
            answer(page, POLICY, question_id, given)
        target = page.locator(f"fieldset[data-question='{last}'] input[value='{value}']")
        expect(target).to_be_visible(timeout=READY_TIMEOUT_MS)
        target.focus()
        page.keyboard.press("Space")  # the answer, given by keyboard: the focus moves to the verdict
        heading = page.locator(".policy-verdict__headline")
        expect(heading).to_be_focused(timeout=READY_TIMEOUT_MS)
        header = page.locator(".md-header").bounding_box()
        box = heading.bounding_box()
        first_line = page.locator(".policy-verdict__checked-on p").first.bounding_box()
        assert header
        assert box
        assert first_line
        assert box["y"] >= header["y"] + header["height"], "the heading is under the sticky header"
        assert first_line["y"] + first_line["height"] <= height, "the verdict's first line is below the fold"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_control_of_a_verdict_reached_with_tab_shows_the_same_ring(browser, site_server, scheme: str) -> None:
    """Clause links, Change, Start again, the summary and link boxes and Copy: a 2 px solid ring in the focus colour."""
    base, _ = site_server
    case = next(c for c in cases(POLICY) if c.verdict.outcome.value != "not-supported")
    context, page = open_check(browser, base, width=1280, height=800, scheme=scheme)
    try:
        for question_id, value in case.example_answers(POLICY, dt.date.today()).items():
            answer(page, POLICY, question_id, value)
        expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
        page.locator(".policy-verdict__headline").focus()
        colour = page.evaluate("getComputedStyle(document.querySelector('.policy-check')).getPropertyValue('--policy-focus')")
        rings = []
        for _ in range(60):
            page.keyboard.press("Tab")
            ring = page.evaluate(
                """() => { const e = document.activeElement; if (!e.closest('.policy-check')) return null;
                   const s = getComputedStyle(e); return [e.tagName, s.outlineStyle, s.outlineWidth, s.outlineColor]; }"""
            )
            if ring is None:
                break
            rings.append(ring)
        kinds = {tag for tag, *_ in rings}
        assert {"A", "BUTTON", "TEXTAREA", "INPUT"} <= kinds, rings
        expected = page.evaluate(
            """(colour) => { const e = document.createElement('i'); e.style.color = colour; document.body.append(e);
               const computed = getComputedStyle(e).color; e.remove(); return computed; }""",
            colour.strip(),
        )
        assert all(style == "solid" and width == "2px" and col == expected for _, style, width, col in rings), rings
    finally:
        context.close()
