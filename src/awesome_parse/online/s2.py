"""Semantic Scholar's Academic Graph: ``POST /paper/batch`` for up to 500 papers at once.

The body is ``{"ids": ["ARXIV:2103.00020", "DOI:10.1/x", ...]}``; the answer is a JSON array
in the same order, ``null`` where the paper is unknown
(https://api.semanticscholar.org/api-docs/graph#tag/Paper-Data/operation/post_graph_get_papers).
Semantic Scholar is what knows that a preprint was published: its ``venue``, ``journal`` and
``externalIds.DOI``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .http import HttpClient, Reply
from .record import Record, is_arxiv_doi, is_arxiv_venue, month_day

__all__ = ["BATCH", "FIELDS", "fetch", "parse_paper"]

BATCH = 500
FIELDS = "title,authors,year,venue,publicationDate,externalIds,journal,abstract"


def fetch(
    client: HttpClient, ids: Iterable[str]
) -> Iterator[tuple[list[str], Reply, dict[str, Record]]]:
    """``ids`` are S2 identifiers (``ARXIV:…``, ``DOI:…``); records are keyed by them."""
    pending = sorted(set(ids))
    headers = {"x-api-key": client.config.s2_api_key} if client.config.s2_api_key else {}
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        reply = client.request(
            "s2",
            f"{client.config.endpoint('s2')}/paper/batch",
            method="POST",
            params={"fields": FIELDS},
            json_body={"ids": batch},
            headers=headers,
        )
        records: dict[str, Record] = {}
        papers = reply.data()
        for key, paper in zip(batch, papers if isinstance(papers, list) else [], strict=False):
            if isinstance(paper, dict):
                records[key] = parse_paper(paper)
        yield batch, reply, records


def parse_paper(paper: dict[str, Any]) -> Record:
    external = paper.get("externalIds") or {}
    journal = paper.get("journal") or {}
    venue = next(
        (
            str(name).strip()
            for name in (paper.get("venue"), journal.get("name"))
            if name and not is_arxiv_venue(str(name))
        ),
        "",
    )
    doi = str(external.get("DOI") or "").lower()
    month, day = month_day(str(paper.get("publicationDate") or ""))
    return Record(
        source="api:s2",
        title=" ".join(str(paper.get("title") or "").split()),
        authors=tuple(
            str(a.get("name")).strip() for a in paper.get("authors") or [] if a.get("name")
        ),
        year=paper.get("year") if isinstance(paper.get("year"), int) else None,
        month=month,
        day=day,
        venue=venue,
        doi="" if is_arxiv_doi(doi) else doi,
        arxiv_id=str(external.get("ArXiv") or ""),
        abstract=" ".join(str(paper.get("abstract") or "").split()),
    )
