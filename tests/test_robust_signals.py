"""Signals and a killed parent, with real processes (issue 19): batch workers end with their
parent, and an interrupted run leaves the old output and no temporary file.

Each batch here has a file that never finishes parsing (tests/blocking_batch.py), so the run is
certainly in the middle of its work when it is signalled; every wait is a bounded poll.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to find the workers"
)

LIST = "# L\n\n- [CLIP](https://arxiv.org/abs/2103.00020)\n"
POLLS = 600
"""Bounded polls of 0.05 s: far more than any healthy run needs, and never an assertion on time."""


def _poll(condition: Callable[[], bool]) -> bool:
    for _ in range(POLLS):
        if condition():
            return True
        time.sleep(0.05)
    return False


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as gone: it holds no memory or pipe)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.fixture(autouse=True)
def _no_batch_left_behind() -> Iterator[None]:
    """A failed assertion must not leave a batch (and its workers) blocked for an hour."""
    yield
    for process in _STARTED:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
    _STARTED.clear()


_STARTED: list[subprocess.Popen[bytes]] = []


def _start(
    tmp_path: Path, output: str, *, files: int = 4, blocking_at: int = 0
) -> subprocess.Popen[bytes]:
    lists = tmp_path / "lists"
    lists.mkdir()
    for i in range(files):
        name = f"{i:03d}{'-block' if i == blocking_at else ''}.md"
        (lists / name).write_text(LIST.replace("CLIP", f"P{i}"), encoding="utf-8")
    script = str(ROOT / "tests" / "blocking_batch.py")
    process = subprocess.Popen(
        [sys.executable, script, "batch", str(lists), "-o", output, "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    _STARTED.append(process)
    return process


def _workers(process: subprocess.Popen[bytes]) -> set[int]:
    assert _poll(lambda: len(_children(process.pid)) == 2), "the batch started no workers"
    return _children(process.pid)


def test_workers_die_when_the_parent_is_killed(tmp_path: Path) -> None:
    process = _start(tmp_path, str(tmp_path / "out.jsonl"))
    workers = _workers(process)
    process.kill()
    process.wait(timeout=60)
    assert _poll(lambda: not any(_alive(pid) for pid in workers)), "orphaned workers"


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signalled_batch_stops_its_workers_and_keeps_the_old_output(
    tmp_path: Path, sent: signal.Signals, status: int
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    process = _start(tmp_path, str(out))
    workers = _workers(process)
    assert _poll(lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()))
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr
    assert stderr.decode().count("\n") == 1 and b"Traceback" not in stderr
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lists", "out.jsonl"]
    assert _poll(lambda: not any(_alive(pid) for pid in workers))


def test_an_interrupted_sqlite_batch_leaves_the_old_database(tmp_path: Path) -> None:
    db = tmp_path / "all.sqlite"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE mine (x)")
    before = db.read_bytes()
    # 64 documents make a chunk: the first is in the temporary database when file 70 blocks.
    process = _start(tmp_path, str(db), files=80, blocking_at=70)
    building = tmp_path / "building"

    def first_chunk_written() -> bool:
        temps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if temps and temps[0].stat().st_size > len(before):
            building.write_text(temps[0].name)
            return True
        return False

    assert _poll(first_chunk_written)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert db.read_bytes() == before
    building.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.sqlite", "lists"]
