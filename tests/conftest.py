"""Shared test helpers: where the real lists live (``../shared``), skipped when absent, and a
fresh interpreter that imports this checkout's package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


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
