"""Properties that hold for every input (hypothesis), with bounded example counts.

The whole module runs in well under a minute on two cores: each property has its own
``max_examples`` and no deadline (the first parse imports mistletoe).
"""

from __future__ import annotations

import re
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from awesome_parse import exporters, lint, parse
from awesome_parse.model import Document, Entry
from awesome_parse.parser import ParseError

SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
    database=None,
)


def bounded(examples: int) -> settings:
    return settings(SETTINGS, max_examples=examples)


# Text that is likely to be Markdown structure: markers, brackets, pipes, newlines, HTML.
MARKDOWN_ALPHABET = st.sampled_from(
    [*"#-*+>[]()!|`~_<>/:.\\ \n\n\n\t1aé书\u200b\u00ad\r", "http://", "https://x.org/", "    "]
)
markdown_text = st.lists(MARKDOWN_ALPHABET, max_size=300).map("".join)


def all_entries(doc: Document) -> list[Entry]:
    return [entry for _, top in doc.walk() for entry in top.walk()]


# --- parse never raises ---------------------------------------------------------------------


@bounded(150)
@given(st.text(max_size=500))
def test_parse_never_raises_on_text(text: str) -> None:
    parse(text)


@bounded(200)
@given(markdown_text)
def test_parse_never_raises_on_markdown_like_text(text: str) -> None:
    parse(text)


@bounded(150)
@given(st.binary(max_size=500))
def test_parse_of_bytes_gives_a_document_or_a_parse_error(data: bytes) -> None:
    try:
        parse(data)
    except ParseError as error:
        assert "not a Markdown text file" in str(error)


# --- no URL is lost -------------------------------------------------------------------------

_URL_CHARS = string.ascii_letters + string.digits + "-._~/%=&?#+"
url = st.builds(
    lambda scheme, host, tld, path: f"{scheme}://{host}.{tld}/{path}",
    st.sampled_from(["http", "https"]),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12).filter(
        lambda h: not h.startswith("-") and not h.endswith("-")
    ),
    st.sampled_from(["org", "com", "io", "ai"]),
    st.text(_URL_CHARS, max_size=30).map(lambda p: p.rstrip(".,:;!?*_~")),
)
words = st.text(string.ascii_letters + " éü书-:,", min_size=1, max_size=30).map(
    lambda w: w.strip() or "x"
)
item = st.one_of(
    st.builds(lambda t, u: f"[{t}]({u})", words, url),
    st.builds(lambda t, u, d: f"[{t}]({u}) - {d}", words, url, words),
    st.builds(lambda t, u: f"{t} {u}", words, url),
    st.builds(lambda u: f"<{u}>", url),
    st.builds(lambda t, u, a: f"**[{t}]({u})** [[code]]({a})", words, url, url),
    st.builds(lambda t, u, i: f"[{t}]({u}) [![stars]({i})]({u})", words, url, url),
)
bullet = st.sampled_from(["- ", "* ", "+ ", "1. ", "  - ", "    * "])
list_document = st.lists(
    st.one_of(
        st.tuples(bullet, item).map("".join),
        words.map(lambda w: f"\n## {w}\n"),
        st.builds(lambda t, u: f"\n| Title | Link |\n|---|---|\n| {t} | [p]({u}) |\n", words, url),
    ),
    min_size=1,
    max_size=25,
).map(lambda lines: "# List\n\n" + "\n".join(lines) + "\n")


@bounded(120)
@given(list_document)
def test_every_url_of_the_list_items_is_in_the_json(text: str) -> None:
    dumped = parse(text).model_dump_json()
    for found in re.findall(r"https?://[^\s()<>\[\]|]+", text):
        assert f'"{found}"' in dumped, found


# --- the model round-trips, lines are sane --------------------------------------------------


@bounded(120)
@given(st.one_of(list_document, markdown_text))
def test_json_round_trips_through_the_model(text: str) -> None:
    doc = parse(text)
    assert Document.model_validate_json(doc.model_dump_json()) == doc
    assert Document.model_validate(doc.model_dump()) == doc


