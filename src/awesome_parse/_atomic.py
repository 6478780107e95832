"""Write a file so that readers see either the old content or the new, never a torn mix.

An export can fail half-way (a bad value, a full disk, Ctrl-C). Writing straight into the
target would then leave a truncated file where a good one used to be, so the bytes go to a
temporary file in the same directory (same file system, so the rename is atomic), are flushed
to disk, and only then replace the target with :func:`os.replace`. Exports, the batch
command's streamed JSON Lines and ``lint -o`` all write this way; the module imports nothing
heavy, so the batch command's own process can use it without loading the model.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], *, encoding: str | None = None
) -> Iterator[IO[Any]]:
    """A file to write, which replaces ``path`` only when the ``with`` block ends cleanly; on
    any error (Ctrl-C included) the temporary file is removed and ``path`` is untouched.

    Binary by default; with ``encoding``, text with ``\n`` line ends. A new file gets the usual
    permissions (0o666 minus the umask); an existing file keeps its mode.
    """
    target = Path(path)
    tmp = _create_temp(target)
    try:
        text = encoding is not None
        mode = "w" if text else "wb"
        with open(tmp, mode, encoding=encoding, newline="\n" if text else None) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(target.parent)


def _create_temp(target: Path) -> Path:
    """Create an empty, exclusively owned temporary file next to ``target``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp


def _copy_mode(target: Path, tmp: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.chmod(tmp, target.stat().st_mode & 0o7777)


def _fsync_directory(directory: Path) -> None:
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
