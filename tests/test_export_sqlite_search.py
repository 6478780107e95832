"""The SQLite export as a searchable database: full-text search by word and by substring (CJK),
one list stored once whatever path spelling wrote it, an old database upgraded, and the real
Datasette finding the index (skipped when the ``datasette`` extra is not installed)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from awesome_parse.cli import main
from awesome_parse.exporters import sqlite as sqlite_export
from awesome_parse.exporters import write
from awesome_parse.model import Document, Entry, Section
from awesome_parse.parser import parse_file

needs_trigram = pytest.mark.skipif(
    not sqlite_export.has_fts5("trigram"), reason="SQLite without FTS5's trigram tokenizer"
)

LIST = """# Awesome Models

## 中文
* [大模型评测基准 综述](https://example.org/1)
* [中文模型的对齐](https://example.org/2)

## English
* [Segmentation of Göttingen maps](https://example.org/3) - transferable features
"""


def cjk_document() -> Document:
    entries = [
        Entry(kind="link", title="大模型评测基准", url="https://example.org/1", line=1),
        Entry(kind="link", title="Segmentation in Göttingen", url="https://example.org/2", line=2),
    ]
    return Document(source="cjk.md", sections=[Section(title="S", level=2, entries=entries)])


def search(db: sqlite3.Connection, table: str, query: str) -> list[str]:
    sql = f"SELECT e.title FROM {table} JOIN entries e ON e.id = {table}.rowid"
    sql += f" WHERE {table} MATCH ? ORDER BY e.id"
    return [title for (title,) in db.execute(sql, (query,))]


@needs_trigram
def test_words_and_cjk_substrings_are_found(tmp_path: Path) -> None:
    target = tmp_path / "lists.sqlite"
    write(cjk_document(), "sqlite", target)
    db = sqlite3.connect(target)
    assert search(db, "entries_fts", "gottingen") == ["Segmentation in Göttingen"]
    assert search(db, "entries_fts", "模型") == []  # unicode61: a CJK run is one "word"
    assert search(db, "entries_trigram", '"模型评"') == ["大模型评测基准"]
    assert search(db, "entries_trigram", '"segment"') == ["Segmentation in Göttingen"]
    for table in sqlite_export.FULL_TEXT:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert 'content="entries"' in sql  # what Datasette's detection looks for
        db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    db.close()


def test_one_list_whatever_the_path_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seeds").mkdir()
    source = tmp_path / "seeds" / "x.md"
    source.write_text(LIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "lists.sqlite"
    for spelling in ("seeds/x.md", "./seeds/x.md", str(source), "seeds/../seeds/x.md"):
        write(parse_file(spelling), "sqlite", target)
    db = sqlite3.connect(target)
    assert db.execute("SELECT source FROM documents").fetchall() == [(str(source.resolve()),)]
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 3
    db.close()


def test_cli_name_identifies_the_list(tmp_path: Path) -> None:
    source = tmp_path / "x.md"
    source.write_text(LIST, encoding="utf-8")
    copy = tmp_path / "copy.md"
    copy.write_text(LIST, encoding="utf-8")
    target = tmp_path / "lists.sqlite"
    for path in (source, copy):
        assert main([str(path), "-o", str(target), "--name", "models"]) == 0
    db = sqlite3.connect(target)
    assert db.execute("SELECT source FROM documents").fetchall() == [("models",)]
    db.close()


@pytest.mark.skipif(not sqlite_export.has_fts5(), reason="SQLite built without FTS5")
def test_a_version_1_database_gets_the_detectable_index(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite"
    write(cjk_document(), "sqlite", target)
    db = sqlite3.connect(target)
    for trigger in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER entries_fts_{trigger}")
    db.execute("DROP TABLE entries_fts")
    db.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5(title, description, content='entries',"
        " content_rowid='id')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    write(cjk_document(), "sqlite", target)
    db = sqlite3.connect(target)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0]
    assert 'content="entries"' in sql
    assert db.execute("PRAGMA user_version").fetchone()[0] == sqlite_export.SCHEMA_VERSION
    assert search(db, "entries_fts", "segmentation") == ["Segmentation in Göttingen"]
    db.close()


# --------------------------------------------------------------------------- Datasette


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as response:
        data: dict[str, object] = json.load(response)
        return data


@pytest.fixture
def datasette(tmp_path: Path) -> Iterator[str]:
    """A real Datasette on 127.0.0.1 serving ``words.db`` (default search: the first index)
    and ``cjk.db`` (search configured to the trigram index, as docs/exporters.md suggests)."""
    if importlib.util.find_spec("datasette") is None:
        pytest.skip("datasette is not installed (pip install -e '.[datasette]')")
    for name in ("words", "cjk"):
        write(cjk_document(), "sqlite", tmp_path / f"{name}.db")
    metadata = {"databases": {"cjk": {"tables": {"entries": {"fts_table": "entries_trigram"}}}}}
    (tmp_path / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    port = free_port()
    serve = ["serve", "words.db", "cjk.db", "-m", "metadata.json", "-h", "127.0.0.1"]
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", *serve, "-p", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # polls until it answers, or the process ends
            if server.poll() is not None:
                pytest.fail(f"datasette exited: {server.stderr.read() if server.stderr else ''}")
            try:
                get_json(base + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=0.1)
        else:
            pytest.fail("datasette did not answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def titles(base: str, database: str, query: str) -> list[str]:
    url = f"{base}/{database}/entries.json?_shape=objects&_search={urllib.parse.quote(query)}"
    data = get_json(url)
    assert not data.get("error"), data
    rows = data["rows"]
    assert isinstance(rows, list)
    return [row["title"] for row in rows]


def test_datasette_searches_the_export(datasette: str) -> None:
    assert titles(datasette, "words", "gottingen") == ["Segmentation in Göttingen"]
    assert titles(datasette, "words", "nothing-like-this") == []
    if sqlite_export.has_fts5("trigram"):
        assert titles(datasette, "cjk", "模型评测") == ["大模型评测基准"]
