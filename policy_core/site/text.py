"""Policy text on the site's pages: rendered and sanitised by ``policy_core.authoring.text``, with links
to the site's own pages made to work wherever the text is shown.

Every piece of policy Markdown, on every page and in the JSON the widget quotes, goes through
``render_text``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..authoring.text import render_markdown, sanitize

# A link to another page of the site, as a writer writes it in a policy file: a relative path to a
# Markdown file (from the policy file's folder), maybe with an anchor.
_SITE_LINK = re.compile(r'(<a\s[^>]*?\bhref=")([^":?#]+\.md)(#[^"]*)?"')


def site_links(source: str) -> list[str]:
    """The pages of the site that ``source`` links to, as written (``../writers-guide.md``)."""
    return [html.unescape(m[2]) for m in _SITE_LINK.finditer(render_markdown(source))]


def render_text(source: str, site_link: Callable[[str], str | None] | None = None) -> str:
    """Policy Markdown as safe HTML: the one way policy text reaches a page.

    ``site_link`` turns a link to a page of the site, as written, into the URL to use where the
    text is shown (``None`` keeps it as written).
    """
    raw = render_markdown(source)
    if site_link is not None:

        def swap(match: re.Match[str]) -> str:
            url = site_link(html.unescape(match[2]))
            return match[0] if url is None else f'{match[1]}{html.escape(url)}{match[3] or ""}"'

        raw = _SITE_LINK.sub(swap, raw)
    return sanitize(raw)
