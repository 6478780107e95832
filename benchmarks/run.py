"""How fast is awesome_parse, next to the parsers it is built on, and does it meet its targets?

    python benchmarks/run.py            # the full run (3–10 minutes on 2 cores)
    python benchmarks/run.py --quick    # seeds and a 1 MB input, one repeat (under two minutes)
    python benchmarks/run.py --json results.json

Every figure comes from this one process run, on the same inputs side by side: the seeds, the
corpus (``../shared``; generated lists stand in on a fresh clone) and a ~10 MB concatenation of
them. Sections: parse throughput (bare mistletoe, mistletoe inside an ``HtmlRenderer`` context
as our parser runs it, markdown-it-py, ``awesome_parse.parse``), peak memory, how a batch worker
should ship documents back, exporter throughput, CLI cold start, the scaling series and batch
speed-up; then the targets, each marked met or not met.

Wall times are the best of N. The machine's load average is printed at the start and the end:
other processes on a 2-core machine change every figure here (±30 % is normal).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pickle
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _inputs import Input, concatenated, discover, first_bytes, joined
from _measure import (
    batch_cores,
    best_of,
    best_of_each,
    commands_runs,
    commands_seconds,
    compile_bytecode,
    imported_modules,
    load_average,
    peak_memory,
    table,
)

import awesome_parse
from awesome_parse._collector import collector_paused
from awesome_parse.model import Document

MB = 1_000_000
HEAVY = ("mistletoe", "bibtexparser")
Parser = Callable[[str], Any]


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": load_average(),
        "quick": options.quick,
    }
    print(
        f"awesome_parse {awesome_parse.__version__} on Python {results['python']}, "
        f"{results['cpus']} CPUs, load average {results['load_before']}"
    )
    compile_bytecode(Path(awesome_parse.__file__).parent)
    seeds, corpus, real = discover()
    big_target = (1 if options.quick else options.big_mb) * MB
    inputs = [joined("seeds", seeds)]
    if corpus:
        inputs.append(joined("corpus", corpus))
    inputs.append(concatenated(f"~{big_target // MB} MB", seeds + corpus, big_target))
    if not real:
        print("../shared not found: generated lists stand in for the seeds and the corpus")
    repeat = 1 if options.quick else options.repeat
    # The files the transport, exporter and batch sections use.
    files = seeds if options.quick or not corpus else corpus

    parsers = _parsers()
    results["parse"] = _parse_section(inputs, parsers, repeat, options.quick)
    results["transport"] = _transport_section(files, repeat)
    results["exporters"] = _exporter_section(files, repeat)
    with tempfile.TemporaryDirectory(prefix="awesome-bench-") as scratch:
        small = Path(scratch) / "small.md"
        small.write_text(first_bytes(inputs[0].text, 5_000), encoding="utf-8")
        results["startup"] = _startup_section(small, 3 if options.quick else 7)
        base = inputs[0] if options.quick else joined("seeds+corpus", seeds + corpus)
        results["scaling"] = _scaling_section(base, parsers["awesome_parse"], min(repeat, 2))
        results["batch"] = _batch_section(files, Path(scratch), 1 if options.quick else 3)
    results["load_after"] = load_average()
    print(f"\nload average at the end: {results['load_after']}")
    results["targets"] = _targets(results, inputs[-1].name)
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for inputs < 2 MB")
    parser.add_argument("--big-mb", type=int, default=10, help="size of the big input (MB)")
    parser.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    return parser.parse_args(argv)


# --- parse throughput and memory -----------------------------------------------------------


def _parsers() -> dict[str, Parser]:
    import mistletoe
    from mistletoe.html_renderer import HtmlRenderer

    def mistletoe_in_context(text: str) -> Any:
        with HtmlRenderer():
            return mistletoe.Document(text)

    parsers: dict[str, Parser] = {
        "mistletoe": _collector_paused(mistletoe.Document),
        "mistletoe+ctx": _collector_paused(mistletoe_in_context),
        "mistletoe, gc on": mistletoe.Document,
    }
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        print("markdown-it-py is not installed (pip install 'awesome-parse[bench]'): skipped")
    else:
        parsers["markdown-it"] = _collector_paused(MarkdownIt("commonmark").enable("table").parse)
    parsers["awesome_parse"] = awesome_parse.parse  # pauses the collector itself
    for parse in parsers.values():  # imports and first-call set-up are not what we measure
        parse("# Warm up\n\n- [a](https://example.com) | b |\n")
    return parsers


def _collector_paused(parse: Parser) -> Parser:
    """``parse`` with the garbage collector paused, as awesome_parse.parse runs: a parse builds
    objects that all stay alive, and the collector's passes over them cost a plain parse
    15–25 % (more, the larger the input). Every parser is compared on that footing."""

    def paused(text: str) -> Any:
        with collector_paused():
            return parse(text)

    return paused


def _parse_section(
    inputs: list[Input], parsers: dict[str, Parser], repeat: int, quick: bool
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for item in inputs:
        runs = repeat if item.size < 2 * MB else min(repeat, 2)
        text = item.text
        seconds = best_of_each(
            {name: lambda p=parse, t=text: p(t) for name, parse in parsers.items()}, runs
        )
        # tracemalloc slows a parse 2-3×; --quick measures memory on the big input only.
        measure_memory = not quick or item is inputs[-1]
        memory = {
            name: peak_memory(lambda p=parse, t=text: p(t)) / item.size
            for name, parse in parsers.items()
            if name not in ("mistletoe+ctx", "mistletoe, gc on") and measure_memory
        }
        figures[item.name] = {"bytes": item.size, "seconds": seconds, "memory_ratio": memory}
        print(f"  parsed {item.name} ({item.size / MB:.2f} MB)", file=sys.stderr)

    def ratio(entry: dict[str, Any], a: str, b: str) -> float | None:
        s = entry["seconds"]
        return s[a] / s[b] if a in s and b in s else None

    rows = []
    for name, entry in figures.items():
        speed = {k: entry["bytes"] / MB / v for k, v in entry["seconds"].items()}
        entry["mb_per_s"] = speed
        entry["ratio_mistletoe"] = ratio(entry, "awesome_parse", "mistletoe")
        entry["ratio_mistletoe_ctx"] = ratio(entry, "awesome_parse", "mistletoe+ctx")
        entry["ratio_markdown_it"] = ratio(entry, "awesome_parse", "markdown-it")
        rows.append(
            [
                name,
                entry["bytes"] / MB,
                speed["mistletoe"],
                speed["mistletoe+ctx"],
                speed["mistletoe, gc on"],
                speed.get("markdown-it"),
                speed["awesome_parse"],
                entry["ratio_mistletoe"],
                entry["ratio_mistletoe_ctx"],
                entry["ratio_markdown_it"],
            ]
        )
    print(
        "\n## Parse throughput (MB/s, best of N, every parser with the garbage collector paused"
        " as awesome_parse pauses it; '(gc on)' is bare mistletoe without that; ratios are of"
        " seconds: >1 means slower)"
    )
    print(
        table(
            [
                "input",
                "MB",
                "mistletoe",
                "mistletoe+ctx",
                "(gc on)",
                "markdown-it",
                "awesome_parse",
                "ap/mistletoe",
                "ap/mist+ctx",
                "ap/markdown-it",
            ],
            rows,
        )
    )
    print("\n## Peak memory (tracemalloc peak ÷ input bytes, result included)")
    print(
        table(
            ["input", "mistletoe", "markdown-it", "awesome_parse"],
            [
                [
                    name,
                    e["memory_ratio"].get("mistletoe"),
                    e["memory_ratio"].get("markdown-it"),
                    e["memory_ratio"].get("awesome_parse"),
                ]
                for name, e in figures.items()
            ],
        )
    )
    return figures


# --- batch transport -----------------------------------------------------------------------


def _transport_section(files: list[Path], repeat: int) -> dict[str, Any]:
    """What a batch worker should send back: the parent's decode is the serial part."""
    docs = [awesome_parse.parse_file(path) for path in files]
    codecs: dict[str, tuple[Callable[[Document], bytes], Callable[[bytes], Document]]] = {
        "pickle": (lambda d: pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL), pickle.loads),
        "json": (lambda d: d.model_dump_json().encode("utf-8"), Document.model_validate_json),
    }
    figures: dict[str, Any] = {}
    for name, (encode, decode) in codecs.items():
        blobs = [encode(doc) for doc in docs]
        assert [decode(b) for b in blobs] == docs, name

        def decode_all(
            decode: Callable[[bytes], Document] = decode, blobs: list[bytes] = blobs
        ) -> None:
            with collector_paused():  # as parse_many does while unpickling
                for blob in blobs:
                    decode(blob)

        figures[name] = {
            "encode_s": best_of(lambda e=encode: [e(doc) for doc in docs], repeat),
            "decode_s": best_of(decode_all, repeat),
            "bytes": sum(len(b) for b in blobs),
        }
    print(f"\n## Batch transport ({len(docs)} documents: worker encodes, parent decodes)")
    print(
        table(
            ["codec", "encode ms (worker)", "decode ms (parent)", "MB sent"],
            [
                [k, v["encode_s"] * 1000, v["decode_s"] * 1000, v["bytes"] / MB]
                for k, v in figures.items()
            ],
        )
    )
    return figures


