"""What the Markdown stage hands the reading stage for inline content: text, links, HTML.

A module of its own so that both readers of inline Markdown — mistletoe's tokens walked by
:func:`awesome_parse.markdown.flatten`, and the direct reader of
:mod:`awesome_parse.markdown.simple_inline` — build the same pieces without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Html", "LinkPiece", "Piece", "Text"]


@dataclass(slots=True)
class Text:
    text: str


@dataclass(slots=True)
class LinkPiece:
    text: str
    url: str
    image_alt: str | None = None
    """Set when the link wraps an image (a badge); then ``image`` is the image URL."""
    image: str | None = None


@dataclass(slots=True)
class Html:
    html: str


Piece = Text | LinkPiece | Html
