"""The benchmark's inputs: the real lists in ``../shared`` when present, else the bundled
example plus generated lists, so that ``python benchmarks/run.py`` runs on a fresh clone too.

Every parser is timed on the same ``str`` (decoded once here), so that the comparison is of
parsing, not of reading files.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "awesome-example.md"


@dataclass
class Input:
    """One named input: its text, and the files it came from (for batch runs)."""

    name: str
    text: str
    files: list[Path]

    @property
    def size(self) -> int:
        """Size in bytes (UTF-8), the unit of MB/s and of the memory ratio."""
        return len(self.text.encode("utf-8"))


def _read(path: Path) -> str:
    from awesome_parse.decode import decode

    return decode(path.read_bytes()).text


def _generated_lists(count: int = 12) -> list[Path]:
    """Lists in the shapes the parser reads (bullets with notes, link groups, a table)."""
    folder = Path(tempfile.mkdtemp(prefix="awesome-bench-"))
    paths = []
    for index in range(count):
        rows = []
        for n in range(150):
            rows.append(
                f"* [2023/{n % 12 + 1:02d}] [Paper {index}.{n}: a study of things]"
                f"(https://arxiv.org/abs/23{n % 12 + 1:02d}.{index:02d}{n:03d}) (from Lab {n % 7})"
                f" [![Star](https://img.shields.io/github/stars/o{n}/r{index}.svg)]"
                f"(https://github.com/o{n}/r{index})\n"
            )
            if n % 10 == 0:
                rows.append(f"\n### Topic {n}\n\n")
        table = "| Model | Paper | Code |\n|---|---|---|\n" + "".join(
            f"| M{n} | [paper](https://arxiv.org/abs/2201.{n:05d}) "
            f"| [code](https://github.com/a/m{n}) |\n"
            for n in range(40)
        )
        text = f"# Generated list {index}\n\n## Papers\n\n{''.join(rows)}\n## Models\n\n{table}"
        path = folder / f"generated{index:02d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def discover() -> tuple[list[Path], list[Path], bool]:
    """``(seed files, corpus files, real)``: real is False when ../shared is absent and the
    example plus generated lists stand in for both."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((SHARED / "corpus").glob("*.md"))
    if seeds:
        return seeds, corpus, True
    generated = _generated_lists()
    return [EXAMPLE, *generated[:4]], generated[4:], False


def concatenated(name: str, files: list[Path], target_bytes: int) -> Input:
    """The files' texts joined, repeated until at least ``target_bytes``."""
    unit = "\n\n".join(_read(path) for path in files) + "\n\n"
    repeats = max(1, -(-target_bytes // len(unit.encode("utf-8"))))
    return Input(name, unit * repeats, files)


def joined(name: str, files: list[Path]) -> Input:
    """The files' texts as one input (the seeds, the corpus)."""
    return Input(name, "\n\n".join(_read(path) for path in files) + "\n", files)


def first_bytes(text: str, limit: int) -> str:
    """The text cut at the last line end before ``limit`` bytes (a small list for lint)."""
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return cut[: cut.rfind("\n") + 1] or cut
