"""What can be bought today, in the browser: each offer state in its own words and colour, never an
outcome's, with its clause linked; axe finds nothing at 390 px and 1280 px, light and dark.

The site is the reference site with a third policy added (the synthetic extensions fixture): a
writer's new policy, built with the real `mkdocs build --strict`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from policy_core import add_months, load_policy

from .browser_support import READY_TIMEOUT_MS, answer, widget
from .conftest import FIXTURES, mkdocs
from .project import copy_project
from .serving import serve
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

POLICY = FIXTURES / "terms" / "extensions.yml"


@pytest.fixture(scope="module")
def offers_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("offers-site"))
    shutil.copy(POLICY, project / "docs" / "policies" / POLICY.name)
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as (base, _):
        yield base


def months_ago(months: int) -> str:
    # The browser judges on the device's today, which is this machine's.
    return add_months(dt.date.today(), -months).isoformat()


#: Answers that give each offer state, on any today.
STATES = {
    "available": {"license": "standard", "purchased": months_ago(1), "extended": "none"},
    "later": {"license": "extended-license", "purchased": months_ago(1), "extended": "none"},
    "closed": {"license": "standard", "purchased": months_ago(8), "extended": "none", "renewed": "not-renewed"},
}


def check_with(page, base: str, answers: dict[str, str]) -> None:
    policy = load_policy(POLICY)
    page.goto(f"{base}extensions/check/")
    for question_id, value in {"issue": "defect", **answers}.items():
        answer(page, policy, question_id, value)
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)


@pytest.mark.parametrize("state", list(STATES))
def test_each_offer_state_is_said_in_its_own_colour(context, offers_site: str, state: str) -> None:
    page = context.new_page()
    check_with(page, offers_site, STATES[state])
    offer = page.locator(".policy-verdict__offers > li").first
    expect(offer).to_have_attribute("data-state", state)
    text = offer.locator(".policy-offer__text")
    expect(text).to_contain_text(
        {"available": "You can buy a 6-month extension until", "later": "You cannot buy a 6-month extension yet:"}.get(
            state, "You cannot buy a 6-month extension: it can be bought only while your support runs"
        )
    )
    link = offer.locator(".policy-verdict__because a")
    expect(link).to_have_attribute("href", f"{offers_site}extensions/#terms.extension")
    colours = offer.evaluate(
        """(item) => ({
            border: getComputedStyle(item).borderLeftColor,
            verdict: getComputedStyle(item.closest('.policy-verdict')).borderLeftColor,
        })"""
    )
    assert colours["border"] != colours["verdict"], "an offer is not dressed as the outcome"
    if state == "closed":
        renewal = page.locator(".policy-verdict__offers > li").nth(1)
        expect(renewal).to_have_attribute("data-state", "available")
        expect(renewal).to_contain_text("You can buy a renewal today: your renewed support would run from")


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_offers_pass_axe(browser, offers_site: str, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        check_with(page, offers_site, STATES["closed"])
        expect(page.locator(".policy-verdict__offers > li")).to_have_count(2)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_a_contradicting_date_is_refused_at_its_field(context, offers_site: str) -> None:
    page = context.new_page()
    # Support from an 8-month-old purchase ended 2 months ago; an extension a month ago is impossible.
    check_with_error = {"license": "standard", "purchased": months_ago(8), "extended": months_ago(1)}
    policy = load_policy(POLICY)
    page.goto(f"{offers_site}extensions/check/")
    for question_id, value in {"issue": "defect", **check_with_error}.items():
        answer(page, policy, question_id, value)
    field = page.locator("fieldset[data-question='extended']")
    note = field.locator(".policy-check__field-error")
    expect(note).to_contain_text("An extension can be bought only while the term it extends runs", timeout=READY_TIMEOUT_MS)
    expect(field.locator("input[type='date']")).to_have_attribute("aria-invalid", "true")
