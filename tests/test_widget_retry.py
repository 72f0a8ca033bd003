"""'Try again' after a real failure, with nothing of ours mocked: a share link opened on a copy of the site
whose Pyodide runtime file is really missing, then put back.

The failure is a real 404 from a real server, not a route of Playwright's: the page, its worker and
Pyodide meet it as a customer's browser would, and "Try again" downloads the file again for real.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from policy_core import Outcome, Policy, cases, load_policy, version_id
from policy_core.engine._links import make_fragment

from .browser_support import READY_TIMEOUT_MS, link_reply, widget
from .conftest import POLICY_DIR
from .serving import serve

pytestmark = pytest.mark.browser

TODAY = dt.date.today()  # the browser decides on its own clock, as a customer's does
NAME = "interspire"


@pytest.fixture
def site_copy(built_site: Path, tmp_path: Path) -> Path:
    """The built site, copied: this test takes a file away from it (the shared build stays whole)."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy


def expect_answers_shown(page: Page, policy: Policy, answers: dict[str, str]) -> None:
    """Each question of ``answers`` is on screen with that answer selected (a date typed in, or an option checked)."""
    for question_id, value in answers.items():
        fieldset = page.locator(f"fieldset[data-question='{question_id}']")
        expect(fieldset).to_be_visible()
        question = policy.question_index[question_id]
        if question.type == "date" and value not in {o.id for o in question.extra_options}:
            expect(fieldset.locator("input[type='date']")).to_have_value(value)
        else:
            expect(fieldset.locator(f"input[type='radio'][value='{value}']")).to_be_checked()


def wasm_requests(requests: list[str]) -> int:
    return sum(path.split("?")[0].endswith("/pyodide.asm.wasm") for path in requests)


def test_try_again_after_a_missing_runtime_file_checks_the_links_answers(context, site_copy: Path) -> None:
    policy = load_policy(POLICY_DIR / f"{NAME}.yml")
    # The link of the longest decided case: its verdict needs every one of its answers, dates among them.
    case = max((c for c in cases(policy) if c.verdict.outcome is not Outcome.INCOMPLETE), key=lambda c: len(c.answers))
    answers = case.example_answers(policy, TODAY)
    assert len(answers) > 2
    assert any(policy.question_index[q].type == "date" for q in answers)
    fragment = make_fragment(answers, TODAY, version_id(policy))
    expected = link_reply(policy, fragment, TODAY)["verdict"]
    assert expected["outcome"] != Outcome.INCOMPLETE.value

    (wasm,) = site_copy.glob("assets/policy-check-*/pyodide.asm.wasm")
    away = wasm.with_name("pyodide.asm.wasm.away")
    wasm.rename(away)
    with serve(site_copy) as (base, requests):
        page = context.new_page()
        page.goto(f"{base}{NAME}/check/#{fragment}")

        expect(widget(page)).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT_MS)
        expect(widget(page)).to_have_attribute("data-error-kind", "DownloadFailed")
        asked = wasm_requests(requests)
        assert asked, "the page asked for the missing file"
        expect(page.locator(".policy-verdict__headline")).to_have_count(0)
        # While the checker is away only the first question shows, with the link's answer to it.
        first, *_ = answers
        expect_answers_shown(page, policy, {first: answers[first]})
        retry = page.locator(".policy-check__status").get_by_role("button", name="Try again")
        expect(retry).to_be_visible()

        away.rename(wasm)  # the site is whole again
        retry.click()

        expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
        expect(page.locator(".policy-verdict__headline")).to_have_text(expected["headline"])
        expect_answers_shown(page, policy, answers)
        expect(page.locator("fieldset[data-question]:visible")).to_have_count(len(answers))
        expect(page.locator(".policy-verdict__change")).to_have_count(len(answers))
        assert widget(page).get_attribute("data-error-kind") is None
        assert wasm_requests(requests) > asked, "the file was downloaded again, not taken from a cache"
