"""The findings ``enrich`` and ``check`` report, described like lint rules: a stable code, a
kebab-case name, a severity and a rationale, so that they render in every lint format
(SARIF needs the rule list) and docs/online.md can list them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lint.finding import Finding, Severity
    from ..model import Diagnostic

__all__ = ["CHECK_RULES", "ENRICH_RULES", "OnlineRule", "diagnostic_findings", "rule_named"]


@dataclass(frozen=True)
class OnlineRule:
    code: str
    name: str
    severity: Severity
    description: str
    rationale: str
    enabled: bool = True

    @property
    def anchor(self) -> str:
        """The rule's heading anchor in docs/online.md."""
        return f"{self.code.lower()}-{self.name}"

    def finding(self, path: str, line: int, column: int, width: int, message: str) -> Finding:
        """A lint finding of this rule over ``width`` characters from ``line:column``."""
        from ..lint.finding import Finding

        return Finding(
            path=path,
            line=line,
            column=column,
            end_line=line,
            end_column=column + max(width, 1),
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
        )


ENRICH_RULES: tuple[OnlineRule, ...] = (
    OnlineRule(
        "AE101",
        "preprint-now-published",
        "info",
        "An arXiv preprint the list shows as a preprint has been published (venue, DOI).",
        "Cite the published version: name the venue and link the DOI.",
    ),
    OnlineRule(
        "AE102",
        "metadata-conflict",
        "warning",
        "The list and a service disagree on a title, the authors, the year or the DOI.",
        "The list's value is kept; often the link points at another paper.",
    ),
    OnlineRule(
        "AE103",
        "not-found",
        "info",
        "No service knows the entry's arXiv ID or DOI.",
        "A mistyped identifier, or one too new to be indexed.",
    ),
    OnlineRule(
        "AE104",
        "title-not-matched",
        "info",
        "A title search found no paper close enough to the entry's title to be taken.",
        "Titles are matched strictly so that no paper gets another's metadata.",
    ),
)

CHECK_RULES: tuple[OnlineRule, ...] = (
    OnlineRule(
        "AC101",
        "dead-link",
        "error",
        "The link's service says the target does not exist (404, 410, unknown identifier).",
        "Only a definite answer makes a link dead; see AC104 for links that could not be told.",
    ),
    OnlineRule(
        "AC102",
        "archived-repository",
        "warning",
        "The GitHub repository is archived (read-only, no longer maintained).",
        "Readers may want to know before they build on it.",
    ),
    OnlineRule(
        "AC103",
        "moved-repository",
        "warning",
        "The GitHub repository was renamed or transferred; the link only works by redirect.",
        "Redirects break when someone creates a repository under the old name.",
    ),
    OnlineRule(
        "AC104",
        "link-unknown",
        "info",
        "The link could not be checked: rate limited, a bot wall, a timeout or no connection.",
        "arxiv.org, github.com and many publishers refuse robots; such links are never "
        "reported dead. Run again later (answers are cached) or with a token.",
    ),
)


def rule_named(name: str) -> OnlineRule:
    """The rule of ``name`` (a diagnostic code of ``enrich`` or a rule name of ``check``)."""
    for rule in (*ENRICH_RULES, *CHECK_RULES):
        if rule.name == name:
            return rule
    raise KeyError(name)


def diagnostic_findings(diagnostics: Iterable[Diagnostic], path: str) -> list[Finding]:
    """``enrich``'s diagnostics as lint findings (other diagnostics are left out)."""
    rules = {rule.name: rule for rule in ENRICH_RULES}
    found = [
        rules[d.code].finding(path, d.line or 1, d.column or 1, 1, d.message)
        for d in diagnostics
        if d.code in rules
    ]
    return sorted(found, key=lambda finding: finding.sort_key())
