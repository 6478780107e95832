"""One JSON object per line and per entry: the shape for ``jq``, ``grep`` and data pipelines.

Nesting is flattened so that every line stands alone. Each line is the entry's own JSON (every
model field except ``children``) followed by three keys:

- ``section``: the list of section titles above the entry (``[]`` before the first heading);
- ``source``: the document's ``source``;
- ``parent_line``: the ``line`` of the entry a child is nested under, ``null`` at top level.

Children come right after their parent, depth-first, so document order is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from ..model import Document, Entry

_EXCLUDE = {"children"}


def render(docs: Sequence[Document]) -> str:
    """Every entry of every document, one JSON object per line (UTF-8, ``\\n`` ends)."""
    return "".join(_lines(docs))


def _lines(docs: Sequence[Document]) -> Iterator[str]:
    for doc in docs:
        source = json.dumps(doc.source, ensure_ascii=False)
        for path, entry in doc.walk():
            section = json.dumps(path, ensure_ascii=False)
            yield from _entry_lines(entry, f',"section":{section},"source":{source}', "null")


def _entry_lines(entry: Entry, context: str, parent_line: str) -> Iterator[str]:
    # The dump is a non-empty object, so the extra keys go before its closing brace.
    body = entry.model_dump_json(exclude=_EXCLUDE)
    yield f'{body[:-1]}{context},"parent_line":{parent_line}}}\n'
    for child in entry.children:
        yield from _entry_lines(child, context, str(entry.line))
