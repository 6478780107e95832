"""Pathological structure: deep nesting, huge lines, bracket runs, wide and tall tables.

Every input here must parse without an exception escaping, keep its text, and make work
(function calls, counted: no clock) that grows linearly with its size. Sizes are those of the
issue where that is cheap; where the parse itself is slow per byte (a 100 000-item list, a
10 MB list, a list nested 10 000 deep by indentation, which is 100 MB of spaces) the test uses
a smaller size and ``benchmarks/scaling.py`` runs and times the full one. Set
``AWESOME_PARSE_FULL_SIZE=1`` to run the full sizes here too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import pytest

from awesome_parse import parse
from awesome_parse.markdown import session
from awesome_parse.model import Document, Entry

from .conftest import calls, shared_files

FULL = os.environ.get("AWESOME_PARSE_FULL_SIZE") == "1"


def all_entries(doc: Document) -> list[Entry]:
    return [entry for _, top in doc.walk() for entry in top.walk()]


def depth(entry: Entry) -> int:
    deepest, stack = 0, [(entry, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in current.children)
    return deepest


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


# --- trivial files --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n", " \t \n" * 10_000, "\u3000\n\u00a0\n"])
def test_empty_and_whitespace_only_files(text: str) -> None:
    doc = parse(text)
    assert doc.title is None and not doc.sections and not list(doc.walk())


def test_heading_only_file() -> None:
    text = "# Title\n" + "".join(f"{'#' * (i % 6 + 1)} Heading {i}\n" for i in range(2000))
    doc = parse(text)
    assert doc.title == "Title"
    assert not list(doc.walk())
    assert sum(1 for _ in doc.iter_sections()) == 2000


# --- deep nesting ---------------------------------------------------------------------------

DEEP = 10_000
LIMIT = session._MAX_NESTING


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("- " * DEEP + "[deep](https://deep.org) x\n", id="dash-run"),
        pytest.param("* " * DEEP + "[deep](https://deep.org) x\n", id="star-run"),
        pytest.param("1. " * DEEP + "[deep](https://deep.org) x\n", id="ordered-run"),
        pytest.param("1) " * DEEP + "[deep](https://deep.org) x\n", id="paren-ordered-run"),
        pytest.param("- > " * (DEEP // 2) + "[deep](https://deep.org) x\n", id="list-quote-run"),
        pytest.param(
            "".join("  " * i + "- [deep](https://deep.org) x\n" for i in range(60)), id="indent-60"
        ),
        pytest.param(
            "".join("\t" * i + "- [deep](https://deep.org) x\n" for i in range(60)), id="tabs-60"
        ),
    ],
)
def test_deep_lists_are_clamped_and_keep_their_links(text: str) -> None:
    doc = parse(text)
    assert "nesting-too-deep" in codes(doc)
    assert all_entries(doc)
    assert "https://deep.org" in doc.model_dump_json()
    for top in doc.entries + [e for _, e in doc.walk()]:
        assert depth(top) <= 2 * LIMIT + 1
    assert Document.model_validate_json(doc.model_dump_json()) == doc


def test_the_deepest_text_is_kept() -> None:
    doc = parse("- " * DEEP + "needle\n")
    chain = [doc.entries[0]]
    while chain[-1].children:
        chain.append(chain[-1].children[0])
    assert len(chain) == LIMIT
    assert chain[-1].title == "needle"
    assert chain[-1].raw == "- " * DEEP + "needle"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(">" * DEEP + "\n", id="quote-run"),
        pytest.param(">" * DEEP + " [deep](https://deep.org)\n", id="quote-run-link"),
        pytest.param("> " * DEEP + "[deep](https://deep.org)\n", id="spaced-quote-run"),
        pytest.param(
            "".join(">" * i + " [deep](https://deep.org)\n" for i in range(1, 300)),
            id="growing-quotes",
        ),
    ],
)
def test_deep_block_quotes_are_clamped_and_keep_their_text(text: str) -> None:
    doc = parse(text)
    assert "nesting-too-deep" in codes(doc)
    assert doc.description.count(">") >= DEEP - LIMIT - 1 or any(
        link.url == "https://deep.org" for link in doc.links
    )
    if "deep.org" in text:
        assert any(link.url == "https://deep.org" for link in doc.links)


def test_list_nested_deep_by_indentation() -> None:
    # 10 000 levels of "  " * i + "- x" is 100 MB of spaces: benchmarks/scaling.py parses
    # blocks of it; here 2 000 levels (4 MB) unless AWESOME_PARSE_FULL_SIZE=1.
    levels = 10_000 if FULL else 2_000
    text = "".join("  " * i + f"- x{i}\n" for i in range(levels))
    doc = parse(text)
    assert "nesting-too-deep" in codes(doc)
    found = all_entries(doc)
    assert [e.title for e in found] == [f"x{i}" for i in range(levels)]
    assert [e.line for e in found] == list(range(1, levels + 1))
    assert depth(doc.entries[0]) <= 2 * LIMIT + 1


def test_deep_indentation_in_fenced_code_is_not_touched() -> None:
    code = "".join("  " * i + "- x\n" for i in range(100))
    text = f"# L\n\n```yaml\n{code}```\n\n- [after](https://after.org)\n"
    doc = parse(text)
    assert "nesting-too-deep" not in codes(doc)
    assert [e.url for e in all_entries(doc)] == ["https://after.org"]
    assert all_entries(doc)[0].line == text.split("\n").index("- [after](https://after.org)") + 1


def test_a_fence_that_fools_the_clamp_falls_back_to_clamping_everything() -> None:
    # The clamp skips fenced code; this fence ends with its list item (line 2), not where a
    # naive scan would think, so the deep line after it reaches mistletoe unclamped once.
    doc = parse("- ```\nx\n\n" + "- " * DEEP + "[deep](https://deep.org)\n")
    assert "nesting-too-deep" in codes(doc)
    assert "https://deep.org" in doc.model_dump_json()


def test_long_thematic_break_is_not_a_deep_list() -> None:
    doc = parse("# L\n\n" + "- " * DEEP + "\n\n- [a](https://a.org)\n")
    assert codes(doc) == []
    assert [e.url for e in all_entries(doc)] == ["https://a.org"]


def test_ordinary_nesting_is_not_clamped() -> None:
    text = "".join("  " * i + f"- [e{i}](https://e.org/{i})\n" for i in range(LIMIT))
    doc = parse(text)
    assert "nesting-too-deep" not in codes(doc)
    assert depth(doc.entries[0]) == LIMIT


def test_parse_works_from_deep_in_the_callers_stack() -> None:
    text = "".join("  " * i + f"- [e{i}](https://e.org/{i})\n" for i in range(LIMIT))

    def recurse(n: int) -> Document:
        return parse(text) if n == 0 else recurse(n - 1)

    # Leave about 150 frames: too few for mistletoe's nested list without the headroom.
    spare = sys.getrecursionlimit() - len(_stack()) - 150
    doc = recurse(spare)
    assert "nesting-too-deep" not in codes(doc)
    assert depth(doc.entries[0]) == LIMIT


def _stack() -> list[object]:
    frames = []
    frame = sys._getframe()
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back  # type: ignore[assignment]
    return frames


def test_deeply_nested_emphasis_does_not_recurse_out() -> None:
    text = "- " + "*a " * 3000 + "b" + "*" * 3000 + " [x](https://x.org)\n"
    doc = parse(text)
    [entry] = all_entries(doc)
    assert entry.url == "https://x.org"


# --- huge flat inputs -----------------------------------------------------------------------


def test_flat_list() -> None:
    # 100 000 items take about 40 s (the per-entry metadata dominates): benchmarks/scaling.py.
    items = 100_000 if FULL else 5_000
    text = "# L\n\n" + "".join(
        f"- [Item {i}](https://example.org/{i}) - text\n" for i in range(items)
    )
    doc = parse(text)
    found = all_entries(doc)
    assert len(found) == items
    assert found[-1].url == f"https://example.org/{items - 1}" and found[-1].line == items + 2


def test_single_one_megabyte_line_of_links() -> None:
    size = 1_000_000
    unit = "[link {i}](https://e.org/{i}) and "
    line = ""
    parts = []
    i = 0
    while len(line) < size and i < 100_000:
        parts.append(unit.format(i=i))
        i += 1
        if i % 1000 == 0:
            line = "".join(parts)
    line = "".join(parts)
    doc = parse("# L\n\n" + line + "\n")
    urls = {link.url for link in doc.links}
    assert urls == {f"https://e.org/{n}" for n in range(i)}


def test_single_one_megabyte_word() -> None:
    doc = parse("x" * 1_000_000 + "\n")
    assert doc.description == "x" * 1_000_000


def test_long_paragraph_keeps_every_link_whole() -> None:
    # Longer than the inline chunk: the cuts must fall between links, never inside one.
    body = " ".join(
        f'[a title with spaces {i}](https://e.org/{i} "t {i}") '
        f"[![badge {i}](https://img.org/{i}.svg)](https://b.org/{i})"
        for i in range(400)
    )
    doc = parse("# L\n\n" + body + "\n")
    assert sorted(link.url for link in doc.links) == sorted(
        f"https://e.org/{i}" for i in range(400)
    )
    assert sorted(b.image for b in doc.badges) == sorted(
        f"https://img.org/{i}.svg" for i in range(400)
    )
    assert doc.description.count("a title with spaces") == 400


def test_many_valid_links_next_to_broken_ones() -> None:
    body = " ".join(f"[ok {i}](https://ok.org/{i}) [broken {i}](" for i in range(50))
    doc = parse("# L\n\n- " + body + "\n")
    [entry] = all_entries(doc)
    assert [link.url for link in entry.links] == [f"https://ok.org/{i}" for i in range(50)]


@pytest.mark.parametrize("run", ["[", "[[[[", "![", "[a", "](", "[a]", "<", "`"])
def test_hundred_thousand_unclosed_openers_keep_the_text(run: str) -> None:
    count = 100_000 // len(run)
    doc = parse("x " + run * count + "\n")
    text = doc.description.replace("\\", "")
    assert text.count(run[0]) >= count * run.count(run[0]) * 0.99


def test_long_runs_of_link_definitions_resolve_with_the_right_lines(monkeypatch) -> None:
    # the Markdown stage cuts runs of definitions with blank lines mistletoe alone sees (it is
    # quadratic in the run); references must resolve and lines must not move.
    defs = "".join(f'[r{i}]: https://x.org/{i} "t{i}"\n' for i in range(1000))
    uses = "".join(f"- [e{i}][r{i}] and [r{i + 1}]\n" for i in range(0, 1000, 9))
    text = f"# L\n\n{defs}\n## S\n\n{uses}\n| a | b |\n|---|---|\n| [x][r5] | y |\n"
    cut = parse(text)
    monkeypatch.setattr(session, "_DEFINITION_RUN", 10**9)
    assert cut == parse(text)
    found = all_entries(cut)
    assert found[0].url == "https://x.org/0" and found[0].line == 1006
    assert found[-1].url == "https://x.org/5" and found[-1].line == text.count("\n")


def test_table_with_a_thousand_columns() -> None:
    header = "| Title | " + " | ".join(f"c{i}" for i in range(999)) + " |"
    rule = "|" + "---|" * 1000
    row = "| [T](https://t.org) | " + " | ".join(f"v{i}" for i in range(999)) + " |"
    doc = parse(f"# L\n\n{header}\n{rule}\n{row}\n")
    [entry] = all_entries(doc)
    assert entry.url == "https://t.org"
    assert len(entry.extra) == 999


def test_table_with_many_rows() -> None:
    rows = 100_000 if FULL else 5_000
    text = "| Title | Paper |\n|---|---|\n" + "".join(
        f"| T{i} | [p](https://arxiv.org/abs/2101.{i:05d}) |\n" for i in range(rows)
    )
    doc = parse(text)
    found = all_entries(doc)
    assert len(found) == rows
    assert [e.line for e in found[:3]] == [3, 4, 5]


def test_ten_megabyte_list() -> None:
    # The full 10 MB takes about 30 s at today's ~0.3 MB/s: benchmarks/scaling.py ("real").
    target = 10_000_000 if FULL else 400_000
    unit = (
        "".join(
            f"- [Paper {i}: a study](https://arxiv.org/abs/2301.{i:05d}) (CVPR 2023) - prose here\n"
            for i in range(100)
        )
        + "\nSome prose between lists with a [link](https://p.org).\n\n"
    )
    text = "# L\n\n" + unit * (target // len(unit) + 1)
    doc = parse(text)
    assert len(all_entries(doc)) == 100 * (target // len(unit) + 1)


# --- linear time ----------------------------------------------------------------------------

# name → (text for size n, n): each input once at n and once at 4n; linear gives a ratio
# of about 4, quadratic 16. Inputs that mistletoe or a regular expression of ours handled in
# quadratic (or worse) time before the guards in markdown.py and the fixes in the tree.
PATHOLOGICAL: dict[str, tuple[Callable[[int], str], int]] = {
    "closed-brackets": (lambda n: "[a]" * n + "\n", 3000),
    "open-link-tails": (lambda n: "[a](" * n + "\n", 2000),
    "close-open": (lambda n: "](" * n + "\n", 3000),
    "open-titles": (lambda n: "[a](x (" * n + "\n", 2000),
    "angle-dests": (lambda n: "[a](<" * n + "\n", 2000),
    "nested-links": (lambda n: "[" * n + "a" + "](u)" * n + "\n", 2000),
    "emphasis-mix": (lambda n: "*_" * n + "\n", 1500),
    "strikethrough": (lambda n: "~~a " * n + "\n", 3000),
    "backticks": (lambda n: "`a``" * n + "\n", 3000),
    "spaces": (lambda n: "a" + " " * n + "b\n", 20_000),
    "html-instructions": (lambda n: "x " + "<?" * n + "\n", 4000),
    "refdefs": (lambda n: "".join(f"[r{i}]: https://x.org/{i}\n" for i in range(n)), 5000),
    "dash-run": (lambda n: "- " * n + "x\n", 4000),
    "quote-run": (lambda n: ">" * n + " x\n", 8000),
    "indent": (lambda n: "".join("  " * (i % 200) + "- x\n" for i in range(n)), 200),
    "mojibake-lines": (lambda n: "".join(f"- GÃ¶ttingen {i} â€” cafÃ©\n" for i in range(n)), 150),
    # Quadratic or worse in tree.py / items.py regular expressions until 2cfec0b.
    "heading-brackets": (lambda n: "# " + "[" * n + "\n", 2000),
    "item-trailing-punct": (lambda n: "- x" + " :" * n + " y\n", 3000),
    "html-h1-unclosed": (lambda n: "<div>\n" + "<h1>" * n + "\n", 3000),
    "html-tags-unclosed": (lambda n: "<div>\n" + "<a " * n + "\n", 3000),
    "html-lt": (lambda n: "<div>\n" + "<" * n + "\n", 5000),
    # mistletoe's heading pattern on a long run of blanks (45 s for 20 000 before markdown.py
    # shortened such runs).
    "heading-blanks": (lambda n: "# a" + " \t" * n + "b\n", 5000),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_work_grows_linearly(name: str) -> None:
    """4x the input makes about 4x the calls (16x if quadratic); the time of each shape at
    full size is benchmarks/scaling.py's."""
    build, n = PATHOLOGICAL[name]
    ratio = calls(parse, build(4 * n)) / calls(parse, build(n))
    assert ratio < 8, f"{name}: 4x the input made {ratio:.1f}x the calls"


