"""Complete a parsed list's paper metadata from the services that own the identifiers.

An entry with an arXiv ID is looked up at arXiv (authors, title, first-version date, abstract)
and at Semantic Scholar (where it was published since); one with only a DOI at Crossref, then
OpenAlex for what Crossref does not know (DataCite DOIs); a paper with neither is searched by
title at OpenAlex and taken only when the titles all but match. A value is only ever filled
in where the list has none (an arXiv-only venue counts as none): where the list and a service
disagree, the list stays and a diagnostic says so. Every value filled in is recorded in
``entry.sources`` under the service's name (``api:arxiv``, ``api:s2``, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._words import counted
from . import arxiv, crossref, openalex, s2
from .config import OnlineConfig, load_online_config
from .http import HttpClient, Reply, Stats
from .record import Record, is_arxiv_doi, is_arxiv_venue, normalize_title, title_similarity

if TYPE_CHECKING:
    from ..model import Diagnostic, Document, Entry, Severity

__all__ = ["TITLE_THRESHOLD", "EnrichReport", "enrich"]

TITLE_THRESHOLD = 0.93
"""Least similarity (0..1, difflib ratio of normalised titles) for a title search's answer to
be taken for the entry's paper: typos and punctuation pass, another paper does not."""
_CONFLICT_THRESHOLD = 0.5
"""Below this similarity, a looked-up title contradicts the list's (the link points at another
paper); list titles shorter than four words are often names (``CLIP``) and are not compared."""


