"""What every group of commands shares: the policy folder, finding a policy, the day to check on, a verdict in words."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import TextIO

from ..authoring import load_policy, policy_files
from ..engine import Outcome, Policy, Verdict, echo, human_date, parse_iso_date

DEFAULT_FOLDER = "docs/policies"


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""


def policy_folder(args: argparse.Namespace) -> Path:
    """--policies, else $POLICY_CORE_POLICIES, else docs/policies here or in the nearest folder above that has one.

    So the commands work from anywhere inside the site's project, as git does inside a repository.
    """
    named = args.policies or os.environ.get("POLICY_CORE_POLICIES")
    if named:
        return Path(named)
    here = Path.cwd()
    above = next((folder for folder in here.parents if (folder / DEFAULT_FOLDER).is_dir()), None)
    if (here / DEFAULT_FOLDER).is_dir() or above is None:
        return Path(DEFAULT_FOLDER)
    return above / DEFAULT_FOLDER


def names_a_file(argument: str) -> bool:
    """Whether a POLICY argument is a path to a policy file, rather than an id in the policy folder."""
    return Path(argument).suffix in (".yml", ".yaml")


def folder_of(args: argparse.Namespace, named: str) -> Path:
    """The policy folder: that of a policy file named by path, else the configured one (its released versions live there)."""
    return Path(named).parent if names_a_file(named) else policy_folder(args)


def find_policy(args: argparse.Namespace, *, from_link: bool = False) -> Policy:
    """``POLICY`` is a path to a policy file, or the id of one in the policy folder.

    A policy named by a link's address is an id only: a path in a link is never opened.
    """
    if not from_link and names_a_file(args.policy):
        return load_policy(args.policy)
    folder = policy_folder(args)
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


def today_of(args: argparse.Namespace) -> dt.date:
    if args.today is None:
        return dt.date.today()
    try:
        day = parse_iso_date(args.today)
    except ValueError as exc:
        raise UsageError(f"--today '{echo(args.today)}': {exc}") from None
    if day == dt.date.max:  # the checker looks a day ahead of today for a customer in another time zone
        raise UsageError(f"--today {args.today}: the last day of the calendar cannot be checked on; give an earlier date")
    return day


def print_verdict(verdict: Verdict, policy: Policy, out: TextIO) -> None:
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
    if verdict.offers:
        print("\nWhat you can buy:", file=out)
        for offer in verdict.offers:
            refs = ", ".join(c.id for c in offer.clauses)
            print(f"  - {offer.text}" + (f" [{refs}]" if refs else ""), file=out)
    if verdict.steps:
        print("\nNext steps:", file=out)
        for step in verdict.steps:
            print(f"  - {step}", file=out)
    if verdict.next:
        prompts = [policy.question_index[q].prompt for q in verdict.next]
        print("\nStill to answer:", *(f"  - {p}" for p in prompts), sep="\n", file=out)
