"""What the reference-manager formats (BibTeX, CSL-JSON, RIS) share: which entries are
references, the key each one is cited by, and what kind of publication it is.

One :class:`Reference` per distinct citable thing over every document given: entries are
grouped by ``paper_id`` (falling back to the URL), nested entries included; the first entry
that lists it supplies the metadata and every ``(list, section path)`` it appears under is
kept, so a merged export of many lists says where each reference came from.

**Keys are stable**: a key depends only on its own paper, never on the order or the presence
of other entries. The base is ``<first author's surname | model | first significant title
word><year><first significant title word>`` (when the first part is already the first title
word, the second significant title word follows instead), ASCII-folded and lower-case:
``radford2021clip``, ``clip2021``, ``foundational2023models``. When two references of one
export share a base, *every* one of them gets a suffix of four letters derived from its
identity (a hash of ``paper_id`` or URL), e.g. ``unified2022kqzt``; a base nobody shares stays
bare. So adding, removing or reordering other papers never makes a key name another paper: a
key is either unique to its paper's text or carries the paper's identity.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Literal

from ..model import Document, Entry

__all__ = [
    "Name",
    "Reference",
    "ReferenceKind",
    "author_names",
    "canonical_arxiv_url",
    "key_base",
    "list_name",
    "one_keyword",
    "one_line",
    "references",
]

ReferenceKind = Literal[
    "journal", "conference", "preprint", "paper", "software", "dataset", "webpage"
]
"""``journal``/``conference``: published in one (the venue is the container); ``preprint``: on
arXiv or another preprint server; ``paper``: a paper with no venue or an unknown one that is
no container (a blog, a report, a company); the rest are the non-paper entry kinds."""

_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "ł": "l"})
_NON_KEY = re.compile(r"[^a-z0-9]+")
_STOPWORDS_TEXT = """
a an and are as at be by can do does for from how in into is it its of on or our the their to
toward towards via we what when where which why with without you your
"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_KEY_PART_MAX = 20
_SUFFIX_LENGTH = 4
_ET_AL = re.compile(r"[\s,]*\bet\.?\s*al\b\.?\s*$", re.IGNORECASE)
_AND = re.compile(r"\band\b", re.IGNORECASE)
_TRAILING_YEAR = re.compile(r"(?:19|20)\d\d$")
_ARXIV_PATHS = frozenset({"abs", "pdf", "html", "format", "src", "ps"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_KEYWORD_SEPARATORS = re.compile(r"\s*[,;]\s*")
_PREPRINT_SERVER = re.compile(r"\b(\w*rxiv|ssrn|research square)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Name:
    """An author: ``family``/``given`` as BibTeX would split the name, or a ``literal`` name
    that must not be split (``Tom Smith and Sons``)."""

    family: str = ""
    given: str = ""
    literal: str = ""


@dataclass
class Reference:
    """A distinct citable thing and everything the reference formats need to write it."""

    entry: Entry
    """The first entry that lists it."""
    key: str = ""
    """The citation key (see the module doc)."""
    places: list[tuple[str, list[str]]] = field(default_factory=list)
    """``(list name, section path)`` of every entry for it, in document order."""
    kind: ReferenceKind = "paper"
    container: str = ""
    """The journal or proceedings (``Nature``, ``CVPR 2022``), or the preprint server."""
    publisher: str = ""
    """Who put it out when that is no container: a company, a blog, a report series."""
    url: str = ""
    """The link to cite: the entry's URL, or the canonical one for a malformed arXiv link."""
    listed_url: str = ""
    """The entry's URL when :attr:`url` replaced it (kept in a note), else empty."""

    def keywords(self, with_list: bool) -> list[str]:
        """Section paths joined with ``" > "`` (the list name first when ``with_list``), then
        the entry's tags, each once, in order."""
        found: dict[str, None] = {}
        for name, path in self.places:
            parts = [name, *path] if with_list else path
            if parts:
                found[" > ".join(parts)] = None
        for tag in self.entry.tags:
            found[tag] = None
        return list(found)


def references(docs: Iterable[Document], *, all_kinds: bool = False) -> list[Reference]:
    """The references of ``docs`` with stable unique keys: papers, and with ``all_kinds``
    repositories, datasets and links too. Entries without a URL or ``paper_id`` are skipped."""
    found: dict[str, Reference] = {}
    for doc in docs:
        name = list_name(doc)
        for path, entry in doc.walk_all():
            if entry.kind == "text" or not (all_kinds or entry.kind == "paper"):
                continue
            identity = entry.paper_id or entry.url
            if not identity:
                continue
            reference = found.get(identity)
            if reference is None:
                reference = found[identity] = _reference(entry)
            if (name, path) not in reference.places:
                reference.places.append((name, path))
    _assign_keys(found)
    return list(found.values())


def list_name(doc: Document) -> str:
    """How a merged export names a list: its title, else its file name without suffix."""
    if doc.title:
        return " ".join(doc.title.split())
    return PurePath(doc.source).stem if doc.source else "list"


def _reference(entry: Entry) -> Reference:
    from ..metadata.venues import venue_kind  # imported when an export runs: see exporters

    reference = Reference(entry=entry, url=entry.url or "")
    fixed = canonical_arxiv_url(entry.url or "", entry.arxiv_id)
    if fixed is not None:
        reference.url, reference.listed_url = fixed, entry.url or ""
    if entry.kind != "paper":
        kinds: dict[str, ReferenceKind] = {"repo": "software", "dataset": "dataset"}
        reference.kind = kinds.get(entry.kind, "webpage")
        return reference
    venue = " ".join((entry.venue or "").split())
    kind = venue_kind(venue) if venue else None
    if kind == "journal":
        reference.kind, reference.container = "journal", _journal(venue)
    elif kind in ("conference", "workshop"):
        reference.kind, reference.container = "conference", venue
    elif kind == "preprint" or entry.arxiv_id:
        reference.kind = "preprint"
        server = _PREPRINT_SERVER.search(venue) if kind == "preprint" else None
        reference.container = server.group() if server and not entry.arxiv_id else "arXiv"
    else:
        reference.publisher = venue  # an organisation, a blog, a report: never a container
    return reference


def one_line(text: str) -> str:
    """Text for a one-line field: control characters become spaces, whitespace runs fold."""
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def one_keyword(text: str) -> str:
    """A keyword that a list of keywords separated by commas or semicolons keeps whole: such
    separators inside a section title or tag become ``" / "``."""
    return " > ".join(_KEYWORD_SEPARATORS.sub(" / ", one_line(part)) for part in text.split(" > "))


def _journal(venue: str) -> str:
    """``Nature 2023`` → ``Nature``: a journal is named without the year."""
    year = _TRAILING_YEAR.search(venue)
    if year is None or year.start() == 0 or venue[year.start() - 1] not in " ,":
        return venue
    return venue[: year.start()].rstrip(" ,")


def canonical_arxiv_url(url: str, arxiv_id: str | None) -> str | None:
    """``https://arxiv.org/abs/<id>`` for an arxiv.org link that does not resolve as written
    (``arxiv.org/2005.14165``, no ``/abs/``), when the entry's arXiv ID is known; else None."""
    from ..metadata.identifiers import split_url

    parts = split_url(url) if url and arxiv_id else None
    if parts is None or parts.host != "arxiv.org":
        return None
    first = parts.path.strip("/").split("/", 1)[0].lower()
    if first in _ARXIV_PATHS:
        return None
    return f"https://arxiv.org/abs/{arxiv_id}"


def author_names(authors: Sequence[str]) -> tuple[list[Name], bool]:
    """The authors as :class:`Name` objects, and whether the list ends in "et al."."""
    names: list[Name] = []
    others = False
    for written in authors:
        folded = " ".join(written.split())  # _ET_AL is quadratic on long whitespace runs
        bare = _ET_AL.sub("", folded).strip()
        others = others or bare != folded or bare.lower() == "others"
        if not bare or bare.lower() == "others":
            continue
        names.append(_name(bare))
    return names, others


@lru_cache(maxsize=16384)  # the same people recur across a list and across the formats
def _name(written: str) -> Name:
    """One author's name split by bibtexparser's implementation of BibTeX's rules."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    if _AND.search(written) or written.count(",") > 1 or "{" in written or "}" in written:
        return Name(literal=written)
    try:
        parts = parse_single_name_into_parts(written)
    except Exception:  # bibtexparser raises its own errors for odd names: keep them whole
        return Name(literal=written)
    family = " ".join([*parts.von, *parts.last, *parts.jr])
    return Name(family=family, given=" ".join(parts.first))


# --------------------------------------------------------------------------- keys


def _assign_keys(found: dict[str, Reference]) -> None:
    groups: dict[str, list[tuple[str, Reference]]] = defaultdict(list)
    for identity, reference in found.items():
        groups[key_base(reference.entry)].append((identity, reference))
    taken = {base for base, members in groups.items() if len(members) == 1}
    for base, members in groups.items():
        if len(members) == 1:
            members[0][1].key = base
            continue
        length = _SUFFIX_LENGTH
        while True:  # lengthen only in the (astronomically rare) case of a clash
            keys = [base + _identity_letters(identity, length) for identity, _ in members]
            if len(set(keys)) == len(keys) and not taken.intersection(keys):
                break
            length += 1
        for key, (_, reference) in zip(keys, members, strict=True):
            reference.key = key
        taken.update(keys)


def _identity_letters(identity: str, length: int) -> str:
    number = int.from_bytes(hashlib.sha256(identity.encode("utf-8")).digest()[:8], "big")
    letters = ""
    for _ in range(length):
        number, rest = divmod(number, 26)
        letters += chr(ord("a") + rest)
    return letters


def key_base(entry: Entry) -> str:
    """The key before any suffix (see the module doc); ``ref<year>...`` when nothing in the
    entry folds to ASCII."""
    words = _title_words(entry.title)
    first = words[0] if words else ""
    named = _surname(entry.authors) or _NON_KEY.sub("", _fold(entry.model or ""))
    prefix = (named or first)[:_KEY_PART_MAX]
    year = "" if entry.year is None else str(entry.year)
    rest = [w[:_KEY_PART_MAX] for w in words[:2] if w[:_KEY_PART_MAX] != prefix]
    base = prefix + year + (rest[0] if rest else "")
    return base if prefix else "ref" + base


def _fold(text: str) -> str:
    """ASCII-fold and lower-case: ``Göttingen`` → ``gottingen``; non-Latin text → ``""``."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = text.encode("ascii", "ignore").decode("ascii")
    return text.lower()


def _title_words(title: str) -> list[str]:
    return [w for w in _NON_KEY.split(_fold(title)) if w and w not in _STOPWORDS]


def _surname(authors: Sequence[str]) -> str:
    if not authors:
        return ""
    name = _ET_AL.sub("", " ".join(authors[0].split())).strip()
    if "," in name:
        name = name.split(",", 1)[0]
    elif name.split():
        name = name.split()[-1]
    surname = _NON_KEY.sub("", _fold(name))
    return "" if surname == "others" else surname
