"""The command line: ``python -m policy_core`` (also installed as ``policy-core``).

Exit codes: 0 ok, 1 invalid input or policy, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from . import cli_site, cli_versions
from ._api import check_request
from ._cases import cases
from ._checker import check
from ._compiled import version_id
from ._dates import human_date, parse_iso_date
from ._errors import AnswerError, InvalidPolicyError
from ._files import folder_errors
from ._history import released_versions
from ._inert import VERSION_ECHO, echo, terminal_safe
from ._model import Outcome, Policy, Question, Verdict
from ._schema import policy_schema_text
from ._source import load_policies, load_policy, policy_files

DEFAULT_FOLDER = "docs/policies"


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""


def _policy_folder(args: argparse.Namespace) -> Path:
    return Path(args.policies or os.environ.get("POLICY_CORE_POLICIES") or DEFAULT_FOLDER)


def _folder_of(args: argparse.Namespace, named: str) -> Path:
    """The policy folder: that of a policy file named by path, else the configured one (its released versions live there)."""
    return Path(named).parent if cli_versions.names_a_file(named) else _policy_folder(args)


def _find_policy(args: argparse.Namespace, *, from_link: bool = False) -> Policy:
    """``POLICY`` is a path to a policy file, or the id of one in the policy folder.

    A policy named by a link's address is an id only: a path in a link is never opened.
    """
    if not from_link and cli_versions.names_a_file(args.policy):
        return load_policy(args.policy)
    folder = _policy_folder(args)
    matches = [p for p in policy_files(folder) if p.stem == args.policy]
    if not matches:
        known = ", ".join(p.stem for p in policy_files(folder)) or "none"
        missing = (
            f"the link's address names the policy '{echo(args.policy)}', which is not"
            if from_link
            else (f"no policy '{echo(args.policy)}'")
        )
        raise UsageError(
            f"{missing} in {folder} (policies there: {known}); name the policy folder with --policies DIR or POLICY_CORE_POLICIES"
        )
    return load_policy(matches[0])


def _today(args: argparse.Namespace) -> dt.date:
    if args.today is None:
        return dt.date.today()
    try:
        day = parse_iso_date(args.today)
    except ValueError as exc:
        raise UsageError(f"--today '{echo(args.today)}': {exc}") from None
    if day == dt.date.max:  # the checker looks a day ahead of today for a customer in another time zone
        raise UsageError(f"--today {args.today}: the last day of the calendar cannot be checked on; give an earlier date")
    return day


def _print_verdict(verdict: Verdict, policy: Policy, out: TextIO) -> None:
    more = ": more answers are needed" if verdict.outcome is Outcome.INCOMPLETE else ""
    print(f"\n{verdict.headline}{more}", file=out)
    if verdict.checked_on is not None:
        print(f"Checked on {human_date(verdict.checked_on)}", file=out)
    for fact in verdict.facts:
        print(f"  {fact.text}", file=out)
    if verdict.actions:
        print("\nFirst:", file=out)
        for action in verdict.actions:
            refs = ", ".join(c.id for c in action.clauses)
            print(f"  - {action.text} [{refs}]", file=out)
    if verdict.clauses:
        print("\nWhy:", file=out)
        for clause in verdict.clauses:
            text = " ".join(clause.text.split())
            print(f"  [{clause.id}] {clause.section_title}: {text}", file=out)
    if verdict.steps:
        print("\nNext steps:", file=out)
        for step in verdict.steps:
            print(f"  - {step}", file=out)
    if verdict.next:
        prompts = [policy.question_index[q].prompt for q in verdict.next]
        print("\nStill to answer:", *(f"  - {p}" for p in prompts), sep="\n", file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    folder = _policy_folder(args)
    paths = [Path(p) for p in args.files] or policy_files(folder)
    errors = [] if args.files else folder_errors(folder)  # links out of the folder: named, never read
    if not paths and not errors:
        raise UsageError(f"no policy files in {folder}")
    policies: list[Policy] = []
    try:
        policies = load_policies(paths)
    except InvalidPolicyError as exc:
        errors += exc.errors
    if errors:
        raise InvalidPolicyError(errors)
    for policy in policies:
        for slip in policy.warnings:
            print(f"{slip.path}:{slip.line}:{slip.column}: warning: {slip.message}", file=sys.stderr)
    return 0


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
    _print_verdict(check(under, answers, day), under, sys.stdout)
    if shared["compared_today"]:
        now = reply["today"]
        if now is None:
            print(f"\nChecked today ({human_date(today)}) under today's policy, the verdict is the same.")
        elif "error" in now:
            print(f"\nOn today's date ({human_date(today)}) these answers cannot be used: {now['error']['message']}")
        else:
            print(f"\nToday ({human_date(today)}), under today's policy, it would differ:")
            _print_verdict(check(policy, _kept(answers, now["dropped"]), max(day, today)), policy, sys.stdout)
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
    policy = _find_policy(args, from_link=from_link)
    if link is not None:
        folder = _folder_of(args, args.policy)
        return _check_link(policy, link, _today(args), as_json=args.json, summary=summary, folder=folder)
    answers: dict[str, str] = {}
    for pair in args.answer:
        question, sep, value = pair.partition("=")
        if not sep or not question:
            raise UsageError(f"--answer {pair!r}: write QUESTION=VALUE")
        answers[question] = value
    verdict = check(policy, answers, _today(args))
    if args.json:
        print(json.dumps(verdict.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_verdict(verdict, policy, sys.stdout)
    return 0


def _question_json(question: Question) -> dict[str, object]:
    return {
        "id": question.id,
        "prompt": question.prompt,
        "help": question.help,
        "type": question.type,
        "options": [{"id": o.id, "label": o.label} for o in question.extra_options],
        **(
            {
                "when": {
                    "question": question.when.question,
                    "in" if not question.when.negate else "not-in": sorted(question.when.options),
                }
            }
            if question.when
            else {}
        ),
    }


def cmd_questions(args: argparse.Namespace) -> int:
    policy = _find_policy(args)
    if args.json:
        print(
            json.dumps(
                {"policy": policy.id, "questions": [_question_json(q) for q in policy.questions]}, indent=2, ensure_ascii=False
            )
        )
        return 0
    for question in policy.questions:
        kind = " (a date, YYYY-MM-DD)" if question.type == "date" else ""
        print(f"{question.id}: {question.prompt}{kind}")
        for option in question.extra_options:
            print(f"    {option.id}: {option.label}")
    return 0


def _ask_one(question: Question, read: Callable[[str], str], out: TextIO) -> str:
    print(f"\n{question.prompt}", file=out)
    if question.help:
        print(f"  {question.help}", file=out)
    options = question.extra_options
    for number, option in enumerate(options, 1):
        print(f"  {number}. {option.label}", file=out)
    hint = "a date (YYYY-MM-DD)" + (" or a number" if options else "") if question.type == "date" else "a number"
    reply = read(f"Answer with {hint}: ").strip()
    if reply.isdigit() and 1 <= int(reply) <= len(options):
        return options[int(reply) - 1].id
    return reply


def cmd_ask(args: argparse.Namespace, read: Callable[[str], str] = input, out: TextIO = sys.stdout) -> int:
    policy = _find_policy(args)
    today = _today(args)
    print(f"{policy.title}: is your issue supported? (Ctrl-D to stop)", file=out)
    answers: dict[str, str] = {}
    while True:
        verdict = check(policy, answers, today)
        if verdict.outcome is not Outcome.INCOMPLETE:
            _print_verdict(verdict, policy, out)
            return 0
        question = policy.question_index[verdict.next[0]]
        try:
            reply = _ask_one(question, read, out)
        except EOFError:
            print("\nStopped before a verdict.", file=out)
            return 1
        try:
            check(policy, {**answers, question.id: reply}, today)
        except AnswerError as exc:
            print(f"  That answer does not work: {exc.reason}. Try again.", file=out)
            continue
        answers[question.id] = reply


def cmd_cases(args: argparse.Namespace) -> int:
    policy = _find_policy(args)
    found = cases(policy)
    if args.json:
        rows = [{"answers": dict(c.answers), **c.verdict.to_json()} for c in found]
        for row in rows:
            del row["checked_on"], row["facts"]  # cases are date classes, not dates
        print(json.dumps({"policy": policy.id, "cases": rows}, indent=2, ensure_ascii=False))
        return 0
    for number, case in enumerate(found, 1):
        answers = ", ".join(f"{q}={a}" for q, a in case.answers)
        clauses = ", ".join(c.id for c in case.verdict.clauses)
        actions = "".join(f" +{a.id}" for a in case.verdict.actions)
        print(f"{number:4d}. {case.verdict.outcome.value:13s} {answers}  [{clauses}]{actions}")
    counts = {o.value: sum(c.verdict.outcome is o for c in found) for o in Outcome if o is not Outcome.INCOMPLETE}
    with_actions = sum(bool(c.verdict.actions) for c in found)
    print(
        f"{len(found)} cases: " + ", ".join(f"{n} {name}" for name, n in counts.items()) + f"; {with_actions} need actions first"
    )
    return 0


def cmd_runtime(args: argparse.Namespace) -> int:
    from .site import pyodide  # noqa: PLC0415  (the site's tools: only this command needs them)

    try:
        if args.action == "where":
            print(pyodide.find_pyodide(*([Path(args.into)] if args.into else [])))
            return 0
        installed = pyodide.install(Path(args.into) if args.into else None)
    except pyodide.PyodideMissingError as exc:
        print(f"policy-core runtime: {exc}", file=sys.stderr)
        return 1
    state = "installed" if installed.fetched else "already installed"
    print(f"Pyodide {pyodide.PYODIDE_VERSION} {state} in {installed.folder}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(policy_schema_text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-core", description="Check support issues against support policies.")
    parser.add_argument(
        "--policies", metavar="DIR", help=f"the policy folder (default: $POLICY_CORE_POLICIES or {DEFAULT_FOLDER})"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(handler=handler)
        return sub

    def policy_arg(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("policy", metavar="POLICY", help="a policy id from the policy folder, or a path to a policy file")

    validate = command("validate", cmd_validate, "Check policy files; print every mistake as file:line:col: message.")
    validate.add_argument("files", nargs="*", metavar="FILES", help="policy files (default: every file in the policy folder)")

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

    questions = command("questions", cmd_questions, "List the questionnaire.")
    policy_arg(questions)
    questions.add_argument("--json", action="store_true", help="print it as JSON")

    ask = command("ask", cmd_ask, "Answer the questionnaire in the terminal.")
    policy_arg(ask)
    ask.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check on (default: today)")

    cases_cmd = command("cases", cmd_cases, "List every case and its verdict.")
    policy_arg(cases_cmd)
    cases_cmd.add_argument("--json", action="store_true", help="print them as JSON")

    cli_versions.register(command, _with_folder)
    cli_site.register(command)
    runtime = command("runtime", cmd_runtime, "The self-check's Pyodide runtime: `runtime install` fetches the pinned files.")
    runtime.add_argument("action", choices=["install", "where"], help="install: fetch and check it; where: print its folder")
    runtime.add_argument("--into", metavar="DIR", help="install into DIR (default: the user's cache folder)")
    command("schema", cmd_schema, "Print the JSON Schema of policy files.")
    return parser


def _with_folder(
    handler: Callable[[argparse.Namespace, cli_versions.Finder, Path], int],
) -> Callable[[argparse.Namespace], int]:
    """A version command, given the policy finder and the policy folder (that of a file named by path)."""

    def run(args: argparse.Namespace) -> int:
        folder = _folder_of(args, getattr(args, "policy", None) or getattr(args, "old", None) or "")
        try:
            return handler(args, _find_policy, folder)
        except cli_versions.VersionUsageError as exc:
            raise UsageError(str(exc)) from None

    return run


class _InertStream:
    """A terminal stream that lets no text from a link, a summary or a policy file steer the terminal.

    Every write goes through ``terminal_safe``: escape sequences and other control characters,
    bidi overrides and zero-width characters are written escaped. Values the tool repeats are
    also echoed short and with new lines escaped where they are quoted (``_inert.echo``).
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty...: the stream's own
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    if not isinstance(sys.stdout, _InertStream):
        sys.stdout, sys.stderr = _InertStream(sys.stdout), _InertStream(sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except UsageError as exc:
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    except (InvalidPolicyError, AnswerError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped (`| head`): not an error. Point stdout at nothing, so that Python's
        # last flush at exit does not fail in turn.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
