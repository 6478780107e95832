"""Rules about entries — the papers and projects of the list — read from the parse tree.

The tree already knows each entry's title, links with roles, badges, date and identifiers;
these rules compare entries with each other (duplicates, a URL shared by two titles, date
order) or with themselves (a year that contradicts the arXiv id, a star badge for another
repository than the code link).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..context import Context, ListEntries
from ..finding import Hit

if TYPE_CHECKING:
    from awesome_parse.model import Entry

__all__ = [
    "badge_repo_mismatch",
    "duplicate_entry",
    "entry_without_link",
    "repeated_across_sections",
    "url_reused",
    "year_mismatch",
]

_NON_WORD = re.compile(r"[\W_]+")
_NAME_END = re.compile(r":|\s[-–—]\s")
"""Where a title's short name ends: ``CLIP: Learning…``, ``OPT - Open…``."""


def normal_title(title: str) -> str:
    """Case, punctuation and spacing folded: ``GPT-3: Language…`` → ``gpt 3 language…``."""
    return _NON_WORD.sub(" ", title.casefold()).strip()


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _identity(entry: Entry) -> list[tuple[str, str]]:
    keys = []
    if entry.paper_id:
        keys.append(("paper", entry.paper_id))
    title = normal_title(entry.title)
    if len(title) >= 3 and any(char.isalpha() for char in title):
        keys.append(("title", title))  # "2024-12" or "192" is a cell, not a title
    return keys


def _why(kind: str) -> str:
    return "the same paper" if kind == "paper" else "the same title"


# --- duplicate-entry / repeated-across-sections -----------------------------------------


def duplicate_entry(ctx: Context) -> Iterator[Hit]:
    """The same paper (same paper id or same title) twice in one section."""
    for group in ctx.lists:
        seen: dict[tuple[str, str], Entry] = {}
        for entry in group.entries:
            first = _first_seen(seen, entry)
            if first is not None:
                kind, earlier = first
                yield ctx.hit_in_entry(
                    entry,
                    entry.title or None,
                    f"{_why(kind)} as line {earlier.line} in this section: "
                    f"{_short(entry.title or entry.url or '')!r}",
                    "remove one of the two (merge their links if they differ)",
                )


def repeated_across_sections(ctx: Context) -> Iterator[Hit]:
    """The same paper listed under several sections (often intended; off by default)."""
    seen: dict[tuple[str, str], tuple[Entry, ListEntries]] = {}
    for group in ctx.lists:
        for entry in group.entries:
            keys = _identity(entry)
            earlier = next((seen[k] for k in keys if k in seen), None)
            if earlier is not None and earlier[1] is not group:
                yield ctx.hit_in_entry(
                    entry,
                    entry.title or None,
                    f"also listed at line {earlier[0].line} under {earlier[1].name!r}",
                    "fine when the paper belongs to both topics",
                )
            for key in keys:
                seen.setdefault(key, (entry, group))


def _first_seen(seen: dict[tuple[str, str], Entry], entry: Entry) -> tuple[str, Entry] | None:
    """The earlier entry this one repeats, if any. One paper id under two unrelated titles
    is not a repeat but a wrong link (``url-reused`` reports that)."""
    found = None
    for key in _identity(entry):
        earlier = seen.get(key)
        if (
            earlier is not None
            and earlier is not entry
            and found is None
            and (key[0] == "title" or _same_work(earlier, entry))
        ):
            found = (key[0], earlier)
        seen.setdefault(key, entry)
    return found


# --- url-reused -------------------------------------------------------------------------


def url_reused(ctx: Context) -> Iterator[Hit]:
    """One paper URL given for two different titles: a copy-paste mistake."""
    first: dict[str, tuple[Entry, int]] = {}
    for root, (_, top) in enumerate(ctx.doc.walk()):
        for entry in top.walk():
            for url in _paper_urls(entry):
                earlier, earlier_root = first.setdefault(_url_key(url), (entry, root))
                # A parent carries copies of its sub-items' links: same item, not a reuse.
                if earlier_root == root or _same_work(earlier, entry):
                    continue
                yield ctx.hit_in_entry(
                    entry,
                    url,
                    f"paper link also given for {_short(earlier.title)!r} at line "
                    f"{earlier.line}: one of the two entries probably links the wrong paper",
                    f"check which paper {_short(url, 70)} is, and fix the other entry's link",
                )


def _paper_urls(entry: Entry) -> list[str]:
    urls = [link.url for link in entry.links if link.role == "paper"]
    if entry.url and entry.kind == "paper":
        urls.insert(0, entry.url)
    return list(dict.fromkeys(u for u in urls if u.lower().startswith(("http://", "https://"))))


def _url_key(url: str) -> str:
    from awesome_parse.metadata.identifiers import arxiv_id_from_url, normalize_url

    arxiv = arxiv_id_from_url(url)
    return f"arxiv:{arxiv}" if arxiv else normalize_url(url).lower()


