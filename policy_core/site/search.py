"""Clauses in the site search: each clause its own result, at its own anchor.

The theme's search indexes a page by its headings, so a clause's words would only ever find its
section. After the theme has written its index, each clause is added as an entry of its own
(located at the clause's anchor on the policy page, titled by its section), so a search for
"customized code" leads to the clause that says it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..engine import Policy


def clause_entries(policy: Policy, location: str, clause_html: Mapping[str, str]) -> list[dict[str, Any]]:
    """An index entry per clause of ``policy``, whose page is at ``location`` (site-relative)."""
    return [
        {
            "location": f"{location}#{clause.id}",
            "title": html.escape(clause.section_title),  # the theme shows titles as HTML
            "text": clause_html.get(clause.id, clause.text),
            "boost": 2,  # above the section that repeats it: the clause is the exact place
        }
        for clause in policy.clauses.values()
    ]


def add_to_search_index(index: Path, entries: list[dict[str, Any]]) -> None:
    """Append ``entries`` to the theme's ``search_index.json``; a site without search is left alone."""
    if not index.is_file() or not entries:
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    known = {doc["location"] for doc in data["docs"]}
    data["docs"] += [entry for entry in entries if entry["location"] not in known]
    index.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
