"""A scan of built HTML for what policy text must never bring: script, styles, and requests to other hosts."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

#: Attributes whose value a browser loads or follows; a script or data: address in any is executable.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "cite", "ping"})
#: Attributes whose value the browser fetches by itself when the page loads (not links one clicks).
FETCHED = frozenset({"src", "srcset", "poster", "data", "xlink:href", "background"})
FETCHING_LINKS = frozenset({"stylesheet", "icon", "preload", "prefetch", "manifest", "modulepreload", "apple-touch-icon"})
NEVER = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})


def _compact(value: str) -> str:
    return re.sub(r"[\s\x00-\x1f\x7f]", "", html.unescape(value)).lower()


def _elsewhere(url: str, origin: str) -> bool:
    compact = _compact(url)
    if compact.startswith(("//", "/\\", "\\")):
        return True
    parts = urlsplit(compact)
    return bool(parts.scheme) and f"{parts.scheme}://{parts.netloc}" != origin.lower().rstrip("/")


class Scan(HTMLParser):
    """Collects, for one document, each executable thing or outside request, as "tag attr=value"."""

    def __init__(self, origin: str = "http://127.0.0.1") -> None:
        super().__init__(convert_charrefs=True)
        self.origin = origin
        self.found: list[str] = []
        self.inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in NEVER:
            self.found.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "script":
            kind = values.get("type", "")
            self.inline_script = "src" not in values and kind not in ("application/json", "application/ld+json")
        if (
            tag == "link"
            and FETCHING_LINKS & set(values.get("rel", "").lower().split())
            and _elsewhere(values.get("href", ""), self.origin)
        ):
            self.found.append(f"<link href={values['href']}>")
        for name, value in values.items():
            if name == "style":  # the site itself sets none: any would be policy text restyling the page
                self.found.append(f"<{tag} style={value[:40]}>")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and _compact(value).startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag} {name}={value[:40]}>")
            if name == "srcset":
                candidates = [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]
                if any(_elsewhere(c, self.origin) or _compact(c).startswith("data:") for c in candidates):
                    self.found.append(f"<{tag} srcset={value[:40]}>")
            elif name in FETCHED and _elsewhere(value, self.origin):
                self.found.append(f"<{tag} {name}={value[:40]}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self.inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")
            self.inline_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inline_script = False


def scan(markup: str, origin: str = "http://127.0.0.1") -> list[str]:
    scanner = Scan(origin)
    scanner.feed(markup)
    scanner.close()
    return scanner.found
