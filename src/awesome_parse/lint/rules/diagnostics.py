"""Rules that report what the parser already noticed (``Document.diagnostics``).

The parser sees encodings, table rows and nesting while it reads; re-deriving that here
would mean a second parse. Each rule claims some diagnostic codes; ``parser-diagnostic``
reports any code no other rule claims, so a diagnostic added to the parser later is never
silently dropped by lint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from os.path import commonpath

from ..context import Context
from ..finding import Hit

__all__ = ["from_diagnostics", "repair_mojibake", "repair_table_row", "unclaimed_diagnostics"]

_TOKEN = re.compile(r"\S+")
_CELL_COUNTS = re.compile(r"row has (\d+) cells but the header has (\d+)")
_PIPE = re.compile(r"(?<!\\)\|")
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

Check = Callable[[Context], Iterator[Hit]]
Repair = Callable[[Context, Hit], Hit | None]
"""Given a diagnostic's hit, the same finding with a certain fix (and the span it edits)."""


def from_diagnostics(
    *codes: str, hint: str = "", skip_code: bool = False, repair: Repair | None = None
) -> Check:
    """A check reporting the parser's diagnostics with these codes; ``skip_code`` drops
    those positioned inside code or comments (an example of mojibake in a code span is
    documentation, not a defect); ``repair`` turns a hit into one that carries its fix."""

    def check(ctx: Context) -> Iterator[Hit]:
        for diagnostic in ctx.doc.diagnostics:
            if diagnostic.code not in codes:
                continue
            line, column = diagnostic.line, diagnostic.column
            if skip_code and line and column and ctx.source.in_code(line, column):
                continue
            hit = _hit(ctx, line, column, diagnostic.message, hint)
            # Only a diagnostic that points at a column is about one spot a fix can edit.
            fixed = repair(ctx, hit) if repair is not None and column is not None else None
            yield fixed or hit

    check.__doc__ = f"The parser's {', '.join(codes)} diagnostics."
    return check


def unclaimed_diagnostics(claimed: frozenset[str]) -> Check:
    """A check reporting diagnostics whose code no other rule reports."""

    def check(ctx: Context) -> Iterator[Hit]:
        for diagnostic in ctx.doc.diagnostics:
            if diagnostic.code not in claimed:
                yield _hit(
                    ctx,
                    diagnostic.line,
                    diagnostic.column,
                    f"{diagnostic.code}: {diagnostic.message}",
                    "",
                )

    return check


def _hit(ctx: Context, line: int | None, column: int | None, message: str, hint: str) -> Hit:
    """Diagnostics carry a line and sometimes a column; span the word there, else the line."""
    line = line or 1
    text = ctx.source.line_text(line)
    if column is None:
        indent = len(text) - len(text.lstrip())
        return Hit(line, indent + 1, message, hint, line, max(len(text), indent + 1) + 1)
    token = _TOKEN.match(text, column - 1)
    end = token.end() + 1 if token else column + 1
    return Hit(line, column, message, hint, line, end)


def repair_mojibake(ctx: Context, hit: Hit) -> Hit | None:
    """The line's garbled run replaced by its repair, when the text still holds the mojibake
    (``lint --fix`` lints the file as written; a normal lint sees the repaired text and gets
    no fix). The span is the run between the first and the last changed character."""
    from awesome_parse.decode import decode

    written = ctx.source.line_text(hit.line)
    repaired = decode(written).text
    if repaired == written or "\n" in repaired:
        return None
    prefix = len(commonpath([written, repaired]))
    suffix = len(commonpath([written[prefix:][::-1], repaired[prefix:][::-1]]))
    return hit._replace(
        column=prefix + 1,
        end_column=len(written) - suffix + 1,
        fix=repaired[prefix : len(repaired) - suffix],
    )


def repair_table_row(ctx: Context, hit: Hit) -> Hit | None:
    """A row with too many cells that are all empty loses them (``| a | b | |`` → ``| a | b
    |``); a short row gets empty cells up to the header's count. Rows whose extra cells hold
    text need a person: which cell is wrong is not certain. The row is split as GitHub does
    (on every unescaped pipe, code spans included) and the fix is only offered when that
    count is the parser's, stated in the diagnostic."""
    stated = _CELL_COUNTS.search(hit.message)
    row = ctx.source.line_text(hit.line)
    if stated is None or row.lstrip().startswith((">", "-", "*", "+")):
        return None  # tables in quotes or list items: the prefix is not a cell
    cells, expected = int(stated.group(1)), int(stated.group(2))
    content_end = len(row.rstrip())
    closed = row[:content_end].endswith("|") and not row[:content_end].endswith("\\|")
    pipes = [m.start() for m in _PIPE.finditer(row, 0, content_end)]
    opened = row.lstrip().startswith("|")
    inner = pipes[1 if opened else 0 : -1 if closed else None]  # the pipes between cells
    if len(inner) + 1 != cells or _header_cells(ctx, hit.line) != expected:
        return None
    if cells > expected:
        cut = inner[expected - 1]  # the pipe that closes the last cell the header has
        if row[cut + 1 : content_end].replace("|", "").strip():
            return None
        return hit._replace(column=cut + 2, end_column=content_end + 1, fix="")
    last = content_end - 1
    padding = " |" * (expected - cells + (0 if closed else 1))
    return hit._replace(column=last + 1, end_column=last + 2, fix=row[last] + padding)


def _header_cells(ctx: Context, line: int) -> int | None:
    """How many cells the header of the table holding ``line`` has, from its delimiter row."""
    for above in range(line - 1, max(0, line - 10_000), -1):
        text = ctx.source.masked_line(above)
        if "|" not in text and "-" not in text:
            return None
        if _DELIMITER_ROW.match(text):
            body = text.strip()
            body = body[1:] if body.startswith("|") else body
            body = body[:-1] if body.endswith("|") else body
            return body.count("|") + 1
    return None
