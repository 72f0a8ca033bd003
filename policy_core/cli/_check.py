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
from urllib.parse import urlsplit

from ..engine import VERSION_ECHO, Policy, check, check_request, echo, human_date, parse_iso_date, version_id
from ..versions import released_versions
from ._common import UsageError, find_policy, folder_of, print_verdict, today_of


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


def _summary_line(summary: str, name: str) -> str | None:
    """The value of a ``Name: value`` line of a ticket summary (the last one, as pasted)."""
    values = [line.partition(f"{name}:")[2].strip() for line in summary.splitlines() if line.strip().startswith(f"{name}:")]
    return values[-1] if values else None


def _shared_link(args: argparse.Namespace, summary: str | None) -> str | None:
    """The share link given with ``--link``, or read from the ``Link:`` line of ``--summary``."""
    if summary is None:
        return str(args.link) if args.link else None
    link = _summary_line(summary, "Link")
    if link is None:
        raise UsageError(f"--summary {args.summary}: it has no 'Link:' line to reproduce the check from")
    return link


def _summary_agrees(summary: str, reply: dict[str, object]) -> str | None:
    """``None`` when a summary's verdict and check code are its link's; else what disagrees."""
    verdict = reply["verdict"]
    said, code = _summary_line(summary, "Verdict"), _summary_line(summary, "Check code")
    headline = verdict["headline"] if isinstance(verdict, dict) else None
    if said == headline and code == reply.get("check_code"):
        return None
    return (
        f"the summary says 'Verdict: {said}' with check code {code}, "
        f"but its link gives '{headline}' with check code {reply.get('check_code')}: the summary was changed"
    )


def _policy_of_link(link: str) -> str | None:
    """The policy id in a check page's address (``…/interspire/check/#check:…``)."""
    parts = urlsplit(link).path.strip("/").split("/")
    return parts[parts.index("check") - 1] if "check" in parts[1:] else None


def _check_link(policy: Policy, link: str, today: dt.date, *, as_json: bool, summary: str | None, folder: Path) -> int:
    """The verdict as the customer saw it on the link's day under the version it names, and today's where it differs."""
    archive = {v.hash: v.policy for v in released_versions(folder, policy.id)} if folder.is_dir() else {}
    request = json.dumps({"link": link, "today": today.isoformat()})
    reply = json.loads(check_request(policy, request, archive))
    mismatch = _summary_agrees(summary, reply) if summary is not None and "error" not in reply else None
    if as_json:
        print(json.dumps({**reply, "summary_mismatch": mismatch}, indent=2, ensure_ascii=False))
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
    for note in shared["notes"]:
        print(f"Note: {note}")
    print_verdict(check(under, answers, day), under, sys.stdout)
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
            print(f"\nWarning: {mismatch}.", file=sys.stderr)
            return 1
        print(f"\nThe summary agrees with its link (check code {reply.get('check_code')}).")
    return 0


def _kept(answers: dict[str, str], dropped: list[dict[str, str]]) -> dict[str, str]:
    left_out = {item["question"] for item in dropped}
    return {q: v for q, v in answers.items() if q not in left_out}


def cmd_check(args: argparse.Namespace) -> int:
    summary = _read_summary(args)
    link = _shared_link(args, summary)
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
        return _check_link(policy, link, today_of(args), as_json=args.json, summary=summary, folder=folder)
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
