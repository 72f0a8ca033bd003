"""The project's site built with Zensical, as the README's "Build with Zensical" says.

Zensical runs no MkDocs plugins: ``policy-core site prepare`` writes what the plugin adds before
``zensical build -f .policy-core.yml``, and ``policy-core site finish`` does the rest after it.
Pinned to the newest Zensical that installs here (pyproject.toml).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from policy_core import Outcome, cases, load_policy, policy_files

from .browser_support import verdict_journey
from .conftest import FIXTURES
from .project import copy_project
from .serving import STRICT_CSP, serve

pytestmark = pytest.mark.site
SITE_URL = "https://support.example.com/"


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=project, capture_output=True, text=True, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{' '.join(map(str, result.args))}:\n{result.stdout}\n{result.stderr}"
    return result


def zensical_project(where: Path) -> Path:
    """A copy of the project's sources; Zensical keeps its cache beside them, never in this repository's."""
    project = copy_project(where, site_url=SITE_URL)
    (project / ".cache").unlink()
    return project


def build(project: Path) -> subprocess.CompletedProcess[str]:
    """The README's three steps; the last one's result (it checks every link of the built site)."""
    ok(run(project, "policy_core", "site", "prepare"))
    ok(run(project, "zensical", "build", "-f", ".policy-core.yml"))
    return run(project, "policy_core", "site", "finish")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = zensical_project(tmp_path_factory.mktemp("zensical"))
    ok(build(project))
    return project


def test_every_clause_of_every_policy_has_its_anchor(zensical_site: Path) -> None:
    for path in policy_files(zensical_site / "docs" / "policies"):
        policy = load_policy(path)
        page = (zensical_site / "site" / policy.id / "index.html").read_text(encoding="utf-8")
        missing = [clause for clause in policy.clauses if f'id="{clause}"' not in page]
        assert missing == [], f"{policy.id}: clauses without their anchor"
        for name in ("check", "questions", "cases", "history", "flow"):
            assert (zensical_site / "site" / policy.id / name / "index.html").is_file()
        assert (zensical_site / "site" / policy.id / "policy.json").is_file()
        assert (zensical_site / "site" / policy.id / "versions.atom").is_file()


def test_the_nav_lists_each_policy_where_the_marker_stands_and_no_source_is_published(zensical_site: Path) -> None:
    home = (zensical_site / "site" / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    policies = [load_policy(p) for p in policy_files(zensical_site / "docs" / "policies")]
    for policy in policies:
        assert f'href="{policy.id}/check/"' in nav
    assert nav.index("Home") < nav.index(policies[0].vendor) < nav.index("Compare the policies")
    assert not list((zensical_site / "site").rglob("*.yml"))
    assert "policies/" not in re.findall(r'href="([^"]*)"', nav)


def test_a_link_to_nothing_in_the_built_site_fails_the_finish(tmp_path: Path) -> None:
    project = zensical_project(tmp_path / "project")
    (project / "docs" / "compare.md").write_text("# Compare\n\n[gone](missing.md) and [no anchor](index.md#nowhere)\n")
    finished = build(project)
    assert finished.returncode == 1
    assert "compare/index.html: the link '../missing/' leads to no file of the site" in finished.stderr
    assert "compare/index.html: the link '../#nowhere' leads to no '#nowhere' on index.html" in finished.stderr


def test_a_broken_policy_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project = zensical_project(tmp_path / "project")
    path = policy_files(project / "docs" / "policies")[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nunclosed: [\n", encoding="utf-8")
    prepared = run(project, "policy_core", "site", "prepare")
    assert prepared.returncode == 1
    assert re.search(rf"docs/policies/{path.name}:\d+:\d+: ", prepared.stderr), prepared.stderr
    # Without `prepare`, the Markdown extension stops Zensical too, with the located message.
    built = run(project, "zensical", "build", "-f", "mkdocs.yml")
    assert built.returncode != 0
    assert re.search(rf"docs/policies/{path.name}:\d+:\d+: ", built.stderr), built.stderr


def test_an_edited_policy_appears_after_the_next_build(tmp_path: Path) -> None:
    """Zensical keeps pages it rendered; its cache must not keep a policy's old text, on any page."""
    project = zensical_project(tmp_path / "project")
    ok(build(project))
    path = policy_files(project / "docs" / "policies")[0]
    policy = load_policy(path)
    text = path.read_text(encoding="utf-8")
    clause = next(c for c in policy.clauses.values() if re.fullmatch(r"[\w ,.'-]+", c.text) and f" {c.text}\n" in text)
    assert f"\ntitle: {policy.title}\n" in text
    text = text.replace(f" {clause.text}\n", f" {clause.text} Edited-for-the-test.\n", 1)
    path.write_text(text.replace(f"\ntitle: {policy.title}\n", f"\ntitle: {policy.title} Retitled\n"), encoding="utf-8")
    ok(build(project))  # no --clean: Zensical keeps its cache
    page = (project / "site" / policy.id / "index.html").read_text(encoding="utf-8")
    assert "Edited-for-the-test." in page
    home = (project / "site" / "index.html").read_text(encoding="utf-8")  # a page written by hand
    assert f"{policy.title} Retitled" in home


def test_links_from_policy_text_lead_to_the_page_from_every_page_that_shows_them(tmp_path: Path) -> None:
    project = zensical_project(tmp_path / "project")
    text = (FIXTURES / "acme.yml").read_text(encoding="utf-8")
    clause = "text: How-to questions about Acme Widgets."
    assert clause in text
    text = text.replace(clause, "text: How-to questions; see [the guide](../writers-guide.md#errors).")
    folder = project / "docs" / "policies"
    (folder / "acme.yml").write_text(text, encoding="utf-8")
    (folder / "history" / "acme").mkdir(parents=True)
    (folder / "history" / "acme" / f"{load_policy(folder / 'acme.yml').updated}.yml").write_text(text, encoding="utf-8")
    ok(build(project))  # finish checks every link of the built site
    site = project / "site"
    assert 'href="../writers-guide/#errors"' in (site / "acme" / "index.html").read_text(encoding="utf-8")
    (version,) = (site / "acme" / "versions").glob("*/index.html")
    assert 'href="../../../writers-guide/#errors"' in version.read_text(encoding="utf-8")


@pytest.mark.browser
def test_a_customer_reaches_a_verdict_under_a_strict_csp(browser, zensical_site: Path) -> None:
    path = policy_files(zensical_site / "docs" / "policies")[0]
    policy = load_policy(path)
    case = next(c for c in cases(policy) if c.verdict.outcome is Outcome.SUPPORTED and c.verdict.actions)
    with serve(zensical_site / "site", csp=STRICT_CSP) as (base, _):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            page = context.new_page()
            violations: list[str] = []
            page.expose_function("reportViolation", lambda text: violations.append(text))  # noqa: PLW0108 (a bound method cannot be exposed)
            page.add_init_script(
                "document.addEventListener('securitypolicyviolation',"
                " e => window.reportViolation(e.effectiveDirective + ' ' + e.sourceFile))"
            )
            assert verdict_journey(page, base, policy, case) == []
            # Zensical's search adds one <style> element from its own bundle (README, "Build with Zensical").
            theirs = re.compile(rf"style-src-elem {re.escape(base)}assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
            assert [v for v in violations if not theirs.fullmatch(v)] == []
        finally:
            context.close()
