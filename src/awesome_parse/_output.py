"""Write an output according to what its path names: never a torn file, a clobbered device or a
stray temporary file.

- A regular file, or a name not taken yet: the bytes go to a temporary file in the same
  directory (same file system, so the rename is atomic), are flushed to disk, and only then
  replace the target with :func:`os.replace`. Readers see the old content or the new, never a
  mix. The temporary name is short and fixed-length (``.awesome-parse-XXXXXXXX.tmp``), so any
  legal output name works, 255 bytes included.
- A symbolic link: followed; its final target is replaced that way and the link stays a link.
- A character device, FIFO or socket (``/dev/null``, ``/dev/full``, a named pipe), and the
  ``/dev/stdout``, ``/dev/fd/N`` and ``/proc`` aliases of open files: written in place. Renaming
  over them would put a regular file where, say, ``/dev/null`` was.
- ``-``: standard output.

On any error, Ctrl-C included, the temporary file is removed and the target is untouched; the
CLI turns SIGTERM into an exception too (see :mod:`awesome_parse.cli.main`), so the same
cleanup runs then. The module imports nothing heavy: the batch command's own process uses it
without loading the model.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

__all__ = ["STDOUT", "open_output", "output_file", "write_output"]

STDOUT = "-"
"""The output name that means standard output."""

_OPEN_FILE_ALIASES = ("/dev/stdout", "/dev/stderr", "/dev/stdin")
_OPEN_FILE_TREES = ("/dev/fd/", "/proc/")


def write_output(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` as :func:`open_output` does (text as UTF-8)."""
    with open_output(path, encoding=None if isinstance(data, bytes) else "utf-8") as handle:
        handle.write(data)


@contextlib.contextmanager
def open_output(path: str | os.PathLike[str], *, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A handle to write ``path`` through, in the way the module docstring describes.

    Binary by default; with ``encoding``, text with ``\\n`` line ends. A new file gets the
    usual permissions (0o666 minus the umask); a replaced file keeps its mode.
    """
    if os.fspath(path) == STDOUT:
        with _standard_output(encoding) as handle:
            yield handle
        return
    target = _resolve(path)
    if target.in_place:
        with _open(target.path, encoding, in_place=True) as handle:
            yield handle
        return
    with _replacing(target.path) as tmp, _open(tmp, encoding, in_place=False) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def output_file(path: str | os.PathLike[str], *, keep_content: bool = False) -> Iterator[Path]:
    """A temporary file for writers that need a file name (SQLite), put in place of ``path``
    when the block ends cleanly and removed otherwise.

    ``keep_content=True`` starts it as a copy of the current file, for writers that add to it.
    For a device or FIFO the temporary file lives in the system's temporary directory and its
    bytes are copied to the target at the end.
    """
    # Only this function copies files; imported here so that every command starts fast.
    import shutil
    import tempfile

    target = _resolve(path)
    if not target.in_place:
        with _replacing(target.path) as tmp:
            if keep_content:
                with contextlib.suppress(FileNotFoundError):
                    shutil.copyfile(target.path, tmp)
            yield tmp
            _fsync_file(tmp)
        return
    fd, name = tempfile.mkstemp(prefix=".awesome-parse-", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb") as source, _open(target.path, None, in_place=True) as sink:
            shutil.copyfileobj(source, sink)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


class _Target(NamedTuple):
    path: str
    """The file to write: symbolic links resolved when it is replaced."""
    in_place: bool
    """Written through directly (a device, FIFO, socket or an open file's alias)."""


def _resolve(path: str | os.PathLike[str]) -> _Target:
    name = os.fspath(path)
    try:
        mode: int | None = os.stat(name).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", name)
    absolute = os.path.abspath(name)
    if (
        (mode is not None and not stat.S_ISREG(mode))
        or absolute in _OPEN_FILE_ALIASES
        or absolute.startswith(_OPEN_FILE_TREES)
    ):
        return _Target(name, True)
    return _Target(os.path.realpath(name), False)


@contextlib.contextmanager
def _standard_output(encoding: str | None) -> Iterator[IO[Any]]:
    """``sys.stdout`` (its binary buffer without ``encoding``), flushed at the end so that a
    failed write is raised here rather than at exit."""
    handle: IO[Any] = sys.stdout if encoding is not None else sys.stdout.buffer
    try:
        yield handle
        handle.flush()
    except OSError:
        _discard_standard_output()
        raise


def _discard_standard_output() -> None:
    """Point stdout at the null device: what is still buffered for a reader that is gone (or
    a full disk) would otherwise fail again at exit, with a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


@contextlib.contextmanager
def _open(path: str | Path, encoding: str | None, *, in_place: bool) -> Iterator[IO[Any]]:
    """Open for writing. In place: no creation and no truncation of the target itself (a
    device or pipe has nothing to truncate; an open file's alias appends after what its
    owner wrote)."""
    flags = os.O_WRONLY | os.O_APPEND if in_place else os.O_WRONLY | os.O_TRUNC
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    text = encoding is not None
    with open(
        fd, "w" if text else "wb", encoding=encoding, newline="\n" if text else None
    ) as handle:
        yield handle


@contextlib.contextmanager
def _replacing(target: str) -> Iterator[Path]:
    """A new empty temporary file beside ``target`` that replaces it when the block ends
    cleanly; removed on any error."""
    tmp = _create_temp(os.path.dirname(target) or ".")
    try:
        yield tmp
        _copy_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(os.path.dirname(target) or ".")


def _create_temp(directory: str) -> Path:
    """Create an empty, exclusively owned temporary file in ``directory``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = Path(directory, f".awesome-parse-{os.urandom(4).hex()}.tmp")
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp


def _copy_mode(target: str, tmp: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.chmod(tmp, os.stat(target).st_mode & 0o7777)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX only; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
