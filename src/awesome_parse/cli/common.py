"""What every command of the CLI shares: its name, the errors that end it, how a failed write
becomes one of them, and how a command writes its text output."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import NoReturn

from .._output import STDOUT, open_output
from .._paths import shown_path

__all__ = [
    "PROG",
    "Terminated",
    "UsageError",
    "run_guarded",
    "write_errors_reported",
    "write_output",
]

PROG = "awesome-parse"


class UsageError(Exception):
    """A problem with the command line or the files it names (exit code 2)."""


class Terminated(BaseException):
    """SIGTERM arrived (exit code 143). A BaseException, like KeyboardInterrupt, so that only
    cleanup (``finally``, the output writer's temporary files, the batch's pool) sees it."""


def run_guarded(command: Callable[[], int]) -> int:
    """Run a command as every entry point does: however it ends, one line on stderr and an
    exit status (2 for usage and I/O errors, 130 for Ctrl-C, 143 for SIGTERM, 0 when the
    reader of stdout went away), never a traceback unless ``AWESOME_PARSE_DEBUG`` is set."""
    try:
        with _sigterm_raises():
            return command()
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print(f"{PROG}: terminated", file=sys.stderr)
        return 143
    except BrokenPipeError:
        # The reader went away (``| head``); silence the flush at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get("AWESOME_PARSE_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            "(set AWESOME_PARSE_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 2


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While a command runs, SIGTERM raises :class:`Terminated` (only the main thread can set
    signal handlers; elsewhere the default stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated


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
