"""The simple-inline fast path must build exactly the tokens mistletoe's tokeniser builds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_parse import markdown as md
from awesome_parse._simple_inline import simple_tokens

from .conftest import MARKDOWN_FILES, mistletoe_texts, shared_files, token_dump


def _mistletoe_tokens(content: str) -> Any:
    from mistletoe import span_token, span_tokenizer

    return span_tokenizer.tokenize(content, span_token._token_types)


def _compared(paths: list[Path]) -> list[tuple[str, list[Any], list[Any] | None]]:
    """Every inline string mistletoe tokenises in these files, with mistletoe's tokens and the
    fast path's (None where it declines), both taken during the parse, where the document's
    reference definitions are known."""
    from mistletoe import Document, span_token

    seen: list[tuple[str, list[Any], list[Any] | None]] = []

    def record(content: str) -> Any:
        reference = _mistletoe_tokens(content)
        fast = simple_tokens(content)
        seen.append((content, token_dump(reference), None if fast is None else token_dump(fast)))
        return reference

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


def _check(paths: list[Path]) -> int:
    covered = 0
    for content, reference, fast in _compared(paths):
        if fast is not None:
            covered += 1
            assert fast == reference, content
    return covered


def test_fixtures_tokenise_as_mistletoe_does() -> None:
    assert _check(MARKDOWN_FILES) > 100  # and the fast path is actually taken


def test_shared_lists_tokenise_as_mistletoe_does() -> None:
    paths = shared_files("seeds") + shared_files("corpus")
    if not paths:
        pytest.skip("../shared not present")
    assert _check(paths) > 1000


@pytest.mark.parametrize(
    ("content", "kinds"),
    [
        ("[CLIP](https://arxiv.org/abs/2103.00020) - Radford et al.", ["Link", "RawText"]),
        (
            "Title [[Paper](https://a.b/c_d?x=1&y=2)] [[Code](https://github.com/a/b)]",
            ["RawText", "Link", "RawText", "Link", "RawText"],
        ),
        ("[![Stars](https://img.shields.io/x.svg)](https://github.com/a/b)", ["Link"]),
        (
            "![](logo.png) `Google` `2010`",
            ["Image", "RawText", "InlineCode", "RawText", "InlineCode"],
        ),
        ("Wow! a plain line (with parentheses)", ["RawText"]),
        ("[2023/10] [Title](https://a.b) (from SDSU)", ["RawText", "Link", "RawText"]),
        (
            "HyenaDNA [[Paper]](https://a.b) [[Code]](https://c.d)",
            ["RawText", "Link", "RawText", "Link"],
        ),
        ("**[Skeleton-of-Thought](https://arxiv.org/abs/2307.15337)** ICLR", ["Strong", "RawText"]),
    ],
)
def test_common_forms_take_the_fast_path(content: str, kinds: list[str]) -> None:
    with md.markdown_session():
        tokens = simple_tokens(content)
        assert tokens is not None
        assert [type(token).__name__ for token in tokens] == kinds
        assert token_dump(tokens) == token_dump(_mistletoe_tokens(content))


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
    ],
)
def test_other_forms_are_left_to_mistletoe(content: str) -> None:
    with md.markdown_session():
        fast = simple_tokens(content)
        if fast is not None:  # only where it provably gives mistletoe's answer
            assert token_dump(fast) == token_dump(_mistletoe_tokens(content))


_PIECES = st.sampled_from(
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
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_generated_strings_tokenise_as_mistletoe_does(content: str) -> None:
    with md.markdown_session(), _defined("[x]: /defined\n"):  # "[x]" and "[X]" are references
        fast = simple_tokens(content)
        if fast is not None:
            assert token_dump(fast) == token_dump(_mistletoe_tokens(content))


@pytest.mark.parametrize("content", ["[2023/10] [Title](https://a.b)", "[[2023/10]](https://a.b)"])
def test_a_defined_label_is_left_to_mistletoe(content: str) -> None:
    with md.markdown_session():
        assert simple_tokens(content) is not None  # no definition: plain text
        with _defined("[2023/10]: https://defined.example\n"):
            assert simple_tokens(content) is None  # now "[2023/10]" is a reference link
