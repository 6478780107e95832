"""``awesome-parse batch``: many lists into one JSON Lines, SQLite, CSV, BibTeX, CSL-JSON or RIS
file.

Why a module of its own: the command has its own concerns — expanding directories and globs,
streaming output that may be larger than memory, a progress bar, a summary — and the dispatcher
(:mod:`.main`) stays thin. Registration (:func:`add_batch_command`) imports nothing heavy, so
``--help`` and ``--version`` stay fast; the work imports :mod:`awesome_parse.batch` and the
exporters only when the command runs.

Output streams (through :mod:`awesome_parse._output`): JSON Lines goes to a temporary file next
to the target, one document at a time, and replaces the target only when the batch is done;
SQLite is built in chunks in a temporary copy of the database, so memory stays flat for any
number of lists, and moved into place only when complete; CSV rows are rendered in the workers
and streamed like JSON Lines. BibTeX, CSL-JSON and RIS need every list at once (a paper listed
in two lists is one reference, and keys must be unique over all of them), so their documents
are collected, then written the same way. Ctrl-C or SIGTERM leave the old output and no
temporary file; a device or FIFO output is written in place. The output is never read as an
input (``batch lists/ -o lists/README.jsonl``). The progress bar (tqdm) appears only when
stderr is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Never

from .._output import STDOUT, open_output, output_file
from .._paths import is_markdown_name, same_file, shown_path
from .._words import counted
from .common import UsageError, write_errors_reported

if TYPE_CHECKING:
    from tqdm import tqdm

    from ..model import Document

__all__ = ["add_batch_command", "expand_inputs", "run_batch"]

_SKIP_DIRS = frozenset({".git", "node_modules"})
_BATCH_FORMATS = ("jsonl", "sqlite", "csv", "bibtex", "csljson", "ris")
_SQLITE_CHUNK = 64
"""Documents per SQLite transaction: bounded memory, few transactions."""


def add_batch_command(subparsers: Any) -> None:
    """Register ``batch`` on the CLI's subparsers (``argparse._SubParsersAction``)."""
    batch = subparsers.add_parser(
        "batch",
        help="parse many lists (files, directories, globs) into one JSON Lines, SQLite, CSV, "
        "BibTeX, CSL-JSON or RIS file",
        description="Parse many awesome lists in parallel into one JSON Lines file, SQLite "
        "database, CSV table or merged BibTeX/CSL-JSON/RIS file. Directories are searched "
        "recursively for *.md, *.markdown and README* files (.git and node_modules skipped); "
        "glob patterns are expanded (** included). Exit status: 0 when every file parsed, 1 "
        "when any failed (they are listed on stderr), 2 for usage errors.",
    )
    batch.add_argument(
        "inputs", nargs="+", metavar="PATH_OR_GLOB", help="files, directories or glob patterns"
    )
    batch.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file: .jsonl/.ndjson (or '-' for JSON Lines on stdout), .sqlite/.db, "
        ".csv, .bib, .csl.json or .ris",
    )
    batch.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        help="worker processes (default: the CPUs available; 1 parses in this process)",
    )
    batch.add_argument(
        "--no-repair", action="store_true", help="keep mojibake as decoded (still reported)"
    )
    batch.set_defaults(run=run_batch)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def run_batch(args: argparse.Namespace) -> int:
    """The command: parse, write, summarise. Returns the exit status (0 or 1)."""
    fmt = _output_format(args.output)
    paths = _without_output(expand_inputs(args.inputs), args.inputs, args.output)
    if not paths:
        searched = " ".join(shown_path(item) for item in args.inputs)
        raise UsageError(f"no Markdown files found in {searched}")
    from ..batch import BatchError, map_documents, parse_many

    # JSON Lines on a terminal's stdout would be torn by a progress line on the same screen.
    to_screen = args.output == "-" and _is_terminal(sys.stdout)
    progress = _Progress(sys.stderr, len(paths), enabled=not to_screen)
    progress.update(0, 0)
    failed: list[BatchError] = []
    counts = {"ok": 0, "entries": 0}
    started = time.perf_counter()
    options = {"jobs": args.jobs, "repair": not args.no_repair}

    def tally(results: Iterator[tuple[str, Any]], entries: Callable[[Any], int]) -> Iterator[Any]:
        """The good results, counted; the failures kept for the summary."""
        for _, result in results:
            if isinstance(result, BatchError):
                failed.append(result)
            else:
                counts["ok"] += 1
                counts["entries"] += entries(result)
                yield result
            progress.update(counts["ok"], len(failed))

    try:
        if fmt == "jsonl":
            # Rendered in the workers: this process only writes text (see map_documents).
            texts = map_documents(paths, jsonl_export, **options)
            with contextlib.closing(texts):  # the pool stops here, also on an error or signal
                _write_text(args.output, tally(texts, lambda text: text.count("\n")))
        elif fmt == "csv":
            from ..exporters.csv import header_row

            rows = map_documents(paths, csv_rows, **options)
            with contextlib.closing(rows):
                _write_text(args.output, tally(rows, lambda pair: pair[1]), header_row())
        elif fmt == "sqlite":
            docs = parse_many(paths, **options)
            with contextlib.closing(docs):
                _write_sqlite(args.output, tally(docs, _entry_count))
        else:
            docs = parse_many(paths, **options)
            with contextlib.closing(docs):
                collected = list(tally(docs, _entry_count))
            _write_merged(args.output, fmt, collected)
    finally:
        progress.close()
    seconds = time.perf_counter() - started
    for error in failed:
        print(f"failed: {error}", file=sys.stderr)
    print(
        f"batch: {counted(counts['ok'], 'file')} ok, {len(failed)} failed, "
        f"{counted(counts['entries'], 'entry', 'entries')}, {seconds:.1f} s",
        file=sys.stderr,
    )
    return 1 if failed else 0


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files named, found under directories (sorted), or matched by globs; each once.
    ``.git`` and ``node_modules`` are skipped in directories and in ``**`` globs.

    A plain path that does not exist is kept, so that it is reported as a failed file.
    """
    seen: set[str] = set()
    paths: list[str] = []
    for item in inputs:
        if os.path.isdir(item):
            found = _walk(item)
        elif os.path.exists(item) or not glob.has_magic(item):
            found = [item]
        else:
            found = []
            named = set(Path(item).parts)  # a pattern may name a skipped folder on purpose
            for match in sorted(glob.glob(item, recursive=True)):
                if _SKIP_DIRS.intersection(Path(match).parts) - named:
                    continue
                found.extend(_walk(match) if os.path.isdir(match) else [match])
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                paths.append(path)
    return paths


def _walk(directory: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        found.extend(os.path.join(root, name) for name in sorted(files) if is_markdown_name(name))
    return found


def _without_output(paths: list[str], named: Iterable[str], output: str) -> list[str]:
    """``paths`` less the output file (found in a searched directory, a previous run's
    ``README.jsonl`` say); naming the output itself as an input is refused."""
    if output == STDOUT or not os.path.exists(output):
        return paths
    for item in named:
        if same_file(item, output) and not os.path.isdir(item):
            raise UsageError(f"{shown_path(output)}: is an input file; choose another output")
    return [path for path in paths if not same_file(path, output)]


def _entry_count(doc: Document) -> int:
    return sum(1 for _ in doc.walk_all())


def jsonl_export(doc: Document) -> str:
    """The document's entries as JSON Lines: what a batch worker sends back."""
    from ..exporters import export

    return export(doc, "jsonl")


