"""A static file server for browser tests: 127.0.0.1 only, optional CSP header, blockable paths."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"


class _Handler(SimpleHTTPRequestHandler):
    csp: str | None = None
    blocked: tuple[str, ...] = ()
    requests: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if any(self.path.split("?")[0].endswith(suffix) for suffix in self.blocked):
            self.send_error(404, "blocked by the test")
            return
        super().do_GET()


@contextmanager
def serve(root: Path, *, csp: str | None = None, blocked: tuple[str, ...] = (), port: int = 0) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root`` on 127.0.0.1 (a free port by default); yield the base URL and the requested paths."""
    requests: list[str] = []
    handler = type("Handler", (_Handler,), {"csp": csp, "blocked": blocked, "requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
