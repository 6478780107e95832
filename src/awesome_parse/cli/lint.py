"""The ``lint`` subcommand: registration is free, the work is imported when it runs.

``awesome_parse.cli`` calls :func:`add_lint_command` while building its parser, on every
invocation, so this module imports only argparse; the parser, pydantic and the rules load
inside :func:`run`. Exit codes: 0 no finding at or above ``--fail-on``, 1 otherwise,
2 for usage and I/O errors (one line on stderr each, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from .._output import STDOUT, open_output
from .._paths import same_file, shown_path
from .._words import counted
from .common import PROG, UsageError, write_errors_reported

__all__ = ["add_lint_command", "main", "run"]

_DESCRIPTION = """\
Check awesome lists for defects a reader of the rendered page would notice: empty or
broken links, in-page links to missing headings, malformed arXiv URLs, garbled text,
broken table rows, duplicated entries, links to the wrong paper, and style slips.

PATH may be a file, a directory (searched for *.md, *.markdown and README* files) or '-'
for stdin.
Configuration: [tool.awesome_parse.lint] in the nearest pyproject.toml, or --config.
Inline: <!-- awesome-parse-disable NAME -->, <!-- awesome-parse-enable NAME -->,
<!-- awesome-parse-disable-next-line NAME -->.

exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or I/O error (no
Markdown file found included)"""

_FORMATS = ("text", "github", "json", "sarif")
_FAIL_ON = ("error", "warning", "info", "never")


def add_lint_command(subparsers: Any) -> None:
    """Register ``lint`` on an argparse subparsers object (``parser.add_subparsers()``)."""
    lint = subparsers.add_parser(
        "lint",
        help="report defects in awesome lists (file:line:col, GitHub annotations, SARIF)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lint.add_argument(
        "paths", nargs="*", metavar="PATH", help="Markdown files or directories ('-' for stdin)"
    )
    lint.add_argument(
        "--format", choices=_FORMATS, default="text", help="output format (default: text)"
    )
    lint.add_argument(
        "-o", "--output", metavar="FILE", help="write the findings to FILE instead of stdout"
    )
    lint.add_argument(
        "--select",
        metavar="RULES",
        help="comma-separated codes or names to run instead of the configured "
        "set ('ALL' for every rule)",
    )
    lint.add_argument(
        "--extend-select", metavar="RULES", help="comma-separated codes or names to run in addition"
    )
    lint.add_argument("--ignore", metavar="RULES", help="comma-separated codes or names not to run")
    lint.add_argument(
        "--fail-on",
        choices=_FAIL_ON,
        help="least severity that makes the exit code 1 (default: error)",
    )
    lint.add_argument(
        "--config",
        metavar="PATH",
        help="read settings from this TOML file instead of the nearest pyproject.toml",
    )
    lint.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name to report (and find configuration) for '-'",
    )
    lint.add_argument(
        "--list-rules",
        action="store_true",
        help="print every rule (code, name, severity, description) and exit",
    )
    lint.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Lint ``args.paths``; returns the exit code."""
    from ..lint.config import ConfigError, LintConfig, load_config, split_names

    if args.list_rules:
        _list_rules()
        return 0
    if not args.paths:
        raise UsageError("lint: give at least one PATH (a file, a directory, or '-')")
    try:
        config = load_config(args.config) if args.config else None
        options: dict[str, Any] = {
            "select": split_names(args.select) if args.select is not None else None,
            "extend_select": split_names(args.extend_select),
            "ignore": split_names(args.ignore),
            "fail_on": args.fail_on,
        }
        LintConfig().with_options(**options)  # check the command line once, up front
        return _lint(args, config, options)
    except ConfigError as error:
        raise UsageError(str(error)) from None


def _lint(args: argparse.Namespace, config: Any, options: dict[str, Any]) -> int:
    from ..lint.engine import lint_files
    from ..lint.formats import render

    output = args.output or STDOUT
    _refuse_input_as_output(args.paths, output)
    stdin = sys.stdin.buffer.read() if "-" in args.paths else b""
    findings = []
    failed = errors = False
    linted = 0
    for result in lint_files(
        args.paths,
        config=config,
        adjust=lambda c: c.with_options(**options),
        stdin=stdin,
        stdin_name=args.stdin_filename,
    ):
        if result.error is not None:
            print(f"{PROG}: error: {result.error}", file=sys.stderr)
            errors = True
            continue
        linted += 1
        findings.extend(result.findings)
        failed = failed or result.failed
    if not linted and not errors:
        # A typo in a CI path must not pass as "nothing to report".
        searched = " ".join(shown_path(path) for path in args.paths)
        raise UsageError(f"no Markdown files found (*.md, *.markdown, README*) in {searched}")
    with write_errors_reported(output), open_output(output, encoding="utf-8") as handle:
        handle.write(render(findings, args.format))
    if args.format == "text" and output == STDOUT and linted:
        print(_summary(findings, linted), file=sys.stderr)
    return 2 if errors else 1 if failed else 0


def _refuse_input_as_output(paths: Sequence[str], output: str) -> None:
    """``-o`` must not name a file being linted (by its path, a symbolic link or a hard link)."""
    from ..lint.engine import STDIN, expand_paths

    if output == STDOUT:
        return
    for path in expand_paths(paths):
        if path != STDIN and same_file(path, output):
            raise UsageError(f"{shown_path(output)}: is an input file; choose another output")


def _summary(findings: Sequence[Any], files: int) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    with_findings = len({finding.path for finding in findings})
    detail = ", ".join(
        f"{n} info" if name == "info" else counted(n, name) for name, n in counts.items() if n
    )
    return (
        f"{counted(len(findings), 'finding')}{f' ({detail})' if detail else ''} in "
        f"{with_findings} of {counted(files, 'file')}"
    )


def _list_rules() -> None:
    from ..lint.registry import RULES

    for rule in RULES:
        state = "" if rule.enabled else "  (off by default)"
        print(f"{rule.code}  {rule.name:<26} {rule.severity:<8} {rule.description}{state}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m awesome_parse.lint``: the subcommand on its own (same exit codes)."""
    parser = argparse.ArgumentParser(prog=PROG)
    add_lint_command(parser.add_subparsers())
    try:
        args = parser.parse_args(["lint", *(sys.argv[1:] if argv is None else argv)])
        return int(args.run(args))
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
