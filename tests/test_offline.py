"""Offline after a first visit (the plugin's `offline: true`): the check reaches its verdict with the network off.

One site is built with the option and shared by the tests here; the session's site (built without
it) shows that nothing is registered by default. "Network off" is both Chromium's offline mode and
the host stopped: nothing answers. The host sends every file with `Cache-Control: no-cache`, so
that the browser's HTTP cache cannot stand in for the service worker's (an immutable runtime would
come from it even offline).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from policy_core import cases, load_policy

from .browser_support import READY_TIMEOUT_MS, answer_case, widget
from .conftest import POLICY_DIR, SITE_POLICIES, SITE_PORT, mkdocs
from .project import copy_project, free_port, wait_for
from .static_host import profile_on_disk, static_host, wait_for_mark

pytestmark = pytest.mark.browser

PORT = free_port()
NAME = SITE_POLICIES[0]
COPYRIGHT = "copyright: Support policies are published by their vendors."
READY = ".policy-check[data-state='ready'], .policy-check[data-state='verdict']"
REGISTRATIONS = "async () => (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname).sort()"
CACHES = "async () => (await caches.keys()).sort()"


def build(folder: Path, *, footer: str = "", offline: bool = True) -> Path:
    """The project's site with `offline: true` (or without), and a footer of its own to tell deployments apart."""
    project = copy_project(folder, site_url=f"http://127.0.0.1:{PORT}/")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if offline:
        text = text.replace("      policies: docs/policies\n", "      policies: docs/policies\n      offline: true\n")
    config.write_text(text.replace(COPYRIGHT, f"{COPYRIGHT[:-1]}{footer}."), encoding="utf-8")
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("offline-project"))


@pytest.fixture
def profile(browser: Browser, tmp_path: Path) -> Iterator[BrowserContext]:
    with profile_on_disk(browser, tmp_path / "profile") as context:
        yield context


def runtime_scope(site: Path) -> str:
    (runtime,) = (site / "assets").glob("policy-check-*")
    return f"/assets/{runtime.name}/"


def check_offline(context: BrowserContext, base: str) -> Page:
    """With the host stopped and the browser offline: open the check page and reach a verdict."""
    context.set_offline(True)
    policy = load_policy(POLICY_DIR / f"{NAME}.yml")
    case = next(c for c in cases(policy) if c.verdict.actions)  # several answers, a date among them
    page = context.new_page()
    page.goto(f"{base}{NAME}/check/")
    answer_case(page, policy, case, dt.date.today())
    expect(widget(page)).to_have_attribute("data-state", "verdict", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".policy-verdict__headline")).to_have_text(case.verdict.headline)
    return page


@pytest.mark.parametrize("first", ["check/", ""], ids=["first visit: the check page", "first visit: the policy page"])
def test_after_one_visit_the_check_reaches_a_verdict_with_the_network_off(offline_site: Path, profile, first: str) -> None:
    with static_host(offline_site, PORT, revalidate=True) as host:
        page = profile.new_page()
        page.goto(f"{host.base}{NAME}/{first}")
        wait_for_mark(page, "policy-check:offline-ready")
        # Scoped to the policy's folder and to the runtime's (for its Web Worker): never the site's root.
        assert page.evaluate(REGISTRATIONS) == sorted([f"/{NAME}/", runtime_scope(offline_site)])
    page = check_offline(profile, host.base)
    assert (
        page.evaluate("() => new URL(navigator.serviceWorker.controller.scriptURL).pathname")
        == f"/{NAME}/policy-check-offline.js"
    )


def test_without_the_option_no_service_worker_is_registered(built_site: Path, profile) -> None:
    with static_host(built_site, SITE_PORT) as host:
        page = profile.new_page()
        page.goto(f"{host.base}{NAME}/")
        wait_for_mark(page, "policy-check:prefetched")
        page.goto(f"{host.base}{NAME}/check/")
        page.locator(READY).wait_for(state="attached", timeout=READY_TIMEOUT_MS)
        page.wait_for_timeout(2000)  # idle time after ready, when the option would register
        assert page.evaluate(REGISTRATIONS) == []
        assert not any(path.endswith(("offline.js", "offline-worker.js")) for path, _ in host.sent)


