"""The common inline forms of a list, tokenised without mistletoe's general inline machinery.

Part of the Markdown stage (:mod:`awesome_parse.markdown` calls it). mistletoe's inline
tokeniser walks every character in Python and runs eight token searches over each paragraph,
heading and table cell: about 70 % of its parse time. Most inline content of an awesome list
is far simpler: text, ``[title](url)``, ``[[Paper](url)]``, ``[[Paper]](url)``,
``[2023/10] [title](url)``, ``**[title](url)**``, a badge ``[![alt](img)](url)``, an image, a
``code`` label. :func:`simple_tokens` recognises exactly
that language with two linear regular expressions and builds the tokens mistletoe would
build — the same classes with the same attributes — and declines anything else, which then
goes through mistletoe as before.

The language is deliberately narrow: text with none of ``\\ ` * _ [ ] < & ~`` nor a line
break, so no other span token (escape, emphasis, HTML, autolink, strikethrough, entity, line
break) can start inside it; destinations without spaces, parentheses, ``<``, brackets,
backslashes, backticks or ``~``; code spans of such text. ``tests/test_simple_inline.py``
checks token-for-token identity with mistletoe on every inline string of the fixtures (and
of the seeds and corpus when present) and on generated strings.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["simple_tokens"]

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
# unless the list defines that label (``[2023/10]: url``), which simple_tokens checks.
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


def simple_tokens(content: str) -> list[Any] | None:
    """mistletoe's span tokens of ``content`` when it is in the simple language, else None.

    Call inside a Markdown session (mistletoe imported, its token types active).
    """
    if not _SIMPLE.fullmatch(content):
        return None
    from mistletoe import span_token

    raw_text: Any = span_token.RawText
    link_class, image_class = span_token.Link, span_token.Image
    tokens: list[Any] = []
    position = 0
    for part in _PART.finditer(content):
        kind = part.lastgroup  # the outermost group of the alternative that matched
        if kind == "plain":
            continue  # added with the next token, or at the end
        if kind == "label":
            if _is_reference(part.group("label_text")):
                return None
            continue  # text: it stays in the run of text around it
        start = part.start()
        if start > position:
            tokens.append(raw_text(content[position:start]))
        if kind == "link":
            tokens.append(
                _titleless(link_class, "target", part.group("url"), [raw_text(part.group("text"))])
            )
        elif kind == "code":
            tokens.append(
                span_token.InlineCode(span_token.InlineCode.pattern.match(content, start))  # type: ignore[no-untyped-call]
            )
        elif kind == "badge":
            alt = part.group("badge_alt")
            image = _titleless(
                image_class, "src", part.group("badge_src"), [raw_text(alt)] if alt else []
            )
            tokens.append(_titleless(link_class, "target", part.group("badge_url"), [image]))
        elif kind == "strong":
            text = [raw_text(part.group("strong_text"))]
            strong = span_token.Strong.__new__(span_token.Strong)
            strong.delimiter = "*"
            strong.children = [_titleless(link_class, "target", part.group("strong_url"), text)]
            tokens.append(strong)
        elif kind == "label_link":
            if _is_reference(part.group("inner_label")):
                return None
            text = [raw_text(part.group("link_label"))]
            tokens.append(_titleless(link_class, "target", part.group("label_url"), text))
        else:  # image
            alt = part.group("alt")
            tokens.append(
                _titleless(image_class, "src", part.group("src"), [raw_text(alt)] if alt else [])
            )
        position = part.end()
    if position < len(content):
        tokens.append(raw_text(content[position:]))
    return tokens


def _titleless(token_class: Any, url_attribute: str, url: str, children: list[Any]) -> Any:
    """A Link or Image as mistletoe's constructor makes it for ``[text](url)`` with no title
    and no escapes (``EscapeSequence.strip`` changes nothing then).

    Setting the attributes directly skips a match object and two regex substitutions per
    link; the tests compare every attribute with mistletoe's own tokens, so a mistletoe that
    sets others fails them.
    """
    token = token_class.__new__(token_class)
    setattr(token, url_attribute, url)  # a Link's ``target``, an Image's ``src``
    token.title = ""
    token.dest_type = "uri"
    token.label = None
    token.title_delimiter = None
    token.children = children
    return token


def _is_reference(label: str) -> bool:
    """Whether ``[label]`` is a reference link here (a definition of it is in the document)."""
    from mistletoe import core_tokens, token

    lookup: Any = core_tokens.get_link_label  # what mistletoe's own scanner asks
    return lookup(label, token._root_node) is not None
