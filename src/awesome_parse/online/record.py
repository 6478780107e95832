"""What a service says about one paper, in one shape whatever the service."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "Record",
    "is_arxiv_doi",
    "is_arxiv_venue",
    "month_day",
    "normalize_title",
    "title_similarity",
]


@dataclass(frozen=True)
class Record:
    """One paper as one service describes it; empty fields are unknown to that service."""

    source: str
    """``api:arxiv``, ``api:s2``, ``api:crossref`` or ``api:openalex``."""
    title: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    month: int | None = None
    day: int | None = None
    venue: str = ""
    """Where it was published; empty for a preprint."""
    doi: str = ""
    """Lower-case DOI of the publication (an arXiv ``10.48550`` DOI is not one)."""
    arxiv_id: str = ""
    abstract: str = ""
    extra_ids: dict[str, str] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        """True when the service knows a venue or DOI beyond arXiv."""
        return bool(self.venue) or bool(self.doi)


_ARXIV_VENUES = ("arxiv", "corr", "arxiv.org", "arxiv (cornell university)")


def is_arxiv_doi(doi: str) -> bool:
    """The DOI arXiv itself mints for every preprint (DataCite ``10.48550/arXiv.*``)."""
    return doi.lower().startswith("10.48550/arxiv.")


def is_arxiv_venue(venue: str | None) -> bool:
    """``arXiv``, ``CoRR``, ``arXiv 2023``, ``arXiv preprint ...``, none: a venue that says
    "preprint"."""
    text = " ".join((venue or "").lower().split())
    if len(text) > 4 and text[-4:].isdigit():
        text = text[:-4].rstrip(" ,")
    return not text or text in _ARXIV_VENUES or text.startswith("arxiv preprint")


def month_day(date: str) -> tuple[int | None, int | None]:
    """Month and day of an ISO ``YYYY-MM-DD`` date (either ``None`` when absent)."""
    month, day = date[5:7], date[8:10]
    return (
        int(month) if len(month) == 2 and month.isdigit() else None,
        int(day) if len(day) == 2 and day.isdigit() else None,
    )


def normalize_title(title: str) -> str:
    """Case, accents, punctuation and spacing folded, for comparing titles."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def title_similarity(first: str, second: str) -> float:
    """0..1, how alike two titles are once normalised (difflib's ratio)."""
    from difflib import SequenceMatcher

    a, b = normalize_title(first), normalize_title(second)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
