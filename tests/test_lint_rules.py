"""Every lint rule against its fixture pair, its documented examples, and the registry's
invariants (stable codes, docs generated from the registry, every parser diagnostic claimed).

A fixture pair is ``tests/fixtures/lint/<rule-name>.bad.md`` (first line
``<!-- expect: LINE ... -->``: the lines the rule must report, and no others) and
``<rule-name>.good.md`` (the rule must report nothing). Adding a rule means adding two files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from awesome_parse.lint import RULES, LintConfig, Rule, lint_source
from awesome_parse.lint.docs import render_rules, update
from awesome_parse.model import Diagnostic

from .conftest import FIXTURES, ROOT, calls

LINT_FIXTURES = FIXTURES / "lint"
EXPECT = re.compile(rb"<!-- expect: ([\d ]+) -->")


def _only(rule: Rule) -> LintConfig:
    return LintConfig(select=(rule.code,))


def _inject_unknown_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    """``parser-diagnostic`` reports codes no other rule claims; the parser has none today,
    so pretend it grew one."""
    import awesome_parse.parser as parser

    original = parser.parse_source

    def parse_source(data: str | bytes, **kwargs: object) -> object:
        doc, text = original(data, **kwargs)  # type: ignore[arg-type]
        doc.diagnostics.append(Diagnostic(code="future-diagnostic", message="new", line=3))
        return doc, text

    monkeypatch.setattr(parser, "parse_source", parse_source)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_fixture_pair(rule: Rule, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = (LINT_FIXTURES / f"{rule.name}.bad.md").read_bytes()
    good = (LINT_FIXTURES / f"{rule.name}.good.md").read_bytes()
    expected = EXPECT.search(bad)
    assert expected, f"{rule.name}.bad.md must start with <!-- expect: LINES -->"
    if rule.name == "parser-diagnostic":
        _inject_unknown_diagnostic(monkeypatch)
    found = lint_source(bad, path="bad.md", config=_only(rule))
    assert sorted({f.line for f in found}) == [int(n) for n in expected.group(1).split()]
    assert all(f.code == rule.code and f.name == rule.name for f in found)
    assert all(f.severity == rule.severity for f in found)
    monkeypatch.undo()
    assert lint_source(good, path="good.md", config=_only(rule)) == []


def test_every_fixture_belongs_to_a_rule() -> None:
    names = {rule.name for rule in RULES}
    for path in LINT_FIXTURES.glob("*.md"):
        assert path.name.split(".")[0] in names, f"{path.name} matches no rule"


@pytest.mark.parametrize("rule", [r for r in RULES if r.literal], ids=lambda r: r.name)
def test_documented_examples(rule: Rule) -> None:
    assert lint_source(rule.bad, path="bad.md", config=_only(rule)), "bad example must fire"
    assert lint_source(rule.good, path="good.md", config=_only(rule)) == []


def test_registry_invariants() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert codes == sorted(codes), "the registry is ordered by code"
    for rule in RULES:
        assert re.fullmatch(r"AP[1-9]\d\d", rule.code)
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
        assert rule.severity in ("error", "warning", "info")
        assert rule.description.endswith(".") and "\n" not in rule.description
        assert rule.bad.strip() and rule.good.strip() and rule.rationale.strip()


def test_docs_rule_reference_is_generated_from_the_registry() -> None:
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    assert update(docs) == docs, "run: python -m awesome_parse.lint.docs docs/lint.md"
    for rule in RULES:
        assert f"### {rule.code} {rule.name}" in docs
    assert render_rules() in docs


def test_every_parser_diagnostic_code_has_its_own_rule() -> None:
    """Codes the parser can emit (``code="…"`` or ``diagnose("…"``) must be claimed by a
    rule, not left to the ``parser-diagnostic`` safety net."""
    from awesome_parse.lint.registry import CLAIMED_DIAGNOSTICS

    source = ROOT / "src" / "awesome_parse"
    emitted: set[str] = set()
    for path in source.rglob("*.py"):
        if "lint" in path.relative_to(source).parts:
            continue
        text = path.read_text(encoding="utf-8")
        emitted.update(re.findall(r'Diagnostic\(\s*code="([a-z0-9-]+)"', text))
        emitted.update(re.findall(r'diagnose\(\s*"([a-z0-9-]+)"', text))
    assert emitted, "found no diagnostic codes; did the parser change how it emits them?"
    unclaimed = sorted(emitted - CLAIMED_DIAGNOSTICS)
    assert not unclaimed, f"parser diagnostics without a lint rule: {unclaimed}"


def test_findings_inside_code_are_not_reported() -> None:
    text = (
        "# List\n\n```markdown\n- [[Paper]] [x](#nowhere) arxiv.org/2005.14165 http://a.org\n"
        "```\n\n- Use `[[Paper]]` and `GÃ¶ttingen` in prose about lint\n"
        "<!-- - [[Paper]] in a comment -->\n"
    )
    assert [f.name for f in lint_source(text, path="x.md")] == []


def test_positions_are_exact() -> None:
    text = "# L\n\n## A\n- Title[[Paper]](https://arxiv.org/abs/2103.00020)\n"
    (finding,) = lint_source(text, path="x.md", config=LintConfig(select=("AP104",)))
    assert (finding.line, finding.column, finding.end_line) == (4, 8, 4)
    assert text.split("\n")[3][finding.column - 1 : finding.end_column - 1] == "[[Paper]]"


HOSTILE_LINES: dict[str, Callable[[int], str]] = {
    "[": lambda n: "[" * n,
    "[a": lambda n: "[" + "a" * n,
    "[[": lambda n: "[[" * n,
    "b(c)": lambda n: "[a](" + "b(c)" * n,
    "](": lambda n: "](" * n,
    "``a`": lambda n: "``a`" * n,
    "<a": lambda n: "<a " * n,
    "<h1": lambda n: "<h1 " * n,
    "<p id": lambda n: "<p id" * n,
    "# blanks": lambda n: "#" + " " * n + "b",
    "dots": lambda n: "http://a" + "." * n,
    "arxiv digits": lambda n: "https://arxiv.org/abs/" + "1" * n,
    "escapes": lambda n: "\\[" * n,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_source_scanning_is_linear(name: str) -> None:
    """Lint's own scanning of a hostile line: its calls grow with the line, and 100 000
    repeats finish at all (a backtracking pattern would take hours; benchmarks/regex_scaling.py
    times every pattern). The parse is tested apart: mistletoe itself is slow on some."""
    from awesome_parse.lint import lint_document
    from awesome_parse.parser import parse_source

    doc, _ = parse_source("# L\n\n## A\n- [x](https://a.org)\n")

    def lint_line(repeats: int) -> None:
        line = HOSTILE_LINES[name](repeats)
        text = f"# L\n\n{line}\n- {line}\n## A\n"
        lint_document(doc, text, path="x.md", config=LintConfig(select=("ALL",)))

    ratio = calls(lint_line, 100_000) / calls(lint_line, 25_000)
    assert ratio < 8, f"4x the line made {ratio:.1f}x the calls"


def test_fixture_directory_exists() -> None:
    assert Path(LINT_FIXTURES).is_dir()


def test_html_anchors_and_links_are_read_by_an_html_parser() -> None:
    """An ``<h2>`` whose text runs past nested tags, an ``id`` on any tag and an ``<a href>``
    written over two lines are read as GitHub renders them: only the links to no anchor are
    findings, each at its href."""
    text = (
        "# L\n\n"
        '<h2 align="center"><img src="https://x.org/i.png"> Deep <b>Models</b></h2>\n\n'
        '<p id="top-of-page">Intro</p>\n\n'
        '- [A](https://a.org) <a href="#deep-models">ok</a> <a href="#top-of-page">up</a>\n'
        '- [B](https://b.org) <a title="t"\n  href="#no-such-place">broken</a>\n'
    )
    findings = [f for f in lint_source(text, path="x.md") if "in-page link" in f.message]
    assert [(f.line, f.message) for f in findings] == [
        (9, "in-page link #no-such-place matches no heading")
    ]
    (finding,) = findings
    line = text.split("\n")[finding.line - 1]
    assert line[finding.column - 1 :].startswith("#no-such-place")
