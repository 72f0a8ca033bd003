"""Links of a built site that lead nowhere: a missing page or file, or an anchor the page lacks.

MkDocs checks the links of the Markdown it converts; a builder without that check (Zensical)
gets this scan of the HTML it wrote, so a wrong link fails the build instead of a customer.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        link = values.get(LINKING.get(tag, ""))
        if link:
            self.links.append(link)


def links_to_nothing(site: Path, root_path: str = "/") -> list[str]:
    """``page.html: link 'href' leads to nothing (why)`` for each link within the site that has no target."""
    parsed: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in parsed:
            parser = parsed[path] = _Page()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        return parsed[path]

    found = []
    for html in sorted(site.rglob("*.html")):
        here = html.relative_to(site).as_posix()
        for link in dict.fromkeys(page(html).links):
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
