"""Everything a rule may look at for one file, computed at most once per file.

A rule receives one :class:`Context`: the parsed tree, the scanned source, and derived
views several rules share (every entry with its section, the set of in-page anchors).
Deriving them lazily here keeps each rule a short function and each file a single parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .finding import Hit
from .source import LINK_PATTERN, RawLink, SourceText

if TYPE_CHECKING:
    from awesome_parse.model import Document, Entry, Section

__all__ = ["Context", "ListEntries", "anchor_key"]

_ATX_H1 = re.compile(r"^ {0,3}#[ \t]", re.M)
_ATX = re.compile(r" {0,3}#{1,6}[ \t]+")
_NESTED_ATX = re.compile(
    r"^[ \t]*(?:(?:>[ \t]*)+|(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)+)#{1,6}[ \t]+"
    r"(?P<text>[^\n]*)$",
    re.M,
)
"""An ATX heading inside a block quote or a list item (``> ## Notes``, ``- ## Notes``)."""
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]{1,40}:")
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
_TAG = re.compile(r"<[^<>\n]*>")


def anchor_key(fragment: str) -> str:
    """How a ``#fragment`` is compared with heading anchors: URL-decoded, case-folded,
    without GitHub's ``user-content-`` prefix."""
    key = unquote(fragment).strip().casefold()
    return key.removeprefix("user-content-")


class ListEntries:
    """The top-level entries of one section (or of the document before any section)."""

    def __init__(self, path: list[str], section: Section | None, entries: list[Entry]) -> None:
        self.path = path
        self.section = section
        self.entries = entries

    @property
    def name(self) -> str:
        return " > ".join(self.path) if self.path else "(before the first heading)"


