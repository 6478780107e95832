"""Stage 1: bytes → text.

Everything about encodings happens here, once, before any Markdown is read: BOMs, UTF-16/32,
invalid bytes, line endings, NUL bytes and mojibake. Later stages see clean ``str`` with ``\\n``
line ends and can report line numbers that match what an editor shows.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Diagnostic

__all__ = ["Decoded", "NotMarkdownError", "decode"]


class NotMarkdownError(ValueError):
    """The input is binary data (an image, an archive, ...), not a Markdown text file."""


@dataclass
class Decoded:
    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
)

# UTF-8 read as GBK turns each punctuation mark, accent or emoji into one to three CJK
# characters (’ E2 80 99 → 鈥 + the next byte, ° C2 B0 → 掳, ， EF BC 8C → 锛 + …); a mark whose
# last byte met a space or digit lost it for good (鈥?), and U+FFFD shows as 锟斤拷.
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")
_GBK_LOST = re.compile("鈥[?？\ufffd]|锟斤拷")
_GBK_WINDOW = 3
"""CJK characters one UTF-8 character can become when read as GBK (an emoji: 2, ’s: 2)."""
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
"""A UTF-8 multi-byte character: what a run's GBK bytes must hold for any window to restore."""
# What ftfy's badness test (``ftfy.badness.BADNESS_RE``) can match: a C1 control, one of
# Œ œ Ã Â, or two adjacent characters of its mojibake alphabet, not both of them "common"
# punctuation (NBSP, soft hyphen, ´ · – — ― ’ …). The alphabet lies in these blocks:
# Latin-1 Supplement to Spacing Modifiers, Greek and Cyrillic, General Punctuation to
# Miscellaneous Technical, box drawing to geometric shapes, and a few singles. Lists whose
# accents, dashes and quotes stand alone (most of them) never need ftfy, which costs ~0.1 s to
# import, nor do Chinese lists' —— and …… unless a curly quote touches them. tests/test_decode.py
# checks the claim against the installed ftfy's pattern, and this pattern against the claim.
_MOJIBAKE_ALPHABET = "\u0080-\u02ff\u0370-\u04ff\u2000-\u23ff\u2500-\u25ff\uf8ff\ufb00-\ufb4f\ufffd"
_MOJIBAKE_COMMON = "\u00a0\u00ad\u00b4\u00b7\u2013-\u2015\u2019\u2026"
_MOJIBAKE_POSSIBLE = re.compile(
    f"[\x80-\x9f\u0152\u0153\u00c2\u00c3]|(?![{_MOJIBAKE_COMMON}]{{2}})[{_MOJIBAKE_ALPHABET}]{{2}}"
)
# C0 controls but tab and line feed, DEL and C1 controls (checked after mojibake repair, which
# needs the C1 images of cp1252 bytes). NUL is handled on its own, before.
_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f]")
_C0_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BINARY_CONTROLS = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32)])


def decode(data: bytes | str, *, repair: bool = True) -> Decoded:
    """Turn raw input into ``\\n``-terminated text, reporting every repair as a diagnostic.

    Never raises for text: only :class:`NotMarkdownError`, for bytes that are an image, an
    archive or other binary data.
    """
    diagnostics: list[Diagnostic] = []
    if isinstance(data, (bytes, bytearray, memoryview)):
        text = _decode_bytes(bytes(data), diagnostics)
    else:
        text = data[1:] if data.startswith("\ufeff") else data
        if not text.isascii() and _SURROGATE.search(text):
            text = _replace_surrogates(text, diagnostics)
    text = _fold_line_endings(text)
    if "\x00" in text:
        text = _replace_nul(text, diagnostics)
    if not text.isascii():
        text = _mojibake(text, diagnostics, repair=repair)
    # C1 controls are part of some mojibake (UTF-8 read as Latin-1); --no-repair keeps them.
    controls = _CONTROL if repair else _C0_CONTROL
    if controls.search(text):
        text = _replace_controls(text, diagnostics, controls)
    return Decoded(text, diagnostics)


