"""Command line: a thin layer over the library.

``main(argv) -> int`` never lets a traceback out: library errors become one line on stderr and
exit code 2 (130 for Ctrl-C). Heavy modules are imported inside the commands that need them,
so ``--version`` and ``--help`` start in a few milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from ._version import __version__

__all__ = ["entry_point", "exit_process", "main"]

PROG = "awesome-parse"
COMMANDS = ("parse", "lint", "batch", "schema")

DESCRIPTION = """\
Turn awesome-list Markdown into structured data, or lint it.

  awesome-parse README.md -o papers.json      parse (the default command)
  awesome-parse README.md -o papers.bib       BibTeX for Zotero / JabRef
  awesome-parse lint README.md                findings as file:line:col
  awesome-parse batch lists/ -o all.jsonl     many lists at once
  awesome-parse schema                        JSON Schema of the output

Run '%(prog)s COMMAND --help' for a command's options."""


class UsageError(Exception):
    """A problem with the command line or the files it names (exit code 2)."""


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
    if (
        args_list
        and args_list[0] not in COMMANDS
        and args_list[0] not in ("-h", "--help", "--version")
    ):
        args_list.insert(0, "parse")
    parser = _build_parser()
    if not args_list:
        parser.print_help(sys.stderr)
        return 2
    try:
        args = parser.parse_args(args_list)
        return int(args.run(args))
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); silence the flush at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get("AWESOME_PARSE_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            "(set AWESOME_PARSE_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 2


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="parse one list into JSON, JSON Lines, BibTeX, CSV or SQLite (the default)",
        description="Parse one awesome list and write it in the format the output's "
        "extension names (.json .jsonl .bib .csv .sqlite .db), or JSON on stdout.",
    )
    parse.add_argument("input", help="the Markdown file ('-' for stdin)")
    parse.add_argument("-o", "--output", help="output file ('-' or absent: stdout)")
    parse.add_argument(
        "-f", "--format", help="json, jsonl, bibtex, csv or sqlite (overrides the extension)"
    )
    parse.add_argument(
        "--no-repair", action="store_true", help="keep mojibake as decoded (still reported)"
    )
    parse.add_argument(
        "--all-kinds",
        action="store_true",
        help="BibTeX: include repos, datasets and links as @misc",
    )
    parse.add_argument(
        "--csv-raw", action="store_true", help="CSV: do not neutralise formula-like cells"
    )
    parse.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM (for Excel)")
    parse.set_defaults(run=_run_parse)

    schema = commands.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(run=_run_schema)

    from .batch_cli import add_batch_command
    from .lint.cli import add_lint_command

    add_lint_command(commands)
    add_batch_command(commands)
    return parser


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from .model import Document

    print(json.dumps(Document.model_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _run_parse(args: argparse.Namespace) -> int:
    from . import exporters
    from .parser import ParseError, parse, parse_file

    fmt = _output_format(args.format, args.output)
    to_stdout = args.output in (None, "-")
    if to_stdout and fmt == "sqlite":
        raise UsageError("SQLite output needs a file: use -o FILE.sqlite")
    _check_output_dir(args.output)
    if args.input != "-" and args.output not in (None, "-") and _same_file(args.input, args.output):
        raise UsageError(f"{args.output}: is the input file; choose another output")
    try:
        if args.input == "-":
            doc = parse(sys.stdin.buffer.read(), source="<stdin>", repair=not args.no_repair)
        else:
            doc = parse_file(args.input, repair=not args.no_repair)
    except ParseError as error:
        raise UsageError(str(error)) from None
    options = _format_options(fmt, args)
    if to_stdout:
        data = exporters.export(doc, fmt, **options)
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return 0
    try:
        exporters.write(doc, fmt, args.output, **options)
    except OSError as error:
        raise UsageError(f"{args.output}: cannot write: {error.strerror or error}") from None
    except ValueError as error:  # e.g. an existing .db file that is not an SQLite database
        raise UsageError(f"{args.output}: {error}") from None
    return 0


def _output_format(name: str | None, output: str | None) -> str:
    from . import exporters
    from .formats import ALIASES

    if name:
        fmt = ALIASES.get(name.lower(), name.lower())
        if fmt not in exporters.FORMATS:
            raise UsageError(f"unknown format {name!r}; choose from {', '.join(exporters.FORMATS)}")
        return fmt
    if output in (None, "-"):
        return "json"
    guessed = exporters.format_for_path(output)
    if guessed is None:
        raise UsageError(
            f"{output}: cannot tell the format from the extension; use -f/--format "
            f"({', '.join(exporters.FORMATS)})"
        )
    return guessed


def _format_options(fmt: str, args: argparse.Namespace) -> dict[str, bool]:
    if args.all_kinds and fmt != "bibtex":
        raise UsageError("--all-kinds applies to BibTeX output only")
    if (args.csv_raw or args.bom) and fmt != "csv":
        raise UsageError("--csv-raw and --bom apply to CSV output only")
    if fmt == "bibtex":
        return {"all_kinds": args.all_kinds}
    if fmt == "csv":
        return {"raw": args.csv_raw, "bom": args.bom}
    return {}


def _check_output_dir(output: str | None) -> None:
    if output in (None, "-"):
        return
    assert output is not None
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory):
        raise UsageError(f"{output}: directory {directory} does not exist")
    if os.path.isdir(output):
        raise UsageError(f"{output}: is a directory, expected an output file")
    if not os.access(directory, os.W_OK):
        raise UsageError(f"{output}: directory {directory} is not writable")


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False
