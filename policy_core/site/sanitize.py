"""An allowlist HTML sanitiser for rendered policy text (defence in depth behind validation)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "hr", "i", "img", "ins", "kbd", "mark"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "u"),
        *("ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "svg", "path"),
    }
)
VOID_TAGS = frozenset({"br", "hr", "img"})
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea"})
# Names as HTMLParser reports them: lowercased (browsers restore SVG's viewBox).
ALLOWED_ATTRIBUTES = frozenset(
    {
        *("href", "title", "alt", "src", "id", "class", "colspan", "rowspan", "lang", "dir", "role"),
        *("aria-hidden", "aria-label", "viewbox", "d", "xmlns", "width", "height"),
    }
)
URL_ATTRIBUTES = frozenset({"href", "src"})
# Relative URLs, fragments, and web or mail links; images only from the site itself.
_SAFE_URL = re.compile(r"^(?:[#/.?]|[a-z0-9._~%-]+(?:[/#?]|$)|https?://|mailto:)", re.IGNORECASE)


def _safe_url(tag: str, value: str) -> bool:
    compact = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value))
    if tag == "img" and re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", compact, re.IGNORECASE):
        return False  # no image from another origin: the site makes no outside requests
    return bool(_SAFE_URL.match(compact))


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                continue
            if name in URL_ATTRIBUTES and (value is None or not _safe_url(tag, value)):
                continue
            kept.append(f' {name}="{html.escape(value or "", quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and not self.dropping and tag in ALLOWED_TAGS:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if not self.dropping and tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&#{name};")


def sanitize_html(markup: str) -> str:
    """Return ``markup`` with only allowlisted tags and attributes, and no script URLs."""
    parser = _Sanitizer()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)