def _decode_bytes(data: bytes, diagnostics: list[Diagnostic]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_wide(data[len(bom) :], encoding, diagnostics)
    guessed = _utf16_without_bom(data)
    if guessed is not None:
        return _decode_wide(data, guessed, diagnostics)
    _reject_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    lines = _lines_with_replacement(data)
    shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
    diagnostics.append(
        Diagnostic(
            code="invalid-utf8",
            severity="warning",
            message=f"invalid UTF-8 bytes replaced with U+FFFD on {len(lines)} line(s): {shown}",
            line=lines[0] if lines else None,
        )
    )
    return text


def _decode_wide(data: bytes, encoding: str, diagnostics: list[Diagnostic]) -> str:
    """Decode text that announced its encoding (a BOM); broken units are replaced and reported."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        text = data.decode(encoding, errors="replace")
        diagnostics.append(
            Diagnostic(
                # The code lint knows for undecodable input (its rule AP402 invalid-encoding).
                code="invalid-utf8",
                severity="warning",
                message=f"invalid {encoding.upper()} data replaced with U+FFFD "
                f"({error.reason}); first on line {line}",
                line=line,
            )
        )
        return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text whose every other byte is NUL (ASCII-range UTF-16)."""
    head = data[:4096]
    if len(head) < 8 or len(head) % 2 or head.count(0) * 10 < len(head) * 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) * 10 >= len(odd) * 9 and even.count(0) * 10 < len(even):
        encoding = "utf-16-le"
    elif even.count(0) * 10 >= len(even) * 9 and odd.count(0) * 10 < len(odd):
        encoding = "utf-16-be"
    else:
        return None
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _lines_with_replacement(data: bytes) -> list[int]:
    bad: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def _reject_binary(data: bytes) -> None:
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise NotMarkdownError(f"not a Markdown text file: looks like {what}")
    head = data[:8192]
    if head.count(b"\x00") > max(8, len(head) // 100):
        raise NotMarkdownError("not a Markdown text file: binary data (many NUL bytes)")
    # Text has tabs and line ends among its C0 bytes and little else; random or compressed
    # data has about one control byte in nine.
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if len(head) >= 64 and controls * 20 > len(head):
        raise NotMarkdownError(
            f"not a Markdown text file: binary data ({controls} control bytes "
            f"in the first {len(head)})"
        )


def _fold_line_endings(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _replace_nul(text: str, diagnostics: list[Diagnostic]) -> str:
    line = text.count("\n", 0, text.index("\x00")) + 1
    diagnostics.append(
        Diagnostic(
            code="control-character",
            severity="warning",
            message=f"{text.count(chr(0))} NUL byte(s) replaced with U+FFFD",
            line=line,
        )
    )
    return text.replace("\x00", "\ufffd")


def _replace_surrogates(text: str, diagnostics: list[Diagnostic]) -> str:
    """Lone surrogates (from ``surrogateescape`` or broken UTF-16) cannot be written as UTF-8."""
    first = _SURROGATE.search(text)
    assert first is not None
    diagnostics.append(
        Diagnostic(
            # Lone surrogates are what surrogateescape makes of invalid UTF-8 bytes.
            code="invalid-utf8",
            severity="warning",
            message=f"{len(_SURROGATE.findall(text))} lone surrogate code point(s) replaced "
            "with U+FFFD",
            line=text.count("\n", 0, first.start()) + 1,
            column=first.start() - text.rfind("\n", 0, first.start()),
        )
    )
    return _SURROGATE.sub("\ufffd", text)


def _replace_controls(
    text: str, diagnostics: list[Diagnostic], controls: re.Pattern[str] = _CONTROL
) -> str:
    """Control characters mean nothing in Markdown and can drive a terminal that shows a title
    (ESC sequences) or split lines for tools that use ``str.splitlines`` (VT, FF, FS-RS, NEL).
    Vertical tab and form feed become a space, the rest U+FFFD; one diagnostic per document."""
    found = controls.findall(text)
    first = controls.search(text)
    assert first is not None
    line = text.count("\n", 0, first.start()) + 1
    names = sorted({f"U+{ord(c):04X}" for c in found})
    shown = ", ".join(names[:6]) + (" …" if len(names) > 6 else "")
    diagnostics.append(
        Diagnostic(
            code="control-character",
            severity="warning",
            message=f"{len(found)} control character(s) ({shown}) replaced; first on line {line}",
            line=line,
            column=first.start() - text.rfind("\n", 0, first.start()),
        )
    )
    return controls.sub(lambda m: " " if m.group() in "\x0b\x0c" else "\ufffd", text)


def _mojibake(text: str, diagnostics: list[Diagnostic], *, repair: bool) -> str:
    """Repair UTF-8 that was decoded with the wrong codec, line by line, when ftfy is sure.

    ftfy only rewrites text whose badness it can explain as a wrong decode (Mac Roman,
    cp1252, Latin-1 ...), so a correct document is never touched. When most non-ASCII lines
    share one wrong codec, one diagnostic says the whole document was mis-decoded.
    """
    lines = text.split("\n")
    possible = _MOJIBAKE_POSSIBLE.search
    candidates = [i for i, line in enumerate(lines) if not line.isascii() and possible(line)]
    suspects = _suspect_lines(lines, candidates) if candidates else []
    if _CJK.search(text) and _gbk_mojibake(lines, diagnostics, repair=repair):
        text = "\n".join(lines)  # only when a line changed: a copy of a large text is costly
    if not suspects:
        return text
    fixes = _explain_fixes(lines, suspects)
    if not fixes:
        return text
    codecs_used = {codec for _, _, codec in fixes}
    non_ascii_lines = sum(1 for line in lines if not line.isascii())
    verb = "repaired" if repair else "found (not repaired)"
    round_trips: list[tuple[int, str, str]] = []
    if len(fixes) >= 3 and len(codecs_used) == 1 and len(fixes) * 4 >= non_ascii_lines:
        codec = next(iter(codecs_used))
        # ftfy flags only the lines it finds odd; once the document's codec is known, every
        # non-ASCII line that round-trips through it (书生 hides in a harmless-looking line)
        # is repaired the same way. Correct UTF-8 text essentially never round-trips. None
        # does when ftfy's fix was no plain codec ("another codec"): then line by line.
        round_trips = _round_trip_lines(lines, codec)
    if round_trips:
        fixes = round_trips
        diagnostics.append(
            Diagnostic(
                code="mojibake",
                severity="warning",
                message=f"the document is UTF-8 that was decoded as {_codec_name(codec)} and "
                f"saved again; {verb} on {len(fixes)} line(s)",
                line=fixes[0][0] + 1,
            )
        )
    else:
        for index, fixed, codec in fixes:
            before, after = _first_difference(lines[index], fixed)
            diagnostics.append(
                Diagnostic(
                    code="mojibake",
                    severity="warning",
                    message=f"mojibake {verb}: {before!r} → {after!r} "
                    f"(UTF-8 read as {_codec_name(codec)})",
                    line=index + 1,
                    column=lines[index].find(before) + 1 if before else None,
                )
            )
    if not repair:
        return text
    for index, fixed, _ in fixes:
        lines[index] = fixed
    return "\n".join(lines)


def _gbk_mojibake(lines: list[str], diagnostics: list[Diagnostic], *, repair: bool) -> bool:
    """Repair UTF-8 punctuation, accents and emoji that were read as GBK (``Bird鈥檚`` →
    ``Bird’s``, ``360掳`` → ``360°``) in place where the bytes survive, and report every such
    line. True when some line was repaired.

    A window of CJK characters is repaired only when its GBK bytes are valid UTF-8 for marks a
    Chinese text would not spell with those characters (punctuation, Latin-1 signs and
    letters, arrows, emoji): real Chinese words do not decode that way.
    """
    repaired = False
    for index, line in enumerate(lines):
        if line.isascii() or not _CJK.search(line):
            continue
        fixed = _NON_ASCII_RUN.sub(lambda run: _regbk(run.group(), _beside_word(run)), line)
        lost = _GBK_LOST.search(fixed)
        if fixed == line and lost is None:
            continue
        if fixed != line:
            before, after = _first_difference(line, fixed)
            verb = "repaired" if repair else "found (not repaired)"
            message = f"mojibake {verb}: {before!r} → {after!r} (UTF-8 read as GBK)"
            column = line.find(before) + 1 if before else None
        else:
            assert lost is not None
            message = (
                f"text looks like UTF-8 decoded as GBK ({lost.group()!r}); not repaired: the "
                "lost bytes cannot be recovered"
            )
            column = lost.start() + 1
        diagnostics.append(
            Diagnostic(
                code="mojibake", severity="warning", message=message, line=index + 1, column=column
            )
        )
        if repair and fixed != line:
            lines[index] = fixed
            repaired = True
    return repaired


def _beside_word(run: re.Match[str]) -> bool:
    text, start, end = run.string, run.start(), run.end()
    return (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())


def _regbk(run: str, beside_word: bool) -> str:
    """``run`` (non-ASCII characters) with each window that was UTF-8 read as GBK restored.

    One CJK character that stands for one accented letter or sign (``Caf茅``, ``360掳``) is
    restored only when the whole run restores and touches a Latin word or number: in Chinese
    text the same character is just a character (茫 is also ``ã``, 么 ``ô``).
    """
    if _UTF8_SEQUENCE.search(run.encode("gbk", errors="replace")) is None:
        return run  # no window of it can be UTF-8 that was read as GBK
    restored, singles, kept = _restore_windows(run, singles_allowed=beside_word)
    if singles and kept:
        restored, _, _ = _restore_windows(run, singles_allowed=False)
    return restored


def _restore_windows(run: str, *, singles_allowed: bool) -> tuple[str, bool, bool]:
    """The run restored window by window, longest window first; whether a one-character
    window was used, and whether any character was left as it was."""
    out: list[str] = []
    position = 0
    singles = kept = False
    while position < len(run):
        if not _opens_utf8(run[position]):  # no window starting here can be UTF-8
            out.append(run[position])
            position += 1
            kept = True
            continue
        for size in range(min(_GBK_WINDOW, len(run) - position), 0, -1):
            window = run[position : position + size]
            restored = _restored(window) if size > 1 or singles_allowed else None
            if restored is not None:
                out.append(restored)
                position += size
                singles = singles or size == 1
                break
        else:
            out.append(run[position])
            position += 1
            kept = True
    return "".join(out), singles, kept


@lru_cache(maxsize=8192)
def _opens_utf8(char: str) -> bool:
    """Whether ``char``'s first GBK byte is one a UTF-8 multi-byte character starts with."""
    return 0xC2 <= char.encode("gbk", errors="replace")[0] <= 0xF4


def _restored(window: str) -> str | None:
    if not _CJK.search(window):
        return None
    try:
        restored = window.encode("gbk").decode("utf-8")
    except UnicodeError:
        return None
    marks = [char for char in restored if not char.isascii()]
    # One character per window (and the ASCII one its last byte may have swallowed).
    return restored if len(marks) == 1 and _plausible_mark(marks[0]) else None


def _plausible_mark(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x80
        or 0xA0 <= code <= 0xFF  # Latin-1 signs and letters
        or 0x2000 <= code <= 0x2BFF  # punctuation, arrows, symbols, dingbats
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # fullwidth forms
        or 0x1F000 <= code <= 0x1FAFF  # emoji
    )


def _suspect_lines(lines: list[str], candidates: list[int]) -> list[int]:
    from ftfy import badness

    return [i for i in candidates if badness.is_bad(lines[i])]


def _explain_fixes(lines: list[str], suspects: list[int]) -> list[tuple[int, str, str]]:
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )
    fixes: list[tuple[int, str, str]] = []
    for index in suspects:
        fixed, steps = ftfy.fix_and_explain(lines[index], config=config)
        if fixed == lines[index] or "\n" in fixed:
            continue
        codec = next((arg for op, arg in steps or () if op == "encode"), "another codec")
        fixes.append((index, fixed, codec))
    return fixes


def _round_trip_lines(lines: list[str], codec: str) -> list[tuple[int, str, str]]:
    fixes: list[tuple[int, str, str]] = []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            fixed = line.encode(codec).decode("utf-8")
        except (UnicodeError, LookupError):
            continue
        if fixed != line:
            fixes.append((index, fixed, codec))
    return fixes


def _codec_name(codec: str) -> str:
    return {
        "macroman": "Mac Roman",
        "sloppy-windows-1252": "cp1252",
        "windows-1252": "cp1252",
        "latin-1": "Latin-1",
    }.get(codec, codec)


def _first_difference(before: str, after: str) -> tuple[str, str]:
    """The shortest word-sized window where the two strings differ, for a readable message."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b -= 1
        end_a -= 1
    while start > 0 and before[start - 1].isalnum():
        start -= 1
    while end_b < len(before) and before[end_b].isalnum():
        end_b += 1
        end_a += 1
    return before[start:end_b], after[start:end_a]
