"""Exporters: every format over hand-built documents, round trips, determinism, atomic writes.

The documents are built by hand (no parser needed) to hold the awkward cases on purpose: a paper
listed in two sections, LaTeX specials, unbalanced braces, commas, quotes, newlines, non-ASCII
and cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pybtex.database
import pytest
from bibtexparser.entrypoint import parse_string as parse_bibtex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_parse.exporters import FORMATS, export, format_for_path, write
from awesome_parse.exporters import bibtex as bib
from awesome_parse.exporters import csv as csv_export
from awesome_parse.exporters import sqlite as sqlite_export
from awesome_parse.exporters._references import canonical_arxiv_url, key_base
from awesome_parse.formats import SUFFIXES
from awesome_parse.model import Document, Entry, Link, Section

from .conftest import ROOT, run_python

SPECIALS = 'Tricky & 100% $5 #1 a_b {x} ~y ^z \\ back "quoted", commas,\nnewlines in Göttingen'
FORMULAS = ("=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1:A2)")


# --------------------------------------------------------------------------- sample documents


def clip() -> Entry:
    return Entry(
        kind="paper",
        title="CLIP: Learning Transferable Visual Models From Natural Language Supervision",
        url="https://arxiv.org/abs/2103.00020",
        links=[
            Link(text="CLIP", url="https://arxiv.org/abs/2103.00020", role="paper"),
            Link(text="code", url="https://github.com/openai/CLIP", role="code"),
        ],
        year=2021,
        month=2,
        authors=["Radford et al."],
        affiliations=["OpenAI"],
        tags=["VLM", "contrastive"],
        arxiv_id="2103.00020",
        repo="openai/CLIP",
        code_url="https://github.com/openai/CLIP",
        model="CLIP",
        description="Zero-shot transfer from image-text pairs.",
        paper_id="arxiv:2103.00020",
        line=10,
        end_line=11,
        children=[
            Entry(kind="link", title="Blog post", url="https://openai.com/blog/clip", line=11),
            Entry(kind="text", title="Follow-ups: see below", line=12),
        ],
    )


def sample_document() -> Document:
    vatt = Entry(
        kind="paper",
        title="VATT: Transformers for Multimodal Self-Supervised Learning from Raw Video, "
        "Audio and Text",
        url="https://arxiv.org/abs/2104.11178",
        year=2021,
        authors=["Akbari et al."],
        venue="NeurIPS 2021",
        arxiv_id="2104.11178",
        repo="google-research/google-research",
        paper_id="arxiv:2104.11178",
        line=13,
    )
    nature = Entry(
        kind="paper",
        title="Foundation Models for Generalist Medical Artificial Intelligence",
        url="https://www.nature.com/articles/s41586-023-05881-4",
        year=2023,
        month=4,
        venue="Nature",
        doi="10.1038/s41586-023-05881-4",
        affiliations=["Stanford", "Universität Göttingen, Germany"],
        paper_id="doi:10.1038/s41586-023-05881-4",
        line=14,
    )
    repo = Entry(kind="repo", title="openai/CLIP", url="https://github.com/openai/CLIP", line=15)
    text = Entry(kind="text", title="More papers coming soon", line=16)
    tricky = Entry(
        kind="paper",
        title=SPECIALS,
        url="https://example.org/a%20b?q=1&r=2#frag",
        authors=["Jane O'Neil", "Tom Smith and Sons", "Zoë Ünal"],
        affiliations=["Universität Göttingen"],
        tags=["C#", "100%"],
        paper_id="https://example.org/a%20b?q=1&r=2",
        line=21,
    )
    unbalanced = Entry(
        kind="paper",
        title="Unbalanced { brace and a close } first }",
        url="https://example.org/{unbalanced}",
        year=2020,
        paper_id="https://example.org/unbalanced",
        line=22,
    )
    formulas = [
        Entry(kind="link", title=title, url=f"https://example.org/f{i}", line=30 + i)
        for i, title in enumerate(FORMULAS)
    ]
    dataset = Entry(kind="dataset", title="LAION-5B", url="https://laion.ai/laion-5b", line=40)
    return Document(
        title="Awesome Test",
        source="sample.md",
        description="A list for tests.",
        entries=[Entry(kind="link", title="Homepage", url="https://example.org", line=3)],
        sections=[
            Section(
                title="Survey, Overview",
                level=2,
                anchor="survey-overview",
                line=8,
                entries=[clip(), vatt, nature, repo, text],
            ),
            Section(
                title="Papers by Date",
                level=2,
                anchor="papers-by-date",
                line=19,
                sections=[
                    Section(
                        title="2021",
                        level=3,
                        line=20,
                        entries=[clip(), tricky, unbalanced, *formulas],
                    )
                ],
            ),
            Section(title="Datasets", level=2, line=39, entries=[dataset]),
        ],
    )


def second_document() -> Document:
    green = [
        Entry(
            kind="paper",
            title="Green AI",
            url=f"https://example.org/green-{n}",
            year=2020,
            authors=["Schwartz et al."],
            paper_id=f"https://example.org/green-{n}",
            line=n,
        )
        for n in (1, 2, 3)
    ]
    return Document(
        title="Second",
        source="second.md",
        sections=[Section(title="Efficiency", level=2, entries=[*green, clip()])],
    )


def all_entries(doc: Document) -> Iterator[tuple[list[str], Entry]]:
    for path, top in doc.walk():
        for entry in top.walk():
            yield path, entry


def first_entries(docs: list[Document], kinds: tuple[str, ...] = ("paper",)) -> list[Entry]:
    """The first entry of each distinct paper (by paper_id, else URL), in document order."""
    firsts: dict[str, Entry] = {}
    for doc in docs:
        for _, entry in all_entries(doc):
            identity = entry.paper_id or entry.url
            if entry.kind in kinds and identity:
                firsts.setdefault(identity, entry)
    return list(firsts.values())


# --------------------------------------------------------------------------- registry and API


def test_registry_order_and_suffixes() -> None:
    assert list(FORMATS) == ["json", "jsonl", "bibtex", "csljson", "ris", "csv", "sqlite"]
    assert list(SUFFIXES) == list(FORMATS)  # the light suffix table names the same formats
    cases = {
        "a.json": "json",
        "a.JSONL": "jsonl",
        "x/y.bib": "bibtex",
        "refs.csl.json": "csljson",
        "REFS.CSL.JSON": "csljson",
        "csl.json": "json",
        "r.ris": "ris",
        "t.csv": "csv",
        "d.sqlite": "sqlite",
        "d.db": "sqlite",
        "notes.txt": None,
        "noext": None,
    }
    for name, expected in cases.items():
        assert format_for_path(name) == expected
        assert format_for_path(Path(name)) == expected


def test_unknown_format_and_option() -> None:
    with pytest.raises(ValueError, match="json, jsonl, bibtex, csljson, ris, csv, sqlite"):
        export(sample_document(), "yaml")
    with pytest.raises(ValueError, match="all_kinds"):
        export(sample_document(), "csv", all_kinds=True)
    with pytest.raises(TypeError):
        export(["not a document"], "json")  # type: ignore[list-item]


def test_package_import_is_light() -> None:
    code = (
        "import sys, awesome_parse.exporters; "
        "print(sorted(m for m in ('bibtexparser', 'sqlite3') if m in sys.modules))"
    )
    assert run_python(code).stdout.strip() == "[]"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_deterministic(fmt: str) -> None:
    docs = [sample_document(), second_document()]
    assert export(docs, fmt) == export(docs, fmt)
    assert export(sample_document(), fmt) == export(sample_document(), fmt)


def test_deterministic_across_processes() -> None:
    """Hash seeds change set and dict orders between processes; the bytes must not change."""
    code = (
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from tests.test_export_formats import format_digests\n"
        "print(format_digests())\n"
    )
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    other = run_python(code, str(ROOT), PYTHONHASHSEED=seed).stdout
    assert other.strip() == str(format_digests())


def format_digests() -> dict[str, str]:
    digests = {}
    for fmt in FORMATS:
        data = export([sample_document(), second_document()], fmt)
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        digests[fmt] = hashlib.sha256(data).hexdigest()
    return digests


def test_every_format_and_option_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "exporters.md").read_text("utf-8")
    for exporter in FORMATS.values():
        assert f"| `{exporter.name}`" in doc
        for suffix in exporter.suffixes:
            assert f"`{suffix}`" in doc
        for option in exporter.options:
            assert f"`{option}" in doc


# --------------------------------------------------------------------------- JSON and JSONL


def test_json_one_and_many() -> None:
    doc = sample_document()
    text = export(doc, "json")
    assert text == doc.model_dump_json(indent=2) + "\n"
    assert export([doc], "json") == text
    assert Document.model_validate_json(text) == doc
    many = json.loads(export([doc, second_document()], "json"))
    assert [Document.model_validate(d) for d in many] == [doc, second_document()]


def test_jsonl_lines() -> None:
    doc = sample_document()
    text = export([doc, second_document()], "jsonl")
    assert isinstance(text, str)
    lines = [json.loads(line) for line in text.split("\n")[:-1]]
    expected = [(path, e, d.source) for d in (doc, second_document()) for path, e in all_entries(d)]
    assert len(lines) == len(expected)
    parents = {}
    for obj, (path, entry, source) in zip(lines, expected, strict=True):
        assert obj.pop("section") == path
        assert obj.pop("source") == source
        parents[obj["title"]] = obj.pop("parent_line")
        assert "children" not in obj
        assert Entry.model_validate(obj) == entry.model_copy(update={"children": []})
    assert parents["Blog post"] == 10
    assert parents["Homepage"] is None


# --------------------------------------------------------------------------- BibTeX

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
}
_BIB_TOKEN = re.compile(
    r"(?P<spelled>\{(?:\\[^{}]*(?:\{[^{}]*\}[^{}]*)*|[^\w\s{}\\]+)\})"
    r"|\\text\w+\{\}|\\[&%$#_{}]|[{}]|[^\\{}]+"
)


def unescape(value: str, original: str = "") -> str:
    """Invert the exporter's escaping: macros back to characters, protective braces dropped,
    the LaTeX spelling of each non-ASCII character of ``original`` (``{\\"o}``) back to it."""
    encode = bib.latex_encoder().unicode_to_latex
    spelled = {encode(char): char for char in original if not char.isascii()}
    # A spelling may nest braces deeper than one token reads (``{\ensuremath{\mathfrak{A}}}``):
    # put each character back first, the longest spellings first.
    for spelling, char in sorted(spelled.items(), key=lambda pair: -len(pair[0])):
        value = value.replace(spelling, char)
    out = []
    for match in _BIB_TOKEN.finditer(value):
        token = match.group()
        if token in _UNESCAPE:
            out.append(_UNESCAPE[token])
        elif match.group("spelled"):  # a braced LaTeX spelling of one non-ASCII character
            out.append(spelled[token])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif token not in "{}":
            out.append(token)
    assert "".join(m.group() for m in _BIB_TOKEN.finditer(value)) == value, value
    return "".join(out)


def clean(text: str) -> str:
    """What the exporter promises to keep of a text: controls and whitespace runs → one space."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


def parse_bib(text: str) -> dict[str, dict[str, str]]:
    """Parse with both bibtexparser and pybtex; return bibtexparser's fields by key."""
    library = parse_bibtex(text)
    assert not library.failed_blocks
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys))
    # pybtex raises on syntax errors and duplicate keys (strict by default).
    py = pybtex.database.parse_string(text, "bibtex")
    assert sorted(py.entries.keys()) == sorted(keys)
    for entry in library.entries:
        py_entry = py.entries[entry.key]
        for field in entry.fields:
            if field.key == "month":  # pybtex expands the macro: feb → February
                assert py_entry.fields["month"].lower().startswith(field.value)
            elif field.key != "author":
                assert py_entry.fields[field.key] == field.value
        assert bool(py_entry.persons) == ("author" in entry.fields_dict)
    return {
        e.key: {**{f.key: f.value for f in e.fields}, "@": e.entry_type} for e in library.entries
    }


