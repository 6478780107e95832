"""Git through its command line: the merge base of a pull request, the lines it changed, a
file at a revision, and who added each line.

Everything runs ``git`` as a subprocess (no reimplementation of its formats beyond reading
the documented porcelain output), from the directory of the file concerned, so a list in
any repository works wherever the command is run. Failures become :class:`GitError` with
git's own first line of explanation.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BlameLine",
    "GitError",
    "blame",
    "changed_lines",
    "merge_base",
    "repository_root",
    "show",
    "split_revision",
]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_REVISION = re.compile(r"^(?P<rev>[^:\s][^:]*):(?P<path>.+)$")


class GitError(Exception):
    """Git is missing, the path is not in a repository, or a revision does not exist."""


def _git(*args: str, cwd: str | os.PathLike[str]) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed for this option)") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {reason[0] if reason else 'failed'}")
    return done.stdout


def _directory(path: str | os.PathLike[str]) -> Path:
    resolved = Path(path).resolve()
    return resolved if resolved.is_dir() else resolved.parent


def repository_root(path: str | os.PathLike[str]) -> Path:
    """The top directory of the work tree holding ``path``."""
    out = _git("rev-parse", "--show-toplevel", cwd=_directory(path))
    return Path(out.decode("utf-8").strip())


def merge_base(ref: str, path: str | os.PathLike[str]) -> str:
    """The commit where ``HEAD`` (of the repository holding ``path``) left ``ref``: what a
    pull request against ``ref`` is compared with."""
    directory = _directory(path)
    try:
        out = _git("merge-base", ref, "HEAD", cwd=directory)
    except GitError as error:
        shallow = _git("rev-parse", "--is-shallow-repository", cwd=directory).strip()
        if shallow == b"true":
            raise GitError(
                f"{error} (this clone is shallow: fetch the history, e.g. fetch-depth: 0 "
                "in actions/checkout)"
            ) from None
        raise
    return out.decode("ascii").strip()


def changed_lines(path: str | os.PathLike[str], base: str) -> set[int] | None:
    """1-based lines of the working-tree file ``path`` added or changed since commit
    ``base``; ``None`` when the file did not exist there (every line is new). A line that
    only moved (the same text removed elsewhere in the file) is not a change."""
    root = repository_root(path)
    try:
        relative = Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        raise GitError(f"{os.fspath(path)} is not inside the work tree {root}") from None
    try:
        _git("cat-file", "-e", f"{base}:{relative}", cwd=root)
    except GitError:
        return None
    out = _git(
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--unified=0",
        base,
        "--",
        relative,
        cwd=root,
    ).decode("utf-8", "replace")
    added: list[tuple[int, str]] = []
    removed: Counter[str] = Counter()
    line = 0
    in_hunk = False
    for row in out.split("\n"):
        m = _HUNK.match(row)
        if m is not None:
            line, in_hunk = int(m.group(1)), True
        elif in_hunk and row.startswith("+"):
            added.append((line, row[1:].strip()))
            line += 1
        elif in_hunk and row.startswith("-"):
            removed[row[1:].strip()] += 1
    changed = set()
    for number, text in added:
        if text and removed[text] > 0:
            removed[text] -= 1  # moved, not changed
        else:
            changed.add(number)
    return changed


def split_revision(spec: str) -> tuple[str, str] | None:
    """``main:README.md`` → ``("main", "README.md")``; ``None`` for a plain path (one that
    exists as a file wins over the revision reading, like ``C:\\list.md`` would)."""
    if os.path.exists(spec):
        return None
    m = _REVISION.match(spec)
    return (m.group("rev"), m.group("path")) if m else None


def show(revision: str, path: str, cwd: str | os.PathLike[str] = ".") -> bytes:
    """The bytes of ``path`` (relative to ``cwd``'s repository root, or ``./``-relative to
    ``cwd``) at ``revision``."""
    return _git("show", f"{revision}:{path}", cwd=cwd)


@dataclass(frozen=True, slots=True)
class BlameLine:
    """Who brought one line of a file into its current form."""

    commit: str
    author_time: int
    """Seconds since the epoch (the commit's author date)."""
    author: str
    summary: str
    """The first line of the commit message."""


def blame(path: str | os.PathLike[str]) -> list[BlameLine]:
    """One :class:`BlameLine` per line of the work-tree file ``path`` (lines not committed
    yet have the all-zero commit). Lines moved or copied within the file or from other
    files of the same commit keep their first commit (``-M -C``), and whitespace-only
    changes do not count (``-w``)."""
    directory = _directory(path)
    out = _git("blame", "--line-porcelain", "-w", "-M", "-C", "--", Path(path).name, cwd=directory)
    lines: list[BlameLine] = []
    header: dict[str, str] = {}
    commit = ""
    for raw in out.split(b"\n"):
        if raw.startswith(b"\t"):
            lines.append(
                BlameLine(
                    commit,
                    int(header.get("author-time", "0")),
                    header.get("author", ""),
                    header.get("summary", ""),
                )
            )
            header = {}
            continue
        text = raw.decode("utf-8", "replace")
        key, _, value = text.partition(" ")
        if re.fullmatch(r"[0-9a-f]{40}", key):
            commit = key
        elif key:
            header[key] = value
    return lines
