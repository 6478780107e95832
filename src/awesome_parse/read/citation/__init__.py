"""Read the citation inside each entry — title, short name, authors, venue, year — with a
template learnt from the list itself.

A separate pass over the finished tree: :mod:`.slots` segments each entry's head into typed
slots, :mod:`.template` votes what each slot holds across the list, :mod:`.apply` sets the
fields. The word lists it leans on are data files (:mod:`.lexicon`).
"""

from __future__ import annotations

from .apply import read_citations

__all__ = ["read_citations"]
