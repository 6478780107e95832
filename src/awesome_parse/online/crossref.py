"""Crossref's REST API: the works of many DOIs in one request, as OR-ed ``doi:`` filters.

``GET /works?filter=doi:A,doi:B&rows=N&cursor=*`` answers ``{"message": {"items": [...],
"total-results": n, "next-cursor": ...}}`` (https://api.crossref.org/swagger-ui/index.html,
https://www.crossref.org/documentation/retrieve-metadata/rest-api/tips-for-using-the-crossref-rest-api/);
repeated filters of one name are OR-ed, and a cursor pages through what does not fit in one
answer. ``mailto`` puts the requests in the "polite pool".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from .http import HttpClient, Reply
from .record import Record

__all__ = ["BATCH", "fetch", "parse_work"]

BATCH = 50
"""DOIs per request: keeps the URL well under common 8 KB limits."""
_TAG = re.compile(r"<[^<>]*>")


def fetch(
    client: HttpClient, dois: Iterable[str], rows: int = BATCH
) -> Iterator[tuple[list[str], Reply, dict[str, Record]]]:
    """Records by lower-case DOI, a batch at a time; ``rows`` per page of the answer."""
    pending = sorted({doi for doi in dois if "," not in doi})  # a comma would split the filter
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        records: dict[str, Record] = {}
        cursor = "*"
        while True:
            params = {
                "filter": ",".join(f"doi:{doi}" for doi in batch),
                "rows": str(rows),
                "cursor": cursor,
            }
            if client.config.mailto:
                params["mailto"] = client.config.mailto
            reply = client.request(
                "crossref", f"{client.config.endpoint('crossref')}/works", params=params
            )
            message = _message(reply)
            items = message.get("items") or []
            for item in items:
                if isinstance(item, dict) and item.get("DOI"):
                    record = parse_work(item)
                    records[record.doi] = record
            cursor = str(message.get("next-cursor") or "")
            total = message.get("total-results")
            if not items or not cursor or not isinstance(total, int) or len(records) >= total:
                break
        yield batch, reply, records


def parse_work(item: dict[str, Any]) -> Record:
    date = _date_parts(item)
    authors = []
    for author in item.get("author") or []:
        name = " ".join(
            part for part in (author.get("given"), author.get("family")) if part
        ) or str(author.get("name") or "")
        if name:
            authors.append(name)
    return Record(
        source="api:crossref",
        title=" ".join(" ".join(item.get("title") or []).split()),
        authors=tuple(authors),
        year=date[0] if date else None,
        month=date[1] if len(date) > 1 else None,
        day=date[2] if len(date) > 2 else None,
        venue=" ".join(" ".join((item.get("container-title") or [])[:1]).split()),
        doi=str(item["DOI"]).lower(),
        abstract=" ".join(_TAG.sub(" ", str(item.get("abstract") or "")).split()),
    )


def _date_parts(item: dict[str, Any]) -> list[int]:
    for key in ("published", "published-print", "published-online", "issued"):
        parts = (item.get(key) or {}).get("date-parts") or [[]]
        if parts and parts[0] and all(isinstance(p, int) for p in parts[0]):
            return list(parts[0])
    return []


def _message(reply: Reply) -> dict[str, Any]:
    data = reply.data()
    message = data.get("message") if isinstance(data, dict) else None
    return message if isinstance(message, dict) else {}
