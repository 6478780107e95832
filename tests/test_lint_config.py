"""Lint configuration: pyproject.toml discovery, select/ignore/severity, command-line
overrides, configuration errors, and inline ``awesome-parse-disable`` comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from awesome_parse.cli.lint import main
from awesome_parse.lint import ConfigError, LintConfig, lint_paths, lint_source, load_config
from awesome_parse.lint.config import find_config

LIST = (
    "# List\n\n## Papers\n"
    "- CLIP [[Paper]] [[Code]](https://github.com/openai/CLIP)\n"  # AP101 error, line 4
    "- [ Whisper](http://arxiv.org/abs/2212.04356)\n"  # AP105 info + AP107 info, line 5
)


def _codes(findings: list) -> list[str]:  # type: ignore[type-arg]
    return sorted({f.code for f in findings})


def test_defaults_skip_rules_that_are_off() -> None:
    config = LintConfig()
    codes = [rule.code for rule, _ in config.rules()]
    assert "AP101" in codes and "AP207" not in codes


def test_select_ignore_extend_and_severity() -> None:
    assert _codes(lint_source(LIST, path="x", config=LintConfig(select=("empty-link",)))) == [
        "AP101"
    ]
    assert _codes(
        lint_source(LIST, path="x", config=LintConfig(ignore=("AP105", "http-link")))
    ) == ["AP101"]
    config = LintConfig(select=("AP105",), extend_select=("http-link",), ignore=("AP105",))
    assert _codes(lint_source(LIST, path="x", config=config)) == ["AP107"]
    config = LintConfig(select=("all",), severity={"empty-link": "warning", "AP107": "error"})
    by_code = {f.code: f.severity for f in lint_source(LIST, path="x", config=config)}
    assert by_code["AP101"] == "warning" and by_code["AP107"] == "error"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('select = ["no-such-rule"]', "unknown rule 'no-such-rule' in select"),
        ('ignore = "AP999"', "unknown rule 'AP999' in ignore"),
        ('severity = { empty-link = "fatal" }', "must be one of error, warning, info"),
        ('fail-on = "sometimes"', "fail-on"),
        ("colour = true", "unknown setting 'colour'"),
        ("select = 3", "must be a list of rule codes or names"),
    ],
)
def test_config_errors(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.awesome_parse.lint]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_config_file_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("select = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(tmp_path / "bad.toml")
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "missing.toml")
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[tool.awesome_parse.lint\] table"):
        load_config(tmp_path / "pyproject.toml")


def test_standalone_toml(tmp_path: Path) -> None:
    (tmp_path / "lint.toml").write_text('select = ["AP107"]\nfail-on = "info"\n', "utf-8")
    config = load_config(tmp_path / "lint.toml")
    assert config.select == ("AP107",) and config.fail_on == "info"


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.awesome_parse.lint]\n{table}\n', encoding="utf-8"
    )
    lists = tmp_path / "lists" / "deep"
    lists.mkdir(parents=True)
    readme = lists / "README.md"
    readme.write_text(LIST, encoding="utf-8")
    return readme


def test_nearest_pyproject_above_the_file(tmp_path: Path) -> None:
    readme = _project(tmp_path, 'ignore = ["empty-link"]')
    (tmp_path / "lists" / "pyproject.toml").write_text("[tool.black]\n", encoding="utf-8")
    assert find_config(readme) == tmp_path / "pyproject.toml"  # skips pyproject without table
    assert _codes(lint_paths([str(readme)])) == ["AP105", "AP107"]


def test_pyproject_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _project(project, 'select = ["http-link"]')
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text(LIST, encoding="utf-8")
    monkeypatch.chdir(project)
    assert _codes(lint_paths([str(elsewhere)])) == ["AP107"]


def test_cli_overrides_and_config_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = _project(tmp_path, 'ignore = ["empty-link"]\nfail-on = "info"')
    monkeypatch.chdir(tmp_path)
    assert main([str(readme)]) == 1  # info findings fail with fail-on = "info"
    assert "AP101" not in capsys.readouterr().out
    assert main([str(readme), "--fail-on", "error"]) == 0
    assert main([str(readme), "--select", "AP101, http-link"]) == 1
    out = capsys.readouterr().out
    assert "AP107" in out and "AP101" not in out  # the file's ignore still applies
    other = tmp_path / "other.toml"
    other.write_text('select = ["empty-link"]\n', encoding="utf-8")
    assert main([str(readme), "--config", str(other)]) == 1
    assert "AP101 [empty-link]" in capsys.readouterr().out
    assert main([str(readme), "--select", "nope"]) == 2
    assert "unknown rule 'nope'" in capsys.readouterr().err


# --- inline comments --------------------------------------------------------------------

INLINE = """# List

## Papers
<!-- awesome-parse-disable-next-line empty-link -->
- A [[Paper]] [x](http://a.org)
- B [[Paper]]
<!-- awesome-parse-disable AP101, http-link -->
- C [[Paper]] [x](http://c.org)
<!-- awesome-parse-enable http-link -->
- D [[Paper]] [x](http://d.org)
<!-- awesome-parse-enable -->
- E [[Paper]]
<!-- awesome-parse-disable -->
- F [[Paper]] [x](http://f.org)
<!-- awesome-parse-enable empty-link -->
- G [[Paper]] [x](http://g.org)
<!-- awesome-parse-disable unknown-rule -->
```markdown
<!-- awesome-parse-disable -->
```
- H [[Paper]]
"""


def test_inline_comments() -> None:
    config = LintConfig(select=("empty-link", "http-link"))
    found = {(f.line, f.name) for f in lint_source(INLINE, path="x.md", config=config)}
    assert found == {
        (5, "http-link"),  # next-line silenced only empty-link
        (6, "empty-link"),
        (10, "http-link"),  # re-enabled by name while empty-link stays off
        (12, "empty-link"),
        (16, "empty-link"),  # everything off, then empty-link alone back on
        (21, "empty-link"),  # a comment in a code block is not a switch
    }
