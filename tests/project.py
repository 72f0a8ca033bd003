"""Helpers the tests and the benchmarks share: a copy of the site's sources, free ports, polling a URL."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE_URL = "site_url: http://127.0.0.1:8000/"


def copy_project(target: Path, *, site_url: str | None = None) -> Path:
    """The site's sources in ``target``: mkdocs.yml and docs/ copied (to edit), runtime inputs linked."""
    target.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url:
        config = config.replace(DEFAULT_SITE_URL, f"site_url: {site_url}")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", target / "docs")
    # What the build reads but nothing here edits: shared, not copied.
    (ROOT / ".cache").mkdir(exist_ok=True)
    for shared in ("widget", "node_modules", ".cache"):
        (target / shared).symlink_to(ROOT / shared)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    """The page's text, or '' while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(predicate: Callable[[], bool], seconds: float = 30, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it holds (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
