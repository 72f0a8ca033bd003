"""Policy text never brings script onto a page: validation rejects it, and the renderer strips it."""

from __future__ import annotations

import pytest

from policy_core import InvalidPolicyError, load_policy
from policy_core.site.sanitize import sanitize_html

from .conftest import FIXTURES


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Hi <script>alert(1)</script>there</p>", "<p>Hi there</p>"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"),
        (
            '<a href="https://example.com/a?b=1&amp;c=2" title="t">x</a>',
            '<a href="https://example.com/a?b=1&amp;c=2" title="t">x</a>',
        ),
        ('<a href="#not-supported.network">x</a>', '<a href="#not-supported.network">x</a>'),
        ('<img src="https://tracker.example/pixel.gif" alt="p">', '<img alt="p">'),
        ('<img src="//tracker.example/pixel.gif">', "<img>"),
        ("<style>body{}</style><iframe src=x></iframe><b>ok</b>", "<b>ok</b>"),
        (
            '<div style="x" class="note"><em>fine</em> &amp; <code>1 &lt; 2</code></div>',
            '<div class="note"><em>fine</em> &amp; <code>1 &lt; 2</code></div>',
        ),
        ("<svg viewBox='0 0 24 24'><path d='M0 0'/></svg>", '<svg viewbox="0 0 24 24"><path d="M0 0"></path></svg>'),
        ("<form><input name=x></form>", ""),
    ],
)
def test_sanitize_html(markup: str, expected: str) -> None:
    assert sanitize_html(markup) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello <script>alert(1)</script>", "contains a <script> element"),
        ('<img src="x" onerror="alert(1)">', "contains an event handler attribute (onerror=)"),
        ("[click](javascript:alert(1))", "contains a javascript: URL"),
        ('<iframe src="/"></iframe>', "contains a <iframe> element"),
    ],
)
def test_validation_rejects_unsafe_text(tmp_path, text: str, message: str) -> None:
    source = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    path = tmp_path / "minimal.yml"
    path.write_text(source.replace("text: Your hardware.", f"text: '{text}'"), encoding="utf-8")
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == f"{path}:23:15: 'text' {message}, which is not allowed in policy text"
