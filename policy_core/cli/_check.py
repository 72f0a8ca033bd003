"""``policy-core check``: a verdict from answers, from a customer's share link, or from a pasted ticket summary.

A link or a summary comes from outside: it is read as data, its policy is an id in the policy
folder (never a path), and what it repeats is echoed short (``engine.echo``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..engine import (
    VERSION_ECHO,
    Policy,
    answer_label,
    check,
    check_request,
    echo,
    human_date,
    make_fragment,
    parse_iso_date,
    version_id,
)
from ..versions import released_versions
from ._common import UsageError, find_policy, folder_of, print_verdict, today_of
from ._summary import ReadSummary, best_link, read_summary, said_verdict


def _read_summary(args: argparse.Namespace) -> str | None:
    if args.summary is None:
        return None
    if args.summary == "-":
        return sys.stdin.read()
    try:
        return Path(args.summary).read_text(encoding="utf-8")
    except IsADirectoryError:
        raise UsageError(f"--summary {args.summary}: this is a folder; give the file that holds the summary") from None
    except OSError as exc:
        raise UsageError(f"--summary {args.summary}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"--summary {args.summary}: it is not UTF-8 text; save the summary as plain UTF-8 text") from None


def _shared_link(args: argparse.Namespace, summary: str | None) -> tuple[str | None, ReadSummary | None]:
    """The share link given with ``--link``, or the one ``--summary`` holds (repaired, or rebuilt from its answers)."""
    if summary is None:
        return (str(args.link) if args.link else None), None
    found = read_summary(summary)
    link = best_link(found) or _rebuilt(found, today_of(args))
    if link is None:
        raise UsageError(
            f"--summary {args.summary}: it has no 'Link:' line to reproduce the check from, nor answers to rebuild it from"
        )
    return link, found


def _rebuilt(found: ReadSummary, today: dt.date) -> str | None:
    """A link made from the summary's own answers, check date and policy version, when its link is lost."""
    if not (found.answers and found.version and found.policy):
        return None
    if found.checked_on is None:  # the step-by-step page's summary of a path with dates: judged on today's date
        found.notes.append("The summary has no link and no check date: its Answers lines are checked on today's date.")
        return f"/{found.policy}/check/#{make_fragment(found.answers, today, found.version)}"
    try:
        day = parse_iso_date(found.checked_on)
    except ValueError:
        return None
    found.notes.append("The summary's link is missing or damaged beyond repair: the check was rebuilt from its Answers lines.")
    return f"/{found.policy}/check/#{make_fragment(found.answers, day, found.version)}"


def _quoted(value: str | None) -> str:
    return f"'{echo(value)}'" if value is not None else "nothing"


def _summary_agrees(found: ReadSummary, reply: dict[str, Any]) -> list[str]:
    """Every way the summary's words differ from what its link holds (nothing when they agree)."""
    differences = []
    headline, code = reply["verdict"]["headline"], reply.get("check_code")
    said = said_verdict(found, headline, tuple(fact["text"] for fact in reply["verdict"].get("facts", [])))
    # What a summary does not say cannot contradict its link (the step-by-step page's summary of a
    # path with dates has no verdict and no code); a second Verdict or Check code line is named below.
    if found.verdict is not None and said != headline:
        differences.append(f"the summary says 'Verdict: {echo(said or '')}', but its link gives '{headline}'")
    if found.code is not None and found.code != code:
        differences.append(f"the summary's check code is {_quoted(found.code)}, its link's is '{code}'")
    version = reply["link"]["version"]
    # A link names its version as date.hash, or (older links) by its hash alone: the hashes must agree.
    if found.version and version and found.version.rpartition(".")[2] != version.rpartition(".")[2]:
        differences.append(f"the summary names policy version '{found.version}', its link '{echo(version, VERSION_ECHO)}'")
    held = reply["link"]["answers"]
    for question in sorted(set(found.answers) | set(held)):
        if found.answers.get(question) != held.get(question):
            said, kept = _quoted(found.answers.get(question)), _quoted(held.get(question))
            differences.append(f"its answer to {echo(question)} reads {said}, but its link holds {kept}")
    for name, values in (("Verdict", found.verdicts), ("Check code", found.codes)):
        if len(set(values)) > 1:
            shown = ", ".join(f"'{echo(v)}'" for v in values[:4])
            differences.append(
                f"the message holds {len(values)} '{name}:' lines ({shown}); only the summary with the link was checked"
            )
    return differences


def _policy_of_link(link: str) -> str | None:
    """The policy id in a check page's address (``…/interspire/check/#check:…``)."""
    parts = urlsplit(link).path.strip("/").split("/")
    return parts[parts.index("check") - 1] if "check" in parts[1:] else None


