"""The whole tree as JSON: the lossless format, and the one the gold evaluation reads.

One document is written as the object ``Document.model_dump_json(indent=2)`` produces; two or
more as an array of such objects. Field order is the model's declaration order and dictionaries
keep the order the parser filled them in, so the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from pydantic import TypeAdapter

from ..model import Document


def render(docs: Sequence[Document]) -> str:
    """One document → a JSON object; zero or several → a JSON array. Ends with a newline."""
    if len(docs) == 1:
        return docs[0].model_dump_json(indent=2) + "\n"
    return _list_adapter().dump_json(list(docs), indent=2).decode("utf-8") + "\n"


@cache
def _list_adapter() -> TypeAdapter[list[Document]]:
    return TypeAdapter(list[Document])
