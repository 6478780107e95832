"""Parse many lists at once: in worker processes, or on a Dask cluster past one machine.

Why this module exists: a parse is CPU-bound pure Python (under 1 MB/s), and mistletoe keeps
its token types in module globals, so threads cannot parse side by side (the parser holds a
lock). Processes can. :func:`parse_many` hands file *paths* to any
:class:`concurrent.futures.Executor` — by default a :class:`~concurrent.futures.ProcessPoolExecutor`
sized to the CPUs this process may use, or a Dask cluster's ``client.get_executor()`` — and
yields the documents back **in input order**, so the result does not depend on which worker
finished first.

Design decisions, each measured or forced by scale:

- Workers receive a path (a few bytes) and read the file themselves; ``send_bytes=True`` reads
  it here instead, for clusters whose workers do not see this machine's files.
- A worker returns the document pickled to ``bytes``, which this process unpickles with the
  garbage collector paused. On the corpus that beat ``model_dump_json`` +
  ``model_validate_json`` for the parent's share of the work (the serial part of a batch; see
  ``benchmarks/run.py``'s transport table), and a plain ``bytes`` result stays cheap for
  executors that serialise results again (Dask).
- ``2 × jobs`` files are in flight (one running and one queued per worker), and at most
  ``8 × jobs`` results wait to be taken: memory stays flat for 100 000 files, a consumer that
  stops early leaves little work behind, and one slow file at the head of the order does not
  leave the other workers idle (finished results queue behind it while new files start).
- :func:`map_documents` runs a function on each document *in the worker* and ships only its
  result: the CLI turns documents into JSON Lines there, so the parent process only writes
  text and never holds or unpickles a tree.
- Our own pool's workers end with this process: each asks the kernel for SIGKILL when its
  parent dies (Linux ``PR_SET_PDEATHSIG``; a watchdog thread elsewhere), so a SIGKILLed batch
  leaves no orphan holding memory and the pipeline's stdout. They ignore Ctrl-C, which the
  parent handles: a batch closed before its end (an error, Ctrl-C, SIGTERM, a consumer's
  ``break``) terminates the running workers instead of waiting for their files.
- A file that cannot be read or parsed becomes a :class:`BatchError` in its place; it never
  stops the batch. An unexpected exception inside the parser is reported the same way, named
  "internal error", so one odd file in 100 000 does not cost the other 99 999.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ._collector import collector_paused
from ._paths import shown_path

if TYPE_CHECKING:
    from .model import Document

__all__ = ["BatchError", "default_jobs", "map_documents", "parse_many"]

_T = TypeVar("_T")

_RUNNING_PER_JOB = 2
"""Files in flight per worker: one running, one queued so a worker never waits for us."""
_WAITING_PER_JOB = 8
"""Results (finished or not) held per worker while the file at the head of the order runs."""

# What a worker sends back: (True, result) or (False, error message). The result is the
# document pickled to bytes for parse_many, or whatever map_documents' function returned.
_Outcome = tuple[bool, Any]


@dataclass(frozen=True)
class BatchError:
    """A file of the batch that gave no document, and why."""

    path: str
    """The path as it was passed in."""
    message: str
    """What went wrong, without the path (``no such file``, ``not a Markdown text file: ...``)."""

    def __str__(self) -> str:
        return f"{shown_path(self.path)}: {self.message}"


def default_jobs() -> int:
    """How many CPUs this process may use (its affinity mask where the OS tells it)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return int(count() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parse_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    repair: bool = True,
    send_bytes: bool = False,
) -> Generator[tuple[str, Document | BatchError], None, None]:
    """Parse every file of ``paths``; yield ``(path, Document or BatchError)`` in input order.

    - ``executor=None``: a process pool of ``jobs`` workers (default :func:`default_jobs`, and
      never more than the files when ``paths`` has a length) is started and shut down here;
      ``jobs=1`` parses in this process without a pool.
    - ``executor=`` any :class:`concurrent.futures.Executor`, e.g. a Dask cluster's
      ``distributed.Client(address).get_executor()``; it is not shut down here. ``jobs`` then
      only sets the window (``2 × jobs`` files in flight; default :func:`default_jobs`): give
      the cluster's worker count.
    - ``send_bytes=True`` reads each file in this process and ships its bytes, for workers that
      cannot see the paths.

    ``paths`` is consumed lazily. Closing the iterator early cancels what has not started.
    Each document's ``source`` is the path as given (``os.fspath``).
    """
    return _batch(paths, None, executor, jobs, repair, send_bytes)


def map_documents(
    paths: Iterable[str | os.PathLike[str]],
    function: Callable[[Document], _T],
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    repair: bool = True,
    send_bytes: bool = False,
) -> Generator[tuple[str, _T | BatchError], None, None]:
    """Like :func:`parse_many`, but yield ``function(document)``, computed in the worker.

    For work whose result is smaller than the tree — counts, a search, an export — this ships
    only the result back. ``function`` must be picklable (a module-level function); an
    exception it raises fails only that file (a :class:`BatchError`, "internal error in ...").
    """
    return _batch(paths, function, executor, jobs, repair, send_bytes)


