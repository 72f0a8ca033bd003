"""The self-check without JavaScript: the decision tree, its page, and journeys with script turned off."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from policy_core import Case, Node, cases, decision_tree, load_policy
from policy_core.engine import DATE_CLASSES, DATE_TO_WRITE, path_handoff, question_flow
from policy_core.site.tree import render_tree

from .conftest import FIXTURES, POLICY_DIR, SITE_POLICIES
from .test_cli import ENGINE, run
from .test_page_budget import CONTEXT

Path_ = tuple[tuple[str, str], ...]


def leaves(node: Node, path: Path_ = ()) -> dict[Path_, Case]:
    found: dict[Path_, Case] = {}
    for branch in node.branches:
        step = (*path, (node.question.id, branch.option.id))
        if isinstance(branch.then, Node):
            found |= leaves(branch.then, step)
        else:
            found[step] = branch.then
    return found


@pytest.mark.parametrize("fixture", ["engine.yml", "time-rules.yml"])
def test_the_tree_holds_every_case_once_with_answers_in_the_policys_order(fixture: str) -> None:
    policy = load_policy(FIXTURES / fixture)
    tree = decision_tree(policy)
    assert tree.question.id == policy.questions[0].id
    assert leaves(tree) == {case.answers: case for case in cases(policy)}

    def in_policy_order(node: Node) -> None:
        order = [o.id for o in node.question.options]
        ids = [b.option.id for b in node.branches]
        assert ids == sorted(ids, key=order.index)
        for branch in node.branches:
            if isinstance(branch.then, Node):
                in_policy_order(branch.then)

    in_policy_order(tree)


class TreePage(HTMLParser):
    """Every path of a built tree page: the answers opened on the way, and the verdict reached."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []  # (tag, question or answer)
        self.question: list[str] = []
        self.path: list[tuple[str, str]] = []
        self.found: dict[Path_, dict] = {}
        self.verdict: dict | None = None
        self.in_headline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"br", "img", "input", "path"}:
            return
        mark = None
        if "data-question" in a:
            self.question.append(a["data-question"] or "")
            mark = "question"
        elif tag == "details" and "data-answer" in a:
            self.path.append((self.question[-1], a["data-answer"] or ""))
            mark = "answer"
        elif "data-outcome" in a:
            self.verdict = {"outcome": a["data-outcome"], "headline": "", "clauses": []}
            self.found[tuple(self.path)] = self.verdict
        elif tag == "strong" and self.verdict is not None and not self.verdict["headline"]:
            self.in_headline = True
        elif tag == "a" and self.verdict is not None and a.get("data-clause"):
            self.verdict["clauses"].append(a["data-clause"])
        self.stack.append((tag, mark))

    def handle_data(self, data: str) -> None:
        if self.in_headline and self.verdict is not None:
            self.verdict["headline"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "img", "input", "path"}:
            return
        self.in_headline = False
        while self.stack:
            open_tag, mark = self.stack.pop()
            if mark == "question":
                self.question.pop()
            elif mark == "answer":
                self.path.pop()
                self.verdict = None
            if open_tag == tag:
                break


@pytest.mark.site
@pytest.mark.parametrize("name", SITE_POLICIES)
def test_the_page_reaches_the_checkers_verdict_for_every_case(built_site: Path, name: str) -> None:
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    page = TreePage()
    page.feed((built_site / name / "questions" / "index.html").read_text(encoding="utf-8"))
    expected = {
        case.answers: {
            "outcome": case.verdict.outcome.value,
            "headline": case.verdict.headline,
            "clauses": [c.id for c in case.verdict.clauses],
        }
        for case in cases(policy)
    }
    assert page.found == expected


