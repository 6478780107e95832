"""Fill an :class:`Entry`'s metadata from what the parser found, recording every source.

The parser knows the entry's shape (title, links with roles, badges, date prefix, remark,
table cells); this module derives the paper metadata from them, offline. Each field takes
the first source that yields a value, most specific first, and never replaces a value the
parser already set, so a table's Venue cell beats a remark, which beats a URL. Every value
set here is recorded in ``entry.sources[field]`` (``date-prefix``, ``heading``, ``table``,
``note``, ``url``, ``link``, ``badge``, ``child``, ``venue``, ``arxiv-id``, ``citation``),
so consumers can judge how much to trust it. docs/metadata.md lists the order per field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from awesome_parse.metadata.dates import arxiv_date, parse_date, plausible_year
from awesome_parse.metadata.identifiers import (
    arxiv_id_from_text,
    arxiv_id_from_url,
    doi_from_text,
    doi_from_url,
    is_paper_url,
    normalize_url,
    repo_from_badge,
    repo_from_url,
)
from awesome_parse.metadata.notes import affiliations_from_note, authors_from_line, venue_from_line
from awesome_parse.metadata.venues import (
    pick_venue,
    venue_from_note,
    venue_from_url,
    year_from_venue,
)

if TYPE_CHECKING:  # only annotations: importing metadata stays free of pydantic
    from awesome_parse.model import Entry, Link

__all__ = ["apply_citation", "enrich_entry"]

_Hit = tuple[str, str]
"""A value and the source it came from."""


class _Facts(NamedTuple):
    """What one URL tells about a paper, each extractor run once per distinct URL (every
    filler below asks about the same few URLs of an entry)."""

    arxiv_id: str | None
    doi: str | None
    venue: str | None
    repo: str | None


@lru_cache(maxsize=8192)
def _facts(url: str) -> _Facts:
    return _Facts(
        arxiv_id_from_url(url), doi_from_url(url), venue_from_url(url), repo_from_url(url)
    )


class _Url(NamedTuple):
    """One URL of the entry, the source a value taken from it is recorded under, its facts."""

    url: str
    source: str
    facts: _Facts


class _Context(NamedTuple):
    """What every field's filler looks at, worked out once per entry."""

    links: list[tuple[Link, _Url]]
    """The entry's links, each with its URL; the source is ``link``, or ``child`` for the
    copies of sub-item links the parser merged in."""
    children: list[Entry]
    primary: _Url | None
    link_urls: list[_Url]
    urls: list[_Url]
    """Every URL of the entry: primary, links, then badge targets."""


def _context(entry: Entry) -> _Context:
    links = [
        (link, _Url(link.url, source, _facts(link.url))) for link, source in _labelled_links(entry)
    ]
    link_urls = [url for _, url in links]
    primary = _Url(entry.url, "url", _facts(entry.url)) if entry.url else None
    urls = [primary] if primary else []
    urls += link_urls
    urls += [_Url(badge.url, "badge", _facts(badge.url)) for badge in entry.badges if badge.url]
    return _Context(links, list(entry.children), primary, link_urls, urls)


def _labelled_links(entry: Entry) -> list[tuple[Link, str]]:
    """Label each link: the parser appends the links of annotating sub-items (``- [Code](…)``)
    to the parent's, so the last occurrences of the children's URLs are the child copies."""
    if not entry.children:
        return [(link, "link") for link in entry.links]
    child_urls = Counter(
        link.url for child in entry.children for sub in child.walk() for link in sub.links
    )
    labelled: list[tuple[Link, str]] = []
    for link in reversed(entry.links):
        source = "link"
        if child_urls[link.url] > 0:
            child_urls[link.url] -= 1
            source = "child"
        labelled.append((link, source))
    labelled.reverse()
    return labelled


def _set(entry: Entry, field: str, value: object, source: str) -> None:
    setattr(entry, field, value)
    entry.sources[field] = source


def _first_hit(*groups: Iterable[tuple[str | None, str]]) -> _Hit | None:
    for group in groups:
        for value, source in group:
            if value:
                return value, source
    return None


def _first_fact(urls: Iterable[_Url], fact: str) -> _Hit | None:
    """The first of ``urls`` that tells ``fact`` (``repo``, ``venue``…): its value and source."""
    for url in urls:
        value = getattr(url.facts, fact)
        if value:
            return value, url.source
    return None


def _child_unique(children: list[Entry], extract: Callable[[Entry], str | None]) -> _Hit | None:
    """The value the children agree on (ignoring those without one), else ``None``: a single
    ``Code`` sub-item belongs to its parent, three different repositories do not."""
    if not children:
        return None
    values = {v for v in (extract(child) for child in children) if v}
    return (values.pop(), "child") if len(values) == 1 else None


def _first_repo_url(entry: Entry) -> str | None:
    """A child's first URL that is a repository."""
    urls = ([entry.url] if entry.url else []) + [link.url for link in entry.links]
    return next((url for url in urls if _facts(url).repo), None)


def _child_repo(entry: Entry) -> str | None:
    url = _first_repo_url(entry)
    return _facts(url).repo if url else None