def _batch(
    paths: Iterable[str | os.PathLike[str]],
    function: Callable[[Document], Any] | None,
    executor: Executor | None,
    jobs: int | None,
    repair: bool,
    send_bytes: bool,
) -> Generator[tuple[str, Any], None, None]:
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    names = (os.fspath(path) for path in paths)
    workers = jobs or default_jobs()
    if executor is None and workers == 1:
        return _in_process(names, function, repair, send_bytes)
    if executor is None and isinstance(paths, Sized):
        # A forking pool starts all its workers at the first file, needed or not. A pool of
        # one still runs a lone file: a crash there is that file's error, not the caller's.
        workers = min(workers, max(len(paths), 1))
    return _in_workers(names, function, executor, workers, repair, send_bytes)


def _in_process(
    names: Iterator[str],
    function: Callable[[Document], Any] | None,
    repair: bool,
    send_bytes: bool,
) -> Generator[tuple[str, Any], None, None]:
    for name in names:
        payload = _payload(name, send_bytes)
        if isinstance(payload, BatchError):
            yield name, payload
            continue
        with collector_paused():
            result = _parse_one(name, payload, repair)
            if function is not None and not isinstance(result, BatchError):
                result = _decode(name, _apply(function, result), function)
        yield name, result


def _in_workers(
    names: Iterator[str],
    function: Callable[[Document], Any] | None,
    executor: Executor | None,
    workers: int,
    repair: bool,
    send_bytes: bool,
) -> Generator[tuple[str, Any], None, None]:
    pool = _Pool(executor, workers, function)
    finished = False
    try:
        yield from _run(pool, names, workers, repair, send_bytes)
        finished = True
    finally:
        # Also when leaving early (a consumer's break, Ctrl-C, SIGTERM): queued files are
        # dropped and running ones stopped.
        pool.close(stop_running=not finished)


class _Pool:
    """The executor; when it is our own process pool, also a fresh one after a worker died
    (killed for memory, say), so that one file cannot end the batch."""

    def __init__(
        self,
        executor: Executor | None,
        workers: int,
        function: Callable[[Document], Any] | None,
    ) -> None:
        self.owned = executor is None
        self.workers = workers
        self.function = function
        self.executor = executor or self._new_pool()
        self.generation = 0
        self.retired: list[Executor] = []

    def submit(self, name: str, payload: bytes | None, repair: bool) -> _Slot:
        try:
            future = self.executor.submit(_task, name, payload, repair, self.function)
        except BrokenExecutor:
            if not self.owned:
                raise
            self.replace(self.generation)
            future = self.executor.submit(_task, name, payload, repair, self.function)
        return _Slot(name, payload, future, self.generation)

    def replace(self, generation: int) -> None:
        """Start a new pool in place of the broken one of ``generation`` (once per breakage)."""
        if self.owned and generation == self.generation:
            self.retired.append(self.executor)
            self.executor = self._new_pool()
            self.generation += 1

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, initializer=_end_with_parent, initargs=(os.getpid(),)
        )

    def close(self, *, stop_running: bool = False) -> None:
        """Shut our pools down; ``stop_running`` terminates the workers first rather than
        waiting for the files they are on."""
        if not self.owned:
            return
        for executor in (*self.retired, self.executor):
            if stop_running:
                _kill_workers(executor)
            executor.shutdown(wait=True, cancel_futures=True)


