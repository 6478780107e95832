"""The simple-inline fast path must read exactly what the tree builder reads from mistletoe's
tokens: the same pieces, and the same answers to "bold line?" and "opens with a bold link?"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import awesome_parse
from awesome_parse import markdown as md
from awesome_parse.markdown import session
from awesome_parse.markdown.simple_inline import ReadInline, read_simple

from .conftest import MARKDOWN_FILES, mistletoe_texts, shared_files

# What the tree builder takes from a block's inline content: its pieces, whether it is a bold
# line used as a heading, whether it opens with a bold link.
Reading = tuple[list[md.Piece], str | None, bool]


def _read(children: list[Any]) -> Reading:
    block = SimpleNamespace(children=children)
    return md.flatten(children), md.bold_line(block), md.starts_with_bold_link(block)


def _mistletoe_reading(content: str) -> Reading:
    from mistletoe import span_token, span_tokenizer

    return _read(span_tokenizer.tokenize(content, span_token._token_types))


def _fast_reading(content: str) -> Reading | None:
    simple = read_simple(content)
    return None if simple is None else _read([simple])


def _compared(paths: list[Path]) -> list[tuple[str, Reading, Reading | None]]:
    """Every inline string mistletoe tokenises in these files, read from mistletoe's tokens
    and by the fast path (None where it declines), both during the parse, where the
    document's reference definitions are known."""
    from mistletoe import Document, span_token

    seen: list[tuple[str, Reading, Reading | None]] = []

    def record(content: str) -> Any:
        seen.append((content, _mistletoe_reading(content), _fast_reading(content)))
        return []

    with md.markdown_session():
        saved = span_token.tokenize_inner
        span_token.tokenize_inner = record
        try:
            for text in mistletoe_texts(paths):
                Document(text)
        finally:
            span_token.tokenize_inner = saved
    return seen


@contextmanager
def _defined(definitions: str) -> Iterator[None]:
    """Inline tokenising as inside a document whose reference definitions are ``definitions``."""
    from mistletoe import Document, token

    token._root_node = Document(definitions)
    try:
        yield
    finally:
        token._root_node = None


def _check(paths: list[Path]) -> tuple[int, int]:
    """(strings read by the fast path, of them opening with a bold link)."""
    covered = bold_links = 0
    for content, reference, fast in _compared(paths):
        if fast is not None:
            covered += 1
            bold_links += fast[2]
            assert fast == reference, content
    return covered, bold_links


def test_fixtures_read_as_from_mistletoe_tokens() -> None:
    covered, bold_links = _check(MARKDOWN_FILES)
    assert covered > 100  # and the fast path is actually taken
    assert bold_links > 0


def test_shared_lists_read_as_from_mistletoe_tokens() -> None:
    paths = shared_files("seeds") + shared_files("corpus")
    if not paths:
        pytest.skip("../shared not present")
    assert _check(paths)[0] > 1000


def _json_with_and_without_fast_path(text: str | bytes) -> tuple[str, str]:
    def parsed() -> str:
        try:
            return awesome_parse.parse(text).model_dump_json()
        except Exception as error:  # the same failure either way is fine too
            return f"{type(error).__name__}: {error}"

    fast = parsed()
    real = session.read_simple
    session.read_simple = lambda content: None
    try:
        return fast, parsed()
    finally:
        session.read_simple = real


def test_documents_are_the_same_without_the_fast_path() -> None:
    paths = [*MARKDOWN_FILES, *shared_files("seeds"), *shared_files("corpus")]
    for path in paths:
        fast, slow = _json_with_and_without_fast_path(path.read_bytes())
        assert fast.startswith("{"), (path, fast)  # a document, not an error
        assert fast == slow, path


@pytest.mark.parametrize(
    "text",
    [
        "- a\n  > b\n",
        "- >a\n",
        "- a\n\n  | h |\n  |---|\n  | b |\n",
        "- [a](https://a.b) item\n  > quoted [q](https://q.r) text\n",
        "> - [a](https://a.b)\n>   > [c](https://c.d)\n",
    ],
)
def test_blocks_nested_in_items_are_read_as_without_the_fast_path(text: str) -> None:
    fast, slow = _json_with_and_without_fast_path(text)
    assert fast == slow


