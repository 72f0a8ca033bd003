"""The writer's and the reader's commands on policies: ``validate``, ``questions``, ``ask``, ``cases`` and ``schema``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..authoring import folder_errors, load_policies, policy_files, policy_schema_text
from ..engine import AnswerError, InvalidPolicyError, Outcome, Policy, Question, cases, check, decision_tree, when_data
from ..site.budget import page_errors
from ._common import UsageError, find_policy, policy_folder, print_verdict, today_of


def cmd_validate(args: argparse.Namespace) -> int:
    folder = policy_folder(args)
    paths = [Path(p) for p in args.files] or policy_files(folder)
    errors = [] if args.files else folder_errors(folder)  # links out of the folder: named, never read
    if not paths and not errors:
        raise UsageError(f"no policy files in {folder}")
    policies: list[Policy] = []
    try:
        policies = load_policies(paths)
    except InvalidPolicyError as exc:
        errors += exc.errors
    if not errors:  # every file read, so each policy is its file's, in order
        for path, policy in zip(paths, policies, strict=True):
            # What the site would refuse to publish: pages past their size (the site's own estimate).
            errors += page_errors(path, policy, cases(policy), decision_tree(policy))
    if errors:
        raise InvalidPolicyError(errors)
    for policy in policies:
        for slip in policy.warnings:
            print(f"{slip.path}:{slip.line}:{slip.column}: warning: {slip.message}", file=sys.stderr)
    return 0


def _question_json(question: Question) -> dict[str, object]:
    return {
        "id": question.id,
        "prompt": question.prompt,
        "help": question.help,
        "type": question.type,
        "options": [{"id": o.id, "label": o.label} for o in question.extra_options],
        **({"when": when_data(question.when)} if question.when else {}),
    }


def cmd_questions(args: argparse.Namespace) -> int:
    policy = find_policy(args)
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
    policy = find_policy(args)
    today = today_of(args)
    print(f"{policy.title}: is your issue supported? (Ctrl-D to stop)", file=out)
    answers: dict[str, str] = {}
    while True:
        verdict = check(policy, answers, today)
        if verdict.outcome is not Outcome.INCOMPLETE:
            print_verdict(verdict, policy, out)
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
    policy = find_policy(args)
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


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(policy_schema_text())
    return 0


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the policy commands to the CLI's parser (``command`` as in ``cli.build_parser``)."""

    def policy_arg(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("policy", metavar="POLICY", help="a policy id from the policy folder, or a path to a policy file")

    validate = command("validate", cmd_validate, "Check policy files; print every mistake as file:line:col: message.")
    validate.add_argument("files", nargs="*", metavar="FILES", help="policy files (default: every file in the policy folder)")

    questions = command("questions", cmd_questions, "List the questionnaire.")
    policy_arg(questions)
    questions.add_argument("--json", action="store_true", help="print it as JSON")

    ask = command("ask", cmd_ask, "Answer the questionnaire in the terminal.")
    policy_arg(ask)
    ask.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check on (default: today)")

    cases_cmd = command("cases", cmd_cases, "List every case and its verdict.")
    policy_arg(cases_cmd)
    cases_cmd.add_argument("--json", action="store_true", help="print them as JSON")

    command("schema", cmd_schema, "Print the JSON Schema of policy files.")
