"""An Atom feed of a policy's versions: a static file, so subscribers need no script.

Atom needs absolute links, so the feed is made from the site's published address (``site_url``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from ..engine import Policy
from ..versions import Version, with_previous
from .history import DiffOf

ATOM = "http://www.w3.org/2005/Atom"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # names compared, nothing bound


def site_url_problem(site_url: str | None) -> str | None:
    """Why ``site_url`` cannot give a feed its absolute links, or ``None`` when it can."""
    if not site_url:
        return "site_url is not set in mkdocs.yml, so the Atom feeds of policy versions have no address to link to"
    host = urlsplit(site_url).hostname or ""
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return f"site_url is {site_url}, a local address: the Atom feeds link there until it is the published one"
    return None


def atom_feed(
    policy: Policy, found: list[Version], *, diff_of: DiffOf, site_url: str, page_url: Callable[[str], str], feed_path: str
) -> str:
    """The feed of ``found`` (oldest first), newest entry first; ``page_url`` maps a version id to its site path."""
    base = site_url if site_url.endswith("/") else f"{site_url}/"
    feed = etree.Element("feed", xmlns=ATOM)
    _text(feed, "title", f"{policy.title}: versions")
    _text(feed, "id", urljoin(base, feed_path))
    etree.SubElement(feed, "link", rel="self", href=urljoin(base, feed_path), type="application/atom+xml")
    newest = found[-1] if found else None
    _text(feed, "updated", _stamp(newest.id if newest else policy.updated.isoformat()))
    author = etree.SubElement(feed, "author")
    _text(author, "name", policy.vendor)
    for version, previous in with_previous(found):
        if not version.released:
            continue  # a feed announces published versions only
        entry = etree.SubElement(feed, "entry")
        url = urljoin(base, page_url(version.id))
        _text(entry, "title", f"{policy.title}, version of {version.label}")
        _text(entry, "id", f"{url}#{version.hash}")
        etree.SubElement(entry, "link", rel="alternate", href=url, type="text/html")
        _text(entry, "updated", _stamp(version.id))
        change = "The first published version." if previous is None else diff_of(previous.policy, version.policy).headline()
        _text(entry, "summary", change)
    body: str = etree.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _text(parent: etree.Element, tag: str, text: str) -> None:
    etree.SubElement(parent, tag).text = text


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"
