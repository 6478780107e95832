"""Lint mode: find the defects a reader of a rendered awesome list would notice.

    >>> from awesome_parse.lint import lint_source
    >>> [f.name for f in lint_source("# L\\n\\n- CLIP [[Paper]]\\n", path="README.md")]
    ['empty-link']

Rules live in an ordered registry (:data:`RULES`, codes ``AP101``…); each reads the one
parse of the file. This package's ``__init__`` is lazy on purpose: the CLI imports
:mod:`awesome_parse.lint.cli` on every start, and that must not load the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import ConfigError, LintConfig, load_config
    from .engine import lint_document, lint_paths, lint_source
    from .finding import Finding
    from .registry import RULES, Rule

__all__ = [
    "RULES",
    "ConfigError",
    "Finding",
    "LintConfig",
    "Rule",
    "lint_document",
    "lint_paths",
    "lint_source",
    "load_config",
]

_LAZY = {
    "RULES": "registry",
    "Rule": "registry",
    "ConfigError": "config",
    "LintConfig": "config",
    "load_config": "config",
    "Finding": "finding",
    "lint_document": "engine",
    "lint_paths": "engine",
    "lint_source": "engine",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'awesome_parse.lint' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
