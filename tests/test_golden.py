"""Golden files for the Markdown extension: each tests/golden/<id>.yml policy and its expected <id>.html.

Regenerate after an intended change, then review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yml"))
PAGE = """\
/// policy | {id}
///

/// policy-check | {id}
///

/// policy-cases | {id}
///
"""


def render(policy_id: str) -> str:
    md = markdown.Markdown(
        extensions=["admonition", "attr_list", "md_in_html", "tables", "toc", "policy_core.site.markdown"],
        extension_configs={"policy_core.site.markdown": {"policies": str(GOLDEN)}},
    )
    return md.convert(PAGE.format(id=policy_id)) + "\n"


@pytest.mark.parametrize("case", CASES)
def test_rendered_html_matches_golden(case: str) -> None:
    expected_path = GOLDEN / f"{case}.html"
    html = render(case)
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(html, encoding="utf-8")
    assert html == expected_path.read_text(encoding="utf-8")


def test_every_golden_policy_has_its_html() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.html")) == CASES
