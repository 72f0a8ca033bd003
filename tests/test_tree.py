"""The self-check without JavaScript: the decision tree, its page, and journeys with script turned off."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from policy_core import Case, Node, cases, decision_tree, load_policy

from .conftest import FIXTURES, POLICY_DIR, SITE_POLICIES

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
        # Nothing of the page's content reaches past the phone's width (the theme's header aside).
        right = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('.md-content *')].map(e => e.getBoundingClientRect().right))"
        )
        assert right <= 390, "no sideways scrolling on a phone"
    finally:
        context.close()