@pytest.mark.site
def test_date_questions_ask_what_holds_today_never_a_date(built_site: Path) -> None:
    for name in SITE_POLICIES:
        policy = load_policy(POLICY_DIR / f"{name}.yml")
        html = (built_site / name / "questions" / "index.html").read_text(encoding="utf-8")
        for question in policy.questions:
            for option in question.date_classes:
                rule = question.class_rule(option.id) or ""
                assert rule.split(" (")[0] in html or option.id not in html
        assert 'type="date"' not in html


@pytest.mark.browser
@pytest.mark.parametrize("name", SITE_POLICIES)
def test_without_javascript_the_check_page_leads_to_a_verdict(browser, site_server, name: str) -> None:
    """Script off: the check page hides its dead form and links to the tree, which reaches the verdict."""
    base, _ = site_server
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    case = max(cases(policy), key=lambda c: len(c.answers))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{base}{name}/check/")
        expect(page.locator(".policy-check__form")).to_be_hidden()
        page.get_by_role("link", name="answer the same questions step by step").click()
        scope = page.locator(f"#tree-{name}")
        for question, answer in case.answers:
            details = scope.locator(f":scope > [data-question='{question}'] > ul > li > details[data-answer='{answer}']")
            details.locator(":scope > summary").click()
            scope = details
        expect(scope.locator(":scope > .policy-tree__verdict .policy-tree__headline")).to_have_text(case.verdict.headline)
        verdict = scope.locator(":scope > .policy-tree__verdict")
        expect(verdict.locator(".policy-tree__quotes blockquote")).to_have_count(len(case.verdict.clauses))
        expect(verdict.locator("pre.policy-tree__summary")).to_be_visible()
        # Nothing reaches past the phone's width, the theme's header (its long page title) included.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
        # Another answer to the first question closes this path: one verdict open at a time.
        first, other = case.answers[0], next(o for o in policy.questions[0].options if o.id != case.answers[0][1])
        top = page.locator(f"#tree-{name} > [data-question='{first[0]}'] > ul > li > details")
        top.and_(page.locator(f"[data-answer='{other.id}']")).locator(":scope > summary").click()
        expect(verdict).to_be_hidden()
        expect(top.and_(page.locator(f"[data-answer='{first[1]}']"))).not_to_have_attribute("open", "")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", SITE_POLICIES)
def test_without_javascript_a_verdict_ends_in_a_link_and_summary_the_agent_reproduces(browser, site_server, name: str) -> None:
    """The step-by-step page's verdict of a path without dates gives a share link and a summary; the
    agent's ``check --link`` with that link, as the browser resolves it, gives the summary's check code."""
    base, _ = site_server
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    plain = [c for c in cases(policy) if not any(a in DATE_CLASSES for _, a in c.answers)]
    if not plain:
        pytest.skip(f"every path of {name} asks a date")  # content: a writer may make it so
    case = max(plain, key=lambda c: len(c.answers))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{base}{name}/questions/")
        scope = page.locator(f"#tree-{name}")
        for question, answer in case.answers:
            details = scope.locator(f":scope > [data-question='{question}'] > ul > li > details[data-answer='{answer}']")
            details.locator(":scope > summary").click()
            scope = details
        verdict = scope.locator(":scope > .policy-tree__verdict")
        link = verdict.get_by_role("link", name="this check with your answers")
        href = link.evaluate("a => a.href")  # absolute, as a customer copies it
        summary = verdict.locator("pre.policy-tree__summary").inner_text()
    finally:
        context.close()
    code = next(line for line in summary.splitlines() if line.startswith("Check code: ")).split(": ")[1]
    by_link = run("--policies", str(POLICY_DIR), "check", "--link", href)
    assert by_link.returncode == 0, by_link.stderr
    assert f"Check code: {code}" in by_link.stdout
    by_summary = run("--policies", str(POLICY_DIR), "check", "--summary", "-", stdin=summary)
    assert by_summary.returncode == 0, by_summary.stderr
    assert f"The summary agrees with its link (check code {code})." in by_summary.stdout


