"""A relational copy of the tree, for SQL, Datasette and lists that are too big to eyeball.

Four tables mirror the tree: ``documents`` → ``sections`` (``parent_id`` for nesting) →
``entries`` (``section_id``; ``parent_id`` for nested entries) → ``links``. Lists (authors,
affiliations, tags) are JSON text, so ``json_each`` can query them. Every foreign key cascades on
delete, and the columns people look papers up by (``arxiv_id``, ``doi``, ``repo``, ``year``) are
indexed. When the SQLite build has FTS5, two full-text indexes cover entry titles and
descriptions, both external content kept in step by triggers and declared with
``content="entries"`` (the spelling Datasette's detection looks for): ``entries_fts`` splits
words (``unicode61``, diacritics folded: ``gottingen`` finds ``Göttingen``) and is the one
Datasette's search box uses; ``entries_trigram`` (the ``trigram`` tokenizer, SQLite ≥ 3.34)
matches any substring of three or more characters, which is how Chinese and Japanese text,
written without spaces, can be searched at all.

One database can collect many lists: writing adds documents, and a document already stored
replaces the stored one. A list is identified by its ``source`` with a file path resolved
(``seeds/x.md``, ``./seeds/x.md`` and the absolute path are one list); documents without a
``source`` are always added. Writing happens in a copy of the file that replaces it only when
complete, so a failure or an interruption leaves it as it was (and a device or FIFO is written
through, never replaced).
:func:`render` builds the same database in memory and returns its bytes; with the same input
and SQLite library they are the same bytes every time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_core import to_json

from .._output import output_file
from ..model import Document, Entry, Section

if TYPE_CHECKING:
    import sqlite3

SCHEMA_VERSION = 2
"""Stored in ``PRAGMA user_version``; a database from a newer version is not touched. Version 2
declared the full-text index the way Datasette detects it and added the trigram index; a
version 1 database gets both rebuilt on its next write."""

TABLES = (
    """CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT UNIQUE,
    title TEXT,
    description TEXT NOT NULL,
    front_matter TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS sections (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    anchor TEXT NOT NULL,
    line INTEGER NOT NULL,
    path TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    year INTEGER,
    month INTEGER,
    day INTEGER,
    venue TEXT,
    authors TEXT NOT NULL,
    affiliations TEXT NOT NULL,
    tags TEXT NOT NULL,
    arxiv_id TEXT,
    doi TEXT,
    repo TEXT,
    code_url TEXT,
    project_url TEXT,
    model TEXT,
    description TEXT,
    note TEXT,
    paper_id TEXT,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS links (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    url TEXT NOT NULL,
    role TEXT NOT NULL
)""",
)

INDEXES = tuple(
    f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table}({column})"
    for table, column in (
        ("sections", "document_id"),
        ("sections", "parent_id"),
        ("entries", "document_id"),
        ("entries", "section_id"),
        ("entries", "parent_id"),
        ("entries", "arxiv_id"),
        ("entries", "doi"),
        ("entries", "repo"),
        ("entries", "year"),
        ("links", "entry_id"),
    )
)


def _full_text_index(name: str, tokenizer: str) -> tuple[str, ...]:
    """An external-content FTS5 table over ``entries`` and the triggers that keep it in step."""
    columns = "title, description"
    old = "'delete', old.id, old.title, old.description"
    return (
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5(
    {columns}, content="entries", content_rowid="id", tokenize="{tokenizer}"
)""",
        f"""CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON entries BEGIN
    INSERT INTO {name}(rowid, {columns}) VALUES (new.id, new.title, new.description);
END""",
        f"""CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON entries BEGIN
    INSERT INTO {name}({name}, rowid, {columns}) VALUES ({old});
END""",
        f"""CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE ON entries BEGIN
    INSERT INTO {name}({name}, rowid, {columns}) VALUES ({old});
    INSERT INTO {name}(rowid, {columns}) VALUES (new.id, new.title, new.description);
END""",
    )


