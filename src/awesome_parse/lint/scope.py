"""PR mode: keep only the findings a change brought, by diff base or by baseline file.

Both judge a finding by what it is about rather than where it is: the entry it sits in (by
paper id, normalised URL or title) and the text it spans. ``--diff-base`` keeps findings on
lines, or in entries, that changed since the merge base; ``--baseline`` drops findings a
recorded baseline already has, so moving an entry (new line numbers) does not bring its old
findings back, while a new entry with the same defect is still reported.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .finding import Finding

if TYPE_CHECKING:
    from awesome_parse.model import Document, Entry

__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineError",
    "FileView",
    "baseline_json",
    "in_changed_entries",
]

BASELINE_VERSION = 1
_SNIPPET = 120


class BaselineError(Exception):
    """The baseline file cannot be read or is not a baseline."""


class FileView:
    """Which entry each line of one parsed file belongs to."""

    def __init__(self, path: str, doc: Document, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self._innermost: dict[int, Entry] = {}
        self._top: dict[int, tuple[int, int]] = {}
        for _, top in doc.walk():
            span = (top.line, max(top.end_line, top.line))
            for line in range(span[0], span[1] + 1):
                self._top.setdefault(line, span)
        for _, entry in doc.walk_all():  # parents first, so children overwrite them
            for line in range(entry.line, max(entry.end_line, entry.line) + 1):
                self._innermost[line] = entry

    def entry_span(self, line: int) -> tuple[int, int]:
        """The lines of the top-level entry covering ``line`` (the line alone elsewhere)."""
        return self._top.get(line, (line, line))

    def key(self, finding: Finding) -> tuple[str, str, str, str]:
        """What a finding is, without where: file, rule, entry identity, spanned text."""
        from awesome_parse.changes import entry_identity

        entry = self._innermost.get(finding.line)
        text = self.lines[finding.line - 1] if 0 < finding.line <= len(self.lines) else ""
        owner = entry_identity(entry) if entry is not None else f"line:{' '.join(text.split())}"
        end = finding.end_column - 1 if finding.end_line == finding.line else len(text)
        snippet = text[finding.column - 1 : end].strip()[:_SNIPPET]
        return (_portable(self.path), finding.code, owner, snippet)


def in_changed_entries(
    findings: Sequence[Finding], view: FileView, changed: set[int] | None
) -> list[Finding]:
    """The findings on a changed line or in an entry with a changed line (``changed`` is
    ``None`` for a new file: everything is kept)."""
    if changed is None:
        return list(findings)
    kept = []
    for finding in findings:
        first, last = view.entry_span(finding.line)
        lines = range(min(first, finding.line), max(last, finding.end_line) + 1)
        if any(line in changed for line in lines):
            kept.append(finding)
    return kept


@dataclass
class Baseline:
    """Recorded findings, as a multiset of keys (two identical findings need two entries)."""

    counts: Counter[tuple[str, str, str, str]]

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{os.fspath(path)}: no such baseline file") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BaselineError(f"{os.fspath(path)}: not a baseline file: {error}") from None
        records = data.get("findings") if isinstance(data, dict) else None
        if not isinstance(records, list) or data.get("version") != BASELINE_VERSION:
            raise BaselineError(
                f"{os.fspath(path)}: not a baseline file (expected a JSON object with "
                f'"version": {BASELINE_VERSION} and a "findings" list; write one with '
                "--write-baseline)"
            )
        counts: Counter[tuple[str, str, str, str]] = Counter()
        for record in records:
            try:
                counts[(record["path"], record["code"], record["entry"], record["text"])] += 1
            except (KeyError, TypeError):
                raise BaselineError(
                    f"{os.fspath(path)}: a finding lacks path, code, entry or text"
                ) from None
        return cls(counts)

    def new_findings(self, findings: Iterable[Finding], view: FileView) -> list[Finding]:
        """The findings the baseline does not account for."""
        kept = []
        for finding in findings:
            key = view.key(finding)
            if self.counts[key] > 0:
                self.counts[key] -= 1
            else:
                kept.append(finding)
        return kept


def baseline_json(pairs: Iterable[tuple[Finding, FileView]]) -> str:
    """The baseline file for these findings: sorted, one finding a line, so a change to it
    reads well in review."""
    records = []
    for finding, view in pairs:
        path, code, entry, text = view.key(finding)
        records.append(
            {
                "path": path,
                "code": code,
                "name": finding.name,
                "entry": entry,
                "text": text,
                "message": finding.message,
            }
        )
    records.sort(key=lambda r: (r["path"], r["code"], r["entry"], r["text"], r["message"]))
    body = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in records)
    return (
        f'{{\n  "tool": "awesome-parse",\n  "version": {BASELINE_VERSION},\n'
        f'  "findings": [\n{body}{chr(10) if body else ""}  ]\n}}\n'
    )


def _portable(path: str) -> str:
    """The path as a baseline stores it: relative to the working directory when under it,
    with forward slashes, so a baseline written on one machine matches on another."""
    if os.path.isabs(path):
        with contextlib.suppress(ValueError):
            path = os.path.relpath(path)
    return Path(path).as_posix().removeprefix("./")
