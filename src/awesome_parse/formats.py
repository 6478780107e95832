"""The export formats' file-name suffixes: which format ``-o out.bib`` asks for.

Apart from :mod:`awesome_parse.exporters`, which imports the model (and with it pydantic), so
that a command can check an output name before it imports anything heavy: ``batch`` does, and
its parent process then never needs the model at all.
"""

from __future__ import annotations

import os
from pathlib import PurePath

__all__ = ["ALIASES", "SUFFIXES", "format_for_path"]

SUFFIXES: dict[str, tuple[str, ...]] = {
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "bibtex": (".bib",),
    "csljson": (".csl.json",),
    "ris": (".ris",),
    "csv": (".csv",),
    "sqlite": (".sqlite", ".sqlite3", ".db"),
}
"""Lower-case suffixes, with the dot, of each format, in the order the CLI lists formats."""

ALIASES: dict[str, str] = {
    suffix[1:]: name for name, suffixes in SUFFIXES.items() for suffix in suffixes
}
"""Each suffix without its dot names its format too: ``-f bib``, ``-f db``, ``-f ndjson``."""


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name asks for (``out.bib`` → ``"bibtex"``), or None if unknown."""
    name = PurePath(path).name.lower()
    # Longest suffix first: ``refs.csl.json`` is CSL-JSON, not JSON.
    for suffix, fmt in _BY_LENGTH:
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return None


_BY_LENGTH = sorted(
    ((suffix, name) for name, suffixes in SUFFIXES.items() for suffix in suffixes),
    key=lambda pair: -len(pair[0]),
)
