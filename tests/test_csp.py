"""The post-processing a strict Content-Security-Policy needs: inline scripts and data: icons become files."""

from __future__ import annotations

from pathlib import Path

from policy_core.site.csp import icons_to_files, scripts_to_files


def test_inline_scripts_become_files_in_the_same_place(tmp_path: Path) -> None:
    page = '<head><script>var a=1</script><script src="x.js"></script></head><body><script>var b=2</script></body>'
    out = scripts_to_files(page, tmp_path, "../")
    assert "<script>" not in out
    sources = [part.split('"')[0] for part in out.split('<script src="')[1:]]
    assert sources[1] == "x.js", "a script that was a file stays as it was, in its place"
    first, last = (tmp_path / s.removeprefix("../") for s in (sources[0], sources[2]))
    assert first.read_text(encoding="utf-8") == "var a=1"
    assert last.read_text(encoding="utf-8") == "var b=2"
    assert scripts_to_files(page, tmp_path, "../") == out, "the same script is the same file"


def test_data_icons_in_stylesheets_become_files(tmp_path: Path) -> None:
    css = tmp_path / "assets" / "stylesheets" / "main.css"
    css.parent.mkdir(parents=True)
    css.write_text('.a{mask-image:url("data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C/svg%3E")}.b{color:red}', encoding="utf-8")
    icons_to_files(tmp_path)
    text = css.read_text(encoding="utf-8")
    assert "data:" not in text
    assert ".b{color:red}" in text
    relative = text.split('url("')[1].split('")')[0]
    assert (css.parent / relative).read_text(encoding="utf-8") == "<svg></svg>"
