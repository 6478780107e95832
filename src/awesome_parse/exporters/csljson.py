"""CSL-JSON: the citation data Zotero, pandoc (``--citeproc``, ``-f csljson``) and every CSL
processor read without guessing.

One item per reference (:mod:`._references`: the same references and keys as BibTeX, so
``@radford2021clip`` in a pandoc document and ``\\cite{radford2021clip}`` in LaTeX name one
paper). The output validates against the CSL data schema (``csl-data.json``). Mapping:

- ``type``: journal → ``article-journal``, conference or workshop → ``paper-conference``,
  preprint or other paper → ``article`` (CSL's type for a paper not in a journal), repository →
  ``software``, dataset → ``dataset``, link → ``webpage``.
- ``author``: ``family``/``given`` split as BibTeX splits a name; a name that cannot be split
  (``Tom Smith and Sons``) is a ``literal``; "et al." adds no name.
- ``issued``: ``date-parts`` of year and month when known.
- ``container-title``: the journal or proceedings; ``publisher``: the preprint server
  (``arXiv``) or the company/blog that put the paper out; ``number``: ``arXiv:<id>`` for an
  arXiv preprint (what Zotero writes); a published paper's arXiv ID goes to ``note``.
- ``DOI``, ``URL`` (canonical for a malformed arXiv link; the listed one in ``note``),
  ``keyword`` (section paths and tags, ``", "`` between; a comma inside one becomes
  ``" / "``), ``note`` (affiliations, ``"; "``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import Document
from ._references import Reference, author_names, one_keyword, one_line, references

CSL_TYPES = {
    "journal": "article-journal",
    "conference": "paper-conference",
    "preprint": "article",
    "paper": "article",
    "software": "software",
    "dataset": "dataset",
    "webpage": "webpage",
}
"""Reference kind → CSL item type."""


def render(docs: Sequence[Document], *, all_kinds: bool = False) -> str:
    """A CSL-JSON array of the papers (with ``all_kinds`` every linked entry) of ``docs``."""
    with_list = len(docs) > 1
    items = [item(ref, with_list) for ref in references(docs, all_kinds=all_kinds)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def item(reference: Reference, with_list: bool = False) -> dict[str, Any]:
    """One CSL-JSON item; empty values are left out."""
    entry = reference.entry
    names, _ = author_names(entry.authors)
    authors = [
        {"literal": name.literal}
        if name.literal
        else {"family": name.family, **({"given": name.given} if name.given else {})}
        for name in names
    ]
    arxiv_preprint = reference.kind == "preprint" and entry.arxiv_id
    notes = [*entry.affiliations]
    if entry.arxiv_id and not arxiv_preprint:
        notes.append(f"arXiv: {entry.arxiv_id}")
    if reference.listed_url:
        notes.append("listed as " + reference.listed_url)
    date = [part for part in (entry.year, entry.month if entry.year else None) if part]
    publisher = reference.publisher
    if reference.kind == "preprint":
        publisher = reference.container
    fields: dict[str, Any] = {
        "id": reference.key,
        "type": CSL_TYPES[reference.kind],
        "title": one_line(entry.title),
        "author": authors,
        "issued": {"date-parts": [date]} if date else None,
        "container-title": "" if reference.kind == "preprint" else reference.container,
        "publisher": publisher,
        "number": f"arXiv:{entry.arxiv_id}" if arxiv_preprint else "",
        "DOI": entry.doi or "",
        "URL": reference.url,
        "keyword": ", ".join(one_keyword(k) for k in reference.keywords(with_list)),
        "note": "; ".join(notes),
    }
    return {key: value for key, value in fields.items() if value}
