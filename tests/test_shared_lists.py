"""The real lists in ../shared: the seeds' gold entries and every corpus list's links.

Skipped when ../shared is absent (a user's fresh clone).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import awesome_parse

from .conftest import SHARED, shared_files

# The same reading of "a URL in the source" as the gold scorer, minus trailing punctuation and
# Markdown emphasis that GitHub does not include in a bare link.
URL = re.compile(r"https?://[^\s)\]>\"'|`]+")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _source_urls(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return {u.rstrip(".,;:*_") for u in URL.findall(text)}


def _lost_urls(path: Path, doc: awesome_parse.Document) -> list[str]:
    blob = doc.model_dump_json()
    return sorted(
        u for u in _source_urls(path) if u not in blob and json.dumps(u)[1:-1] not in blob
    )


@pytest.mark.parametrize("path", shared_files("seeds"), ids=lambda p: p.name[:3])
def test_seed_matches_gold(path: Path) -> None:
    gold = json.loads((SHARED / "gold" / (path.stem + ".json")).read_text(encoding="utf-8"))
    doc = awesome_parse.parse_file(path)
    got = list(doc.walk())
    pool = Counter((_norm(e.title or e.url), (e.url or "").rstrip("/")) for _, e in got)
    paths: dict[tuple[str, str], list[list[str]]] = {}
    for section_path, entry in got:
        key = (_norm(entry.title or entry.url), (entry.url or "").rstrip("/"))
        paths.setdefault(key, []).append([_norm(p) for p in section_path])
    matched = in_section = 0
    for expected in gold["entries"]:
        key = (_norm(expected["title"]), expected["url"].rstrip("/"))
        if pool[key] > 0:
            pool[key] -= 1
            matched += 1
            in_section += [_norm(p) for p in expected["section"]] in paths[key]
    linked = [e for _, e in got if e.url and e.kind != "text"]
    assert matched / len(gold["entries"]) >= 0.98
    assert matched / max(1, len(linked)) >= 0.95
    assert in_section >= 0.95 * matched
    assert _lost_urls(path, doc) == []


@pytest.mark.parametrize("path", shared_files("corpus"), ids=lambda p: p.stem)
def test_corpus_list_parses_without_losing_links(path: Path) -> None:
    doc = awesome_parse.parse_file(path)
    assert sum(1 for _ in doc.walk()) > 20
    assert _lost_urls(path, doc) == []
    lines = [e.line for _, e in doc.walk()]
    assert all(0 < line <= path.read_text(encoding="utf-8").count("\n") + 1 for line in lines)


def test_shared_data_skips_cleanly_when_absent() -> None:
    if not SHARED.is_dir():
        assert shared_files("seeds") == []
        pytest.skip("no ../shared here: the data tests above were skipped, as designed")
    assert shared_files("seeds")
