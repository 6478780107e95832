"""Stage 2: text → Markdown tokens. The one package that knows mistletoe.

:func:`markdown_session` and :func:`parse_document` turn text into mistletoe's block tokens
(with its quirks and worst cases handled in :mod:`.session`, and its common inline forms read
quickly by :mod:`.simple_inline`); the functions of :mod:`.inline` are the reading stage's
whole view of those tokens: block children, and inline content as flat :class:`Piece` lists.
The reading stage never imports mistletoe itself.
"""

from __future__ import annotations

from .inline import (
    block_children,
    bold_line,
    code_content,
    detach_children,
    flatten,
    inline,
    kind,
    leading_bold,
    release,
    split_table_row,
    starts_with_bold_link,
)
from .pieces import Html, LinkPiece, Piece, Text
from .session import markdown_session, parse_document

__all__ = [
    "Html",
    "LinkPiece",
    "Piece",
    "Text",
    "block_children",
    "bold_line",
    "code_content",
    "detach_children",
    "flatten",
    "inline",
    "kind",
    "leading_bold",
    "markdown_session",
    "parse_document",
    "release",
    "split_table_row",
    "starts_with_bold_link",
]
