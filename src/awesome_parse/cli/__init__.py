"""The command line: a thin layer over the library, one module per command.

:mod:`.main` dispatches (``main(argv) -> int``); :mod:`.parse`, :mod:`.lint` and :mod:`.batch`
each register one command and import the library's heavy parts only when it runs.
"""

from __future__ import annotations

from .common import UsageError
from .main import entry_point, exit_process, main

__all__ = ["UsageError", "entry_point", "exit_process", "main"]
