"""Findings as text for people, workflow commands for GitHub, JSON, and SARIF 2.1.0.

- ``text``: ``path:line:col: CODE [name] message``, one per line, which editors and
  terminals turn into links.
- ``github``: workflow commands (``::error file=…,line=…::message``) that GitHub Actions shows
  as annotations on the pull request; data and properties are escaped exactly as
  ``@actions/core`` does.
- ``json``: an array of finding objects (the :class:`Finding` fields).
- ``sarif``: a SARIF 2.1.0 log for GitHub code scanning (``upload-sarif``) and other
  viewers, with every rule described in ``tool.driver.rules``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .finding import Finding, Severity

__all__ = ["FORMATS", "INFORMATION_URI", "render"]

FORMATS = ("text", "github", "json", "sarif")
INFORMATION_URI = "https://pypi.org/project/awesome-parse/"
"""Where SARIF viewers send readers for the tool and its rules."""
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_GITHUB_COMMAND: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVEL: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: Sequence[Finding], fmt: str, rules: Sequence[Any] | None = None) -> str:
    """The findings in format ``fmt`` (one of :data:`FORMATS`), ending with a newline
    unless empty (text and github print nothing when there is nothing to say).

    ``rules`` describe the codes for SARIF (default: the lint rules); anything with a rule's
    ``code``, ``name``, ``severity``, ``description``, ``rationale``, ``enabled`` and
    ``anchor`` will do, such as ``check``'s."""
    if fmt == "text":
        return "".join(f"{text_line(f)}\n" for f in findings)
    if fmt == "github":
        return "".join(f"{github_line(f)}\n" for f in findings)
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif_log(findings, rules), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def text_line(finding: Finding) -> str:
    return (
        f"{finding.path}:{finding.line}:{finding.column}: "
        f"{finding.code} [{finding.name}] {finding.message}"
    )


# --- GitHub workflow commands -----------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a command's message like ``@actions/core``'s ``escapeData``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value like ``@actions/core``'s ``escapeProperty``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": str(finding.line),
        "endLine": str(finding.end_line),
        "col": str(finding.column),
        "endColumn": str(finding.end_column),
        "title": f"{finding.code} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    return f"::{_GITHUB_COMMAND[finding.severity]} {joined}::{escape_data(message)}"


# --- SARIF ------------------------------------------------------------------------------


def sarif_log(findings: Sequence[Finding], rules: Sequence[Any] | None = None) -> dict[str, object]:
    from awesome_parse._version import __version__

    if rules is None:
        from .registry import RULES

        rules = RULES

    index = {rule.code: position for position, rule in enumerate(rules)}
    described = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": _plain(rule.description)},
            "fullDescription": {"text": _plain(f"{rule.description} {rule.rationale}")},
            "helpUri": f"{INFORMATION_URI}#{rule.anchor}",
            "help": {"text": _plain(rule.rationale), "markdown": rule.rationale},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity], "enabled": rule.enabled},
        }
        for rule in rules
    ]
    results = [_sarif_result(finding, index[finding.code]) for finding in findings]
    driver = {
        "name": "awesome-parse",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": described,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
        ],
    }


def _sarif_result(finding: Finding, rule_index: int) -> dict[str, object]:
    """One SARIF result; a fixable finding carries its fix, which code scanning shows as a
    suggested change (one replacement of the finding's own region)."""
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    artifact = _artifact(finding.path)
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message + (f" ({finding.hint})" if finding.hint else "")},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
    }
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": finding.hint or f"fix {finding.name}"},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact,
                        "replacements": [
                            {"deletedRegion": region, "insertedContent": {"text": finding.fix}}
                        ],
                    }
                ],
            }
        ]
    return result


def _artifact(path: str) -> dict[str, str]:
    """A repository-relative URI when the file is under the working directory (what code
    scanning expects), else an absolute ``file://`` URI."""
    candidate = Path(path)
    if path.startswith("<") or not candidate.exists():
        return {"uri": quote(path.replace("\\", "/"), safe="/")}
    resolved = candidate.resolve()
    try:
        relative = resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": resolved.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _plain(markdown: str) -> str:
    return markdown.replace("`", "")