@dataclass
class Context:
    """One file under lint."""

    path: str
    doc: Document
    source: SourceText

    # --- positions ----------------------------------------------------------------------

    def hit_at(
        self, start: int, end: int, message: str, hint: str = "", fix: str | None = None
    ) -> Hit:
        """A hit spanning text offsets ``[start, end)``; ``fix`` replaces that span."""
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(max(end, start + 1))
        return Hit(line, column, message, hint, end_line, end_column, fix)

    def hit_link(self, link: RawLink, message: str, hint: str = "", fix: str | None = None) -> Hit:
        return self.hit_at(link.start, link.end, message, hint, fix)

    def hit_in_entry(self, entry: Entry, needle: str | None, message: str, hint: str = "") -> Hit:
        """A hit on ``needle`` within the entry's source, else on the entry's first line."""
        if needle:
            for line in range(entry.line, max(entry.end_line, entry.line) + 1):
                column = self.source.line_text(line).find(needle)
                if column >= 0:
                    return Hit(line, column + 1, message, hint, line, column + 1 + len(needle))
        text = self.source.line_text(entry.line)
        indent = len(text) - len(text.lstrip())
        return Hit(
            entry.line or 1,
            indent + 1,
            message,
            hint,
            entry.line or 1,
            max(len(text), indent + 1) + 1,
        )

    # --- tree views ---------------------------------------------------------------------

    @cached_property
    def lists(self) -> list[ListEntries]:
        """The document's entries grouped by the section they stand directly under."""
        groups = [ListEntries([], None, list(self.doc.entries))]
        for path, section in self.doc.iter_sections():
            groups.append(ListEntries(path, section, list(section.entries)))
        return groups

    @cached_property
    def all_entries(self) -> list[Entry]:
        """Every entry, children included, in document order."""
        return [entry for _, entry in self.doc.walk_all()]

    @cached_property
    def list_of_line(self) -> dict[int, int]:
        """Source line → index into :attr:`lists` of the entry covering that line."""
        owner: dict[int, int] = {}
        for index, group in enumerate(self.lists):
            for entry in group.entries:
                for line in range(entry.line, max(entry.end_line, entry.line) + 1):
                    owner.setdefault(line, index)
        return owner

    @cached_property
    def sections_in_order(self) -> list[Section]:
        return sorted((s for _, s in self.doc.iter_sections()), key=lambda s: s.line)

    # --- anchors ------------------------------------------------------------------------

    @cached_property
    def anchors(self) -> dict[str, str]:
        """Every in-page link target GitHub renders, keyed by :func:`anchor_key`, mapped to
        the anchor as GitHub writes it."""
        from awesome_parse.read import slug

        found: dict[str, str] = {}

        def add(anchor: str) -> None:
            if anchor:
                found.setdefault(anchor_key(anchor), anchor)

        for section in self.sections_in_order:
            add(section.anchor)
            if section.anchor and not section.pseudo:
                for anchor in self._source_anchors(section.line, section.anchor):
                    add(anchor)
        for m in _NESTED_ATX.finditer(self.source.masked):
            # Headings in block quotes and list items: GitHub anchors them, the tree keeps
            # them as text. Accepted without a -1/-2 suffix (a rare construct; lenient).
            for anchor in _anchors_of(_heading_content(m.group("text")), ""):
                add(anchor)
        title_line = self._title_line()
        if self.doc.title:
            add(slug(self.doc.title))
        if title_line:
            for anchor in self._source_anchors(title_line, ""):
                add(anchor)
        for value in self.source.html_ids:
            add(value)
        for text in self.source.html_headings:
            add(slug(text))
        return found

    def _source_anchors(self, line: int, parsed: str) -> list[str]:
        """The anchor GitHub gives the heading on ``line``, from its source text.

        The tree's anchor trims the heading's visible text and keeps the words of emoji
        shortcodes; GitHub does neither, so ``# Awesome-LLM [![Awesome](…)](…)`` is
        ``#awesome-llm-`` and ``## :rocket: Start`` is ``#-start``. The ``-1``/``-2``
        suffix of a repeated heading is taken over from the tree's anchor."""
        text = self.source.line_text(line)
        m = _ATX.match(text)
        if m is None:
            return []
        return _anchors_of(_heading_content(text[m.end() :]), parsed)

    def _title_line(self) -> int | None:
        """The line of the document title's heading, read from the source: the tree keeps
        the title but not its line or anchor (the first level-1 heading before any
        section)."""
        sections = self.sections_in_order
        limit = sections[0].line if sections else len(self.source.lines) + 1
        m = _ATX_H1.search(self.source.masked)
        if m is None:
            return None
        line = self.source.position(m.start())[0]
        return line if line < limit else None


def _anchors_of(content: str, parsed: str) -> list[str]:
    """GitHub anchors a heading with this source text may have: as written, and with emoji
    shortcodes (``:rocket:``, shown as an emoji that the anchor drops) removed."""
    from awesome_parse.read import slug

    visible = _visible(content)
    trimmed = slug(visible)
    suffix = parsed[len(trimmed) :] if trimmed and parsed.startswith(trimmed) else ""
    return [github_slug(visible) + suffix, github_slug(_EMOJI_CODE.sub("", visible)) + suffix]


def _heading_content(text: str) -> str:
    """An ATX heading's text without the optional closing ``#`` run (string operations, not
    a backtracking regex, so a line of spaces costs linear time)."""
    text = text.rstrip(" \t")
    without = text.rstrip("#")
    if without != text and (not without or without[-1] in " \t"):
        text = without.rstrip(" \t")
    return text


def github_slug(text: str) -> str:
    """GitHub's heading anchor for ``text``, exactly: lower case, drop everything but
    letters, marks, numbers, connector punctuation, spaces and hyphens, spaces to hyphens —
    and no trimming (that is the difference from :func:`awesome_parse.read.slug`)."""
    import unicodedata

    out = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif (
            char == "-"
            or unicodedata.category(char)[0] in "LMN"
            or (unicodedata.category(char) == "Pc")
        ):
            out.append(char)
    return "".join(out)


def _visible(heading: str) -> str:
    """Roughly what a reader sees of a heading's source: link texts, no images or tags."""
    heading = _IMAGE.sub("", heading)
    heading = LINK_PATTERN.sub(lambda m: m.group("text"), heading)
    return _TAG.sub("", heading)
