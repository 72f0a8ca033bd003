"""One reading of a share link: the widget fills its form by the checker's rules, tested on one corpus.

The page reads a link before the checker is ready (to show the answers at once); the checker
reads it to decide. Each case goes through both: ``parse_fragment`` in Python and
``readShareLink`` from ``widget/policy-check.js`` in Node, and the two must agree exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from policy_core.engine import MAX_LINK_CHARS, make_fragment, parse_fragment

HERE = Path(__file__).resolve().parent

CASES = {
    "plain": "#check:v=2&on=2026-06-15&issue=database&purchased=2026-01-10",
    "a question mark first": "#check:?issue=database",  # a page once pre-selected 'database'; the checker never did
    "empty pieces": "#check:&&issue=a&&",
    "given twice": "#check:issue=a&issue=b",
    "plus and percent": "#check:issue=a+b%20c",
    "bad percent": "#check:issue=%ZZ%E2%80&other=%",
    "not UTF-8": "#check:issue=%FF%FE",
    "no equals": "#check:issue",
    "no key": "#check:=x",
    "equals in the value": "#check:issue=a=b",
    "semicolons": "#check:issue=a;b=c",
    "object names": "#check:__proto__=x&constructor=y&hasOwnProperty=z",
    "meta only": "#check:v=2&on=x&policy=p&tz=%2B01:00",
    "a hash inside": "#check:issue=a#b",
    "bidi and escapes": "#check:issue=%E2%80%AEdetroppus&%1B%5B2J=x",
    "not a link": "#other=1",
    "empty": "",
    "many answers past the limit": "#check:" + "&".join(f"q{i}=a" for i in range(10_000)),
    "one answer past the limit": "#check:q=" + "a" * (MAX_LINK_CHARS + 10),
    "exactly at the limit": "#check:" + "q=" + "a" * (MAX_LINK_CHARS - len("check:q=")),
    "one past the limit": "#check:p=1&" + "q=" + "a" * (MAX_LINK_CHARS - len("check:p=1&q=") + 1),
    "the cut on an ampersand": "#check:" + "a" * (MAX_LINK_CHARS - len("check:") - 4) + "=1&" + "b=2&c=3",
}


def python_reading(link: str) -> dict[str, str] | None:
    shared = parse_fragment(link) if link.startswith("#") else None
    return None if shared is None else dict(shared.answers)


@pytest.fixture(scope="module")
def widget_readings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str] | None]:
    node = shutil.which("node")
    assert node, "Node.js runs the widget's reader (bash .ci/setup installs it with the Pyodide runtime)"
    corpus = tmp_path_factory.mktemp("links") / "corpus.json"
    corpus.write_text(json.dumps([{"name": name, "link": link} for name, link in CASES.items()]), encoding="utf-8")
    result = subprocess.run(
        [node, str(HERE / "links" / "read_links.mjs"), str(corpus)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


@pytest.mark.parametrize("name", CASES)
def test_the_widget_reads_a_link_as_the_checker_does(widget_readings: dict[str, dict[str, str] | None], name: str) -> None:
    assert widget_readings[name] == python_reading(CASES[name])


def test_a_link_past_the_limit_is_read_up_to_its_last_whole_answer() -> None:
    many = python_reading(CASES["many answers past the limit"])
    assert many is not None
    assert 0 < len(many) < 10_000
    assert set(many.values()) == {"a"}
    assert python_reading(CASES["one answer past the limit"]) == {}  # no whole answer within the limit
    assert python_reading(CASES["a question mark first"]) == {"?issue": "database"}


# Answers of every kind the page writes before its checker is ready (issue 34), with offsets either side of UTC.
WRITTEN = {
    "an option": ({"issue": "how-to"}, "+00:00"),
    "a date": ({"issue": "how-to", "purchased": "2026-03-01"}, "+05:45"),
    "an extra answer of a date question": ({"issue": "how-to", "renewal": "not-renewed"}, "-03:30"),
    "every kind, a day ahead": ({"issue": "how-to", "purchased": "2026-03-01", "renewal": "not-renewed"}, "+14:00"),
}


def test_the_widget_writes_a_link_as_the_checker_does(tmp_path: Path) -> None:
    """The page writes each answer into the address at once; policy_core must write and read it the same way."""
    on, version = dt.date(2026, 6, 15), "2026-05-01.5d5f864e9b025cb0"
    corpus = [
        {"name": name, "answers": answers, "on": on.isoformat(), "version": version, "tz": tz}
        for name, (answers, tz) in WRITTEN.items()
    ]
    path = tmp_path / "written.json"
    path.write_text(json.dumps(corpus), encoding="utf-8")
    node = shutil.which("node")
    assert node, "Node.js runs the widget's writer"
    result = subprocess.run(
        [node, str(HERE / "links" / "make_links.mjs"), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout)
    for name, (answers, tz) in WRITTEN.items():
        assert made[name] == make_fragment(answers, on, version, tz), name
        shared = parse_fragment(made[name])
        assert shared is not None
        assert (dict(shared.answers), shared.checked_on, shared.version, shared.tz) == (answers, on, version, tz), name
