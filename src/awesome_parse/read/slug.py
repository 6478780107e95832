"""GitHub's heading anchors (the ``#fragment`` of a heading), as github-slugger makes them.

Lower-case the heading's rendered text (not trimmed: a heading that ends in a badge image
keeps the space before it, hence a trailing hyphen), drop everything that is not a letter,
digit, mark, space, hyphen or underscore, and turn each space into a hyphen; a repeated slug
gets ``-1``, ``-2``...
"""

from __future__ import annotations

import unicodedata

__all__ = ["Slugger", "slug"]

_KEEP_CATEGORIES = ("L", "N", "M")


def slug(text: str) -> str:
    out = []
    for char in text.lower():
        if char in " -_" or unicodedata.category(char)[0] in _KEEP_CATEGORIES:
            out.append("-" if char == " " else char)
    return "".join(out)


class Slugger:
    """Hands out unique slugs in document order, like GitHub does for one page."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = slug(text)
        result = base
        while result in self._seen:
            self._seen[base] += 1
            result = f"{base}-{self._seen[base]}"
        self._seen[result] = 0
        return result