def _document_lines(draw: st.DrawFn, depth: int = 0) -> list[str]:
    line = draw(st.lists(_PARTS, min_size=1, max_size=6).map("".join)).replace("\n", " ")
    indent = "  " * depth
    kind = draw(st.sampled_from(["item", "heading", "paragraph", "table", "quote", "definition"]))
    if kind == "item":
        lines = [f"{indent}- {line}"]
        nested = draw(st.sampled_from(["", "item", "quote", "table", "paragraph"]))
        if nested == "item" and depth < 2:
            lines += _document_lines(draw, depth + 1)
        elif nested == "quote":
            lines.append(f"{indent}  > {line}")
        elif nested == "table":
            row = f"{indent}  | {line} | x |"
            lines += ["", f"{indent}  | h | i |", f"{indent}  |---|---|", row]
        elif nested == "paragraph":
            lines += ["", f"{indent}  {line}"]
        return lines
    if kind == "heading":
        return [f"## {line}"]
    if kind == "table":
        return ["| Title | Link |", "|---|---|", f"| {line} | {line} |"]
    if kind == "quote":
        return [f"> {line}", f"> - {line}"]
    if kind == "definition":
        return ["[x]: /defined"]
    return [line]


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        lines += [*_document_lines(draw), ""]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(_documents())
def test_generated_documents_are_the_same_without_the_fast_path(text: str) -> None:
    fast, slow = _json_with_and_without_fast_path(text)
    assert fast == slow


def test_a_failed_parse_leaves_no_code_spans_for_the_next() -> None:
    from mistletoe import core_tokens

    with pytest.raises(IndexError), md.markdown_session():
        core_tokens.find_core_tokens("`stale` code", None)  # what a crash half-way leaves
        raise IndexError("mistletoe failed here")
    assert core_tokens._code_matches == []


def test_emphasis_mistletoe_fails_on_is_read_as_text() -> None:
    """mistletoe 1.5 raises IndexError on some emphasis runs; 1.6 fixed it."""
    from mistletoe import span_token

    def tokenize(content: str) -> Any:
        if "**)" in content:
            raise IndexError("string index out of range")
        return span_token.tokenize_inner(content)

    with md.markdown_session():
        tokens = session._guarded_inner(tokenize)("a **)****。* [b](https://c.d)")
        assert md.flatten(tokens) == [
            md.Text("a **)****。* "),
            md.LinkPiece("b", "https://c.d"),
        ]


def test_a_simple_block_holds_its_reading_as_its_only_child() -> None:
    from mistletoe import Document

    with md.markdown_session():
        document = Document(["- [CLIP](https://a.b) - text\n", "\n", "# \n"])
    paragraph = document.children[0].children[0].children[0]
    assert [type(child) for child in paragraph.children] == [ReadInline]
    assert document.children[1].children == []  # empty content: no child, as with mistletoe


@pytest.mark.parametrize(
    ("content", "kinds"),
    [
        ("[CLIP](https://arxiv.org/abs/2103.00020) - Radford et al.", ["LinkPiece", "Text"]),
        (
            "Title [[Paper](https://a.b/c_d?x=1&y=2)] [[Code](https://github.com/a/b)]",
            ["Text", "LinkPiece", "Text", "LinkPiece", "Text"],
        ),
        ("[![Stars](https://img.shields.io/x.svg)](https://github.com/a/b)", ["LinkPiece"]),
        ("![](logo.png) `Google` `2010`", ["LinkPiece", "Text"]),
        ("Wow! a plain line (with parentheses)", ["Text"]),
        ("[2023/10] [Title](https://a.b) (from SDSU)", ["Text", "LinkPiece", "Text"]),
        (
            "HyenaDNA [[Paper]](https://a.b) [[Code]](https://c.d)",
            ["Text", "LinkPiece", "Text", "LinkPiece"],
        ),
        ("**[Skeleton-of-Thought](https://arxiv.org/abs/2307.15337)** ICLR", ["LinkPiece", "Text"]),
        ("*Ling Yang, Bin Cui.* Preprint'24", ["Text"]),
        ("_Libraries for validating data._", ["Text"]),
        (
            "*Notes:* [Blog](https://a.b) **[Code](https://c.d)**",
            ["Text", "LinkPiece", "Text", "LinkPiece"],
        ),
    ],
)
def test_common_forms_take_the_fast_path(content: str, kinds: list[str]) -> None:
    with md.markdown_session():
        fast = _fast_reading(content)
        assert fast is not None
        assert [type(piece).__name__ for piece in fast[0]] == kinds
        assert fast == _mistletoe_reading(content)