def _check_link(
    policy: Policy, link: str, today: dt.date, *, as_json: bool, summary: ReadSummary | None, folder: Path, pinned: bool = False
) -> int:
    """The verdict as the customer saw it on the link's day under the version it names, and today's where it differs."""
    archive = {v.hash: v.policy for v in released_versions(folder, policy.id)} if folder.is_dir() else {}
    # The present instant tells whether the link's date had begun in its own time zone; a day the
    # agent pins with --today has no instant.
    now = {} if pinned else {"now": dt.datetime.now(dt.UTC).isoformat()}
    request = json.dumps({"link": link, "today": today.isoformat(), **now})
    reply = json.loads(check_request(policy, request, archive))
    mismatch = (_summary_agrees(summary, reply) or None) if summary is not None and "error" not in reply else None
    if as_json:
        notes = summary.notes if summary is not None else []
        print(json.dumps({**reply, "summary_mismatch": mismatch, "summary_notes": notes}, indent=2, ensure_ascii=False))
        return 1 if "error" in reply or mismatch else 0
    if "error" in reply:
        print(f"{echo(link)}: {reply['error']['message']}", file=sys.stderr)
        return 1
    shared = reply["link"]
    under = archive.get(shared["under"], policy)
    answers = _kept(shared["answers"], shared["dropped"])
    day = parse_iso_date(shared["checked_on"])
    print(f"Policy: {policy.title} ({policy.id}), now the version of {human_date(policy.updated)} ({version_id(policy)})")
    print(f"The link names version {echo(shared['version'], VERSION_ECHO) if shared['version'] else 'none (an older link)'}")
    print(f"{shared['label'] or 'Checked on ' + human_date(day)} (the customer's check)")
    for note in [*(summary.notes if summary is not None else []), *shared["notes"]]:
        print(f"Note: {note}")
    print_verdict(check(under, answers, day), under, sys.stdout)
    _print_answers(under, answers, reply.get("check_code"))
    if shared["compared_today"]:
        now = reply["today"]
        if now is None:
            print(f"\nChecked today ({human_date(today)}) under today's policy, the verdict is the same.")
        elif "error" in now:
            print(f"\nOn today's date ({human_date(today)}) these answers cannot be used: {now['error']['message']}")
        else:
            print(f"\nToday ({human_date(today)}), under today's policy, it would differ:")
            print_verdict(check(policy, _kept(answers, now["dropped"]), max(day, today)), policy, sys.stdout)
    if summary is not None:
        if mismatch:
            print("\nWarning: the summary was changed: what it says is not what its link holds:", file=sys.stderr)
            for difference in mismatch:
                print(f"- {difference}", file=sys.stderr)
            return 1
        print(f"\nThe summary agrees with its link (check code {reply.get('check_code')}).")
    return 0


def _print_answers(policy: Policy, answers: dict[str, str], code: str | None) -> None:
    """What the link holds, as the customer answered, and its check code: what an agent compares with the ticket."""
    print("\nThe customer's answers (from the link):")
    for question, value in answers.items():
        label = answer_label(policy, question, value)
        print(f"  - {echo(policy.question_index[question].prompt)} {echo(label)} ({echo(question)}={echo(value)})")
    if code:
        print(f"Check code: {code}")


def _kept(answers: dict[str, str], dropped: list[dict[str, str]]) -> dict[str, str]:
    left_out = {item["question"] for item in dropped}
    return {q: v for q, v in answers.items() if q not in left_out}


def cmd_check(args: argparse.Namespace) -> int:
    link, summary = _shared_link(args, _read_summary(args))
    if link is not None and args.answer:
        raise UsageError("give the answers with --answer, or a --link or --summary that holds them, not both")
    from_link = args.policy is None
    if from_link:
        args.policy = _policy_of_link(link) if link else None
        if args.policy is None:
            raise UsageError("name the POLICY (it is not in the link's address)")
    policy = find_policy(args, from_link=from_link)
    if link is not None:
        folder = folder_of(args, args.policy)
        pinned = args.today is not None
        return _check_link(policy, link, today_of(args), as_json=args.json, summary=summary, folder=folder, pinned=pinned)
    answers: dict[str, str] = {}
    for pair in args.answer:
        question, sep, value = pair.partition("=")
        if not sep or not question:
            raise UsageError(f"--answer {pair!r}: write QUESTION=VALUE")
        answers[question] = value
    verdict = check(policy, answers, today_of(args))
    if args.json:
        print(json.dumps(verdict.to_json(), indent=2, ensure_ascii=False))
    else:
        print_verdict(verdict, policy, sys.stdout)
    return 0


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``check`` to the CLI's parser (``command`` as in ``cli.build_parser``)."""
    check_cmd = command("check", cmd_check, "Decide the verdict for a set of answers, a share link or a ticket summary.")
    check_cmd.add_argument(
        "policy", metavar="POLICY", nargs="?", help="a policy id or a path to a policy file (optional with a link that names it)"
    )
    check_cmd.add_argument("--answer", action="append", default=[], metavar="QUESTION=VALUE", help="an answer; repeat for each")
    check_cmd.add_argument(
        "--link", metavar="URL", help="a share link: the verdict as the customer saw it, and today's if it differs"
    )
    check_cmd.add_argument(
        "--summary", metavar="FILE", help="a pasted ticket summary (- for standard input): its link is checked"
    )
    check_cmd.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check on (default: today)")
    check_cmd.add_argument("--json", action="store_true", help="print the verdict as JSON")
