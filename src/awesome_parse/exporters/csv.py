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
    "url",
    "year",
    "month",
    "venue",
    "authors",
    "affiliations",
    "arxiv_id",
    "doi",
    "repo",
    "code_url",
    "tags",
    "line",
    "source",
)
"""Header row. ``source`` (the document's source) tells rows of several documents apart."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet evaluate a cell."""

LIST_SEPARATOR = "; "
PATH_SEPARATOR = " > "


def render(docs: Sequence[Document], *, raw: bool = False, bom: bool = False) -> str:
    """All entries of ``docs`` as CSV text with a header row."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer)
    # ``added`` (git history, asked for with --history) is a last column only when known.
    added = any(entry.added for doc in docs for _, entry in doc.walk_all())
    writer.writerow((*COLUMNS, "added") if added else COLUMNS)
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
        entry.url or "",
        _number(entry.year),
        _number(entry.month),
        entry.venue or "",
        LIST_SEPARATOR.join(entry.authors),
        LIST_SEPARATOR.join(entry.affiliations),
        entry.arxiv_id or "",
        entry.doi or "",
        entry.repo or "",
        entry.code_url or "",
        LIST_SEPARATOR.join(entry.tags),
        _number(entry.line),
        source,
    ]


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
