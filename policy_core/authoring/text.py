"""What policy text may hold: Markdown in one fixed configuration, then one allow-list sanitiser.

Every piece of policy Markdown, on every page and in the JSON the widget quotes, goes through
``render_text``. The configuration does not follow the site's: a writer's text means the same on
any site, and ``attr_list`` (which would let text set ids, classes and handlers) is never on.

Two layers, each enough alone:

- ``findings`` says what the sanitiser would change, in words a writer can act on; validation
  reports each at its line ("this link uses a javascript: address; use https:").
- ``sanitize`` (nh3, that is Rust's ammonia) guarantees the output whatever validation said:
  only the tags and attributes below, links that are relative, ``https:`` or ``mailto:``, images
  from the site itself, and balanced markup.

Build time only: the checker never renders Markdown. Validation (``_spec``) asks ``findings``; the
site renders with ``render_markdown`` and ``sanitize`` (``policy_core.site.text``), so both read
the same rules. Needs the ``site`` extra (Markdown, nh3).
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser

import markdown
import nh3

#: What policy text may hold. Everything Markdown emits for it is here by name, so that ordinary
#: Markdown is never reported; no ``id``, ``class`` or ``style``: the renderer sets its own.
TAGS = frozenset(
    {
        *("p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup"),
        *("code", "kbd", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "abbr", "a", "img"),
        *("table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6"),
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"},  # a table column's alignment, as the tables extension writes it
    "td": {"align"},
}
URL_SCHEMES = frozenset({"https", "mailto"})
#: Gone with everything inside them (the rest lose their tags and keep their text).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "svg", "math"}
)
RUNS_CODE = frozenset({"script", "iframe", "object", "embed"})

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _compact(url: str) -> str:
    """A URL as a browser reads it: entities decoded, whitespace and control characters gone."""
    return re.sub(r"[\s\x00-\x1f\x7f]", "", html.unescape(url))


def _off_site(url: str) -> bool:
    """Whether a URL leads to another host: a scheme, or a scheme-relative ``//`` (or ``/\\``)."""
    compact = _compact(url)
    return bool(_SCHEME.match(compact)) or compact.startswith(("//", "/\\", "\\"))


def _url_problem(tag: str, attribute: str, url: str) -> str | None:
    compact = _compact(url)
    if tag == "img" and attribute == "src":
        if compact.lower().startswith("data:"):
            return "images must come from this site, not a data: address"
        return f"images must come from this site; this one is at {url}" if _off_site(url) else None
    scheme = _SCHEME.match(compact)
    if scheme and scheme[1].lower() not in URL_SCHEMES:
        name = scheme[1].lower()
        return f"this link uses {'an' if name[0] in 'aehiou' else 'a'} {name}: address; use https:"
    if not scheme and compact.startswith(("//", "/\\", "\\")):
        return f"this link leaves out its scheme ({url}); write it with https:"
    return None


def _keep(tag: str, attribute: str, value: str) -> str | None:
    # nh3 has already kept only allowed attributes and schemes; this refuses what it counts as
    # relative but a browser does not (scheme-relative addresses), and images from elsewhere.
    return None if attribute in ("href", "src") and _url_problem(tag, attribute, value) else value


def sanitize(markup: str) -> str:
    """``markup`` with only the allowed tags, attributes and URLs, balanced."""
    return nh3.clean(
        markup,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_keep,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "sane_lists", "def_list", "abbr"],
        extension_configs={"tables": {"use_align_attribute": True}},
    )


@lru_cache(maxsize=8192)
def render_markdown(source: str) -> str:
    """Policy Markdown as HTML, before sanitising (what ``findings`` inspects).

    Kept per text: validation, the link check, every page and the widget's JSON read the same
    texts, and a preview rebuild reads them all again.
    """
    return _markdown().reset().convert(source)


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.open: list[str] = []

    def say(self, message: str) -> None:
        if message not in self.found:
            self.found.append(message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            why = "it cannot run code" if tag in RUNS_CODE else "use Markdown"
            self.say(f"the <{tag}> element is not allowed in policy text; {why}")
            return
        self.open.append(tag)
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]
        elif tag in TAGS or tag in ("div", "section", "article", "main", "body", "html"):
            # A stray end tag would close the page's own wrappers; the sanitiser drops it.
            self.say(f"the end tag </{tag}> closes nothing opened in this text; remove it")

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.say(f"the {name} attribute is not allowed: policy text cannot run code")
        elif name in ("id", "class", "style"):
            self.say(f"the {name} attribute is not allowed: the site sets its own ids, classes and styles")
        elif name not in ATTRIBUTES.get(tag, ()):
            self.say(f"the {name} attribute is not allowed on <{tag}>")
        elif name in ("href", "src") and (problem := _url_problem(tag, name, value)):
            self.say(problem)


# Python-Markdown's attribute lists, `{: #id .class key=value }`: not read in policy text, but the
# site's own Markdown could read one at the end of a title, so they are reported wherever they are.
_ATTRIBUTE_LIST = re.compile(r"\{:?\s*(?:[#.][\w-]|[\w-]+\s*=)[^}]*\}")


def findings(source: str) -> list[str]:
    """What the sanitiser would remove from ``source`` once rendered, each said once; empty if nothing."""
    inspector = _Inspector()
    if _ATTRIBUTE_LIST.search(source):
        inspector.say("an attribute list {…} is not read in policy text (the site sets its own attributes); remove it")
    inspector.feed(render_markdown(source))
    inspector.close()
    return inspector.found
