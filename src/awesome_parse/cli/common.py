"""What every command of the CLI shares: its name, the errors that end it, how a failed write
becomes one of them, and how a command writes its text output."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .._output import STDOUT, open_output
from .._paths import shown_path

__all__ = ["PROG", "Terminated", "UsageError", "write_errors_reported", "write_output"]

PROG = "awesome-parse"


class UsageError(Exception):
    """A problem with the command line or the files it names (exit code 2)."""


class Terminated(BaseException):
    """SIGTERM arrived (exit code 143). A BaseException, like KeyboardInterrupt, so that only
    cleanup (``finally``, the output writer's temporary files, the batch's pool) sees it."""


@contextlib.contextmanager
def write_errors_reported(output: str) -> Iterator[None]:
    """Turn an OSError while writing ``output`` into a :class:`UsageError` naming it. A reader
    that went away (``| head``) is not an error: BrokenPipeError passes through to ``main``,
    which ends quietly."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        name = "standard output" if output == STDOUT else shown_path(output)
        raise UsageError(f"{name}: cannot write: {error.strerror or error}") from None


def write_output(text: str, path: str | None) -> None:
    """``text`` to standard output (``path`` None or ``-``) or to ``path``, the way
    :mod:`awesome_parse._output` writes an output; a failed write is a :class:`UsageError`."""
    output = STDOUT if path is None else path
    with write_errors_reported(output), open_output(output, encoding="utf-8") as handle:
        handle.write(text)
