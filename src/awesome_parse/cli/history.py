"""``awesome-parse history FILE``: when each entry was added, and feeds of new entries.

The date is the author date of the commit that brought the entry's first line, from
``git blame -w -M -C`` (moves within the file, and copies from files of the same commit, keep
their first commit). ``--format jsonfeed`` or ``atom`` with ``--since``/``--until`` publishes
the entries added in that range, newest first.
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError

__all__ = ["add_history_command"]

_FORMATS = ("text", "json", "jsonfeed", "atom")


def add_history_command(commands: Any) -> None:
    """Register ``history`` on the CLI's subparsers."""
    history = commands.add_parser(
        "history",
        help="when each entry was added (git blame), or a feed of the entries added lately",
        description="Each entry's added date and commit from git history, as text or JSON, or "
        "a JSON Feed / Atom feed of the entries added from --since to --until.",
    )
    history.add_argument("path", metavar="FILE", help="a Markdown file in a git work tree")
    history.add_argument(
        "--format", choices=_FORMATS, default="text", help="output format (default: text)"
    )
    history.add_argument("--since", metavar="YYYY-MM-DD", help="only entries added on or after")
    history.add_argument("--until", metavar="YYYY-MM-DD", help="only entries added on or before")
    history.add_argument("--title", help="the feed's title (default: the list's title)")
    history.add_argument("--home", metavar="URL", help="the feed's home page (the list's URL)")
    history.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    history.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from .. import git
    from ..history import added_dates, atom_feed, in_range, json_feed, parse_day
    from ..parser import ParseError, parse_file
    from .common import write_output

    try:
        since = parse_day(args.since) if args.since else None
        until = parse_day(args.until) if args.until else None
    except ValueError as error:
        raise UsageError(str(error)) from None
    try:
        doc = parse_file(args.path)
        added = added_dates(doc, args.path)
    except ParseError as error:
        raise UsageError(str(error)) from None
    except git.GitError as error:
        raise UsageError(f"{args.path}: {error}") from None
    feed = args.format in ("jsonfeed", "atom")
    if feed or since or until:
        added = in_range(added, since, until)
    title = args.title or doc.title or args.path
    if args.format == "jsonfeed":
        text = json_feed(added, title=title, home=args.home)
    elif args.format == "atom":
        text = atom_feed(added, title=title, home=args.home)
    elif args.format == "json":
        import json

        text = json.dumps([a.to_dict() for a in added], indent=2, ensure_ascii=False) + "\n"
    else:
        text = "".join(_text_line(a) for a in added)
    write_output(text, args.output)
    return 0


def _text_line(added: Any) -> str:
    when = added.date.date().isoformat() if added.date else "uncommitted"
    commit = (added.commit or "")[:10] or "-" * 10
    title = added.entry.title or added.entry.url or ""
    return f"{when}  {commit}  {title}  [{added.section or '(top)'}]\n"
