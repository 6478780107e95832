"""Text as a reader sees it: whitespace folded, invisible characters and emoji shortcodes
dropped; ranks told apart."""

from __future__ import annotations

import re

__all__ = ["clean_text", "drop_shortcodes", "is_rank"]

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


_SHORTCODE = re.compile(r"(?<!\d):[a-z0-9_+-]{1,40}:(?!\d)")
"""``:star:``, ``:100:``, ``:+1:``; not the ``:30:`` of a time (``12:30:45``)."""


def drop_shortcodes(text: str) -> str:
    """The text without emoji shortcodes: GitHub shows each as an emoji, which no title, slug
    or field keeps."""
    return _SHORTCODE.sub("", text) if text.count(":") >= 2 else text
