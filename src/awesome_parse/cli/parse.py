"""``awesome-parse parse`` (the default command): one list into JSON, JSON Lines, BibTeX, CSV
or SQLite, the format named by the output's extension."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .._output import STDOUT, open_output
from .._paths import same_file, shown_path
from .common import UsageError, write_errors_reported

__all__ = ["add_parse_command", "checked_output", "output_format", "write_document"]


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
    from ..parser import ParseError, parse, parse_file

    fmt = output_format(args.format, args.output)
    output = checked_output(args.input, args.output, fmt)
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
    write_document(doc, fmt, output, **_format_options(fmt, args))
    return 0


def checked_output(source: str, output: str | None, fmt: str) -> str:
    """The output to write ``fmt`` to (``-`` for stdout), refused early when it cannot be
    written: SQLite to stdout, a missing or read-only directory, the input file itself."""
    output = output or STDOUT
    if output == STDOUT and fmt == "sqlite":
        raise UsageError("SQLite output needs a file: use -o FILE.sqlite")
    _check_output_dir(output)
    if source != "-" and output != STDOUT and same_file(source, output):
        raise UsageError(f"{shown_path(output)}: is the input file; choose another output")
    return output


def write_document(doc: Any, fmt: str, output: str, **options: bool) -> None:
    """Export ``doc`` as ``fmt`` to stdout or to the file ``output``, errors as one line."""
    from .. import exporters

    with write_errors_reported(output):
        if output == STDOUT:
            data = exporters.export(doc, fmt, **options)
            assert isinstance(data, str)  # SQLite, the one binary format, is refused for stdout
            with open_output(STDOUT, encoding="utf-8") as handle:
                handle.write(data if data.endswith("\n") else data + "\n")
            return
        try:
            exporters.write(doc, fmt, output, **options)
        except ValueError as error:  # e.g. an existing .db file that is not an SQLite database
            raise UsageError(f"{shown_path(output)}: {error}") from None


def output_format(name: str | None, output: str | None) -> str:
    """The format ``-f`` names, else the one the output's extension names (JSON for stdout)."""
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


def _check_output_dir(output: str) -> None:
    """Refuse early what cannot be written. A device or FIFO is written in place, so only a
    file to be replaced needs a writable directory (``-o /dev/null`` works for any user)."""
    if output == STDOUT:
        return
    if os.path.isdir(output):
        raise UsageError(f"{shown_path(output)}: is a directory, expected an output file")
    if os.path.exists(output) and not os.path.isfile(output):
        return
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory):
        raise UsageError(f"{shown_path(output)}: directory {shown_path(directory)} does not exist")
    if not os.access(directory, os.W_OK):
        raise UsageError(f"{shown_path(output)}: directory {shown_path(directory)} is not writable")


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