# --- exporters -----------------------------------------------------------------------------


def _exporter_section(files: list[Path], repeat: int) -> dict[str, Any]:
    exporters = importlib.import_module("awesome_parse.exporters")
    docs = [awesome_parse.parse_file(path) for path in files]
    entries = sum(1 for doc in docs for _ in doc.walk_all())
    figures: dict[str, Any] = {}
    for fmt in ("json", "jsonl", "bibtex", "csv", "sqlite"):
        if fmt not in exporters.FORMATS:
            continue
        seconds = best_of(lambda f=fmt: exporters.export(docs, f), repeat)
        figures[fmt] = {"seconds": seconds, "entries": entries, "entries_per_s": entries / seconds}
    print(f"\n## Exporters ({len(docs)} documents, {entries} entries, best of {repeat})")
    print(
        table(
            ["format", "seconds", "entries/s"],
            [[k, v["seconds"], v["entries_per_s"]] for k, v in figures.items()],
        )
    )
    return figures


# --- CLI cold start ------------------------------------------------------------------------


def _startup_section(small: Path, repeat: int) -> dict[str, Any]:
    """Cold starts, ``parse`` and ``lint`` of ``small`` (a 5 KB list) among them."""
    python = sys.executable
    commands: dict[str, list[str]] = {
        "python -c pass": ["-c", "pass"],
        "python -c 'import mistletoe'": ["-c", "import mistletoe"],
        "--version": ["-m", "awesome_parse", "--version"],
        "--help": ["-m", "awesome_parse", "--help"],
        "schema": ["-m", "awesome_parse", "schema"],
        "parse 5 KB → JSON": ["-m", "awesome_parse", str(small)],
        "lint 5 KB": ["-m", "awesome_parse", "lint", str(small)],
    }
    timed = commands_seconds({k: [python, *args] for k, args in commands.items()}, repeat)
    figures: dict[str, Any] = {}
    for label, args in commands.items():
        seconds, status = timed[label]
        heavy = None
        if label in ("--version", "--help", "schema"):
            heavy = sorted(m for m in imported_modules(args) if m.split(".")[0] in HEAVY)
        figures[label] = {"seconds": seconds, "status": status, "heavy_imports": heavy}
    print(f"\n## CLI cold start (subprocess, best of {repeat})")
    print(
        table(
            ["command", "ms", "exit", "imports mistletoe/bibtexparser"],
            [
                [
                    k,
                    v["seconds"] * 1000,
                    v["status"],
                    "-"
                    if v["heavy_imports"] is None
                    else (", ".join(v["heavy_imports"]) or "none"),
                ]
                for k, v in figures.items()
            ],
        )
    )
    return figures


