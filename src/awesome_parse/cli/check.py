"""``awesome-parse check``: link health by identifier, in the lint output formats.

Exit codes: 0 nothing with a status named by ``--fail-on``, 1 otherwise, 2 usage or I/O
errors. A rate-limited, walled or timed-out link is "unknown", never "dead".
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from .common import PROG, UsageError
from .online import add_online_options, online_config, progress_bar

__all__ = ["add_check_command", "run"]

_DESCRIPTION = """\
Check that every link of an awesome list still leads somewhere, asking the service that
owns each identifier: the arXiv API for arXiv links (in batches), the DOI resolver for
doi.org links, the GitHub API for repositories (missing, archived, moved; GraphQL in
batches of 50 with GITHUB_TOKEN, REST without), and HEAD then GET for other links. Only
a definite "not here" makes a link dead; a rate limit, a bot wall or a timeout makes it
unknown. Answers are cached (--cache-dir).

findings: AC101 dead-link, AC102 archived-repository, AC103 moved-repository,
AC104 link-unknown

exit status: 0 no link with a status in --fail-on, 1 some, 2 usage or I/O error"""

_KINDS = ("arxiv", "doi", "github", "web")
_FAIL_STATUSES = ("dead", "archived", "moved", "unknown")


def add_check_command(commands: Any) -> None:
    """Register ``check`` on the CLI's subparsers."""
    check = commands.add_parser(
        "check",
        help="link health by identifier: arXiv IDs, DOIs, GitHub repositories, other URLs",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("input", help="the Markdown file")
    check.add_argument(
        "--format",
        choices=("text", "github", "json", "sarif"),
        default="text",
        help="output format (default: text)",
    )
    check.add_argument("-o", "--output", metavar="FILE", help="write the findings to FILE")
    check.add_argument(
        "--fail-on",
        default="dead",
        metavar="STATUSES",
        help="comma-separated statuses that make the exit code 1: dead, archived, moved, "
        "unknown, or 'never' (default: dead)",
    )
    check.add_argument(
        "--only",
        metavar="KINDS",
        help=f"comma-separated kinds of link to check ({', '.join(_KINDS)}; default: all)",
    )
    add_online_options(check)
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..lint.formats import render
    from ..online.check import check, findings
    from ..online.http import HttpClient
    from ..online.rules import CHECK_RULES
    from ..parser import ParseError, parse_source, read_input
    from .common import write_output

    fail_on = _names(args.fail_on, (*_FAIL_STATUSES, "never"), "--fail-on")
    kinds = _names(args.only, _KINDS, "--only") if args.only else set(_KINDS)
    config = online_config(args)
    try:
        doc, text = parse_source(read_input(args.input), source=args.input)
    except ParseError as error:
        raise UsageError(str(error)) from None
    with HttpClient(config) as http, progress_bar(args, "check") as (on_total, progress):
        results = check(doc, text, client=http, kinds=kinds, progress=progress, on_total=on_total)
    found = findings(results, args.input)
    write_output(render(found, args.format, CHECK_RULES), args.output)
    statuses = Counter[str](result.status for result in results)
    by_kind = Counter[str](result.kind for result in results)
    if args.format == "text" or args.output:
        sys.stdout.flush()
        counts = ", ".join(f"{statuses[s]} {s}" for s in ("ok", *_FAIL_STATUSES))
        kinds_text = ", ".join(f"{by_kind[k]} {k}" for k in _KINDS if by_kind[k])
        print(
            f"{PROG} check: {len(results)} targets ({kinds_text or 'none'}): {counts}; "
            f"{http.stats.summary()}",
            file=sys.stderr,
        )
    return 1 if any(statuses[s] for s in fail_on if s != "never") else 0


def _names(text: str, allowed: tuple[str, ...], option: str) -> set[str]:
    names = {name.strip().lower() for name in text.split(",") if name.strip()}
    unknown = sorted(names - set(allowed))
    if unknown or not names:
        raise UsageError(f"{option}: expected some of {', '.join(allowed)}, got {text!r}")
    return names
