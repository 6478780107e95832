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

from .._output import STDOUT
from .._paths import same_file, shown_path
from .._words import counted
from .common import PROG, UsageError, run_guarded, write_output

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
Pull requests: --diff-base REF or --baseline FILE report only the findings a change brings;
--fix applies the fixes whose result is certain (--fix --diff prints them).

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
        "--fix",
        action="store_true",
        help="apply the fixes whose result is certain (rewriting the files), then report "
        "what is left",
    )
    lint.add_argument(
        "--diff",
        action="store_true",
        help="with --fix: print the fixes as a unified diff instead of writing them "
        "(exit 1 when there is any)",
    )
    lint.add_argument(
        "--diff-base",
        metavar="REF",
        help="report only findings on lines or entries changed since the merge base of REF "
        "and HEAD (git), e.g. origin/main: what a pull request brings",
    )
    lint.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings that FILE (written by --write-baseline) does not record",
    )
    lint.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings in FILE for --baseline, and exit 0",
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
    _check_modes(args)
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


def _check_modes(args: argparse.Namespace) -> None:
    """Refuse option combinations that cannot mean anything, before any work."""
    if args.diff and not args.fix:
        raise UsageError("lint: --diff shows what --fix would change; give --fix as well")
    if args.fix and not args.diff and "-" in args.paths:
        raise UsageError("lint: --fix cannot rewrite stdin; use --fix --diff")
    if args.diff_base is not None and "-" in args.paths:
        raise UsageError("lint: --diff-base compares files in a git work tree, not stdin")
    if args.write_baseline and (args.baseline or args.diff_base is not None):
        raise UsageError(
            "lint: --write-baseline records every finding; drop --baseline/--diff-base"
        )


def _lint(args: argparse.Namespace, config: Any, options: dict[str, Any]) -> int:
    from ..lint.engine import lint_files
    from ..lint.finding import at_or_above
    from ..lint.formats import render
    from ..lint.scope import Baseline, BaselineError, FileView

    try:
        baseline = Baseline.load(args.baseline) if args.baseline else None
    except BaselineError as error:
        raise UsageError(str(error)) from None
    scoped = bool(args.diff_base is not None or baseline is not None or args.write_baseline)
    _refuse_input_as_output(args.paths, args.output or STDOUT)
    stdin = sys.stdin.buffer.read() if "-" in args.paths else b""
    findings = []
    recorded: list[tuple[Any, FileView]] = []
    diffs: list[str] = []
    failed = errors = False
    linted = fixed = fixed_files = 0
    for result in lint_files(
        args.paths,
        config=config,
        adjust=lambda c: c.with_options(**options),
        stdin=stdin,
        stdin_name=args.stdin_filename,
        fix=args.fix,
    ):
        if result.error is not None:
            print(f"{PROG}: error: {result.error}", file=sys.stderr)
            errors = True
            continue
        linted += 1
        if args.fix:
            count, written = _take_fixes(args, result, diffs)
            fixed, fixed_files = fixed + count, fixed_files + bool(count)
            errors = errors or not written
        kept = result.findings
        if scoped:
            assert result.doc is not None
            view = FileView(result.path, result.doc, result.text)
            kept = _in_scope(args, kept, view, baseline)
            recorded.extend((finding, view) for finding in kept)
        findings.extend(kept)
        failed = failed or any(at_or_above(f.severity, result.config.fail_on) for f in kept)
    if args.diff:
        sys.stdout.write("".join(diffs))
        return 2 if errors else 1 if diffs else 0
    if args.write_baseline:
        from ..lint.scope import baseline_json

        write_output(baseline_json(recorded), args.write_baseline)
        print(
            f"{PROG}: recorded {counted(len(recorded), 'finding')} in {args.write_baseline}",
            file=sys.stderr,
        )
        return 2 if errors else 0
    if args.fix and fixed:
        print(
            f"{PROG}: fixed {counted(fixed, 'finding')} in {counted(fixed_files, 'file')}",
            file=sys.stderr,
        )
    if not linted and not errors:
        # A typo in a CI path must not pass as "nothing to report".
        searched = " ".join(shown_path(path) for path in args.paths)
        raise UsageError(f"no Markdown files found (*.md, *.markdown, README*) in {searched}")
    write_output(render(findings, args.format), args.output)
    if args.format == "text" and (args.output or STDOUT) == STDOUT and linted:
        print(_summary(findings, linted), file=sys.stderr)
    return 2 if errors else 1 if failed else 0


def _in_scope(args: argparse.Namespace, findings: list[Any], view: Any, baseline: Any) -> list[Any]:
    """The findings PR mode keeps: changed since ``--diff-base``, absent from ``--baseline``."""
    if args.diff_base is not None:
        from .. import git
        from ..lint.scope import in_changed_entries

        try:
            base = git.merge_base(args.diff_base, view.path)
            changed = git.changed_lines(view.path, base)
        except git.GitError as error:
            raise UsageError(f"{view.path}: --diff-base {args.diff_base}: {error}") from None
        findings = in_changed_entries(findings, view, changed)
    if baseline is not None:
        findings = baseline.new_findings(findings, view)
    return findings


def _take_fixes(args: argparse.Namespace, result: Any, diffs: list[str]) -> tuple[int, bool]:
    """Write one file's fixes (or keep their diff with ``--diff``); returns how many
    findings were fixed and False when the file could not be written."""
    from ..lint.fix import unified_diff, write_fixed

    if result.fix_error is not None:
        print(f"{PROG}: warning: {result.fix_error}", file=sys.stderr)
    outcome = result.fixed
    if outcome is None or not outcome.changed:
        return 0, True
    if args.diff:
        diffs.append(unified_diff(result.path, outcome.before, outcome.after))
        return len(outcome.fixed), True
    try:
        write_fixed(result.path, outcome.after)
    except OSError as error:
        reason = error.strerror or error
        print(f"{PROG}: error: {result.path}: cannot write the fixes: {reason}", file=sys.stderr)
        return 0, False
    return len(outcome.fixed), True


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

    def command() -> int:
        args = parser.parse_args(["lint", *(sys.argv[1:] if argv is None else argv)])
        return int(args.run(args))

    return run_guarded(command)