# --- scaling and batch ---------------------------------------------------------------------


def _scaling_section(base: Input, parse: Parser, repeat: int) -> dict[str, Any]:
    rows, figures, previous = [], {}, None
    for factor in (1, 2, 4, 8):
        text = base.text * factor
        seconds = best_of(lambda t=text: parse(t), repeat)
        step = seconds / previous if previous else None
        size = len(text.encode("utf-8"))
        figures[f"{factor}x"] = {"bytes": size, "seconds": seconds, "step": step}
        rows.append([f"{factor}×", size / MB, seconds, step])
        previous = seconds
        print(f"  scaled {factor}×", file=sys.stderr)
    print(f"\n## Scaling (awesome_parse.parse on {base.name} repeated, best of {repeat})")
    print(table(["size", "MB", "seconds", "÷ previous"], rows))
    return figures


def _spin(loops: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i * i
    return time.perf_counter() - started


def _parallel_capacity() -> float:
    """How many cores this run really gets: a busy loop on 1 worker vs on 2 at once (2.0 on
    two idle cores; other processes on the machine lower it, and the batch speed-up with it)."""
    from concurrent.futures import ProcessPoolExecutor

    loops = 2_000_000
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_spin, [1, 1]))  # start both workers
        single = min(pool.submit(_spin, loops).result() for _ in range(2))
        started = time.perf_counter()
        list(pool.map(_spin, [loops] * 4))
        both = time.perf_counter() - started
    return 4 * single / both


