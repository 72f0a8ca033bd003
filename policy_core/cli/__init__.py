"""The command line: ``python -m policy_core`` (also installed as ``policy-core``).

One module per group of commands: ``_check`` (check), ``_policies`` (validate, questions, ask,
cases, schema), ``_versions`` (diff, release, history) and ``_site`` (site, runtime). Every
write to the terminal goes through ``_InertStream``: no text from a link, a summary or a policy
file steers it.

Exit codes: 0 ok, 1 invalid input or policy, 2 usage.

May import: engine, authoring, versions, runtime, site.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..engine import AnswerError, InvalidPolicyError, terminal_safe
from . import _check, _policies, _site, _versions
from ._common import DEFAULT_FOLDER, UsageError, find_policy, folder_of


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

    _check.register(command)
    _policies.register(command)
    _versions.register(command, _with_folder)
    _site.register(command)
    return parser


def _with_folder(
    handler: Callable[[argparse.Namespace, _versions.Finder, Path], int],
) -> Callable[[argparse.Namespace], int]:
    """A version command, given the policy finder and the policy folder (that of a file named by path)."""

    def run(args: argparse.Namespace) -> int:
        folder = folder_of(args, getattr(args, "policy", None) or getattr(args, "old", None) or "")
        try:
            return handler(args, find_policy, folder)
        except _versions.VersionUsageError as exc:
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
