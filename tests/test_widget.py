"""The self-check in headless Chromium: real clicks through the real site, every outcome of both policies."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from playwright.sync_api import Worker, expect

from policy_core import Outcome, cases, check_request, human_date, load_policy

from .browser_support import (
    ERROR_LIMIT_MS,
    READY_TIMEOUT_MS,
    answer,
    answer_case,
    clause_ids_on_page,
    wait_until_not_loading,
    widget,
)
from .conftest import POLICY_DIR, SITE_POLICIES
from .serving import STRICT_CSP, serve

pytestmark = pytest.mark.browser

TODAY = dt.date.today()  # the browser decides on its own clock, as a customer's does


def outcome_cases(name: str) -> list[tuple[str, int]]:
    """For each outcome, the longest case (the most clicks, dates included)."""
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    chosen = []
    for outcome in (Outcome.SUPPORTED, Outcome.REVIEW, Outcome.NOT_SUPPORTED):
        index, _ = max(
            ((i, c) for i, c in enumerate(cases(policy)) if c.verdict.outcome is outcome), key=lambda ic: len(ic[1].answers)
        )
        chosen.append((name, index))
    return chosen


@pytest.mark.parametrize(("name", "index"), [pair for name in SITE_POLICIES for pair in outcome_cases(name)])
def test_click_through_to_every_outcome(context, site_server, built_site: Path, name: str, index: int) -> None:
    base, _ = site_server
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = cases(policy)[index]
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    expect(page.locator("fieldset[data-question='issue']")).to_be_visible()
    answer_case(page, policy, case, TODAY)

    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline)
    links = page.locator(".policy-verdict__clause-link")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    # The clauses that require each action come first, then those that decide the outcome.
    expected = [c.id for action in case.verdict.actions for c in action.clauses] + [c.id for c in case.verdict.clauses]
    assert [href.split("#")[1] for href in hrefs] == expected
    expect(page.locator(".policy-verdict__actions-required > li")).to_have_count(len(case.verdict.actions))
    anchors = clause_ids_on_page(built_site / name / "index.html")
    for href in hrefs:
        assert urlparse(href).path == f"/{name}/"
        assert href.split("#")[1] in anchors
    # Questions that were not needed are not shown; the answers given are listed with a Change link.
    assert page.locator("fieldset[data-question]:visible").count() == len(case.answers)
    expect(page.locator(".policy-verdict__change")).to_have_count(len(case.answers))
    summary = page.locator(".policy-verdict__summary")
    if case.verdict.outcome is Outcome.NOT_SUPPORTED:
        # Filing cannot help: no filing, but the link to keep, and a summary for a customer who writes in anyway.
        expect(page.get_by_role("heading", name="File a ticket")).to_have_count(0)
        expect(page.get_by_role("button", name="Copy link to these answers")).to_be_visible()
        expect(page.get_by_role("button", name="Copy the summary")).to_be_visible()
        assert f"Verdict: {case.verdict.headline}" in summary.input_value()
        return
    expect(page.get_by_role("heading", name="File a ticket")).to_be_visible()
    text = summary.input_value()
    assert f"Verdict: {case.verdict.headline}" in text
    assert f"Checked on: {TODAY.isoformat()}" in text
    assert all(f"\n- {c.id}: " in text for c in case.verdict.clauses), "each deciding clause, with its words"


def test_questions_disappear_when_they_stop_mattering(context, site_server) -> None:
    base, _ = site_server
    policy = load_policy(POLICY_DIR / "interspire.yml")
    page = context.new_page()
    page.goto(f"{base}interspire/check/")
    answer(page, policy, "issue", "how-to")
    answer(page, policy, "purchased", (TODAY - dt.timedelta(days=800)).isoformat())
    renewal = page.locator("fieldset[data-question='renewal']")
    expect(renewal).to_be_visible()
    answer(page, policy, "renewal", "not-renewed")
    # Changing the purchase date to a recent one makes the renewal question moot: it goes away.
    answer(page, policy, "purchased", TODAY.isoformat())
    expect(renewal).to_be_hidden()
    expect(page.locator("fieldset[data-question='version']")).to_be_visible()


def test_share_link_restores_answers_and_verdict(context, site_server) -> None:
    base, _ = site_server
    answers = {"issue": "license-key", "forum": "no", "license-software": "outdated"}
    page = context.new_page()
    page.goto(f"{base}alurian/check/#check:{urlencode(answers)}")
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__headline")).to_have_text("Not supported")
    expect(page.locator("fieldset[data-question='license-software'] input[value='outdated']")).to_be_checked()
    # The copied link reproduces the same answers.
    assert "license-software=outdated" in page.locator(".policy-verdict__link").input_value()


def test_a_reload_mid_check_keeps_the_answers_and_the_next_question(context, site_server) -> None:
    """The address holds the answers as they are given: a reload (or a copied address) restores them."""
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    answers = list(case.example_answers(policy, TODAY).items())[:2]
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    for question_id, value in answers:
        answer(page, policy, question_id, value)
    following = case.answers[2][0]  # the question asked after these two
    expect(page.locator(f"fieldset[data-question='{following}']")).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(re.escape(f"{answers[1][0]}={answers[1][1]}")))
    page.reload()
    expect(page.locator(f"fieldset[data-question='{following}']")).to_be_visible(timeout=READY_TIMEOUT_MS)
    for question_id, value in answers:
        field = page.locator(f"fieldset[data-question='{question_id}']")
        chosen = field.locator(f"input[type='radio'][value='{value}']")
        if chosen.count():
            expect(chosen).to_be_checked()
        else:
            expect(field.locator("input[type='date']")).to_have_value(value)
    expect(page.locator(f"fieldset[data-question='{following}'] input").first).to_be_focused()


def test_a_verdict_prints_on_one_page_with_nothing_to_press(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = min((c for c in cases(policy) if c.verdict.outcome is Outcome.SUPPORTED), key=lambda c: len(c.answers))
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    answer_case(page, policy, case, TODAY)
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    page.emulate_media(media="print")
    assert page.locator(".md-content button:visible, .md-content input:visible, .md-content textarea:visible").count() == 0
    expect(page.locator(".policy-verdict__headline")).to_be_visible()
    expect(page.locator(".policy-verdict__answers")).to_be_visible()
    expect(page.locator(".policy-verdict__checked-on")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_back_from_a_cited_clause_returns_to_the_verdict(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    page = context.new_page()
    page.goto(f"{base}{name}/check/")
    answer_case(page, policy, case, TODAY)
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline, timeout=READY_TIMEOUT_MS)
    clause = page.locator(".policy-verdict__clause-link").first
    target = (clause.get_attribute("href") or "").split("#")[1]
    clause.click()
    expect(page.locator(f"[id='{target}']")).to_be_visible()
    page.go_back()
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline, timeout=READY_TIMEOUT_MS)
    assert page.locator("fieldset[data-question]:visible").count() == len(case.answers)


def test_garbled_link_shows_a_message_and_runs_nothing(context, site_server) -> None:
    base, _ = site_server
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = {"issue": "<img src=x onerror=alert(1)><script>window.pwned=1</script>", "bogus": "1"}
    page.goto(f"{base}interspire/check/#check:{urlencode(hostile)}")
    status = page.locator(".policy-check__status")
    expect(status).to_contain_text("could not be used", timeout=READY_TIMEOUT_MS)
    expect(widget(page)).to_have_attribute("data-state", "ready")
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(".policy-check img").count() == 0
    assert dialogs == []
    expect(page.locator("fieldset[data-question='issue']")).to_be_visible()


@pytest.mark.parametrize(
    ("how", "csp", "blocked", "kind", "reason"),
    [
        ("wasm missing", None, ("pyodide.asm.wasm",), "DownloadFailed", "could not be downloaded"),
        ("CSP without wasm-unsafe-eval", "default-src 'self'; script-src 'self'", (), "Blocked", "security settings"),
        ("worker missing", None, ("worker.js",), "WorkerError", "could not be loaded from this site"),
        ("engine wheel missing", None, (".whl",), "DownloadFailed", "could not be downloaded"),
    ],
)
def test_each_failure_has_its_own_message(  # noqa: PLR0917  (one row of the table above)
    context, built_site: Path, how: str, csp: str | None, blocked: tuple[str, ...], kind: str, reason: str
) -> None:
    with serve(built_site, csp=csp, blocked=blocked) as (base, _):
        page = context.new_page()
        started = time.monotonic()
        page.goto(f"{base}interspire/check/")
        error = page.locator(".policy-check[data-state='error']")
        error.wait_for(timeout=ERROR_LIMIT_MS)
        elapsed = time.monotonic() - started
        assert elapsed < ERROR_LIMIT_MS / 1000, how  # a failure is told at once, not after a deadline
        status = page.locator(".policy-check__status")
        expect(status).to_contain_text("The self-check is not available.")
        expect(widget(page)).to_have_attribute("data-error-kind", kind)
        expect(status).to_contain_text(reason)
        assert "Traceback" not in status.inner_text()
        expect(status.get_by_role("link", name="read the policy")).to_have_attribute("href", f"{base}interspire/")
        expect(status.get_by_role("link", name="the table of all cases")).to_have_attribute(
            "href", f"{base}interspire/cases/#cases-interspire"
        )
        # Trying again can help with a download, never with a browser or a site that forbids WebAssembly.
        expect(status.get_by_role("button", name="Try again")).to_have_count(0 if kind == "Blocked" else 1)


@pytest.mark.parametrize(
    ("kind", "script", "reason"),
    [
        ("NoWebAssembly", "delete window.WebAssembly;", "it needs WebAssembly"),
        # An older browser: its Worker ignores the `type` option.
        ("NoModuleWorkers", "window.Worker = class { constructor(url) { throw new Error(url); } };", "module workers"),
    ],
)
def test_a_browser_that_cannot_run_it_is_told_so_and_not_offered_a_retry(
    context, site_server, kind: str, script: str, reason: str
) -> None:
    base, _ = site_server
    page = context.new_page()
    page.add_init_script(script)
    page.goto(f"{base}interspire/check/")
    expect(widget(page)).to_have_attribute("data-error-kind", kind, timeout=READY_TIMEOUT_MS)
    status = page.locator(".policy-check__status")
    expect(status).to_contain_text("This browser cannot run the self-check")
    expect(status).to_contain_text(reason)
    expect(status.get_by_role("button", name="Try again")).to_have_count(0)


def test_a_checker_that_crashes_blames_the_site_and_offers_a_retry(context, built_site: Path) -> None:
    """A policy JSON of the right version that the engine cannot read: the checker itself fails."""
    compiled = json.loads((built_site / "interspire" / "policy.json").read_text(encoding="utf-8"))
    compiled["policy"] = {"id": "interspire"}
    with serve(built_site) as (base, _):
        page = context.new_page()
        page.route("**/interspire/policy.json", lambda route: route.fulfill(json=compiled))
        page.goto(f"{base}interspire/check/")
        expect(widget(page)).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT_MS)
        expect(widget(page)).to_have_attribute("data-error-kind", "PythonError")
        status = page.locator(".policy-check__status")
        expect(status).to_contain_text("an error of this site, not of your browser")
        assert "Traceback" not in status.inner_text()


def test_a_failed_download_keeps_the_answers_and_try_again_recovers(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = next(c for c in cases(policy) if len(c.answers) == 1)  # decided by the first question alone
    ((question, option),) = case.answers
    page = context.new_page()
    page.route("**/python_stdlib.zip", lambda route: route.abort("connectionreset"))
    page.goto(f"{base}{name}/check/")
    answer(page, policy, question, option)
    expect(widget(page)).to_have_attribute("data-error-kind", "DownloadFailed", timeout=READY_TIMEOUT_MS)
    expect(page.locator(f"fieldset[data-question='{question}'] input[value='{option}']")).to_be_checked()
    page.unroute("**/python_stdlib.zip")
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline, timeout=READY_TIMEOUT_MS)


def test_a_download_that_stalls_fails_as_stalled_once_nothing_arrives(context, site_server) -> None:
    """No deadline on a slow download: only silence (no byte for 20 s) counts as a failure."""
    base, _ = site_server
    page = context.new_page()
    page.route("**/python_stdlib.zip", lambda route: None)  # the request is never answered
    page.goto(f"{base}interspire/check/")
    page.wait_for_timeout(15_000)
    expect(widget(page)).to_have_attribute("data-state", "loading")  # still waiting, not given up
    expect(widget(page)).to_have_attribute("data-error-kind", "Stalled", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-check__status")).to_contain_text("nothing arrived")


def test_stale_policy_json_is_refused(context, built_site: Path) -> None:
    stale = (built_site / "interspire" / "policy.json").read_text(encoding="utf-8").replace('"hash":"', '"hash":"0', 1)
    with serve(built_site) as (base, _):
        page = context.new_page()
        page.route("**/interspire/policy.json", lambda route: route.fulfill(body=stale, content_type="application/json"))
        page.goto(f"{base}interspire/check/")
        expect(page.locator(".policy-check__status")).to_contain_text("Reload the page", timeout=READY_TIMEOUT_MS)
        expect(widget(page)).to_have_attribute("data-state", "error")


def test_strict_csp_and_no_request_leaves_the_machine(context, built_site: Path) -> None:
    violations: list[str] = []
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    with serve(built_site, csp=STRICT_CSP) as (base, _):
        page = context.new_page()
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        policy = load_policy(POLICY_DIR / "alurian.yml")
        for path in ("", "alurian/", "compare/", "alurian/check/"):
            page.goto(base + path)
        wait_until_not_loading(page)
        answer(page, policy, "issue", "how-to")
        answer(page, policy, "forum", "no")
        answer(page, policy, "purchased", TODAY.isoformat())
        answer(page, policy, "version", "older")
        answer(page, policy, "customized", "no")
        answer(page, policy, "data-modified", "no")
        answer(page, policy, "addons", "no")
        answer(page, policy, "environment", "supported")
        expect(page.locator(".policy-verdict__headline")).to_have_text(
            "Supported once you update to the latest stable release", timeout=READY_TIMEOUT_MS
        )
    assert violations == []
    assert urls
    outside = [url for url in urls if urlparse(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:"))]
    assert outside == []


def test_loading_starts_only_where_the_widget_is(context, site_server) -> None:
    """Pages without the widget start no checker; the home and policy pages only fetch its files ahead (test_prefetch.py)."""
    base, requests = site_server
    page = context.new_page()
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url) if "/policy-check-" in worker.url else None)
    for path in ("", "interspire/"):
        page.goto(base + path)
        page.wait_for_function("() => performance.getEntriesByName('policy-check:prefetched').length")
    start = len(requests)
    page.goto(f"{base}compare/")
    page.wait_for_load_state("networkidle")
    assert workers == []
    assert not [r for r in requests[start:] if "pyodide" in r or r.endswith("worker.js")]  # a page that leads to no check
    page.goto(f"{base}interspire/check/")
    wait_until_not_loading(page)
    assert [url for url in workers if url.endswith("/worker.js")]


def test_instant_navigation_boots_the_checker_once_for_every_check_page(context, site_server) -> None:
    base, _ = site_server
    page = context.new_page()
    workers: list = []
    closed: list = []

    def on_worker(worker: Worker) -> None:
        if "/policy-check-" in worker.url:
            workers.append(worker)
            worker.on("close", lambda w: closed.append(w))  # noqa: PLW0108  (Playwright cannot wrap a builtin method)

    page.on("worker", on_worker)
    page.goto(base)
    page.evaluate("() => { window.sameDocument = true; }")
    page.get_by_role("link", name="Interspire support policy").first.click()
    expect(page).to_have_url(f"{base}interspire/")
    page.get_by_role("link", name="Check whether your issue is supported").click()
    expect(page).to_have_url(f"{base}interspire/check/")
    assert page.evaluate("() => window.sameDocument") is True, "instant navigation reloaded the page"
    policy = load_policy(POLICY_DIR / "interspire.yml")
    answer(page, policy, "issue", "network")
    expect(page.locator(".policy-verdict__headline")).to_have_text("Not supported", timeout=READY_TIMEOUT_MS)
    assert len(workers) == 1

    page.get_by_role("link", name="Compare the policies").first.click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}compare/"))
    page.go_back()
    # The address kept the answers, so the page comes back with its verdict, without answering again.
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}interspire/check/#check:v=2&.*issue=network"))
    expect(page.locator(".policy-verdict__headline")).to_have_text("Not supported", timeout=READY_TIMEOUT_MS)
    # Another policy's check page: the same checker loads that policy too.
    other = next(name for name in SITE_POLICIES if name != "interspire")
    page.locator(f"a[href$='{other}/check/']").first.dispatch_event("click")
    expect(page).to_have_url(f"{base}{other}/check/")
    expect(page.locator(".policy-check")).to_have_attribute("data-state", re.compile("ready|verdict"), timeout=READY_TIMEOUT_MS)
    assert page.evaluate("() => window.sameDocument") is True
    assert len(workers) == 1, "Pyodide booted once for the whole visit"
    assert closed == [], "one checker, kept for the next check page, never a second one"


def test_a_page_that_arrives_in_parts_mounts_only_once_the_form_is_whole(context, built_site: Path) -> None:
    """On a slow link the parser stops mid-form: the widget waits for the whole block, then works."""
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    with serve(built_site, pause_after="</fieldset>") as (base, _):
        page = context.new_page()
        page.goto(f"{base}{name}/check/", wait_until="commit")
        page.wait_for_timeout(1500)  # inside the pause: the first question is parsed, the rest not yet
        during = page.evaluate(
            "() => [document.querySelectorAll('fieldset[data-question]').length,"
            " document.querySelector('.policy-check').dataset.state]"
        )
        assert during == [1, "static"], "not mounted on a half-parsed block"
        answer_case(page, policy, case, TODAY)
        expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
        expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline)


def conditional_case(policy):
    """A verdict supported once the customer acts, decided by two clauses of one section, after a date."""
    for case in cases(policy):
        sections = [clause.section for clause in case.verdict.clauses]
        dated = any(policy.question_index[q].type == "date" for q, _ in case.answers)
        if case.verdict.tone == "conditional" and len(set(sections)) < len(sections) and dated:
            return case
    raise AssertionError(f"{policy.id} has no such case")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_supported_once_the_customer_acts_has_a_colour_and_an_icon_of_its_own(context, site_server, scheme: str) -> None:
    """Issue 28: "Supported once you ..." was shown with plain support's green check, read as covered now."""
    base, _ = site_server
    policy = load_policy(POLICY_DIR / "interspire.yml")
    case = conditional_case(policy)
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base}interspire/check/")
    answer_case(page, policy, case, TODAY)
    box = page.locator(".policy-verdict")
    expect(box).to_have_attribute("data-tone", "conditional", timeout=READY_TIMEOUT_MS)
    expect(box).to_have_attribute("data-outcome", "supported")
    expect(box).to_have_class("policy-verdict policy-verdict--conditional")
    expect(box.locator(".policy-verdict__headline svg")).to_have_class("policy-icon policy-icon--conditional")
    seen = box.evaluate(
        """(box) => {
            const colour = (name) => {
                const probe = document.createElement("span");
                probe.style.color = `var(${name})`;
                box.append(probe);
                const value = getComputedStyle(probe).color;
                probe.remove();
                return value;
            };
            return {
                scheme: document.body.dataset.mdColorScheme,
                border: getComputedStyle(box).borderLeftColor,
                icon: getComputedStyle(box.querySelector(".policy-verdict__headline svg")).color,
                conditional: colour("--policy-conditional"),
                supported: colour("--policy-supported"),
            };
        }"""
    )
    assert seen["scheme"] == {"light": "default", "dark": "slate"}[scheme]
    assert seen["border"] == seen["icon"] == seen["conditional"]
    assert seen["conditional"] != seen["supported"]


