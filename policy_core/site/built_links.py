"""Links of a built site that lead nowhere: a missing page or file, or an anchor the page lacks.

MkDocs checks the links of the Markdown it converts; a builder without that check (Zensical)
gets this scan of the HTML it wrote, so a wrong link fails the build instead of a customer.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..engine import PREFIX

# Both builders quote every attribute with double quotes; a scan of them is what this needs (read only).
LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\s(?:href|src)="([^"]*)"')
ANCHOR = re.compile(r'\s(?:id|name)="([^"]*)"')


@dataclass
class _Page:
    links: list[str]
    ids: set[str]

    @classmethod
    def read(cls, path: Path) -> _Page:
        text = path.read_text(encoding="utf-8", errors="replace")
        return cls(links=[html.unescape(m) for m in LINK.findall(text)], ids={html.unescape(m) for m in ANCHOR.findall(text)})


def links_to_nothing(site: Path, root_path: str = "/") -> list[str]:
    """``page.html: link 'href' leads to nothing (why)`` for each link within the site that has no target."""
    parsed: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _Page.read(path)
        return parsed[path]

    found = []
    for built in sorted(site.rglob("*.html")):
        here = built.relative_to(site).as_posix()
        for link in dict.fromkeys(page(built).links):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue  # outside the site (or data:, mailto:): not this scan's business
            if not parts.path:
                target = here  # '#clause' on the page itself
            elif parts.path.startswith("/"):
                target = parts.path.removeprefix(root_path.rstrip("/")).lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), parts.path))
            file = _file(site, unquote(target), directory=parts.path.endswith("/"))
            if file is None:
                found.append(f"{here}: the link '{link}' leads to no file of the site")
            elif parts.fragment.startswith(PREFIX):
                continue  # a share link: answers for the check page to read, not an anchor
            elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in page(file).ids:
                found.append(f"{here}: the link '{link}' leads to no '#{parts.fragment}' on {file.relative_to(site).as_posix()}")
    return found


def _file(site: Path, target: str, *, directory: bool) -> Path | None:
    path = (site / target).resolve()
    if not path.is_relative_to(site.resolve()):
        return None
    if path.is_dir() or directory:
        path = path / "index.html"
    return path if path.is_file() else None
