"""The generated pages are bounded: each is estimated before it is written, and a policy past the limit is refused at its spot."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import pytest

from policy_core import InvalidPolicyError, cases, decision_tree, load_policy
from policy_core.cli import main
from policy_core.site.budget import MAX_PAGE_BYTES, cases_page_bytes, tree_page_bytes
from policy_core.site.render import Context
from policy_core.site.tables import render_cases
from policy_core.site.text import render_text
from policy_core.site.tree import render_tree

from .conftest import FIXTURES, mkdocs
from .project import copy_project

CONTEXT = Context(
    markdown=render_text,
    policy_url=lambda ident, fragment: f"../../{ident}/#{fragment}",
    check_url=lambda ident: f"../../{ident}/check/",
    cases_url=lambda ident: f"../../{ident}/cases/",
    tree_url=lambda ident: f"../../{ident}/questions/",
    history_url=lambda ident: f"../../{ident}/history/",
    version_url=lambda ident, version: f"../../{ident}/versions/{version}/",
)
VALID_FIXTURES = ("acme.yml", "minimal.yml", "time-rules.yml")


def rendered_bytes(element: etree.Element) -> int:
    return len(etree.tostring(element, encoding="utf-8"))


@pytest.mark.parametrize("name", VALID_FIXTURES)
def test_the_estimates_are_above_the_real_pages_and_close_to_them(name: str) -> None:
    policy = load_policy(FIXTURES / name)
    found, tree = cases(policy), decision_tree(policy)
    for estimate, real in (
        (cases_page_bytes(policy, found), rendered_bytes(render_cases(policy, found, CONTEXT))),
        (tree_page_bytes(tree), rendered_bytes(render_tree(policy, tree, CONTEXT))),
    ):
        assert real <= estimate <= 1.6 * real


def wide_policy(questions: int) -> str:
    """After a first question, ``questions`` that do not depend on each other, each with an answer adding an action: 2**n cases."""
    lines = [
        "format: 2",
        "id: wide",
        "title: Wide support policy",
        "vendor: Example",
        "product: Example App",
        "updated: 2026-01-31",
        "summary: {period: 1 year, renewal: Not renewable, channel: Email, eligibility: Everyone}",
        "sections:",
        "  - {id: supported, title: What is supported, kind: supported, clauses: [{id: app, text: The app.}]}",
        "  - {id: not-supported, title: What is not, kind: not-supported, clauses: [{id: other, text: Anything else.}]}",
        "actions:",
        *[f"  - {{id: act-{i}, text: Do thing {i} first.}}" for i in range(questions)],
        "questions:",
        "  - id: about",
        "    prompt: What is it about?",
        "    options:",
        "      - {id: app, label: The app, clauses: [supported.app]}",
        "      - {id: other, label: Something else, outcome: not-supported, clauses: [not-supported.other]}",
    ]
    for i in range(questions):
        lines += [
            f"  - id: q-{i}",
            f"    prompt: Is thing {i} set up?",
            "    options:",
            "      - {id: 'yes', label: 'Yes', clauses: [supported.app]}",
            f"      - {{id: 'no', label: 'No', clauses: [supported.app], actions: [act-{i}]}}",
        ]
    lines += ["next-steps:", "  supported: [Write to us.]", "  not-supported: [Ask someone else.]", ""]
    return "\n".join(lines)


@pytest.mark.site
def test_a_policy_whose_pages_would_pass_the_limit_stops_the_build_at_its_questions(tmp_path: Path) -> None:
    """13 questions that matter together: 8,192 cases, an all-cases page of about 20 MB before any is written."""
    project = copy_project(tmp_path / "project")
    text = wide_policy(13)
    (project / "docs" / "policies" / "wide.yml").write_text(text, encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    line = text.splitlines().index("questions:") + 1
    spot = f"docs/policies/wide.yml:{line}:1: its all-cases page would be about "
    assert spot in result.stderr, result.stderr[-3000:]
    assert "(8,193 cases x about" in result.stderr
    assert f"at most {MAX_PAGE_BYTES // 1_000_000} MB" in result.stderr
    assert not (project / "site" / "wide").exists()


def test_a_policy_within_the_limit_is_published_whole() -> None:
    """Ten such questions: 1,024 cases, pages of about 2 MB: under the limit."""
    from policy_core.authoring import parse_policy_text, policy_from_data  # noqa: PLC0415

    data, positions = parse_policy_text(wide_policy(10), "wide.yml")
    policy = policy_from_data(data, path="wide.yml", locate=positions)
    found = cases(policy)
    assert len(found) == 1_025  # and the one that ends at the first question
    assert cases_page_bytes(policy, found) < MAX_PAGE_BYTES
    assert tree_page_bytes(decision_tree(policy)) < MAX_PAGE_BYTES


def test_a_policy_where_no_answer_matters_is_refused_in_words_not_a_traceback(tmp_path: Path) -> None:
    """Every answer 'supported' with its own clause: the checker decides before any question (this once raised IndexError)."""
    text = wide_policy(2).replace(", actions: [act-0]", "").replace(", actions: [act-1]", "")
    text = text.replace("outcome: not-supported, clauses: [not-supported.other]", "clauses: [supported.app]")
    path = tmp_path / "wide.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    assert [str(error).removeprefix(f"{path}:") for error in caught.value.errors][:2] == [
        "14:1: every customer gets a 'supported' verdict that cites no clause, before any question is asked: "
        "no answer changes the verdict; give some answers an outcome or an action",
        "15:5: no case asks question 'about': none of its answers can change a verdict "
        "(give an answer an outcome or an action, or remove the question)",
    ]


def test_validate_refuses_what_the_site_would_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The writer's check and the build agree: `policy-core validate` applies the same page budget."""
    path = tmp_path / "wide.yml"
    text = wide_policy(13)
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    line = text.splitlines().index("questions:") + 1
    said = capsys.readouterr().err.splitlines()
    assert said[0].startswith(f"{path}:{line}:1: its all-cases page would be about 19 MB (8,193 cases x about 2.3 KB each)")
    assert said[1].startswith(f"{path}:{line}:1: its questions page would be about ")
    path.write_text(wide_policy(10), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