def test_a_new_deployment_replaces_the_old_cache(offline_site: Path, profile, tmp_path: Path) -> None:
    """An earlier deployment's runtime (its folder gone) and copy of the pages are deleted; a vendor's own cache is not."""
    served = tmp_path / "served"
    first = tmp_path / "first"
    shutil.copytree(offline_site, first, symlinks=True)
    earlier = first / "assets" / "policy-check-0123456789ab"  # the runtime of a deployment before this one
    earlier.mkdir()
    shutil.copy(offline_site / runtime_scope(offline_site).strip("/") / "offline-worker.js", earlier)
    (earlier / "runtime.json").write_text('{"files": []}', encoding="utf-8")
    served.symlink_to(first)
    with static_host(served, PORT, revalidate=True) as host:
        page = profile.new_page()
        page.goto(host.base)  # the home page registers nothing
        page.evaluate(
            """async () => {
              await (await caches.open("vendor-cache")).put("/vendor", new Response("kept"));
              const earlier = await navigator.serviceWorker.register("assets/policy-check-0123456789ab/offline-worker.js");
              await new Promise((done) => earlier.installing.addEventListener("statechange", (e) => e.target.state === "activated" && done()));
            }"""
        )
        assert page.evaluate(CACHES) == ["policy-check-runtime-0123456789ab", "vendor-cache"]
        shutil.rmtree(earlier)  # this deployment no longer has it

        page.goto(f"{host.base}{NAME}/")
        wait_for_mark(page, "policy-check:offline-ready")
        assert page.evaluate(REGISTRATIONS) == sorted([f"/{NAME}/", runtime_scope(offline_site)])
        runtime_cache = "policy-check-runtime-" + runtime_scope(offline_site).split("-")[-1].strip("/")
        (pages_cache,) = [name for name in page.evaluate(CACHES) if name.startswith(f"policy-check-pages-{NAME}-")]
        assert page.evaluate(CACHES) == sorted([pages_cache, runtime_cache, "vendor-cache"])

        # The next deployment: every page changed (its footer); the runtime did not.
        second = build(tmp_path / "second-project", footer=" (the second deployment)")
        (tmp_path / "next").symlink_to(second)
        os.replace(tmp_path / "next", served)
        page.goto(f"{host.base}{NAME}/")  # the browser checks the policy's worker for an update
        assert wait_for(lambda: pages_cache not in page.evaluate(CACHES), seconds=60)
        (new_pages_cache,) = [name for name in page.evaluate(CACHES) if name.startswith(f"policy-check-pages-{NAME}-")]
        assert new_pages_cache != pages_cache
        assert page.evaluate(CACHES) == sorted([new_pages_cache, runtime_cache, "vendor-cache"])
    page = check_offline(profile, host.base)
    expect(page.locator("footer")).to_contain_text("(the second deployment)")


def test_once_the_option_is_dropped_the_workers_and_their_caches_go(offline_site: Path, profile, tmp_path: Path) -> None:
    """A visitor of a deployment with `offline: true` comes back after one without it: nothing of it stays behind."""
    served = tmp_path / "served"
    served.symlink_to(offline_site)
    with static_host(served, PORT, revalidate=True) as host:
        page = profile.new_page()
        page.goto(f"{host.base}{NAME}/")
        wait_for_mark(page, "policy-check:offline-ready")
        page.evaluate('async () => (await caches.open("vendor-cache")).put("/vendor", new Response("kept"))')
        without = build(tmp_path / "without-project", offline=False)
        (tmp_path / "next").symlink_to(without)
        os.replace(tmp_path / "next", served)
        page.goto(f"{host.base}{NAME}/")
        wait_for_mark(page, "policy-check:offline-removed")
        assert page.evaluate(REGISTRATIONS) == []
        wait_for_mark(page, "policy-check:prefetched")  # through the leaving worker, which makes no cache again
        assert page.evaluate(CACHES) == ["vendor-cache"]