# --- loops over brackets ---------------------------------------------------------------------
# Regular expressions are checked by benchmarks/regex_scaling.py: only a timer can tell a
# backtracking pattern, and the unit tests assert on no clock.


def _characters_copied(function: Callable[[str], str], text: str) -> int:
    """Characters of every new string ``function`` binds to its local ``title``: the copying
    work a loop that slices once per bracket does (a deterministic proxy for its time)."""
    copied = 0
    last = None

    def local(frame: Any, event: str, arg: object) -> Any:
        nonlocal copied, last
        value = frame.f_locals.get("title")
        if isinstance(value, str) and value is not last:
            copied += len(value)
            last = value
        return local

    def calls(frame: Any, event: str, arg: object) -> Any:
        return local if frame.f_code is function.__code__ else None

    sys.settrace(calls)
    try:
        function(text)
    finally:
        sys.settrace(None)
    return copied


@pytest.mark.parametrize(
    "build",
    [
        lambda n: "[" * n,  # the title of "- [[[[…a](url)]]]]"
        lambda n: "a " + "[] " * n,  # empty link labels left by link groups
        lambda n: "a " + "[[Paper]]" * n,
    ],
    ids=["open-brackets", "empty-labels", "paper-labels"],
)
def test_bracket_leftovers_are_stripped_in_linear_work(build: Callable[[int], str]) -> None:
    from awesome_parse.read.items import _strip_bracket_leftovers

    small = _characters_copied(_strip_bracket_leftovers, build(1000))
    large = _characters_copied(_strip_bracket_leftovers, build(4000))
    assert large <= 5 * small, f"4x the brackets copied {large / small:.1f}x the characters"