def csv_rows(doc: Document) -> tuple[str, int]:
    """The document's CSV rows (no header) and their number: what a batch worker sends back."""
    from ..exporters.csv import body_rows

    return body_rows([doc]), _entry_count(doc)


def _output_format(output: str) -> str:
    from ..formats import format_for_path

    if output == STDOUT:
        return "jsonl"
    fmt = format_for_path(output)
    shown = shown_path(output)
    if fmt not in _BATCH_FORMATS:
        raise UsageError(
            f"{shown}: batch writes JSON Lines (.jsonl, .ndjson, or '-' for stdout), SQLite "
            f"(.sqlite, .sqlite3, .db), CSV (.csv), BibTeX (.bib), CSL-JSON (.csl.json) or RIS "
            f"(.ris)"
        )
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory):
        raise UsageError(f"{shown}: directory {shown_path(directory)} does not exist")
    if os.path.isdir(output):
        raise UsageError(f"{shown}: is a directory, expected an output file")
    return str(fmt)


def _write_text(output: str, texts: Iterator[str | tuple[str, int]], header: str = "") -> None:
    """Stream ``header`` then each text (or the text of each ``(text, count)``) to ``output`` as
    they come (see the module docstring)."""
    with write_errors_reported(output), open_output(output, encoding="utf-8") as handle:
        handle.write(header)
        for text in texts:
            handle.write(text if isinstance(text, str) else text[0])


def _write_merged(output: str, fmt: str, docs: list[Document]) -> None:
    """One file of every list's references (see the module docstring)."""
    from ..exporters import write

    with write_errors_reported(output):
        write(docs, fmt, output)


def _write_sqlite(output: str, docs: Iterator[Document]) -> None:
    """Add the documents in chunks, one transaction each, to a copy of the database that
    replaces it at the end."""
    from ..exporters.sqlite import add_in_place

    chunk: list[Document] = []
    with write_errors_reported(output), output_file(output, keep_content=True) as building:
        try:
            for doc in docs:
                chunk.append(doc)
                if len(chunk) >= _SQLITE_CHUNK:
                    add_in_place(chunk, building, shown=shown_path(output))
                    chunk = []
            if chunk or building.stat().st_size == 0:  # an empty batch: an empty database
                add_in_place(chunk, building, shown=shown_path(output))
        except ValueError as error:  # not a database, or one of a newer schema
            raise UsageError(str(error)) from None


class _Progress:
    """A tqdm bar on stderr — files done, rate, time left, ok/failed counts — only when the
    stream is a terminal; nothing at all in CI logs and pipes. Cleared when the batch ends,
    so the summary line stands alone."""

    def __init__(self, stream: IO[str], total: int, *, enabled: bool = True) -> None:
        self.bar: tqdm[Never] | None = None
        if enabled and _is_terminal(stream):
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, leave=False)

    def update(self, ok: int, failed: int) -> None:
        if self.bar is None:
            return
        self.bar.set_postfix_str(f"{ok} ok, {failed} failed", refresh=False)
        self.bar.update(ok + failed - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
