"""One row per entry, for spreadsheets and ``pandas.read_csv``.

Rows follow document order; an entry's children come right after it. Lists (authors,
affiliations, tags) are joined with ``"; "``, the section path with ``" > "``. Text is UTF-8
with ``\\r\\n`` row ends (the ``csv`` module's dialect); ``bom=True`` prepends a byte-order mark
so that Excel detects UTF-8 when opening the file directly.

A spreadsheet runs a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (CSV injection), and awesome lists are written by strangers. By default such a
cell gets a leading ``'``, which spreadsheets treat as "this is text". To keep the mapping
reversible, a cell that already starts with ``'`` characters followed by one of those
characters gets one more ``'``; removing one leading ``'`` from any cell matching
``'+[=+\\-@\\t\\r]`` restores the value. ``raw=True`` writes every cell unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from ..model import Document, Entry

COLUMNS = (
    "section",
    "kind",
    "title",
    "authors",
    "year",
    "month",
    "venue",
    "url",
    "code",
    "doi",
    "arxiv",
    "description",
    "note",
    "affiliations",
    "tags",
    "repo",
    "line",
    "source",
)
"""Header row: what a reader scans first (where, what, who, when, where published, links), then
the entry's own words (``description``, ``note``), then the details. ``source`` (the document's
source) tells rows of several lists apart."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet evaluate a cell."""

LIST_SEPARATOR = "; "
PATH_SEPARATOR = " > "


def render(docs: Sequence[Document], *, raw: bool = False, bom: bool = False) -> str:
    """All entries of ``docs`` as CSV text with a header row."""
    # ``added`` (git history, asked for with --history) is a last column only when known.
    added = any(entry.added for doc in docs for _, entry in doc.walk_all())
    return (
        ("\ufeff" if bom else "") + header_row(added=added) + body_rows(docs, raw=raw, added=added)
    )


def header_row(*, added: bool = False) -> str:
    """The header line, ``\r\n`` included."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow((*COLUMNS, "added") if added else COLUMNS)
    return buffer.getvalue()


def body_rows(docs: Sequence[Document], *, raw: bool = False, added: bool = False) -> str:
    """The rows of ``docs`` without a header: what ``batch`` appends list after list."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row, entry in _rows(docs):
        cells = [*row, entry.added or ""] if added else row
        writer.writerow(cells if raw else [neutralise(cell) for cell in cells])
    return buffer.getvalue()


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (see the module doc)."""
    if cell.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _rows(docs: Sequence[Document]) -> Iterator[tuple[list[str], Entry]]:
    for doc in docs:
        source = doc.source or ""
        for path, entry in doc.walk_all():
            yield _row(entry, PATH_SEPARATOR.join(path), source), entry


def _row(entry: Entry, section: str, source: str) -> list[str]:
    return [
        section,
        entry.kind,
        entry.title,
        LIST_SEPARATOR.join(entry.authors),
        _number(entry.year),
        _number(entry.month),
        entry.venue or "",
        entry.url or "",
        entry.code_url or "",
        entry.doi or "",
        entry.arxiv_id or "",
        entry.description or "",
        entry.note or "",
        LIST_SEPARATOR.join(entry.affiliations),
        LIST_SEPARATOR.join(entry.tags),
        entry.repo or "",
        _number(entry.line),
        source,
    ]


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
