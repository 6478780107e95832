"""Stage 1: bytes → text.

Everything about encodings happens here, once, before any Markdown is read: BOMs, UTF-16/32,
invalid bytes, line endings, NUL bytes and mojibake. Later stages see clean ``str`` with ``\\n``
line ends and can report line numbers that match what an editor shows.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

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

# Characters that never appear in healthy Markdown but are left by a wrong decode: C1 controls,
# the Mac Roman / cp1252 images of UTF-8 lead bytes, and the GBK image of U+2019 etc.
_GBK_MOJIBAKE = re.compile("鈥[檚櫣渀溾攢搴�]|锟斤拷")


def decode(data: bytes | str, *, repair: bool = True) -> Decoded:
    """Turn raw input into ``\\n``-terminated text, reporting every repair as a diagnostic."""
    diagnostics: list[Diagnostic] = []
    if isinstance(data, bytes):
        text = _decode_bytes(data, diagnostics)
    else:
        text = data[1:] if data.startswith("\ufeff") else data
    text = _fold_line_endings(text)
    if "\x00" in text:
        text = _replace_nul(text, diagnostics)
    if not text.isascii():
        text = _mojibake(text, diagnostics, repair=repair)
    return Decoded(text, diagnostics)


def _decode_bytes(data: bytes, diagnostics: list[Diagnostic]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
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


def _mojibake(text: str, diagnostics: list[Diagnostic], *, repair: bool) -> str:
    """Repair UTF-8 that was decoded with the wrong codec, line by line, when ftfy is sure.

    ftfy only rewrites text whose badness it can explain as a wrong decode (Mac Roman,
    cp1252, Latin-1 ...), so a correct document is never touched. When most non-ASCII lines
    share one wrong codec, one diagnostic says the whole document was mis-decoded.
    """
    from ftfy import badness

    lines = text.split("\n")
    suspects = [i for i, line in enumerate(lines) if not line.isascii() and badness.is_bad(line)]
    gbk = [i for i, line in enumerate(lines) if "鈥" in line and _GBK_MOJIBAKE.search(line)]
    for i in gbk:
        diagnostics.append(
            Diagnostic(
                code="mojibake",
                severity="warning",
                message="text looks like UTF-8 decoded as GBK (e.g. '鈥檚' for '’s'); "
                "not repaired because the lost bytes cannot be recovered",
                line=i + 1,
                column=lines[i].index("鈥") + 1,
            )
        )
    if not suspects:
        return text
    fixes = _explain_fixes(lines, suspects)
    if not fixes:
        return text
    codecs_used = {codec for _, _, codec in fixes}
    non_ascii_lines = sum(1 for line in lines if not line.isascii())
    verb = "repaired" if repair else "found (not repaired)"
    if len(fixes) >= 3 and len(codecs_used) == 1 and len(fixes) * 4 >= non_ascii_lines:
        codec = codecs_used.pop()
        # ftfy flags only the lines it finds odd; once the document's codec is known, every
        # non-ASCII line that round-trips through it (书生 hides in a harmless-looking line)
        # is repaired the same way. Correct UTF-8 text essentially never round-trips.
        fixes = _round_trip_lines(lines, codec)
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
