"""The common inline forms of a list, read without mistletoe's general inline machinery.

Part of the Markdown stage (:mod:`awesome_parse.markdown` calls it). mistletoe's inline
tokeniser walks every character in Python and runs eight token searches over each paragraph,
heading and table cell: about 70 % of its parse time. Most inline content of an awesome list
is far simpler: text, ``[title](url)``, ``[[Paper](url)]``, ``[[Paper]](url)``,
``[2023/10] [title](url)``, ``**[title](url)**``, a badge ``[![alt](img)](url)``, an image, a
``code`` label. :func:`read_simple` recognises exactly that language with three linear regular
expressions and goes straight to the pieces the reading stage reads (the span tokens mistletoe
would build for it, and their walk, are skipped); anything else is declined and goes through
mistletoe as before.

The language is deliberately narrow: text with none of ``\\ ` * _ [ ] < & ~`` nor a line
break, so no other span token (escape, emphasis, HTML, autolink, strikethrough, entity, line
break) can start inside it; destinations without spaces, parentheses, ``<``, brackets,
backslashes, backticks or ``~``; code spans of such text; and an emphasis of such text that
opens the content (``*A. Author, B. Author.* Venue``). ``tests/test_simple_inline.py``
checks, on every inline string of the fixtures (and of the seeds and corpus when present) and
on generated strings, that the pieces are those of mistletoe's tokens.
"""

from __future__ import annotations

import re
from typing import Any

from .pieces import LinkPiece, Piece, Text

__all__ = ["ReadInline", "read_simple"]

# ``!`` only where mistletoe's scanner forgets it at once: an ``!`` before ``[`` starts an
# image, and before ``]`` or a code span it stays armed and turns the next ``[`` into one.
_TEXT = r"(?:[^\\`*_\[\]<&~\n!]|!(?![\[\]`]))"
_DEST = r"[^\s()<>\\`\[\]~]"
_CODE = r"`[^`\n\\<~*_\[\]&!]++`(?!`)"
_LINK = rf"\[{_TEXT}++\]\({_DEST}++\)"
_IMAGE = rf"!\[{_TEXT}*+\]\({_DEST}++\)"
_BADGE = rf"\[{_IMAGE}\]\({_DEST}++\)"
# A link in brackets, ``[[Paper](url)]``: the outer pair is text, since a link cannot contain
# a link; followed by ``(`` or ``[`` it could still start something else, so that is left out.
_BRACKETED_LINK = rf"\[{_LINK}\](?![(\[])"
# A bold link, ``**[Title](url)**``, between spaces or the ends of the content: there both
# ``**`` can only open and close, so they pair with each other and nothing else.
_STRONG_LINK = rf"(?<![^ ])\*\*{_LINK}\*\*(?![^ ])"
# A bracketed label, ``[2023/10] ``, and a link whose text is one, ``[[Paper]](url)``: text
# unless the list defines that label (``[2023/10]: url``), which read_simple checks.
_LABEL = rf"\[{_TEXT}++\](?![(\[\]])"
_LABEL_LINK = rf"\[\[{_TEXT}++\]\]\({_DEST}++\)"

_SIMPLE = re.compile(
    rf"{_TEXT}*+(?:(?:{_BADGE}|{_IMAGE}|{_LINK}|{_BRACKETED_LINK}|{_STRONG_LINK}|{_CODE}"
    rf"|{_LABEL_LINK}|{_LABEL}){_TEXT}*+)*+"
)
# A run of text is matched whole, so that the search does not try every alternative at each
# of its characters (2.4× faster on a list); none of the others can start inside such a run.
_PART = re.compile(
    rf"(?P<plain>{_TEXT}++)"
    rf"|(?P<badge>\[(?P<badge_image>!\[(?P<badge_alt>{_TEXT}*+)\]\((?P<badge_src>{_DEST}++)\))"
    rf"\]\((?P<badge_url>{_DEST}++)\))"
    rf"|(?P<image>!\[(?P<alt>{_TEXT}*+)\]\((?P<src>{_DEST}++)\))"
    rf"|(?P<link>\[(?P<text>{_TEXT}++)\]\((?P<url>{_DEST}++)\))"
    rf"|(?P<code>{_CODE})"
    rf"|(?P<strong>(?<![^ ])\*\*\[(?P<strong_text>{_TEXT}++)\]\((?P<strong_url>{_DEST}++)\)\*\*)"
    rf"|(?P<label_link>\[(?P<link_label>\[(?P<inner_label>{_TEXT}++)\])\]\((?P<label_url>{_DEST}++)\))"
    rf"|(?P<label>\[(?P<label_text>{_TEXT}++)\](?![(\[\]]))"
)

