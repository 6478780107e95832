"""``batch -o all.bib|all.csv|all.ris|all.csl.json``: many lists merged into one file, a paper
listed in two lists once, keys unique and the same as exporting the lists together."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import rispy
from bibtexparser.entrypoint import parse_string as parse_bibtex

from awesome_parse.cli import main
from awesome_parse.exporters._references import references
from awesome_parse.parser import parse_file

FIRST = """# Awesome Green

## Efficiency
* [Green AI](https://arxiv.org/abs/2001.00001) (Schwartz et al. 2020)
* [Green AI](https://arxiv.org/abs/2001.00002) (Schwartz et al. 2020)
* [CLIP: Learning Transferable Visual Models](https://arxiv.org/abs/2103.00020)
"""

SECOND = """# Awesome Vision

## Models
* [CLIP: Learning Transferable Visual Models](https://arxiv.org/abs/2103.00020)
* [Green AI](https://arxiv.org/abs/2001.00003) (Schwartz et al. 2020)
"""


@pytest.fixture
def lists(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in (("green.md", FIRST), ("vision.md", SECOND)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return paths


def run(tmp_path: Path, inputs: list[str], name: str) -> Path:
    out = tmp_path / name
    assert main(["batch", *inputs, "-o", str(out), "-j", "1"]) == 0
    return out


def test_batch_bibtex_merges_with_unique_stable_keys(tmp_path: Path, lists: list[str]) -> None:
    library = parse_bibtex(run(tmp_path, lists, "all.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    expected = [ref.key for ref in references([parse_file(p) for p in lists])]
    assert keys == expected and len(set(keys)) == len(keys) == 4
    clip = next(entry for entry in library.entries if entry["eprint"] == "2103.00020")
    assert clip["keywords"] == "Awesome Green > Efficiency, Awesome Vision > Models"
    # Reversing the input order changes no key.
    reversed_run = run(tmp_path, lists[::-1], "reversed.bib").read_text(encoding="utf-8")
    assert sorted(entry.key for entry in parse_bibtex(reversed_run).entries) == sorted(keys)


def test_batch_csl_json_and_ris(tmp_path: Path, lists: list[str]) -> None:
    items = json.loads(run(tmp_path, lists, "all.csl.json").read_text(encoding="utf-8"))
    records = rispy.loads(run(tmp_path, lists, "all.ris").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == [record["id"] for record in records]
    assert len(items) == 4
    clip = next(record for record in records if record["id"].startswith("clip"))
    assert clip["keywords"] == ["Awesome Green > Efficiency", "Awesome Vision > Models"]


def test_batch_csv_has_a_source_column_and_one_header(tmp_path: Path, lists: list[str]) -> None:
    text = run(tmp_path, lists, "all.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert [row["source"] for row in rows] == [lists[0]] * 3 + [lists[1]] * 2
    assert [row["section"] for row in rows] == ["Efficiency"] * 3 + ["Models"] * 2
    assert text.count("section,kind,title") == 1


def test_batch_merge_reports_a_failing_file_and_still_writes(
    tmp_path: Path, lists: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.bib"
    broken = str(tmp_path / "broken.md")
    assert main(["batch", *lists, broken, "-o", str(out), "-j", "1"]) == 1
    assert len(parse_bibtex(out.read_text(encoding="utf-8")).entries) == 4
    assert f"failed: {broken}" in capsys.readouterr().err