def test_bibtex_round_trip() -> None:
    docs = [sample_document(), second_document()]
    text = export(docs, "bibtex")
    assert isinstance(text, str)
    records = parse_bib(text)
    assert len(records) == len(first_entries(docs))
    by_url = {r["url"]: r for r in records.values()}
    for doc in docs:
        for _, entry in all_entries(doc):
            if entry.kind != "paper":
                continue
            record = by_url[bib.raw_value(entry.url or "")]
            assert unescape(record["title"], entry.title) == clean(entry.title)
    assert by_url["https://example.org/%7Bunbalanced%7D"]["title"] == (
        r"Unbalanced \textbraceleft{} brace and a close \textbraceright{} first \textbraceright{}"
    )
    # A percent sign and a fragment in a URL survive as written.
    assert "https://example.org/a%20b?q=1&r=2#frag" in by_url


def test_bibtex_entry_types_and_fields() -> None:
    records = parse_bib(export(sample_document(), "bibtex"))
    clip_rec = records["radford2021clip"]
    assert clip_rec["@"] == "misc"
    assert clip_rec["eprint"] == "2103.00020"
    assert clip_rec["archiveprefix"] == "arXiv"
    assert clip_rec["eprinttype"] == "arxiv"
    assert clip_rec["author"] == "Radford and others"
    assert clip_rec["month"] == "feb"
    assert clip_rec["title"].startswith("{CLIP}: Learning")
    assert clip_rec["keywords"] == ("Survey / Overview, Papers by Date > 2021, VLM, contrastive")
    vatt = records["akbari2021vatt"]
    assert (vatt["@"], vatt["booktitle"]) == ("inproceedings", "NeurIPS 2021")
    assert vatt["eprinttype"] == "arxiv"  # a published paper keeps its arXiv ID
    nature = next(r for r in records.values() if r.get("doi"))
    assert (nature["@"], nature["journal"]) == ("article", "Nature")
    assert nature["doi"] == "10.1038/s41586-023-05881-4"
    note = "Stanford; Universität Göttingen, Germany"
    assert unescape(nature["note"], note) == note
    assert nature["key"].startswith("Foundation Models")  # no author: BibTeX sorts by key
    tricky = next(r for r in records.values() if "Tricky" in r["title"])
    assert tricky["@"] == "misc"
    assert "howpublished" not in tricky
    assert tricky["url"] == "https://example.org/a%20b?q=1&r=2#frag"  # verbatim, no \url
    assert tricky["author"] == r"O'Neil, Jane and {Tom Smith and Sons} and {\"U}nal, Zo{\"e}"
    assert tricky["keywords"] == r"Papers by Date > 2021, C\#, 100\%"
    assert 'G{\\"o}ttingen' in tricky["title"]


