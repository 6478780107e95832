"""Inline switches in the Markdown itself: ``<!-- awesome-parse-disable NAME -->``.

A list maintainer who disagrees with one finding should silence it where it occurs, next to
the text, rather than for the whole repository. Three forms, as in markdownlint and ESLint:

- ``<!-- awesome-parse-disable NAMES -->`` turns rules off from this line on;
- ``<!-- awesome-parse-enable NAMES -->`` turns them on again from this line;
- ``<!-- awesome-parse-disable-next-line NAMES -->`` silences only the line after the comment.

``NAMES`` is a code, a name or a comma/space separated list of them; no names means every
rule. Unknown names are ignored (the switch must not break a lint run). Comments inside
code blocks are text, not switches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .source import Comment

__all__ = ["Suppressions"]

_DIRECTIVE = re.compile(
    r"\s*awesome-parse-(disable-next-line|disable|enable)(?![\w-])([^\n]*)", re.S
)
_SPLIT = re.compile(r"[\s,]+")


class Suppressions:
    """Which rule codes are switched off on which lines."""

    def __init__(self, comments: Iterable[Comment], resolve: dict[str, str]) -> None:
        """``resolve`` maps each accepted name and code (case-folded) to a rule code."""
        self._ranges: dict[str, list[tuple[int, int]]] = {}
        self._lines: dict[str, set[int]] = {}
        open_since: dict[str, int] = {}
        for comment in comments:
            m = _DIRECTIVE.fullmatch(comment.body)
            if m is None:
                continue
            action, codes = m.group(1), _codes(m.group(2), resolve)
            if action == "disable-next-line":
                for code in codes:
                    self._lines.setdefault(code, set()).add(comment.end_line + 1)
            elif action == "disable":
                for code in codes:
                    open_since.setdefault(code, comment.line)
            else:
                self._close_into(self._ranges, open_since, codes, comment.line)
        self._close_into(self._ranges, open_since, set(open_since), 1 << 30)

    @staticmethod
    def _close_into(
        ranges: dict[str, list[tuple[int, int]]],
        open_since: dict[str, int],
        codes: set[str],
        line: int,
    ) -> None:
        for code in codes:
            start = open_since.pop(code, None)
            if start is not None:
                ranges.setdefault(code, []).append((start, line))

    def covers(self, code: str, line: int) -> bool:
        """True when findings of rule ``code`` on ``line`` are switched off."""
        if line in self._lines.get(code, ()):
            return True
        return any(start <= line < end for start, end in self._ranges.get(code, ()))


def _codes(text: str, resolve: dict[str, str]) -> set[str]:
    names = [n for n in _SPLIT.split(text.strip()) if n]
    if not names or any(n.casefold() == "all" for n in names):
        return set(resolve.values())
    return {resolve[n.casefold()] for n in names if n.casefold() in resolve}