def words(pieces: list) -> str:
    """The checker's pieces as the page's text holds them (the hidden words of a link included)."""
    return "".join(piece if isinstance(piece, str) else piece["text"] + piece["context"] for piece in pieces)


def test_each_clause_is_named_once_and_each_date_as_the_verdict_words_it(context, site_server) -> None:
    """Issue 28: two clauses of one section were both named by the section's title, in one sentence;
    dates showed in the browser's order (06/01/2025) beside a verdict that says "1 June 2026"."""
    base, _ = site_server
    policy = load_policy(POLICY_DIR / "interspire.yml")
    case = conditional_case(policy)
    answers = case.example_answers(policy, TODAY)
    reply = json.loads(check_request(policy, json.dumps({"answers": answers, "today": TODAY.isoformat()})))
    page = context.new_page()
    page.goto(f"{base}interspire/check/")
    answer_case(page, policy, case, TODAY)
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)

    links = page.locator(".policy-verdict__clause-link")
    targets: dict[str, set[str]] = {}
    for index in range(links.count()):
        link = links.nth(index)
        targets.setdefault(link.text_content() or "", set()).add((link.get_attribute("href") or "").partition("#")[2])
    assert {name: ids for name, ids in targets.items() if len(ids) > 1} == {}, "one name, one clause"
    for clause in case.verdict.clauses:
        source = page.get_by_role("link", name=reply["clause_names"][clause.id], exact=True).first
        expect(source).to_have_attribute("href", re.compile(f"#{re.escape(clause.id)}$"))
    because = page.locator(".policy-verdict__because")
    for index, action in enumerate(case.verdict.actions):
        expect(because.nth(index)).to_have_text(f"Because of the policy's {words(reply['because'][action.id])}.")

    dated = {
        q: v for q, v in answers.items() if policy.question_index[q].type == "date" and not policy.question_index[q].option(v)
    }
    assert dated
    given = page.locator(".policy-verdict__answers dd")
    for question_id, value in dated.items():
        said = human_date(dt.date.fromisoformat(value))
        field = page.locator(f"fieldset[data-question='{question_id}']")
        expect(field.locator(".policy-check__date-words")).to_have_text(f"That is {said}.")
        shown = given.nth(case.verdict.answered.index(question_id))
        expect(shown).to_contain_text(said)
        expect(shown).not_to_contain_text(value)


