"""Outputs, inputs and file names an operator meets in containers and pipelines (issue 19):
device nodes, FIFOs, symbolic and hard links, names that are not UTF-8 or are 255 bytes long.

Device nodes are made with ``mknod`` in a temporary directory, so nothing of the system is
touched; that needs root (as in CI), and those tests skip otherwise.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from awesome_parse import export, parse, parse_file
from awesome_parse._output import write_output
from awesome_parse.cli import main

from .conftest import ROOT

LIST = "# My List\n\n## Papers\n\n- [CLIP](https://arxiv.org/abs/2103.00020) (from OpenAI)\n"
OLD = "previous output, must survive\n"

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root"
)


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text(LIST, encoding="utf-8")
    return path


def _device(folder: Path, name: str, major: int, minor: int) -> Path:
    path = folder / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return path


def _is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process: a regression that blocks fails by the timeout instead of
    hanging the test run."""
    return subprocess.run(
        [sys.executable, "-m", "awesome_parse", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


# --- 1. outputs that are not regular files -------------------------------------------------


@needs_root
@pytest.mark.parametrize("command", ["parse", "lint", "batch"])
def test_output_to_a_null_device_keeps_the_device(
    command: str, readme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    null = _device(tmp_path, "null", 1, 3)
    args = {
        "parse": [str(readme), "-o", str(null), "-f", "json"],
        "lint": ["lint", str(readme), "--format", "sarif", "-o", str(null)],
        "batch": ["batch", str(readme), "-o", str(null)],
    }[command]
    if command == "batch":  # batch tells JSON Lines from SQLite by the name: link to it
        (tmp_path / "null.jsonl").symlink_to(null)
        args[-1] = str(tmp_path / "null.jsonl")
    assert main(args) in (0, 1)
    capsys.readouterr()
    assert _is_char_device(null)
    if command == "batch":
        assert (tmp_path / "null.jsonl").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["README.md", "null", *(["null.jsonl"] if command == "batch" else [])]
    )


@needs_root
def test_output_to_a_full_device_is_a_one_line_error_and_keeps_it(
    readme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = _device(tmp_path, "full", 1, 7)
    assert main([str(readme), "-o", str(full), "-f", "json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert _is_char_device(full)


@needs_root
def test_sqlite_to_a_device_is_built_aside_and_copied_through(
    readme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    null = _device(tmp_path, "null", 1, 3)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    assert main([str(readme), "-o", str(null), "-f", "sqlite"]) == 0
    assert _is_char_device(null)
    assert list(scratch.iterdir()) == []


def test_output_to_a_fifo_is_written_through(readme: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        assert main([str(readme), "-o", str(fifo)]) == 0
    finally:
        reader.join(timeout=60)
    assert json.loads(received[0])["source"] == str(readme)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_to_an_alias_of_stdout_writes_the_stream(readme: Path, tmp_path: Path) -> None:
    # A link like /dev/stdout, made in the test's folder: a regression replaces this link, not
    # the system's /dev/stdout (which an earlier version did replace, as root).
    alias = tmp_path / "stdout"
    alias.symlink_to("/proc/self/fd/1")
    result = _cli(str(readme), "-o", str(alias), "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("section,kind,title,authors")
    assert alias.is_symlink()


def test_the_standard_stream_names_are_written_in_place() -> None:
    # Even when stdout is a regular file (``> out.json``): /dev/stdout is its alias, never a
    # file to rename over. Checked without writing, so no test can replace the real one.
    from awesome_parse._output import _resolve

    for name in ("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/proc/self/fd/1"):
        assert _resolve(name).in_place, name


def test_output_through_a_symlink_replaces_its_target(readme: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    assert main([str(readme), "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert json.loads(target.read_text())["source"] == str(readme)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "link.json", "real.json"]


def test_a_dangling_symlink_creates_its_target(readme: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    assert main([str(readme), "-o", str(link)]) == 0
    assert link.is_symlink() and (tmp_path / "made.csv").read_text().startswith("section,")


def test_write_output_leaves_no_temporary_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text(OLD)

    with pytest.raises(TypeError):
        write_output(target, object())  # type: ignore[arg-type]
    assert target.read_text() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# --- 10. output names of 242-255 bytes ------------------------------------------------------


@pytest.mark.parametrize("length", [242, 250, 255])
@pytest.mark.parametrize("suffix", [".json", ".sqlite"])
def test_an_output_name_of_up_to_255_bytes_is_written(
    length: int, suffix: str, readme: Path, tmp_path: Path
) -> None:
    name = "x" * (length - len(suffix)) + suffix
    assert main([str(readme), "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / name).stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", name]


# --- 3. inputs that would block -------------------------------------------------------------


def test_a_fifo_input_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "list.md"
    os.mkfifo(fifo)
    (tmp_path / "good.md").write_text(LIST, encoding="utf-8")
    for args in ([str(fifo)], ["lint", str(fifo)]):
        result = _cli(*args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "FIFO" in result.stderr, result.stderr
    result = _cli("batch", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1")
    assert result.returncode == 1  # the FIFO failed, the other list was read
    assert "list.md: not a regular file but a FIFO" in result.stderr
    assert '"title":"CLIP"' in (tmp_path / "out.jsonl").read_text()


def test_stdin_may_still_be_a_pipe(readme: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "awesome_parse", "-"],
        input=LIST,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 0 and '"CLIP"' in result.stdout


# --- 2. file names that are not UTF-8 -------------------------------------------------------


@pytest.fixture
def latin1_named(tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.md"
    with open(raw, "w", encoding="utf-8") as handle:
        handle.write(LIST)
    (folder / "plain.md").write_text(LIST.replace("CLIP", "ALIGN"), encoding="utf-8")
    return Path(os.fsdecode(raw))


def test_a_non_utf8_name_is_escaped_in_the_source(latin1_named: Path) -> None:
    doc = parse_file(latin1_named)
    assert doc.source is not None and doc.source.endswith("caf\\xe9.md")
    for fmt in ("json", "jsonl", "csv", "bibtex", "sqlite"):
        assert export(doc, fmt)


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv", ".sqlite"])
def test_a_non_utf8_name_in_every_output_format(
    suffix: str, latin1_named: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"out{suffix}"
    assert main([str(latin1_named), "-o", str(out)]) == 0
    assert out.stat().st_size > 0


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_lint_of_a_non_utf8_name(
    fmt: str, latin1_named: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin1_named.write_text(LIST + "\n- [empty]()\n", encoding="utf-8")
    assert main(["lint", str(latin1_named), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "xe9.md" in out


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_one_non_utf8_name_does_not_abort_a_batch(
    suffix: str, latin1_named: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"all{suffix}"
    assert main(["batch", str(latin1_named.parent), "-o", str(out), "--jobs", "1"]) == 0
    assert "2 files ok, 0 failed" in capsys.readouterr().err
    if suffix == ".sqlite":
        with sqlite3.connect(out) as connection:
            sources = sorted(s for (s,) in connection.execute("SELECT source FROM documents"))
        assert [Path(s).name for s in sources] == ["caf\\xe9.md", "plain.md"]
    else:
        titles = {json.loads(line)["title"] for line in out.read_text().splitlines()}
        assert titles == {"CLIP", "ALIGN"}


def test_a_failed_file_with_a_non_utf8_name_is_named_once_escaped(
    latin1_named: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin1_named.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = tmp_path / "all.jsonl"
    assert main(["batch", str(latin1_named.parent), "-o", str(out), "--jobs", "1"]) == 1
    [failed] = [line for line in capsys.readouterr().err.splitlines() if "failed:" in line]
    assert failed.endswith("caf\\xe9.md: not a Markdown text file: looks like a PNG image")


# --- 4. the input is never the output -------------------------------------------------------


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("command", ["parse", "lint"])
def test_the_input_is_never_overwritten(
    how: str, command: str, readme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = {"same": readme, "symlink": tmp_path / "out.json", "hardlink": tmp_path / "h.json"}[
        how
    ]
    if how == "symlink":
        output.symlink_to(readme)
    elif how == "hardlink":
        os.link(readme, output)
    args = [str(readme), "-o", str(output), "-f", "json"]
    if command == "lint":
        args = ["lint", str(readme), "--format", "sarif", "-o", str(output)]
    assert main(args) == 2
    assert "input file; choose another output" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == LIST


def test_batch_does_not_read_its_own_output(tmp_path: Path, capsys) -> None:
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "a.md").write_text(LIST, encoding="utf-8")
    (lists / "b.markdown").write_text(LIST.replace("CLIP", "ALIGN"), encoding="utf-8")
    out = lists / "README.jsonl"
    for _ in range(2):  # the second run finds the first one's README.jsonl in the folder
        assert main(["batch", str(lists), "-o", str(out), "--jobs", "1"]) == 0
        assert "2 files ok, 0 failed, 2 entries" in capsys.readouterr().err
    assert main(["batch", str(out), "-o", str(out)]) == 2
    assert "is an input file" in capsys.readouterr().err


# --- 7. front matter ------------------------------------------------------------------------


def test_a_leading_rule_without_keys_is_not_front_matter() -> None:
    text = "---\n\n## Tools\n\n- [A](https://a.org)\n\n---\n\n- [B](https://b.org)\n"
    doc = parse(text)
    assert doc.front_matter == {}
    assert [e.title for _, e in doc.walk()] == ["A", "B"]
    [diagnostic] = [d for d in doc.diagnostics if d.code == "front-matter-without-keys"]
    assert diagnostic.line == 1 and "lines 1-7" in diagnostic.message


def test_front_matter_with_a_key_is_still_read() -> None:
    doc = parse("---\ntitle: My list\ntags: [a, b]\n---\n- [A](https://a.org)\n")
    assert doc.front_matter == {"title": "My list", "tags": ["a", "b"]}
    assert not doc.diagnostics


# --- 10. smaller ones -----------------------------------------------------------------------


def test_lint_of_a_path_past_path_max_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "a/" * 2100 + "x.md"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "File name too long" in err and "internal" not in err


@pytest.mark.parametrize("command", ["parse", "lint", "schema"])
def test_stdout_on_a_full_disk_is_one_line(command: str, readme: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    args = {"parse": [str(readme)], "lint": ["lint", str(readme)], "schema": ["schema"]}[command]
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "awesome_parse", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    assert result.returncode == 2
    assert result.stderr == (
        "awesome-parse: error: standard output: cannot write: No space left on device\n"
    )


def test_batch_to_a_closed_pipe_is_silent(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"l{i}.md").write_text(LIST * 50, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "awesome_parse", "batch", str(tmp_path), "-o", "-", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert stderr == b""


def test_lint_of_an_empty_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(tmp_path)]) == 2
    assert "no Markdown files found" in capsys.readouterr().err


def test_an_unknown_command_is_named(
    readme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["lnt", str(readme)]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'lnt'" in err and "did you mean 'lint'" in err
    monkeypatch.chdir(readme.parent)
    assert main(["README.md"]) == 0  # the default command still takes a bare path
    assert main(["parse"]) == 2  # and a command word that is a command stays one
