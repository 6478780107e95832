"""Where does ``awesome_parse.parse`` spend its time? A sampling profile, sorted into stages.

    python benchmarks/profile_parse.py              # the ~10 MB input of run.py
    python benchmarks/profile_parse.py --mb 1 --top 30

py-spy samples a child process that parses the same concatenated input as ``run.py``
(sampling does not inflate Python-heavy code the way cProfile's per-call hooks do). Each sample
is charged to the innermost frame that belongs to a stage:

- mistletoe: tokenising (block and span tokens), wherever it was called from;
- pydantic: model construction and validation;
- ftfy: mojibake detection and repair;
- metadata: our enrichment (``awesome_parse/metadata``);
- decode: our stage 1 (``decode.py``);
- tree: our reading stage (``read/``, the helpers of ``markdown/``...);

a standard-library frame (``re``, ``json``...) is charged to the stage that called it. Without
py-spy, cProfile stands in (own time per file; standard-library time stays "other").
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _inputs import concatenated, discover
from _measure import table

STAGES = (
    ("mistletoe", ("mistletoe/",)),
    ("pydantic", ("pydantic/", "pydantic_core/")),
    ("ftfy", ("ftfy/",)),
    ("metadata", ("awesome_parse/metadata/",)),
    ("decode", ("awesome_parse/decode.py",)),
    ("tree", ("awesome_parse/",)),
)

CHILD = """
import sys, awesome_parse
def measured(text):
    awesome_parse.parse(text)
awesome_parse.parse("# warm up\\n\\n- [a](https://arxiv.org/abs/2101.00001)\\n")
measured(open(sys.argv[1], encoding="utf-8").read())
"""


def stage_of(frame_file: str) -> str | None:
    for stage, markers in STAGES:
        if any(marker in frame_file for marker in markers):
            return stage
    return None


def _frames(stack: str) -> list[tuple[str, str]]:
    """``func (file:line);...`` → [(func, file)], root first."""
    out = []
    for frame in stack.split(";"):
        name, _, where = frame.rpartition(" (")
        out.append((name, where.rsplit(":", 1)[0]))
    return out


Profile = tuple[Counter[str], Counter[str], Counter[str], int]
"""Samples per stage, per function own (stdlib charged to caller), per function inclusive,
and the total."""


def _short(file: str) -> str:
    for marker in ("awesome_parse/", "site-packages/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def profile_py_spy(path: Path, rate: int) -> Profile:
    raw = path.with_suffix(".raw")
    command = [
        "py-spy", "record", "--rate", str(rate), "--format", "raw", "--output", str(raw),
        "--", sys.executable, "-c", CHILD, str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count_text = line.rpartition(" ")
        frames = _frames(stack)
        inside = [i for i, (name, _) in enumerate(frames) if name == "measured"]
        if not inside:
            continue  # start-up, imports, the warm-up, reading the file
        frames = frames[inside[0] + 1 :]
        count = int(count_text)
        total += count
        charged = next(((n, f) for n, f in reversed(frames) if stage_of(f)), None)
        stages[stage_of(charged[1]) if charged else "other"] += count  # type: ignore[index]
        if charged:
            own[f"{_short(charged[1])}:{charged[0]}"] += count
        for name, file in set(frames):
            if "awesome_parse/" in file:
                inclusive[f"{_short(file)}:{name}"] += count
    return stages, own, inclusive, total


def profile_cprofile(path: Path) -> Profile:
    import cProfile
    import pstats

    import awesome_parse

    awesome_parse.parse("# warm up\n")
    text = path.read_text(encoding="utf-8")
    profiler = cProfile.Profile()
    profiler.runcall(awesome_parse.parse, text)
    stats = pstats.Stats(profiler)
    stages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for (file, _, name), (_, _, own_s, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        stages[stage_of(file) or "other"] += int(own_s * 1e6)
        own[f"{_short(file)}:{name}"] += int(own_s * 1e6)
        if "awesome_parse/" in file:
            inclusive[f"{_short(file)}:{name}"] += int(cumulative * 1e6)
    return stages, own, inclusive, sum(stages.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10, help="input size in MB (default 10)")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--cprofile", action="store_true", help="use cProfile even with py-spy")
    options = parser.parse_args()

    seeds, corpus, _ = discover()
    item = concatenated("input", seeds + corpus, int(options.mb * 1_000_000))
    folder = Path(tempfile.mkdtemp(prefix="awesome-profile-"))
    path = folder / "input.md"
    path.write_text(item.text, encoding="utf-8")
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=os.path.dirname(sys.executable))
    if spy and not options.cprofile:
        os.environ["PATH"] = os.path.dirname(spy) + os.pathsep + os.environ.get("PATH", "")
        stages, own, inclusive, total = profile_py_spy(path, options.rate)
        unit = "samples"
    else:
        stages, own, inclusive, total = profile_cprofile(path)
        unit = "µs (cProfile own time)"
    print(f"awesome_parse.parse on {item.size / 1e6:.1f} MB: {total} {unit}\n")
    print("## Stages (own time, standard library charged to its caller)")
    print(table(["stage", "share %"], [[s, 100 * n / total] for s, n in stages.most_common()]))
    print(f"\n## Functions by own time, standard library charged to the caller (top {options.top})")
    print(table(
        ["function", "share %"],
        [[name, 100 * n / total] for name, n in own.most_common(options.top)],
    ))  # fmt: skip
    print(f"\n## awesome_parse functions, inclusive (top {options.top})")
    print(table(
        ["function", "share %"],
        [[name, 100 * n / total] for name, n in inclusive.most_common(options.top)],
    ))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
