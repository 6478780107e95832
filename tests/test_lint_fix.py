"""``lint --fix``: each fix edits only its finding's span, fixing twice equals fixing once, and
the fixed findings are gone — on a fixture of every fixable rule and on every real list."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_parse.cli import main
from awesome_parse.lint.engine import lint_document
from awesome_parse.lint.finding import Finding
from awesome_parse.lint.fix import NotFixable, apply_fixes, fix_bytes
from awesome_parse.lint.formats import render
from awesome_parse.parser import parse_source

from .conftest import FIXTURES, SHARED

FIXABLE = FIXTURES / "fix" / "fixable.md"
FIXED = FIXTURES / "fix" / "fixable.fixed.md"


def _shared_lists() -> list[Path]:
    found = []
    for folder in ("seeds", "corpus", "corpus/dev"):
        directory = SHARED / folder
        if directory.is_dir():
            found += sorted(p for p in directory.iterdir() if p.suffix in (".md", ".txt"))
    return found


def _findings(text: str) -> list[Finding]:
    doc, normalised = parse_source(text, source="list.md", repair=False)
    assert normalised == text
    return lint_document(doc, text, path="list.md")


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


def _assert_only_spans_changed(
    before: str, after: str, spans: list[tuple[int, int]], replacements: list[str]
) -> None:
    """Every character outside the spans is unchanged, in order: the text between two
    spans, and before the first and after the last, is the same in both versions."""
    assert spans == sorted(spans)
    old = new = 0
    for (start, end), replacement in zip(spans, replacements, strict=True):
        assert start >= old, "spans overlap"
        kept = before[old:start]
        assert after[new : new + len(kept)] == kept
        new += len(kept) + len(replacement)
        old = end
    assert after[new:] == before[old:]


def _check_properties(data: bytes) -> int:
    """Every property of the fixer on one file; returns how many findings it fixed."""
    try:
        outcome = fix_bytes(data, path="list.md")
    except NotFixable:
        return 0
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    for applied in outcome.passes:
        findings = _findings(text)
        fixed, done = apply_fixes(text, findings)
        assert done == applied
        spans = [
            (_offset(text, f.line, f.column), _offset(text, f.end_line, f.end_column)) for f in done
        ]
        _assert_only_spans_changed(text, fixed, spans, [f.fix or "" for f in done])
        # After the fix no finding of a fixed rule starts where a fix was applied.
        after = _findings(fixed)
        shift = 0
        for finding, (start, end) in zip(done, spans, strict=True):
            assert finding.fix is not None
            new_start = start + shift
            shift += len(finding.fix) - (end - start)
            for later in after:
                if later.code == finding.code:
                    assert _offset(fixed, later.line, later.column) != new_start, later
        text = fixed
    assert not [f for f in _findings(text) if f.fix is not None]
    again = fix_bytes(outcome.after, path="list.md")
    assert again.after == outcome.after and not again.fixed  # fixing twice == fixing once
    return len(outcome.fixed)


def test_fixture_is_fixed_as_expected() -> None:
    outcome = fix_bytes(FIXABLE.read_bytes(), path="fixable.md")
    assert outcome.after.decode("utf-8") == FIXED.read_text(encoding="utf-8")
    assert {f.name for f in outcome.fixed} == {
        "broken-anchor",
        "missing-space-before-link",
        "malformed-arxiv-url",
        "link-text-whitespace",
        "http-link",
        "mojibake",
        "table-cell-count",
    }
    assert _check_properties(FIXABLE.read_bytes()) == len(outcome.fixed)


def test_what_is_not_certain_is_not_fixed() -> None:
    text = (
        "# L\n\n## Vision Models\n\n## Vision Transformers\n\n- [a](#vision)\n"
        "- [b](http://example.com/x)\n- [c](https://arxiv.org/abs/2103.0002)\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 | 3 |\n"
    )
    outcome = fix_bytes(text.encode(), path="l.md")
    assert not outcome.changed and not outcome.fixed
    assert {f.name for f in _findings(text)} >= {"broken-anchor", "http-link", "table-cell-count"}


def test_line_endings_and_bom_are_kept() -> None:
    data = b"\xef\xbb\xbf# L\r\n\r\n- Word[[Paper]](https://arxiv.org/abs/2307.15220)\r\n- x\n"
    outcome = fix_bytes(data, path="l.md")
    assert outcome.after == data.replace(b"Word[[", b"Word [[")
    with pytest.raises(NotFixable, match="not valid UTF-8"):
        fix_bytes(b"# L\n\n- Caf\xe9[[Paper]](https://x.org)\n", path="l.md")


@pytest.mark.parametrize("path", _shared_lists(), ids=lambda p: p.name)
def test_fix_properties_on_real_lists(path: Path) -> None:
    _check_properties(path.read_bytes())


def test_shared_lists_have_fixes() -> None:
    lists = _shared_lists()
    if not lists:
        pytest.skip("../shared is not available")
    assert sum(len(fix_bytes(p.read_bytes(), path=p.name).fixed) for p in lists[:5]) > 0


def test_cli_fix_writes_and_diff_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "README.md"
    target.write_bytes(FIXABLE.read_bytes())
    assert main(["lint", "--fix", "--diff", str(target)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- a/{target}\n+++ b/{target}\n")
    assert "+- Learning Representations from Surgical Video Lectures [[Paper]]" in out
    assert target.read_bytes() == FIXABLE.read_bytes()
    main(["lint", "--fix", str(target)])
    assert target.read_text(encoding="utf-8") == FIXED.read_text(encoding="utf-8")
    assert "fixed" in capsys.readouterr().err
    assert main(["lint", "--fix", "--diff", str(target)]) == 0
    assert main(["lint", "--diff", str(target)]) == 2  # --diff needs --fix


def test_sarif_carries_fixes() -> None:
    findings = _findings(FIXABLE.read_text(encoding="utf-8"))
    log = json.loads(render(findings, "sarif"))
    results = log["runs"][0]["results"]
    with_fix = [r for r in results if "fixes" in r]
    assert len(with_fix) == sum(1 for f in findings if f.fix is not None) > 0
    for result in with_fix:
        (change,) = result["fixes"][0]["artifactChanges"]
        (replacement,) = change["replacements"]
        assert replacement["deletedRegion"] == result["locations"][0]["physicalLocation"]["region"]
        assert isinstance(replacement["insertedContent"]["text"], str)
        assert result["fixes"][0]["description"]["text"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_cli_fix_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "README.md"
    target.write_bytes(FIXABLE.read_bytes())
    folder.chmod(0o500)
    try:
        assert main(["lint", "--fix", str(target)]) == 2
    finally:
        folder.chmod(0o700)
    err = capsys.readouterr().err
    assert "cannot write the fixes" in err and "Traceback" not in err
    assert target.read_bytes() == FIXABLE.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]


_PIECES = [
    "# Awesome Lists\n",
    "## Vision Models\n",
    "## Audio\n",
    "- [Vision](#Vision Models)\n",
    "- [Audio](#audi)\n",
    "- Word[[Paper]](https://arxiv.org/abs/2307.15220)\n",
    "- [ Padded ](https://github.com/a/b)\n",
    "- [x](http://github.com/a/b) and http://example.com/y\n",
    "- [GPT-3](https://arxiv.org/2005.14165) [pdf](arxiv.org/2005.14165.pdf)\n",
    "- Göttingen GÃ¶ttingen MÃ¼nchen\n",
    "| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 | |\n| 4 | 5 |\n",
    "`[ code ](http://github.com/x)`\n",
    "<!-- Word[[Paper]](http://github.com/x) -->\n",
    "\n",
    "\r\n",
    "plain text [[Code]]\n",
]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_fix_properties_on_generated_lists(pieces: list[str]) -> None:
    _check_properties("".join(pieces).encode("utf-8"))
