"""Timing, memory and table helpers for the benchmark scripts (``run.py``, ``without_pydantic.py``).

Best-of-N wall time (``perf_counter``) is the figure: on a shared 2-core machine the minimum is
the run least disturbed by other processes. What is compared takes turns, round by round
(``best_of_each``, ``commands_seconds``): a burst of other load then slows one run of each
instead of every run of one, and the ratios stay fair. Memory is a separate run under
``tracemalloc`` (which slows Python down 2-3×, so it never shares a run with a timing).
"""

from __future__ import annotations

import compileall
import gc
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from awesome_parse.batch import default_jobs

Key = TypeVar("Key", bound=Hashable)


def best_of(func: Callable[[], Any], repeat: int) -> float:
    """Minimum wall seconds of ``repeat`` calls (a collection runs before each, not timed)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def best_of_each(funcs: Mapping[Key, Callable[[], Any]], repeat: int) -> dict[Key, float]:
    """:func:`best_of` for each function, the functions taking turns within each round."""
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(repeat):
        for name, func in funcs.items():
            best[name] = min(best[name], best_of(func, 1))
    return best


def peak_memory(func: Callable[[], Any]) -> int:
    """Peak bytes Python allocated while ``func`` ran, its result included."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def commands_seconds(
    commands: Mapping[Key, Sequence[str]], repeat: int
) -> dict[Key, tuple[float, int]]:
    """Best wall time of running each command (output discarded), the commands taking turns
    within each round, and its exit status: the first failing run's, else 0 (a fast crash
    must not pass for a fast run)."""
    return {
        name: (min(runs.seconds), runs.status)
        for name, runs in commands_runs(commands, repeat).items()
    }


@dataclass
class Runs:
    """Every run of one command."""

    seconds: list[float] = field(default_factory=list)
    """Wall time of each run."""
    cpu_seconds: list[float] = field(default_factory=list)
    """CPU time (user + system) of each run: the command and every process it waited for, so
    a batch's worker processes are counted too. Divided by :func:`batch_cores`, a floor on
    its wall time that no scheduling can beat."""
    status: int = 0
    """The first failing run's exit status, else 0."""


def commands_runs(
    commands: Mapping[Key, Sequence[str]],
    repeat: int,
    environments: Mapping[Key, Mapping[str, str]] | None = None,
) -> dict[Key, Runs]:
    """Every run of each command, as :func:`commands_seconds` takes them, for callers that want
    medians or CPU times; ``environments`` replaces a command's environment."""
    environments = environments or {}
    results: dict[Key, Runs] = {name: Runs() for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            cpu_before = _children_cpu_seconds()
            started = time.perf_counter()
            status = subprocess.run(
                argv,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=environments.get(name),
                check=False,
            ).returncode
            runs = results[name]
            runs.seconds.append(time.perf_counter() - started)
            runs.cpu_seconds.append(_children_cpu_seconds() - cpu_before)
            runs.status = runs.status or status
    return results


def batch_cores(jobs: int) -> int:
    """The cores a ``batch --jobs JOBS`` run can use at once: its workers and its parent, as
    far as this process may use the machine's CPUs."""
    return min(default_jobs(), jobs + 1)


def _children_cpu_seconds() -> float:
    """CPU time of this process's finished children and, through them, of their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compile_bytecode(*folders: Path) -> None:
    """Cache bytecode as an install from a wheel does, so that cold starts time an installed
    package, not the compiling of a checkout (which happens at every start when
    PYTHONDONTWRITEBYTECODE is set)."""
    for folder in folders:
        if not compileall.compile_dir(folder, quiet=1):
            print(f"could not byte-compile {folder}: cold starts include compiling it")


def imported_modules(python_args: Sequence[str]) -> set[str]:
    """Every module ``python PYTHON_ARGS`` imports (read from ``python -X importtime``)."""
    command = [sys.executable, "-X", "importtime", *python_args]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    modules = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    return modules


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, numbers right-aligned."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [
        max(len(header), *(len(row[i]) for row in cells)) if cells else len(header)
        for i, header in enumerate(headers)
    ]
    numeric = [all(_is_number(row[i]) for row in rows) for i in range(len(headers))] if rows else []

    def line(values: Sequence[str], header: bool = False) -> str:
        out = []
        for i, value in enumerate(values):
            right = not header and numeric[i]
            out.append(value.rjust(widths[i]) if right else value.ljust(widths[i]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers, header=True), rule, *(line(row) for row in cells)])


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) or value is None


def _cell(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