def test_bibtex_venue_kinds() -> None:
    def typed(venue: str = "", url: str = "https://e.org/p", **fields: Any) -> dict[str, str]:
        entry = Entry(kind="paper", title="T", url=url, venue=venue, paper_id=url, **fields)
        doc = Document(sections=[Section(title="S", level=2, entries=[entry])])
        return next(iter(parse_bib(export(doc, "bibtex")).values()))

    assert typed("Scientific Reports 2021")["journal"] == "Scientific Reports"
    assert typed("TGRS 2022")["@"] == "article"
    assert typed("CVPR 2022 Workshop")["booktitle"] == "CVPR 2022 Workshop"
    openai = typed("OpenAI")
    assert (openai["@"], openai["howpublished"]) == ("misc", "OpenAI")
    assert not {"journal", "booktitle"} & set(openai)
    biorxiv = typed("bioRxiv")
    assert (biorxiv["@"], biorxiv["howpublished"]) == ("misc", "bioRxiv")
    # Only a malformed arXiv link is replaced, and the original is kept in the note.
    assert typed(arxiv_id="2005.14165")["url"] == "https://e.org/p"
    assert typed(url="https://arxiv.org/pdf/2005.14165", arxiv_id="2005.14165")["url"] == (
        "https://arxiv.org/pdf/2005.14165"
    )
    fixed = typed(url="https://arxiv.org/2005.14165", arxiv_id="2005.14165")
    assert fixed["url"] == "https://arxiv.org/abs/2005.14165"
    assert fixed["note"] == "listed as https://arxiv.org/2005.14165"


