"""Share links in headless Chromium: the v2 format, a link opened later, a check date in the future.

What the page must show is computed by `policy_core` (`check_request`) from the same link, so
these tests follow the reference policies' content rather than restate it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from policy_core import Outcome, cases, content_hash, human_date, load_policy, version_id
from policy_core.engine._links import make_fragment

from .browser_support import READY_TIMEOUT_MS, a_link_whose_verdict_has_changed, answer, kept_record, link_reply, widget
from .conftest import POLICY_DIR, SITE_POLICIES

pytestmark = pytest.mark.browser

TODAY = dt.date.today()  # the browser decides on its own clock, as a customer's does


def headline(page: Page):
    return page.locator(".policy-verdict__headline")


@pytest.mark.parametrize("name", SITE_POLICIES)
def test_a_link_opened_later_shows_the_verdict_as_checked_and_todays(context, site_server, name: str) -> None:
    base, _ = site_server
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    made_on = TODAY - dt.timedelta(days=400)
    fragment, reply = a_link_whose_verdict_has_changed(policy, made_on, TODAY)
    page = context.new_page()
    page.goto(f"{base}{name}/check/#{fragment}")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)

    expect(headline(page)).to_have_text(reply["verdict"]["headline"])
    checked_on = page.locator(".policy-verdict__checked-on")
    expect(checked_on).to_contain_text(f"{reply['link']['label']}, as the link says.")
    expect(page.locator(".policy-verdict__today")).to_have_text(f"Today it would differ: {reply['today']['headline']}.")
    assert made_on.isoformat() in kept_record(page), "the summary (or the link) keeps the customer's date"

    checked_on.get_by_role("button", name="Check again for today").click()
    expect(headline(page)).to_have_text(reply["today"]["headline"])
    expect(page.locator(".policy-verdict__checked-on")).to_contain_text(", today's date on this device.")
    assert TODAY.isoformat() in kept_record(page)


def test_a_check_date_in_the_future_is_flagged_and_judged_on_today(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is not Outcome.INCOMPLETE)
    answers = case.example_answers(policy, TODAY)
    fragment = make_fragment(answers, TODAY + dt.timedelta(days=30), content_hash(policy))
    reply = link_reply(policy, fragment, TODAY)
    (note,) = reply["link"]["notes"]
    assert "after today" in note

    page = context.new_page()
    page.goto(f"{base}{name}/check/#{fragment}")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__note")).to_have_text(note)
    expect(headline(page)).to_have_text(case.verdict.headline)
    assert TODAY.isoformat() in kept_record(page)


def test_a_link_dated_a_day_not_yet_begun_in_its_time_zone_is_flagged_on_the_page(context, site_server) -> None:
    """Dated a day after the one it is now at UTC-10:00, with tz=-10:00: changed, flagged and judged on today."""
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is not Outcome.INCOMPLETE)
    there = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=10)).date()
    fragment = make_fragment(case.example_answers(policy, TODAY), there + dt.timedelta(days=1), version_id(policy), "-10:00")
    page = context.new_page()
    page.goto(f"{base}{name}/check/#{fragment}")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__note")).to_contain_text("a day that had not yet begun there")
    expect(headline(page)).to_have_text(case.verdict.headline)


def test_the_copied_link_is_the_versioned_format(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[-1]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    answers = case.example_answers(policy, TODAY)
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    for question_id, value in answers.items():
        answer(page, policy, question_id, value)
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)

    link = page.locator(".policy-verdict__link").input_value()
    offset = page.evaluate(
        "() => { const m = -new Date().getTimezoneOffset(), a = Math.abs(m);"
        " return (m < 0 ? '-' : '+') + String(Math.floor(a / 60)).padStart(2, '0') + ':' + String(a % 60).padStart(2, '0'); }"
    )
    assert link == f"{base}{name}/check/#{make_fragment(answers, TODAY, version_id(policy), offset)}"
    assert link.split("#")[1].startswith(f"check:v=2&on={TODAY.isoformat()}&policy=")
    assert page.url == link, "the address bar holds the same answers"
    summary = page.locator(".policy-verdict__summary")
    if summary.count():  # the ticket summary, where filing can help, ends with the same link
        assert summary.input_value().endswith(f"Link: <{link}>")

    # Opened on the same day, the link shows the same verdict, with no "as checked" note.
    fresh = context.new_page()
    fresh.goto(link)
    expect(widget(fresh)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(headline(fresh)).to_have_text(case.verdict.headline)
    expect(fresh.locator(".policy-verdict__today")).to_have_count(0)
    # The page a link opens shows the check code of the customer's check (and of their summary).
    code = page.locator(".policy-verdict__code").inner_text()
    assert code.startswith("Check code: ")
    expect(fresh.locator(".policy-verdict__code")).to_have_text(code)
    if summary.count():
        assert code in summary.input_value()


def test_a_damaged_link_keeps_every_valid_answer_and_asks_the_damaged_one_again(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    answers = case.example_answers(policy, TODAY)
    choices = [q for q in answers if policy.question_index[q].type != "date"]
    damaged = choices[-1]
    kept = {q: v for q, v in answers.items() if list(answers).index(q) < list(answers).index(damaged)}
    cut = {**kept, damaged: answers[damaged][:-2], "no-such-question": "1"}
    page = context.new_page()
    page.goto(f"{base}{name}/check/#{make_fragment(cut, TODAY, content_hash(policy))}")
    field = page.locator(f"fieldset[data-question='{damaged}']")
    expect(field.locator(".policy-check__field-error")).to_contain_text("could not be used", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-check__status")).to_contain_text("There is a problem")
    for question, value in kept.items():
        chosen = page.locator(f"fieldset[data-question='{question}'] input[value='{value}']")
        if chosen.count():
            expect(chosen).to_be_checked()
        else:
            expect(page.locator(f"fieldset[data-question='{question}'] input[type='date']")).to_have_value(value)
    expect(field.locator("input:checked")).to_have_count(0)


def test_a_customer_ahead_in_time_and_an_agent_in_utc_see_the_same_check(browser, site_server) -> None:
    """Made in UTC+14 on the customer's today, opened at once by an agent in UTC, a day behind."""
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    their_today = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    case = next(c for c in cases(policy) if c.verdict.outcome is not Outcome.INCOMPLETE and len(c.answers) > 2)
    customer = browser.new_context(timezone_id="Pacific/Kiritimati")
    agent = browser.new_context(timezone_id="UTC")
    try:
        page = customer.new_page()
        page.goto(f"{base}{name}/check/")
        for question_id, value in case.example_answers(policy, their_today).items():
            answer(page, policy, question_id, value)
        expect(headline(page)).to_have_text(case.verdict.headline, timeout=READY_TIMEOUT_MS)
        link = page.locator(".policy-verdict__link").input_value()
        code = page.locator(".policy-verdict__code").inner_text()
        assert "tz=%2B14%3A00" in link
        opened = agent.new_page()
        opened.goto(link)
        expect(headline(opened)).to_have_text(case.verdict.headline, timeout=READY_TIMEOUT_MS)
        expect(opened.locator(".policy-verdict__code")).to_have_text(code)
        if their_today != dt.datetime.now(dt.UTC).date():
            checked_on = opened.locator(".policy-verdict__checked-on")
            expect(checked_on).to_contain_text(
                f"As checked on {human_date(their_today)} (UTC+14:00), under the policy of {human_date(policy.updated)}, "
                "as the link says."
            )
            # The customer's day is the later one: nothing to compare, and never an error.
            expect(checked_on.get_by_role("button", name="Check again for today")).to_have_count(0)
            expect(checked_on).not_to_contain_text("cannot be used")
    finally:
        customer.close()
        agent.close()


