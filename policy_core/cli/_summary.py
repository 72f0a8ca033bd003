"""A ticket summary read back as mail and forms leave it: quoted, wrapped, bracketed, collapsed, inside a message.

The summary the page writes (``engine.ticket_summary``) is a few ``Key: value`` lines, an
``Answers:`` list whose items end in ``(question=value)``, and a ``Link: <…>`` line last; it folds
its own lines at 72 columns, later parts indented, so that mail leaves them alone. On its way to
an agent it is quoted (``> `` at any depth), re-wrapped (an address broken across lines, or moved
below ``Link:``), put in angle brackets, given CRLF line ends, collapsed onto one line, or sent
inside a longer message with other summaries quoted below. This reads the first summary of the
message whatever happened to it, and keeps what was repaired as notes for the agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..engine import parse_fragment

KEYS = ("Support policy", "Verdict", "First", "Deciding clauses", "Answers", "Checked on", "Check code", "Link")
_KEY = re.compile(rf"^(?P<key>{'|'.join(map(re.escape, KEYS))}):\s*(?P<value>.*)$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MID_LINE_KEY = re.compile(rf"\s+(?=(?:{'|'.join(map(re.escape, KEYS))}):)")
_ANSWER = re.compile(r"\((?P<question>[a-z0-9]+(?:-[a-z0-9]+)*)=(?P<value>[^()\s]+)\)\s*$")
_VERSION = re.compile(r"\((?P<version>\d{4}-\d{2}-\d{2}\.[0-9a-f]+)\)\s*$")
_POLICY_ID = re.compile(r"\((?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\), version of ")


@dataclass
class ReadSummary:
    """What a pasted summary says, as far as it can be read."""

    policy: str | None = None
    """The policy id its first line names."""
    verdict: str | None = None
    verdict_after: list[str] = field(default_factory=list)
    """The lines after the verdict up to the next key: where a re-wrap may have moved its last words."""
    code: str | None = None
    version: str | None = None
    """The policy version its first line names (``2026-11-23.7b1199dcc0dd484d``)."""
    answers: dict[str, str] = field(default_factory=dict)
    """Its ``Answers:`` items, question id to value, from the ``(question=value)`` each ends with."""
    links: list[str] = field(default_factory=list)
    """The link as written, then the link with each following line joined on (a wrapped address)."""
    checked_on: str | None = None
    verdicts: list[str] = field(default_factory=list)
    """Every ``Verdict:`` line of the whole message: more than one is named to the agent."""
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_summary(text: str) -> ReadSummary:
    """Read the first ticket summary in ``text``; see the module's docstring for what it survives."""
    lines = _lines(text)
    found = ReadSummary()
    for line in lines:
        match = _KEY.match(line)
        if match and match["key"] == "Verdict":
            found.verdicts.append(match["value"].strip())
        elif match and match["key"] == "Check code":
            found.codes.append(match["value"].strip())
    start = next((i for i, line in enumerate(lines) if line.startswith("Support policy:")), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if _KEY.match(line)), len(lines))
    _read_block(lines[start:], found)
    return found


def _lines(text: str) -> list[str]:
    """The message's lines, unquoted, with keys a collapsed paste ran together put back on lines of their own."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        unquoted = _QUOTE.sub("", raw)
        line = unquoted.strip()
        if line and unquoted[:1] in (" ", "\t") and out and out[-1] and not _KEY.match(line):
            out[-1] = f"{out[-1]} {line}"  # a line the summary folded itself (``folded``): joined back, as mail headers are
            continue
        pieces = _MID_LINE_KEY.split(line)
        if len(pieces) > 1:  # whitespace collapsed (a one-line form field): each key and list item on a line again
            out += [item for piece in pieces for item in re.split(r"\s+(?=- \S)", piece)]
        else:
            out.append(line)
    return out


def _read_block(lines: list[str], found: ReadSummary) -> None:
    """Read one summary from its first line: its keys, its answers, and its link with its continuations."""
    in_answers = False
    for index, line in enumerate(lines):
        match = _KEY.match(line)
        if match is None:
            if in_answers and line.startswith("- "):
                _answer(line, lines[index + 1 :], found)
            continue
        key, value = match["key"], match["value"].strip()
        in_answers = key == "Answers"
        if key == "Support policy" and found.version is None:
            version, policy = _VERSION.search(value), _POLICY_ID.search(value)
            found.version = version["version"] if version else None
            found.policy = policy["id"] if policy else None
        elif key == "Verdict" and found.verdict is None:
            found.verdict = value
            found.verdict_after = _until_key(lines[index + 1 :])
        elif key == "Check code" and found.code is None:
            found.code = value
        elif key == "Checked on" and found.checked_on is None:
            found.checked_on = value.split(" ")[0]
        elif key == "Link":
            found.links = _link_candidates(value, lines[index + 1 :], found)
            return  # the link is a summary's last line: what follows is another message


def _until_key(lines: list[str]) -> list[str]:
    after = []
    for line in lines:
        if not line or line.startswith("- ") or _KEY.match(line):
            break
        after.append(line)
    return after


def said_verdict(found: ReadSummary, headline: str, facts: tuple[str, ...] = ()) -> str | None:
    """The summary's verdict: as written, or with the words a re-wrap moved below it when they complete ``headline``.

    A summary collapsed onto one line runs the verdict's stated dates (``facts``, each a sentence
    below it) into its value: exactly those, after the headline, are the headline.
    """
    said = found.verdict
    for more in found.verdict_after:
        if said is None or said == headline:
            break
        said = f"{said} {more}"
    if said is not None and facts and " ".join(said.split()) == " ".join([headline, *(f"{fact}." for fact in facts)]):
        return headline
    return said if said == headline else found.verdict


def _answer(line: str, rest: list[str], found: ReadSummary) -> None:
    """An answer item, with the lines a re-wrap moved its end to (up to the next item or key)."""
    text = line
    for more in rest:
        if not more or more.startswith("- ") or _KEY.match(more):
            break
        text = f"{text} {more}"
    match = _ANSWER.search(text)
    if match:
        found.answers[match["question"]] = match["value"]


def _link_candidates(value: str, rest: list[str], found: ReadSummary) -> list[str]:
    """The link as written (or on the next line, if the re-wrap moved it), then with each following
    line joined on: a wrapped address continues on lines without spaces, right below it."""
    following = list(rest)
    if not value:
        while following and not following[0]:
            following.pop(0)
        if not following:
            return []
        value = following.pop(0)
        found.notes.append("The link was on the line below 'Link:'.")
    link = _unbracket(value)
    candidates = [link]
    for more in following:
        if not more or " " in more or _KEY.match(more):
            break
        link += _unbracket(more)
        candidates.append(link)
    return candidates


def _unbracket(text: str) -> str:
    """An address as mail writes it, ``<https://…>``, without its brackets."""
    return text.strip().removeprefix("<").removesuffix(">").strip()


def best_link(found: ReadSummary) -> str | None:
    """The candidate link that holds the summary's own answers (else the longest that holds a check)."""
    readable = [(link, shared) for link in found.links if (shared := parse_fragment(link)) is not None]
    agreeing = [link for link, shared in readable if dict(shared.answers) == found.answers]
    if agreeing:
        chosen = agreeing[0]
    elif readable:
        chosen = readable[-1][0]
    else:
        return None
    if chosen != found.links[0]:
        found.notes.append("The link was broken across lines; its pieces were joined.")
    return chosen
