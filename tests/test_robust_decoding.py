"""Hostile and broken bytes at the boundary: every text decodes, every repair is reported.

tests/test_decode.py covers the happy paths of :func:`decode`; this module covers what an
attacker, a broken editor or a wrong download produces, mostly through :func:`parse`, so that
what reaches the tree (titles, anchors, lines, raw) is checked too.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import random

import pytest

from awesome_parse import parse
from awesome_parse.decode import NotMarkdownError, decode
from awesome_parse.model import Document
from awesome_parse.parser import ParseError

LIST = "# Liste\n\n## Papers\n\n- [Göttingen 书生](https://example.org/a) - PanGu-α\n- [B](https://b.org)\n"


def codes(doc: Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def entries(doc: Document) -> list:
    return [entry for _, top in doc.walk() for entry in top.walk()]


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF32_BE + LIST.encode("utf-32-be"), id="utf-32-be-bom"),
        pytest.param(LIST.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(LIST.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(bytearray(LIST.encode()), id="bytearray"),
        pytest.param(memoryview(LIST.encode()), id="memoryview"),
    ],
)
def test_more_encodings_give_the_same_document(data: bytes) -> None:
    doc = parse(data)
    assert doc == parse(LIST)
    assert doc.diagnostics == []


def test_broken_utf16_is_replaced_and_reported_with_its_line() -> None:
    data = (
        codecs.BOM_UTF16_LE
        + LIST.encode("utf-16-le")
        + "- x\ud800".encode("utf-16-le", errors="surrogatepass")
        + b"\n"
    )
    doc = parse(data)
    [diagnostic] = [d for d in doc.diagnostics if d.code == "invalid-utf8"]
    assert "UTF-16-LE" in diagnostic.message
    assert diagnostic.line == LIST.count("\n") + 1
    assert [e.title for e in entries(doc)][:2] == ["Göttingen 书生", "B"]


def test_truncated_utf32_is_reported_not_raised() -> None:
    doc = parse(codecs.BOM_UTF32_LE + LIST.encode("utf-32-le")[:-3])
    assert "invalid-utf8" in codes(doc)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(b"\xff\xfe", id="ff-fe"),
        pytest.param(b"\xc3", id="truncated-sequence"),
        pytest.param(b"\xed\xa0\x80", id="encoded-surrogate"),
        pytest.param(b"\xc0\xaf", id="overlong"),
        pytest.param(b"\xf8\x88\x80\x80\x80", id="five-byte"),
    ],
)
def test_invalid_utf8_in_an_entry_keeps_the_entry(bad: bytes) -> None:
    doc = parse(b"# L\n\n- [Bad " + bad + b" title](https://x.org/a)\n- [Good](https://x.org/b)\n")
    [diagnostic] = doc.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("invalid-utf8", 3)
    first, second = entries(doc)
    assert first.url == "https://x.org/a" and "\ufffd" in first.title
    assert second.title == "Good"


def test_invalid_utf8_on_many_lines_lists_the_first_ten() -> None:
    data = b"".join(b"- [e%d \xff](https://x.org/%d)\n" % (i, i) for i in range(25))
    [diagnostic] = decode(data).diagnostics
    assert "25 line(s): 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 …" in diagnostic.message
    assert len(entries(parse(data))) == 25


def test_invalid_byte_at_end_of_file_without_newline() -> None:
    doc = parse(b"# L\n\n- [a](https://a.org) \xe2\x80")
    assert codes(doc) == ["invalid-utf8"]
    assert entries(doc)[0].url == "https://a.org"


def test_lone_surrogates_in_str_input_are_replaced_so_every_export_works() -> None:
    from awesome_parse import exporters

    doc = parse("# L\n\n- [a\udcffb](https://a.org)\n")
    assert codes(doc) == ["invalid-utf8"]
    assert entries(doc)[0].title == "a\ufffdb"
    for fmt in exporters.FORMATS:
        exporters.export(doc, fmt)  # would raise UnicodeEncodeError on a surrogate


# --- line endings and line numbers ----------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\r\r\n"])
def test_line_endings_keep_line_numbers(newline: str) -> None:
    text = "# L\n\n## S\n\n- [a](https://a.org)\n- [b](https://b.org)\n"
    expected = [(e.title, e.line) for e in entries(parse(text))]
    doc = parse(text.replace("\n", newline).encode())
    if newline == "\r\r\n":  # CR then CRLF: two line breaks, every line number doubles
        expected = [(title, line * 2 - 1) for title, line in expected]
    assert [(e.title, e.line) for e in entries(doc)] == expected
    assert all("\r" not in e.raw for e in entries(doc))


@pytest.mark.parametrize(
    "separator",
    [
        pytest.param("\u2028", id="line-separator"),
        pytest.param("\u2029", id="paragraph-separator"),
        pytest.param("\x1c", id="file-separator"),
        pytest.param("\x0c", id="form-feed"),
        pytest.param("\x0b", id="vertical-tab"),
    ],
)
def test_characters_str_splitlines_breaks_at_do_not_shift_lines(separator: str) -> None:
    # mistletoe split its input with str.splitlines(): every entry after such a character got
    # a wrong line number and an empty raw.
    text = f"# L\n\nsome{separator}prose{separator}here\n\n- [a](https://a.org) one\n- [b](https://b.org)\n"
    doc = parse(text)
    first, second = entries(doc)
    assert (first.line, second.line) == (5, 6)
    assert first.raw == "- [a](https://a.org) one"
    assert second.raw == "- [b](https://b.org)"


# --- control characters ---------------------------------------------------------------------


def test_nul_inside_a_link_keeps_the_link() -> None:
    doc = parse(b"# L\n\n- [A\x00B](https://a.org/x)\n")
    assert codes(doc) == ["control-character"]
    [entry] = entries(doc)
    assert entry.url == "https://a.org/x"
    assert entry.title == "A\ufffdB"


def test_terminal_escapes_and_other_controls_are_replaced_and_reported() -> None:
    data = b"# L\n\n- [Red \x1b[31mtitle\x07](https://a.org) \x7f\x01 text\n"
    doc = parse(data)
    [diagnostic] = doc.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("control-character", 3)
    assert "U+001B" in diagnostic.message
    dumped = doc.model_dump_json()
    assert not any(chr(c) in json.loads(dumped)["sections"].__repr__() for c in (0x1B, 0x07))
    [entry] = entries(doc)
    assert "\x1b" not in entry.title and "\x1b" not in entry.raw
    assert entry.url == "https://a.org"


def test_c1_controls_are_kept_with_no_repair() -> None:
    text = "# L\n\n- caf\xc3\xa9 \x9b1m\n"  # UTF-8 read as Latin-1 keeps C1 bytes
    assert "\x9b" in decode(text, repair=False).text
    assert "\x9b" not in decode(text).text


def test_a_few_control_bytes_do_not_make_a_file_binary() -> None:
    data = ("# L\n\n" + "- [entry](https://x.org) text\n" * 200).encode() + b"\x1b\x01\x02"
    doc = parse(data)
    assert len(entries(doc)) == 200
    assert codes(doc) == ["control-character"]


# --- invisible characters -------------------------------------------------------------------


def test_soft_hyphens_and_zero_width_characters_leave_titles_and_keys_but_stay_in_raw() -> None:
    zw = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    text = (
        f"# Li{zw}st\n\n## Pa{zw}pers\n\n"
        "- [Trans\u00adformer\u200b](https://a.org) - de\u200bscription\n\n"
        f"| Ti{zw}tle | No\u200btes | Ex\u00adtra |\n|---|---|---|\n"
        f"| [T](https://t.org) | n | e{zw}x |\n"
    )
    doc = parse(text)
    assert doc.title == "List"
    [section] = doc.sections
    assert (section.title, section.anchor) == ("Papers", "papers")
    item, row = entries(doc)
    assert item.title == "Transformer"
    assert "\u00ad" in item.raw and "\u200b" in item.raw
    assert row.title == "T" and row.description == "n"
    assert row.extra == {"Extra": "ex"}


# --- mojibake -------------------------------------------------------------------------------


def test_gbk_mojibake_is_reported_with_its_position_and_repaired_unless_asked_not_to() -> None:
    text = "# L\n\n- [It鈥檚 a paper](https://a.org)\n"
    for repair, title in ((True, "It’s a paper"), (False, "It鈥檚 a paper")):
        doc = parse(text, repair=repair)
        [diagnostic] = doc.diagnostics
        assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("mojibake", 3, 4)
        assert entries(doc)[0].title == title


def test_cp1252_word_in_a_correct_document_is_repaired_only_there() -> None:
    text = "# Liste\n\n- [Zürich](https://z.org) 书生\n- [GÃ¶ttingen](https://g.org)\n"
    doc = parse(text)
    assert [e.title for e in entries(doc)] == ["Zürich", "Göttingen"]
    assert [(d.code, d.line) for d in doc.diagnostics] == [("mojibake", 4)]
    kept = parse(text, repair=False)
    assert [e.title for e in entries(kept)] == ["Zürich", "GÃ¶ttingen"]
    assert "not repaired" in kept.diagnostics[0].message


def test_no_repair_on_the_command_line_keeps_the_text(tmp_path, capsys) -> None:
    from awesome_parse.cli import main

    good = (
        "# List\n\n## Papers\n\n- [Göttingen – Zürich](https://x.org)\n"
        "- [DALL·E2](https://d.org)\n- [书生](https://s.org)\n"
    )
    path = tmp_path / "mac.md"
    path.write_bytes(good.encode("utf-8").decode("mac_roman").encode("utf-8"))
    assert main([str(path)]) == 0
    repaired = json.loads(capsys.readouterr().out)
    assert repaired["sections"][0]["entries"][0]["title"] == "Göttingen – Zürich"
    assert main([str(path), "--no-repair"]) == 0
    kept = json.loads(capsys.readouterr().out)
    assert kept["sections"][0]["entries"][0]["title"] == "G√∂ttingen ‚Äì Z√ºrich"
    assert {d["code"] for d in kept["diagnostics"]} == {"mojibake"}


# --- binary input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x1f\x8b\x08\x00" + bytes(range(256)), id="gzip"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", id="pdf"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 9, id="elf"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", id="gif"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", id="jpeg"),
        pytest.param(random.Random(1).randbytes(20_000), id="random-bytes"),
        pytest.param(b"ustar" + b"\x00" * 1000, id="many-nuls"),
    ],
)
def test_binary_data_is_a_clear_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match="not a Markdown text file"):
        parse(data, source="x.md")
    with pytest.raises(NotMarkdownError):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\n" * 1000, b" \t\n" * 1000, b"\x00"],
)
def test_empty_and_near_empty_inputs_give_an_empty_document(data: bytes) -> None:
    doc = parse(data)
    assert doc.title is None and list(doc.walk()) == [] and doc.sections == []


def test_random_bytes_never_raise_anything_but_parse_error() -> None:
    rng = random.Random(7)
    for _ in range(200):
        data = rng.randbytes(rng.randrange(0, 300))
        with contextlib.suppress(ParseError):
            parse(data)


def test_os_urandom_file_through_the_cli(tmp_path, capsys) -> None:
    from awesome_parse.cli import main

    path = tmp_path / "noise.md"
    path.write_bytes(os.urandom(4096))
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a Markdown text file" in err and err.count("\n") == 1
