"""Text as a reader sees it: whitespace folded, invisible characters dropped; ranks told apart."""

from __future__ import annotations

import re

__all__ = ["clean_text", "is_rank"]

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(text: str) -> str:
    """Fold whitespace and drop invisible characters (soft hyphens, zero-width spaces)."""
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


_RANK = re.compile(r"^(?:[\[(#]?\d{1,4}[\]).]?\.?|[IVXLC]{1,6}[.)])$")


def is_rank(text: str) -> bool:
    """``3.``, ``[3]``, ``(3)``, ``#3``, ``IV.``: a number that orders an entry, not its name."""
    return _RANK.match(text) is not None
