"""Pausing the garbage collector around work whose objects all stay alive.

A parse, an unpickled tree, a batch worker's first imports: everything made is still referenced
when the work ends, so the collector's passes find nothing to free and cost 15–25 % of the
work (STACK_NOTES). The parser, the batch workers and the benchmark's baselines pause it with
this one context manager.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the collector for the ``with`` block; restore it only if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
