"""``awesome-parse parse`` (the default command): one list into JSON, JSON Lines, BibTeX, CSV
or SQLite, the format named by the output's extension."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .common import UsageError

__all__ = ["add_parse_command"]


def add_parse_command(commands: Any) -> None:
    """Register ``parse`` on the CLI's subparsers (``argparse._SubParsersAction``)."""
    parse = commands.add_parser(
        "parse",
        help="parse one list into JSON, JSON Lines, BibTeX, CSL-JSON, RIS, CSV or SQLite "
        "(the default)",
        description="Parse one awesome list and write it in the format the output's "
        "extension names (.json .jsonl .bib .csl.json .ris .csv .sqlite .db), or JSON on "
        "stdout.",
    )
    parse.add_argument("input", help="the Markdown file ('-' for stdin)")
    parse.add_argument("-o", "--output", help="output file ('-' or absent: stdout)")
    parse.add_argument(
        "-f",
        "--format",
        help="json, jsonl, bibtex, csljson, ris, csv or sqlite (overrides the extension)",
    )
    parse.add_argument(
        "--name",
        help="the list's name, stored as its source (SQLite replaces the list of that name; "
        "default: the input's resolved path)",
    )
    parse.add_argument(
        "--no-repair", action="store_true", help="keep mojibake as decoded (still reported)"
    )
    parse.add_argument(
        "--all-kinds",
        action="store_true",
        help="BibTeX, CSL-JSON, RIS: include repos, datasets and links",
    )
    parse.add_argument(
        "--csv-raw", action="store_true", help="CSV: do not neutralise formula-like cells"
    )
    parse.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM (for Excel)")
    parse.add_argument(
        "--history",
        action="store_true",
        help="add each entry's 'added' date from git history (git blame; the input must be "
        "a file in a git work tree)",
    )
    parse.set_defaults(run=_run_parse)


def _run_parse(args: argparse.Namespace) -> int:
    from .. import exporters
    from ..parser import ParseError, parse, parse_file

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
    if args.name:
        doc = doc.model_copy(update={"source": args.name})
    if args.history:
        _add_history(doc, args.input)
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
    from .. import exporters
    from ..formats import ALIASES

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
    citation_formats = ("bibtex", "csljson", "ris")
    if args.all_kinds and fmt not in citation_formats:
        raise UsageError("--all-kinds applies to BibTeX, CSL-JSON and RIS output only")
    if (args.csv_raw or args.bom) and fmt != "csv":
        raise UsageError("--csv-raw and --bom apply to CSV output only")
    if fmt in citation_formats:
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


def _add_history(doc: Any, path: str) -> None:
    """Set ``added`` on every top-level entry git has a commit for."""
    from .. import git
    from ..history import added_dates

    if path == "-":
        raise UsageError("--history reads git history: give the list as a file, not stdin")
    try:
        for found in added_dates(doc, path):
            if found.date is not None:
                found.entry.added = found.date.isoformat()
    except git.GitError as error:
        raise UsageError(f"{path}: --history: {error}") from None