def test_a_query_string_before_the_fragment_is_never_carried_into_the_link_or_the_summary(context, site_server) -> None:
    """The query string is the sender's (the fragment too, but the checker reads that): the share link is the page's own address."""
    base, _ = site_server
    name = SITE_POLICIES[-1]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    fragment = make_fragment(case.example_answers(policy, TODAY), TODAY, version_id(policy))
    page = context.new_page()
    page.goto(f"{base}{name}/check/?note=Verdict%3A%20Supported#{fragment}")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    link = page.locator(".policy-verdict__link").input_value()
    assert link.startswith(f"{base}{name}/check/#check:v=2")
    summary = page.locator(".policy-verdict__summary")
    texts = [link, summary.input_value() if summary.count() else ""]
    assert not any("note=" in text or "Verdict%3A" in text for text in texts)


def test_the_form_shows_a_link_as_the_checker_reads_it(context, site_server) -> None:
    """'?issue=' is no question to the checker, so the form never pre-selects it; of two answers, the last counts."""
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    first = policy.questions[0]
    one, other = (option.id for option in first.extra_options[:2])
    page = context.new_page()
    page.goto(f"{base}{name}/check/#check:?{first.id}={one}&v=2&on={TODAY.isoformat()}", wait_until="domcontentloaded")
    field = page.locator(f"fieldset[data-question='{first.id}']")
    expect(field).to_be_attached()
    # Before the checker is ready, as after (read at once, not waited for: the checker would set it right).
    assert widget(page).get_attribute("data-state") == "loading"
    assert field.locator("input:checked").count() == 0
    expect(widget(page)).not_to_have_attribute("data-state", "loading", timeout=READY_TIMEOUT_MS)
    expect(field.locator("input:checked")).to_have_count(0)

    page = context.new_page()  # a new fragment on the same page is no new visit
    page.goto(f"{base}{name}/check/#check:v=2&on={TODAY.isoformat()}&{first.id}={one}&{first.id}={other}")
    field = page.locator(f"fieldset[data-question='{first.id}']")
    expect(field.locator(f"input[value='{other}']")).to_be_checked(timeout=READY_TIMEOUT_MS)
    expect(widget(page)).not_to_have_attribute("data-state", "loading", timeout=READY_TIMEOUT_MS)
    expect(field.locator(f"input[value='{other}']")).to_be_checked()


