"""Shared test helpers: where the real lists live (``../shared``), skipped when absent."""

from __future__ import annotations

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