_PARSE_MANY_PROBE = """
import json, sys, time
from awesome_parse import parse, parse_many
parse("# warm up\\n\\n- [a](https://example.com)\\n")
figures = {}
for jobs in (1, 2):
    best = float("inf")
    for _ in range(int(sys.argv[1])):
        started = time.perf_counter()
        for _path, result in parse_many(sys.argv[2:], jobs=jobs):
            assert not hasattr(result, "message"), result
        best = min(best, time.perf_counter() - started)
    figures[jobs] = best
print(json.dumps(figures))
"""


def _batch_section(files: list[Path], folder: Path, repeat: int) -> dict[str, Any]:
    """The command as a user runs it (a fresh process each time: start-up, every worker's
    imports and the output included), on the files and on four copies of them in ``folder``;
    and ``parse_many`` in a fresh, warmed-up process, which shows how the work itself divides."""
    copies = []
    for copy in range(4):
        for path in files:
            target = folder / f"{copy}-{path.name}"
            shutil.copyfile(path, target)
            copies.append(str(target))
    names = [str(path) for path in files]
    figures: dict[str, Any] = {"parallel_capacity": _parallel_capacity()}
    # The fixed cost of a run: interpreter, imports and a parse's first-use set-up, measured
    # as the command on a one-item list. Each worker pays it again, in parallel, before its
    # first file, so with two workers the best case is (fixed + work) ÷ (fixed + work / 2).
    tiny = folder / "tiny.md"
    tiny.write_text("# List\n\n- [Paper](https://arxiv.org/abs/2101.00001) - one item.\n")
    batches = {"one item": [str(tiny)], f"{len(names)} files": names}
    batches[f"{len(copies)} files (×4)"] = copies

    def command(paths: list[str], jobs: int) -> list[str]:
        argv = [sys.executable, "-m", "awesome_parse", "batch", *paths, "--jobs", str(jobs)]
        return [*argv, "-o", str(folder / "all.jsonl")]

    commands = {
        (label, jobs): command(paths, jobs)
        for label, paths in batches.items()
        for jobs in ((1,) if label == "one item" else (1, 2))
    }
    timed = commands_runs(commands, repeat)
    for (label, jobs), runs in timed.items():
        if runs.status != 0:
            raise SystemExit(f"batch of {label} with --jobs {jobs} exited with {runs.status}")
    rows = []
    for label in list(batches)[1:]:
        seconds = {jobs: min(timed[label, jobs].seconds) for jobs in (1, 2)}
        cpu = {jobs: min(timed[label, jobs].cpu_seconds) for jobs in (1, 2)}
        figures[f"cli {label}"] = seconds
        figures[f"cli {label} cpu"] = cpu
        rows.append(
            [
                f"awesome-parse batch, {label}",
                seconds[1],
                seconds[2],
                seconds[1] / seconds[2],
                cpu[1],
                cpu[2],
            ]
        )
    corpus_seconds = figures[f"cli {len(names)} files"]
    figures["speedup"] = corpus_seconds[1] / corpus_seconds[2]
    # No scheduling runs --jobs 2 in less than its CPU time over the cores it can use, so this
    # bounds the speed-up from measured CPU time alone, with no model of where that time goes
    # (the least CPU time of the runs: the most generous bound).
    corpus_cpu = figures[f"cli {len(names)} files cpu"]
    cores = batch_cores(2)
    figures["cpu_ceiling"] = corpus_seconds[1] / (corpus_cpu[2] / cores)
    fixed = min(timed["one item", 1].seconds)
    work = corpus_seconds[1] - fixed
    figures["fixed_seconds"] = fixed

    def best_case(cores: float) -> float | None:
        """A model, not a guarantee: caches warmed by one file can help the next one."""
        return (fixed + work) / (fixed + work / cores) if work > 0 and cores > 0 else None

    # On two idle cores, and on the capacity measured above.
    figures["best_case"] = best_case(2.0)
    figures["best_case_at_capacity"] = best_case(min(figures["parallel_capacity"], 2.0))
    probe = subprocess.run(
        [sys.executable, "-c", _PARSE_MANY_PROBE, str(repeat), *names],
        capture_output=True,
        text=True,
        check=True,
    )
    warm = {int(jobs): value for jobs, value in json.loads(probe.stdout).items()}
    figures["parse_many warm"] = warm
    rows.append(
        [
            f"parse_many, {len(names)} files, after imports",
            warm[1],
            warm[2],
            warm[1] / warm[2],
            None,  # the probe's one process times both job counts: no CPU time of its own
            None,
        ]
    )
    size = sum(path.stat().st_size for path in files) / MB
    print(f"\n## Batch ({len(files)} files, {size:.2f} MB, best of {repeat})")
    print(
        f"parallel capacity of this machine right now: {figures['parallel_capacity']:.2f} "
        "(2.00 = two idle cores; the speed-up cannot beat it)"
    )
    print(table(["run", "jobs 1 s", "jobs 2 s", "speed-up", "jobs 1 CPU s", "jobs 2 CPU s"], rows))
    print(
        f"CPU time of all the processes of a run (least of the runs): --jobs 2 on the "
        f"{len(names)} files uses {corpus_cpu[2]:.2f} s against {corpus_cpu[1]:.2f} s for "
        f"--jobs 1, so {cores} cores need at least {corpus_cpu[2] / cores:.2f} s for it: a "
        f"speed-up of at most {figures['cpu_ceiling']:.2f}× however the work is scheduled"
    )
    if figures["best_case"] is not None:
        print(
            f"fixed cost of a run (the command on a one-item list): {fixed:.2f} s; the "
            f"{len(names)} files' own work: {work:.2f} s → best case with 2 workers, each "
            f"paying the fixed cost side by side: {figures['best_case']:.2f}× on two idle "
            f"cores, {figures['best_case_at_capacity']:.2f}× at this run's capacity"
        )
    return figures


