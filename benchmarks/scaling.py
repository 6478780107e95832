"""Does parse time grow linearly with input size, on real lists and on hostile ones, and how
much memory does a parse take?

    python benchmarks/scaling.py                 # every input at 1x, 2x, 4x, 8x
    python benchmarks/scaling.py --only brackets # inputs whose name contains "brackets"
    python benchmarks/scaling.py --list          # the inputs and what they stress
    python benchmarks/scaling.py --factors 1 2 4 8 16 --budget 120

For each input the same text is built at 1x, 2x, 4x and 8x its base size and parsed with
``awesome_parse.parse`` (bytes in, so decoding is timed too). A line shows the time per size
and the ratio between successive sizes: about 2.0 is linear, about 4.0 quadratic. An input
whose run passes ``--budget`` seconds is not run at the larger sizes. The last column is the
memory multiple: the peak of Python allocations during a parse at the first size (tracemalloc,
the resulting tree included), less that of a one-line list, divided by the input's bytes.

The "real" input is the concatenation of ../shared/seeds/*.txt and ../shared/corpus/*.md when
that folder exists (a generated list otherwise). The others are the pathological inputs of
the robustness tests (tests/test_robust_structure.py) at sizes too big for a test run.
Exit status 1 when some ratio is above ``--max-ratio`` (default 3.0) or some memory multiple
above ``--max-memory`` (default 30), so the script can gate.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[int], str]
    """Text for scale ``k`` (1, 2, 4, 8...): its size must be proportional to ``k``."""


def _real_text() -> str:
    files = []
    for folder, pattern in (("seeds", "*.txt"), ("corpus", "*.md")):
        if (SHARED / folder).is_dir():
            files.extend(sorted((SHARED / folder).glob(pattern)))
    if files:
        from awesome_parse.decode import decode

        return "\n\n".join(decode(path.read_bytes()).text for path in files) + "\n"
    return _generated_list(4000)


def _generated_list(items: int) -> str:
    rows = ["# Generated list\n"]
    for n in range(items):
        if n % 50 == 0:
            rows.append(f"\n## Topic {n // 50}\n\n")
        rows.append(
            f"- [2023/{n % 12 + 1:02d}] [Paper {n}: a study of things]"
            f"(https://arxiv.org/abs/23{n % 12 + 1:02d}.{n:05d}) (from Lab {n % 7}) - what it does "
            f"[![Star](https://img.shields.io/github/stars/o{n}/r.svg)](https://github.com/o{n}/r)\n"
        )
    return "".join(rows)


_REAL: list[str] = []


def _real(k: int) -> str:
    if not _REAL:
        _REAL.append(_real_text())
    return _REAL[0] * k


def _deep_indent(k: int) -> str:
    # Blocks of a list nested 1 000 deep by indentation ("  " * i + "- x"): 1 MB each.
    block = "\n".join("  " * i + f"- x{i}" for i in range(1000)) + "\n\n"
    return block * k


CASES: tuple[Case, ...] = (
    Case("real", "seeds + corpus (or a generated list), repeated", _real),
    Case(
        "flat-list",
        "12 500 items per 1x: 100 000 at 8x",
        lambda k: (
            "# L\n\n"
            + "".join(f"- [Item {i}](https://example.org/{i}) - text\n" for i in range(12_500 * k))
        ),
    ),
    Case("deep-indent", "lists nested 1 000 deep by indentation, 1 MB blocks", _deep_indent),
    Case(
        "dash-run",
        "'- ' * n + 'x': a list nested n deep on one line",
        lambda k: "- " * (25_000 * k) + "x\n",
    ),
    Case("quote-run", "'>' * n: block quotes nested n deep", lambda k: ">" * (50_000 * k) + " x\n"),
    Case("quote-list-run", "'> - ' * n", lambda k: "> - " * (10_000 * k) + "x\n"),
    Case("open-brackets", "'[' * n (unclosed)", lambda k: "[" * (100_000 * k) + "\n"),
    Case("open-brackets-text", "'[a' * n", lambda k: "[a" * (50_000 * k) + "\n"),
    Case("open-images", "'![' * n", lambda k: "![" * (50_000 * k) + "\n"),
    Case(
        "closed-brackets",
        "'[a]' * n: a shortcut-link attempt at every ']'",
        lambda k: "[a]" * (30_000 * k) + "\n",
    ),
    Case(
        "open-link-tails",
        "'[a](' * n: every destination unclosed",
        lambda k: "[a](" * (25_000 * k) + "\n",
    ),
    Case("close-open", "'](' * n", lambda k: "](" * (50_000 * k) + "\n"),
    Case(
        "open-titles",
        "'[a](x (' * n: every title unclosed",
        lambda k: "[a](x (" * (15_000 * k) + "\n",
    ),
    Case(
        "nested-links",
        "'[' * n + 'a' + '](u)' * n",
        lambda k: "[" * (10_000 * k) + "a" + "](u)" * (10_000 * k) + "\n",
    ),
    Case(
        "bracketed-item",
        "'- ' + '[' * n + 'a](u)' + ']' * n: a list item's title in n brackets",
        lambda k: "- " + "[" * (100_000 * k) + "a](https://x.org)" + "]" * (100_000 * k) + "\n",
    ),
    Case(
        "nested-emphasis",
        "'*a ' * n + 'b' + '*' * n",
        lambda k: "*a " * (10_000 * k) + "b" + "*" * (10_000 * k) + "\n",
    ),
    Case("emphasis-mix", "'*_' * n", lambda k: "*_" * (25_000 * k) + "\n"),
    Case("strikethrough", "'~~a ' * n (never closed)", lambda k: "~~a " * (25_000 * k) + "\n"),
    Case("backticks", "'`a``' * n", lambda k: "`a``" * (25_000 * k) + "\n"),
    Case("angle-dests", "'[a](<' * n", lambda k: "[a](<" * (20_000 * k) + "\n"),
    Case("autolinks", "'<http://' * n", lambda k: "<http://" * (12_500 * k) + "\n"),
    Case("html-spans", "'<a ' * n", lambda k: "x <a " * (20_000 * k) + "\n"),
    Case("html-instructions", "'<?' * n", lambda k: "x " + "<?" * (50_000 * k) + "\n"),
    Case(
        "spaces", "'a' + ' ' * n + 'b' in a paragraph", lambda k: "a" + " " * (200_000 * k) + "b\n"
    ),
    Case(
        "long-line-words",
        "one 1 MB line of words per 1x",
        lambda k: "lorem ipsum dolor " * (58_000 * k) + "\n",
    ),
    Case(
        "long-line-links",
        "one line of links, 0.5 MB per 1x",
        lambda k: "".join(f"[l{i}](https://e.org/{i}) " for i in range(20_000 * k)) + "\n",
    ),
    Case("long-word", "one 1 MB word", lambda k: "x" * (1_000_000 * k) + "\n"),
    Case(
        "wide-table",
        "a table with 1 000 columns per 1x, 20 rows",
        lambda k: (
            "|"
            + "h|" * (1000 * k)
            + "\n|"
            + "-|" * (1000 * k)
            + "\n"
            + ("|" + "c|" * (1000 * k) + "\n") * 20
        ),
    ),
    Case(
        "tall-table",
        "a table with 12 500 rows per 1x: 100 000 at 8x",
        lambda k: (
            "| Title | Paper |\n|---|---|\n"
            + "".join(
                f"| T{i} | [p](https://arxiv.org/abs/2101.{i % 99999:05d}) |\n"
                for i in range(12_500 * k)
            )
        ),
    ),
    Case(
        "refdefs",
        "'[r]: http://x' * n",
        lambda k: "".join(f"[r{i}]: https://x.org/{i}\n" for i in range(20_000 * k)),
    ),
    Case(
        "headings",
        "'## h' * n: a heading-only file",
        lambda k: "".join(f"## Heading {i}\n" for i in range(20_000 * k)),
    ),
    Case(
        "heading-blanks",
        "'# a' + ' \\t' * n + 'b': a heading with a long run of blanks",
        lambda k: "# a" + " \t" * (100_000 * k) + "b\n",
    ),
    Case(
        "heading-brackets",
        "'# ' + '[' * n: a heading of brackets",
        lambda k: "# " + "[" * (1_000 * k) + "\n",
    ),
    Case(
        "item-trailing-punct",
        "'- x' + ' :' * n + ' y'",
        lambda k: "- x" + " :" * (4_000 * k) + " y\n",
    ),
    Case(
        "html-h1-unclosed",
        "an HTML block of '<h1>' * n",
        lambda k: "<div>\n" + "<h1>" * (4_000 * k) + "\n",
    ),
    Case(
        "html-tags-unclosed",
        "an HTML block of '<a ' * n",
        lambda k: "<div>\n" + "<a " * (4_000 * k) + "\n",
    ),
    Case("html-lt", "an HTML block of '<' * n", lambda k: "<div>\n" + "<" * (10_000 * k) + "\n"),
    Case(
        "mojibake-lines",
        "cp1252 mojibake on every line",
        lambda k: "".join(
            f"- [GÃ¶ttingen {i}](https://x.org/{i}) â€” cafÃ©\n" for i in range(5_000 * k)
        ),
    ),
    Case(
        "invalid-utf8",
        "invalid UTF-8 on every line (bytes)",
        lambda k: "".join(f"- [bad {i} \udcff](https://x.org/{i})\n" for i in range(10_000 * k)),
    ),
    Case(
        "control-chars",
        "control characters on every line",
        lambda k: "".join(f"- [c{i}\x01\x1b](https://x.org/{i})\n" for i in range(10_000 * k)),
    ),
)


def _encode(text: str) -> bytes:
    # "\udcff" stands for an invalid byte (surrogateescape), so a case can hold broken UTF-8.
    return text.encode("utf-8", errors="surrogateescape")


def time_parse(data: bytes) -> float:
    from awesome_parse import parse

    gc.collect()
    start = time.perf_counter()
    parse(data)
    return time.perf_counter() - start


def peak_bytes(data: bytes) -> int:
    """Peak bytes allocated while parsing ``data``, the resulting tree included."""
    from awesome_parse import parse

    gc.collect()
    tracemalloc.start()
    try:
        doc = parse(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del doc
    return peak


def memory_multiple(data: bytes, baseline: int) -> float:
    """What parsing ``data`` takes beyond parsing a one-line list (``baseline`` bytes, caches
    and the like), per byte of input: a few KB of fixed cost would otherwise dominate the
    smallest inputs."""
    return max(peak_bytes(data) - baseline, 0) / max(len(data), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], help="run inputs matching this")
    parser.add_argument("--list", action="store_true", help="list the inputs and stop")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds: skip larger sizes of an input after a run this long",
    )
    parser.add_argument("--max-ratio", type=float, default=3.0)
    parser.add_argument(
        "--max-memory", type=float, default=30.0, help="largest memory multiple that passes"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory column")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if not args.only or any(o in c.name for o in args.only)]
    if args.list:
        for case in cases:
            print(f"{case.name:22s} {case.what}")
        return 0
    from awesome_parse import parse

    parse("# warm up\n\n- [a](https://a.org)\n")  # imports, not timed
    baseline = peak_bytes(b"# warm up\n\n- [a](https://a.org)\n")
    header = " ".join(f"{f'{f}x':>16s}" for f in args.factors)
    print(f"{'input':22s} {header}   {'ratios':<14s}  memory")
    worst = worst_memory = 0.0
    for case in cases:
        times: list[float] = []
        cells = []
        for factor in args.factors:
            data = _encode(case.build(factor))
            seconds = time_parse(data)
            times.append(seconds)
            cells.append(f"{len(data) / 1e6:6.2f}MB {seconds:6.2f}s")
            if seconds > args.budget:
                break
        # Ratios of tiny times are noise: only judge runs of 50 ms and more.
        ratios = [b / a for a, b in itertools.pairwise(times) if a >= 0.05]
        worst = max([worst, *ratios])
        shown = " ".join(f"{r:4.2f}" for r in ratios) or "-"
        memory = "-"
        if not args.no_memory:
            multiple = memory_multiple(_encode(case.build(args.factors[0])), baseline)
            worst_memory = max(worst_memory, multiple)
            memory = f"{multiple:5.1f}x"
        row = " ".join(f"{c:>16s}" for c in cells).ljust(17 * len(args.factors))
        print(f"{case.name:22s} {row}   {shown:<14s}  {memory}", flush=True)
    print(f"worst ratio {worst:.2f} (linear ≈ 2, quadratic ≈ 4)")
    if not args.no_memory:
        print(f"worst memory multiple {worst_memory:.1f}x the input (limit {args.max_memory:g}x)")
    return 1 if worst > args.max_ratio or worst_memory > args.max_memory else 0


if __name__ == "__main__":
    raise SystemExit(main())