@dataclass
class EnrichReport:
    """What a run of :func:`enrich` did, for the summary line and for tests."""

    looked_up: dict[str, int] = field(default_factory=lambda: {"arxiv": 0, "doi": 0, "title": 0})
    """Entries looked up, by what identified them."""
    filled: dict[str, int] = field(default_factory=lambda: {"arxiv": 0, "doi": 0, "title": 0})
    """Of those, the entries a service knew (their metadata was completed or confirmed)."""
    not_found: int = 0
    """Entries whose identifier no service knows."""
    unmatched_titles: int = 0
    """Title searches whose best answer stayed under :data:`TITLE_THRESHOLD`."""
    unanswered: int = 0
    """Entries left as they were because a service did not answer (rate limit, timeout,
    offline and not cached)."""
    not_looked_up: int = 0
    """Entries with no identifier that are not papers (repositories, links)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)

    def summary(self) -> str:
        hits = sum(self.filled.values())
        looked = sum(self.looked_up.values())
        parts = [
            f"{hits} of {counted(looked, 'entry', 'entries')} looked up were found "
            f"({self.filled['arxiv']}/{self.looked_up['arxiv']} by arXiv ID, "
            f"{self.filled['doi']}/{self.looked_up['doi']} by DOI, "
            f"{self.filled['title']}/{self.looked_up['title']} by title)"
        ]
        misses = [
            (self.not_found, "not known to the services"),
            (self.unmatched_titles, "titles without a close enough match"),
            (self.unanswered, "unanswered (no connection, rate limit, timeout or offline)"),
        ]
        parts.extend(f"{n} {what}" for n, what in misses if n)
        return "; ".join(parts) + f"; {self.stats.summary()}"


def enrich(
    doc: Document,
    *,
    config: OnlineConfig | None = None,
    client: HttpClient | None = None,
    abstracts: bool = False,
    titles: bool = True,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> EnrichReport:
    """Fill in ``doc``'s paper metadata in place; its diagnostics gain what the services
    contradicted or did not know. ``abstracts=True`` also fills ``Entry.abstract``;
    ``titles=False`` skips title searches. ``on_total(n)`` is told how many lookup steps
    there will be and ``progress(1)`` is called after each (a progress bar's hooks)."""
    own_client = client is None
    http = client or HttpClient(config or load_online_config())
    try:
        report = _Run(doc, http, abstracts, titles, progress, on_total).run()
    finally:
        if own_client:
            http.close()
    report.stats = http.stats
    doc.diagnostics.extend(report.diagnostics)
    return report


@dataclass
class _Found:
    """What the lookups gave for one identifier, and whether the services answered."""

    records: list[Record] = field(default_factory=list)
    answered: bool = True


class _Run:
    def __init__(
        self,
        doc: Document,
        http: HttpClient,
        abstracts: bool,
        titles: bool,
        progress: Callable[[int], None] | None,
        on_total: Callable[[int], None] | None,
    ) -> None:
        self.doc, self.http, self.abstracts, self.titles = doc, http, abstracts, titles
        self.tick = progress or (lambda n: None)
        self.on_total = on_total or (lambda n: None)
        self.report = EnrichReport()

    def run(self) -> EnrichReport:
        by_arxiv: dict[str, list[Entry]] = {}
        by_doi: dict[str, list[Entry]] = {}
        by_title: dict[str, list[Entry]] = {}
        for _, entry in self.doc.walk_all():
            if entry.arxiv_id:
                by_arxiv.setdefault(entry.arxiv_id, []).append(entry)
            elif entry.doi:
                by_doi.setdefault(entry.doi, []).append(entry)
            elif self.titles and entry.kind == "paper" and len(normalize_title(entry.title)) > 8:
                by_title.setdefault(entry.title, []).append(entry)
            else:
                self.report.not_looked_up += 1
        # The steps of the progress bar: the batches and searches whose number is known now
        # (OpenAlex's DOI fallback depends on Crossref's answers and is not counted).
        self.on_total(
            _batches(len(by_arxiv), arxiv.BATCH)
            + _batches(len(by_arxiv), s2.BATCH)
            + _batches(len(by_doi), crossref.BATCH)
            + len(by_title)
        )
        found_arxiv = self._by_arxiv(list(by_arxiv))
        found_doi = self._by_doi(list(by_doi))
        found_title = self._by_title(list(by_title))
        for kind, groups, found in (
            ("arxiv", by_arxiv, found_arxiv),
            ("doi", by_doi, found_doi),
            ("title", by_title, found_title),
        ):
            for key, entries in groups.items():
                for entry in entries:
                    self._settle(kind, key, entry, found.get(key, _Found(answered=False)))
        return self.report

    # --- lookups ------------------------------------------------------------------------

    def _by_arxiv(self, ids: list[str]) -> dict[str, _Found]:
        found = {arxiv_id: _Found() for arxiv_id in ids}
        for batch, reply, records in arxiv.fetch(self.http, ids):
            self._collect(found, batch, reply, records.get)
        s2_keys = {f"ARXIV:{arxiv_id}": arxiv_id for arxiv_id in ids}
        # Semantic Scholar only adds where the paper was published: when it does not answer,
        # arXiv's record still stands alone.
        for batch, _, records in s2.fetch(self.http, s2_keys):
            for key in batch:
                record = records.get(key)
                if record is not None:
                    found[s2_keys[key]].records.append(record)
            self.tick(1)
        return found

    def _by_doi(self, dois: list[str]) -> dict[str, _Found]:
        found = {doi: _Found() for doi in dois}
        for batch, reply, records in crossref.fetch(self.http, dois):
            self._collect(found, batch, reply, records.get)
        missing = [doi for doi in dois if not found[doi].records]
        for batch, reply, records in openalex.fetch_dois(self.http, missing):
            for doi in batch:
                record = records.get(doi)
                if record is not None:
                    found[doi].records.append(record)
                    found[doi].answered = True
                elif not reply.ok:
                    found[doi].answered = found[doi].answered and _final(reply)
        return found

    def _by_title(self, titles: list[str]) -> dict[str, _Found]:
        def search(title: str) -> tuple[str, Reply, list[Record]]:
            reply, candidates = openalex.search_title(self.http, title)
            return title, reply, candidates

        found: dict[str, _Found] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.http.config.concurrency)) as pool:
            for title, reply, candidates in pool.map(search, titles):
                found[title] = _Found(candidates, answered=reply.ok or _final(reply))
                self.tick(1)
        return found

    def _collect(
        self,
        found: dict[str, _Found],
        batch: Iterable[str],
        reply: Reply,
        record_for: Callable[[str], Record | None],
    ) -> None:
        for key in batch:
            record = record_for(key)
            if record is not None:
                found[key].records.append(record)
            elif not reply.ok and not _final(reply):
                found[key].answered = False
        self.tick(1)

    # --- merging ------------------------------------------------------------------------

    def _settle(self, kind: str, key: str, entry: Entry, found: _Found) -> None:
        self.report.looked_up[kind] += 1
        records = found.records
        if kind == "title":
            records = self._title_match(entry, records) if found.answered else []
        if not records:
            if not found.answered:
                self.report.unanswered += 1
            elif kind != "title":
                self.report.not_found += 1
                what = f"arXiv {key}" if kind == "arxiv" else f"DOI {key}"
                self.diagnose(entry, "not-found", "info", f"{what} is not known to the services")
            return
        self.report.filled[kind] += 1
        _Merge(entry, records, self).apply()

    def _title_match(self, entry: Entry, candidates: list[Record]) -> list[Record]:
        variants = [entry.title]
        prefix, colon, rest = entry.title.partition(": ")
        if colon and len(prefix.split()) <= 3:  # "GPT-2: Language Models are ..." names a model
            variants.append(rest)
        scored = [(max(title_similarity(v, c.title) for v in variants), c) for c in candidates]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best is not None and best[0] >= TITLE_THRESHOLD:
            return [best[1]]
        self.report.unmatched_titles += 1
        closest = f"; closest: {best[1].title!r} ({best[0]:.2f})" if best else ""
        self.diagnose(
            entry,
            "title-not-matched",
            "info",
            f"no paper titled {entry.title!r} found with similarity ≥ {TITLE_THRESHOLD}"
            f"{closest}; left as it was",
        )
        return []

    def diagnose(self, entry: Entry, code: str, severity: Severity, message: str) -> None:
        from ..model import Diagnostic

        self.report.diagnostics.append(
            Diagnostic(code=code, severity=severity, message=message, line=entry.line or None)
        )


