"""A hostile policy file (tests/fixtures/hostile/hostile.yml): validation reports every payload at its
line, and, with its findings downgraded to warnings, the built site still publishes nothing executable
and makes no request to another host. The same scan runs over the reference site."""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import expect

from policy_core import InvalidPolicyError, load_policy

from .conftest import FIXTURES, copy_project, mkdocs
from .hostile_scan import scan
from .serving import serve

HOSTILE = FIXTURES / "hostile" / "hostile.yml"


def payload_lines() -> dict[int, str]:
    lines = HOSTILE.read_text(encoding="utf-8").splitlines()
    return {n: line.split("# xss:")[1].strip() for n, line in enumerate(lines, start=1) if "# xss:" in line}


def test_validation_reports_every_payload_at_its_line() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(HOSTILE)
    reported = {error.line for error in caught.value.errors}
    missing = {line: name for line, name in payload_lines().items() if line not in reported}
    assert missing == {}
    assert len(payload_lines()) >= 40


def site_findings(site: Path, origin: str) -> dict[str, list[str]]:
    """Every finding of the scan, by file: each HTML page, and the HTML each policy.json gives the widget."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        if hits := scan(page.read_text(encoding="utf-8"), origin):
            found[str(page.relative_to(site))] = hits
    # policy.json, and the JSON of each released version (the widget quotes it for an old link).
    for compiled in sorted(p for p in site.rglob("*.json") if p.name == "policy.json" or p.parent.name == "versions"):
        html = json.loads(compiled.read_text(encoding="utf-8"))["html"]
        for kind, pieces in html.items():
            for key, markup in pieces.items():
                if hits := scan(markup, origin):
                    found[f"{compiled.relative_to(site)} {kind} {key}"] = hits
    return found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site plus the hostile policy, built with validation's findings as warnings."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    shutil.copy(HOSTILE, project / "docs" / "policies" / "hostile.yml")
    # An earlier version with every clause reworded: its page, and the history's word-by-word
    # differences, carry the same payloads.
    earlier = HOSTILE.read_text(encoding="utf-8").replace("updated: 2026-10-01", "updated: 2026-09-01")
    archive = project / "docs" / "policies" / "history" / "hostile"
    archive.mkdir(parents=True)
    (archive / "2026-09-01.yml").write_text(earlier.replace("text: '", "text: 'Earlier: "), encoding="utf-8")
    os.environ["POLICY_CORE_TEXT_FINDINGS"] = "warn"  # the test-only switch: the sanitiser must hold alone
    try:
        result = mkdocs(project, "build")
    finally:
        del os.environ["POLICY_CORE_TEXT_FINDINGS"]
    assert result.returncode == 0, result.stderr
    assert "hostile.yml:" in result.stderr, "the findings are still reported, as warnings"
    return project / "site"


ORIGIN = "http://127.0.0.1:8000"  # mkdocs.yml's site_url: links to it are the site's own


@pytest.mark.site
def test_the_built_hostile_site_holds_nothing_executable_and_requests_nothing_outside(hostile_site: Path) -> None:
    assert (hostile_site / "hostile" / "index.html").is_file()
    history = (hostile_site / "hostile" / "history" / "index.html").read_text(encoding="utf-8")
    assert history.count("<del>") >= 20, "the payloads are in the history's word differences"
    assert (hostile_site / "hostile" / "versions" / "2026-09-01" / "index.html").is_file()
    assert (hostile_site / "hostile" / "versions" / "2026-09-01.json").is_file()
    assert site_findings(hostile_site, ORIGIN) == {}


@pytest.mark.site
def test_the_reference_site_passes_the_same_scan(built_site: Path) -> None:
    assert site_findings(built_site, ORIGIN) == {}


@pytest.mark.site
def test_the_scan_finds_what_it_looks_for() -> None:
    """The scan itself, on markup that slipped through: each kind is found."""
    hits = scan(
        '<img src=x onerror=alert(1)><a href="&#106;avascript:1">x</a><img src="//t.example/p.gif">'
        '<link rel="stylesheet" href="https://evil.example/x.css"><script>alert(1)</script><b style="x">s</b>'
        '<img srcset="https://t.example/p.gif 2x"><iframe></iframe>',
        ORIGIN,
    )
    assert len(hits) == 8, hits


@pytest.mark.browser
def test_without_any_csp_no_script_runs_and_nothing_is_requested_outside(context, hostile_site: Path) -> None:
    dialogs: list[str] = []
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url) if urllib.parse.urlsplit(r.url).hostname != "127.0.0.1" else None)
    with serve(hostile_site) as (base, _):
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("", "hostile/", "compare/", "hostile/cases/", "hostile/questions/", "hostile/flow/"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            for summary in page.locator("details > summary").all()[:30]:  # open what the tree and tables hide
                summary.click()
        for option in ("how-to", "other"):  # every hostile clause, step and action, quoted by the widget
            page.goto(f"{base}hostile/check/")
            page.locator(f"fieldset[data-question='issue'] input[value='{option}']").check()
            if option == "how-to":
                page.locator("fieldset[data-question='purchased'] input[type='date']").fill("2020-01-01")
            expect(page.locator(".policy-check[data-state='verdict']")).to_be_visible(timeout=30_000)
        hostile_link = urllib.parse.quote("<img src=x onerror=alert(1)>")
        page.goto(f"{base}hostile/check/#check:issue={hostile_link}&bogus=%3Cscript%3Ealert(1)%3C/script%3E")
        expect(page.locator(".policy-check__status")).to_contain_text("could not be used", timeout=30_000)
        page.wait_for_timeout(500)
    assert dialogs == []
    assert outside == []