# --------------------------------------------------------------------------- fields


def _fill_identifiers(entry: Entry, ctx: _Context) -> None:
    pairs = (("arxiv_id", arxiv_id_from_text), ("doi", doi_from_text))
    for field, from_text in pairs:
        if getattr(entry, field):
            continue
        hit = _first_fact(ctx.urls, field)
        if hit is None and entry.note:
            value = from_text(entry.note)
            hit = (value, "note") if value else None
        if hit is not None:
            _set(entry, field, hit[0], hit[1])


def _fill_venue(entry: Entry, ctx: _Context) -> None:
    if entry.venue:
        return
    candidates: list[_Hit] = []
    labelled = next((v for v in (venue_from_line(c.title) for c in ctx.children) if v), None)
    if labelled:
        candidates.append((labelled, "child"))  # ``- Conference: NeurIPS 2023`` under it
    if entry.note:
        from_note = venue_from_note(entry.note)
        if from_note:
            candidates.append((from_note, "note"))
    from_url = _first_fact(ctx.urls, "venue")
    if from_url is not None:
        candidates.append((from_url[0], "url"))
    best = pick_venue(v for v, _ in candidates)
    if best is not None:
        _set(entry, "venue", best, next(s for v, s in candidates if v == best))


def _fill_dates(entry: Entry, ctx: _Context, heading_year: int | None) -> None:
    if heading_year is not None and not plausible_year(heading_year):
        heading_year = None
    parts = parse_date(entry.date) if entry.date else None
    if parts is not None:
        source = entry.sources.get("date", "date-prefix")
        if parts.year is not None and entry.year is None:
            _set(entry, "year", parts.year, source)
        same_year = parts.year is None or parts.year == entry.year
        if same_year and parts.month is not None and entry.month is None:
            _set(entry, "month", parts.month, source)
            if parts.day is not None and entry.day is None:
                _set(entry, "day", parts.day, source)
    if entry.year is None and heading_year is not None:
        _set(entry, "year", heading_year, "heading")
    if entry.year is None and entry.venue:
        _set_year(entry, year_from_venue(entry.venue), "venue")
    if entry.year is None:
        for url in ctx.urls:
            venue = url.facts.venue
            if venue and _set_year(entry, year_from_venue(venue), "url"):
                break
    _fill_from_arxiv_date(entry)
    _fill_from_preprint_doi(entry)


# bioRxiv / medRxiv DOIs carry their posting date: 10.1101/2024.02.28.581983.
_DATED_DOI = re.compile(r"^10\.1101/((?:19|20)\d\d)\.(\d\d)\.(\d\d)\.")


def _fill_from_preprint_doi(entry: Entry) -> None:
    match = _DATED_DOI.match(entry.doi or "")
    if match is None or entry.year not in (None, int(match.group(1))):
        return
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return
    if entry.year is None:
        _set(entry, "year", year, "doi")
    if entry.month is None:
        _set(entry, "month", month, "doi")
        if entry.day is None:
            _set(entry, "day", day, "doi")


def _set_year(entry: Entry, year: int | None, source: str) -> bool:
    if year is None:
        return False
    _set(entry, "year", year, source)
    return True


def _fill_from_arxiv_date(entry: Entry) -> None:
    """Year and month from the arXiv id, the month only where it agrees with the year."""
    parts = arxiv_date(entry.arxiv_id) if entry.arxiv_id else None
    if parts is None:
        return
    if entry.year is None:
        _set(entry, "year", parts.year, "arxiv-id")
    if entry.year == parts.year and entry.month is None:
        _set(entry, "month", parts.month, "arxiv-id")


def _fill_people(entry: Entry, ctx: _Context) -> None:
    if not entry.affiliations and entry.note:
        found = affiliations_from_note(entry.note)
        if found:
            _set(entry, "affiliations", found, "note")
    if not entry.authors:
        for child in ctx.children:
            names = [] if child.links else authors_from_line(child.title)
            if names:
                _set(entry, "authors", names, "child")
                break


def _role_urls(links: list[tuple[Link, _Url]], roles: tuple[str, ...]) -> list[_Url]:
    """The URLs of the links with these roles, role by role."""
    return [url for role in roles for link, url in links if link.role == role]


def _fill_repo(entry: Entry, ctx: _Context) -> None:
    if entry.repo:
        return
    hit = (
        _first_fact(_role_urls(ctx.links, ("code",)), "repo")
        or _first_hit((repo_from_badge(b.image, b.url), "badge") for b in entry.badges)
        or _first_fact([ctx.primary] if ctx.primary else [], "repo")
        or _first_fact(ctx.link_urls, "repo")
        or _child_unique(ctx.children, _child_repo)
    )
    if hit is not None:
        _set(entry, "repo", hit[0], hit[1])


def _child_role_url(child: Entry, roles: tuple[str, ...]) -> str | None:
    return next((link.url for role in roles for link in child.links if link.role == role), None)