class _Merge:
    """Fill one entry from its records: identity fields from the first record (the service
    of the identifier), publication fields from the first record that knows a venue or DOI."""

    def __init__(self, entry: Entry, records: list[Record], run: _Run) -> None:
        self.entry, self.records, self.run = entry, records, run
        self.first = records[0]
        self.published = next(
            (r for r in sorted(records, key=_publication_rank) if r.published), None
        )

    def apply(self) -> None:
        entry = self.entry
        self._check_title()
        if not entry.authors:
            self._set("authors", list(self.first.authors), self.first)
        else:
            self._check_authors()
        self._date()
        if self.published is not None:
            self._publication(self.published)
        if entry.status is None:
            listed_venue = not is_arxiv_venue(entry.venue)
            published = self.published or listed_venue or not entry.arxiv_id
            entry.status = "published" if published else "preprint"
        if self.run.abstracts and not entry.abstract:
            source = next((r for r in self.records if r.abstract), None)
            if source is not None:
                self._set("abstract", source.abstract, source)

    def _set(self, name: str, value: object, record: Record) -> None:
        if value in (None, "", []):
            return
        setattr(self.entry, name, value)
        self.entry.sources[name] = record.source

    def _date(self) -> None:
        entry = self.entry
        record = self.published if self.published and self.published.year else self.first
        if entry.year is None and record.year:
            self._set("year", record.year, record)
            if entry.month is None and record.month:
                self._set("month", record.month, record)
                if entry.day is None and record.day:
                    self._set("day", record.day, record)
            return
        # A later year than the services' is normal (a preprint published the next year, or
        # later); an earlier one than any of them is impossible, so only that is reported.
        years = [r.year for r in self.records if r.year]
        if entry.year is not None and years and entry.year < min(years):
            said = ", ".join(f"{r.source} {r.year}" for r in self.records if r.year)
            self._conflict("year", f"the list says {entry.year}, {said}")

    def _publication(self, record: Record) -> None:
        entry = self.entry
        was_preprint = bool(entry.arxiv_id) and is_arxiv_venue(entry.venue)
        if record.venue and is_arxiv_venue(entry.venue):
            self._set("venue", record.venue, record)
        if record.doi:
            if not entry.doi:
                self._set("doi", record.doi, record)
            elif entry.doi != record.doi and not is_arxiv_doi(entry.doi):
                self._conflict("doi", f"the list says {entry.doi}, {record.source} {record.doi}")
        entry.status = "published"
        if was_preprint:
            where = " ".join(
                part for part in (record.venue, f"(doi:{record.doi})" if record.doi else "") if part
            )
            self.run.diagnose(
                entry,
                "preprint-now-published",
                "info",
                f"arXiv {entry.arxiv_id} has been published: {where} (per {record.source}); "
                f"fix: name the venue{' and link the DOI' if record.doi else ''} in the list",
            )

    def _check_title(self) -> None:
        listed = self.entry.title
        known = self.first.title
        if not known or len(normalize_title(listed).split()) < 4:
            return
        a, b = normalize_title(listed), normalize_title(known)
        if a in b or b in a or title_similarity(listed, known) >= _CONFLICT_THRESHOLD:
            return
        self._conflict("title", f"the list says {listed!r}, {self.first.source} {known!r}")

    def _check_authors(self) -> None:
        listed = _surname(self.entry.authors[0])
        known = {_surname(name) for r in self.records for name in r.authors}
        if listed and known and listed not in known:
            first = next((r for r in self.records if r.authors), self.first)
            names = ", ".join(first.authors[:3]) + (" et al." if len(first.authors) > 3 else "")
            self._conflict(
                "authors", f"the list names {self.entry.authors[0]!r}, {first.source} {names}"
            )

    def _conflict(self, field_name: str, detail: str) -> None:
        self.run.diagnose(
            self.entry, "metadata-conflict", "warning", f"{field_name} differs: {detail}; kept"
        )


_ET_AL = ("et al.", "et al", "and others")


def _surname(name: str) -> str:
    """The last word of a name, folded (``Alec Radford`` → ``radford``, ``Radford et al.``
    too); a ``Family, Given`` name gives its family part."""
    name = " ".join(name.split())
    for suffix in _ET_AL:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)].rstrip()
    if "," in name:
        name = name.split(",", 1)[0]
    words = normalize_title(name).split()
    return words[-1] if words else ""


_PUBLICATION_ORDER = ("api:s2", "api:crossref", "api:openalex", "api:arxiv")
"""Who to believe on where a paper was published: the indexes, before the free-text journal
reference arXiv's authors may add."""


def _publication_rank(record: Record) -> int:
    return _PUBLICATION_ORDER.index(record.source)


def _batches(count: int, size: int) -> int:
    return -(-count // size)


def _final(reply: Reply) -> bool:
    """A reply that settles the question: the service answered, even if with an error
    status such as 404. A rate limit, timeout or offline miss does not."""
    return reply.status is not None and not reply.problem and reply.status not in (429, 503)
