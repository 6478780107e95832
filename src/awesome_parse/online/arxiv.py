"""arXiv's query API: metadata for up to 100 identifiers per request (``id_list``).

The answer is an Atom feed (https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned):
one ``<entry>`` per paper found, with ``<id>`` ``http://arxiv.org/abs/ID vN``, ``<title>``,
``<summary>`` (the abstract), ``<published>`` (first version), ``<author><name>``, and, when
the authors gave them, ``<arxiv:doi>`` and ``<arxiv:journal_ref>``. An identifier arXiv does
not have is simply absent; a malformed one comes back as an entry whose id is under
``/api/errors``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from .http import HttpClient, Reply
from .record import Record, is_arxiv_doi

__all__ = ["BATCH", "fetch", "parse_feed"]

BATCH = 100
"""Identifiers per request: arXiv asks for "a reasonable number" and pages past 100 anyway."""

_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def fetch(
    client: HttpClient, ids: Iterable[str]
) -> Iterator[tuple[list[str], Reply, dict[str, Record]]]:
    """For each batch of identifiers: the batch, the reply, and the records found in it."""
    pending = sorted(set(ids))
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        reply = client.request(
            "arxiv",
            client.config.endpoint("arxiv"),
            params={"id_list": ",".join(batch), "max_results": str(len(batch)), "start": "0"},
            # arXiv throttles with HTTP 200 and a plain-text "Rate exceeded." body.
            accept=lambda body: parse_feed(body) is not None,
        )
        yield batch, reply, (parse_feed(reply.body) or {}) if reply.ok else {}


def parse_feed(body: bytes) -> dict[str, Record] | None:
    """Records by bare identifier (no version) from an Atom feed, error entries left out;
    ``None`` when ``body`` is not an Atom feed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if root.tag != f"{{{_NS['atom']}}}feed":
        return None
    records: dict[str, Record] = {}
    for entry in root.iterfind("atom:entry", _NS):
        arxiv_id = _bare_id(_text(entry, "atom:id"))
        if not arxiv_id:  # an error entry (``http://arxiv.org/api/errors#...``)
            continue
        doi = _text(entry, "arxiv:doi").lower()
        date = _DATE.match(_text(entry, "atom:published"))
        records[arxiv_id] = Record(
            source="api:arxiv",
            title=_text(entry, "atom:title"),
            authors=tuple(
                " ".join((author.findtext("atom:name", "", _NS)).split())
                for author in entry.iterfind("atom:author", _NS)
            ),
            year=int(date.group(1)) if date else None,
            month=int(date.group(2)) if date else None,
            day=int(date.group(3)) if date else None,
            venue=_text(entry, "arxiv:journal_ref"),
            doi="" if is_arxiv_doi(doi) else doi,
            arxiv_id=arxiv_id,
            abstract=_text(entry, "atom:summary"),
        )
    return records


def _bare_id(url: str) -> str:
    """``http://arxiv.org/abs/2103.00020v1`` → ``2103.00020``; empty for any other URL."""
    _, found, tail = url.partition("/abs/")
    base, version, number = tail.rpartition("v")
    return (base if version and number.isdigit() else tail) if found else ""


def _text(element: ET.Element, path: str) -> str:
    return " ".join((element.findtext(path, "", _NS) or "").split())