@pytest.mark.parametrize(
    ("content", "opens_with_bold_link"),
    [
        ("**[A](https://a.b)** ICLR", True),
        ("  **[A](https://a.b)**", True),
        ("[2023] **[A](https://a.b)**", False),
        ("`x` **[A](https://a.b)**", False),
        ("[A](https://a.b) **[B](https://c.d)**", False),
        ("*A.* **[B](https://c.d)**", False),
    ],
)
def test_a_leading_bold_link_is_seen(content: str, opens_with_bold_link: bool) -> None:
    with md.markdown_session():
        fast = _fast_reading(content)
        assert fast is not None
        assert fast[2] is opens_with_bold_link
        assert fast == _mistletoe_reading(content)


@pytest.mark.parametrize(
    "content",
    [
        "**bold** text",
        "a [ref] link",
        "[a](b) and <b>html</b>",
        "escaped \\[x](y)",
        "line\nbreak",
        "a &amp; b",
        "~~gone~~",
        "[[a](b)](c)",
        "[a](<b c>)",
        '[a](b "title")',
        "`a``b`",
        "![a](b)[c](d)",
        "*a*b",
        "*a *",
        "_a_b",
        "* a* c",
        "x *a*",
        "*a*.",
        "**a** b",
        "*a* *b*",
        "*a_ b",
        "_a* b",
        "*—x_",
    ],
)
def test_other_forms_are_left_to_mistletoe(content: str) -> None:
    with md.markdown_session():
        fast = _fast_reading(content)
        if fast is not None:  # only where it provably gives mistletoe's answer
            assert fast == _mistletoe_reading(content)


_PARTS = st.sampled_from(
    [
        "[a](http://x.org/a_b*c)",
        "![b](y.png)",
        "[![c](d)](e)",
        "`code`",
        "` s `",
        "[[P](u)]",
        "text",
        " ",
        "!",
        "(",
        ")",
        "[",
        "]",
        "`",
        "*",
        "_",
        "<",
        ">",
        "&",
        "~",
        "\\",
        "\n",
        "é",
        "[x]",
        "](",
        "[a!](b)",
        "[ ](x)",
        "[a](b)(c)",
        "![](i)",
        "\t",
        "#",
        "x_y",
        "http://a.b/c",
        "**[a](b)**",
        "**",
        "**x**",
        "[2023/10] ",
        "[[Paper]](u)",
        "[[x]](u)",
        "[X] ",
        "[ x ]",
        ":",
        "*x*",
        "_x_",
        "*a b.*",
        "_a. _",
        "*\u00a0x*",
        "\u3000",
        ".",
        "x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARTS, max_size=12).map("".join))
def test_generated_strings_read_as_from_mistletoe_tokens(content: str) -> None:
    with md.markdown_session(), _defined("[x]: /defined\n"):  # "[x]" and "[X]" are references
        fast = _fast_reading(content)
        if fast is not None:
            assert fast == _mistletoe_reading(content)


def test_blanks_are_mistletoes_blanks() -> None:
    """The emphasis rule asks ``re``'s ``\\s`` what mistletoe asks its own set of blanks."""
    import re

    from mistletoe import core_tokens

    blanks = core_tokens.unicode_whitespace
    every_character = "".join(map(chr, range(0x110000)))
    assert set(re.findall(r"\s", every_character)) == blanks


@pytest.mark.parametrize("content", ["[2023/10] [Title](https://a.b)", "[[2023/10]](https://a.b)"])
def test_a_defined_label_is_left_to_mistletoe(content: str) -> None:
    with md.markdown_session():
        assert read_simple(content) is not None  # no definition: plain text
        with _defined("[2023/10]: https://defined.example\n"):
            assert read_simple(content) is None  # now "[2023/10]" is a reference link
