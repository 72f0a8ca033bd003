"""Reject raw HTML in writers' text that could run code on the published site.

Policy text is Markdown and may hold simple HTML, but never scripts, event handlers or
script URLs. Catching them here gives the writer a located error; the renderer also
sanitises its output, so nothing unsafe reaches a page even if this check were bypassed.
"""

from __future__ import annotations

import re

_UNSAFE = (
    (re.compile(r"<\s*(script|style|iframe|frame|object|embed|base|meta|link|form)\b", re.IGNORECASE), "a <{0}> element"),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE), "an event handler attribute ({0}=)"),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.IGNORECASE), "a {0}: URL"),
    (re.compile(r"\b(data)\s*:\s*text/html", re.IGNORECASE), "a {0}:text/html URL"),
)


def unsafe_html(text: str) -> str | None:
    """Describe the first unsafe construct in ``text``, or return ``None``."""
    for pattern, description in _UNSAFE:
        match = pattern.search(text)
        if match:
            return description.format(match.group(1).lower())
    return None
