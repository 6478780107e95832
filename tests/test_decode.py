"""Stage 1: bytes → text. Encodings, line endings and mojibake, reported as diagnostics."""

from __future__ import annotations

import codecs

import pytest

from awesome_parse.decode import NotMarkdownError, decode

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


def test_gbk_mojibake_is_reported_not_repaired() -> None:
    decoded = decode("# L\n\n- It鈥檚 a list\n")
    assert decoded.text == "# L\n\n- It鈥檚 a list\n"
    assert [(d.code, d.line) for d in decoded.diagnostics] == [("mojibake", 3)]
