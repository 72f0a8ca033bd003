"""What in a site's configuration would make its pages request something outside its own origin.

The product promises a site that makes no request outside its origin (no CDN, no web fonts, no
analytics), so that a customer's answers and visit stay private and the pages work under a strict
Content-Security-Policy. A vendor's existing ``mkdocs.yml`` can break that promise without a word:
Material loads Google Fonts unless ``font: false``, and so on. The plugin warns about each, so that
``mkdocs build --strict`` fails on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit


def _outside(url: object) -> bool:
    """Whether ``url`` leads to another origin (``https://…`` or ``//…``), rather than to the site itself."""
    text = str(getattr(url, "path", url) or "")
    parts = urlsplit(text)
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def outside_requests(
    theme: Mapping[str, Any],
    plugins: Iterable[str],
    extra: Mapping[str, Any],
    assets: Iterable[object],
    repo_url: str | None,
) -> list[str]:
    """One message per setting that makes the pages fetch from another origin."""
    found: list[str] = []
    material = theme.get("name") == "material"
    if material and theme.get("font", {}) is not False:
        found.append(
            "theme.font is not false: Material then loads its fonts from Google Fonts on every page. "
            "Set `font: false` under `theme:` (system fonts), or self-host them with the privacy plugin"
        )
    plugins = set(plugins)
    if plugins & {"material/social", "social"}:
        found.append("the social plugin downloads fonts at build time and links social cards that other sites fetch")
    if extra.get("analytics"):
        found.append("extra.analytics sends every visit to an analytics service outside the site")
    if material and repo_url:
        # Material's header fetches the repository's stars and forks from its host's API.
        found.append(
            f"repo_url ({repo_url}) makes Material's header fetch the repository's facts from {urlsplit(repo_url).netloc}"
        )
    found += [f"{asset} is loaded from another origin" for asset in assets if _outside(asset)]
    for key in ("logo", "favicon"):
        if _outside(theme.get(key)):
            found.append(f"theme.{key} ({theme.get(key)}) is loaded from another origin")
    return found
