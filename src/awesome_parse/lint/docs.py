"""Generate the rule reference of docs/lint.md from the registry, so the two cannot drift.

The part of docs/lint.md between the ``rules:begin`` and ``rules:end`` markers is output
of :func:`render_rules`; the rest is hand-written. A test fails when they differ::

    python -m awesome_parse.lint.docs docs/lint.md          # rewrite the generated part
    python -m awesome_parse.lint.docs --check docs/lint.md  # exit 1 when it is stale
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .registry import RULES, Rule

__all__ = ["BEGIN", "END", "render_rules", "update"]

BEGIN = "<!-- rules:begin (generated from the registry: python -m awesome_parse.lint.docs) -->"
END = "<!-- rules:end -->"


def render_rules() -> str:
    """The rule table and one section per rule (code, name, severity, description,
    rationale, a bad and a good example)."""
    out = ["| Code | Name | Severity | Default | Description |", "|---|---|---|---|---|"]
    for rule in RULES:
        out.append(
            f"| [{rule.code}](#{rule.anchor}) | `{rule.name}` | {rule.severity} | "
            f"{'on' if rule.enabled else 'off'} | {rule.description} |"
        )
    for rule in RULES:
        out.extend(_section(rule))
    return "\n".join(out) + "\n"


def _section(rule: Rule) -> list[str]:
    state = "on by default" if rule.enabled else "off by default (select it to run it)"
    lines = [
        "",
        f"### {rule.code} {rule.name}",
        "",
        f"Severity: **{rule.severity}**, {state}.",
        "",
        rule.description,
        "",
        rule.rationale,
        "",
    ]
    for label, example in (("Reported", rule.bad), ("Not reported", rule.good)):
        kind = "text" if not rule.literal and label == "Reported" else "markdown"
        lines += [f"{label}:", "", f"````{kind}", example.rstrip("\n"), "````", ""]
    return lines[:-1]


def update(document: str) -> str:
    """``document`` with the text between the markers replaced by :func:`render_rules`."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {BEGIN!r} and {END!r} are missing")
    return f"{document[: start + len(BEGIN)]}\n{render_rules()}{document[end:]}"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    if len(paths) != 1:
        print("usage: python -m awesome_parse.lint.docs [--check] docs/lint.md", file=sys.stderr)
        return 2
    with open(paths[0], encoding="utf-8") as handle:
        current = handle.read()
    wanted = update(current)
    if check:
        if wanted != current:
            print(
                f"{paths[0]}: the rule reference is stale; run "
                f"python -m awesome_parse.lint.docs {paths[0]}",
                file=sys.stderr,
            )
            return 1
        return 0
    if wanted != current:
        with open(paths[0], "w", encoding="utf-8") as handle:
            handle.write(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
