"""Stage 2: text → Markdown tokens. The one module that knows mistletoe's quirks.

mistletoe keeps its active token types in module globals, recognises raw HTML only inside a
renderer context that adds the HTML tokens, keeps a table's header outside ``children``,
recurses once per nesting level and gives span tokens no line numbers. This module owns all
of that: the tree builder receives block tokens plus a flat list of inline :class:`Piece`
objects per block, and never imports mistletoe itself.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Html",
    "LinkPiece",
    "Piece",
    "Text",
    "block_children",
    "bold_line",
    "code_content",
    "flatten",
    "inline",
    "kind",
    "markdown_session",
    "parse_document",
    "split_table_row",
    "starts_with_bold_link",
]

_LOCK = threading.RLock()

# Deep nesting makes mistletoe recurse once per level (and then our walk does too). Lines are
# clamped to this many levels of block-quote markers or indentation when a parse overflows.
_MAX_NESTING = 24


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


@contextmanager
def markdown_session() -> Iterator[None]:
    """Serialise parses and activate the HTML tokens (mistletoe's token types are global)."""
    from mistletoe.html_renderer import HtmlRenderer

    with _LOCK, HtmlRenderer():
        yield


def parse_document(text: str) -> tuple[Any, bool]:
    """Parse inside a :func:`markdown_session`; returns ``(document, clamped)``.

    ``clamped`` is True when the text nested too deeply for mistletoe and was re-read with its
    nesting clamped (the text is kept, only the structure past the limit is flattened).
    """
    from mistletoe import Document

    try:
        return Document(text), False
    except RecursionError:
        return Document(_clamp_nesting(text)), True


_LEADING = re.compile(r"[ \t>]{%d,}" % (_MAX_NESTING * 2))


def _clamp_nesting(text: str) -> str:
    def clamp(match: re.Match[str]) -> str:
        prefix = match.group()
        quotes = min(prefix.count(">"), _MAX_NESTING)
        return ">" * quotes + " " * min(len(prefix) - prefix.count(">"), _MAX_NESTING * 2)

    return _LEADING.sub(clamp, text)


def kind(token: Any) -> str:
    """The token's type name (``Paragraph``, ``List``, ``HtmlBlock``...)."""
    return type(token).__name__


def block_children(token: Any) -> list[Any]:
    return list(getattr(token, "children", None) or ())


def code_content(token: Any) -> str:
    children = getattr(token, "children", None) or ()
    return "".join(getattr(child, "content", "") for child in children)


def inline(text: str) -> list[Piece]:
    """Parse one line of inline Markdown (a table cell) into pieces, inside a session."""
    from mistletoe import span_token

    return flatten(span_token.tokenize_inner(text))


def flatten(tokens: Any) -> list[Piece]:
    """Inline tokens → a flat list of text, link and HTML pieces, in reading order.

    Emphasis, strong and code are dissolved into their text; an image inside a link becomes a
    badge-carrying link; a stand-alone image becomes a link without text whose ``image`` is set.
    """
    out: list[Piece] = []
    stack: list[Any] = list(reversed(list(tokens or ())))
    while stack:
        token = stack.pop()
        name = type(token).__name__
        if name == "RawText":
            _add_text(out, token.content)
        elif name in ("Link", "AutoLink"):
            out.append(_link_piece(token))
        elif name == "Image":
            out.append(
                LinkPiece(text="", url="", image_alt=plain_text(token.children), image=token.src)
            )
        elif name == "LineBreak":
            _add_text(out, "\n")
        elif name == "HtmlSpan":
            out.append(Html(token.content))
        elif name == "InlineCode":
            _add_text(out, plain_text(token.children))
        else:
            stack.extend(reversed(list(getattr(token, "children", None) or ())))
    return out


def _add_text(out: list[Piece], text: str) -> None:
    if out and isinstance(out[-1], Text):
        out[-1].text += text
    else:
        out.append(Text(text))


def _link_piece(token: Any) -> LinkPiece:
    children = list(token.children or ())
    images = [child for child in children if type(child).__name__ == "Image"]
    if images and not plain_text([c for c in children if c not in images]).strip():
        image = images[0]
        return LinkPiece(
            text="", url=token.target, image_alt=plain_text(image.children), image=image.src
        )
    return LinkPiece(text=plain_text(children), url=token.target)


def plain_text(tokens: Any) -> str:
    """The text a reader sees in these inline tokens (images give their alt text)."""
    parts: list[str] = []
    stack: list[Any] = list(reversed(list(tokens or ())))
    while stack:
        token = stack.pop()
        name = type(token).__name__
        if name == "RawText":
            parts.append(token.content)
        elif name == "LineBreak":
            parts.append("\n")
        elif name == "HtmlSpan":
            continue
        else:
            stack.extend(reversed(list(getattr(token, "children", None) or ())))
    return "".join(parts)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def split_table_row(line: str) -> list[str]:
    """Split a GFM table row into raw cell texts, keeping empty cells (mistletoe drops them).

    A leading and a trailing pipe are optional; ``\\|`` is an escaped pipe inside a cell.
    """
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(stripped)]


def bold_line(token: Any) -> str | None:
    """The text of a paragraph that is one bold run (``**CNNs**:``), else None.

    Such a line is what a reader takes for a heading; a bold *link* is not one.
    """
    children = [
        child
        for child in token.children or ()
        if not (type(child).__name__ == "RawText" and child.content.strip() in ("", ":"))
    ]
    if len(children) == 1 and type(children[0]).__name__ == "Strong":
        inner = children[0].children or ()
        if any(type(t).__name__ in ("Link", "AutoLink") for t in inner):
            return None
        return plain_text(inner)
    names = [type(child).__name__ for child in children]
    if names == ["HtmlSpan", "RawText", "HtmlSpan"] and children[0].content.lower() in (
        "<b>",
        "<strong>",
    ):
        return str(children[1].content)
    return None


def starts_with_bold_link(token: Any) -> bool:
    """True for a paragraph that opens with a bold link (``**[Title](url)**``)."""
    for child in token.children or ():
        name = type(child).__name__
        if name == "RawText" and not child.content.strip():
            continue
        if name != "Strong":
            return False
        inner = [c for c in child.children or () if type(c).__name__ != "RawText" or c.content.strip()]
        return bool(inner) and type(inner[0]).__name__ == "Link"
    return False
