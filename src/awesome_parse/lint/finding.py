"""What a lint rule reports: a :class:`Finding`, with the position a reader's editor needs.

Kept free of pydantic and mistletoe so that formatting findings, or merely importing the
type, costs nothing at start-up. Severities are ordered (``info < warning < error``) so a
``--fail-on`` threshold is one comparison.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal, NamedTuple

__all__ = ["FAIL_ON", "SEVERITIES", "FailOn", "Finding", "Hit", "Severity", "at_or_above"]

Severity = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "info", "never"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""Every severity, most serious first."""
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "info", "never")
"""The accepted ``--fail-on`` / ``fail-on`` values."""

_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def at_or_above(severity: Severity, threshold: FailOn) -> bool:
    """True when a finding of ``severity`` makes a run with ``--fail-on threshold`` fail."""
    return _RANK[severity] >= _RANK[threshold]


class Hit(NamedTuple):
    """What a rule's check yields: a position and a message; the engine adds the rule."""

    line: int
    column: int
    message: str
    hint: str = ""
    end_line: int | None = None
    """Defaults to ``line``."""
    end_column: int | None = None
    """Exclusive, like SARIF's ``endColumn``; defaults to one character after ``column``."""
    fix: str | None = None
    """Text that replaces the whole span when the repair is certain (``lint --fix``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file. Lines and columns are 1-based; ``end_column`` is exclusive.

    Columns count Unicode code points of the decoded text (what Python's ``str`` indexes).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    """The rule's stable code, e.g. ``AP101``."""
    name: str
    """The rule's kebab-case name, e.g. ``empty-link``."""
    severity: Severity
    message: str
    hint: str = ""
    """How to fix it, when the rule knows; empty otherwise."""
    fix: str | None = None
    """The text that replaces the span from (line, column) to (end_line, end_column) when
    the repair is certain; ``None`` when the finding needs a person."""

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        if self.fix is None:
            del data["fix"]  # the common case; keeps the JSON of unfixable findings short
        return data

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.code, self.message)
