"""Turn parsed documents into files other tools read: JSON, JSON Lines, BibTeX, CSL-JSON, RIS,
CSV, SQLite.

The tree (:mod:`awesome_parse.model`) knows nothing about these formats; each format lives in
its own module and walks the tree itself. This package is the one front door the CLI uses::

    from awesome_parse.exporters import FORMATS, export, write, format_for_path

    export(doc, "bibtex", all_kinds=True)   # -> str
    export([doc1, doc2], "sqlite")          # -> bytes of a fresh database file
    write(doc, format_for_path("out.csv") or "csv", "out.csv", bom=True)

Importing this package stays cheap: the BibTeX and SQLite modules import ``bibtexparser`` and
``sqlite3`` only when they run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, overload

from .._output import write_output
from ..formats import SUFFIXES, format_for_path
from ..model import Document
from . import bibtex as _bibtex
from . import csljson as _csljson
from . import csv as _csv
from . import json as _json
from . import jsonl as _jsonl
from . import ris as _ris
from . import sqlite as _sqlite

__all__ = ["FORMATS", "Exporter", "export", "format_for_path", "write"]

Render = Callable[..., "str | bytes"]
"""``render(docs: Sequence[Document], **options) -> str | bytes``."""


@dataclass(frozen=True)
class Exporter:
    """One output format: how to render it and what a file of it is called."""

    name: str
    """The name used on the command line and in :func:`export`."""
    summary: str
    """One line for ``--help``."""
    binary: bool
    """True when :attr:`render` returns bytes rather than text."""
    options: tuple[str, ...]
    """Keyword options :attr:`render` accepts."""
    render: Render
    """Render documents to a complete file's content."""
    append: Callable[..., None] | None = None
    """``append(docs, path, **options)``: add to an existing file instead of replacing it."""

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File name suffixes (lower case, with the dot) that select this format."""
        return SUFFIXES[self.name]


FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(
            name="json",
            summary="the document tree; an array for several documents",
            binary=False,
            options=(),
            render=_json.render,
        ),
        Exporter(
            name="jsonl",
            summary="one JSON object per entry, children included",
            binary=False,
            options=(),
            render=_jsonl.render,
        ),
        Exporter(
            name="bibtex",
            summary="one BibTeX record per distinct paper",
            binary=False,
            options=("all_kinds",),
            render=_bibtex.render,
        ),
        Exporter(
            name="csljson",
            summary="CSL-JSON for Zotero, pandoc and citeproc: one item per distinct paper",
            binary=False,
            options=("all_kinds",),
            render=_csljson.render,
        ),
        Exporter(
            name="ris",
            summary="RIS for EndNote, Mendeley and Zotero: one record per distinct paper",
            binary=False,
            options=("all_kinds",),
            render=_ris.render,
        ),
        Exporter(
            name="csv",
            summary="one row per entry, for spreadsheets",
            binary=False,
            options=("raw", "bom"),
            render=_csv.render,
        ),
        Exporter(
            name="sqlite",
            summary="an SQLite database; writing adds to an existing one",
            binary=True,
            options=(),
            render=_sqlite.render,
            append=_sqlite.append,
        ),
    )
}
"""The known formats, in the order the CLI lists them."""


TextFormat = Literal["json", "jsonl", "bibtex", "csljson", "ris", "csv"]


@overload
def export(docs: Document | Iterable[Document], fmt: TextFormat, **options: bool) -> str: ...
@overload
def export(docs: Document | Iterable[Document], fmt: Literal["sqlite"]) -> bytes: ...
@overload
def export(docs: Document | Iterable[Document], fmt: str, **options: bool) -> str | bytes: ...
def export(docs: Document | Iterable[Document], fmt: str, **options: bool) -> str | bytes:
    """Render one or several documents in format ``fmt``.

    Text formats return ``str``; ``sqlite`` returns the bytes of a fresh database file.
    Raises ``ValueError`` for an unknown format or an option the format does not take.
    """
    exporter = _exporter(fmt, options)
    return exporter.render(_as_documents(docs), **options)


def write(
    docs: Document | Iterable[Document],
    fmt: str,
    path: str | os.PathLike[str],
    **options: bool,
) -> None:
    """Write documents to ``path`` in format ``fmt``.

    A regular file is replaced atomically: a failure leaves an existing file untouched and no
    temporary file behind; a device or FIFO is written in place (see :mod:`awesome_parse._output`).
    ``sqlite`` adds to an existing database, replacing any document with the same ``source``,
    in a copy that replaces the file only once complete.
    """
    exporter = _exporter(fmt, options)
    documents = _as_documents(docs)
    if exporter.append is not None:
        exporter.append(documents, path, **options)
        return
    write_output(path, exporter.render(documents, **options))


def _exporter(fmt: str, options: dict[str, bool]) -> Exporter:
    exporter = FORMATS.get(fmt)
    if exporter is None:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown export format {fmt!r}; known formats: {known}")
    unknown = sorted(set(options) - set(exporter.options))
    if unknown:
        takes = ", ".join(exporter.options) or "no options"
        raise ValueError(f"format {fmt!r} does not take {', '.join(unknown)} (it takes: {takes})")
    return exporter


def _as_documents(docs: Document | Iterable[Document]) -> Sequence[Document]:
    # A pydantic model is itself iterable (over its fields), so test for it first.
    if isinstance(docs, Document):
        return [docs]
    documents = list(docs)
    for doc in documents:
        if not isinstance(doc, Document):
            raise TypeError(f"expected Document objects, got {type(doc).__name__}")
    return documents