def _fill_code_url(entry: Entry, ctx: _Context) -> None:
    if entry.code_url:
        return
    hit = (
        _first_url(_role_urls(ctx.links, ("code",)))
        or _first_url([ctx.primary] if ctx.primary and ctx.primary.facts.repo else [])
        or _first_url(url for url in ctx.link_urls if url.facts.repo)
        or _first_url(url for url in ctx.urls if url.source == "badge" and url.facts.repo)
        or _child_unique(ctx.children, lambda c: _child_role_url(c, ("code",)))
        or _child_unique(ctx.children, _first_repo_url)
    )
    if hit is not None:
        _set(entry, "code_url", hit[0], hit[1])


def _first_url(urls: Iterable[_Url]) -> _Hit | None:
    return next(((url.url, url.source) for url in urls if url.url), None)


def _fill_project_url(entry: Entry, ctx: _Context) -> None:
    if entry.project_url:
        return
    roles = ("project", "demo")
    hit = _first_url(_role_urls(ctx.links, roles)) or _child_unique(
        ctx.children, lambda c: _child_role_url(c, roles)
    )
    if hit is not None:
        _set(entry, "project_url", hit[0], hit[1])


# --------------------------------------------------------------------------- kind and id


def _looks_like_paper(entry: Entry) -> bool:
    if entry.url and _facts(entry.url).repo and not entry.venue:
        return False  # a repository with a paper among its links is still a repository
    return bool(
        entry.arxiv_id
        or entry.doi
        or entry.venue
        or any(link.role == "paper" and not _facts(link.url).repo for link in entry.links)
        or (entry.url and is_paper_url(entry.url))
        or any(tag.upper() == "PAPER" for tag in entry.tags)
    )


def _refine_kind(entry: Entry) -> None:
    if entry.kind in ("dataset", "paper"):
        return
    if _looks_like_paper(entry):
        entry.kind = "paper"
    elif entry.url and _facts(entry.url).repo:
        entry.kind = "repo"
    else:
        entry.kind = "link" if entry.url else "text"


def _is_web_url(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))


def _fill_paper_id(entry: Entry, *, upgrade: bool) -> None:
    """``arxiv:<id>``, else ``doi:<doi>``, else the normalised primary URL. With ``upgrade``
    a URL-based id gives way to an arXiv id or DOI learnt later (from a citation)."""
    if entry.kind != "paper":
        return
    hit: _Hit | None = None
    if entry.arxiv_id:
        hit = ("arxiv:" + entry.arxiv_id, entry.sources.get("arxiv_id", "url"))
    elif entry.doi:
        hit = ("doi:" + entry.doi, entry.sources.get("doi", "url"))
    elif entry.url and _is_web_url(entry.url):
        hit = (normalize_url(entry.url), "url")
    if hit is None:
        return
    current = entry.paper_id
    strong = ("arxiv:", "doi:")
    if not current or (upgrade and not current.startswith(strong) and hit[0].startswith(strong)):
        _set(entry, "paper_id", hit[0], hit[1])


# --------------------------------------------------------------------------- public


def enrich_entry(entry: Entry, *, heading_year: int | None = None) -> None:
    """Fill ``entry``'s metadata in place from its links, badges, date, remark and children.

    Sets, where still empty: ``arxiv_id``, ``doi``, ``venue``, ``year``/``month``/``day``,
    ``affiliations``, ``authors`` (from an ``Authors:`` sub-item), ``repo``, ``code_url``,
    ``project_url``, then refines ``kind`` and sets ``paper_id``. ``heading_year`` is the
    year named by the heading the entry stands under, if any. Children are not enriched
    (the parser calls this for each of them), but a value all children agree on, such as
    the one ``[Code]`` sub-item, counts for the parent with source ``child``.
    """
    ctx = _context(entry)
    _fill_identifiers(entry, ctx)
    _fill_venue(entry, ctx)
    _fill_dates(entry, ctx, heading_year)
    _fill_people(entry, ctx)
    _fill_repo(entry, ctx)
    _fill_code_url(entry, ctx)
    _fill_project_url(entry, ctx)
    _refine_kind(entry)
    _fill_paper_id(entry, upgrade=False)


_CITATION_TEXT_FIELDS = ("title", "venue", "doi", "arxiv_id", "url")


def apply_citation(entry: Entry, fields: Mapping[str, object]) -> None:
    """Fill ``entry``'s still-empty fields from :func:`citation_fields` output, with source
    ``citation``, then refine ``kind`` and ``paper_id`` (a URL-based ``paper_id`` is
    replaced when the citation supplies an arXiv id or DOI)."""
    for name in _CITATION_TEXT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value and not getattr(entry, name):
            _set(entry, name, value, "citation")
    authors = fields.get("authors")
    if isinstance(authors, list) and authors and not entry.authors:
        _set(entry, "authors", [str(a) for a in authors], "citation")
    _apply_citation_date(entry, fields.get("year"), fields.get("month"))
    _fill_from_arxiv_date(entry)
    _refine_kind(entry)
    _fill_paper_id(entry, upgrade=True)


def _apply_citation_date(entry: Entry, year: object, month: object) -> None:
    if not isinstance(year, int):
        return
    if entry.year is None:
        _set(entry, "year", year, "citation")
    if isinstance(month, int) and entry.year == year and entry.month is None:
        _set(entry, "month", month, "citation")