@pytest.mark.parametrize("fixture", ["engine.yml", "time-rules.yml"])
def test_each_path_hands_off_what_the_agents_tool_reproduces(fixture: str) -> None:
    """A path without dates: its link and summary reproduce with the same check code. A path with dates:
    its summary, with the dates written in, gives the path's verdict (issue 33, no-JavaScript hand-off)."""
    policy = load_policy(FIXTURES / fixture)
    page = f"https://support.example.com/{policy.id}/check/"
    with_dates = [c for c in cases(policy) if path_handoff(policy, c.answers, check_page=page).link is None]
    without = [c for c in cases(policy) if c not in with_dates]
    assert with_dates, "the fixture has paths with dates"
    assert without, "the fixture has paths without dates"
    for case in without[:3]:
        handoff = path_handoff(policy, case.answers, check_page=page)
        assert handoff.link is not None
        assert handoff.link.startswith(page + "#check:v=2&")
        code = next(line for line in handoff.summary.splitlines() if line.startswith("Check code: ")).split(": ")[1]
        by_link = run(*ENGINE, "check", "--link", handoff.link)
        assert by_link.returncode == 0, by_link.stderr
        assert f"Check code: {code}" in by_link.stdout
        assert case.verdict.headline in by_link.stdout
        by_summary = run(*ENGINE, "check", "--summary", "-", stdin=handoff.summary)
        assert by_summary.returncode == 0, by_summary.stderr
        assert f"The summary agrees with its link (check code {code})." in by_summary.stdout
    today = dt.date(2026, 6, 15)
    for case in with_dates[:4]:
        handoff = path_handoff(policy, case.answers, check_page=page)
        assert "Verdict:" not in handoff.summary, "nothing for the customer's dates to contradict"
        assert "Link:" not in handoff.summary
        dated = [q for q, a in case.answers if a in DATE_CLASSES]
        assert handoff.dates == tuple(policy.question_index[q].prompt for q in dated)
        raw = case.example_answers(policy, today)
        filled = handoff.summary
        for question, answer in case.answers:
            if answer in DATE_CLASSES:
                assert f"({question}={DATE_TO_WRITE})" in filled
                filled = filled.replace(f"({question}={DATE_TO_WRITE})", f"({question}={raw[question]})")
        result = run(*ENGINE, "check", "--summary", "-", "--today", today.isoformat(), "--json", stdin=filled)
        assert result.returncode == 0, result.stderr
        reply = json.loads(result.stdout)
        assert reply["verdict"]["headline"] == case.verdict.headline
        assert reply["summary_mismatch"] is None
        assert any("no link and no check date" in note for note in reply["summary_notes"])


def test_the_tree_names_the_date_it_was_asked_for() -> None:
    """Right below a date question's prompt, its answers say "that date": no "date given" the page never asked for."""
    policy = load_policy(FIXTURES / "time-rules.yml")
    html = etree.tostring(render_tree(policy, decision_tree(policy), CONTEXT), encoding="unicode")
    assert "that date)" in html
    assert "the date given" not in html


@pytest.mark.parametrize("fixture", ["engine.yml", "time-rules.yml", "terms/renewals.yml"])
def test_the_flow_asks_what_the_checker_asks_until_a_date(fixture: str) -> None:
    """Walking ``question_flow`` with a case's answers meets the case's questions in order; it stops at a
    date (marked, the checker classifies it) or where the answers decide (0, at the case's last answer)."""
    policy = load_policy(FIXTURES / fixture)
    flow = question_flow(decision_tree(policy))
    for case in cases(policy):
        node = flow
        for index, (question, answer) in enumerate(case.answers):
            assert node["q"] == question, f"{case.answers[:index]}: the flow asks {node['q']}, the checker {question}"
            if answer in DATE_CLASSES:
                assert node.get("date") == 1
                break
            node = node["a"][answer]
            if node == 0:
                assert index == len(case.answers) - 1, "the flow decided before the checker did"
                break
        else:
            raise AssertionError(f"{case.answers}: the flow asks on after the case was decided")
