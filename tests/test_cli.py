"""The command line, run as a user runs it: exit codes, output, --help at every level."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import FIXTURES, ROOT

COMMANDS = ("validate", "check", "questions", "ask", "cases", "diff", "release", "history", "runtime", "schema")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policy_core", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, check=False
    )


def test_validate_the_reference_policies_prints_nothing() -> None:
    result = run("validate")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_validate_reports_every_mistake_of_every_file() -> None:
    broken = FIXTURES / "broken"
    result = run("validate", str(broken / "many-mistakes.yml"), str(broken / "bad-yaml.yml"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert lines[0] == (
        f"{broken / 'bad-yaml.yml'}:7:18: this value holds ': ', which YAML reads as a new key: put the whole value in quotes"
    )


# The engine tests' synthetic policy, so that a writer's edit to a reference policy leaves these alone.
ENGINE = ("--policies", str(FIXTURES))
FIXTURE_IDS = ", ".join(sorted(path.stem for path in FIXTURES.glob("*.yml")))


def test_check_json() -> None:
    result = run(*ENGINE, "check", "engine", "--answer", "issue=outside", "--today", "2026-06-15", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["policy"] == "engine"
    assert data["outcome"] == "not-supported"
    assert [c["id"] for c in data["clauses"]] == ["not-supported.outside"]
    assert data["clauses"][0]["section"] == "Not supported"
    assert data["next"] == []
    assert data["steps"] == ["Support will not take this on."]


def test_check_incomplete_lists_next_questions() -> None:
    result = run(*ENGINE, "check", "engine", "--answer", "issue=how-to", "--today", "2026-06-15", "--json")
    data = json.loads(result.stdout)
    assert data["outcome"] == "incomplete"
    assert data["next"] == ["release", "purchased", "filer"]


def test_check_by_path() -> None:
    result = run("check", str(FIXTURES / "minimal.yml"), "--answer", "issue=hardware")
    assert result.returncode == 0
    assert "Not supported" in result.stdout
    assert "[not-supported.hardware] Not supported: Your hardware." in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("check", "engine", "--answer", "isue=how-to"),
            1,
            "answer isue='how-to': the policy asks no such question (did you mean 'issue'?)",
        ),
        (
            ("check", "engine", "--answer", "purchased=2099-01-01", "--today", "2026-06-15"),
            1,
            "answer purchased='2099-01-01': the date must be today (15 June 2026) or earlier",
        ),
        (("check", "engine", "--answer", "issue"), 2, "--answer 'issue': write QUESTION=VALUE"),
        (("check", "nosuch"), 2, f"no policy 'nosuch' in {FIXTURES} (policies there: {FIXTURE_IDS})"),
        (("check", "engine", "--today", "tomorrow"), 2, "--today 'tomorrow': expected a date as YYYY-MM-DD"),
        (("frobnicate",), 2, "invalid choice: 'frobnicate'"),
        ((), 2, "the following arguments are required: COMMAND"),
    ],
)
def test_errors_and_exit_codes(args: tuple[str, ...], code: int, message: str) -> None:
    result = run(*ENGINE, *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_at_every_level(command: str | None) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: policy-core")


def test_questions_json() -> None:
    data = json.loads(run(*ENGINE, "questions", "engine", "--json").stdout)
    ids = [q["id"] for q in data["questions"]]
    assert ids == ["issue", "plugin", "release", "purchased", "renewal", "filer"]
    renewal = next(q for q in data["questions"] if q["id"] == "renewal")
    assert renewal["type"] == "date"
    assert renewal["options"] == [{"id": "not-renewed", "label": "I have not renewed"}]
    assert renewal["when"] == {"question": "purchased", "in": ["after"]}


def test_cases_text_and_json_agree() -> None:
    text = run(*ENGINE, "cases", "engine").stdout
    data = json.loads(run(*ENGINE, "cases", "engine", "--json").stdout)
    assert text.splitlines()[-1].startswith(f"{len(data['cases'])} cases: ")
    assert all(case["outcome"] != "incomplete" for case in data["cases"])


def test_ask_walks_to_a_verdict() -> None:
    replies = "1\n1\n2026-06-01\n1\n"  # how-to; the latest release; bought this month; I file
    result = run(*ENGINE, "ask", "engine", "--today", "2026-06-15", stdin=replies)
    assert result.returncode == 0, result.stderr
    assert "What is your issue about?" in result.stdout
    assert "Until when does your renewed support run?" not in result.stdout  # never needed
    assert result.stdout.rstrip().endswith("Email support.")
    assert "\nSupported\n" in result.stdout


def test_ask_settles_early_and_retries_bad_answers() -> None:
    replies = "99\n2026-02-30\n3\n"  # out of range (taken as text), then a date, then "Other software"
    result = run(*ENGINE, "ask", "engine", "--today", "2026-06-15", stdin=replies)
    assert result.returncode == 0
    assert result.stdout.count("That answer does not work") == 2
    assert "Not supported" in result.stdout
    assert "When did you buy your license?" not in result.stdout


def test_ask_without_input_stops_cleanly() -> None:
    result = run(*ENGINE, "ask", "engine", stdin="")
    assert result.returncode == 1
    assert "Stopped before a verdict." in result.stdout


def test_console_script_is_installed() -> None:
    script = ROOT / ".venv" / "bin" / "policy-core"
    if not script.exists():
        script_path = subprocess.run(["which", "policy-core"], capture_output=True, text=True, check=False).stdout.strip()
        assert script_path, "the policy-core console script is not installed"
        script = type(script)(script_path)
    result = subprocess.run([str(script), "validate"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0


def _summary_for(answers: dict[str, str], on: str) -> tuple[str, str]:
    import datetime as dt  # noqa: PLC0415

    from policy_core import check, content_hash, load_policy, make_fragment, ticket_summary  # noqa: PLC0415

    policy = load_policy(FIXTURES / "engine.yml")
    day = dt.date.fromisoformat(on)
    link = f"https://support.example.com/engine/check/#{make_fragment(answers, day, content_hash(policy))}"
    return link, ticket_summary(policy, check(policy, answers, day), answers, link)


CLEAN = {"issue": "how-to", "release": "latest", "purchased": "2026-03-01", "filer": "customer"}


def test_check_a_link_shows_the_customers_verdict_and_todays() -> None:
    link, _ = _summary_for(CLEAN, "2026-06-15")
    result = run(*ENGINE, "check", "--link", link, "--today", "2027-06-15")  # the policy id comes from the address
    assert result.returncode == 0, result.stderr
    assert "As checked on 15 June 2026, under the policy of 1 May 2026 (the customer's check)" in result.stdout
    assert "\nSupported\n" in result.stdout
    assert "Today (15 June 2027), under today's policy, it would differ:" in result.stdout


def test_check_a_pasted_summary_from_standard_input() -> None:
    _, summary = _summary_for(CLEAN, "2026-06-15")
    result = run(*ENGINE, "check", "engine", "--summary", "-", "--today", "2026-06-15", "--json", stdin=summary)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["verdict"]["outcome"] == "supported"
    assert reply["link"]["checked_on"] == "2026-06-15"
    assert reply["today"] is None
    assert reply["summary_mismatch"] is None


def test_an_edited_summary_disagrees_with_its_own_link() -> None:
    _, summary = _summary_for({**CLEAN, "release": "older"}, "2026-06-15")
    verdict_line = next(line for line in summary.splitlines() if line.startswith("Verdict: "))
    assert verdict_line != "Verdict: Supported"
    edited = summary.replace(verdict_line, "Verdict: Supported")
    honest = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=summary)
    assert honest.returncode == 0, honest.stderr
    assert "The summary agrees with its link (check code " in honest.stdout
    result = run(*ENGINE, "check", "--summary", "-", "--today", "2026-06-15", stdin=edited)
    assert result.returncode == 1
    assert "the summary says 'Verdict: Supported'" in result.stderr
    assert "the summary was changed" in result.stderr


def test_a_damaged_link_keeps_what_it_can() -> None:
    link, _ = _summary_for(CLEAN, "2026-06-15")
    damaged = link.replace("filer=customer", "filer=cust") + "&bogus=1"  # cut short by hand, and a stray key
    result = run(*ENGINE, "check", "--link", damaged, "--today", "2026-06-15")
    assert result.returncode == 0, result.stderr
    assert 'Note: The link\'s answer to "Who files the ticket?" (cust) could not be used' in result.stdout
    assert "Note: The link holds 'bogus', which is no question of this policy; it is left out." in result.stdout
    assert "Still to answer:" in result.stdout


def test_a_summary_without_a_link_is_a_usage_error() -> None:
    result = run(*ENGINE, "check", "engine", "--summary", "-", stdin="Verdict: Supported\n")
    assert result.returncode == 2
    assert "has no 'Link:' line" in result.stderr


def test_output_piped_into_head_ends_quietly() -> None:
    pipeline = subprocess.run(
        # Far more than a pipe holds, so that the writer is still writing when `head` has gone.
        f"{sys.executable} -m policy_core cases interspire --json | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pipeline.stdout.count("\n") == 1
    assert "Traceback" not in pipeline.stderr
    assert "BrokenPipeError" not in pipeline.stderr
