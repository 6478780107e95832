"""Lint on the real lists in ../shared: the defects known to be in the seeds are found,
and nothing a reader would not call a defect is reported at error level on two clean,
well-kept corpus lists. Skipped when ../shared is absent (a user's fresh clone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from awesome_parse.lint import Finding, LintConfig, lint_paths

from .conftest import SHARED, require_shared

EXPECTED = [  # (seed, line, rule)
    ("002", 257, "empty-link"),
    ("004", 73, "empty-link"),
    ("002", 200, "missing-space-before-link"),
    ("002", 267, "missing-space-before-link"),
    *[("004", line, "table-cell-count") for line in (17, 18, 20, 21, 22, 23, 24, 25)],
    ("004", 5, "broken-anchor"),
    ("004", 10, "broken-anchor"),
    ("000", 77, "mojibake"),
    ("002", 375, "url-reused"),
    ("000", 97, "duplicate-entry"),
    ("004", 68, "year-mismatch"),
    ("001", 16, "malformed-arxiv-url"),
    ("000", 20, "link-text-whitespace"),
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[Finding]]:
    paths = require_shared("seeds")
    findings = lint_paths([str(p) for p in paths], LintConfig())
    by_seed: dict[str, list[Finding]] = {p.name[:3]: [] for p in paths}
    for finding in findings:
        by_seed[Path(finding.path).name[:3]].append(finding)
    return by_seed


def _at(findings: list[Finding], name: str) -> Iterator[int]:
    return (f.line for f in findings if f.name == name)


@pytest.mark.parametrize(("seed", "line", "name"), EXPECTED, ids=lambda v: str(v))
def test_known_defects_are_found(
    seeds: dict[str, list[Finding]], seed: str, line: int, name: str
) -> None:
    assert line in set(_at(seeds[seed], name))


def test_mojibake_of_the_whole_document(seeds: dict[str, list[Finding]]) -> None:
    (finding,) = [f for f in seeds["004"] if f.name == "mojibake"]
    assert "Mac Roman" in finding.message and finding.severity == "error"


def test_url_reused_names_both_entries(seeds: dict[str, list[Finding]]) -> None:
    (finding,) = [f for f in seeds["002"] if f.name == "url-reused" and f.line == 375]
    assert "DeID-GPT" in finding.message


def test_no_false_alarms_in_the_seeds(seeds: dict[str, list[Finding]]) -> None:
    # Date prefixes ([2023/10], [01/22]) are not links: the only finding on 000's dated
    # lines is the padded link text of line 20.
    dated = {(f.line, f.name) for f in seeds["000"] if 8 <= f.line <= 26}
    assert dated == {(20, "link-text-whitespace")}
    # 002's table of contents resolves, including the -1/-2/-3 anchors of repeated headings.
    assert not [f for f in seeds["002"] if f.name == "broken-anchor"]
    # Papers repeated in other sections (GPT-3, CLIP, ... in 000) are not duplicates.
    assert list(_at(seeds["000"], "duplicate-entry")) == [97]
    assert not [f for fs in seeds.values() for f in fs if f.name == "repeated-across-sections"]


def test_repeats_across_sections_are_info_when_selected() -> None:
    seed = require_shared("seeds")[0]
    found = lint_paths([str(seed)], LintConfig(select=("repeated-across-sections",)))
    assert found and {f.severity for f in found} == {"info"}


@pytest.mark.parametrize("name", ["vinta__awesome-python.md", "sindresorhus__awesome.md"])
def test_clean_corpus_lists_have_no_errors(name: str) -> None:
    require_shared("corpus")
    path = SHARED / "corpus" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/corpus")
    errors = [f for f in lint_paths([str(path)], LintConfig()) if f.severity == "error"]
    assert errors == []
