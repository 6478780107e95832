"""Stage 1: bytes → text. Encodings, line endings and mojibake, reported as diagnostics."""

from __future__ import annotations

import codecs
import functools
import re
from itertools import pairwise
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from ftfy import badness
from hypothesis import given
from hypothesis import strategies as st

from awesome_parse.decode import (
    _MOJIBAKE_ALPHABET,
    _MOJIBAKE_COMMON,
    _MOJIBAKE_POSSIBLE,
    NotMarkdownError,
    decode,
)

from .conftest import run_python

TEXT = "# Liste\n\n- [Göttingen 书生](https://example.org/a) — PanGu-α, DALL·E2\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), id="utf-32-le"),
        pytest.param("\ufeff" + TEXT, id="str-with-bom"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes | str) -> None:
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.diagnostics == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_are_folded(newline: str) -> None:
    assert decode(TEXT.replace("\n", newline).encode()).text == TEXT


def test_invalid_utf8_is_replaced_and_reported_with_its_line() -> None:
    decoded = decode(b"# ok\n\nbad \xff\xfe byte\nfine\n")
    assert "\ufffd" in decoded.text
    [diagnostic] = decoded.diagnostics
    assert diagnostic.code == "invalid-utf8"
    assert diagnostic.line == 3


def test_nul_bytes_are_replaced_and_reported() -> None:
    decoded = decode(b"# a\n\nb\x00c\n")
    assert decoded.text == "# a\n\nb\ufffdc\n"
    assert [d.code for d in decoded.diagnostics] == ["control-character"]
    assert decoded.diagnostics[0].line == 3


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, id="png"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 64, id="zip"),
        pytest.param(b"\x00\x01\x02\x03" * 500, id="binary"),
    ],
)
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(NotMarkdownError, match="not a Markdown text file"):
        decode(data)


MAC_ROMAN_LINES = [
    "| 2023 | 书生 | - |",
    "| 2021 | PanGu-α | Large-scale Chinese model |",
    "| 2022 | DALL·E2 | Hierarchical generation |",
    "- [Back to HOME🏠](../README.md)",
]


def test_whole_document_mac_roman_mojibake_is_repaired_once_and_reported() -> None:
    good = "# List\n\n" + "\n".join(MAC_ROMAN_LINES) + "\n"
    broken = good.encode("utf-8").decode("mac_roman")
    decoded = decode(broken.encode("utf-8"))
    assert decoded.text == good
    [diagnostic] = decoded.diagnostics
    assert diagnostic.code == "mojibake"
    assert "Mac Roman" in diagnostic.message


def test_repair_can_be_switched_off_but_is_still_reported() -> None:
    good = "# List\n\n" + "\n".join(MAC_ROMAN_LINES) + "\n"
    broken = good.encode("utf-8").decode("mac_roman")
    decoded = decode(broken, repair=False)
    assert decoded.text == broken
    assert [d.code for d in decoded.diagnostics] == ["mojibake"]
    assert "not repaired" in decoded.diagnostics[0].message


def test_cp1252_fragment_is_repaired_with_its_position() -> None:
    text = "# L\n\n* [Paper](https://x.org) (CVPR, from University of GÃ¶ttingen)\n"
    decoded = decode(text)
    assert "University of Göttingen" in decoded.text
    [diagnostic] = decoded.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("mojibake", 3)
    assert diagnostic.column == text.splitlines()[2].index("GÃ¶ttingen") + 1


@pytest.mark.parametrize(
    "text",
    [
        "Ünïcödé façade naïve café — “quotes” ‘single’ … 中文 😀",
        "Göttingen, Zürich, São Paulo, Kraków, Ærø",
        "PanGu-α DALL·E2 書生 ½ ° ± µ",
    ],
)
def test_correct_text_is_never_touched(text: str) -> None:
    decoded = decode(text + "\n")
    assert decoded.text == text + "\n"
    assert decoded.diagnostics == []


