"""The quicker block tokens must leave mistletoe's reading of every document unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_parse import markdown as md

from .conftest import MARKDOWN_FILES, mistletoe_texts, shared_files, token_dump


def _read(text: str, *, fast: bool) -> Any:
    """mistletoe's document of ``text`` in a Markdown session, with our block tokens or its own."""
    from mistletoe import Document, block_token

    with md.markdown_session():
        active = block_token._token_types
        if not fast:
            originals = {cls.__name__: cls for cls in (block_token.HtmlBlock, block_token.Footnote)}
            block_token._token_types = [originals.get(t.__name__, t) for t in active]
        document = Document([line + "\n" for line in text.split("\n")])
        kinds = {t.__module__ for t in block_token._token_types}
        return token_dump(document), dict(document.footnotes), kinds


def _assert_same(text: str) -> None:
    fast, fast_notes, fast_kinds = _read(text, fast=True)
    slow, slow_notes, slow_kinds = _read(text, fast=False)
    assert "awesome_parse.markdown.fast_blocks" in fast_kinds
    assert "awesome_parse.markdown.fast_blocks" not in slow_kinds
    assert fast == slow
    assert fast_notes == slow_notes


def test_fixtures_tokenise_as_with_mistletoes_own_blocks() -> None:
    for text in mistletoe_texts(MARKDOWN_FILES):
        _assert_same(text)


def test_shared_lists_tokenise_as_with_mistletoes_own_blocks() -> None:
    paths = shared_files("seeds") + shared_files("corpus")
    if not paths:
        pytest.skip("../shared not present")
    for text in mistletoe_texts(paths):
        _assert_same(text)


def test_the_session_swaps_the_blocks_in_and_back_out() -> None:
    from mistletoe import block_token

    with md.markdown_session():
        inside = {t.__name__: t.__module__ for t in block_token._token_types}
    after = {t.__name__: t.__module__ for t in block_token._token_types}
    assert inside["HtmlBlock"] == inside["Footnote"] == "awesome_parse.markdown.fast_blocks"
    assert after["Footnote"] == "mistletoe.block_token"
    assert "HtmlBlock" not in after  # the HTML tokens are active only inside a session


# Line starts and pieces around the two checks: HTML of every CommonMark kind, indented or
# not; definitions and look-alikes (blank, bracketed, escaped, unclosed, multi-line labels);
# and the blocks they sit next to.
_START = st.sampled_from(
    [
        "",
        " ",
        "   ",
        "    ",
        "\t",
        "- ",
        "* ",
        "1. ",
        "> ",
        "  - ",
        "# ",
        "| ",
    ]
)
_BODY = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<pre>",
        "</pre>",
        "<!-- c -->",
        "<!--",
        "-->",
        "<?x ?>",
        "<!DOCTYPE html>",
        "<![CDATA[ x ]]>",
        '<a href="u">',
        "<custom-tag>",
        "<img src=x>",
        "<",
        "[a]: /u",
        "[a]: /u 'T'",
        "[a]:",
        "[a]",
        "[a](u)",
        "[A] [a]",
        "[]: /u",
        "[ ]: /u",
        "[a\\]]: /u",
        "[a\\",
        "\\[a]: /u",
        "[[a]]: /u",
        "[a",
        "b]: /u",
        "[x]:/u",
        "]",
        ":",
        "text",
        "**b**",
        "```",
        "---",
        "| a | b |",
        "|---|---|",
        "é",
    ]
)
_LINE = st.tuples(_START, st.lists(_BODY, min_size=0, max_size=3)).map(
    lambda parts: parts[0] + " ".join(parts[1])
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=10).map("\n".join))
def test_generated_documents_tokenise_as_with_mistletoes_own_blocks(text: str) -> None:
    _assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "[a]: /u\n[b]: /v\n\n[a] [b]",
        "[a\nb]: /u\n\n[a b]",
        "[a](u)\n[b]: /v\n\n[b]",
        "[a]\n: /u",
        "  [a]: /u\n\n[a]",
        "<div>\n*x*\n</div>\n\n- <!--\n  c -->",
        "para\n<div>\npara",
    ],
)
def test_definitions_and_html_read_as_mistletoe_reads_them(text: str) -> None:
    _assert_same(text)