def test_a_link_of_150000_keys_gives_its_verdict_with_its_notes_never_150000(context, site_server) -> None:
    """A 1.4 MB link: read up to its limit by the page and the checker alike (bench/hostile_link.py times it)."""
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is not Outcome.INCOMPLETE)
    fragment = make_fragment(case.example_answers(policy, TODAY), TODAY, version_id(policy))
    page = context.new_page()
    page.goto(f"{base}{name}/check/#{fragment}&" + "&".join(f"k{i}=x" for i in range(150_000)))
    expect(headline(page)).to_have_text(case.verdict.headline, timeout=READY_TIMEOUT_MS)
    notes = page.locator(".policy-verdict__note")
    text = page.locator(".policy-check").inner_text()
    assert "only its first 32,768 are read" in text
    assert text.count("k1") <= 3  # the unknown keys are counted, a few named, never listed
    assert notes.count() <= 3


@pytest.mark.parametrize("outcome", [Outcome.SUPPORTED, Outcome.NOT_SUPPORTED])
def test_a_summary_the_page_made_survives_mail_for_the_agent(context, site_server, outcome: Outcome) -> None:
    """Issue 33: the page's own summary, quoted and re-wrapped by a mail client, reproduces in the terminal;
    a not-supported verdict gives one too, for a customer who writes in anyway."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from .test_summary_mail import mangled  # noqa: PLC0415

    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is outcome)
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    for question_id, value in case.example_answers(policy, TODAY).items():
        answer(page, policy, question_id, value)
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    made = page.locator(".policy-verdict__summary").input_value()
    link = made.rpartition("Link: <")[2].removesuffix(">")
    for form, mailed in {"as made": made, **mangled(made, link)}.items():
        result = subprocess.run(
            [sys.executable, "-m", "policy_core", "--policies", str(POLICY_DIR), "check", "--summary", "-"],
            input=mailed,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{form}: {result.stderr}"
        assert "The summary agrees with its link" in result.stdout, form
