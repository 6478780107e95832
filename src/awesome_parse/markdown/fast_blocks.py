"""Two of mistletoe's block tokens with a quick "no" in front of their slow checks.

Part of the Markdown stage (:func:`awesome_parse.markdown.markdown_session` puts these classes
in place of mistletoe's). mistletoe asks every block type whether it starts on a line, and
asks the interrupting ones again on each further line of a paragraph and at each list item's
end. Two of those questions are costly and nearly always answered "no" in an awesome list:

- ``HtmlBlock.start`` runs three regular expressions and four prefix tests on every line.
  Every one of its seven rules (CommonMark 4.6) needs ``<`` as the line's first character
  after whitespace, so any other line is declined at once.
- ``Footnote.read`` (a link reference definition, ``[label]: url``) is tried on every block
  that starts with ``[``, as most entries of a list do (``[Title](url) - note``). It reads
  every line up to the next blank one, walks the label character by character in Python,
  then gives the lines back. A definition needs ``:`` right after the label's ``]``: when
  the label closes on the first line and anything else follows, the answer is "no" without
  reading on.

Both subclasses keep the class names, so the reading stage, which dispatches on names, sees
mistletoe's tokens; anything not declined goes to mistletoe's own code.
``tests/test_fast_blocks.py`` checks that documents tokenise identically with and without
them.
"""

from __future__ import annotations

import re
from typing import Any

from .mistletoe_import import import_mistletoe

import_mistletoe()

from mistletoe import block_token  # noqa: E402

__all__ = ["faster"]

# Up to three spaces, "[", a label without unescaped brackets closed on this line, and the
# character after the "]" (none at the line's end). Escapes are a backslash and any character
# but the line break, as mistletoe reads them; a label that runs on to the next line does not
# match and is left to mistletoe.
_LABEL_ON_FIRST_LINE = re.compile(r" {0,3}\[((?:[^\\\[\]\n]|\\.)*)\](.?)")


class HtmlBlock(block_token.HtmlBlock):
    @classmethod
    def start(cls, line: str) -> Any:
        if line.lstrip()[:1] != "<":
            return False
        return super().start(line)  # type: ignore[no-untyped-call]


class Footnote(block_token.Footnote):
    @classmethod
    def read(cls, lines: Any) -> Any:
        label = _LABEL_ON_FIRST_LINE.match(lines.peek())
        if label is not None and (not label.group(1).strip() or label.group(2) != ":"):
            return None  # mistletoe would read the block, find no definition, give it back
        return super().read(lines)  # type: ignore[no-untyped-call]


_REPLACEMENTS = {block_token.HtmlBlock: HtmlBlock, block_token.Footnote: Footnote}


def faster(token_types: list[Any]) -> list[Any]:
    """``token_types`` (mistletoe's active block types) with these classes in place."""
    return [_REPLACEMENTS.get(token_type, token_type) for token_type in token_types]
