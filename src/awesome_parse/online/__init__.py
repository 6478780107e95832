"""Online: complete paper metadata from the services that own the identifiers (``enrich``)
and check that every identifier and link of a list still leads somewhere (``check``).

Everything goes through one cached, paced HTTP client (:mod:`.http`); nothing here is
imported by ``import awesome_parse``, and requests loads only when a request is made.

    from awesome_parse import parse_file
    from awesome_parse.online import enrich, check

    doc = parse_file("README.md")
    report = enrich(doc)            # fills doc's entries in place
    print(report.summary())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .check import LinkResult, check
    from .config import OnlineConfig, load_online_config
    from .enrich import EnrichReport, enrich
    from .http import HttpClient

__all__ = [
    "EnrichReport",
    "HttpClient",
    "LinkResult",
    "OnlineConfig",
    "check",
    "enrich",
    "load_online_config",
]

_LAZY = {
    "check": "check",
    "LinkResult": "check",
    "OnlineConfig": "config",
    "load_online_config": "config",
    "EnrichReport": "enrich",
    "enrich": "enrich",
    "HttpClient": "http",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'awesome_parse.online' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
