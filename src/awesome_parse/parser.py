"""The pipeline's front door: bytes or text → :class:`~awesome_parse.model.Document`.

decode (encodings, line endings, mojibake) → front matter → mistletoe tokens → tree.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

from ._collector import collector_paused
from ._paths import shown_path
from .decode import NotMarkdownError, decode
from .model import Diagnostic, Document

__all__ = ["ParseError", "parse", "parse_file", "parse_source", "read_input"]


class ParseError(Exception):
    """The input cannot be read as a Markdown list (missing, unreadable or binary)."""


MAX_INPUT_BYTES = 512 * 2**20
"""Larger inputs are refused: the biggest real awesome lists are a few hundred KB."""

_FRONT_MATTER_END = ("---", "...")
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def parse(text: str | bytes, *, source: str | None = None, repair: bool = True) -> Document:
    """Parse an awesome list. Bytes are decoded here (UTF-8/16/32, BOM, invalid bytes);
    ``repair=False`` keeps mojibake as decoded (it is still reported).

    Raises :class:`ParseError` only for binary input; anything textual gives a Document.
    """
    return parse_source(text, source=source, repair=repair)[0]


def parse_source(
    text: str | bytes, *, source: str | None = None, repair: bool = True
) -> tuple[Document, str]:
    """Like :func:`parse`, also returning the normalised text the lines and columns refer to
    (decoded, line endings folded, mojibake repaired) — what lint reports positions in."""
    try:
        decoded = decode(text, repair=repair)
    except NotMarkdownError as error:
        raise ParseError(f"{source or '<input>'}: {error}") from None
    body, front_matter, not_front_matter = split_front_matter(decoded.text)
    doc = _build(decoded.text, body, source, front_matter)
    doc.diagnostics[:0] = decoded.diagnostics
    if not_front_matter is not None:
        doc.diagnostics.insert(len(decoded.diagnostics), not_front_matter)
    return doc, decoded.text


def parse_file(path: str | os.PathLike[str], *, repair: bool = True) -> Document:
    """Read and parse one file; errors name the file. The document's ``source`` is the path,
    undecodable bytes of its name escaped (``\\xff``)."""
    return parse_source(read_input(path), source=shown_path(path), repair=repair)[0]


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or a :class:`ParseError` that names the file and the problem.

    Opened without blocking and checked before reading: a FIFO would otherwise wait forever
    for a writer, a device never ends (read stdin with ``-`` instead)."""
    name = shown_path(path)
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with open(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise ParseError(f"{name}: not a regular file but {_file_kind(mode)}")
            data = handle.read(MAX_INPUT_BYTES + 1)
    except IsADirectoryError:
        raise ParseError(f"{name}: is a directory, expected a Markdown file") from None
    except FileNotFoundError:
        raise ParseError(f"{name}: no such file") from None
    except PermissionError:
        raise ParseError(f"{name}: permission denied") from None
    except OSError as error:
        raise ParseError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ParseError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; not an awesome list")
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe; to read a pipe, give '-' and redirect it to stdin)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def split_front_matter(text: str) -> tuple[str, dict[str, Any], Diagnostic | None]:
    """Blank out a leading ``---`` block (line numbers kept) and read its ``key: value`` lines.

    Only a block with at least one ``key: value`` line is front matter: a list that merely opens
    with a thematic break keeps its text (with a diagnostic saying why it was not taken)."""
    if not text.startswith("---\n"):
        return text, {}, None
    lines = text.split("\n")
    for index in range(1, min(len(lines), 500)):
        if lines[index].strip() in _FRONT_MATTER_END:
            block = lines[1:index]
            if not any(_KEY_VALUE.match(line) for line in block):
                return text, {}, _not_front_matter(index + 1)
            meta = _read_front_matter(block)
            return "\n" * (index + 1) + "\n".join(lines[index + 1 :]), meta, None
    return text, {}, None


def _not_front_matter(closing_line: int) -> Diagnostic:
    return Diagnostic(
        code="front-matter-without-keys",
        severity="info",
        message=f"lines 1-{closing_line} are fenced by '---' like front matter but have no "
        "'key: value' line; they were read as Markdown",
        line=1,
    )


def _read_front_matter(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    key = None
    for line in lines:
        match = _KEY_VALUE.match(line)
        if match:
            key, value = match.group(1), match.group(2).strip()
            meta[key] = _scalar(value) if value else []
        elif key is not None and line.strip().startswith("- ") and isinstance(meta[key], list):
            meta[key].append(_scalar(line.strip()[2:].strip()))
    return meta


def _scalar(value: str) -> Any:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):
        return [_scalar(v.strip()) for v in value[1:-1].split(",") if v.strip()]
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if re.fullmatch(r"-?\d{1,18}", value):
        return int(value)
    return value


def _build(text: str, body: str, source: str | None, front_matter: dict[str, Any]) -> Document:
    from . import markdown as md
    from .read import build_document
    from .read.citation import read_citations

    # Garbage collection finds nothing to free in a fresh token tree but costs ~20 % of a
    # large parse; pause it for the duration.
    with collector_paused():
        with md.markdown_session():
            tokens, clamped = md.parse_document(body)
            doc = build_document(text, tokens, source=source, front_matter=front_matter)
            del tokens  # the token tree is freed before the citation pass needs memory
        read_citations(doc)
    if clamped:
        doc.diagnostics.append(
            Diagnostic(
                code="nesting-too-deep",
                severity="warning",
                message="lists or block quotes nest deeper than the parser follows; the text past "
                "the limit was kept but read as flat",
                line=None,
            )
        )
    return doc
