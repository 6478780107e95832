"""``lint --fix``: apply the fixes findings carry, editing only the bytes each one spans.

A fixable finding holds the text that replaces its span (:attr:`Finding.fix`). The fixer
lints the file *as written* (mojibake not repaired, so positions are those of the file),
applies every non-overlapping fix at once, and lints again until no fix is left: a fix
that overlapped another is applied on the next pass, and fixing the result again changes
nothing. Line endings and a byte-order mark are kept as they were; a file whose text the
parser normalises in other ways (invalid UTF-8, NUL bytes, lone CR line ends) is not
fixed, since positions would not be those of its bytes.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from .config import LintConfig
from .finding import Finding
from .source import SourceText

__all__ = ["FixOutcome", "NotFixable", "apply_fixes", "fix_bytes", "unified_diff", "write_fixed"]

_BOM = b"\xef\xbb\xbf"
_MAX_PASSES = 50
"""A fix never creates a new fixable finding at its own place, so passes stop long before."""


class NotFixable(Exception):
    """The file's bytes are not what lint's positions describe; the message says why."""


@dataclass
class FixOutcome:
    """What fixing one file did: the new bytes and the findings fixed, pass by pass."""

    before: bytes
    after: bytes
    passes: list[list[Finding]] = field(default_factory=list)

    @property
    def fixed(self) -> list[Finding]:
        return [finding for applied in self.passes for finding in applied]

    @property
    def changed(self) -> bool:
        return self.after != self.before


def fix_bytes(data: bytes, *, path: str, config: LintConfig | None = None) -> FixOutcome:
    """Fix ``data`` (a file's bytes) until no fixable finding is left."""
    from awesome_parse.parser import parse_source

    from .check import lint_document

    bom, text, line_ends = _split(data, path)
    outcome = FixOutcome(data, data)
    for _ in range(_MAX_PASSES):
        doc, normalised = parse_source(text, source=path, repair=False)
        if normalised != text:
            raise NotFixable(f"{path}: the parser normalises this text; fix the encoding first")
        findings = lint_document(doc, text, path=path, config=config)
        text, applied = apply_fixes(text, findings)
        if not applied:
            break
        outcome.passes.append(applied)
    outcome.after = bom + _join(text, line_ends).encode("utf-8")
    return outcome


def apply_fixes(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """``text`` with the fixes of ``findings`` applied, and the findings whose fix was
    applied. A fix that overlaps one already taken (or spans lines, or adds one) waits for
    the next pass; a fix that changes nothing is not counted."""
    source = SourceText(text)
    edits: list[tuple[int, int, Finding]] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or "\n" in fix or finding.end_line != finding.line:
            continue
        start = source.offset(finding.line) + finding.column - 1
        end = source.offset(finding.line) + finding.end_column - 1
        if text[start:end] != fix:
            edits.append((start, end, finding))
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    pieces: list[str] = []
    applied: list[Finding] = []
    position = 0
    for start, end, finding in edits:
        if start < position:
            continue
        assert finding.fix is not None
        pieces += [text[position:start], finding.fix]
        applied.append(finding)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), applied


def write_fixed(path: str, data: bytes) -> None:
    """Replace ``path`` with its fixed bytes: the one place ``lint --fix`` writes, through
    the project's output writer (a crash leaves the old file, never half of the new; a
    symbolic link stays a link)."""
    from awesome_parse._output import write_output

    write_output(path, data)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """A ``diff -u`` of the two versions of ``path`` (what ``--fix --diff`` prints)."""
    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _split(data: bytes, path: str) -> tuple[bytes, str, list[str]]:
    """The BOM, the text with ``\\n`` line ends, and each line's own ending."""
    bom = _BOM if data.startswith(_BOM) else b""
    try:
        raw = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotFixable(f"{path}: not valid UTF-8 (byte {error.start}); not fixed") from None
    lines = raw.split("\n")
    ends = ["\r\n" if line.endswith("\r") else "\n" for line in lines[:-1]]
    text = "\n".join(line.removesuffix("\r") for line in lines)
    if "\r" in text:
        raise NotFixable(f"{path}: has carriage returns that end no line; not fixed")
    return bom, text, ends


def _join(text: str, ends: list[str]) -> str:
    lines = text.split("\n")
    assert len(lines) == len(ends) + 1, "fixes never add or remove lines"
    return "".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1]
