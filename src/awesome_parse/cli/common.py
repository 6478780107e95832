"""What every command of the CLI shares: its name, the error that ends it with status 2, and
how a command writes its text output."""

from __future__ import annotations

import sys

__all__ = ["PROG", "UsageError", "write_output"]

PROG = "awesome-parse"


class UsageError(Exception):
    """A problem with the command line or the files it names (exit code 2)."""


def write_output(text: str, path: str | None) -> None:
    """``text`` to stdout (``path`` None or ``-``), or to the file ``path``, replaced only
    once the new text is complete."""
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    assert path is not None
    from .._atomic import atomic_writer

    try:
        with atomic_writer(path, encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None
