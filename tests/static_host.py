"""A static host for the fetch-ahead and offline tests, and a browser profile on disk.

The host sends the runtime's folder (named by its content) as immutable, as the README asks of a
host, and everything else with ``Last-Modified`` only, answering a revalidation with 304; or,
with ``revalidate``, every file with ``Cache-Control: no-cache``, so that nothing can come from
the browser's HTTP cache without the host (what the offline tests need: only the service worker
can then answer). It records the status of every response, so that a test can tell a file sent
from one the browser already had. A profile on disk, because a private context's memory cache refuses a file as large
as the runtime's WebAssembly (8.6 MB), which a customer's browser keeps.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

from .browser_support import CHROMIUM, CHROMIUM_ARGS
from .serving import STRICT_CSP, _Handler

IMMUTABLE = "public, max-age=31536000, immutable"
RUNTIME = "/assets/policy-check-"


@dataclass
class Host:
    base: str
    sent: list[tuple[str, int]] = field(default_factory=list)
    """(path, status) of every response, in order."""

    def since(self, start: int) -> list[tuple[str, int]]:
        return self.sent[start:]


class _StaticHandler(_Handler):
    host: Host
    revalidate: bool

    def send_response(self, code: int, message: str | None = None) -> None:
        self.host.sent.append((self.path.split("?")[0], code))
        super().send_response(code, message)

    def end_headers(self) -> None:
        if self.revalidate:
            self.send_header("Cache-Control", "no-cache")
        elif self.path.startswith(RUNTIME):
            self.send_header("Cache-Control", IMMUTABLE)
        super().end_headers()


@contextmanager
def static_host(root: Path, port: int, *, revalidate: bool = False) -> Iterator[Host]:
    """Serve ``root`` (read at each request: it may be a symbolic link a test moves) on 127.0.0.1 under the strict CSP."""
    host = Host(f"http://127.0.0.1:{port}/")
    attributes = {"csp": STRICT_CSP, "requests": [], "host": host, "revalidate": revalidate}
    handler = type("Handler", (_StaticHandler,), attributes)
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=os.fspath(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield host
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def profile_on_disk(browser: Browser, folder: Path, **options: object) -> Iterator[BrowserContext]:
    """A fresh browser profile in ``folder`` (Debian's Chromium, as ``browser`` runs), closed afterwards."""
    context = browser.browser_type.launch_persistent_context(
        folder, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **options
    )
    try:
        yield context
    finally:
        context.close()


def wait_for_mark(page: Page, name: str, timeout_ms: int = 60_000) -> object:
    """Wait until the page has set the performance mark ``name``; return its detail."""
    page.wait_for_function(f"() => performance.getEntriesByName({name!r}).length > 0", timeout=timeout_ms)
    return page.evaluate(f"() => performance.getEntriesByName({name!r})[0].detail")