FULL_TEXT = {"entries_fts": "unicode61 remove_diacritics 2", "entries_trigram": "trigram"}
"""Full-text indexes (name → tokenizer) in creation order: Datasette searches with the first."""

_SECTION_COLUMNS = ("id", "document_id", "parent_id", "title", "level", "anchor", "line", "path")
_ENTRY_COLUMNS = (
    "id",
    "document_id",
    "section_id",
    "parent_id",
    "kind",
    "title",
    "url",
    "year",
    "month",
    "day",
    "venue",
    "authors",
    "affiliations",
    "tags",
    "arxiv_id",
    "doi",
    "repo",
    "code_url",
    "project_url",
    "model",
    "description",
    "note",
    "paper_id",
    "line",
    "end_line",
)
_LINK_COLUMNS = ("id", "entry_id", "text", "url", "role")


def render(docs: Sequence[Document]) -> bytes:
    """The bytes of a new database holding ``docs``."""
    import sqlite3

    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        store(connection, docs)
        return connection.serialize()
    finally:
        connection.close()


def append(docs: Sequence[Document], path: str | os.PathLike[str]) -> None:
    """Add ``docs`` to the database at ``path`` (created if missing), in a copy that replaces
    it only once complete."""
    with output_file(path, keep_content=True) as building:
        add_in_place(docs, building, shown=os.fspath(path))


def add_in_place(
    docs: Sequence[Document], path: str | os.PathLike[str], *, shown: str | None = None
) -> None:
    """Add ``docs`` to the database file at ``path`` itself, in one transaction: for a file
    being built (:func:`append`, the batch command's chunks). An empty file gets
    :func:`render`'s bytes. Errors name ``shown`` (the output the user named), else ``path``."""
    import sqlite3

    target = Path(path)
    if target.stat().st_size == 0:
        target.write_bytes(render(docs))
        return
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        store(connection, docs)
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"cannot add to {shown or target}: {exc}") from exc
    finally:
        connection.close()


def store(connection: sqlite3.Connection, docs: Sequence[Document]) -> None:
    """Create the schema if needed and replace-or-add ``docs``, all in one transaction.

    ``connection`` must be in autocommit mode (``isolation_level=None``) so that the explicit
    transaction covers the schema statements too.
    """
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("BEGIN IMMEDIATE")
    try:
        _create_tables(connection)
        if any(entry.added for doc in docs for _, entry in doc.walk_all()):
            _add_added_column(connection)
        for doc in docs:
            _load(connection, doc)
        # New indexes (the full-text one included) are built after the rows are in: one bulk
        # build is several times faster than updating them row by row.
        _create_indexes(connection)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _create_tables(connection: sqlite3.Connection) -> None:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise ValueError(f"database schema version {version} is newer than {SCHEMA_VERSION}")
    if version == 1:  # its full-text index was declared in a way Datasette does not detect
        for trigger in ("insert", "delete", "update"):
            connection.execute(f"DROP TRIGGER IF EXISTS entries_fts_{trigger}")
        connection.execute("DROP TABLE IF EXISTS entries_fts")
    for statement in TABLES:
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _add_added_column(connection: sqlite3.Connection) -> None:
    """``entries.added`` (git history, asked for with --history): added to the table the
    first time a document has it, so databases without history keep their schema."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(entries)")}
    if "added" not in columns:
        connection.execute("ALTER TABLE entries ADD COLUMN added TEXT")


def _create_indexes(connection: sqlite3.Connection) -> None:
    for statement in INDEXES:
        connection.execute(statement)
    for name, tokenizer in FULL_TEXT.items():
        if not has_fts5(tokenizer):
            continue
        existed = _table_exists(connection, name)
        for statement in _full_text_index(name, tokenizer):
            connection.execute(statement)
        if not existed:
            connection.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")


@cache
def has_fts5(tokenizer: str = "unicode61") -> bool:
    """Whether this SQLite library can create FTS5 tables with ``tokenizer`` (``trigram``
    needs SQLite 3.34)."""
    import sqlite3

    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(f"CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='{tokenizer}')")
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def _table_exists(connection: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return connection.execute(query, (name,)).fetchone() is not None


def list_identity(source: str | None) -> str | None:
    """What identifies a list in the database: the path of an existing file resolved (links
    and ``./`` folded), any other ``source`` (a ``--name``, ``<stdin>``) as given."""
    if source is None or not os.path.isfile(source):
        return source
    return str(Path(source).resolve())


def _load(connection: sqlite3.Connection, doc: Document) -> None:
    """Insert one document, first deleting (with everything under it) the same list's rows."""
    source = list_identity(doc.source)
    if source is not None:
        connection.execute("DELETE FROM documents WHERE source = ?", (source,))
    loader = _Loader(connection)
    connection.execute(
        "INSERT INTO documents (id, source, title, description, front_matter)"
        " VALUES (?, ?, ?, ?, ?)",
        (loader.doc_id, source, doc.title, doc.description, _front_matter(doc)),
    )
    for entry in doc.entries:
        loader.add_entry(entry, None, None)
    for section in doc.sections:
        loader.add_section(section, None, [])
    loader.insert()


