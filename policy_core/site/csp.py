"""What only post-processing can do for a strict Content-Security-Policy (``default-src 'self'; script-src 'self'``).

The theme writes small inline scripts into every page and ``data:`` SVG icons into its stylesheets;
a strict policy blocks both. Each inline script becomes a file named by its content, loaded in the
same place (so the order of scripts is kept), and each icon a file beside the others.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import unquote

INLINE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)
DATA_SVG = re.compile(r"""url\((?P<quote>["']?)data:image/svg\+xml;charset=utf-8,(?P<svg>.*?)(?P=quote)\)""")


def scripts_to_files(output: str, site: Path, prefix: str) -> str:
    """Move inline scripts into files (``prefix`` leads from the page to the site's root)."""

    def to_file(match: re.Match[str]) -> str:
        body = match["body"]
        name = f"assets/inline/{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
        target = site / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        return f'<script src="{prefix}{name}"></script>'

    return INLINE_SCRIPT.sub(to_file, output)


def icons_to_files(site: Path) -> None:
    """Move the theme's `data:` SVG icons into files: `default-src 'self'` blocks `data:` images."""
    icons = site / "assets" / "icons"
    for stylesheet in site.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")

        def to_file(match: re.Match[str], here: Path = stylesheet.parent) -> str:
            svg = unquote(match["svg"])
            target = icons / f"{hashlib.sha256(svg.encode()).hexdigest()[:16]}.svg"
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(svg, encoding="utf-8")
            return f'url("{Path(os.path.relpath(target, here)).as_posix()}")'

        rewritten = DATA_SVG.sub(to_file, css)
        if rewritten != css:
            stylesheet.write_text(rewritten, encoding="utf-8")
