"""Where the online commands send requests, how long answers are kept, and who is asking.

Each setting comes from, in increasing precedence: the defaults below,
``[tool.awesome_parse.online]`` of the nearest pyproject.toml, the environment
(``AWESOME_PARSE_ARXIV_API``, ``S2_API_KEY``, ``AWESOME_PARSE_CACHE``, ...), then the command
line. Tests point every endpoint at a local replay server through the same settings a user
would.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["SERVICES", "ConfigError", "OnlineConfig", "load_online_config"]

SERVICES = ("arxiv", "s2", "openalex", "crossref", "github", "doi", "web")
"""Every service the HTTP layer knows; ``web`` is any other URL ``check`` visits."""

_DAY = 86_400.0


class ConfigError(ValueError):
    """A setting that cannot be used, with where it came from."""


@dataclass(frozen=True)
class OnlineConfig:
    """Every setting of the online commands. Field names are the pyproject keys with ``-``
    for ``_`` (``arxiv-api``, ``cache-dir``, ...)."""

    arxiv_api: str = "https://export.arxiv.org/api/query"
    s2_api: str = "https://api.semanticscholar.org/graph/v1"
    openalex_api: str = "https://api.openalex.org"
    crossref_api: str = "https://api.crossref.org"
    github_api: str = "https://api.github.com"
    doi_api: str = "https://doi.org"
    """The DOI resolver's handle API (``/api/handles/{doi}``), which ``check`` asks."""
    mailto: str | None = None
    """Contact address sent to Crossref and OpenAlex (their "polite pool")."""
    s2_api_key: str | None = field(default=None, repr=False)
    github_token: str | None = field(default=None, repr=False)
    cache_dir: str | None = None
    """``None``: the user cache directory (platformdirs)."""
    offline: bool = False
    """Answer from the cache only; what is not cached is a miss, never a request."""
    timeout: float = 20.0
    retries: int = 3
    """How many times a 429, 503 or timeout is retried before the answer is "unknown"."""
    backoff: float = 2.0
    """Seconds before the first retry when the service says nothing; doubled each time."""
    max_retry_after: float = 120.0
    """A longer ``Retry-After`` is not waited for: the request is given up as rate limited."""
    concurrency: int = 4
    """Requests in flight at once, over all hosts (``check``: also at most 2 per host)."""
    ttl: Mapping[str, float] = field(
        default_factory=lambda: {
            "arxiv": 30 * _DAY,
            "s2": 7 * _DAY,
            "openalex": 7 * _DAY,
            "crossref": 7 * _DAY,
            "github": 1 * _DAY,
            "doi": 7 * _DAY,
            "web": 1 * _DAY,
        }
    )
    """Seconds a cached answer stays fresh, per service."""
    min_interval: Mapping[str, float] = field(
        default_factory=lambda: {
            # arXiv API terms of use: "no more than one request every three seconds".
            "arxiv": 3.0,
            # Semantic Scholar: 1 request per second with an API key (shared pool without).
            "s2": 1.0,
            # OpenAlex: at most 10 requests per second.
            "openalex": 0.1,
            # Crossref polite pool: 10 requests per second.
            "crossref": 0.1,
            # GitHub REST: secondary limits; 60/hour without a token is enforced by headers.
            "github": 0.25,
            "doi": 0.1,
            "web": 0.0,
        }
    )
    """Least seconds between two requests to one service (per host for ``web``)."""

    def endpoint(self, service: str) -> str:
        """The base URL of ``service``, without a trailing slash."""
        return str(getattr(self, f"{service}_api")).rstrip("/")

    def resolved_cache_dir(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        import platformdirs

        return Path(platformdirs.user_cache_dir("awesome-parse"))


_ENVIRONMENT = {
    "AWESOME_PARSE_ARXIV_API": "arxiv_api",
    "AWESOME_PARSE_S2_API": "s2_api",
    "AWESOME_PARSE_OPENALEX_API": "openalex_api",
    "AWESOME_PARSE_CROSSREF_API": "crossref_api",
    "AWESOME_PARSE_GITHUB_API": "github_api",
    "AWESOME_PARSE_DOI_API": "doi_api",
    "AWESOME_PARSE_MAILTO": "mailto",
    "AWESOME_PARSE_CACHE": "cache_dir",
    "S2_API_KEY": "s2_api_key",
    "GITHUB_TOKEN": "github_token",
}


def load_online_config(
    start: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> OnlineConfig:
    """The settings for a run from ``start`` (default: the working directory): pyproject,
    then environment, then ``overrides`` (``None`` values are ignored)."""
    config = OnlineConfig()
    pyproject = _find_pyproject(Path(start) if start is not None else Path.cwd())
    if pyproject is not None:
        config = _apply(config, _online_table(pyproject), str(pyproject))
    environment = os.environ if environ is None else environ
    from_env: dict[str, Any] = {
        name: environment[var] for var, name in _ENVIRONMENT.items() if environment.get(var)
    }
    config = replace(config, **from_env)
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})


def _find_pyproject(start: Path) -> Path | None:
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _online_table(path: Path) -> Mapping[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}  # someone else's unreadable pyproject.toml holds no settings of ours
    table = data.get("tool", {}).get("awesome_parse", {}).get("online", {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [tool.awesome_parse.online] must be a table")
    return table


def _apply(config: OnlineConfig, table: Mapping[str, Any], origin: str) -> OnlineConfig:
    changes: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        expected = _TABLE_TYPES.get(name)
        if expected is None:
            raise ConfigError(
                f"{origin}: [tool.awesome_parse.online] has no setting {key!r} "
                "(API keys come from the environment only)"
            )
        if name in ("ttl", "min_interval"):
            if not isinstance(value, Mapping) or not all(
                s in SERVICES and _is_number(v) for s, v in value.items()
            ):
                raise ConfigError(
                    f"{origin}: {key} must map services ({', '.join(SERVICES)}) to seconds"
                )
            changes[name] = {**getattr(config, name), **value}
        elif not (_is_number(value) if expected is float else type(value) is expected):
            raise ConfigError(f"{origin}: {key} must be a {_TYPE_NAMES[expected]}")
        else:
            changes[name] = value
    return replace(config, **changes)


_TABLE_TYPES: dict[str, type] = {
    **{f"{service}_api": str for service in SERVICES if service != "web"},
    "mailto": str,
    "cache_dir": str,
    "timeout": float,
    "retries": int,
    "backoff": float,
    "max_retry_after": float,
    "concurrency": int,
    "ttl": dict,
    "min_interval": dict,
}
"""The settings a pyproject may hold (keys and ``offline`` are for the environment and the
command line only), with the type each must have."""


_TYPE_NAMES = {str: "string", float: "number", int: "whole number"}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
