"""The real site, built with `mkdocs build --strict`: pages, anchors, JSON, seeds, and nothing external."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest

from policy_core import load_compiled, load_policy

from .conftest import POLICY_DIR, SITE_POLICIES, copy_project, mkdocs
from .test_seeds import SEED_FILES, seed_sentences

pytestmark = pytest.mark.site


class _Page(HTMLParser):
    """Collects ids, visible text, and every URL the page would fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.fetched: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and values.get("src"):
            self.fetched.append(values["src"])
        fetched_rels = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}
        if tag == "link" and values.get("href") and fetched_rels & set(values.get("rel", "").split()):
            self.fetched.append(values["href"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_pages_exist(built_site: Path) -> None:
    for page in ("index.html", "compare/index.html", "writers-guide/index.html"):
        assert (built_site / page).is_file(), page
    for name in SITE_POLICIES:
        assert (built_site / name / "index.html").is_file()
        assert (built_site / name / "check" / "index.html").is_file()
        assert (built_site / name / "cases" / "index.html").is_file()


def test_policy_sources_are_not_published(built_site: Path) -> None:
    assert not list(built_site.rglob("*.yml"))


@pytest.mark.parametrize("name", SITE_POLICIES)
def test_compiled_policy_json(built_site: Path, name: str) -> None:
    text = (built_site / name / "policy.json").read_text(encoding="utf-8")
    policy = load_compiled(text)
    assert policy == load_policy(POLICY_DIR / f"{name}.yml")
    check_page = (built_site / name / "check" / "index.html").read_text(encoding="utf-8")
    assert f'data-policy-hash="{json.loads(text)["hash"]}"' in check_page


@pytest.mark.parametrize("name", SITE_POLICIES)
def test_every_clause_has_its_anchor(built_site: Path, name: str) -> None:
    page = parse(built_site / name / "index.html")
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    assert set(policy.clauses) <= page.ids
    assert {s.id for s in policy.sections} <= page.ids


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_every_seed_sentence_is_on_the_policy_page(built_site: Path, name: str) -> None:
    text = " ".join(" ".join(parse(built_site / name / "index.html").text).split())
    missing = [s for s in seed_sentences(name) if s not in text]
    assert missing == []


def test_clause_links_from_other_pages_reach_anchors(built_site: Path) -> None:
    """Links from the all-cases pages and the comparison land on existing clause anchors."""
    pages = [built_site / "compare" / "index.html", *(built_site / n / "cases" / "index.html" for n in SITE_POLICIES)]
    checked = 0
    for path in pages:
        for link in parse(path).links:
            target, _, fragment = link.partition("#")
            if not target or "://" in target or not fragment:
                continue
            destination = (path.parent / target).resolve()
            destination = destination / "index.html" if destination.is_dir() else destination
            assert fragment in parse(destination).ids, f"{path}: {link}"
            checked += 1
    assert checked > 500


def test_home_lists_every_policy_with_links(built_site: Path) -> None:
    page = parse(built_site / "index.html")
    text = " ".join(page.text)
    for name in SITE_POLICIES:
        policy = load_policy(POLICY_DIR / f"{name}.yml")
        assert policy.title in text
        assert policy.summary.period in text
        assert f"{name}/" in page.links
        assert f"{name}/check/" in page.links
        assert f"{name}/cases/#cases-{name}" in page.links


def test_no_request_leaves_the_site(built_site: Path) -> None:
    """Every fetched URL (scripts, styles, images, fonts, CSS imports) is relative to the site."""
    outside = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
    for path in built_site.rglob("*.html"):
        for url in parse(path).fetched:
            assert not outside.match(url), f"{path}: {url}"
    for path in built_site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?([^'\")\s]+)", path.read_text(encoding="utf-8")):
            assert not outside.match(url), f"{path}: {url}"


def test_search_finds_the_policies_not_the_answer_pages_or_the_writers_guide(built_site: Path) -> None:
    """The check page's radio labels and the cases table would outrank the clauses they repeat."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"{name}/" for name in SITE_POLICIES} <= pages
    assert not [p for p in pages if p.endswith(("/check/", "/cases/", "/questions/", "/flow/"))]
    assert "writers-guide/" not in pages
    assert "support-staff/" not in pages


def test_every_clause_is_a_search_result_of_its_own_at_its_anchor(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"]: doc for doc in index["docs"]}
    for name in SITE_POLICIES:
        policy = load_policy(POLICY_DIR / f"{name}.yml")
        for clause in policy.clauses.values():
            entry = locations[f"{name}/#{clause.id}"]
            assert entry["title"] == clause.section_title
            assert clause.text.split()[0] in entry["text"]


@pytest.mark.browser
def test_searching_a_clauses_words_finds_the_clause(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    clause = max(policy.clauses.values(), key=lambda c: len(c.text))  # long enough to be told apart
    words = " ".join(re.findall(r"[A-Za-z]{5,}", clause.text)[:3])
    page = context.new_page()
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type(words)
    results = page.locator(".md-search-result__link")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(href.endswith(f"#{clause.id}") for href in hrefs), hrefs


def test_no_inline_scripts_in_policy_pages(built_site: Path) -> None:
    """Policy content adds no inline script or handler (the site must run under a strict CSP)."""
    for name in SITE_POLICIES:
        html = (built_site / name / "index.html").read_text(encoding="utf-8")
        body = html[html.index('<div class="policy"') :]
        body = body[: body.index("</article>")]
        assert "<script" not in body
        assert not re.search(r"\son[a-z]+=", body)


class TestBuildErrors:
    def test_broken_policy_fails_the_build_with_its_location(self, tmp_path: Path) -> None:
        project = copy_project(tmp_path)
        path = project / "docs" / "policies" / "alurian.yml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("clauses: [not-supported.network]", "clauses: [not-supported.netwrk]"),
            encoding="utf-8",
        )
        result = mkdocs(project, "build", "--strict")
        assert result.returncode == 1
        assert re.search(
            r"docs/policies/alurian\.yml:\d+:\d+: unknown clause 'not-supported\.netwrk' \(did you mean 'not-supported\.network'\?\)",
            result.stderr,
        )
        assert "Traceback" not in result.stderr
        assert not (project / "site").exists(), "a broken policy must not produce a half-built site"

    def test_block_naming_an_unknown_policy_fails_the_build(self, tmp_path: Path) -> None:
        project = copy_project(tmp_path)
        known = SITE_POLICIES[0]
        typo = known[:-1] + "x"
        (project / "docs" / "typo.md").write_text(f"# Typo\n\n/// policy-summary | {typo}\n///\n", encoding="utf-8")
        for strict in ([], ["--strict"]):
            result = mkdocs(project, "build", *strict)
            assert result.returncode == 1
            assert (
                f"typo.md:3: /// policy-summary | {typo}: unknown policy '{typo}' "
                f"(did you mean '{known}'?) (policies: {', '.join(SITE_POLICIES)})"
            ) in result.stderr
            assert "Traceback" not in result.stderr

    def test_page_block_slips_fail_the_build_at_their_line(self, tmp_path: Path) -> None:
        """A misspelt block name would print as text; text inside a block would join the generated box."""
        project = copy_project(tmp_path)
        known = SITE_POLICIES[0]
        (project / "docs" / "slips.md").write_text(
            f"# Slips\n\n/// polcy | {known}\n///\n\n/// policy-summary | {known}\nA note of mine.\n///\n\n"
            f"```markdown\n/// polcy | shown as an example\n```\n",
            encoding="utf-8",
        )
        result = mkdocs(project, "build", "--strict")
        assert result.returncode == 1
        assert "slips.md:3: unknown block '/// polcy' (did you mean '/// policy'?): it would show as text" in result.stderr
        assert (
            f"slips.md:7: text inside '/// policy-summary | {known}' (line 6) is not shown as written: "
            "put it before or after the block, whose last line is '///'"
        ) in result.stderr
        assert "slips.md:11" not in result.stderr, "a block inside fenced code is an example, not a mistake"
        assert "Traceback" not in result.stderr


def test_text_files_have_brotli_and_gzip_beside_them(built_site: Path) -> None:
    """For hosts that serve pre-compressed files (README): each the same bytes as the file itself."""
    pages = [built_site / "index.html", *built_site.glob("assets/stylesheets/main.*.min.css")]
    assert len(pages) == 2
    for path in pages:
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
