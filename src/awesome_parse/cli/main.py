"""Command line: a thin layer over the library.

``main(argv) -> int`` never lets a traceback out: library errors become one line on stderr and
exit code 2 (130 for Ctrl-C, 143 for SIGTERM, which is raised as :class:`.common.Terminated`
so that outputs and worker pools are cleaned up as for Ctrl-C). Heavy modules are imported
inside the commands that need them, so ``--version`` and ``--help`` start in a few milliseconds.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from .._version import __version__
from .batch import add_batch_command
from .check import add_check_command
from .common import PROG, UsageError, run_guarded
from .diff import add_diff_command
from .enrich import add_enrich_command
from .history import add_history_command
from .lint import add_lint_command
from .parse import add_parse_command

__all__ = ["entry_point", "exit_process", "main"]

COMMANDS = ("parse", "lint", "batch", "schema", "diff", "history", "enrich", "check")

DESCRIPTION = """\
Turn awesome-list Markdown into structured data, or lint it.

  awesome-parse README.md -o papers.json      parse (the default command)
  awesome-parse README.md -o papers.bib       BibTeX for Zotero / JabRef
  awesome-parse lint README.md                findings as file:line:col
  awesome-parse batch lists/ -o all.jsonl     many lists at once
  awesome-parse diff main:README.md README.md entries added, removed, moved, changed
  awesome-parse history README.md             when each entry was added (git)
  awesome-parse schema                        JSON Schema of the output
  awesome-parse enrich README.md -o out.bib   authors, venues, DOIs from the services
  awesome-parse check README.md               dead, archived and moved links

Run '%(prog)s COMMAND --help' for a command's options."""


class _Parser(argparse.ArgumentParser):
    """argparse prints usage plus the error; one line is what the rest of the CLI promises."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def entry_point() -> NoReturn:
    """The ``awesome-parse`` script and ``python -m awesome_parse``."""
    exit_process(main())


def exit_process(status: int) -> NoReturn:
    """End this process with ``status``, skipping the interpreter's last sweep.

    Only for the very end of a process: the collector stays frozen for whatever still runs in
    it (an embedding program that catches the ``SystemExit``, say), so call :func:`main` there.

    Every object is first moved out of the collector's reach (``gc.freeze``): its final
    collection would otherwise walk them all — pydantic's schemas, compiled patterns, the
    parsed tree — to free memory the OS takes back anyway: ~50 ms after a parse, a tenth of a
    ``lint`` run. Outputs are written and closed by then; atexit handlers and the flush of
    stdout and stderr still run.
    """
    gc.freeze()
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    if not args_list:
        parser.print_help(sys.stderr)
        return 2

    def command() -> int:
        args = parser.parse_args(_with_command(args_list))
        return int(args.run(args))

    return run_guarded(command)


_COMMAND_WORD = re.compile(r"[a-z][a-z-]*")


def _with_command(args: list[str]) -> list[str]:
    """``args`` with ``parse`` in front when no command is named (``awesome-parse README.md``).

    A first word that is not a command but looks like one (lower-case letters, no such file)
    is a typo: refused with a suggestion, rather than parsed as a missing file."""
    first = args[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return args
    if _COMMAND_WORD.fullmatch(first) and not os.path.lexists(first):
        close = difflib.get_close_matches(first, COMMANDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(
            f"unknown command '{first}'{hint} (commands: {', '.join(COMMANDS)}; "
            "to parse a file, give its path)"
        )
    return ["parse", *args]


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    add_parse_command(commands)

    schema = commands.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(run=_run_schema)

    add_lint_command(commands)
    add_batch_command(commands)
    add_diff_command(commands)
    add_history_command(commands)
    add_enrich_command(commands)
    add_check_command(commands)
    return parser


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from .._output import STDOUT, open_output
    from ..model import Document
    from .common import write_errors_reported

    schema = json.dumps(Document.model_json_schema(), indent=2, ensure_ascii=False)
    with write_errors_reported(STDOUT), open_output(STDOUT, encoding="utf-8") as handle:
        handle.write(schema + "\n")
    return 0
