"""Rules that report what the parser already noticed (``Document.diagnostics``).

The parser sees encodings, table rows and nesting while it reads; re-deriving that here
would mean a second parse. Each rule claims some diagnostic codes; ``parser-diagnostic``
reports any code no other rule claims, so a diagnostic added to the parser later is never
silently dropped by lint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..context import Context
from ..finding import Hit

__all__ = ["from_diagnostics", "unclaimed_diagnostics"]

_TOKEN = re.compile(r"\S+")

Check = Callable[[Context], Iterator[Hit]]


def from_diagnostics(*codes: str, hint: str = "", skip_code: bool = False) -> Check:
    """A check reporting the parser's diagnostics with these codes; ``skip_code`` drops
    those positioned inside code or comments (an example of mojibake in a code span is
    documentation, not a defect)."""

    def check(ctx: Context) -> Iterator[Hit]:
        for diagnostic in ctx.doc.diagnostics:
            if diagnostic.code not in codes:
                continue
            line, column = diagnostic.line, diagnostic.column
            if skip_code and line and column and ctx.source.in_code(line, column):
                continue
            yield _hit(ctx, line, column, diagnostic.message, hint)

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
