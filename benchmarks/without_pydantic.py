"""What would the batch speed-up be if the workers never imported pydantic? A what-if, measured.

    python benchmarks/without_pydantic.py            # 8 rounds over the corpus
    python benchmarks/without_pydantic.py --rounds 16

Why this exists: ``batch --jobs 2`` misses its 1.6× target on the 8-file corpus because every
worker first pays a fixed cost, most of it importing pydantic and building the first model
classes (see docs/performance.md). The design that removes pydantic from the workers (plain
data there, models only where a caller wants them) is large; before anyone builds it, this
script measures its best case.

How: stand-in ``pydantic`` and ``pydantic_core`` packages (below) are put first on
``PYTHONPATH`` of the batch command, so neither the real packages nor pydantic-core's compiled
extension load. The stand-in ``BaseModel`` only stores the fields (no validation, no schema
machinery, a generated ``__init__`` as :mod:`dataclasses` makes) and renders
``model_dump_json`` with :func:`json.dumps`. The script first checks that the command's JSON
Lines output is byte-identical with and without the stand-ins, at both job counts, so all runs
do the same work; then it runs ``--jobs 1`` and ``--jobs 2`` with and without them, taking
turns round by round, and prints the medians.
The stand-ins are a measuring device only: never installed, and the real command is
untouched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _inputs import discover
from _measure import Runs, batch_cores, commands_runs, compile_bytecode

ROOT = Path(__file__).resolve().parent.parent
Variant = tuple[str, int]
"""Which ``pydantic`` the command imports ("pydantic" or "stand-in"), and its ``--jobs``."""

STAND_IN = '''
"""A pydantic stand-in for benchmarks/without_pydantic.py: stores fields, validates nothing."""
import json

_MISSING = object()


class FieldInfo:
    def __init__(self, default=_MISSING, default_factory=None):
        self.default = default
        self.default_factory = default_factory


def Field(default=_MISSING, *, default_factory=None, **_ignored):
    return FieldInfo(default, default_factory)


def ConfigDict(**settings):
    return settings


class BaseModel:
    model_fields = {}

    def __init_subclass__(cls, **_ignored):
        fields = dict(cls.model_fields)
        for name in cls.__dict__.get("__annotations__", {}):
            if name != "model_config" and not name.startswith("_"):
                value = cls.__dict__.get(name, _MISSING)
                fields[name] = value if isinstance(value, FieldInfo) else FieldInfo(value)
        cls.model_fields = fields
        cls.__init__ = _generated_init(fields)

    def model_dump_json(self, *, exclude=(), indent=None):
        if indent is not None:
            raise NotImplementedError("the stand-in renders compact JSON only")
        return json.dumps(_plain(self, exclude), ensure_ascii=False, separators=(",", ":"))


def _generated_init(fields):
    namespace = {"_MISSING": _MISSING, "_fields": fields}
    params, lines = [], []
    for name, info in fields.items():
        if info.default_factory is not None:
            params.append(f"{name}=_MISSING")
            lines.append(
                f"self.{name} = _fields[{name!r}].default_factory() "
                f"if {name} is _MISSING else {name}"
            )
        elif info.default is _MISSING:
            params.append(name)
            lines.append(f"self.{name} = {name}")
        else:
            namespace[f"_default_{name}"] = info.default
            params.append(f"{name}=_default_{name}")
            lines.append(f"self.{name} = {name}")
    signature = ", ".join(["self", "*", *params] if params else ["self"])
    body = "\\n    ".join(lines or ["pass"])
    exec(f"def __init__({signature}):\\n    {body}\\n", namespace)
    return namespace["__init__"]


def _plain(value, exclude=()):
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in value.model_fields
                if name not in exclude}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


class TypeAdapter:
    def __init__(self, *_args):
        raise NotImplementedError("the stand-in serves JSON Lines only")
'''

STAND_IN_CORE = '''
"""A pydantic_core stand-in: the SQLite exporter imports ``to_json`` when the exporters load."""
import json


def to_json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="runs of each variant (8)")
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    _, corpus, real = discover()
    if not real:
        print("../shared not found: generated lists stand in for the corpus")
    files = [str(path) for path in corpus]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        stand_in = folder / "stand_in"
        for package, source in (("pydantic", STAND_IN), ("pydantic_core", STAND_IN_CORE)):
            (stand_in / package).mkdir(parents=True)
            (stand_in / package / "__init__.py").write_text(source, encoding="utf-8")
        compile_bytecode(ROOT / "src", stand_in)
        variants = {
            (name, jobs): _environment(stand_in if name == "stand-in" else None)
            for name in ("pydantic", "stand-in")
            for jobs in (1, 2)
        }
        _check_same_output(files, variants, folder)
        timed = commands_runs(
            {(name, jobs): _batch(files, jobs, folder / "out.jsonl") for name, jobs in variants},
            options.rounds,
            variants,
        )
    _fail_on_error(timed)
    cores = batch_cores(2)
    print(f"batch over {len(files)} files, {options.rounds} rounds, medians (best):")
    for name in ("pydantic", "stand-in"):
        one, two = (statistics.median(timed[name, jobs].seconds) for jobs in (1, 2))
        best_one, best_two = (min(timed[name, jobs].seconds) for jobs in (1, 2))
        cpu = statistics.median(timed[name, 2].cpu_seconds)
        print(
            f"  {name:9} --jobs 1 {one:.3f} s ({best_one:.3f})  --jobs 2 {two:.3f} s "
            f"({best_two:.3f})  speed-up {one / two:.2f}× ({best_one / best_two:.2f}×); "
            f"--jobs 2 uses {cpu:.3f} s of CPU, so {cores} cores need {cpu / cores:.3f} s"
        )
    return 0


def _environment(stand_in: Path | None) -> dict[str, str]:
    paths = [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
    if stand_in is not None:
        paths.insert(0, str(stand_in))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}


def _batch(files: list[str], jobs: int, output: Path) -> list[str]:
    argv = [sys.executable, "-m", "awesome_parse", "batch", *files, "--jobs", str(jobs)]
    return [*argv, "-o", str(output)]


def _check_same_output(
    files: list[str], variants: dict[Variant, dict[str, str]], folder: Path
) -> None:
    outputs = {variant: folder / "{}-{}.jsonl".format(*variant) for variant in variants}
    commands = {variant: _batch(files, variant[1], output) for variant, output in outputs.items()}
    _fail_on_error(commands_runs(commands, 1, variants))
    if len({output.read_bytes() for output in outputs.values()}) != 1:
        raise SystemExit("the stand-in changes the output: its timings would not compare")


def _fail_on_error(timed: dict[Variant, Runs]) -> None:
    for (name, jobs), runs in timed.items():
        if runs.status != 0:
            raise SystemExit(f"batch with {name}, --jobs {jobs}, exited with {runs.status}")


if __name__ == "__main__":
    raise SystemExit(main())
