"""Lint one text: one parse, every enabled rule over the same tree and text.

Kept apart from :mod:`.engine` (files, directories, configuration discovery) so that the
fixer, which lints a text again after each pass, needs nothing of the file handling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import LintConfig
from .finding import Finding

if TYPE_CHECKING:
    from awesome_parse.model import Document

__all__ = ["lint_document", "lint_source"]


def lint_source(
    data: str | bytes, *, path: str = "<input>", config: LintConfig | None = None
) -> list[Finding]:
    """Lint one Markdown text (bytes are decoded like the parser does).

    Raises :class:`awesome_parse.parser.ParseError` for binary input.
    """
    from awesome_parse.parser import parse_source

    doc, text = parse_source(data, source=path)
    return lint_document(doc, text, path=path, config=config)


def lint_document(
    doc: Document, text: str, *, path: str, config: LintConfig | None = None
) -> list[Finding]:
    """Lint an already parsed document; ``text`` is the normalised text ``parse_source``
    returned with it (the one its line numbers refer to)."""
    from .context import Context
    from .directives import Suppressions
    from .registry import RULES
    from .source import SourceText

    config = config or LintConfig()
    source = SourceText(text)
    context = Context(path, doc, source)
    names = {key: rule.code for rule in RULES for key in (rule.code.casefold(), rule.name)}
    suppressions = Suppressions(source.comments, names) if source.comments else None
    found: dict[tuple[str, int, int, str], Finding] = {}
    for rule, severity in config.rules():
        for hit in rule.check(context):
            if suppressions is not None and suppressions.covers(rule.code, hit.line):
                continue
            end_line = hit.end_line if hit.end_line is not None else hit.line
            end_column = hit.end_column if hit.end_column is not None else hit.column + 1
            finding = Finding(
                path,
                hit.line,
                hit.column,
                end_line,
                end_column,
                rule.code,
                rule.name,
                severity,
                hit.message,
                hit.hint,
                hit.fix,
            )
            found.setdefault((rule.code, hit.line, hit.column, hit.message), finding)
    return sorted(found.values(), key=Finding.sort_key)
