"""One file per policy: dropping `docs/policies/<id>.yml` in gives its pages, nav, card and column.

Built with the real `mkdocs build --strict` from copies of the project, with synthetic policies
from tests/fixtures, so the reference policies' content does not matter here.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from policy_core import Outcome, cases, load_policy
from policy_core.site.flow import flow_edges, render_flow
from policy_core.site.pages import place_in_nav, policy_nav

from .browser_support import READY_TIMEOUT_MS, answer_case
from .conftest import FIXTURES, SITE_POLICIES, copy_project, mkdocs
from .serving import serve
from .test_site_build import parse

pytestmark = pytest.mark.site


class _NavLinks(HTMLParser):
    """The links inside the theme's primary nav (which holds nested navs), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--primary" in (values.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth and values.get("href"):
            self.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def nav_links(page: Path) -> list[str]:
    parser = _NavLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture(scope="module")
def third_policy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site plus acme.yml, with no other edit."""
    project = copy_project(tmp_path_factory.mktemp("third-policy"))
    shutil.copy(FIXTURES / "acme.yml", project / "docs" / "policies" / "acme.yml")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_a_new_policy_gets_its_three_pages_and_its_json(third_policy_site: Path) -> None:
    assert "Acme support policy" in " ".join(parse(third_policy_site / "acme" / "index.html").text)
    check = parse(third_policy_site / "acme" / "check" / "index.html")
    assert "Check your issue against the Acme policy" in " ".join(check.text)
    assert "policy-check" in (third_policy_site / "acme" / "check" / "index.html").read_text(encoding="utf-8")
    assert (third_policy_site / "acme" / "cases" / "index.html").is_file()
    assert (third_policy_site / "acme" / "policy.json").is_file()
    flow = (third_policy_site / "acme" / "flow" / "index.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in flow
    assert 'href="#flow-acme-customized"' in flow


def test_a_new_policy_joins_the_nav_where_the_marker_is(third_policy_site: Path) -> None:
    links = nav_links(third_policy_site / "index.html")
    names = sorted({"acme", *SITE_POLICIES})
    policy_links = [link for link in links if link.rstrip("/").split("/")[0] in names]
    # Sorted by file name, each with its policy, check and cases pages, between Home and the comparison.
    expected = [f"{name}/{page}" for name in names for page in ("", "check/", "cases/", "history/", "flow/")]
    assert policy_links == expected
    assert links.index("compare/") > links.index(expected[-1])


def test_a_new_policy_has_a_card_and_a_comparison_column(third_policy_site: Path) -> None:
    home = parse(third_policy_site / "index.html")
    assert "Acme support policy" in " ".join(home.text)
    assert {"acme/", "acme/check/", "acme/cases/#cases-acme"} <= set(home.links)
    compare = (third_policy_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col">Acme</th>' in compare


def test_a_nav_without_the_marker_gets_the_policies_at_its_end(tmp_path: Path) -> None:
    """A page written by hand replacing a generated one: tests/test_writers_guide.py."""
    project = copy_project(tmp_path)
    shutil.copy(FIXTURES / "acme.yml", project / "docs" / "policies" / "acme.yml")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - policies/\n", ""), encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    links = nav_links(project / "site" / "index.html")
    assert links.index("compare/") < links.index("acme/"), "appended after the site's own entries"
    assert links.count("acme/check/") == 1


def test_only_id_yml_files_are_policies_and_no_source_is_published(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    folder = project / "docs" / "policies"
    extra = (FIXTURES / "acme.yml").read_text(encoding="utf-8").replace("id: acme", "id: extra")
    (folder / "extra.yaml").write_text(extra, encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "extra.yml").write_text(extra, encoding="utf-8")
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    for stray in ("extra.yaml", "drafts/extra.yml"):
        assert f"docs/policies/{stray} is not read as a policy (only <id>.yml files directly in docs/policies/ are)" in (
            result.stderr
        )
    site = project / "site"
    assert not (site / "extra").exists()
    assert not [p for p in site.rglob("*") if p.suffix in {".yml", ".yaml"}]
    assert mkdocs(project, "build", "--strict").returncode == 1, "a strict build stops on the warning"


def test_the_comparison_lines_up_by_topic_and_says_where_texts_differ(tmp_path: Path) -> None:
    """Two synthetic policies: the same text (but for the vendor's name and punctuation) reads "Both";
    clauses of one topic share a row, marked "Differs" with the differing words marked."""
    project = copy_project(tmp_path)
    folder = project / "docs" / "policies"
    shutil.rmtree(folder)
    folder.mkdir()
    acme = (FIXTURES / "acme.yml").read_text(encoding="utf-8")
    acme = acme.replace("text: How-to questions about Acme Widgets.", "text: How-to questions about Acme products")
    acme = acme.replace(
        "text: Widgets whose code was changed.", "text: Widgets whose code was changed.\n        topic: changed-code"
    )
    (folder / "acme.yml").write_text(acme, encoding="utf-8")
    engine = (FIXTURES / "engine.yml").read_text(encoding="utf-8")
    engine = engine.replace("text: How-to questions.", "text: How-to questions about Northwind products.")
    engine = engine.replace(
        "      - id: outside\n        text: Software outside the product.",
        "      - id: outside\n        text: Software outside the product.\n"
        "      - id: own-changes\n        text: Widgets whose code you changed yourself.\n        topic: changed-code",
    )
    (folder / "engine.yml").write_text(engine, encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "compare" / "index.html").read_text(encoding="utf-8")
    assert html.count(">Both<") == 1  # supported.how-to
    assert html.count(">Differs<") == 1  # the changed-code topic
    assert html.count(">Only Acme<") == 0
    assert html.count(">Only Northwind<") == 9  # three terms, two supported, four not supported
    row = html[html.index(">Differs<") : html.index("</tr>", html.index(">Differs<"))]
    assert "<mark>was</mark>" in row
    assert "<mark>you</mark>" in row
    assert "<mark>yourself.</mark>" in row
    assert "Customers of a reseller get support from the reseller." in html


@pytest.fixture(scope="module")
def policies():
    return [load_policy(FIXTURES / f"{name}.yml") for name in ("acme", "engine")]


class TestPlaceInNav:
    """`place_in_nav` on explicit navs, without a build."""

    def test_a_titled_marker_becomes_a_section_of_sections(self, policies) -> None:
        nav = [{"Home": "index.md"}, {"Support": [{"Policies": "policies/"}, {"FAQ": "faq.md"}]}]
        placed = place_in_nav(nav, policies)
        assert placed[1]["Support"][0] == {"Policies": policy_nav(policies)}
        assert placed[1]["Support"][1] == {"FAQ": "faq.md"}
        assert policy_nav(policies)[0] == {
            "Acme": [
                {"Policy": "acme/index.md"},
                {"Check your issue": "acme/check.md"},
                {"All cases": "acme/cases.md"},
                {"Version history": "acme/history.md"},
                {"Question flow": "acme/flow.md"},
            ]
        }

    def test_a_policy_the_writer_placed_by_hand_is_left_there(self, policies) -> None:
        nav = [{"Widgets": [{"Our policy": "acme/index.md"}]}, "policies/"]
        assert place_in_nav(nav, policies) == [nav[0], *policy_nav(policies[1:])]


class TestFlow:
    """The question flow is drawn from the cases: what follows each answer."""

    def test_each_answer_leads_where_the_cases_go(self) -> None:
        policy = load_policy(FIXTURES / "engine.yml")
        edges = flow_edges(cases(policy))
        assert edges[("issue", "outside")] == ["=not-supported"]
        assert edges[("issue", "how-to")] == ["release"]
        assert edges[("issue", "defect")] == ["plugin"]
        assert edges[("purchased", "after")] == ["renewal"]
        assert edges[("renewal", "not-renewed")] == ["filer"]
        assert set(edges[("filer", "customer")]) == {"=supported", "=review"}
        answers = {(q.id, o.id) for q in policy.questions for o in q.options}
        assert set(edges) == answers, "every answer is reached (the proofs guarantee it)"

    def test_the_picture_links_each_answer_to_the_next_question(self) -> None:
        policy = load_policy(FIXTURES / "engine.yml")
        svg = etree.tostring(render_flow(policy, cases(policy)), encoding="unicode")
        assert 'id="flow-engine-release"' in svg
        assert '<a href="#flow-engine-release"><tspan>→ 3. Which release do you run?</tspan></a>' in svg
        assert "→ not supported" in svg
        assert " · +reseller-files" in svg


@pytest.mark.browser
def test_a_policy_with_a_filing_channel_offers_it_with_the_summary(context, third_policy_site: Path) -> None:
    """acme.yml files by email: "File a ticket" opens a mail whose body is the ticket summary."""
    policy = load_policy(FIXTURES / "acme.yml")
    case = next(c for c in cases(policy) if c.verdict.outcome is Outcome.SUPPORTED)
    with serve(third_policy_site) as (base, _):
        page = context.new_page()
        page.goto(f"{base}acme/check/")
        answer_case(page, policy, case, dt.date.today())
        link = page.get_by_role("link", name="File a ticket")
        expect(link).to_be_visible(timeout=READY_TIMEOUT_MS)
        href = urlsplit(link.get_attribute("href") or "")
        assert (href.scheme, href.path) == ("mailto", "support@acme.example")
        assert parse_qs(href.query)["body"] == [page.locator(".policy-verdict__summary").input_value()]
        expect(page.locator(".policy-verdict__share")).to_contain_text("Opens an email to support@acme.example")


def build_with_acme_edited(tmp_path: Path, old: str, new: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The reference site plus acme.yml with one text changed, built with --strict."""
    project = copy_project(tmp_path)
    text = (FIXTURES / "acme.yml").read_text(encoding="utf-8")
    assert old in text
    (project / "docs" / "policies" / "acme.yml").write_text(text.replace(old, new), encoding="utf-8")
    return project, mkdocs(project, "build", "--strict")


def test_links_from_policy_text_to_site_pages_are_rewritten_for_each_page(tmp_path: Path) -> None:
    project, result = build_with_acme_edited(
        tmp_path,
        "text: How-to questions about Acme Widgets.",
        "text: How-to questions; see [the guide](../writers-guide.md#errors).",
    )
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert 'href="../writers-guide/#errors"' in (site / "acme" / "index.html").read_text(encoding="utf-8")
    quoted = json.loads((site / "acme" / "policy.json").read_text(encoding="utf-8"))["html"]["clauses"]["supported.how-to"]
    assert 'href="../../writers-guide/#errors"' in quoted, "the widget quotes it on the check page"


def test_a_link_from_policy_text_to_no_page_fails_the_build_at_its_line(tmp_path: Path) -> None:
    _, result = build_with_acme_edited(
        tmp_path, "text: Widgets whose code was changed.", "text: Widgets whose code was changed ([why](../no-such-page.md))."
    )
    assert result.returncode != 0
    assert (
        "docs/policies/acme.yml:26:53: the link '../no-such-page.md' leads to no-such-page.md, which is not a page of this site"
        in result.stderr
    )
