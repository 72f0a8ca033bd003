"""Shared set-up for the benchmarks: build the site, serve it on 127.0.0.1, drive Debian's Chromium.

Every figure is measured side by side in the same run (a ratio) or as a median with min and max,
because this machine is shared and noisy. Nothing here asserts a timing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import browser_support, serving  # noqa: E402
from tests.project import copy_project  # noqa: E402

# One list of Chromium's flags for the tests and the benchmarks (no outside connections).
CHROMIUM, CHROMIUM_ARGS = browser_support.CHROMIUM, browser_support.CHROMIUM_ARGS

# What a static host would send for files whose names carry their content hash.
IMMUTABLE = "public, max-age=31536000, immutable"


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


@contextmanager
def built_site(port: int) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        project = copy_project(Path(tmp) / "project", site_url=f"http://127.0.0.1:{port}/")
        mkdocs_build(project)
        yield project / "site"


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site and counts the body bytes it sends for each request (0 for a 304)."""

    immutable = False
    precompressed = False
    sent: list[tuple[str, int]]

    def send_head(self):  # type: ignore[no-untyped-def]  (the stdlib's signature)
        return (self.precompressed and serving.send_precompressed(self)) or super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_header(self, keyword: str, value: str) -> None:
        if keyword == "Content-Length":
            self.sent.append((self.path.split("?")[0], int(value)))
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        if self.immutable and "/assets/policy-check-" in self.path:
            self.send_header("Cache-Control", IMMUTABLE)
        super().end_headers()


class Server:
    """The site on 127.0.0.1; ``sent`` lists (path, body bytes) for every response."""

    def __init__(self, base: str, sent: list[tuple[str, int]]) -> None:
        self.base = base
        self.sent = sent


@contextmanager
def serve(root: Path, port: int, *, immutable: bool = False, precompressed: bool = False) -> Iterator[Server]:
    sent: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"immutable": immutable, "precompressed": precompressed, "sent": sent})
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{port}/", sent)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# A slow phone, for the whole browser: Chromium's CDP CPU throttling slows the page's main thread
# only, never the Web Worker that boots Pyodide ("Operation is only supported for pages, not
# workers"), so the benchmarks run the browser in a CPU cgroup instead. Each of its threads then
# gets at most this share of one core, and all of them together no more.
CPU_SHARE = 0.25
_CGROUPS = (  # (the group's folder, the file that takes the quota, how it is written)
    (Path("/sys/fs/cgroup/cpu/policy-core-bench"), "cpu.cfs_quota_us", "{quota}"),  # cgroup v1
    (Path("/sys/fs/cgroup/policy-core-bench"), "cpu.max", "{quota} {period}"),  # cgroup v2
)


@contextmanager
def slow_cpu_chromium(share: float = CPU_SHARE) -> Iterator[str | None]:
    """A Chromium executable whose processes share ``share`` of one core; None where cgroups cannot be made (not root)."""
    period = 100_000
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as tmp:
        for group, quota_file, line in _CGROUPS:
            try:
                group.mkdir(exist_ok=True)
                if quota_file == "cpu.cfs_quota_us":
                    (group / "cpu.cfs_period_us").write_text(str(period))
                (group / quota_file).write_text(line.format(quota=int(period * share), period=period))
            except OSError:
                continue
            wrapper = Path(tmp) / "chromium"
            wrapper.write_text(f'#!/bin/sh\necho $$ > {group / "cgroup.procs"}\nexec {CHROMIUM} "$@"\n', encoding="utf-8")
            wrapper.chmod(0o755)
            try:
                yield str(wrapper)
            finally:
                with contextlib.suppress(OSError):  # busy until the last browser has exited
                    group.rmdir()
            return
    yield None


def share_link_with_actions() -> str:
    """The fragment of a share link to an Interspire verdict with actions, checked today: what the runtime benchmarks open."""
    from policy_core import cases, load_policy, make_fragment, version_id  # noqa: PLC0415

    policy = load_policy(ROOT / "docs" / "policies" / "interspire.yml")
    today = dt.date.today()
    case = next(c for c in cases(policy) if c.verdict.actions)
    return make_fragment(case.example_answers(policy, today), today, version_id(policy))


def summary(values: list[float], unit: str = "ms") -> str:
    """median [min-max] over the runs (ratios with two decimals)."""
    digits = 2 if unit == "x" else 1
    return f"{statistics.median(values):8.{digits}f} {unit} [{min(values):.{digits}f}-{max(values):.{digits}f}]"


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) for row in [header, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
