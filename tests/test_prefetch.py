"""Fetched ahead: the pages that lead to a check page fetch its runtime once idle, and never when data is dear.

The check page's own requests are the reference: the prefetch must fetch exactly those, from the
same addresses, so that the check page then finds every one of them in the browser's cache.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .browser_support import READY_TIMEOUT_MS
from .conftest import SITE_POLICIES, SITE_PORT
from .static_host import RUNTIME, profile_on_disk, static_host, wait_for_mark

NAME = SITE_POLICIES[0]
READY = ".policy-check[data-state='ready'], .policy-check[data-state='verdict']"
EVERY_PAGE = ("policy-check.js", "policy-check.css", "prefetch.js")  # what pages load from the runtime's folder themselves


def fetched_ahead(sent: list[tuple[str, int]]) -> set[str]:
    """What the check page's checker loads, among responses: the runtime's files and policy JSON."""
    return {
        path for path, _ in sent if path.endswith("/policy.json") or (path.startswith(RUNTIME) and not path.endswith(EVERY_PAGE))
    }


def open_check_page(page: Page, base: str) -> None:
    page.goto(f"{base}{NAME}/check/")
    page.locator(READY).wait_for(state="attached", timeout=READY_TIMEOUT_MS)


@pytest.mark.site
def test_the_pages_that_lead_to_a_check_page_load_the_prefetch_and_no_other(built_site: Path) -> None:
    def tag(path: str) -> str:
        found = re.findall(
            r"<script defer [^>]*prefetch\.js[^>]*>", (built_site / path / "index.html").read_text(encoding="utf-8")
        )
        return found[0] if found else ""

    assert "data-prefetch" in tag("")  # the home page
    assert "data-policy-json" not in tag("")
    for name in SITE_POLICIES:
        for page in ("", "cases/", "history/", "questions/"):
            assert f'data-policy-json="../{"../" * page.count("/")}{name}/policy.json"' in tag(f"{name}/{page}"), page
        assert tag(f"{name}/check/") == ""  # the check page loads the runtime itself
    assert tag("compare/") == ""
    # Off by default: no page registers a service worker, and the site has none to register.
    assert not any("data-offline" in p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
    assert not list(built_site.rglob("policy-check-offline.js"))
    assert not list(built_site.rglob("offline-worker.js*"))


@pytest.mark.browser
def test_a_policy_page_fetches_ahead_what_the_check_page_loads_and_the_check_page_finds_it_cached(
    browser: Browser, built_site: Path, tmp_path: Path
) -> None:
    with static_host(built_site, SITE_PORT) as host:
        # The reference: a check page opened in a fresh profile.
        with profile_on_disk(browser, tmp_path / "reference") as context:
            open_check_page(context.new_page(), host.base)
        needed = fetched_ahead(host.sent)
        assert len(needed) == 9, needed  # the policy JSON, runtime.json and the seven files it lists
        assert not any(path.endswith("prefetch.js") for path, _ in host.sent)  # the check page fetches nothing ahead

        with profile_on_disk(browser, tmp_path / "customer") as context:
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            start = len(host.sent)
            page.goto(f"{host.base}{NAME}/")
            assert wait_for_mark(page, "policy-check:prefetched") == len(needed)
            assert fetched_ahead(host.since(start)) == needed
            # Not before the page has loaded, and at low priority, by the page's fetch().
            timings = page.evaluate(
                """() => {
                  const loaded = performance.getEntriesByType("navigation")[0].loadEventEnd;
                  return performance.getEntriesByType("resource")
                    .filter((e) => e.name.endsWith("/policy.json") || e.name.includes("/policy-check-") && !/(policy-check\\.(js|css)|prefetch\\.js)$/.test(e.name))
                    .map((e) => [e.initiatorType, e.startTime >= loaded]);
                }"""
            )
            assert timings == [["fetch", True]] * len(needed)
            assert errors == []  # under the strict Content-Security-Policy

            start = len(host.sent)
            open_check_page(page, host.base)
            sent_again = [(path, status) for path, status in host.since(start) if path in needed and status != 304]
            assert sent_again == []  # from the cache, or revalidated without a body (the policy JSON)


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["", f"{NAME}/", f"{NAME}/cases/"], ids=["home", "policy", "cases"])
def test_save_data_sends_no_runtime_request(browser: Browser, built_site: Path, tmp_path: Path, page_path: str) -> None:
    """A browser that saves data sends `Save-Data: on` and says so in `navigator.connection.saveData`."""
    with (
        static_host(built_site, SITE_PORT) as host,
        profile_on_disk(browser, tmp_path / "profile", extra_http_headers={"Save-Data": "on"}) as context,
    ):
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
        page.goto(host.base + page_path)
        assert wait_for_mark(page, "policy-check:prefetch-skipped") == "save-data"
        page.wait_for_timeout(1000)
        assert fetched_ahead(host.sent) == set()
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0


@pytest.mark.browser
def test_a_2g_connection_sends_no_runtime_request(browser: Browser, built_site: Path, tmp_path: Path) -> None:
    with static_host(built_site, SITE_PORT) as host, profile_on_disk(browser, tmp_path / "profile") as context:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        conditions = {"offline": False, "latency": 1500, "downloadThroughput": 2_000_000, "uploadThroughput": 2_000_000}
        cdp.send("Network.emulateNetworkConditions", conditions)
        page.goto(f"{host.base}{NAME}/", timeout=120_000)
        assert page.evaluate("() => navigator.connection.effectiveType") == "2g"
        assert wait_for_mark(page, "policy-check:prefetch-skipped", timeout_ms=120_000) == "2g"
        assert fetched_ahead(host.sent) == set()
