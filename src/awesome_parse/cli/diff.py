"""``awesome-parse diff OLD NEW``: the entries a change added, removed, moved or changed.

OLD and NEW are files or ``REV:path`` git revisions (``main:README.md``, ``HEAD~3:README.md``,
as ``git show`` reads them). Entries are matched by identity (arXiv id, DOI, URL, title), so
reordering a list is a move, not a removal and an addition.
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError, write_output

__all__ = ["add_diff_command", "read_version"]

_FORMATS = ("text", "json", "markdown")


def add_diff_command(commands: Any) -> None:
    """Register ``diff`` on the CLI's subparsers."""
    diff = commands.add_parser(
        "diff",
        help="entries added, removed, moved and changed between two versions of a list",
        description="Compare two versions of an awesome list entry by entry. OLD and NEW are "
        "files or REV:path git revisions (e.g. main:README.md). Output: text, JSON, or a "
        "Markdown summary for a pull request comment.",
    )
    diff.add_argument("old", metavar="OLD", help="the earlier version (file or REV:path)")
    diff.add_argument("new", metavar="NEW", help="the later version (file or REV:path)")
    diff.add_argument(
        "--format", choices=_FORMATS, default="text", help="output format (default: text)"
    )
    diff.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    diff.set_defaults(run=_run)


def read_version(spec: str) -> bytes:
    """The bytes of a file, or of ``REV:path`` at that git revision."""
    from .. import git
    from ..parser import ParseError, read_input

    revision = git.split_revision(spec)
    try:
        if revision is not None:
            return git.show(*revision)
        return read_input(spec)
    except (ParseError, git.GitError) as error:
        raise UsageError(f"{spec}: {error}" if revision else str(error)) from None


def _run(args: argparse.Namespace) -> int:
    from .. import changes
    from ..parser import ParseError, parse_source

    try:
        old = parse_source(read_version(args.old), source=args.old)[0]
        new = parse_source(read_version(args.new), source=args.new)[0]
    except ParseError as error:
        raise UsageError(str(error)) from None
    found = changes.diff_documents(old, new)
    render = {
        "text": changes.render_text,
        "json": changes.render_json,
        "markdown": changes.render_markdown,
    }[args.format]
    write_output(render(found, args.old, args.new), args.output)
    return 0
