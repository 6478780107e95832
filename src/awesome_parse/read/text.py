"""Text as a reader sees it: whitespace folded, invisible characters dropped."""

from __future__ import annotations

__all__ = ["clean_text"]

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(text: str) -> str:
    """Fold whitespace and drop invisible characters (soft hyphens, zero-width spaces)."""
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())
