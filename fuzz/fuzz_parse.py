"""atheris (libFuzzer) target: parse, export and lint arbitrary bytes.

Finds inputs that make the pipeline raise anything but ``ParseError`` (binary input), that
break the JSON round trip, or that take too long (libFuzzer's ``-timeout``). See README.md.

    python fuzz/fuzz_parse.py fuzz/corpus -max_total_time=60 -timeout=10 -max_len=65536
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

with atheris.instrument_imports():
    # Import every stage here (the package loads them lazily) so that all are instrumented.
    from awesome_parse import decode, exporters, items, markdown, tables, tree  # noqa: F401
    from awesome_parse.model import Document
    from awesome_parse.parser import ParseError, parse

    try:
        from awesome_parse.lint.engine import lint_source
    except ImportError:  # lint mode not merged yet
        lint_source = None  # type: ignore[assignment]

# Formats rendered for every input; all of them when --all-formats is given (slower).
FORMATS = ["json", "csv"]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    repair = fdp.ConsumeBool()
    as_text = fdp.ConsumeBool()
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    source: bytes | str = body.decode("utf-8", errors="surrogateescape") if as_text else body
    try:
        doc = parse(source, repair=repair)
    except ParseError:
        return  # binary input: the one documented failure
    if Document.model_validate_json(doc.model_dump_json()) != doc:
        raise AssertionError("JSON round trip changed the document")
    for fmt in FORMATS:
        exporters.export(doc, fmt)
    if lint_source is not None:
        lint_source(source, path="fuzz.md")  # the same input the parse accepted


def main() -> None:
    if "--all-formats" in sys.argv:
        sys.argv.remove("--all-formats")
        FORMATS[:] = list(exporters.FORMATS)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
