"""One file per policy: dropping `docs/policies/<id>.yml` in gives its pages, nav, card and column.

Built with the real `mkdocs build --strict` from copies of the project, with synthetic policies
from tests/fixtures, so the reference policies' content does not matter here.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import json
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as etree
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from policy_core import Outcome, cases, check_request, load_policy
from policy_core.authoring._source import read_policy_text
from policy_core.engine import cited_clauses, clause_name
from policy_core.site.compare import render_comparison
from policy_core.site.flow import flow_edges, render_flow
from policy_core.site.pages import place_in_nav, policy_nav
from policy_core.site.render import Context
from policy_core.site.text import render_text

from .browser_support import READY_TIMEOUT_MS, answer_case
from .conftest import FIXTURES, POLICY_DIR, ROOT, SITE_POLICIES, copy_project, mkdocs
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


# Issue 28: what the pages say must not be misread (a verdict's tone, a clause's name, facts not stated).

ENTITLED = """\
  - id: entitled
    title: Who is entitled to support
    kind: terms
    clauses:
      - id: buyers
        text: Customers who bought Acme Widgets from Acme.
      - id: six-months
        text: Support runs for 6 months from the date of purchase.
      - id: new-license
        text: After that, support needs a new license.
"""


def acme_entitled() -> str:
    """acme.yml with a section of three terms, whose clauses 2 and 3 require its action (buy a new license)."""
    text = (FIXTURES / "acme.yml").read_text(encoding="utf-8")
    for old, new in (
        ("actions:\n", ENTITLED + "actions:\n"),
        (
            "      actions: [new-license]\n      clauses: [supported.how-to]\n",
            "      actions: [new-license]\n      clauses: [entitled.six-months, entitled.new-license]\n",
        ),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def entitled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site plus acme.yml whose action is required by two clauses of one section."""
    project = copy_project(tmp_path_factory.mktemp("entitled"))
    (project / "docs" / "policies" / "acme.yml").write_text(acme_entitled(), encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


class _Tones(HTMLParser):
    """Each element with a ``data-tone``: its outcome, tone and classes, and the icon that follows it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = values.get("class", "")
        if "data-tone" in values:
            self.found.append({"outcome": values.get("data-outcome", ""), "tone": values["data-tone"], "class": "", "icon": ""})
        if not self.found:
            return
        last = self.found[-1]
        if "__verdict " in f"{classes} " and not last["class"]:  # the row's verdict cell, or the tree's verdict itself
            last["class"] = classes
        if classes.startswith("policy-icon ") and not last["icon"]:
            last["icon"] = classes


def tones(path: Path) -> list[dict[str, str]]:
    parser = _Tones()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


@pytest.mark.parametrize("page", ["cases", "questions"])
def test_a_verdict_supported_once_the_customer_acts_has_its_own_tone_and_icon(entitled_site: Path, page: str) -> None:
    policy = read_policy_text(acme_entitled(), "acme.yml")
    found = tones(entitled_site / "acme" / page / "index.html")
    assert Counter((f["outcome"], f["tone"]) for f in found) == Counter(
        (c.verdict.outcome.value, c.verdict.tone) for c in cases(policy)
    )
    assert ("supported", "conditional") in {(f["outcome"], f["tone"]) for f in found}
    for item in found:
        # data-outcome keeps meaning the outcome; the colour (class) and the icon follow the tone.
        assert f"{item['class'].split()[0]}--{item['tone']}" in item["class"].split(), item
        assert item["icon"] == f"policy-icon policy-icon--{item['tone']}", item


def _srgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB (D65), where a distance of about 10 is a difference anyone sees at a glance."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_conditional_colour_stands_apart_and_reads_in_both_schemes() -> None:
    """Its own colour in each scheme, far from the other verdicts', with 4.5:1 on the page (icons need 3:1)."""
    css = (ROOT / "policy_core" / "site" / "policy.css").read_text(encoding="utf-8")
    light_block = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    dark_block = css[css.index('[data-md-color-scheme="slate"] {') :]
    dark_block = dark_block[: dark_block.index("}")]
    # Material's page backgrounds: white, and slate's hsl(225deg 15% 14%).
    backgrounds = {"light": (1.0, 1.0, 1.0), "dark": colorsys.hls_to_rgb(225 / 360, 0.14, 0.15)}
    for scheme, block in (("light", light_block), ("dark", dark_block)):
        colours = dict(re.findall(r"--policy-([a-z-]+):\s*(#[0-9a-f]{6})", block))
        conditional = _srgb(colours["conditional"])
        assert _contrast(conditional, backgrounds[scheme]) >= 4.5, scheme
        for other in ("supported", "review", "not-supported"):
            distance = math.dist(_lab(conditional), _lab(_srgb(colours[other])))
            assert distance >= 30, f"{scheme}: conditional too close to {other} ({distance:.0f})"


class _ClauseLinks(HTMLParser):
    """Every link to a clause (``data-clause``): its whole name, hidden words included, and its target."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and "data-clause" in values:
            self._open, self._href = [], values.get("href", "")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append(("".join(self._open), self._href))
            self._open = None


@pytest.mark.parametrize("name", ["acme", *SITE_POLICIES])
def test_links_to_clauses_name_each_clause_once_and_one_name_leads_to_one_clause(entitled_site: Path, name: str) -> None:
    """WCAG 2.4.4: two links with one name go to one place. The reference policies decide some verdicts
    by two clauses of one section; the page once named both by the section's title."""
    parser = _ClauseLinks()
    parser.feed((entitled_site / name / "questions" / "index.html").read_text(encoding="utf-8"))
    assert parser.links
    targets: dict[str, set[str]] = {}
    for text, href in parser.links:
        targets.setdefault(text, set()).add(href.partition("#")[2])
    assert {text: hrefs for text, hrefs in targets.items() if len(hrefs) > 1} == {}


def test_a_verdict_names_two_clauses_of_one_section_by_their_places(entitled_site: Path) -> None:
    html = (entitled_site / "interspire" / "questions" / "index.html").read_text(encoding="utf-8")
    # Two clauses of "What is Supported?" decide a product error: one title, then each clause by its place.
    product_error = (
        "Decided by the policy's "
        '<a data-clause="supported.runtime-errors" href="../#supported.runtime-errors">“What is Supported?” clause 7</a> and '
        '<a data-clause="supported.product-defects" href="../#supported.product-defects">clause 3'
        '<span class="policy-visually-hidden"> of “What is Supported?”</span></a>'
    )
    assert product_error in html


def test_no_two_clauses_share_a_name() -> None:
    """The tree page and the widget name clauses with one function (engine.clause_name): each name is one clause's."""
    policies = [load_policy(path) for path in (*POLICY_DIR.glob("*.yml"), FIXTURES / "acme.yml", FIXTURES / "engine.yml")]
    policies.append(read_policy_text(acme_entitled(), "acme.yml"))
    for policy in policies:
        names = {clause_name(policy, clause) for clause in policy.clauses.values()}
        assert len(names) == len(policy.clauses), f"{policy.id}: two clauses share a name"


def words(pieces: list) -> str:
    """The pieces as a screen reader reads them: every link's words, hidden ones included."""
    return "".join(p if isinstance(p, str) else p["text"] + p["context"] for p in pieces)


def test_the_checker_groups_clauses_of_one_section() -> None:
    policy = read_policy_text(acme_entitled(), "acme.yml")
    answers = {"issue": "how-to", "customized": "no", "purchased": "2025-06-01"}
    reply = json.loads(check_request(policy, json.dumps({"answers": answers, "today": "2026-06-15"})))
    assert reply["verdict"]["tone"] == "conditional"
    because = reply["because"]["new-license"]
    assert words(because) == "“Who is entitled to support” clause 2 and clause 3 of “Who is entitled to support”"
    assert [p["text"] for p in because if isinstance(p, dict)] == ["“Who is entitled to support” clause 2", "clause 3"]
    assert reply["clause_names"] == {
        "entitled.six-months": "“Who is entitled to support” clause 2",
        "entitled.new-license": "“Who is entitled to support” clause 3",
        "supported.how-to": "“What we support” clause",
    }
    clauses = policy.clauses
    mixed = cited_clauses(policy, [clauses["entitled.six-months"], clauses["supported.how-to"], clauses["entitled.buyers"]])
    assert words(mixed) == (
        "“Who is entitled to support” clause 2 and clause 1 of “Who is entitled to support”, and “What we support” clause"
    )


def test_a_fact_the_policy_does_not_state_has_no_row(built_site: Path) -> None:
    """Alurian states no partner rule: its box has no Partners row; the comparison gives it a dash, said as "not stated"."""
    interspire = load_policy(POLICY_DIR / "interspire.yml")
    alurian = load_policy(POLICY_DIR / "alurian.yml")
    assert alurian.summary.partners is None
    assert interspire.summary.partners
    assert "<dt>Partners</dt>" not in (built_site / "alurian" / "index.html").read_text(encoding="utf-8")
    assert f"<dt>Partners</dt>\n<dd>{interspire.summary.partners}</dd>" in (built_site / "interspire" / "index.html").read_text(
        encoding="utf-8"
    )
    compare = (built_site / "compare" / "index.html").read_text(encoding="utf-8")
    row = compare[compare.index('<th scope="row">Partners</th>') :]
    row = row[: row.index("</tr>")]
    cells = {
        policy.id: f"<td>{policy.summary.partners}</td>"
        if policy.summary.partners
        else '<td class="policy-compare__absent">—<span class="policy-visually-hidden"> not stated</span></td>'
        for policy in (interspire, alurian)
    }
    order = [load_policy(POLICY_DIR / f"{name}.yml") for name in SITE_POLICIES]
    assert row.split("</th>", 1)[1].strip().split("\n") == [cells[p.id] for p in order]
    assert "No partner rule" not in compare


CONTEXT = Context(
    markdown=render_text,
    policy_url=lambda ident, fragment: f"../{ident}/#{fragment}",
    check_url=lambda ident: f"../{ident}/check/",
    cases_url=lambda ident: f"../{ident}/cases/",
    tree_url=lambda ident: f"../{ident}/questions/",
    history_url=lambda ident: f"../{ident}/history/",
    version_url=lambda ident, version: f"../{ident}/versions/{version}/",
)


def test_a_fact_no_policy_states_has_no_row_in_the_comparison() -> None:
    policies = [load_policy(FIXTURES / name) for name in ("acme.yml", "minimal.yml")]
    assert all(p.summary.partners is None for p in policies)
    html = etree.tostring(render_comparison(policies, CONTEXT), encoding="unicode")
    assert "Partners" not in html
    assert '<th scope="row">Who can file</th>' in html


@pytest.mark.browser
def test_the_widget_names_two_clauses_of_one_section_once(context, entitled_site: Path) -> None:
    """The trial's sentence: "Because of the policy's Who is entitled to support, Who is entitled to support clause"."""
    policy = read_policy_text(acme_entitled(), "acme.yml")
    case = next(c for c in cases(policy) if c.verdict.tone == "conditional")
    with serve(entitled_site) as (base, _):
        page = context.new_page()
        page.goto(f"{base}acme/check/")
        answer_case(page, policy, case, dt.date.today())
        expect(page.locator(".policy-verdict")).to_have_attribute("data-tone", "conditional", timeout=READY_TIMEOUT_MS)
        because = page.locator(".policy-verdict__because")
        expect(because).to_have_text(
            "Because of the policy's “Who is entitled to support” clause 2 and clause 3 of “Who is entitled to support”."
        )
        # The section's title is said once; the second link is "clause 3" to the eye, and whole to a screen reader.
        first = because.get_by_role("link", name="“Who is entitled to support” clause 2", exact=True)
        expect(first).to_have_attribute("href", re.compile(r"#entitled\.six-months$"))
        second = because.get_by_role("link", name="clause 3 of “Who is entitled to support”", exact=True)
        expect(second).to_have_attribute("href", re.compile(r"#entitled\.new-license$"))
        expect(second.locator(".policy-visually-hidden")).to_have_text(" of “Who is entitled to support”")