def test_bibtex_title_protection() -> None:
    cases = {
        "GPT-4 Technical Report": "{GPT}-4 Technical Report",
        "LLaMA and NeRF meet BERT": "{LLaMA} and {NeRF} meet {BERT}",
        "T5 on 3D data": "{T5} on {3D} data",
        "Mamba: Linear-Time Sequence Modeling": "{Mamba}: Linear-Time Sequence Modeling",
    }
    for title, expected in cases.items():
        assert bib.title_value(title, "Mamba") == expected


def test_bibtex_all_kinds_and_keys() -> None:
    docs = [sample_document(), second_document()]
    papers_only = parse_bib(export(docs, "bibtex"))
    everything = parse_bib(export(docs, "bibtex", all_kinds=True))
    kinds = ("paper", "repo", "dataset", "link")
    assert len(everything) == len(first_entries(docs, kinds)) > len(papers_only)
    # Three papers share a base key: each carries a suffix derived from its own URL.
    green = sorted(key for key in papers_only if key.startswith("schwartz2020green"))
    assert len(green) == 3
    assert all(re.fullmatch(r"schwartz2020green[a-z]{4}", key) for key in green)
    alone = parse_bib(export(Document(sections=[second_document().sections[0]]), "bibtex"))
    assert green == sorted(key for key in alone if key.startswith("schwartz2020green"))
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in everything)


