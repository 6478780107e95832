"""``awesome-parse enrich``: parse a list, complete its papers' metadata from arXiv, Semantic
Scholar, Crossref and OpenAlex, and write it in any output format.

Registration imports only argparse; the parser, the exporters and the HTTP layer load in
:func:`run`. Exit codes: 0 done (misses are reported, not failures), 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import PROG, UsageError
from .online import add_online_options, online_config, progress_bar

__all__ = ["add_enrich_command", "run"]

_DESCRIPTION = """\
Parse an awesome list and fill in what it does not say about its papers — authors, venue,
year and date, DOI, publication status, and the abstract with --abstract — from the
services that own each identifier: arXiv and Semantic Scholar for arXiv IDs, Crossref and
OpenAlex for DOIs, an OpenAlex title search (taken only for a near-exact title) for the
rest. What the list says is never replaced (an arXiv-only venue counts as none): a
disagreement is reported instead. Answers are cached, so a second run sends no request.

findings (stderr, or --findings FILE): AE101 preprint-now-published, AE102
metadata-conflict, AE103 not-found, AE104 title-not-matched"""


def add_enrich_command(commands: Any) -> None:
    """Register ``enrich`` on the CLI's subparsers."""
    enrich = commands.add_parser(
        "enrich",
        help="complete papers' metadata from arXiv, Semantic Scholar, Crossref, OpenAlex",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    enrich.add_argument("input", help="the Markdown file")
    enrich.add_argument("-o", "--output", help="output file ('-' or absent: JSON on stdout)")
    enrich.add_argument(
        "-f", "--format", help="json, jsonl, bibtex, csv or sqlite (overrides the extension)"
    )
    enrich.add_argument("--abstract", action="store_true", help="also fill in abstracts")
    enrich.add_argument(
        "--no-titles", action="store_true", help="do not search papers that have no identifier"
    )
    enrich.add_argument(
        "--findings", metavar="FILE", help="write the findings to FILE instead of stderr"
    )
    enrich.add_argument(
        "--findings-format",
        choices=("text", "github", "json", "sarif"),
        default="text",
        help="format of the findings (default: text)",
    )
    enrich.add_argument(
        "-q", "--quiet", action="store_true", help="print neither the findings nor the summary"
    )
    add_online_options(enrich)
    enrich.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..lint.formats import render
    from ..online.enrich import enrich
    from ..online.rules import ENRICH_RULES, diagnostic_findings
    from ..parser import ParseError, parse_file
    from .common import write_output
    from .parse import checked_output, output_format, write_document

    fmt = output_format(args.format, args.output)
    output = checked_output(args.input, args.output, fmt)
    config = online_config(args)
    try:
        doc = parse_file(args.input)
    except ParseError as error:
        raise UsageError(str(error)) from None
    with progress_bar(args, "lookup") as (on_total, progress):
        report = enrich(
            doc,
            config=config,
            abstracts=args.abstract,
            titles=not args.no_titles,
            progress=progress,
            on_total=on_total,
        )
    write_document(doc, fmt, output)
    findings = diagnostic_findings(report.diagnostics, args.input)
    if args.findings:
        write_output(render(findings, args.findings_format, ENRICH_RULES), args.findings)
    elif not args.quiet:
        sys.stdout.flush()
        sys.stderr.write(render(findings, args.findings_format, ENRICH_RULES))
    if not args.quiet:
        print(f"{PROG} enrich: {report.summary()}", file=sys.stderr)
    return 0
