"""OpenAlex: works by DOI (``filter=doi:A|B``, up to 50 OR-ed values) and by title search.

Both answer ``{"meta": {"count": n, ...}, "results": [work, ...]}``
(https://docs.openalex.org/api-entities/works/get-lists-of-works,
https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/filter-entity-lists#addition-or);
a work has ``doi`` as a URL, ``display_name``, ``publication_year``, ``publication_date``,
``authorships[].author.display_name``, ``primary_location.source.display_name`` and the
abstract as an inverted index. ``mailto`` joins the polite pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .http import HttpClient, Reply
from .record import Record, is_arxiv_doi, is_arxiv_venue, month_day

__all__ = ["BATCH", "fetch_dois", "parse_work", "search_title"]

BATCH = 50
_DOI_PREFIX = "https://doi.org/"


def fetch_dois(
    client: HttpClient, dois: Iterable[str]
) -> Iterator[tuple[list[str], Reply, dict[str, Record]]]:
    """Records by lower-case DOI, a batch at a time."""
    pending = sorted({doi for doi in dois if "|" not in doi and "," not in doi})
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        reply = _works(client, {"filter": "doi:" + "|".join(batch), "per-page": str(BATCH)})
        records: dict[str, Record] = {}
        for work in _results(reply):
            record = parse_work(work)
            if record.doi:
                records[record.doi] = record
        yield batch, reply, records


def search_title(client: HttpClient, title: str, candidates: int = 5) -> tuple[Reply, list[Record]]:
    """The best ``candidates`` works for a title search (relevance order)."""
    reply = _works(client, {"search": title, "per-page": str(candidates)})
    return reply, [parse_work(work) for work in _results(reply)]


def parse_work(work: dict[str, Any]) -> Record:
    doi = str(work.get("doi") or "").lower().removeprefix(_DOI_PREFIX)
    month, day = month_day(str(work.get("publication_date") or ""))
    source = ((work.get("primary_location") or {}).get("source")) or {}
    venue = str(source.get("display_name") or "").strip()
    ids = work.get("ids") or {}
    arxiv = str(ids.get("arxiv") or "").rsplit("/", 1)[-1]
    return Record(
        source="api:openalex",
        title=" ".join(str(work.get("display_name") or work.get("title") or "").split()),
        authors=tuple(
            str(a["author"]["display_name"]).strip()
            for a in work.get("authorships") or []
            if (a.get("author") or {}).get("display_name")
        ),
        year=work.get("publication_year")
        if isinstance(work.get("publication_year"), int)
        else None,
        month=month,
        day=day,
        venue="" if is_arxiv_venue(venue) else venue,
        doi="" if is_arxiv_doi(doi) else doi,
        arxiv_id=arxiv,
        abstract=_abstract(work.get("abstract_inverted_index")),
    )


def _abstract(index: Any) -> str:
    """OpenAlex ships abstracts as ``{word: [positions]}``; put the words back in order."""
    if not isinstance(index, dict):
        return ""
    placed = sorted(
        (p, word) for word, positions in index.items() for p in positions if isinstance(p, int)
    )
    return " ".join(word for _, word in placed)


def _works(client: HttpClient, params: dict[str, str]) -> Reply:
    if client.config.mailto:
        params["mailto"] = client.config.mailto
    return client.request("openalex", f"{client.config.endpoint('openalex')}/works", params=params)


def _results(reply: Reply) -> list[dict[str, Any]]:
    data = reply.data()
    results = data.get("results") if isinstance(data, dict) else None
    return [r for r in results or [] if isinstance(r, dict)]
