"""The reference-manager exports as their consumers read them: stable keys on a real list that
is edited, CSL-JSON against the CSL data schema and pandoc, RIS through rispy, BibTeX through
biber's data-model check and classic BibTeX. A consumer that is not installed skips its test
(``.ci/run`` installs biber, bibtex and pandoc from Debian packages)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pybtex.database
import pytest
import rispy
from bibtexparser.entrypoint import parse_string as parse_bibtex
from hypothesis import given

from awesome_parse.exporters import export
from awesome_parse.exporters._references import one_line, references
from awesome_parse.model import Document, Entry, Section
from awesome_parse.parser import parse_file

from .conftest import FIXTURES, SHARED, require_shared
from .test_export_formats import (
    _PROPERTY,
    _TEXT,
    doc_of,
    entries,
    sample_document,
    second_document,
)

CSL_SCHEMA = json.loads((FIXTURES / "csl" / "csl-data.json").read_text(encoding="utf-8"))
SEED = "000_"
"""The seed list the real-list checks use (papers with and without authors, venues, orgs)."""


def seed_path() -> Path:
    seeds = [p for p in require_shared("seeds") if p.name.startswith(SEED)]
    if not seeds:
        pytest.skip(f"../shared/seeds/{SEED}* is not available")
    return seeds[0]


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    return path


def key_meanings(doc: Document) -> dict[str, str]:
    """Citation key → the identity of the paper it names."""
    return {ref.key: ref.entry.paper_id or ref.entry.url or "" for ref in references([doc])}


# --------------------------------------------------------------------------- stable keys


def test_keys_keep_their_meaning_when_a_real_list_is_edited(tmp_path: Path) -> None:
    lines = seed_path().read_text(encoding="utf-8").splitlines()
    entry_lines = [i for i, line in enumerate(lines) if line.startswith("* [")]
    original = key_meanings(parse_file(seed_path()))

    def edited_keys(edited: list[str]) -> dict[str, str]:
        copy = tmp_path / "list.md"  # the edit is made in a copy, as a maintainer would
        copy.write_text("\n".join(edited) + "\n", encoding="utf-8")
        return key_meanings(parse_file(copy))

    deleted = lines[: entry_lines[4]] + lines[entry_lines[4] + 1 :]
    reordered = list(lines)
    block = entry_lines[10:20]
    for index, line in zip(block, reversed([lines[i] for i in block]), strict=True):
        reordered[index] = line
    # A new paper whose title starts like an existing one: the two now share a base key.
    copied = lines[entry_lines[0]]
    new_paper = re.sub(r"\d{4}\.\d{4,5}", "2312.99999", copied, count=1)
    assert new_paper != copied
    added = [*lines[: entry_lines[0]], new_paper, *lines[entry_lines[0] :]]

    for edited in (deleted, reordered, added):
        after = edited_keys(edited)
        shared_keys = set(original) & set(after)
        assert len(shared_keys) >= len(original) - 2
        changed = {key: (original[key], after[key]) for key in shared_keys}
        assert all(old == new for old, new in changed.values()), changed
    # Reordering changes no key at all.
    assert edited_keys(reordered) == original


def test_keys_are_unique_and_bibtex_safe_on_every_real_list() -> None:
    for path in [seed_path(), *sorted((SHARED / "corpus").glob("*.md"))[:3]]:
        keys = list(key_meanings(parse_file(path)))
        assert len(keys) == len(set(keys))
        assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)


# --------------------------------------------------------------------------- CSL-JSON


def csl_items(docs: list[Document], **options: bool) -> list[dict[str, object]]:
    text = export(docs, "csljson", **options)
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    return items  # type: ignore[no-any-return]


def test_csljson_validates_and_maps_fields() -> None:
    items = {item["id"]: item for item in csl_items([sample_document(), second_document()])}
    clip = items["radford2021clip"]
    assert clip["type"] == "article"
    assert clip["author"] == [{"family": "Radford"}]
    assert clip["issued"] == {"date-parts": [[2021, 2]]}
    assert (clip["publisher"], clip["number"]) == ("arXiv", "arXiv:2103.00020")
    assert clip["keyword"] == (
        "Awesome Test > Survey / Overview, Awesome Test > Papers by Date > 2021, "
        "Second > Efficiency, VLM, contrastive"
    )
    vatt = items["akbari2021vatt"]
    assert (vatt["type"], vatt["container-title"]) == ("paper-conference", "NeurIPS 2021")
    assert vatt["note"] == "arXiv: 2104.11178"
    nature = next(i for i in items.values() if i.get("DOI"))
    assert (nature["type"], nature["container-title"]) == ("article-journal", "Nature")
    tricky = next(i for i in items.values() if str(i["title"]).startswith("Tricky"))
    assert tricky["author"] == [
        {"family": "O'Neil", "given": "Jane"},
        {"literal": "Tom Smith and Sons"},
        {"family": "Ünal", "given": "Zoë"},
    ]
    kinds = {item["type"] for item in csl_items([sample_document()], all_kinds=True)}
    assert {"software", "dataset", "webpage"} <= kinds


def test_csljson_of_a_real_list_validates_and_pandoc_reads_it(tmp_path: Path) -> None:
    doc = parse_file(seed_path())
    items = csl_items([doc], all_kinds=True)
    assert len(items) == len(references([doc], all_kinds=True))
    pandoc = needs("pandoc")
    target = tmp_path / "refs.csl.json"
    target.write_text(export(doc, "csljson"), encoding="utf-8")
    result = subprocess.run(
        [pandoc, "-f", "csljson", "-t", "csljson", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    back = json.loads(result.stdout)
    ours = json.loads(target.read_text(encoding="utf-8"))
    assert [(i["id"], i["type"], i["title"]) for i in back] == [
        (i["id"], i["type"], i["title"]) for i in ours
    ]


# --------------------------------------------------------------------------- RIS


def test_ris_reads_back_with_rispy() -> None:
    docs = [sample_document(), second_document()]
    text = export(docs, "ris", all_kinds=True)
    assert text.endswith("ER  - \r\n")
    records = {record["id"]: record for record in rispy.loads(text)}
    assert len(records) == len(references(docs, all_kinds=True))
    clip = records["radford2021clip"]
    assert (clip["type_of_reference"], clip["publisher"]) == ("UNPB", "arXiv")
    assert clip["authors"] == ["Radford"]
    assert clip["date"] == "2021/02//"
    assert "Awesome Test > Papers by Date > 2021" in clip["keywords"]
    vatt = records["akbari2021vatt"]
    assert (vatt["type_of_reference"], vatt["secondary_title"]) == ("CPAPER", "NeurIPS 2021")
    nature = next(r for r in records.values() if r.get("doi"))
    assert nature["type_of_reference"] == "JOUR"
    tricky = next(r for r in records.values() if r["title"].startswith("Tricky"))
    assert "\n" not in tricky["title"]
    assert tricky["authors"] == ["O'Neil, Jane", "Tom Smith and Sons", "Ünal, Zoë"]
    types = {r["type_of_reference"] for r in records.values()}
    assert {"COMP", "DATA", "ELEC"} <= types


def test_ris_of_a_real_list_reads_back() -> None:
    doc = parse_file(seed_path())
    records = rispy.loads(export(doc, "ris"))
    refs = references([doc])
    assert [r["id"] for r in records] == [ref.key for ref in refs]
    assert [r.get("title", "") for r in records] == [
        " ".join(ref.entry.title.split()) for ref in refs
    ]


# --------------------------------------------------------------------------- BibTeX consumers


def bib_documents() -> list[Document]:
    cjk = Entry(
        kind="paper",
        title="大模型 survey of Greek α-β and naïve Łukasz",
        url="https://example.org/cjk",
        authors=["张三", "Zoë Ünal"],
        year=2023,
        paper_id="https://example.org/cjk",
    )
    extra = Document(
        title="Extra", sections=[Section(title="Non-ASCII 中文", level=2, entries=[cjk])]
    )
    return [sample_document(), second_document(), extra]


def test_bibtex_reread_by_bibtexparser_and_pybtex() -> None:
    text = export(bib_documents(), "bibtex", all_kinds=True)
    library = parse_bibtex(text)
    assert not library.failed_blocks
    assert len(library.entries) == len(references(bib_documents(), all_kinds=True))
    py = pybtex.database.parse_string(text, "bibtex")
    assert sorted(py.entries) == sorted(e.key for e in library.entries)
    cjk = next(e for e in library.entries if e.key.startswith("ref2023") or "cjk" in e["url"])
    assert "大模型" in cjk["title"]  # no LaTeX spelling: kept as UTF-8
    assert r"{\ensuremath{\alpha}}" in cjk["title"]
    assert r"na{\"\i}ve {\L}ukasz" in cjk["title"]


def test_biber_validates_the_data_model(tmp_path: Path) -> None:
    biber = needs("biber")
    target = tmp_path / "refs.bib"
    # One file, one biber start (about three seconds of Perl): the hand-built and a real list.
    docs = [*bib_documents(), parse_file(seed_path())]
    target.write_text(export(docs, "bibtex", all_kinds=True), encoding="utf-8")
    result = subprocess.run(
        [biber, "--tool", "--validate-datamodel", target.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Found BibTeX data source" in log  # it did read the file
    assert not re.findall(r"^.*\bERROR\b.*$", log, re.M)
    # What biber may still warn about: data the lists do not have (authors, a year), and
    # archiveprefix, written for BibTeX styles beside biblatex's eprinttype.
    warnings = re.findall(r"^.*\bWARN\b.*$", log, re.M)
    allowed = ("Missing mandatory field", "Field 'archiveprefix' invalid")
    assert all(any(reason in w for reason in allowed) for w in warnings), warnings


def test_classic_bibtex_reads_it_without_errors(tmp_path: Path) -> None:
    bibtex = needs("bibtex")
    kpsewhich = shutil.which("kpsewhich")
    if (
        kpsewhich is None
        or not subprocess.run(
            [kpsewhich, "plain.bst"], capture_output=True, check=False
        ).stdout.strip()
    ):
        pytest.skip("plain.bst is not installed (texlive-base)")
    for name, docs in (("hand", bib_documents()), ("seed", [parse_file(seed_path())])):
        (tmp_path / "refs.bib").write_text(export(docs, "bibtex"), encoding="utf-8")
        (tmp_path / "doc.aux").write_text(
            "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
        )
        result = subprocess.run(
            [bibtex, "doc"], capture_output=True, text=True, check=False, cwd=tmp_path
        )
        log = result.stdout
        assert "error message" not in log, (name, log)
        assert "need author or key" not in log, (name, log)
        entries = len(parse_bibtex((tmp_path / "refs.bib").read_text("utf-8")).entries)
        bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
        assert bbl.count("\\bibitem") == entries


# --------------------------------------------------------------------------- properties


@_PROPERTY
@given(items=entries(), section=_TEXT)
def test_property_csljson_valid_and_ris_reads_back(items: list[Entry], section: str) -> None:
    doc = doc_of(items, section)
    refs = references([doc], all_kinds=True)
    items_back = csl_items([doc], all_kinds=True)
    assert [item["id"] for item in items_back] == [ref.key for ref in refs]
    records = rispy.loads(export(doc, "ris", all_kinds=True))
    assert [record["id"] for record in records] == [ref.key for ref in refs]
    for record, ref in zip(records, refs, strict=True):
        assert record.get("title", "") == one_line(ref.entry.title)
