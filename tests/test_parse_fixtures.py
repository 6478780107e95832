"""Each Markdown construct the parser reads, as data-file pairs.

``fixtures/parse/NAME.md`` is the input; ``NAME.json`` lists what the parse must give: the
document title, sections (path, level, pseudo, anchor) and, per top-level entry in document
order, the fields named in the expected object (other fields are not compared). Adding a case
is adding two files. ``python tests/test_parse_fixtures.py NAME`` prints the projection of the
current parse as a starting point for a new expected file — read it before you save it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import awesome_parse

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "parse"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))

ENTRY_FIELDS = (
    "kind",
    "title",
    "name",
    "url",
    "links",
    "badges",
    "date",
    "year",
    "month",
    "day",
    "authors",
    "affiliations",
    "venue",
    "tags",
    "arxiv_id",
    "doi",
    "repo",
    "code_url",
    "project_url",
    "model",
    "description",
    "abstract",
    "note",
    "extra",
    "children",
    "line",
    "end_line",
)


def project(doc: awesome_parse.Document) -> dict[str, Any]:
    """The comparable view of a document: plain JSON, children reduced to their titles."""
    entries = []
    for path, entry in doc.walk():
        data = entry.model_dump(include=set(ENTRY_FIELDS), exclude_defaults=True)
        data["children"] = [child.title for child in entry.children]
        entries.append({"section": path, **data})
    return {
        "title": doc.title,
        "front_matter": doc.front_matter,
        "sections": [
            {"path": path, "level": s.level, "pseudo": s.pseudo, "anchor": s.anchor}
            for path, s in doc.iter_sections()
        ],
        "entries": entries,
        "link_urls": sorted(
            {link.url for link in doc.links}
            | {link.url for _, s in doc.iter_sections() for link in s.links}
        ),
        "diagnostics": [{"code": d.code, "line": d.line} for d in doc.diagnostics],
    }


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    got = project(awesome_parse.parse_file(FIXTURES / f"{name}.md"))
    for key in ("title", "front_matter", "sections", "link_urls", "diagnostics"):
        if key in expected:
            assert got[key] == expected[key], key
    assert len(got["entries"]) == len(expected["entries"])
    for index, (want, have) in enumerate(zip(expected["entries"], got["entries"], strict=True)):
        for field, value in want.items():
            assert have.get(field) == value, f"entry {index} ({want.get('title')!r}): {field}"


if __name__ == "__main__":
    print(
        json.dumps(
            project(awesome_parse.parse_file(FIXTURES / f"{sys.argv[1]}.md")),
            indent=1,
            ensure_ascii=False,
        )
    )
