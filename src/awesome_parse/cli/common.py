"""What every command of the CLI shares: its name, and the error that ends it with status 2."""

from __future__ import annotations

__all__ = ["PROG", "UsageError"]

PROG = "awesome-parse"


class UsageError(Exception):
    """A problem with the command line or the files it names (exit code 2)."""
