"""Counts in messages, read as English: "1 file", "2 files", "1 entry", "3 entries"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural (``noun + "s"`` by default) unless 1."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
