"""The citation reader's word lists: venues and organisations, kept as data files.

``data/venues.txt`` adds venue names to those :mod:`awesome_parse.metadata.venues` knows (with
their aliases, ``NIPS`` → ``NeurIPS``); ``data/organisations.txt`` lists companies, labs and
universities, which a list names beside a work but which are never its venue. Both are read
once, on first use.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib.resources import files

from ...metadata.venues import canonical_aliases, venues_in_text

__all__ = ["is_organisation", "known_venue"]


def _names(resource: str) -> frozenset[str]:
    text = files(__package__).joinpath("data", resource).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _pattern(resource: str) -> re.Pattern[str]:
    names = sorted(_names(resource), key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w&/-])(?:{alternatives})(?![\w&/])")


_GENERIC_VENUE = re.compile(
    r"\b(?:Journal|Transactions|Proceedings|Conference|Symposium|Workshops?|Letters|Review"
    r"|Magazine|Findings)\b"
)
"""Words that make a phrase a venue even when its name is unknown."""


@cache
def _venue_tokens() -> frozenset[str]:
    """The first word of every venue name and alias: a text without one names no venue."""
    names = set(_names("venues.txt")) | set(canonical_aliases())
    words = {_WORD.findall(name)[0] for name in names if _WORD.search(name)}
    return frozenset((words - {"The"}) | _GENERIC_WORDS)


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&]*")
_GENERIC_WORDS = frozenset(
    {"Journal", "Transactions", "Proceedings", "Conference", "Symposium", "Workshop"}
    | {"Workshops", "Letters", "Review", "Magazine", "Findings"}
)


def known_venue(text: str) -> bool:
    """``text`` starts with (or is) a venue's name: ``CVPR 2023``, ``NeurIPS'22``,
    ``ICSE 2024``, ``IEEE Transactions on Image Processing``, ``Findings of ACL``."""
    head = text[:120]
    tokens = _venue_tokens()
    if not any(word in tokens for word in _WORD.findall(head)):
        return False
    if venues_in_text(head):
        return True
    found = _pattern("venues.txt").search(head)
    if found is not None and found.start() <= 5:
        return True
    generic = _GENERIC_VENUE.search(head) is not None and len(head.split()) >= 2
    return generic and not is_organisation(head)  # "Conference" alone names no venue


@lru_cache(maxsize=8192)  # the same remarks and names recur through a list's entries
def is_organisation(text: str) -> bool:
    """``text`` names a company, lab or university (``OpenAI``, ``Xiamen University``,
    ``Stanford + Google``, ``@Google``); a list names organisations when each of its items
    does (``Google, Stanford``, not ``Python, MIT``) or one says so (``NeurIPS, from
    DeepMind``), and a licence never does."""
    text = text.strip().lstrip("@").strip()[:120]
    if not text or _LICENCE.search(text):
        return False
    if "," not in text:
        return _names_organisation(text)
    parts = [part for part in _LIST_ITEMS.split(text) if part.strip()]
    if any(_AFFILIATION_MARK.match(part) and _names_organisation(part) for part in parts):
        return True  # ``NeurIPS, from DeepMind``: "from" marks the affiliation
    return all(_names_organisation(part) for part in parts)


def _names_organisation(text: str) -> bool:
    if _pattern("organisations.txt").search(text):
        return True
    return _INSTITUTION.search(text) is not None


_LICENCE = re.compile(r"\bLicen[cs]e\b|\b(?:Apache|A?GPL|LGPL|BSD|MPL)[ -]?(?:v?\d|\b)", re.I)
_AFFILIATION_MARK = re.compile(r"(?:from|by)\s|@", re.I)
_LIST_ITEMS = re.compile(r"(?<!\s)\s*,\s*(?:and\s+|&\s*)?|(?<!\s)\s+and\s+")


_INSTITUTION = re.compile(
    r"\b(?:University|Universit[àäé]t?|Institute|Institut|College|Academy|Laborator(?:y|ies)"
    r"|Lab|Labs|Inc|Ltd|Corp|Corporation|Company|Group|Team|School)\b"
)