@bounded(150)
@given(st.one_of(list_document, markdown_text))
def test_entry_lines_lie_within_the_document_and_follow_walk_order(text: str) -> None:
    doc = parse(text)
    lines = doc_lines(text)
    for _, top in doc.walk():
        for entry in top.walk():
            assert 1 <= entry.line <= entry.end_line <= lines, (entry.line, entry.end_line, lines)
            for child in entry.children:
                assert entry.line <= child.line <= child.end_line <= entry.end_line
        # Top-level entries in walk order: a section's entries, then its sub-sections.
        # (Entries of one container are in source order; see test below for sections.)
        assert top.line >= 1
    for container in [doc.entries] + [s.entries for _, s in doc.iter_sections()]:
        starts = [entry.line for entry in container]
        assert starts == sorted(starts)
    section_lines = [s.line for _, s in doc.iter_sections() if s.line]
    assert section_lines == sorted(section_lines)


def doc_lines(text: str) -> int:
    from awesome_parse.decode import decode

    return decode(text).text.count("\n") + 1


@bounded(120)
@given(list_document)
def test_walk_order_is_source_order_for_headed_lists(text: str) -> None:
    # Entries under real headings (no bold or category pseudo-sections in this generator's
    # output) come out of Document.walk() in the order of their lines.
    doc = parse(text)
    assume(not any(s.pseudo for _, s in doc.iter_sections()))
    starts = [entry.line for _, entry in doc.walk()]
    assert starts == sorted(starts)


# --- exports are deterministic --------------------------------------------------------------


def _render(doc: Document, fmt: str) -> bytes:
    data: Any = exporters.export(doc, fmt)
    return data if isinstance(data, bytes) else data.encode("utf-8")


@bounded(40)
@given(st.one_of(list_document, markdown_text))
@pytest.mark.parametrize("fmt", sorted(exporters.FORMATS))
def test_exporting_twice_gives_identical_bytes(fmt: str, text: str) -> None:
    doc = parse(text)
    assert _render(doc, fmt) == _render(parse(text), fmt)


# --- lint never raises ----------------------------------------------------------------------


@bounded(120)
@given(st.one_of(list_document, markdown_text, st.text(max_size=300)))
def test_lint_never_raises(text: str) -> None:
    findings = lint.lint_source(text, path="README.md")
    lines = doc_lines(text)
    for finding in findings:
        line = getattr(finding, "line", None)
        assert line is None or 1 <= line <= lines + 1


# --- the boundary's own guards --------------------------------------------------------------


@bounded(200)
@given(
    st.text("`a \\\n", max_size=60),
    st.lists(st.integers(min_value=0, max_value=60), max_size=12).map(sorted),
)
def test_remembered_code_span_search_equals_the_pattern(text: str, positions: list[int]) -> None:
    from mistletoe import core_tokens

    from awesome_parse.markdown.session import _ForwardSearch

    pattern = core_tokens.code_pattern  # outside a parse: mistletoe's own re.Pattern
    assert isinstance(pattern, re.Pattern)
    remembered = _ForwardSearch(pattern)
    for pos in positions:
        expected = pattern.search(text, pos)
        got = remembered.search(text, pos)
        assert (got and got.span()) == (expected and expected.span())


@bounded(150)
@given(
    st.lists(
        st.sampled_from(["[a]", "(", ")", "](", " ", "\n", "x", "[t](u)", "<", ">", "\\", "*"]),
        max_size=1200,
    ).map("".join)
)
def test_inline_chunks_cover_the_content_exactly(content: str) -> None:
    from awesome_parse.markdown import session

    chunks = list(session._inline_chunks(content))
    assert "".join(chunks) == content
    assert all(chunks) or content == ""
    assert all(len(chunk) <= session._INLINE_CHUNK for chunk in chunks)


@pytest.mark.parametrize(
    "text",
    [
        "## A\n\n- Cat\n  - [x](https://x.org)\n- [y](https://y.org)\n",
        "## A\n\n<details><summary>More</summary>\n\n- [x](https://x.org)\n\n</details>\n\n"
        "- [z](https://z.org)\n",
    ],
)
def test_entries_after_a_pseudo_section_return_to_their_section(text: str) -> None:
    """``walk()`` goes section by section: an entry after a category's sub-list belongs to the
    enclosing section, so it is yielded with that section's entries, before the category's."""
    doc = parse(text)
    [section] = doc.sections
    [category] = section.sections
    assert category.pseudo and [e.url for e in category.entries] == ["https://x.org"]
    assert [e.url for e in section.entries] == [text.rsplit("(", 1)[1].rstrip(")\n")]
    assert category.entries[0].line < section.entries[0].line