def _same_work(a: Entry, b: Entry) -> bool:
    """Two titles that plausibly name one paper: ``CLIP: Learning…`` and ``Learning…``, or a
    model and its paper (``DeepSeek-v2-236B-MoE`` and ``DeepSeek-V2: A Strong…``)."""
    x, y = normal_title(a.title), normal_title(b.title)
    if not x or not y or x == y:
        return True
    if min(len(x), len(y)) >= 8 and (x in y or y in x):
        return True
    for title, other in ((a.title, y), (b.title, x)):
        name = normal_title(_NAME_END.split(title, maxsplit=1)[0])
        if len(name) >= 3 and (other == name or other.startswith(name + " ")):
            return True
    words_x, words_y = set(x.split()), set(y.split())
    return len(words_x & words_y) / len(words_x | words_y) >= 0.6


# --- year-mismatch ----------------------------------------------------------------------

_CHECKED_YEAR_SOURCES = {
    "date-prefix": ("date prefix", 1),
    "heading": ("year heading", 2),
    "table": ("table's Year", 2),
    "title-suffix": ("year in the title", 2),
}
"""Years a list author wrote for the entry, with how many years they may run *after* the
arXiv id's year. A date prefix dates the preprint; a heading, a table's Year or
``(Author 2021)`` often names the publication, which can lag the preprint. No source may
run more than a year *before* it. Venue years are not compared at all."""


def year_mismatch(ctx: Context) -> Iterator[Hit]:
    """A written year that contradicts the year in the entry's arXiv id."""
    from awesome_parse.metadata.dates import arxiv_date

    for entry in ctx.all_entries:
        source = entry.sources.get("year", "")
        if entry.year is None or not entry.arxiv_id or source not in _CHECKED_YEAR_SOURCES:
            continue
        encoded = arxiv_date(entry.arxiv_id)
        if encoded is None or encoded.year is None:
            continue
        what, lag = _CHECKED_YEAR_SOURCES[source]
        if -1 <= entry.year - encoded.year <= lag:
            continue
        needle = entry.date if source in ("date-prefix", "table") and entry.date else None
        if source == "title-suffix":
            needle = str(entry.year)
        yield ctx.hit_in_entry(
            entry,
            needle,
            f"the {what} says {entry.year} but arXiv:{entry.arxiv_id} dates from {encoded.year}",
            f"check the year (arXiv {entry.arxiv_id} was submitted in "
            f"{encoded.year}-{encoded.month or 1:02d})",
        )


# --- badge-repo-mismatch ----------------------------------------------------------------


def badge_repo_mismatch(ctx: Context) -> Iterator[Hit]:
    """A GitHub star badge about another repository than the entry's code link."""
    from awesome_parse.metadata.identifiers import repo_from_badge, repo_from_url

    for entry in ctx.all_entries:
        if not entry.badges:
            continue
        urls = ([entry.url] if entry.url else []) + [link.url for link in entry.links]
        linked = {repo.casefold() for repo in map(repo_from_url, urls) if repo}
        for badge in entry.badges:
            about = repo_from_badge(badge.image)
            if about is None:
                continue
            # The entry's own repository links decide; without any, the link around the badge.
            around = repo_from_url(badge.url) if badge.url else None
            targets = linked or ({around.casefold()} if around else set())
            if targets and about.casefold() not in targets:
                other = next(
                    r
                    for r in map(repo_from_url, [*urls, badge.url or ""])
                    if r and r.casefold() in targets
                )
                yield ctx.hit_in_entry(
                    entry,
                    badge.image,
                    f"star badge shows {about} but the entry links {other}",
                    f"point the badge at {other}, or the link at {about}",
                )


# --- entry-without-link -----------------------------------------------------------------


def entry_without_link(ctx: Context) -> Iterator[Hit]:
    """A list item with nothing to click, among items that have links (a list of plain
    sentences, such as a numbered list of topics, is prose, not a list of resources)."""
    for group in ctx.lists:
        linked = [_has_link(ctx, entry) for entry in group.entries]
        if sum(linked) * 2 < len(linked):
            continue
        for entry, has_link in zip(group.entries, linked, strict=True):
            if has_link or not entry.title:
                continue
            yield ctx.hit_in_entry(
                entry,
                None,
                f"entry {_short(entry.title)!r} has no link",
                "add a link to the paper, project or repository",
            )


def _has_link(ctx: Context, entry: Entry) -> bool:
    """Any link at all, in-page ones included (the tree keeps only outside links)."""
    if any(e.url or e.links for e in entry.walk()):
        return True
    by_line = ctx.source.links_by_line
    return any(by_line.get(line) for line in range(entry.line, entry.end_line + 1))