def _front_matter(doc: Document) -> str:
    return json.dumps(doc.front_matter, ensure_ascii=False, sort_keys=True, default=str)


class _Loader:
    """Collects one document's rows with ids assigned up front, then inserts them in bulk."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.doc_id = self._next_id("documents")
        self.next_section = self._next_id("sections")
        self.next_entry = self._next_id("entries")
        self.next_link = self._next_id("links")
        self.sections: list[tuple[object, ...]] = []
        self.entries: list[tuple[object, ...]] = []
        self.links: list[tuple[object, ...]] = []
        columns = {row[1] for row in connection.execute("PRAGMA table_info(entries)")}
        self.entry_columns = (*_ENTRY_COLUMNS, "added") if "added" in columns else _ENTRY_COLUMNS

    def add_section(self, section: Section, parent_id: int | None, parent: list[str]) -> None:
        section_id = self.next_section
        self.next_section += 1
        path = [*parent, section.title]
        self.sections.append(
            (
                section_id,
                self.doc_id,
                parent_id,
                section.title,
                section.level,
                section.anchor,
                section.line,
                " > ".join(path),
            )
        )
        for entry in section.entries:
            self.add_entry(entry, section_id, None)
        for sub in section.sections:
            self.add_section(sub, section_id, path)

    def add_entry(self, entry: Entry, section_id: int | None, parent_id: int | None) -> None:
        entry_id = self.next_entry
        self.next_entry += 1
        self.entries.append(
            (
                entry_id,
                self.doc_id,
                section_id,
                parent_id,
                entry.kind,
                entry.title,
                entry.url,
                entry.year,
                entry.month,
                entry.day,
                entry.venue,
                _json(entry.authors),
                _json(entry.affiliations),
                _json(entry.tags),
                entry.arxiv_id,
                entry.doi,
                entry.repo,
                entry.code_url,
                entry.project_url,
                entry.model,
                entry.description,
                entry.note,
                entry.paper_id,
                entry.line,
                entry.end_line,
                *((entry.added,) if len(self.entry_columns) > len(_ENTRY_COLUMNS) else ()),
            )
        )
        for link in entry.links:
            self.links.append((self.next_link, entry_id, link.text, link.url, link.role))
            self.next_link += 1
        for child in entry.children:
            self.add_entry(child, section_id, entry_id)

    def insert(self) -> None:
        for table, columns, rows in (
            ("sections", _SECTION_COLUMNS, self.sections),
            ("entries", self.entry_columns, self.entries),
            ("links", _LINK_COLUMNS, self.links),
        ):
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            self.connection.executemany(sql, rows)

    def _next_id(self, table: str) -> int:
        (largest,) = self.connection.execute(f"SELECT max(id) FROM {table}").fetchone()
        return 1 if largest is None else int(largest) + 1


def _json(value: list[str]) -> str:
    """Compact JSON text of a list of strings (pydantic-core's encoder: ~4x faster)."""
    return to_json(value).decode("utf-8") if value else "[]"