@pytest.mark.parametrize(
    ("garbled", "meant"),
    [
        ("Bird鈥檚 eye", "Bird’s eye"),  # ’ E2 80 99 + 's' → 鈥 + 檚
        ("a 360掳 view", "a 360° view"),  # ° C2 B0 → 掳
        ("Caf茅 au lait", "Café au lait"),
        ("模型锛孾[Code]]", "模型，[[Code]]"),  # ， EF BC 8C + '[' → 锛 + 孾
        ("馃敟 new", "🔥 new"),  # an emoji: F0 9F 94 A5 → 馃 + 敟
    ],
)
def test_gbk_mojibake_is_repaired_where_the_bytes_survive(garbled: str, meant: str) -> None:
    decoded = decode(f"# L\n\n- {garbled}\n")
    assert decoded.text == f"# L\n\n- {meant}\n"
    [diagnostic] = decoded.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("mojibake", 3)
    assert "GBK" in diagnostic.message
    kept = decode(f"# L\n\n- {garbled}\n", repair=False)
    assert kept.text == f"# L\n\n- {garbled}\n"
    assert "not repaired" in kept.diagnostics[0].message


def test_gbk_mojibake_whose_bytes_are_lost_is_reported_not_repaired() -> None:
    decoded = decode("# L\n\n- It鈥? a list\n")  # ’ met a space: its last byte is gone
    assert decoded.text == "# L\n\n- It鈥? a list\n"
    assert [(d.code, d.line) for d in decoded.diagnostics] == [("mojibake", 3)]


@pytest.mark.parametrize(
    "chinese",
    ["中文模型和数据集", "茫茫 data", "a什么样的图像才是好的", "清华大学 北京 深度学习 强化学习"],
)
def test_chinese_text_is_not_taken_for_gbk_mojibake(chinese: str) -> None:
    decoded = decode(f"- {chinese}\n")
    assert decoded.text == f"- {chinese}\n"
    assert decoded.diagnostics == []


# --- when ftfy is needed at all ------------------------------------------------------------

_IN_ALPHABET = re.compile(f"[{_MOJIBAKE_ALPHABET}]")
_IN_COMMON = re.compile(f"[{_MOJIBAKE_COMMON}]")


def _common(chars: set[str]) -> bool:
    """Whether a pattern item can match one of the common marks whose pairs the prefilter
    ignores."""
    return any(map(_IN_COMMON.match, chars))


# Context characters standing for every ASCII class ftfy's pattern names around its alphabet.
_ASCII_CONTEXTS = ("", "a", "Z", " ", ".", "!", "1", "_", "#", "\t")


_PATTERN = _parser.parse(badness.BADNESS_RE.pattern, badness.BADNESS_RE.flags)
"""ftfy's badness pattern, parsed: a sequence of (operator, argument) items."""


def _item_chars(op: object, arg: Any) -> set[str] | None:
    """The characters one pattern item matches when it is exactly one character of a known
    set (a literal or a class of literals and ranges), else None."""
    if op is sre.LITERAL:
        return {chr(arg)}
    if op is not sre.IN:
        return None
    found: set[str] = set()
    for kind, value in arg:
        if kind is sre.LITERAL:
            found.add(chr(value))
        elif kind is sre.RANGE:
            found.update(map(chr, range(value[0], value[1] + 1)))
        else:  # a category or a negation: not a known set
            return None
    return found


@functools.cache
def _pattern_alphabet() -> frozenset[str]:
    """Every non-ASCII character named anywhere in the pattern."""
    found: set[str] = set()

    def walk(items: Any) -> None:
        for op, arg in items:
            if op is sre.LITERAL:
                found.add(chr(arg))
            elif op is sre.RANGE:
                found.update(map(chr, range(arg[0], arg[1] + 1)))
            elif op is sre.IN:
                walk(arg)
            elif op is sre.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op is sre.SUBPATTERN:
                walk(arg[-1])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(arg[2])
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(arg[1])

    walk(_PATTERN)
    return frozenset(char for char in found if not char.isascii())


def test_the_mojibake_alphabet_covers_every_character_ftfy_looks_for() -> None:
    alphabet = _pattern_alphabet()
    assert len(alphabet) > 300  # the walk really read the pattern
    assert sorted(char for char in alphabet if not _IN_ALPHABET.match(char)) == []