def test_key_base() -> None:
    assert key_base(Entry(title="CLIP: Learning", model="CLIP", year=2021)) == "clip2021learning"
    assert key_base(Entry(title="Über Straße", authors=["Zoë Ünal"])) == "unaluber"
    assert key_base(Entry(title="大模型", year=2023)) == "ref2023"
    assert key_base(Entry(title="Technical Report", model="GPT-4", year=2023)) == (
        "gpt42023technical"
    )
    # Without authors the second title word follows: "towards" is a stop word.
    assert key_base(Entry(title="Towards Generalist Foundation Models", year=2023)) == (
        "generalist2023foundation"
    )


# --------------------------------------------------------------------------- CSV


def read_csv(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    return [{k: unneutralise(v) for k, v in row.items()} for row in rows]


def unneutralise(cell: str) -> str:
    if cell.startswith("'") and cell.lstrip("'").startswith(csv_export.FORMULA_STARTS):
        return cell[1:]
    return cell


def expected_rows(docs: list[Document]) -> list[dict[str, str]]:
    rows = []
    for doc in docs:
        for path, entry in all_entries(doc):
            row = dict(zip(csv_export.COLUMNS, csv_export._row(entry, "", ""), strict=True))
            row.update(section=" > ".join(path), source=doc.source or "")
            rows.append(row)
    return rows


def test_csv_round_trip() -> None:
    docs = [sample_document(), second_document()]
    text = export(docs, "csv")
    assert isinstance(text, str)
    assert text.startswith(",".join(csv_export.COLUMNS) + "\r\n")
    rows = read_csv(text)
    assert rows == expected_rows(docs)
    assert rows[1]["title"].startswith("CLIP")
    assert [r["title"] for r in rows[2:4]] == ["Blog post", "Follow-ups: see below"]
    assert rows[1]["authors"] == "Radford et al."
    assert rows[1]["tags"] == "VLM; contrastive"
    assert rows[1]["description"] == "Zero-shot transfer from image-text pairs."
    assert (rows[1]["code"], rows[1]["arxiv"]) == ("https://github.com/openai/CLIP", "2103.00020")


def test_csv_neutralises_formulas() -> None:
    text = export(sample_document(), "csv")
    assert isinstance(text, str)
    cells = {cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row}
    for formula in FORMULAS:
        assert "'" + formula in cells
        assert formula not in cells
    raw = export(sample_document(), "csv", raw=True)
    assert isinstance(raw, str)
    raw_cells = {cell for row in csv.reader(io.StringIO(raw, newline="")) for cell in row}
    assert set(FORMULAS) <= raw_cells
    assert csv_export.neutralise("'=x") == "''=x"
    assert unneutralise(csv_export.neutralise("'=x")) == "'=x"
    assert csv_export.neutralise("plain") == "plain"


def test_csv_bom() -> None:
    text = export(sample_document(), "csv", bom=True)
    assert isinstance(text, str)
    assert text.startswith("\ufeffsection,")
    assert read_csv(text) == expected_rows([sample_document()])


# --------------------------------------------------------------------------- SQLite


def open_db(data: bytes) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return connection


def test_sqlite_schema_and_queries() -> None:
    data = export(sample_document(), "sqlite")
    assert isinstance(data, bytes)
    db = open_db(data)
    count = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    assert count == len(list(all_entries(sample_document())))
    code = db.execute(
        "SELECT e.title, l.url FROM entries e JOIN links l ON l.entry_id = e.id"
        " WHERE l.role = 'code' ORDER BY e.id"
    ).fetchall()
    assert code[0] == (clip().title, "https://github.com/openai/CLIP")
    child = db.execute(
        "SELECT p.title, s.path FROM entries c JOIN entries p ON c.parent_id = p.id"
        " JOIN sections s ON c.section_id = s.id WHERE c.title = 'Blog post'"
    ).fetchall()
    assert child == [(clip().title, "Survey, Overview"), (clip().title, "Papers by Date > 2021")]
    path = db.execute("SELECT path FROM sections WHERE title = '2021'").fetchone()[0]
    assert path == "Papers by Date > 2021"
    authors = db.execute("SELECT authors FROM entries WHERE title = ?", (SPECIALS,)).fetchone()
    assert json.loads(authors[0]) == ["Jane O'Neil", "Tom Smith and Sons", "Zoë Ünal"]
    foreign = db.execute("PRAGMA foreign_key_list(entries)").fetchall()
    assert {row[2] for row in foreign} == {"documents", "sections", "entries"}
    assert all(row[6] == "CASCADE" for row in foreign)
    indexes = {row[1] for row in db.execute("PRAGMA index_list(entries)")}
    assert {"entries_arxiv_id", "entries_doi", "entries_repo", "entries_year"} <= indexes


@pytest.mark.skipif(not sqlite_export.has_fts5(), reason="SQLite built without FTS5")
def test_sqlite_full_text_search() -> None:
    db = open_db(export(sample_document(), "sqlite"))
    hits = db.execute(
        "SELECT e.title FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        " WHERE entries_fts MATCH ? ORDER BY e.id",
        ("transferable",),
    ).fetchall()
    assert hits == [(clip().title,)] * 2
    # remove_diacritics: an ASCII query finds the umlaut.
    assert db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'gottingen'")


def test_sqlite_write_adds_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "lists.sqlite"
    write(sample_document(), "sqlite", target)
    write(sample_document(), "sqlite", target)
    write(second_document(), "sqlite", target)
    write(sample_document(), "sqlite", target)
    db = sqlite3.connect(target)
    sources = db.execute("SELECT source FROM documents ORDER BY source").fetchall()
    assert sources == [("sample.md",), ("second.md",)]
    expected = sum(len(list(all_entries(d))) for d in (sample_document(), second_document()))
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == expected
    docs = (sample_document(), second_document())
    links = sum(len(e.links) for d in docs for _, e in all_entries(d))
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] == links
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    if sqlite_export.has_fts5():
        db.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
        n = db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'green'")
        assert n.fetchone()[0] == 3
    db.close()


