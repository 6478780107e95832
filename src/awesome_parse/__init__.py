"""awesome_parse: awesome-list Markdown → a typed Document → Section → Entry tree.

    >>> import awesome_parse
    >>> doc = awesome_parse.parse("# List\\n\\n## Papers\\n- [CLIP](https://arxiv.org/abs/2103.00020)\\n")
    >>> doc.sections[0].entries[0].arxiv_id
    '2103.00020'

Heavy modules (mistletoe, bibtexparser) load on first use, so ``import awesome_parse`` and the
CLI's ``--version`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .batch import BatchError, map_documents, parse_many
    from .exporters import export, write
    from .model import Badge, Diagnostic, Document, Entry, Link, Paper, Section
    from .parser import ParseError, parse, parse_file

__all__ = [
    "Badge",
    "BatchError",
    "Diagnostic",
    "Document",
    "Entry",
    "Link",
    "Paper",
    "ParseError",
    "Section",
    "__version__",
    "export",
    "map_documents",
    "parse",
    "parse_file",
    "parse_many",
    "write",
]

_LAZY = {
    "parse": "parser",
    "parse_file": "parser",
    "ParseError": "parser",
    "export": "exporters",
    "write": "exporters",
    "parse_many": "batch",
    "map_documents": "batch",
    "BatchError": "batch",
    **dict.fromkeys(
        ("Badge", "Diagnostic", "Document", "Entry", "Link", "Paper", "Section"), "model"
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'awesome_parse' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
