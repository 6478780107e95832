"""Metadata from a BibTeX citation block that a list prints under an entry.

Some lists paste the paper's ```` ```bibtex ```` block right after the entry. It is the most
authoritative metadata a list carries (title, authors, venue, year, DOI), so the parser
hands it here. bibtexparser is imported only when a block is actually parsed, which keeps
``import awesome_parse`` cheap.

Authors are returned as "First Last" (``Vaswani, Ashish`` → ``Ashish Vaswani``), the way
lists and title suffixes write names; ``others`` is dropped.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from awesome_parse.metadata.dates import plausible_year
from awesome_parse.metadata.identifiers import (
    arxiv_id_from_text,
    arxiv_id_from_url,
    normalize_arxiv_id,
    normalize_doi,
)
from awesome_parse.metadata.venues import canonical_venue

__all__ = ["CitationFields", "citation_fields"]

_MAX_BIBTEX = 200_000
"""Longer blocks are cut: one citation is a few hundred characters."""


class CitationFields(TypedDict, total=False):
    """What :func:`citation_fields` found; keys are absent when the entry lacks them."""

    title: str
    authors: list[str]
    year: int
    month: int
    venue: str
    doi: str
    url: str
    arxiv_id: str


_SPACE_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ARXIV_DOI_PREFIX = "10.48550/arxiv."


def _clean(value: Any) -> str:
    """A field value as plain text: braces gone, whitespace collapsed."""
    text = str(value).replace("{", "").replace("}", "")
    return _SPACE_RE.sub(" ", text).strip()


def _first_last(name: str) -> str:
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and parts[1]:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2]:
        return f"{parts[2]} {parts[0]}, {parts[1]}"
    return name.strip()


def _authors(value: Any) -> list[str]:
    names = value if isinstance(value, list) else [value]
    out = [_first_last(_clean(n)) for n in names]
    return [n for n in out if n and n.lower() not in ("others", "et al.", "et al")]


def _month(value: str) -> int | None:
    text = value.strip().lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(text[:3])


def _quiet_bibtexparser() -> None:
    """bibtexparser logs a warning per broken block; without a handler configured, Python
    prints those to stderr. A NullHandler keeps them for applications that configure
    logging and silent otherwise (the parser reports what matters as diagnostics)."""
    import logging

    logger = logging.getLogger("bibtexparser")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _parse(text: str) -> dict[str, Any] | None:
    _quiet_bibtexparser()
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.middlewares.latex_encoding import LatexDecodingMiddleware
    from bibtexparser.middlewares.names import SeparateCoAuthors

    library = parse_string(
        text[:_MAX_BIBTEX],
        append_middleware=[LatexDecodingMiddleware(keep_braced_groups=True), SeparateCoAuthors()],
    )
    if not library.entries:
        return None
    fields = {f.key.lower(): f.value for f in library.entries[0].fields}
    return fields


def _identifiers(fields: dict[str, Any], out: CitationFields) -> None:
    doi = normalize_doi(_clean(fields.get("doi", "")))
    if doi and doi.startswith(_ARXIV_DOI_PREFIX):
        found = normalize_arxiv_id(doi[len(_ARXIV_DOI_PREFIX) :])
        if found:
            out["arxiv_id"] = found
    elif doi:
        out["doi"] = doi
    url = _clean(fields.get("url", ""))
    if url:
        out["url"] = url
    prefix = _clean(fields.get("archiveprefix", fields.get("eprinttype", ""))).lower()
    eprint = normalize_arxiv_id(_clean(fields.get("eprint", "")))
    arxiv = eprint if eprint and prefix in ("", "arxiv") else None
    venue_text = _clean(fields.get("journal", ""))
    arxiv = arxiv or arxiv_id_from_text(venue_text) or (arxiv_id_from_url(url) if url else None)
    if arxiv and "arxiv_id" not in out:
        out["arxiv_id"] = arxiv


def _dates_and_venue(fields: dict[str, Any], out: CitationFields) -> None:
    m = _YEAR_RE.search(_clean(fields.get("year", "")))
    year = int(m.group(1)) if m and plausible_year(int(m.group(1))) else None
    if year is not None:
        out["year"] = year
        month = _month(_clean(fields.get("month", "")))
        if month is not None:
            out["month"] = month
    for key in ("booktitle", "journal"):
        raw = _clean(fields.get(key, ""))
        if raw:
            out["venue"] = canonical_venue(raw, year) or raw
            return
    if _clean(fields.get("archiveprefix", fields.get("eprinttype", ""))).lower() == "arxiv":
        out["venue"] = "arXiv"


def citation_fields(bibtex_text: str) -> CitationFields:
    """Title, authors, year, month, venue, DOI, URL and arXiv id of the first entry in a
    BibTeX block; an empty dict when the block holds no parseable entry.

    The venue is shortened when known (``Proceedings of the IEEE/CVF Conference on Computer
    Vision and Pattern Recognition`` + 2022 → ``CVPR 2022``), else kept as written. Never
    raises on malformed input.
    """
    try:
        fields = _parse(bibtex_text)
    except Exception:  # bibtexparser and pylatexenc raise many types on broken input
        return {}
    if fields is None:
        return {}
    out: CitationFields = {}
    title = _clean(fields.get("title", ""))
    if title:
        out["title"] = title
    authors = _authors(fields.get("author", []))
    if authors:
        out["authors"] = authors
    _dates_and_venue(fields, out)
    _identifiers(fields, out)
    return out