def test_sqlite_failure_leaves_database_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lists.db"
    write(sample_document(), "sqlite", target)
    before = target.read_bytes()
    real_load = sqlite_export._load

    def failing_load(connection: sqlite3.Connection, doc: Document) -> None:
        if doc.source == "second.md":
            raise RuntimeError("boom")
        real_load(connection, doc)

    monkeypatch.setattr(sqlite_export, "_load", failing_load)
    changed = sample_document().model_copy(update={"title": "Changed"})
    with pytest.raises(RuntimeError):
        write([changed, second_document()], "sqlite", target)
    assert target.read_bytes() == before
    monkeypatch.undo()

    garbage = tmp_path / "not.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValueError, match=r"not\.db"):
        write(sample_document(), "sqlite", garbage)
    assert garbage.read_bytes() == b"this is not a database" * 100


# --------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("fmt", ["json", "jsonl", "bibtex", "csv"])
def test_write_text_formats(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    write(sample_document(), fmt, target)
    expected = export(sample_document(), fmt)
    assert isinstance(expected, str)
    assert target.read_bytes() == expected.encode("utf-8")
    assert os.listdir(tmp_path) == [target.name]


def test_write_failure_keeps_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old content")
    os.chmod(target, 0o640)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("awesome_parse._output.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write(sample_document(), "csv", target)
    monkeypatch.undo()
    assert target.read_text() == "old content"
    assert os.listdir(tmp_path) == ["out.csv"]
    write(sample_document(), "csv", target)
    assert target.stat().st_mode & 0o777 == 0o640


def test_write_render_failure_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write(sample_document(), "csv", tmp_path / "x.csv", all_kinds=True)
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------- properties

_AWKWARD = "&%$#_{}~^\\\"',;\n\r\t =+-@ÖößΣ中\u00a0\u2028\x00"
_TEXT = st.one_of(
    st.text(st.sampled_from(_AWKWARD) | st.characters(exclude_categories=["Cs"]), max_size=24),
    st.sampled_from(["Akbari et al.", "Tom and Jerry", "=SUM(A1)", "{GPT}-4 LLaMA", "a,b,,c"]),
)


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    titles = draw(st.lists(_TEXT, min_size=1, max_size=4))
    result = []
    for index, title in enumerate(titles):
        result.append(
            Entry(
                kind=draw(st.sampled_from(["paper", "repo", "link", "text"])),
                title=title,
                url=f"https://example.org/{index}/" + draw(_TEXT),
                year=draw(st.none() | st.integers(1900, 2100)),
                month=draw(st.none() | st.integers(1, 12)),
                authors=draw(st.lists(_TEXT, max_size=3)),
                affiliations=draw(st.lists(_TEXT, max_size=2)),
                venue=draw(st.none() | _TEXT),
                tags=draw(st.lists(_TEXT, max_size=2)),
                paper_id=f"id{index}",
                line=index + 1,
            )
        )
    return result


def doc_of(items: list[Entry], section: str) -> Document:
    return Document(source="prop.md", sections=[Section(title=section, level=2, entries=items)])


_PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(items=entries(), section=_TEXT)
def test_property_bibtex_round_trip(items: list[Entry], section: str) -> None:
    doc = doc_of(items, section)
    text = export(doc, "bibtex", all_kinds=True)
    assert isinstance(text, str)
    records = parse_bib(text)
    citable = [e for e in items if e.kind != "text"]
    assert len(records) == len(citable)
    by_url = {r["url"]: r for r in records.values()}
    for entry in citable:
        record = by_url[bib.raw_value(entry.url or "")]
        assert unescape(record.get("title", ""), entry.title) == clean(entry.title)


@_PROPERTY
@given(items=entries(), section=_TEXT, raw=st.booleans(), bom=st.booleans())
def test_property_csv_round_trip(items: list[Entry], section: str, raw: bool, bom: bool) -> None:
    doc = doc_of(items, section)
    text = export(doc, "csv", raw=raw, bom=bom)
    assert isinstance(text, str)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    if not raw:
        rows = [{k: unneutralise(v) for k, v in row.items()} for row in rows]
    assert rows == expected_rows([doc])


# --------------------------------------------------------------------------- real lists

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_FILES = sorted([*SHARED.glob("seeds/*.txt"), *SHARED.glob("corpus/*.md")])
_PARSED: dict[Path, Document] = {}


def parsed(path: Path) -> Document:
    """Parse each shared file once per session (parsing dominates this section's time)."""
    if not SHARED_FILES:
        pytest.skip("../shared (seeds and corpus) is not present")
    if path not in _PARSED:
        from awesome_parse.parser import parse_file

        _PARSED[path] = parse_file(path)
    return _PARSED[path]


@pytest.fixture(params=SHARED_FILES or [SHARED], ids=lambda p: p.name)
def real_doc(request: pytest.FixtureRequest) -> Document:
    return parsed(request.param)


def test_real_json_and_jsonl(real_doc: Document) -> None:
    text = export(real_doc, "json")
    assert isinstance(text, str)
    assert Document.model_validate_json(text) == real_doc
    lines = export(real_doc, "jsonl")
    assert isinstance(lines, str)
    objects = [json.loads(line) for line in lines.split("\n")[:-1]]
    expected = list(all_entries(real_doc))
    assert len(objects) == len(expected)
    for obj, (path, entry) in zip(objects, expected, strict=True):
        assert obj.pop("section") == path
        assert obj.pop("source") == real_doc.source
        obj.pop("parent_line")
        assert Entry.model_validate(obj) == entry.model_copy(update={"children": []})


@pytest.mark.parametrize("all_kinds", [False, True])
def test_real_bibtex(real_doc: Document, all_kinds: bool) -> None:
    text = export(real_doc, "bibtex", all_kinds=all_kinds)
    assert isinstance(text, str)
    records = list(parse_bib(text).values())
    kinds = ("paper", "repo", "dataset", "link") if all_kinds else ("paper",)
    firsts = first_entries([real_doc], kinds)
    assert len(records) == len(firsts)
    if not all_kinds:
        assert len(records) >= len(list(real_doc.papers()))
    for record, entry in zip(records, firsts, strict=True):
        assert unescape(record.get("title", ""), entry.title) == clean(entry.title)
        url = canonical_arxiv_url(entry.url or "", entry.arxiv_id) or entry.url or ""
        assert record.get("url", "") == bib.raw_value(url)


def test_real_csv_and_sqlite(real_doc: Document, tmp_path: Path) -> None:
    text = export(real_doc, "csv")
    assert isinstance(text, str)
    assert read_csv(text) == expected_rows([real_doc])
    target = tmp_path / "real.sqlite"
    write(real_doc, "sqlite", target)
    write(real_doc, "sqlite", target)
    db = sqlite3.connect(target)
    entries_count = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    assert entries_count == len(list(all_entries(real_doc)))
    links = sum(len(e.links) for _, e in all_entries(real_doc))
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] == links
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    if sqlite_export.has_fts5():
        db.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
    db.close()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_real_deterministic(fmt: str) -> None:
    docs = [parsed(path) for path in SHARED_FILES]
    assert export(docs, fmt) == export(docs, fmt)