def test_every_branch_of_ftfys_pattern_needs_what_the_prefilter_finds() -> None:
    """The proof: each alternative of the pattern holds a character that only a trigger can
    match, or two consecutive one-character items whose characters all lie in the alphabet
    and one of which never matches a common punctuation mark, so every match contains
    something the prefilter finds."""
    # Case-insensitive matching would widen every item beyond the characters it names.
    assert badness.BADNESS_RE.flags & ~(re.VERBOSE | re.UNICODE) == 0
    [(op, arg)] = list(_PATTERN)
    assert op is sre.BRANCH
    branches = arg[1]
    assert len(branches) > 20  # the parse really split the alternatives
    unproven = []
    for branch in branches:
        sets = [_item_chars(item_op, item_arg) for item_op, item_arg in branch]
        trigger = any(s and all(_MOJIBAKE_POSSIBLE.fullmatch(c) for c in s) for s in sets)
        pair = any(
            a and b and all(map(_IN_ALPHABET.match, a | b)) and not (_common(a) and _common(b))
            for a, b in pairwise(sets)
        )
        if not (trigger or pair):
            unproven.append(branch)
    assert unproven == []


def test_the_prefilter_finds_every_alphabet_pair_but_two_common_marks() -> None:
    """What the proof above assumes of the prefilter, checked pair by pair."""
    alphabet = sorted(_pattern_alphabet())
    wrong = [
        a + b
        for a in alphabet
        for b in alphabet
        if bool(_MOJIBAKE_POSSIBLE.fullmatch(a + b))
        == bool(_IN_COMMON.match(a) and _IN_COMMON.match(b))
    ]
    assert wrong == []


def test_a_document_whose_fixes_name_no_codec_is_repaired_line_by_line() -> None:
    # ftfy explains this fix as "decode_inconsistent_utf8", not as one codec: the whole-document
    # path has no codec to round-trip through (this raised IndexError before).
    decoded = decode("- GÃ¶ttingen â\xadï¸\n" * 3)
    assert decoded.text.count("Göttingen") == 3
    assert [d.line for d in decoded.diagnostics if d.code == "mojibake"] == [1, 2, 3]


def test_arabic_mojibake_beside_common_marks_is_repaired() -> None:
    broken = "مشمش".encode().decode("cp1252")  # 'Ù…Ø´Ù…Ø´': ellipsis and Ø side by side
    assert decode(f"- {broken} {broken} {broken}\n").text == "- مشمش مشمش مشمش\n"


def test_a_lone_alphabet_character_never_looks_bad_to_ftfy_unless_we_look_too() -> None:
    """One non-ASCII character amid ASCII: ftfy flags only those we always send to it."""
    named = _pattern_alphabet()
    others = {chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF} - named
    texts = [
        before + char + after
        for char in named
        for before in _ASCII_CONTEXTS
        for after in _ASCII_CONTEXTS
    ]
    texts += [f"{before}{char}{after}" for char in others for before in "a " for after in "a "]
    assert [t for t in texts if not _MOJIBAKE_POSSIBLE.search(t) and badness.is_bad(t)] == []


@pytest.mark.parametrize("other", ["中", "ー", "\u3000", "⭐", "⚙", "\ufe0f", "\u200d", "😀", "ش"])
def test_an_alphabet_character_next_to_another_script_never_looks_bad(other: str) -> None:
    alphabet = sorted(_pattern_alphabet())
    missed = [
        text
        for char in alphabet
        for text in (char + other, other + char, f"a{char}{other}a", f" {other}{char} ")
        if not _MOJIBAKE_POSSIBLE.search(text) and badness.is_bad(text)
    ]
    assert missed == []


_MIXED = st.text(
    alphabet=st.sampled_from(sorted(_pattern_alphabet()) + list("aZ .!1_#\t中ー⭐\ufe0f😀ش")),
    max_size=12,
)


@given(_MIXED)
def test_whatever_ftfy_flags_is_sent_to_it(text: str) -> None:
    assert not badness.is_bad(text) or _MOJIBAKE_POSSIBLE.search(text)


def test_a_typical_list_is_decoded_without_importing_ftfy() -> None:
    text = (
        "# Liste — naïve café\n\n- [Göttingen](https://a.org) ⭐️ 中文 😀 “x” it’s\n"
        "- 工业智能大模型——章鱼智脑……\n"
    )
    code = (
        "import sys; from awesome_parse.decode import decode\n"
        f"assert decode({text!r}).text == {text!r}\n"
        "print('ftfy' in sys.modules)"
    )
    assert run_python(code).stdout.strip() == "False"
