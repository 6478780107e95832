"""RIS: the tagged format EndNote, Mendeley, Zotero and Citavi import.

One record per reference (:mod:`._references`: the same references and keys as BibTeX and
CSL-JSON). Each line is ``TAG  - value``; records end with ``ER  -``; lines end with ``\\r\\n``
as the format asks. Tags written:

``TY`` (journal → ``JOUR``, conference or workshop → ``CPAPER``, preprint → ``UNPB``, other
paper → ``GEN``, repository → ``COMP``, dataset → ``DATA``, link → ``ELEC``), ``ID`` (the
citation key), ``TI``, ``AU`` (one per author, ``Family, Given``), ``PY`` (year), ``DA``
(``YYYY/MM//``), ``T2`` (journal or proceedings), ``PB`` (preprint server, company or blog),
``DO``, ``UR``, ``KW`` (one per section path and tag), ``N1`` (affiliations, arXiv ID, the
listed URL of a corrected arXiv link). Values are single lines: whitespace runs, newlines
included, fold to one space.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..model import Document
from ._references import Reference, author_names, one_line, references

RIS_TYPES = {
    "journal": "JOUR",
    "conference": "CPAPER",
    "preprint": "UNPB",
    "paper": "GEN",
    "software": "COMP",
    "dataset": "DATA",
    "webpage": "ELEC",
}
"""Reference kind → RIS ``TY``."""


def render(docs: Sequence[Document], *, all_kinds: bool = False) -> str:
    """RIS records for the papers (with ``all_kinds`` every linked entry) of ``docs``."""
    with_list = len(docs) > 1
    lines: list[str] = []
    for reference in references(docs, all_kinds=all_kinds):
        lines.extend(f"{tag}  - {value}" for tag, value in _tags(reference, with_list))
        lines.extend(("ER  - ", ""))
    return "\r\n".join(lines)


def _tags(reference: Reference, with_list: bool) -> Iterator[tuple[str, str]]:
    entry = reference.entry
    yield "TY", RIS_TYPES[reference.kind]
    yield "ID", reference.key
    yield "TI", one_line(entry.title)
    names, _ = author_names(entry.authors)
    for name in names:
        yield "AU", one_line(name.literal or ", ".join(p for p in (name.family, name.given) if p))
    if entry.year is not None:
        yield "PY", str(entry.year)
        month = f"{entry.month:02d}" if entry.month else ""
        yield "DA", f"{entry.year}/{month}//"
    values = {
        "T2": "" if reference.kind == "preprint" else reference.container,
        "PB": reference.container if reference.kind == "preprint" else reference.publisher,
        "DO": entry.doi or "",
        "UR": reference.url,
    }
    for tag, value in values.items():
        if value:
            yield tag, one_line(value)
    for keyword in reference.keywords(with_list):
        yield "KW", one_line(keyword)
    notes = [*entry.affiliations]
    if entry.arxiv_id:
        notes.append(f"arXiv: {entry.arxiv_id}")
    if reference.listed_url:
        notes.append("listed as " + reference.listed_url)
    if notes:
        yield "N1", one_line("; ".join(notes))
