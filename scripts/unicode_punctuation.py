"""Print the code-point ranges of Unicode punctuation for ``awesome_parse/_punctuation.py``.

    python scripts/unicode_punctuation.py                 # this Python's unicodedata
    python scripts/unicode_punctuation.py --unicodedata2  # the installed unicodedata2 package

Each Python release pins one Unicode version; ``pip install unicodedata2==X.Y.Z`` gives the
same tables for another version, so one interpreter can produce the entry of every version.
The output is one item of ``PUNCTUATION_RANGES``: hexadecimal code points and ``low-high``
ranges, separated by spaces.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap


def punctuation_ranges(category: object) -> list[tuple[int, int]]:
    """Inclusive ranges of the code points whose general category is P* (Pc Pd Pe Pf Pi Po Ps)."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if not category(chr(code)).startswith("P"):  # type: ignore[operator]
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--unicodedata2", action="store_true")
    module = importlib.import_module(
        "unicodedata2" if options.parse_args().unicodedata2 else "unicodedata"
    )
    words = [
        f"{low:X}" if low == high else f"{low:X}-{high:X}"
        for low, high in punctuation_ranges(module.category)
    ]
    print(f'    "{module.unidata_version}": (')
    for line in textwrap.wrap(" ".join(words), 88):
        print(f'        "{line} "')
    print("    ),")


if __name__ == "__main__":
    main()
