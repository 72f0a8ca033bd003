"""Fetched ahead, and offline (README): the tag that loads ``prefetch.js``, and each policy's service worker.

The plugin adds the runtime's ``prefetch.js`` to the home page and to a policy's pages other than
its check page, where it fetches what the check page will load once the page is idle; with the
option ``offline: true``, to every page of a policy too, where it registers the policy's service
worker. A service worker controls only the pages under its own folder (a static host sends no
``Service-Worker-Allowed`` header), so each policy gets its own, ``<id>/policy-check-offline.js``,
written here after the build: it names what to keep (every page of the folder, what those pages
load, the policy's JSON) and imports the runtime's ``offline-worker.js``, which does the work.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

PREFETCH = "prefetch.js"
"""The page script (the runtime's), loaded with ``defer``."""
OFFLINE_WORKER = "offline-worker.js"
"""The service worker's script (the runtime's), registered as is for the runtime's folder."""
POLICY_WORKER = "policy-check-offline.js"
"""Each policy's service worker, in the policy's folder, so that its scope is that folder."""

_ORIGIN = "https://site.invalid/"  # stands for the site's root while resolving page-relative links
_CSS_URL = re.compile(r"""url\((["']?)(?P<url>[^"')]+)\1\)""")


def prefetch_tag(src: str, *, prefetch: bool, policy_json: str | None, offline: str | None) -> str:
    """``<script defer>`` for ``prefetch.js`` at ``src``, its tasks on its own tag (all URLs relative to the page).

    ``offline``: the policy's service worker to register; ``""`` on a page that registers none; None
    on a site without the option, where the script removes what an earlier deployment left.
    """
    attributes = [f'src="{html.escape(src)}"']
    if prefetch:
        attributes.append("data-prefetch")
        if policy_json:
            attributes.append(f'data-policy-json="{html.escape(policy_json)}"')
    if offline is not None:
        attributes.append(f'data-offline="{html.escape(offline)}"')
    return f"<script defer {' '.join(attributes)}></script>"


class _Loads(HTMLParser):
    """What a page loads by itself: its scripts, stylesheets and icon."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "script" and named.get("src"):
            self.found.append(named["src"])
        elif tag == "link" and named.get("href") and set(named.get("rel", "").lower().split()) & {"stylesheet", "icon"}:
            self.found.append(named["href"])


def _site_path(base: str, link: str) -> str | None:
    """The site path ``link`` leads to from the site path ``base``, or None when it leaves the site."""
    parts = urlsplit(urljoin(_ORIGIN + base, link))
    if f"{parts.scheme}://{parts.netloc}/" != _ORIGIN:
        return None
    return unquote(parts.path).lstrip("/")


def _page_url(path: str, directory_urls: bool) -> str:
    """The address a browser asks for a built page (``interspire/check/`` for ``interspire/check/index.html``)."""
    if directory_urls and (path == "index.html" or path.endswith("/index.html")):
        return path.removesuffix("index.html")
    return path


def policy_worker(site: Path, ident: str, runtime: str, *, directory_urls: bool) -> str:
    """The text of ``<ident>/policy-check-offline.js`` for a built ``site`` (``runtime``: ``assets/policy-check-<key>``).

    It keeps every page of the policy's folder, every file those pages and their stylesheets
    load, the JSON files of the folder (the policy and its versions), and the sitemap (the theme's
    instant navigation reads it). Its ``deployment`` is a hash of all of them, so any change to
    the site's copy of the policy makes a new worker, which replaces the old cache.
    """
    folder = site / ident
    kept: set[str] = set()
    for page in sorted(folder.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        kept.add(_page_url(path, directory_urls))
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        kept.update(p for link in parser.found if (p := _site_path(path, link)) and (site / p).is_file())
    for stylesheet in sorted(p for p in kept if p.endswith(".css")):
        for match in _CSS_URL.finditer((site / stylesheet).read_text(encoding="utf-8")):
            found = _site_path(stylesheet, match["url"])
            if found and (site / found).is_file():
                kept.add(found)
    kept.update(p.relative_to(site).as_posix() for p in folder.rglob("*.json"))
    if (site / "sitemap.xml").is_file():
        kept.add("sitemap.xml")
    digest = hashlib.sha256(runtime.encode())
    for path in sorted(kept):
        file = site / path / "index.html" if path.endswith("/") or not path else site / path
        digest.update(path.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    config = {
        "policy": ident,
        "deployment": digest.hexdigest()[:16],
        "runtime": f"../{runtime}/",
        "precache": [f"../{path}" for path in sorted(kept)],
    }
    return (
        "// The offline copy of this policy's pages and of the self-check, written by policy-core's build\n"
        "// (README, 'Fetched ahead, and offline'). Its scope is this folder: no other page of the site.\n"
        f"self.policyCheckOffline = {json.dumps(config, indent=1)};\n"
        f'importScripts("../{runtime}/{OFFLINE_WORKER}");\n'
    )
