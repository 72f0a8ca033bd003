"""A ticket summary as mail and forms leave it: `policy-core check --summary` still reproduces it, and names
every way an edited or spoofed one differs from its link (issue 33)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest

from policy_core import check, check_request, load_policy, make_fragment, ticket_summary, version_id
from policy_core.cli._summary import read_summary

from .conftest import FIXTURES
from .test_cli import ENGINE, run

ON = dt.date(2026, 6, 15)
ANSWERS = {"issue": "how-to", "release": "older", "purchased": "2026-03-01", "filer": "customer"}
POLICY = load_policy(FIXTURES / "engine.yml")
LINK = f"https://support.example.com/engine/check/#{make_fragment(ANSWERS, ON, version_id(POLICY))}"
SUMMARY = ticket_summary(POLICY, check(POLICY, ANSWERS, ON), ANSWERS, LINK)


def quoted(text: str, depth: int = 1) -> str:
    return "\n".join(f"{'> ' * depth}{line}" for line in text.splitlines())


def wrapped(text: str, width: int = 72) -> str:
    """As a mail client re-wraps at 72 columns: words moved to the next line, a long address broken."""
    return "\n".join(textwrap.fill(line, width, break_long_words=True, break_on_hyphens=False) for line in text.splitlines())


def mangled(summary: str, link: str) -> dict[str, str]:
    """``summary`` as mail clients and forms leave it, by kind (its link is ``link``)."""
    return {
        "quoted": quoted(summary),
        "quoted twice": quoted(summary, 2),
        "wrapped at 72 with the address broken": wrapped(summary),
        "wrapped at 40": wrapped(summary, 40),
        "quoted and wrapped": quoted(wrapped(summary, 60)),
        "the address below Link:": summary.replace("Link: ", "Link:\n"),
        "the address without its angle brackets (summaries made before them)": summary.replace(f"<{link}>", link),
        "CRLF line ends": summary.replace("\n", "\r\n"),
        "whitespace collapsed onto one line": " ".join(summary.split()),
        "inside a longer message": (
            f"Hello,\n\nmy check is below.\n\n{summary}\n\nThanks,\nAnna\n\n"
            f"On 1 June, support wrote:\n{quoted(summary.replace('release=older', 'release=latest'))}"
        ),
    }


MANGLED = mangled(SUMMARY, LINK)


@pytest.mark.parametrize("form", list(MANGLED))
def test_a_mangled_summary_reproduces_and_agrees(form: str) -> None:
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=MANGLED[form])
    assert result.returncode == 0, result.stderr
    assert "The summary agrees with its link (check code " in result.stdout
    assert "None" not in result.stdout + result.stderr


def test_a_broken_address_is_joined_and_said_so() -> None:
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=MANGLED["wrapped at 40"])
    assert "Note: The link was broken across lines; its pieces were joined." in result.stdout


def test_a_link_damaged_beyond_repair_is_rebuilt_from_the_answers() -> None:
    damaged = SUMMARY.replace(LINK, LINK[: LINK.index("#") + 4])
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=damaged)
    assert result.returncode == 0, result.stderr
    assert "the check was rebuilt from its Answers lines" in result.stdout
    assert "The summary agrees with its link" in result.stdout


def test_an_edited_answer_is_named() -> None:
    edited = SUMMARY.replace("(release=older)", "(release=latest)")
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", "--json", stdin=edited)
    assert result.returncode == 1
    assert json.loads(result.stdout)["summary_mismatch"] == ["its answer to release reads 'latest', but its link holds 'older'"]


def test_a_spoofed_top_is_named() -> None:
    """A made-up verdict above the real summary, quoted as history: the agent reads the top first."""
    spoof = f"Verdict: Supported\nCheck code: 0000-0000\n\nEarlier:\n{quoted(SUMMARY)}"
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=spoof)
    assert result.returncode == 1
    assert "the message holds 2 'Verdict:' lines ('Supported', " in result.stderr
    assert "the message holds 2 'Check code:' lines ('0000-0000', " in result.stderr


def test_every_difference_is_named_at_once() -> None:
    verdict = next(line for line in SUMMARY.splitlines() if line.startswith("Verdict: "))
    edited = SUMMARY.replace(verdict, "Verdict: Supported").replace("(filer=customer)", "(filer=partner)")
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=edited)
    assert result.returncode == 1
    assert "- the summary says 'Verdict: Supported', but its link gives " in result.stderr
    assert "- its answer to filer reads 'partner', but its link holds 'customer'" in result.stderr


def test_the_agent_sees_the_links_answers_and_its_check_code() -> None:
    result = run(*ENGINE, "check", "--link", LINK, "--today", "2026-06-15")
    assert result.returncode == 0, result.stderr
    assert "The customer's answers (from the link):" in result.stdout
    assert "(release=older)" in result.stdout
    code = next(line for line in SUMMARY.splitlines() if line.startswith("Check code: "))
    assert code in result.stdout


def test_a_link_dated_before_the_version_it_names_is_flagged() -> None:
    early = LINK.replace("on=2026-06-15", "on=2026-01-02")
    result = run(*ENGINE, "check", "--link", early, "--today", "2026-06-15")
    assert "Note: The link's check date, 2 January 2026, is before the policy version it names was published" in result.stdout


def test_the_policies_are_found_from_a_folder_inside_the_project() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from .conftest import ROOT  # noqa: PLC0415

    result = subprocess.run(
        [sys.executable, "-m", "policy_core", "check", "interspire", "--answer", "issue=how-to", "--today", "2026-06-15"],
        cwd=ROOT / "tests" / "fixtures",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Still to answer:" in result.stdout


def test_the_summary_is_written_to_survive_mail() -> None:
    """Lines no longer than 72 (folded at words, later parts indented), the address alone in angle brackets."""
    lines = SUMMARY.splitlines()
    assert lines[-1] == f"Link: <{LINK}>"
    assert all(len(line) <= 72 for line in lines[:-1]), [line for line in lines if len(line) > 72]
    assert any(line.startswith("  ") for line in lines), "the engine fixture's summary has a line to fold"
    for line in lines:
        assert not line.endswith(" "), "a trailing space marks a soft break to format=flowed mail"


def test_a_folded_summary_reads_as_written() -> None:
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", "--json", stdin=SUMMARY)
    reply = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    assert reply["summary_mismatch"] is None
    assert reply["summary_notes"] == [], "nothing of the summary as written needed repair"
    found = read_summary(SUMMARY)  # the folded lines joined back: the version at the end of the first line is read
    assert (found.policy, found.version, found.verdict) == ("engine", version_id(POLICY), check(POLICY, ANSWERS, ON).headline)


def _link_reply(on: dt.date, tz: str, now: str | None) -> dict:
    request = {"link": "#" + make_fragment(ANSWERS, on, version_id(POLICY), tz), "today": "2026-06-15"}
    return json.loads(check_request(POLICY, json.dumps(request | ({"now": now} if now else {}))))


def test_a_link_dated_a_day_that_had_not_begun_in_its_time_zone_is_flagged() -> None:
    """At 20:00 UTC on 15 June it is still 15 June at UTC-10:00: a link from there dated 16 June was changed."""
    reply = _link_reply(dt.date(2026, 6, 16), "-10:00", "2026-06-15T20:00:00+00:00")
    notes = [n for n in reply["link"]["notes"] if "had not yet begun there" in n]
    assert len(notes) == 1, reply["link"]["notes"]
    assert "(UTC-10:00)" in notes[0]
    assert "it is 15 June 2026 there now" in notes[0]
    assert reply["link"]["checked_on"] == "2026-06-15", "judged on today's date, not the impossible one"


def test_a_link_from_a_time_zone_already_a_day_ahead_is_not_flagged() -> None:
    """At 20:00 UTC on 15 June it is 16 June at UTC+14:00: a link from there dated 16 June is the customer's day."""
    reply = _link_reply(dt.date(2026, 6, 16), "+14:00", "2026-06-15T20:00:00+00:00")
    assert not [n for n in reply["link"]["notes"] if "begun" in n]
    assert reply["link"]["checked_on"] == "2026-06-16"
    # Without the viewer's instant (a day the agent pins with --today) nothing is claimed either way.
    assert not [n for n in _link_reply(dt.date(2026, 6, 16), "-10:00", None)["link"]["notes"] if "begun" in n]


def test_the_agents_tool_flags_a_link_dated_a_day_not_yet_begun_there() -> None:
    now = dt.datetime.now(dt.UTC)
    there = (now - dt.timedelta(hours=10)).date()
    link = "#" + make_fragment(ANSWERS, there + dt.timedelta(days=1), version_id(POLICY), "-10:00")
    result = run(*ENGINE, "check", "engine", "--link", link)
    assert result.returncode == 0, result.stderr
    assert "a day that had not yet begun there" in result.stdout
