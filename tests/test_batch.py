"""Batch mode: many files through a process pool (or any executor) in input order, failures
reported in place, the same documents as a plain in-process parse, and the ``batch`` command.

No timings are asserted here; speed targets live in ``benchmarks/run.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

import pytest

from awesome_parse import batch
from awesome_parse.batch import BatchError, parse_many
from awesome_parse.cli import main
from awesome_parse.cli.batch import _Progress, expand_inputs
from awesome_parse.model import Document

from .conftest import ROOT, shared_files

EXAMPLE = ROOT / "examples" / "awesome-example.md"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

Outcome = list[tuple[str, str]]


def _small_list(index: int, entries: int) -> str:
    items = "".join(
        f"- [Paper {index}.{n}](https://arxiv.org/abs/2101.{index:02d}{n:03d}) (from Lab {n})\n"
        for n in range(entries)
    )
    return f"# List {index}\n\n## Papers\n\n{items}"


def _generated(folder: Path, count: int = 6) -> list[Path]:
    """Lists of very different sizes, so that a pool finishes them out of order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"list{index}.md"
        path.write_text(_small_list(index, 400 if index % 3 == 0 else 3), encoding="utf-8")
        paths.append(path)
    return paths


def _comparable(results: Iterable[tuple[str, Document | BatchError]]) -> Outcome:
    return [
        (name, result.model_dump_json() if isinstance(result, Document) else f"error: {result}")
        for name, result in results
    ]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seeds and corpus when ../shared exists, else the example and generated lists; plus
    a missing and a binary file."""
    folder = tmp_path_factory.mktemp("batch")
    real = shared_files("seeds") + shared_files("corpus")
    files = real or [EXAMPLE, *_generated(folder / "generated")]
    binary = folder / "image.md"
    binary.write_bytes(PNG)
    return [str(p) for p in files] + [str(folder / "missing.md"), str(binary)]


@pytest.fixture(scope="module")
def reference(inputs: list[str]) -> Outcome:
    """The in-process run every other way of running is compared with."""
    return _comparable(parse_many(inputs, jobs=1))


def test_in_process_run_parses_and_reports(inputs: list[str], reference: Outcome) -> None:
    assert [name for name, _ in reference] == inputs
    *parsed, missing, binary = reference
    assert all(text.startswith("{") for _, text in parsed)
    assert missing[1] == f"error: {inputs[-2]}: no such file"
    assert binary[1].startswith(f"error: {inputs[-1]}: not a Markdown text file")


def test_pool_gives_the_same_results_in_input_order(inputs: list[str], reference: Outcome) -> None:
    # The seeds (or the fallback lists) and the two broken files; the Dask test runs them all.
    chosen = [name for name in inputs if "/corpus/" not in name]
    expected = [row for row in reference if row[0] in chosen]
    assert _comparable(parse_many(chosen, jobs=2)) == expected


def test_order_kept_when_small_files_finish_first(tmp_path: Path) -> None:
    paths = [str(p) for p in _generated(tmp_path, count=9)]
    results = list(parse_many(paths, jobs=2))
    assert [name for name, _ in results] == paths
    for index, (name, doc) in enumerate(results):
        assert isinstance(doc, Document)
        assert doc.source == name
        assert doc.title == f"List {index}"


def test_failures_are_yielded_not_raised(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(_small_list(1, 2), encoding="utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(PNG)
    names = [str(tmp_path / "missing.md"), str(binary), str(tmp_path), str(good)]
    for jobs in (1, 2):
        results = dict(parse_many(names, jobs=jobs))
        assert isinstance(results[str(good)], Document)
        errors = [results[name] for name in names[:3]]
        assert all(isinstance(error, BatchError) for error in errors), errors
        missing, png, folder = (str(error) for error in errors)
        assert missing == f"{names[0]}: no such file"
        assert png.startswith(f"{names[1]}: not a Markdown text file") and "PNG" in png
        assert folder == f"{names[2]}: is a directory, expected a Markdown file"


def test_any_executor_and_shipped_bytes(inputs: list[str], reference: Outcome) -> None:
    few = inputs[:2] + inputs[-2:]
    expected = [row for row in reference if row[0] in few]
    with ThreadPoolExecutor(max_workers=2) as executor:
        assert _comparable(parse_many(few, executor=executor)) == expected
    assert _comparable(parse_many(few, jobs=2, send_bytes=True)) == expected


def test_paths_are_consumed_lazily_and_early_exit_is_clean(tmp_path: Path) -> None:
    paths = _generated(tmp_path, count=3)
    taken: list[Path] = []

    def lazily() -> Iterable[Path]:
        for path in paths * 50:
            taken.append(path)
            yield path

    results = parse_many(lazily(), jobs=2)
    name, doc = next(results)
    assert name == str(paths[0]) and isinstance(doc, Document)
    assert len(taken) <= 8 * 2 + 1  # the files a pool of two may hold, not all 150
    results.close()  # type: ignore[attr-defined]


def test_a_slow_file_at_the_head_does_not_idle_the_other_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(p) for p in _generated(tmp_path, count=10)]
    later_file_started = threading.Event()

    def parse_one(name: str, data: bytes | None, repair: bool) -> object:
        if name == paths[0]:
            # Released only once a file beyond the first 2 × 2 in flight has started.
            assert later_file_started.wait(timeout=60), "the pool idled behind the first file"
        elif name == paths[6]:
            later_file_started.set()
        return _REAL_PARSE_ONE(name, data, repair)

    monkeypatch.setattr(batch, "_parse_one", parse_one)
    with ThreadPoolExecutor(max_workers=2) as executor:
        results = list(parse_many(paths, executor=executor, jobs=2))
    assert [name for name, _ in results] == paths
    assert all(isinstance(doc, Document) for _, doc in results)


def _titles(doc: Document) -> list[str]:
    return [entry.title for _, entry in doc.walk()]


def _fail_on_second_list(doc: Document) -> int:
    if doc.source.endswith("list1.md"):
        raise RuntimeError("not this one")
    return len(_titles(doc))


@pytest.mark.parametrize("jobs", [1, 2])
def test_map_documents_runs_the_function_on_each_document(tmp_path: Path, jobs: int) -> None:
    paths = [str(p) for p in _generated(tmp_path, count=4)] + [str(tmp_path / "missing.md")]
    expected = {name: doc for name, doc in parse_many(paths, jobs=1)}
    results = list(batch.map_documents(paths, _titles, jobs=jobs))
    assert [name for name, _ in results] == paths
    for name, titles in results[:-1]:
        reference = expected[name]
        assert isinstance(reference, Document) and titles == _titles(reference)
    missing = results[-1][1]
    assert isinstance(missing, BatchError) and missing.message == expected[paths[-1]].message


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_function_fails_its_file_only(tmp_path: Path, jobs: int) -> None:
    paths = [str(p) for p in _generated(tmp_path, count=3)]
    results = dict(batch.map_documents(paths, _fail_on_second_list, jobs=jobs))
    failed = results[paths[1]]
    assert isinstance(failed, BatchError)
    assert failed.message == ("internal error in _fail_on_second_list: RuntimeError: not this one")
    assert results[paths[0]] == 400 and results[paths[2]] == 3


_forked_workers_only = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the crashing stand-in reaches the workers only when they are forked",
)


def _crash_on_marked_files(name: str, data: bytes | None, repair: bool) -> object:
    if name.endswith("crash.md"):
        os._exit(1)  # what an out-of-memory kill looks like to the pool
    return _REAL_PARSE_ONE(name, data, repair)


_REAL_PARSE_ONE = batch._parse_one


@_forked_workers_only
def test_a_dying_worker_fails_its_file_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(p) for p in _generated(tmp_path, count=12)]
    crash = tmp_path / "crash.md"
    crash.write_text(_small_list(0, 1), encoding="utf-8")
    names = [*paths[:3], str(crash), *paths[3:]]
    monkeypatch.setattr(batch, "_parse_one", _crash_on_marked_files)
    results = list(parse_many(names, jobs=2))
    assert [name for name, _ in results] == names
    outcome = dict(results)
    crashed = outcome.pop(str(crash))
    assert isinstance(crashed, BatchError) and crashed.message.startswith("worker failed")
    # Files in flight when a worker dies are tried once more, and may fail with it twice;
    # nothing else fails, and the files after it parse in a fresh pool.
    for result in outcome.values():
        assert isinstance(result, Document) or result.message.startswith("worker failed")
    assert all(isinstance(outcome[name], Document) for name in paths[-4:])


class _RecordingPool(ThreadPoolExecutor):
    """Stands in for the process pool and remembers how many workers each one was given."""

    sizes: ClassVar[list[int]] = []

    def __init__(self, max_workers: int, **process_options: object) -> None:
        # The process options (the worker initializer) are for processes, not threads.
        self.sizes.append(max_workers)
        super().__init__(max_workers=max_workers)


def test_no_more_workers_than_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _RecordingPool)
    monkeypatch.setattr(_RecordingPool, "sizes", [])
    paths = [str(p) for p in _generated(tmp_path, count=3)]
    results = list(parse_many(paths, jobs=8))
    assert _RecordingPool.sizes == [3]
    assert all(isinstance(doc, Document) for _, doc in results)
    # A lone file still goes to a worker (of one), so that a crash stays that file's error.
    [(name, doc)] = list(parse_many(paths[:1], jobs=8))
    assert name == paths[0] and isinstance(doc, Document)
    assert list(parse_many([], jobs=8)) == []
    assert _RecordingPool.sizes == [3, 1, 1]
    # A generator's length is unknown until it is consumed: the pool keeps its size.
    list(parse_many(iter(paths[:1]), jobs=2))
    assert _RecordingPool.sizes == [3, 1, 1, 2]


_CALLER = os.getpid()


def _crash_in_a_worker(name: str, data: bytes | None, repair: bool) -> object:
    if os.getpid() == _CALLER:
        raise AssertionError("parsed in the calling process, not in a worker")
    os._exit(1)


@_forked_workers_only
def test_a_lone_file_that_kills_its_worker_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash = tmp_path / "crash.md"
    crash.write_text(_small_list(0, 1), encoding="utf-8")
    monkeypatch.setattr(batch, "_parse_one", _crash_in_a_worker)
    [(name, result)] = list(parse_many([str(crash)], jobs=2))
    assert name == str(crash)
    assert isinstance(result, BatchError) and result.message.startswith("worker failed")


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(parse_many([str(EXAMPLE)], jobs=0))


# --- the command ---------------------------------------------------------------------------


def run_cli(argv: Sequence[str]) -> int:
    """``awesome-parse ARGV`` in this process."""
    return main(list(argv))


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    """A folder of two good lists (one nested, one README), skipped folders and a broken file."""
    root = tmp_path / "lists"
    (root / "nested").mkdir(parents=True)
    (root / "a.md").write_text(_small_list(1, 3), encoding="utf-8")
    (root / "nested" / "README").write_text(_small_list(2, 2), encoding="utf-8")
    (root / "broken.md").write_bytes(PNG)
    (root / "notes.txt").write_text("not picked", encoding="utf-8")
    for skipped in (".git", "node_modules"):
        (root / skipped).mkdir()
        (root / skipped / "README.md").write_text(_small_list(9, 1), encoding="utf-8")
    return root


def test_expand_inputs(lists: Path, tmp_path: Path) -> None:
    root = str(lists)
    found = expand_inputs([root, f"{root}/*.md", str(tmp_path / "missing.md")])
    assert found == [
        f"{root}/a.md",
        f"{root}/broken.md",
        f"{root}/nested/README",
        str(tmp_path / "missing.md"),
    ]
    assert expand_inputs([f"{root}/**/README*"]) == [f"{root}/nested/README"]
    assert expand_inputs([f"{root}/*.nothing"]) == []


def test_cli_jsonl_with_a_failing_file(
    lists: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.jsonl"
    assert run_cli(["batch", str(lists), "-o", str(out), "--jobs", "2"]) == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["source"] for row in rows] == [str(lists / "a.md")] * 3 + [
        str(lists / "nested" / "README")
    ] * 2
    err = capsys.readouterr().err
    # Not a terminal: no progress line, only the failure and the summary.
    assert "\r" not in err
    lines = err.splitlines()
    assert lines[0].startswith(f"failed: {lists / 'broken.md'}: not a Markdown text file")
    assert lines[1].startswith("batch: 2 files ok, 1 failed, 5 entries, ")
    assert len(lines) == 2
    assert not list(tmp_path.glob(".all.jsonl.*"))  # no temporary file left


def test_cli_sqlite_all_ok(lists: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.sqlite"
    inputs = [str(lists / "a.md"), str(lists / "nested" / "README")]
    assert run_cli(["batch", *inputs, "-o", str(out), "-j", "1"]) == 0
    with contextlib.closing(sqlite3.connect(out)) as db:
        sources = [row[0] for row in db.execute("SELECT source FROM documents ORDER BY id")]
        (entries,) = db.execute("SELECT count(*) FROM entries").fetchone()
    assert sources == inputs and entries == 5
    assert capsys.readouterr().err.startswith("batch: 2 files ok, 0 failed, 5 entries, ")


def test_cli_summary_counts_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "one.md"
    one.write_text("# One\n\n- [Paper](https://arxiv.org/abs/2101.00001)\n", encoding="utf-8")
    assert run_cli(["batch", str(one), "-o", str(tmp_path / "one.jsonl")]) == 0
    assert capsys.readouterr().err.startswith("batch: 1 file ok, 0 failed, 1 entry, ")


def test_cli_sqlite_with_a_failing_file(lists: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.db"
    assert run_cli(["batch", str(lists), str(tmp_path / "gone.md"), "-o", str(out)]) == 1
    with contextlib.closing(sqlite3.connect(out)) as db:
        (documents,) = db.execute("SELECT count(*) FROM documents").fetchone()
    assert documents == 2


def test_cli_as_a_subprocess_prints_no_progress(lists: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "awesome_parse", "batch", str(lists), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    assert "\r" not in run.stderr
    assert run.stderr.splitlines()[-1].startswith("batch: 2 files ok, 1 failed, 5 entries, ")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{lists}", "-o", "{tmp}/all.json"], "batch writes JSON Lines"),
        (["{tmp}/*.nothing", "-o", "{tmp}/all.jsonl"], "no Markdown files found"),
        (["{lists}", "-o", "{tmp}/no/dir/all.jsonl"], "does not exist"),
        (["{lists}", "-o", "{tmp}/text.db"], "cannot add to"),
    ],
)
def test_cli_usage_errors_exit_2(
    args: list[str],
    message: str,
    lists: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "text.db").write_text("not a database\n" * 100, encoding="utf-8")
    argv = [arg.format(lists=lists, tmp=tmp_path) for arg in args]
    assert run_cli(["batch", *argv]) == 2
    assert message in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        progress = _Progress(stream, total=2)
        progress.update(1, 0)
        if progress.bar is not None:
            progress.bar.refresh()
        text = stream.getvalue()
        progress.update(1, 1)
        progress.close()
        assert ("1/2" in text and "1 ok, 0 failed" in text) is shown
        assert (stream.getvalue() != "") is shown
        if shown:  # the bar is cleared at the end: the summary line stands alone
            assert stream.getvalue().endswith("\r")


# --- Dask ----------------------------------------------------------------------------------


def test_dask_cluster_gives_the_same_results(inputs: list[str], reference: Outcome) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="distributed is not installed (pip install 'awesome-parse[dask]')"
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = parse_many(inputs, executor=client.get_executor(pure=False), jobs=2)
        assert _comparable(results) == reference


def test_batch_api_is_on_the_package() -> None:
    import awesome_parse

    assert awesome_parse.parse_many is parse_many
    assert awesome_parse.map_documents is batch.map_documents
    assert awesome_parse.BatchError is BatchError
