"""A static file server for browser tests: 127.0.0.1 only, optional CSP header, blockable paths."""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
PAUSE_SECONDS = 3


def send_precompressed(handler: SimpleHTTPRequestHandler):  # type: ignore[no-untyped-def]  (a file, as send_head returns)
    """Like nginx's brotli_static and gzip_static: send file.br or file.gz to a client that accepts it; else None."""
    path = handler.translate_path(handler.path)
    accepted = {part.split(";")[0].strip() for part in handler.headers.get("Accept-Encoding", "").split(",")}
    encoding = next(
        (e for e, suffix in (("br", ".br"), ("gzip", ".gz")) if e in accepted and os.path.isfile(path + suffix)), None
    )
    if encoding is None:
        return None
    body = open(path + (".br" if encoding == "br" else ".gz"), "rb")  # noqa: SIM115  (the server closes it after sending)
    handler.send_response(200)
    handler.send_header("Content-Type", handler.guess_type(path))
    handler.send_header("Content-Encoding", encoding)
    handler.send_header("Content-Length", str(os.fstat(body.fileno()).st_size))
    handler.end_headers()
    return body


class _Handler(SimpleHTTPRequestHandler):
    csp: str | None = None
    precompressed = False
    blocked: tuple[str, ...] = ()
    pause_after: str | None = None
    requests: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]  (the stdlib's signature)
        return (self.precompressed and send_precompressed(self)) or super().send_head()

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if any(self.path.split("?")[0].endswith(suffix) for suffix in self.blocked):
            self.send_error(404, "blocked by the test")
            return
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if self.pause_after and path.suffix == ".html" and path.is_file():
            self._send_in_two_parts(path.read_bytes(), self.pause_after.encode())
            return
        super().do_GET()

    def _send_in_two_parts(self, body: bytes, marker: bytes) -> None:
        """Send a page up to just after ``marker``, wait, then the rest: a slow link, as a parser sees it."""
        cut = body.find(marker) + len(marker) if marker in body else len(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(PAUSE_SECONDS)
        self.wfile.write(body[cut:])


@contextmanager
def serve(
    root: Path,
    *,
    csp: str | None = None,
    blocked: tuple[str, ...] = (),
    port: int = 0,
    pause_after: str | None = None,
    precompressed: bool = False,
) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root`` on 127.0.0.1 (a free port by default); yield the base URL and the requested paths.

    With ``pause_after``, each HTML page stops for a while just after that text, then arrives in full.
    With ``precompressed``, the build's ``.br`` and ``.gz`` files are sent to browsers that accept them.
    """
    requests: list[str] = []
    attributes = {
        "csp": csp,
        "blocked": blocked,
        "requests": requests,
        "pause_after": pause_after,
        "precompressed": precompressed,
    }
    handler = type("Handler", (_Handler,), attributes)
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
