"""Versions on the site: the history page, each released version at its own address, the Atom feed."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from playwright.sync_api import expect

from policy_core import check, check_request, human_date, load_policy
from policy_core.authoring._source import read_policy_text
from policy_core.site.markdown import PolicyExtension
from policy_core.versions._history import released_versions, versions

from .conftest import FIXTURES, POLICY_DIR, SITE_POLICIES, mkdocs
from .project import copy_project, free_port
from .serving import serve

SITE_URL = "https://support.example.com/help/"
OLD = "2026-06-01"
NEW = "2026-10-01"  # acme.yml's own `updated`
ATOM = "{http://www.w3.org/2005/Atom}"


def acme_then() -> str:
    """Acme's policy as it was before: older, a clause worded otherwise, 12 months of support."""
    text = (FIXTURES / "acme.yml").read_text(encoding="utf-8")
    for old, new in (
        (f"updated: {NEW}", f"updated: {OLD}"),
        ("text: How-to questions about Acme Widgets.", "text: How-to questions about every Acme product."),
        ("    period: 6 months\n", "    period: 12 months\n"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site plus acme.yml with two released versions, published at ``SITE_URL``."""
    project = copy_project(tmp_path_factory.mktemp("versions"), site_url=SITE_URL)
    folder = project / "docs" / "policies"
    shutil.copy(FIXTURES / "acme.yml", folder / "acme.yml")
    archive = folder / "history" / "acme"
    archive.mkdir(parents=True)
    (archive / f"{OLD}.yml").write_text(acme_then(), encoding="utf-8")
    shutil.copy(FIXTURES / "acme.yml", archive / f"{NEW}.yml")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def sections(html: str) -> dict[str, str]:
    """Each version's section of a history page, by version id."""
    found = re.findall(r'<section class="policy-version" id="version-([0-9-]+)">(.*?)</section>', html, re.DOTALL)
    return dict(found)


def test_the_history_lists_every_version_newest_first_with_what_changed(versioned_site: Path) -> None:
    html = (versioned_site / "acme" / "history" / "index.html").read_text(encoding="utf-8")
    listed = sections(html)
    assert list(listed) == [NEW, OLD]
    newest, oldest = listed[NEW], listed[OLD]
    assert "(current)" in newest
    assert "What changed since 1 June 2026" in newest
    assert re.search(r"<del>.*?every.*?</del>", newest)
    assert re.search(r"<ins>.*?Widgets.*?</ins>", newest)
    assert "support period 12 months → 6 months" in newest
    verdicts = re.search(r"The verdict changes in (\d+) of the (\d+) situations compared", newest)
    assert verdicts, "a shortened period must show the situations it moves"
    assert int(verdicts[1]) > 0
    assert "The first published version of this policy." in oldest
    assert f'href="../versions/{OLD}/"' in oldest


def test_each_released_version_keeps_its_text_and_anchors(versioned_site: Path) -> None:
    page = (versioned_site / "acme" / "versions" / OLD / "index.html").read_text(encoding="utf-8")
    assert "How-to questions about every Acme product." in page
    assert "How-to questions about Acme Widgets." not in page
    policy = load_policy(FIXTURES / "acme.yml")
    for clause in policy.clauses:
        assert f'id="{clause}"' in page
    assert "The version of" in page
    assert "Read the current policy" in page
    current = (versioned_site / "acme" / "versions" / NEW / "index.html").read_text(encoding="utf-8")
    assert "How-to questions about Acme Widgets." in current


def test_the_feed_announces_each_released_version_with_absolute_links(versioned_site: Path) -> None:
    feed = etree.parse(versioned_site / "acme" / "versions.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [f"{SITE_URL}acme/versions/{NEW}/", f"{SITE_URL}acme/versions/{OLD}/"]
    for link in links:
        assert (versioned_site / link.removeprefix(SITE_URL) / "index.html").is_file()
    summaries = [e.find(f"{ATOM}summary").text for e in entries]
    assert summaries[1] == "The first published version."
    assert " cases change" in summaries[0]


def test_no_archived_yaml_is_published(versioned_site: Path) -> None:
    assert not list(versioned_site.rglob("*.yml"))
    assert not list(versioned_site.rglob("*.yaml"))


@pytest.mark.parametrize("name", SITE_POLICIES)
def test_each_reference_policy_shows_its_versions_with_no_empty_change(built_site: Path, name: str) -> None:
    """Whatever versions a writer has released: one entry each, and each but the first says what changed."""
    found = versions(POLICY_DIR, load_policy(POLICY_DIR / f"{name}.yml"))
    listed = sections((built_site / name / "history" / "index.html").read_text(encoding="utf-8"))
    assert list(listed) == [v.id for v in reversed(found)]
    *later, first = listed.values()
    assert "The first published version of this policy." in first
    for section in later:
        assert "What changed since" in section
        assert re.search(r"<li>|The verdict changes|No situation is decided differently|Only the date changed", section)
    for version in released_versions(POLICY_DIR, name):
        assert (built_site / name / "versions" / version.id / "index.html").is_file()


def test_a_misnamed_archive_fails_the_build_with_its_location(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    archive = project / "docs" / "policies" / "history" / SITE_POLICIES[0]
    archive.mkdir(parents=True, exist_ok=True)
    shutil.copy(POLICY_DIR / f"{SITE_POLICIES[0]}.yml", archive / "2001-01-01.yml")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert f"docs/policies/history/{SITE_POLICIES[0]}/2001-01-01.yml:1:1: an archived version is named after" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.browser
def test_an_old_versions_clause_anchor_opens_at_the_clause(context, site_server) -> None:
    base, _ = site_server
    name = SITE_POLICIES[0]
    version = released_versions(POLICY_DIR, name)[0]
    clause = next(iter(version.policy.clauses))
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}{name}/versions/{version.id}/#{clause}")
    target = page.locator(f"[id='{clause}']")
    expect(target).to_be_in_viewport()
    page.goto(f"{base}{name}/history/")
    page.get_by_role("link", name="Read this version").first.click()
    expect(page).to_have_url(re.compile(rf"/{name}/versions/[0-9-]+/$"))
    expect(page.get_by_role("link", name="Read the current policy")).to_be_visible()


@pytest.mark.browser
def test_a_link_made_under_an_older_version_shows_that_verdict_and_todays(context, versioned_site: Path) -> None:
    """The customer checked under the version of 1 June 2026 (12 months of support); the site now has 6 months."""
    old = read_policy_text(acme_then(), "acme-then.yml")
    current = load_policy(FIXTURES / "acme.yml")
    today = dt.date.today()
    made_on = today - dt.timedelta(days=10)
    bought = made_on - dt.timedelta(days=270)  # within 12 months then, beyond 6 months now
    answers = {"issue": "how-to", "customized": "no", "purchased": bought.isoformat()}
    made = json.loads(check_request(old, json.dumps({"answers": answers, "today": made_on.isoformat()})))
    now = check(current, answers, today)
    assert made["verdict"]["headline"] != now.headline, "the fixture pair must disagree on these answers"
    with serve(versioned_site, port=free_port()) as (base, _):
        page = context.new_page()
        page.goto(f"{base}acme/check/#{made['fragment']}")
        expect(page.locator(".policy-verdict__headline")).to_have_text(made["verdict"]["headline"], timeout=60_000)
        checked_on = page.locator(".policy-verdict__checked-on")
        expect(checked_on).to_contain_text(f"As checked on {human_date(made_on)}, under the policy of 1 June 2026")
        expect(checked_on).to_contain_text("the policy has changed since (it is now the policy of 1 October 2026)")
        expect(checked_on.locator(".policy-verdict__code")).to_have_text(f"Check code: {made['check_code']}")
        expect(page.locator(".policy-verdict__today")).to_have_text(f"Today it would differ: {now.headline}.")
        then = checked_on.get_by_role("link", name="Read the policy as it was then")
        expect(then).to_have_attribute("href", f"{base}acme/versions/{OLD}/")
        checked_on.get_by_role("button", name="Check again for today").click()
        expect(page.locator(".policy-verdict__headline")).to_have_text(now.headline)


def project_without(tmp_path: Path, line: str) -> Path:
    """The reference site's sources with the mkdocs.yml line matching ``line`` (a regex) taken out."""
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(line, text), line
    config.write_text(re.sub(rf"\n{line}.*\n", "\n", text), encoding="utf-8")
    return project


def test_without_site_url_the_build_warns_and_makes_no_feed(tmp_path: Path) -> None:
    project = project_without(tmp_path, "site_url: ")
    strict = mkdocs(project, "build", "--strict")
    assert strict.returncode == 1
    assert "site_url is not set in mkdocs.yml, so the Atom feeds of policy versions have no address" in strict.stderr
    assert mkdocs(project, "build").returncode == 0
    name = SITE_POLICIES[0]
    assert not (project / "site" / name / "versions.atom").exists()
    assert "Atom feed" not in (project / "site" / name / "history" / "index.html").read_text(encoding="utf-8")


def test_a_local_site_url_is_a_warning_unless_the_site_says_it_is_served_only_here(tmp_path: Path) -> None:
    project = project_without(tmp_path, r"\s+local_site_url: true")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "WARNING -  site_url is http://127.0.0.1:8000/, a local address" in result.stderr


def test_an_edit_not_yet_released_on_a_released_date_keeps_that_versions_page(tmp_path: Path) -> None:
    """A writer edits the file before bumping `updated`: the released version of that date still has its page."""
    folder = tmp_path / "policies"
    archive = folder / "history" / "acme"
    archive.mkdir(parents=True)
    shutil.copy(FIXTURES / "acme.yml", archive / f"{NEW}.yml")
    released = "text: How-to questions about Acme Widgets."
    text = (FIXTURES / "acme.yml").read_text(encoding="utf-8")
    (folder / "acme.yml").write_text(
        text.replace(released, "text: How-to questions about Acme Widgets, edited."), encoding="utf-8"
    )
    html = markdown.markdown(f"/// policy | acme@{NEW}\n///\n", extensions=[PolicyExtension(policies=str(folder))])
    assert "How-to questions about Acme Widgets." in html
    assert "edited" not in html