def _peak_bytes(text: str) -> int:
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        parse(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "text",
    ["- " * 25_000 + "x\n", ">" * 50_000 + " x\n", "> - " * 12_500 + "x\n"],
    ids=["dash-run", "quote-run", "quote-list-run"],
)
def test_deep_nesting_takes_at_most_30x_its_size_in_memory(text: str) -> None:
    # Allocations, not time: the same on any machine. The regular expressions that read a
    # line's containers took ~140 bytes per character of the line (backtracking records).
    baseline = _peak_bytes("# L\n\n- [a](https://a.org)\n")
    multiple = (_peak_bytes(text) - baseline) / len(text)
    assert multiple <= 30, f"{multiple:.0f}x the input"


def test_guards_do_not_change_what_normal_lists_parse_to(monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import nullcontext

    files = shared_files("seeds")
    texts = [path.read_bytes() for path in files] or [
        (
            "# L\n\n"
            + "".join(f"- [x{i}](https://x.org/{i}) **b** `c` <b>d</b>\n" for i in range(50))
        ).encode()
    ]
    guarded = [parse(data) for data in texts]
    monkeypatch.setattr(session, "_guards", nullcontext)
    plain = [parse(data) for data in texts]
    for data, with_guards, without in zip(texts, guarded, plain, strict=True):
        assert with_guards == without, data[:80]


def test_bibtex_export_of_a_hostile_venue_is_linear() -> None:
    from awesome_parse import exporters

    def venue_table(n: int) -> Document:
        return parse(
            "| Title | Paper | Venue |\n|---|---|---|\n| T | "
            "[p](https://doi.org/10.1038/s41586-021-03819-2) | Nature Communications"
            + " ," * n
            + " x |\n"
        )

    small, large = venue_table(2000), venue_table(8000)
    ratio = calls(exporters.export, large, "bibtex") / calls(exporters.export, small, "bibtex")
    assert ratio < 8, f"4x the venue made {ratio:.1f}x the calls"