def answers_before_a_date(policy) -> tuple[dict[str, str], str]:
    """The answers that lead to a no-future date question (none of them dates), and that question."""
    dates = {q.id for q in policy.questions if q.type == "date" and q.no_future}
    for case in cases(policy):
        asked = [q for q, _ in case.answers]
        first_date = next((q for q in asked if q in dates), None)
        if first_date is not None:
            before = dict(case.answers[: asked.index(first_date)])
            return before, first_date
    raise AssertionError(f"{policy.id} asks no date that cannot be in the future")


class TestDates:
    """A date is checked once it is a date, bounded by today, and a mistake is said at the field."""

    policy = load_policy(POLICY_DIR / f"{SITE_POLICIES[0]}.yml")
    before, question = answers_before_a_date(policy)

    @pytest.fixture
    def page(self, context, site_server):
        base, _ = site_server
        page = context.new_page()
        page.goto(f"{base}{self.policy.id}/check/")
        wait_until_not_loading(page)
        for question_id, value in self.before.items():
            answer(page, self.policy, question_id, value)
        # The date question shows once the checker has answered the last of those answers.
        expect(page.locator(f"fieldset[data-question='{self.question}']")).to_be_visible(timeout=READY_TIMEOUT_MS)
        return page

    def fieldset(self, page):
        return page.locator(f"fieldset[data-question='{self.question}']")

    def test_the_picker_stops_at_today(self, page) -> None:
        expect(self.fieldset(page).locator("input[type='date']")).to_have_attribute("max", TODAY.isoformat())

    def test_a_future_date_is_explained_at_the_field_and_cleared_by_a_fix(self, page) -> None:
        field = self.fieldset(page).locator("input[type='date']")
        field.fill((TODAY + dt.timedelta(days=30)).isoformat())
        note = self.fieldset(page).locator(".policy-check__field-error")
        reason = f"The date must be today ({human_date(TODAY)}) or earlier."
        expect(note).to_have_text(reason)
        expect(field).to_have_attribute("aria-invalid", "true")
        assert note.get_attribute("id") in (field.get_attribute("aria-describedby") or "")
        # The error summary at the top leads to the field.
        status = page.locator(".policy-check__status")
        expect(status).to_have_text(f"There is a problem: {reason}")
        status.get_by_role("button", name=reason).click()
        expect(field).to_be_focused()
        field.fill(TODAY.isoformat())
        expect(note).to_have_count(0)
        expect(field).not_to_have_attribute("aria-invalid", "true")
        expect(status).not_to_contain_text("There is a problem")

    def test_the_field_says_which_day_today_is(self, page) -> None:
        field = self.fieldset(page).locator("input[type='date']")
        note = self.fieldset(page).locator(".policy-check__today")
        expect(note).to_contain_text(f"Today is {human_date(TODAY)} on this device")
        assert note.get_attribute("id") in (field.get_attribute("aria-describedby") or "").split()

    def test_typing_a_date_digit_by_digit_checks_it_once(self, page) -> None:
        """Each keystroke of a date makes Chromium report a new value; only the whole date counts."""
        page.evaluate(
            """() => {
                window.shown = 0;
                new MutationObserver((changes) => { window.shown += changes.length; })
                    .observe(document.querySelector('.policy-check__form'), {attributes: true, subtree: true, attributeFilter: ['hidden']});
            }"""
        )
        field = self.fieldset(page).locator("input[type='date']")
        field.focus()
        day = TODAY - dt.timedelta(days=3)
        # Chromium's date field in English takes month, day, then year.
        page.keyboard.type(f"{day:%m%d%Y}", delay=120)
        expect(field).to_have_value(day.isoformat())
        page.wait_for_timeout(1000)
        changed = page.evaluate("() => window.shown")
        assert changed <= 1, f"questions came and went {changed} times while the date was typed"
        expect(page.locator(".policy-check__field-error")).to_have_count(0)

    def test_the_date_given_is_said_in_words_once_the_checker_has_read_it(self, page) -> None:
        field = self.fieldset(page).locator("input[type='date']")
        said = self.fieldset(page).locator(".policy-check__date-words")
        day = TODAY - dt.timedelta(days=40)
        field.fill(day.isoformat())
        expect(said).to_have_text(f"That is {human_date(day)}.", timeout=READY_TIMEOUT_MS)
        # Read with the field, never announced by itself: described by it, and no live region.
        assert said.get_attribute("id") in (field.get_attribute("aria-describedby") or "").split()
        assert said.evaluate("(node) => node.closest('[aria-live], [role=status], [role=alert]')") is None
        # A date being changed loses its words until the checker has read the new one; a refused one gets none.
        field.fill("0002-01-10")
        expect(said).to_be_empty()
        field.fill((TODAY + dt.timedelta(days=30)).isoformat())
        expect(self.fieldset(page).locator(".policy-check__field-error")).to_be_visible()
        expect(said).to_be_empty()
        field.fill(day.isoformat())
        expect(said).to_have_text(f"That is {human_date(day)}.")

    def test_a_year_still_being_typed_is_not_checked(self, page) -> None:
        before = page.locator("fieldset[data-question]:visible").count()
        self.fieldset(page).locator("input[type='date']").fill("0002-01-10")  # after the first digit of a year
        page.wait_for_timeout(1000)
        assert page.locator("fieldset[data-question]:visible").count() == before
        expect(page.locator(".policy-check__field-error")).to_have_count(0)
