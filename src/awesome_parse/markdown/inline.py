"""Walking mistletoe's tokens: block children, and inline tokens as flat :class:`Piece` lists.

The reading stage receives block tokens plus a flat list of inline pieces per block (text,
links, HTML) and never imports mistletoe itself; these functions are its whole view of them.
A table's header stays outside ``children`` in mistletoe; span tokens carry no line numbers.
"""

from __future__ import annotations

import re
from typing import Any

from .pieces import Html, LinkPiece, Piece, Text
from .simple_inline import ReadInline


def kind(token: Any) -> str:
    """The token's type name (``Paragraph``, ``List``, ``HtmlBlock``...)."""
    return type(token).__name__


def block_children(token: Any) -> list[Any]:
    return list(getattr(token, "children", None) or ())


def detach_children(token: Any) -> list[Any]:
    """The token's children, no longer held by the token (so each can be freed on its own)."""
    children = block_children(token)
    token.children = None
    return children


def release(token: Any) -> None:
    """Break the reference cycles in a token's subtree, so it is freed as soon as it is dropped.

    Every token points back at its parent, and the parser pauses the garbage collector (see
    ``parser._build``): without this, the whole token tree (≈ 10× the input) would outlive the
    tree building and be freed only at the caller's next collection. Cutting the downward
    links is enough: what is left points only upwards, which reference counting frees.
    """
    stack = [token]
    while stack:
        current = stack.pop()
        children = getattr(current, "children", None)
        if children:
            stack.extend(children)
            current.children = None
        header = getattr(current, "header", None)  # a table's header row is not a child
        if header is not None:
            stack.append(header)
            current.header = None


def code_content(token: Any) -> str:
    children = getattr(token, "children", None) or ()
    return "".join(getattr(child, "content", "") for child in children)


def inline(text: str) -> list[Piece]:
    """Parse one line of inline Markdown (a table cell) into pieces, inside a session."""
    from mistletoe import span_token

    return flatten(span_token.tokenize_inner(text))  # type: ignore[no-untyped-call]


def flatten(tokens: Any) -> list[Piece]:
    """Inline tokens → a flat list of text, link and HTML pieces, in reading order.

    Emphasis, strong and code are dissolved into their text; an image inside a link becomes a
    badge-carrying link; a stand-alone image becomes a link without text whose ``image`` is set.
    Adjacent text is merged into one :class:`Text` (joined once: linear in the number of
    pieces, however many escape sequences split it).
    """
    if tokens and len(tokens) == 1 and type(tokens[0]) is ReadInline:
        return list(tokens[0].pieces)  # a block's own content, read without tokens
    out: list[Piece] = []
    texts: list[str] = []
    stack: list[Any] = list(tokens or ())
    stack.reverse()
    while stack:
        token = stack.pop()
        name = type(token).__name__
        item: Piece
        if name == "RawText":
            texts.append(token.content)
            continue
        if type(token) is ReadInline:
            # A block further down (a quote or table inside a list item): its pieces are
            # walked in place of the tokens they stand for.
            stack.extend(reversed(token.pieces))
            continue
        if type(token) is Text:
            texts.append(token.text)
            continue
        if type(token) is LinkPiece or type(token) is Html:
            item = token
        elif name == "Link" and any(type(c).__name__ == "HtmlSpan" for c in token.children or ()):
            # ``[<img src=…>](url)``: the link's content is HTML, read with it by the next
            # stage as an ``<a href>`` around that content.
            stack.append(Html("</a>"))
            stack.extend(reversed(token.children or ()))
            stack.append(Html(f'<a href="{_attribute(token.target)}">'))
            continue
        elif name in ("Link", "AutoLink"):
            item = _link_piece(token)
        elif name == "Image":
            item = LinkPiece(text="", url="", image_alt=plain_text(token.children), image=token.src)
        elif name == "HtmlSpan":
            item = Html(token.content)
        elif name == "LineBreak":
            texts.append("\n")
            continue
        elif name == "InlineCode":
            texts.append(plain_text(token.children))
            continue
        else:
            stack.extend(reversed(getattr(token, "children", None) or ()))
            continue
        if texts:
            out.append(Text("".join(texts)))
            texts.clear()
        out.append(item)
    if texts:
        out.append(Text("".join(texts)))
    return out


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _link_piece(token: Any) -> LinkPiece:
    children = token.children or ()
    images = [child for child in children if type(child).__name__ == "Image"]
    if images and not plain_text([c for c in children if c not in images]).strip():
        image = images[0]
        return LinkPiece(
            text="", url=token.target, image_alt=plain_text(image.children), image=image.src
        )
    return LinkPiece(text=plain_text(children), url=token.target)


def plain_text(tokens: Any) -> str:
    """The text a reader sees in these inline tokens (images give their alt text)."""
    if tokens and len(tokens) == 1 and type(tokens[0]).__name__ == "RawText":
        return str(tokens[0].content)  # most link texts: no walk needed
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
        if type(child) is ReadInline:
            return child.opens_with_bold_link
        name = type(child).__name__
        if name == "RawText" and not child.content.strip():
            continue
        if name != "Strong":
            return False
        inner = [
            c for c in child.children or () if type(c).__name__ != "RawText" or c.content.strip()
        ]
        return bool(inner) and type(inner[0]).__name__ == "Link"
    return False


def leading_bold(token: Any) -> str | None:
    """The text of the bold run that opens a paragraph (``**Title** \\``, ``🔥 <b>Title</b>``),
    when it holds no link; else None. Text before it may only be symbols (an emoji, a dash).

    A reader takes such a run for the title of what the paragraph describes.
    """
    children = list(token.children or ())
    for index, child in enumerate(children):
        name = type(child).__name__
        if name == "RawText" and not any(char.isalnum() for char in child.content):
            continue
        if name == "Strong":
            inner = child.children or ()
            if any(type(t).__name__ in ("Link", "AutoLink", "Image") for t in inner):
                return None
            return plain_text(inner)
        if name == "HtmlSpan" and child.content.lower() in ("<b>", "<strong>"):
            closing = "</" + child.content[1:].lower()
            parts: list[str] = []
            for later in children[index + 1 :]:
                if type(later).__name__ == "HtmlSpan":
                    return "".join(parts) if later.content.lower() == closing else None
                if type(later).__name__ != "RawText":
                    return None
                parts.append(later.content)
        return None
    return None
