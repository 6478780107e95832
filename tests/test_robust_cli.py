"""The command line under failure: one line on stderr, exit 2 (130 for Ctrl-C), no traceback,
and never a partial or truncated output file.

tests/test_cli.py covers the basic error messages (missing file, directory as input, PNG,
missing output directory, unknown extension or format, --bom with JSON); this module covers
the rest of the failure modes and, above all, what is left on disk after them.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from awesome_parse import cli, parser
from awesome_parse.cli import main

from .conftest import ROOT

LIST = "# My List\n\n## Papers\n\n- [CLIP](https://arxiv.org/abs/2103.00020) (from OpenAI)\n"
OLD = "previous output, must survive\n"


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text(LIST, encoding="utf-8")
    return path


def one_line_error(capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- input failures -------------------------------------------------------------------------


def test_input_path_through_a_file_is_one_line(readme: Path, capsys) -> None:
    assert main([str(readme) + "/child.md"]) == 2
    one_line_error(capsys, "cannot read")


def test_unreadable_input_with_chmod(readme: Path, capsys) -> None:
    if os.geteuid() == 0:
        pytest.skip(
            "running as root: chmod 000 does not stop root from reading "
            "(test_unreadable_input_simulated covers the error path)"
        )
    readme.chmod(0)
    try:
        assert main([str(readme)]) == 2
        one_line_error(capsys, "permission denied")
    finally:
        readme.chmod(0o644)


def test_unreadable_input_simulated(readme: Path, monkeypatch, capsys) -> None:
    real_open = os.open

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == str(readme):
            raise PermissionError(errno.EACCES, "Permission denied", str(readme))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    assert main([str(readme)]) == 2
    one_line_error(capsys, str(readme), "permission denied")


def test_input_read_error_is_one_line(readme: Path, monkeypatch, capsys) -> None:
    def broken(name):
        raise parser.ParseError(f"{name}: cannot read: Input/output error")

    monkeypatch.setattr(parser, "read_input", broken)
    assert main([str(readme)]) == 2
    one_line_error(capsys, "Input/output error")


def test_empty_input_file_is_not_an_error(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert main([str(empty)]) == 0
    assert json.loads(capsys.readouterr().out)["sections"] == []


# --- output failures ------------------------------------------------------------------------


def test_output_that_is_a_directory(readme: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "out.json").mkdir()
    assert main([str(readme), "-o", str(tmp_path / "out.json")]) == 2
    one_line_error(capsys, "is a directory")


def test_output_into_a_read_only_directory(
    readme: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    # Root ignores directory permissions, so the check is driven through os.access.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw)
    )
    assert main([str(readme), "-o", str(tmp_path / "out.json")]) == 2
    one_line_error(capsys, "not writable")
    assert listing(tmp_path) == ["README.md"]


def test_output_file_system_refuses_the_write(
    readme: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    out = tmp_path / "out.json"
    out.write_text(OLD)
    real_open = os.open

    def read_only_fs(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_fs)
    assert main([str(readme), "-o", str(out)]) == 2
    one_line_error(capsys, "cannot write", "Read-only file system")
    assert out.read_text() == OLD
    assert listing(tmp_path) == ["README.md", "out.json"]


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".bib", ".csv"])
def test_disk_full_while_writing_leaves_the_old_file_and_no_temp(
    suffix: str, readme: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    out = tmp_path / f"out{suffix}"
    out.write_text(OLD)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert main([str(readme), "-o", str(out)]) == 2
    one_line_error(capsys, "No space left on device")
    assert out.read_text() == OLD
    assert listing(tmp_path) == ["README.md", out.name]


def test_ctrl_c_while_writing_leaves_the_old_file_and_no_temp(
    readme: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    out = tmp_path / "out.json"
    out.write_text(OLD)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    assert main([str(readme), "-o", str(out)]) == 130
    one_line_error(capsys, "interrupted")
    assert out.read_text() == OLD
    assert listing(tmp_path) == ["README.md", "out.json"]


def test_failure_while_adding_to_a_database_rolls_back(
    readme: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    from awesome_parse.exporters import sqlite as sqlite_export

    db = tmp_path / "papers.sqlite"
    assert main([str(readme), "-o", str(db)]) == 0
    before = db.read_bytes()
    other = tmp_path / "other.md"
    other.write_text(LIST.replace("CLIP", "ALIGN"), encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite_export, "_create_indexes", interrupted)
    assert main([str(other), "-o", str(db)]) == 130
    one_line_error(capsys, "interrupted")
    assert db.read_bytes() == before
    assert listing(tmp_path) == ["README.md", "other.md", "papers.sqlite"]
    with sqlite3.connect(db) as connection:
        (count,) = connection.execute("SELECT count(*) FROM documents").fetchone()
    assert count == 1


# --- formats and options --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "xml"], "unknown format"),
        (["-o", "{tmp}/out.csv", "--all-kinds"], "BibTeX, CSL-JSON and RIS output only"),
        (["-o", "{tmp}/out.bib", "--csv-raw"], "CSV output only"),
        (["-f", "sqlite"], "needs a file"),
        (["-o", "-", "-f", "db"], "needs a file"),
        (["-o", "{tmp}/out.tar.gz"], "cannot tell the format"),
        (["-o", "{tmp}/noext"], "cannot tell the format"),
    ],
)
def test_bad_formats_and_conflicting_options(
    args, message, readme: Path, tmp_path: Path, capsys
) -> None:
    filled = [a.format(tmp=tmp_path) for a in args]
    assert main([str(readme), *filled]) == 2
    one_line_error(capsys, message)
    assert listing(tmp_path) == ["README.md"]


def test_unknown_option_exits_2_without_traceback(readme: Path, capsys) -> None:
    assert main([str(readme), "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unrecognized arguments" in err
    assert err.count("\n") == 1


# --- Ctrl-C ---------------------------------------------------------------------------------


def test_ctrl_c_during_parse_exits_130_and_writes_nothing(
    readme: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    out = tmp_path / "out.json"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(parser, "parse_source", interrupted)
    assert main([str(readme), "-o", str(out)]) == 130
    one_line_error(capsys, "interrupted")
    assert listing(tmp_path) == ["README.md"]


def test_ctrl_c_inside_mistletoe_leaves_the_parser_usable(
    readme: Path, monkeypatch, capsys
) -> None:
    # An interrupt inside the guarded markdown session must restore mistletoe's globals.
    from mistletoe import core_tokens, span_token

    pattern, tokenize_inner, limit = (
        core_tokens.code_pattern,
        span_token.tokenize_inner,
        sys.getrecursionlimit(),
    )
    from awesome_parse import read

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(read, "build_document", interrupted)
    assert main([str(readme)]) == 130
    capsys.readouterr()
    assert (core_tokens.code_pattern, span_token.tokenize_inner) == (pattern, tokenize_inner)
    assert sys.getrecursionlimit() == limit
    monkeypatch.undo()
    assert main([str(readme)]) == 0


def test_real_sigint_on_a_large_input(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text(
        "# Big\n\n"
        + "".join(
            f"- [Paper {i}](https://arxiv.org/abs/2101.{i:05d}) - text\n" for i in range(60_000)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    out.write_text(OLD)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "awesome_parse", str(big), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(2.0)  # well past start-up, well before the ~20 s parse ends
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr == "awesome-parse: interrupted\n"
    assert stdout == ""
    assert out.read_text() == OLD
    assert listing(tmp_path) == ["big.md", "out.json"]


def test_closed_stdout_is_not_a_traceback(readme: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    big = readme.parent / "big.md"
    big.write_text("# B\n\n" + "".join(f"- [p{i}](https://x.org/{i})\n" for i in range(3000)))
    process = subprocess.Popen(
        [sys.executable, "-m", "awesome_parse", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert process.returncode in (0, 130, -signal.SIGPIPE)


def test_cli_main_catches_usage_errors_from_every_command(capsys) -> None:
    # The UsageError contract: anything the CLI raises for bad input is one line.
    assert issubclass(cli.UsageError, Exception)
    assert main(["schema"]) == 0
    capsys.readouterr()
