"""The CLI, except that files with ``block`` in their name never finish parsing: a batch that
is reliably in the middle of its work when tests/test_robust_signals.py signals or kills it.

Run as ``python tests/blocking_batch.py batch ...`` with ``src/`` on PYTHONPATH. The workers are
forked from this process, so they inherit the patched parse.
"""

from __future__ import annotations

import os
import sys
import time

from awesome_parse import batch
from awesome_parse.cli.main import entry_point

_parse_one = batch._parse_one


def _blocking_parse_one(name: str, data: bytes | None, repair: bool) -> object:
    if "block" in os.path.basename(name):
        time.sleep(3600)
    return _parse_one(name, data, repair)


batch._parse_one = _blocking_parse_one  # type: ignore[assignment]

if __name__ == "__main__":
    sys.argv[0] = "awesome-parse"
    entry_point()
