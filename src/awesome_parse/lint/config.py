"""Lint configuration: ``[tool.awesome_parse.lint]`` in pyproject.toml, plus command-line
overrides.

Repositories keep tool settings in pyproject.toml, so lint reads the nearest one (above
the linted file, else above the working directory) that has the table, like ruff does.
Every rule reference is checked against the registry when the configuration is loaded,
so a typo fails loudly (exit code 2) instead of silently linting with the defaults::

    [tool.awesome_parse.lint]
    select = ["ALL"]                      # codes or names; default: the rules on by default
    extend-select = ["repeated-across-sections"]
    ignore = ["http-link", "AP206"]
    severity = { duplicate-entry = "error", "AP105" = "warning" }
    fail-on = "warning"                   # error (default), warning, info or never
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .finding import FAIL_ON, SEVERITIES, FailOn, Severity

if TYPE_CHECKING:
    from .registry import Rule

__all__ = ["ConfigError", "LintConfig", "find_config", "load_config"]

_KEYS = {
    "select": "select",
    "extend-select": "extend_select",
    "extend_select": "extend_select",
    "ignore": "ignore",
    "severity": "severity",
    "fail-on": "fail_on",
    "fail_on": "fail_on",
}
_ALL = "all"


class ConfigError(ValueError):
    """A configuration file or option that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class LintConfig:
    """Which rules run, at which severity, and which severity fails the run."""

    select: tuple[str, ...] | None = None
    """Codes or names to run (``ALL`` for every rule); ``None``: the rules on by default."""
    extend_select: tuple[str, ...] = ()
    """Codes or names to run in addition to ``select`` (e.g. a rule off by default)."""
    ignore: tuple[str, ...] = ()
    """Codes or names never to run; wins over ``select``."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Severity overrides by code or name."""
    fail_on: FailOn = "error"
    """The least severity that makes the run fail (exit code 1); ``never`` never fails."""
    origin: str | None = None
    """The file this configuration was read from, for messages."""

    def __post_init__(self) -> None:
        where = f" in {self.origin}" if self.origin else ""
        for key, names in (
            ("select", self.select or ()),
            ("extend-select", self.extend_select),
            ("ignore", self.ignore),
            ("severity", tuple(self.severity)),
        ):
            for name in names:
                if _resolve(name) is None and not (key == "select" and name.casefold() == _ALL):
                    raise ConfigError(
                        f"unknown rule {name!r} in {key}{where} "
                        f"(see 'awesome-parse lint --list-rules')"
                    )
        for name, level in self.severity.items():
            if level not in SEVERITIES:
                raise ConfigError(
                    f"severity of {name!r}{where} must be one of "
                    f"{', '.join(SEVERITIES)}, not {level!r}"
                )
        if self.fail_on not in FAIL_ON:
            raise ConfigError(
                f"fail-on{where} must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}"
            )

    def rules(self) -> list[tuple[Rule, Severity]]:
        """The rules to run, in registry order, each with its effective severity."""
        from .registry import RULES

        if self.select is None:
            chosen = {rule.code for rule in RULES if rule.enabled}
        elif any(name.casefold() == _ALL for name in self.select):
            chosen = {rule.code for rule in RULES}
        else:
            chosen = _codes(self.select)
        chosen = (chosen | _codes(self.extend_select)) - _codes(self.ignore)
        overrides = {_codes([name]).pop(): level for name, level in self.severity.items()}
        return [
            (rule, overrides.get(rule.code, rule.severity)) for rule in RULES if rule.code in chosen
        ]

    def with_options(
        self,
        *,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        fail_on: str | None = None,
    ) -> LintConfig:
        """This configuration with command-line options applied: ``select`` replaces,
        ``extend_select`` and ``ignore`` add, ``fail_on`` replaces."""
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            extend_select=self.extend_select + tuple(extend_select),
            ignore=self.ignore + tuple(ignore),
            fail_on=cast(FailOn, fail_on) if fail_on is not None else self.fail_on,
            origin=None,
        )

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any], origin: str | None = None) -> LintConfig:
        """Build from a ``[tool.awesome_parse.lint]`` table, checking every key and value."""
        where = f" in {origin}" if origin else ""
        values: dict[str, Any] = {}
        for key, value in table.items():
            attribute = _KEYS.get(key)
            if attribute is None:
                raise ConfigError(
                    f"unknown setting {key!r}{where}; expected one of "
                    "select, extend-select, ignore, severity, fail-on"
                )
            if attribute == "severity":
                if not isinstance(value, dict) or not all(
                    isinstance(level, str) for level in value.values()
                ):
                    raise ConfigError(f'severity{where} must be a table of rule = "level"')
                values[attribute] = dict(value)
            elif attribute == "fail_on":
                if not isinstance(value, str):
                    raise ConfigError(f"fail-on{where} must be a string")
                values[attribute] = value
            else:
                values[attribute] = _names(value, key, where)
        return cls(origin=origin, **values)


def _names(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}{where} must be a list of rule codes or names")
    return tuple(value)


def _resolve(name: str) -> Rule | None:
    from .registry import lookup

    return lookup(name)


def _codes(names: Iterable[str]) -> set[str]:
    codes = set()
    for name in names:
        rule = _resolve(name)
        if rule is not None:
            codes.add(rule.code)
    return codes


def split_names(text: str | None) -> list[str]:
    """``"AP101, http-link"`` (a command-line value) → ``["AP101", "http-link"]``."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


# --- files ------------------------------------------------------------------------------


def load_config(path: str | os.PathLike[str]) -> LintConfig:
    """Read a configuration file: a pyproject.toml with ``[tool.awesome_parse.lint]``, or
    any TOML file holding that table or the settings at its top level."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such configuration file") from None
    except IsADirectoryError:
        raise ConfigError(f"{name}: is a directory, expected a TOML file") from None
    except OSError as error:
        raise ConfigError(f"{name}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{name}: invalid TOML: {error}") from None
    table = _lint_table(data)
    if table is None:
        if "tool" in data or os.path.basename(name) == "pyproject.toml":
            raise ConfigError(f"{name}: has no [tool.awesome_parse.lint] table")
        table = data
    return LintConfig.from_mapping(table, origin=name)


def _lint_table(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    node: Any = data
    for key in ("tool", "awesome_parse", "lint"):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    if not isinstance(node, Mapping):
        raise ConfigError("[tool.awesome_parse.lint] must be a table")
    return node


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has our table."""
    directory = Path(start).resolve()
    if not directory.is_dir():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False  # someone else's broken pyproject.toml is not ours to reject
    try:
        return _lint_table(data) is not None
    except ConfigError:
        return True  # ours, but malformed: load it to report the problem
