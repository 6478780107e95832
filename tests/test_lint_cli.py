"""The ``lint`` command: exit codes, stdin, directories, errors as one line, formats on the
command line, a light import, and the pre-commit hook definition."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from awesome_parse.cli.lint import main

from .conftest import ROOT

CLEAN = "# List\n\n## Papers\n- [CLIP](https://arxiv.org/abs/2103.00020)\n"
WARNS = CLEAN + "- [CLIP](https://arxiv.org/abs/2103.00020)\n"  # duplicate-entry: warning
BROKEN = CLEAN + "- GPT-3 [[Paper]] [[Code]](https://github.com/openai/gpt-3)\n"  # empty-link


@pytest.fixture
def lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml above: the defaults apply
    for name, text in (("clean.md", CLEAN), ("warns.md", WARNS), ("broken.md", BROKEN)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["clean.md"], 0),
        (["warns.md"], 0),
        (["warns.md", "--fail-on", "warning"], 1),
        (["broken.md"], 1),
        (["broken.md", "--fail-on", "never"], 0),
        (["broken.md", "--ignore", "empty-link"], 0),
        (["clean.md", "broken.md"], 1),
    ],
)
def test_exit_codes(lists: Path, args: list[str], code: int) -> None:
    assert main(args) == code


def test_text_output_and_summary(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["broken.md", "warns.md"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == (
        "broken.md:5:9: AP101 [empty-link] [[Paper]] is shown as plain text: no (URL) follows it"
    )
    assert err.strip() == "2 findings (1 error, 1 warning) in 2 of 2 files"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md"], "missing.md: no such file"),
        (["picture.md"], "not a Markdown text file"),
        (["clean.md", "--config", "nowhere.toml"], "no such configuration file"),
        (["clean.md", "--select", "AP000"], "unknown rule 'AP000'"),
        ([], "give at least one PATH"),
        (["clean.md", "-o", "no/such/dir/out.json"], "cannot write"),
    ],
)
def test_usage_and_io_errors_are_one_line_and_exit_2(
    lists: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (lists / "picture.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_other_files_are_still_linted_when_one_is_unreadable(
    lists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["missing.md", "broken.md"]) == 2
    out, err = capsys.readouterr()
    assert "broken.md:5:9: AP101" in out
    assert err.startswith("awesome-parse: error: missing.md: no such file")


def test_invalid_option_is_exit_2(lists: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["clean.md", "--format", "xml"])
    assert exit_info.value.code == 2


def test_directories(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sub = lists / "docs" / "nested"
    sub.mkdir(parents=True)
    (sub / "README").write_text(BROKEN, encoding="utf-8")
    (sub / "notes.txt").write_text(BROKEN, encoding="utf-8")
    for skipped in (".git", "node_modules", ".venv"):
        (lists / skipped).mkdir()
        (lists / skipped / "x.md").write_text(BROKEN, encoding="utf-8")
    assert main([".", "--format", "json"]) == 1
    paths = sorted({Path(f["path"]).as_posix() for f in json.loads(capsys.readouterr().out)})
    assert paths == ["broken.md", "docs/nested/README", "warns.md"]
    (lists / "empty").mkdir()
    assert main(["empty"]) == 2  # a typo in a CI path must not pass
    assert "no Markdown files found" in capsys.readouterr().err


def test_stdin(
    lists: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN.encode())))
    assert main(["-", "--stdin-filename", "lists/README.md", "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["path"] == "lists/README.md" and finding["name"] == "empty-link"


def test_output_file_and_sarif(lists: Path) -> None:
    assert main(["broken.md", "--format", "sarif", "-o", "out.sarif"]) == 1
    log = json.loads((lists / "out.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["results"][0]["ruleId"] == "AP101"


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    from awesome_parse.lint import RULES

    assert main(["--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [rule.code for rule in RULES]


def test_registration_does_not_import_the_parser() -> None:
    """``awesome_parse.cli`` calls add_lint_command on every start: it must stay light."""
    code = (
        "import argparse, sys\n"
        "from awesome_parse.cli.lint import add_lint_command\n"
        "parser = argparse.ArgumentParser()\n"
        "add_lint_command(parser.add_subparsers())\n"
        "args = parser.parse_args(['lint', 'x.md'])\n"
        "assert callable(args.run)\n"
        "heavy = [m for m in ('mistletoe', 'pydantic', 'ftfy', 'awesome_parse.model',"
        " 'awesome_parse.lint.registry') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]"


def test_wired_into_the_main_cli(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from awesome_parse import cli

    assert cli.main(["lint", "broken.md"]) == 1
    assert "AP101 [empty-link]" in capsys.readouterr().out


def test_pre_commit_hook_definition() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = dict(
        line.strip().lstrip("- ").split(": ", 1) for line in text.splitlines() if ": " in line
    )
    assert hook["id"] == "awesome-parse-lint"
    assert hook["entry"] == "awesome-parse lint"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.md$"


def test_input_nested_too_deep_is_a_finding_not_a_traceback(
    lists: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (lists / "deep.md").write_text("# Deep\n\n" + "- " * 400 + "item\n", encoding="utf-8")
    assert main(["deep.md"]) == 0  # a warning, below the default --fail-on error
    out, err = capsys.readouterr()
    assert "[nesting-too-deep]" in out
    assert "Traceback" not in err and "RecursionError" not in err
