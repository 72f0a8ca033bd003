"""Policy text never brings script, styles or outside requests onto a page. Two layers, each tested alone:
validation says what is wrong and where; the sanitiser guarantees the output whatever validation said."""

from __future__ import annotations

import pytest

from policy_core import InvalidPolicyError, load_policy
from policy_core.authoring.text import findings, sanitize
from policy_core.site.text import render_text

from .conftest import FIXTURES


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Hi <script>alert(1)</script>there</p>", "<p>Hi there</p>"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href=" jav&#x09;ascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="javascript&colon;alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.com/a?b=1&amp;c=2" title="t">x</a>',
            '<a href="https://example.com/a?b=1&amp;c=2" title="t" rel="noopener noreferrer">x</a>',
        ),
        ('<a href="#not-supported.network">x</a>', '<a href="#not-supported.network" rel="noopener noreferrer">x</a>'),
        ('<a href="//evil.example/">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<img src="https://tracker.example/pixel.gif" alt="p">', '<img alt="p">'),
        ('<img src="//tracker.example/pixel.gif">', "<img>"),
        ('<img src="/\\tracker.example/pixel.gif">', "<img>"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img>"),
        ('<img src="../images/logo.png">', '<img src="../images/logo.png">'),
        ("<style>body{}</style><iframe src=x></iframe><b>ok</b>", "<b>ok</b>"),
        ('<p style="position:fixed" class="md-header" id="supported.how-to">x</p>', "<p>x</p>"),
        ("<svg><animate values='javascript:alert(1)'/><use href='#x'/></svg>ok", "ok"),
        ("<math><a xlink:href='javascript:alert(1)'>x</a></math>ok", "ok"),
        ("<p>open</div></li></ul>", "<p>open</p>"),  # stray end tags cannot close the page's wrappers
        ("<form><input name=x></form>", ""),
    ],
)
def test_the_sanitiser_keeps_only_the_allow_list(markup: str, expected: str) -> None:
    assert sanitize(markup) == expected


def test_ordinary_markdown_is_kept_whole_and_never_reported() -> None:
    source = "JavaScript: enable it in your browser.\n\n| a | b |\n|:-|-:|\n| *1* | `<b>` |\n\n1. [guide](https://x.example/g)\n2. <mailto:a@b.example>"
    html = render_text(source)
    assert findings(source) == []
    assert "<p>JavaScript: enable it in your browser.</p>" in html
    assert '<th align="left">a</th>' in html
    assert "<code>&lt;b&gt;</code>" in html
    assert '<a href="mailto:a@b.example"' in html


def test_attribute_lists_are_not_read_in_policy_text() -> None:
    assert (
        render_text('A title {: onclick="alert(1)" #id .md-header }') == '<p>A title {: onclick="alert(1)" #id .md-header }</p>'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello <script>alert(1)</script>", "the <script> element is not allowed in policy text; it cannot run code"),
        ('<img src="x" onerror="alert(1)">', "the onerror attribute is not allowed: policy text cannot run code"),
        ("[click](javascript:alert(1))", "this link uses a javascript: address; use https:"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "this link uses a javascript: address; use https:"),
        ("[plain](http://example.com)", "this link uses an http: address; use https:"),
        (
            "![pixel](https://tracker.example/p.gif)",
            "images must come from this site; this one is at https://tracker.example/p.gif",
        ),
        ('<b style="color:red">x</b>', "the style attribute is not allowed: the site sets its own ids, classes and styles"),
        ("</div></li>", "the end tag </div> closes nothing opened in this text; remove it"),
    ],
)
def test_validation_says_what_is_wrong_at_its_line(tmp_path, text: str, message: str) -> None:
    source = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    path = tmp_path / "minimal.yml"
    path.write_text(source.replace("text: Your hardware.", f"text: '{text}'"), encoding="utf-8")
    with pytest.raises(InvalidPolicyError) as caught:
        load_policy(path)
    assert str(caught.value).startswith(f"{path}:23:15: 'text': {message}")
