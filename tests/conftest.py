"""Shared test helpers: where the real lists live (``../shared``), skipped when absent; the
checkout's own Markdown and mistletoe token trees as plain data; and a fresh interpreter that
imports this checkout's package."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
MARKDOWN_FILES = [*sorted(FIXTURES.rglob("*.md")), ROOT / "examples" / "awesome-example.md"]
"""Every Markdown file of the checkout: the fixtures and the bundled example."""


def calls(function: Callable[..., Any], *args: Any) -> int:
    """Function calls (Python and built-in) one call of ``function`` makes: a count of its work
    that, unlike a clock, a loaded machine does not change. Quadratic loops show; the steps of
    one regular expression do not (``benchmarks/regex_scaling.py`` times those)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(function, *args)
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined,no-any-return]


def shared_files(kind: str) -> list[Path]:
    """Seed (``seeds``) or corpus (``corpus``) lists; empty when ../shared is absent."""
    folder = SHARED / kind
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))


def require_shared(kind: str) -> list[Path]:
    files = shared_files(kind)
    if not files:
        pytest.skip(f"../shared/{kind} is not available (a fresh clone has no shared data)")
    return files


def mistletoe_texts(paths: list[Path]) -> list[str]:
    """The texts of ``paths`` that mistletoe can read on its own (the nesting fixtures recurse
    too deep without the parser's clamp)."""
    return [
        path.read_text(encoding="utf-8", errors="replace")
        for path in paths
        if not path.name.startswith("nesting-too-deep")
    ]


def token_dump(value: Any) -> Any:
    """A mistletoe token, or a list of them, as plain data to compare: type names, attributes
    (tokens among them dumped too) and children, without the links back to parents; the
    reading of simple inline content as its pieces."""
    from mistletoe.token import Token

    from awesome_parse.markdown.simple_inline import ReadInline

    if isinstance(value, ReadInline):  # simple inline content, read without span tokens
        return "ReadInline", value.pieces, value.opens_with_bold_link
    if isinstance(value, Token):
        attributes = {
            key: token_dump(item)
            for key, item in vars(value).items()
            if key not in ("_parent", "parent", "_children")
        }
        if hasattr(value, "children"):
            attributes["children"] = token_dump(value.children)
        return type(value).__name__, sorted(attributes.items())
    if isinstance(value, (list, tuple)):
        return [token_dump(item) for item in value]
    return value


def run_python(
    code: str, *args: str, check: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -c code args...`` in a new process that imports ``src/`` first (whatever is
    installed), with ``env`` added to the environment; output captured as text."""
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=check,
        env={**os.environ, "PYTHONPATH": path, **env},
    )


class GitRepo:
    """A real git repository in a temporary directory, with fixed identities and dates so
    commits (and their hashes) are the same on every run."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True)
        self.root = root
        self.commits = 0
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Ada",
            "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada",
            "GIT_COMMITTER_EMAIL": "ada@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def commit(self, files: dict[str, str | bytes], message: str, date: str) -> str:
        """Write ``files``, commit them all at ``date``, and return the commit's hash."""
        for name, content in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return GitRepo(tmp_path / "repo")