# Emphasis opening the content, ``*A. Author, B. Author.* Preprint'24`` or ``_Libraries for
# X._``, followed by a space or nothing. The opening ``*``/``_`` has the start of the content
# before it and no blank after it; the closing one no blank before it and a space or the end
# after it: CommonMark's flanking rules then make them a pair whatever plain text is inside,
# and nothing in between (plain text has no ``*`` or ``_``) or after it (the simple language,
# opened by a space) can pair with either. The emphasis is read as its text, as flatten reads it.
_LEADING_EMPHASIS = re.compile(rf"([*_])((?!\s){_TEXT}++)(?<!\s)\1(?= |\Z)")


class ReadInline:
    """Simple inline content, read: what stands as a block token's only child in place of
    the span tokens mistletoe would have built for it.

    ``pieces`` are what :func:`awesome_parse.markdown.flatten` makes of those tokens, and
    ``opens_with_bold_link`` what :func:`~awesome_parse.markdown.starts_with_bold_link` finds
    in them (:func:`~awesome_parse.markdown.bold_line` finds nothing: simple content has no
    bold run but bold links). It has the one attribute mistletoe sets on every child
    (``_parent``), so a block token can hold it. Its pieces are shared by every reading of
    the block (a quote or table inside a list item is read again with its item), and
    nothing changes a piece once made.
    """

    __slots__ = ("_parent", "opens_with_bold_link", "pieces")

    def __init__(self, pieces: list[Piece], opens_with_bold_link: bool) -> None:
        self.pieces = pieces
        self.opens_with_bold_link = opens_with_bold_link


def read_simple(content: str) -> ReadInline | None:
    """The pieces of ``content`` when it is in the simple language, else None.

    Call inside a Markdown session (mistletoe imported, its token types active): a label
    that the document defines as a reference, and a code span, are mistletoe's to judge.
    """
    texts: list[str] = []
    opens_with_bold_link: bool | None = None
    emphasis = _LEADING_EMPHASIS.match(content) if content[:1] in ("*", "_") else None
    if emphasis is not None:
        texts.append(emphasis.group(2))
        opens_with_bold_link = False  # mistletoe's first token is the Emphasis
        content = content[emphasis.end() :]
    if not _SIMPLE.fullmatch(content):
        return None
    pieces: list[Piece] = []
    position = 0
    for part in _PART.finditer(content):
        kind = part.lastgroup  # the outermost group of the alternative that matched
        if kind == "plain":
            continue  # taken with the next piece, or at the end
        if kind == "label":
            if _is_reference(part.group("label_text")):
                return None
            continue  # text: it stays in the run of text around it
        start = part.start()
        if opens_with_bold_link is None:
            # mistletoe's first token other than blank text: the bold link's Strong, or not.
            opens_with_bold_link = kind == "strong" and not content[:start].strip()
        if start > position:
            texts.append(content[position:start])
        position = part.end()
        piece: Piece
        if kind == "link":
            piece = LinkPiece(part.group("text"), part.group("url"))
        elif kind == "strong":
            piece = LinkPiece(part.group("strong_text"), part.group("strong_url"))
        elif kind == "label_link":
            if _is_reference(part.group("inner_label")):
                return None
            piece = LinkPiece(part.group("link_label"), part.group("label_url"))
        elif kind == "badge":
            piece = LinkPiece(
                "", part.group("badge_url"), part.group("badge_alt"), part.group("badge_src")
            )
        elif kind == "image":
            piece = LinkPiece("", "", part.group("alt"), part.group("src"))
        else:  # code: its text, as mistletoe's InlineCode reads it, joins the text around it
            texts.append(_code_text(content, start))
            continue
        if texts:
            pieces.append(Text("".join(texts)))
            texts.clear()
        pieces.append(piece)
    if position < len(content):
        texts.append(content[position:])
    if texts:
        pieces.append(Text("".join(texts)))
    return ReadInline(pieces, bool(opens_with_bold_link))


def _code_text(content: str, start: int) -> str:
    from mistletoe import span_token

    code: Any = span_token.InlineCode(span_token.InlineCode.pattern.match(content, start))  # type: ignore[no-untyped-call]
    return "".join(child.content for child in code.children)


def _is_reference(label: str) -> bool:
    """Whether ``[label]`` is a reference link here (a definition of it is in the document)."""
    from mistletoe import core_tokens, token

    lookup: Any = core_tokens.get_link_label  # what mistletoe's own scanner asks
    return lookup(label, token._root_node) is not None
