"""Print the code-point ranges of Unicode punctuation for ``awesome_parse/_punctuation.py``.

    python scripts/unicode_punctuation.py                 # this Python's unicodedata
    python scripts/unicode_punctuation.py --unicodedata2  # the installed unicodedata2 package

Each Python release pins one Unicode version; ``pip install unicodedata2==X.Y.Z`` gives the
same tables for another version, so one interpreter can produce the entry of every version.
For the base version (14.0.0) the output is the whole ``_BASE`` table; for a later one, the
``ADDED`` item: what it adds to the newest version tabled before it. Both are hexadecimal code
points and ``low-high`` ranges, separated by spaces.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap


def punctuation_codes(category: object) -> list[int]:
    """The code points whose general category is P* (Pc Pd Pe Pf Pi Po Ps)."""
    return [
        code
        for code in range(sys.maxunicode + 1)
        if category(chr(code)).startswith("P")  # type: ignore[operator]
    ]


def ranges_text(codes: list[int]) -> str:
    """``21-23 25-2A ...``: runs of consecutive code points as inclusive ranges."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return " ".join(f"{low:X}" if low == high else f"{low:X}-{high:X}" for low, high in runs)


def main() -> None:
    from awesome_parse.markdown.punctuation import ADDED, BASE_VERSION, punctuation_for

    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--unicodedata2", action="store_true")
    module = importlib.import_module(
        "unicodedata2" if options.parse_args().unicodedata2 else "unicodedata"
    )
    version = module.unidata_version
    codes = punctuation_codes(module.category)
    if version == BASE_VERSION:
        for line in textwrap.wrap(ranges_text(codes), 88):
            print(f'    "{line} "')
        return
    key = _version_key(version)
    earlier = [v for v in (BASE_VERSION, *ADDED) if _version_key(v) < key]
    if not earlier:
        raise SystemExit(f"Unicode {version} is older than the base {BASE_VERSION}")
    known = {ord(char) for char in punctuation_for(earlier[-1]) or ()}
    print(f'    "{version}": "{ranges_text([c for c in codes if c not in known])}",')


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(map(int, version.split(".")))


if __name__ == "__main__":
    main()