# --- targets -------------------------------------------------------------------------------


def _targets(results: dict[str, Any], big: str) -> list[dict[str, Any]]:
    parse = results["parse"][big]
    startup = results["startup"]
    scaling = [v["step"] for v in results["scaling"].values() if v["step"] is not None]
    targets: list[tuple[str, bool | None, str]] = []

    ratio = parse["ratio_mistletoe"]
    targets.append((f"parse() on {big} within 1.3× bare mistletoe", ratio <= 1.3, f"{ratio:.2f}×"))
    md_ratio = parse["ratio_markdown_it"]
    targets.append(
        (
            f"parse() on {big} faster than markdown-it-py",
            None if md_ratio is None else md_ratio < 1.0,
            "n/a" if md_ratio is None else f"{md_ratio:.2f}× its time",
        )
    )
    memory = parse["memory_ratio"]["awesome_parse"]
    targets.append((f"peak memory on {big} < 25× input", memory < 25, f"{memory:.1f}×"))
    heavy = {k: startup[k]["heavy_imports"] for k in ("--version", "--help", "schema")}
    targets.append(
        (
            "--version/--help/schema import neither mistletoe nor bibtexparser",
            not any(heavy.values()),
            "; ".join(f"{k}: {', '.join(v) or 'none'}" for k, v in heavy.items()),
        )
    )
    mistletoe_import = startup["python -c 'import mistletoe'"]["seconds"]
    lint = startup["lint 5 KB"]["seconds"] / mistletoe_import
    targets.append(("lint on 5 KB ≤ 1.2× `import mistletoe`", lint <= 1.2, f"{lint:.2f}×"))
    targets.append(
        (
            "each doubling costs 1.8–2.2×",
            all(1.8 <= step <= 2.2 for step in scaling),
            ", ".join(f"{step:.2f}×" for step in scaling),
        )
    )
    speedup = results["batch"]["speedup"]
    capacity = results["batch"]["parallel_capacity"]
    targets.append(
        (
            "batch --jobs 2 ≥ 1.6× faster than --jobs 1 (the command, corpus)",
            speedup >= 1.6,
            f"{speedup:.2f}× (CPU-time ceiling {results['batch']['cpu_ceiling']:.2f}×, "
            f"parallel capacity {capacity:.2f}, "
            f"best case {results['batch']['best_case'] or float('nan'):.2f}×, "
            f"{results['batch']['best_case_at_capacity'] or float('nan'):.2f}× at that capacity)",
        )
    )

    print("\n## Targets")
    marks = {True: "met", False: "NOT MET", None: "not measured"}
    print(
        table(
            ["target", "result", "measured"],
            [[name, marks[ok], detail] for name, ok, detail in targets],
        )
    )
    return [{"target": n, "met": ok, "measured": d} for n, ok, d in targets]


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    sys.exit(status)
