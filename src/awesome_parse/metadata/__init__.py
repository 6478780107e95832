"""Offline paper metadata for list entries: identifiers, venues, dates, people, code.

An awesome list is mostly links and short remarks; the metadata a reader wants (arXiv id,
DOI, venue, year, affiliations, repository) is encoded in them rather than written out.
This package decodes it without any network access, as small pure functions that the
parser combines through :func:`enrich_entry`. Each value it sets is recorded with its
source in ``Entry.sources``; see docs/metadata.md for the precedence of sources.
"""

from __future__ import annotations

from awesome_parse.metadata.citation import CitationFields, citation_fields
from awesome_parse.metadata.dates import DateParts, arxiv_date, parse_date
from awesome_parse.metadata.enrich import apply_citation, enrich_entry
from awesome_parse.metadata.identifiers import (
    arxiv_id_from_text,
    arxiv_id_from_url,
    doi_from_text,
    doi_from_url,
    is_paper_url,
    normalize_arxiv_id,
    normalize_doi,
    normalize_url,
    repo_from_badge,
    repo_from_url,
)
from awesome_parse.metadata.notes import affiliations_from_note, authors_from_line
from awesome_parse.metadata.venues import (
    canonical_venue,
    pick_venue,
    venue_from_note,
    venue_from_url,
    venues_in_text,
    year_from_venue,
)

__all__ = [
    "CitationFields",
    "DateParts",
    "affiliations_from_note",
    "apply_citation",
    "arxiv_date",
    "arxiv_id_from_text",
    "arxiv_id_from_url",
    "authors_from_line",
    "canonical_venue",
    "citation_fields",
    "doi_from_text",
    "doi_from_url",
    "enrich_entry",
    "is_paper_url",
    "normalize_arxiv_id",
    "normalize_doi",
    "normalize_url",
    "parse_date",
    "pick_venue",
    "repo_from_badge",
    "repo_from_url",
    "venue_from_note",
    "venue_from_url",
    "venues_in_text",
    "year_from_venue",
]
