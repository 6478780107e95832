"""Import mistletoe without its start-up scan of all of Unicode.

``mistletoe.core_tokens`` builds its set of punctuation characters at import time by calling
``unicodedata.category`` on each of the 1.1 million code points: 0.25–0.5 s, more than the whole
rest of a ``lint`` run on a typical list, paid again by every batch worker. The set depends only
on the Unicode version of the running Python, so :mod:`awesome_parse.markdown.punctuation` keeps it
precomputed and this module hands that copy to mistletoe in place of the scan: the module's
source is compiled with the one scanning expression replaced by a name bound to the set. The
result is the same module with the same ``punctuation``.

Anything unexpected falls back to the ordinary import: a Unicode version not in the table, a
mistletoe whose source no longer contains exactly that expression, no source file at all, or
mistletoe already imported by someone else.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import unicodedata
from collections.abc import Sequence
from types import ModuleType

from .punctuation import punctuation_for

__all__ = ["import_mistletoe"]

_MODULE = "mistletoe.core_tokens"
_SCAN = '{c for c in unicode_chrs if category(c).startswith("P")}'
"""The expression of mistletoe 1.x that scans every code point."""
_PRECOMPUTED = "__awesome_parse_punctuation__"

_lock = threading.Lock()


def import_mistletoe() -> None:
    """Import mistletoe (once), giving ``core_tokens`` the precomputed punctuation when possible."""
    if "mistletoe" in sys.modules:
        return
    with _lock:
        if "mistletoe" in sys.modules:
            return
        punctuation = punctuation_for(unicodedata.unidata_version)
        finder = _Finder(punctuation) if punctuation is not None else None
        if finder is not None:
            sys.meta_path.insert(0, finder)
        try:
            import mistletoe  # noqa: F401
        finally:
            if finder is not None:
                sys.meta_path.remove(finder)


class _Finder(importlib.abc.MetaPathFinder):
    """Finds ``mistletoe.core_tokens`` where the import system would, and loads it patched."""

    def __init__(self, punctuation: set[str]) -> None:
        self.punctuation = punctuation

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        try:
            source = spec.loader.get_source(fullname)
        except (ImportError, OSError):
            return None
        if source is None or source.count(_SCAN) != 1:
            return None
        loader = _PatchedLoader(source.replace(_SCAN, _PRECOMPUTED), spec.origin, self.punctuation)
        return importlib.util.spec_from_file_location(fullname, spec.origin, loader=loader)


class _PatchedLoader(importlib.abc.Loader):
    def __init__(self, source: str, origin: str | None, punctuation: set[str]) -> None:
        self.source = source
        self.origin = origin or _MODULE
        self.punctuation = punctuation

    def exec_module(self, module: ModuleType) -> None:
        code = compile(self.source, self.origin, "exec", dont_inherit=True)
        namespace = module.__dict__
        namespace[_PRECOMPUTED] = self.punctuation
        try:
            exec(code, namespace)
        finally:
            namespace.pop(_PRECOMPUTED, None)
