"""Paths as the user sees them, and which files count as Markdown.

A file name on Linux is bytes; Python hands an undecodable name over as a string with lone
surrogates (``surrogateescape``), which no UTF-8 writer accepts. Every path that ends up in an
output — a document's ``source``, a finding's file, a batch summary — goes through
:func:`shown_path` first, so one odd name cannot crash a JSON, CSV, SQLite or SARIF writer.
"""

from __future__ import annotations

import os

__all__ = ["MARKDOWN_SUFFIXES", "is_markdown_name", "same_file", "shown_path"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
"""What directory searches pick up (lower case), besides ``README*``."""


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` with undecodable bytes written as ``\\xff`` escapes: valid UTF-8 text."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape" if _only_escapes(name) else "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")
    return name


def _only_escapes(name: str) -> bool:
    """True when every surrogate in ``name`` stands for one undecodable byte (U+DC80–U+DCFF)."""
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in name)


def is_markdown_name(name: str) -> bool:
    """A file a directory search reads: ``*.md``, ``*.markdown`` or ``README*`` (any case)."""
    lower = name.lower()
    return lower.endswith(MARKDOWN_SUFFIXES) or lower.startswith("readme")


def same_file(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    """Whether both name one file: the same path, a symbolic link to it, or a hard link."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False
