"""mistletoe imported with precomputed punctuation must be the module a plain import gives."""

from __future__ import annotations

import itertools
import json
import sys
import unicodedata

import pytest

from awesome_parse.markdown import mistletoe_import as _mistletoe_import
from awesome_parse.markdown.punctuation import ADDED, BASE_VERSION, punctuation_for

from .conftest import run_python


def _scan() -> frozenset[str]:
    return frozenset(
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)).startswith("P")
    )


def test_table_of_this_python_matches_a_full_scan() -> None:
    assert unicodedata.unidata_version in (BASE_VERSION, *ADDED)
    assert punctuation_for(unicodedata.unidata_version) == _scan()


def test_unknown_unicode_version_has_no_table() -> None:
    assert punctuation_for("1.0.0") is None


def test_tables_grow_with_unicode() -> None:
    versions = sorted((BASE_VERSION, *ADDED), key=lambda v: tuple(map(int, v.split("."))))
    sets = [punctuation_for(version) for version in versions]
    for older, newer in itertools.pairwise(sets):
        assert older is not None and newer is not None
        assert older <= newer  # characters are never removed from a category in Unicode


_REPORT = """
import inspect, json, sys
{setup}
from awesome_parse import parse
doc = parse("# T\\n\\n- [a](https://a.example) “quoted” **bold**。x\\n")
from mistletoe import core_tokens
print(json.dumps({{
    "punctuation": sorted(core_tokens.punctuation),
    "names": sorted(name for name in vars(core_tokens) if not name.startswith("__")),
    "scan_ran": inspect.getgeneratorstate(core_tokens.unicode_chrs) == "GEN_CLOSED",
    "entries": [entry.title for _, entry in doc.walk()],
    "meta_path": [type(finder).__name__ for finder in sys.meta_path],
}}))
"""


def _report(setup: str = "") -> dict[str, object]:
    report: dict[str, object] = json.loads(run_python(_REPORT.format(setup=setup)).stdout)
    return report


@pytest.fixture(scope="module")
def plain() -> dict[str, object]:
    """mistletoe imported the ordinary way, before awesome_parse could step in."""
    return _report("import mistletoe")


def test_precomputed_import_gives_the_same_module(plain: dict[str, object]) -> None:
    fast = _report()
    assert plain["scan_ran"] is True
    assert fast["scan_ran"] is False  # the shortcut was taken
    assert fast["punctuation"] == plain["punctuation"]
    assert fast["names"] == plain["names"]
    assert fast["entries"] == plain["entries"] == ["a"]
    assert "_Finder" not in fast["meta_path"]  # the import hook does not outlive the import


def test_unknown_unicode_version_falls_back_to_the_scan(plain: dict[str, object]) -> None:
    fallback = _report(
        "import awesome_parse.markdown.mistletoe_import as m; "
        "m.punctuation_for = lambda version: None"
    )
    assert fallback["scan_ran"] is True
    assert fallback["punctuation"] == plain["punctuation"]


def test_changed_mistletoe_source_falls_back_to_the_scan(plain: dict[str, object]) -> None:
    fallback = _report(
        "import awesome_parse.markdown.mistletoe_import as m; m._SCAN = 'not in the source'"
    )
    assert fallback["scan_ran"] is True
    assert fallback["punctuation"] == plain["punctuation"]


def test_finder_ignores_other_modules() -> None:
    finder = _mistletoe_import._Finder({"!"})
    assert finder.find_spec("mistletoe.span_token", None) is None
    assert finder.find_spec("json", None) is None