def _kill_workers(executor: Executor) -> None:
    """Kill a process pool's workers now rather than after their files.

    ProcessPoolExecutor has no public way to do it before Python 3.14, hence its internals. A
    worker killed while it writes its result leaves half a message in the result pipe, which
    the pool's manager thread would then wait on forever; so once the workers are gone this
    process closes its own copy of that pipe's writing end too, and the manager thread reads
    the end of the pipe, the sign of a broken pool, and stops."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    for process in processes:
        process.join()
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


@dataclass
class _Slot:
    """A file in flight."""

    name: str
    payload: bytes | None
    future: Future[_Outcome]
    generation: int
    retried: bool = False


def _failed(name: str, message: str) -> _Slot:
    future: Future[_Outcome] = Future()
    future.set_result((False, message))
    return _Slot(name, None, future, -1)


def _run(
    pool: _Pool,
    names: Iterator[str],
    workers: int,
    repair: bool,
    send_bytes: bool,
) -> Iterator[tuple[str, Any]]:
    """Keep ``2 × workers`` files running and yield results in input order as the head
    finishes; files finished behind a slow head wait (at most ``8 × workers`` in all)."""
    pending: deque[_Slot] = deque()
    running_limit = _RUNNING_PER_JOB * workers
    pending_limit = _WAITING_PER_JOB * workers
    exhausted = False

    def submit_next() -> bool:
        name = next(names, None)
        if name is None:
            return False
        payload = _payload(name, send_bytes)
        if isinstance(payload, BatchError):
            pending.append(_failed(name, payload.message))
            return True
        try:
            pending.append(pool.submit(name, payload, repair))
        except Exception as error:  # an executor that no longer takes work
            pending.append(_failed(name, f"worker failed: {type(error).__name__}: {error}"))
        return True

    try:
        while True:
            running = [slot.future for slot in pending if not slot.future.done()]
            while not exhausted and len(running) < running_limit and len(pending) < pending_limit:
                exhausted = not submit_next()
                if not exhausted and not pending[-1].future.done():
                    running.append(pending[-1].future)
            if not pending:
                return
            slot = pending[0]
            if not slot.future.done():
                wait(running, return_when=FIRST_COMPLETED)
                continue
            try:
                outcome = slot.future.result()
            except BrokenExecutor as error:
                if pool.owned and not slot.retried:
                    # A worker died, failing every file in flight: give each one more try.
                    pool.replace(slot.generation)
                    pending[0] = pool.submit(slot.name, slot.payload, repair)
                    pending[0].retried = True
                    continue
                outcome = (False, f"worker failed: {type(error).__name__}: {error}")
            except Exception as error:  # the executor failed the task
                outcome = (False, f"worker failed: {type(error).__name__}: {error}")
            pending.popleft()
            yield slot.name, _decode(slot.name, outcome, pool.function)
    finally:
        if not pool.owned:
            # Our own pool is stopped by its close, with its workers; cancelling its futures
            # here would make Python 3.11's pool fail them again once it sees them broken.
            for slot in pending:
                slot.future.cancel()


_PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``."""


def _end_with_parent(parent: int) -> None:
    """Worker initializer: die when the batch's process dies, even by SIGKILL, and leave
    SIGINT and SIGTERM to it (a fork inherits the CLI's handler, which would raise inside a
    task and keep the worker alive)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _payload(name: str, send_bytes: bool) -> bytes | BatchError | None:
    """The file's bytes when they travel with the task, else None (the worker reads them)."""
    if not send_bytes:
        return None
    from .parser import ParseError, read_input

    try:
        return read_input(name)
    except ParseError as error:
        return BatchError(name, _without_path(str(error), name))


def _parse_one(name: str, data: bytes | None, repair: bool) -> Document | BatchError:
    """Parse one file (``data`` is its bytes, or None to read ``name``); never raises."""
    from .parser import ParseError, parse, parse_file

    try:
        if data is None:
            return parse_file(name, repair=repair)
        return parse(data, source=name, repair=repair)
    except ParseError as error:
        return BatchError(name, _without_path(str(error), name))
    except Exception as error:  # a parser bug must not end a batch of many files
        return BatchError(name, f"internal error: {type(error).__name__}: {error}")


def _task(
    name: str,
    data: bytes | None,
    repair: bool,
    function: Callable[[Document], Any] | None,
) -> _Outcome:
    """Runs in a worker: :func:`_parse_one`, then ``function``, or the document pickled for
    the trip back. Everything made stays alive until the file is done (a worker's first file
    also imports the parser, pydantic and ftfy), so the collector is paused throughout."""
    with collector_paused():
        result = _parse_one(name, data, repair)
        if isinstance(result, BatchError):
            return False, result.message
        if function is None:
            return True, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return _apply(function, result)


def _apply(function: Callable[[Document], Any], doc: Document) -> _Outcome:
    try:
        return True, function(doc)
    except Exception as error:  # the caller's function must not end a batch either
        return False, f"internal error in {_name_of(function)}: {type(error).__name__}: {error}"


def _name_of(function: Callable[..., Any]) -> str:
    return str(getattr(function, "__qualname__", None) or function)


def _decode(
    name: str, outcome: _Outcome, function: Callable[[Document], Any] | None
) -> Document | BatchError | Any:
    ok, payload = outcome
    if not ok:
        return BatchError(name, str(payload))
    if function is not None:
        return payload
    assert isinstance(payload, bytes)
    # Unpickling builds thousands of objects that are all alive; the collector would only
    # walk them in vain (same reason the parser pauses it).
    with collector_paused():
        try:
            doc: Document = pickle.loads(payload)
        except Exception as error:  # e.g. a remote worker with another awesome_parse version
            message = f"cannot read the worker's result: {type(error).__name__}: {error}"
            return BatchError(name, message)
    return doc


def _without_path(message: str, name: str) -> str:
    prefix = f"{shown_path(name)}: "  # how the parser's errors name the file
    return message[len(prefix) :] if message.startswith(prefix) else message
