"""Rules about the shape of the list: heading levels and the order of dated entries.

Both are judged against the list itself rather than a fixed style: a heading may go one
level deeper than the previous one, and a dated list may run newest-first or oldest-first
— whichever most of its entries follow — so only the entries out of that order are named.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..context import Context
from ..finding import Hit
from .entries import normal_title

if TYPE_CHECKING:
    from awesome_parse.model import Entry

__all__ = ["heading_increment", "inconsistent_entry_format", "unsorted_dates", "unsorted_entries"]

_H1_LINE = re.compile(r"^ {0,3}#[ \t]|^ {0,3}=+[ \t]*$|<h1\b", re.M | re.I)
_MIN_SORTED_SHARE = 0.75
"""A list counts as sorted when this share of neighbouring dated entries agree."""
_MIN_SORTED_ENTRIES = 8
"""Fewer entries can look sorted by chance; from eight on, all but one in order cannot."""
_OUTLIER_SHARE = 10
"""At most one entry in this many (and at least one) may break an order it still has."""
_SHOWN_DATES = ("table", "title-suffix")
"""Date sources a reader sees next to the entry (date prefixes are ``unsorted-dates``')."""


# --- heading-increment ------------------------------------------------------------------


def heading_increment(ctx: Context) -> Iterator[Hit]:
    """A heading more than one level deeper than the heading before it."""
    sections = [s for s in ctx.sections_in_order if not s.pseudo]
    if not sections:
        return
    previous: int | None = None
    head = ctx.source.masked[: ctx.source.offset(sections[0].line)]
    if ctx.doc.title and _H1_LINE.search(head):
        previous = 1
    for section in sections:
        if previous is not None and section.level > previous + 1:
            text = ctx.source.line_text(section.line)
            yield Hit(
                section.line,
                1,
                f"heading level jumps from h{previous} to h{section.level}: {section.title!r}",
                f"use {'#' * (previous + 1)} (h{previous + 1}) here",
                section.line,
                max(len(text), 1) + 1,
            )
        previous = section.level


# --- unsorted-dates ---------------------------------------------------------------------


def unsorted_dates(ctx: Context) -> Iterator[Hit]:
    """Entries whose date prefix breaks the order the rest of their section follows."""
    for group in ctx.lists:
        dated = [
            e
            for e in group.entries
            if e.sources.get("date") == "date-prefix" and e.year is not None
        ]
        if len(dated) < 3:
            continue
        keys = _keys(dated)
        rising = sum(1 for a, b in itertools.pairwise(keys) if a < b)
        falling = sum(1 for a, b in itertools.pairwise(keys) if a > b)
        if rising == falling or max(rising, falling) < _MIN_SORTED_SHARE * (rising + falling):
            continue
        descending = falling > rising
        order = [(-k[0], -k[1], -k[2]) if descending else k for k in keys]
        keep = _longest_sorted(order)
        for index, entry in enumerate(dated):
            if index in keep:
                continue
            yield ctx.hit_in_entry(
                entry,
                entry.date,
                f"dated {entry.date}, out of the {'newest' if descending else 'oldest'}-first "
                f"order of {group.name!r}",
                "move the entry to its place by date",
            )


def _keys(entries: list[Entry]) -> list[tuple[int, int, int]]:
    """Sort keys at the precision every entry has: a year-only prefix among year/month
    prefixes could stand anywhere in its year, so compare by year alone then."""
    with_month = all(e.month is not None for e in entries)
    with_day = with_month and all(e.day is not None for e in entries)
    return [
        (e.year or 0, (e.month or 0) if with_month else 0, (e.day or 0) if with_day else 0)
        for e in entries
    ]


def _longest_sorted(keys: list[tuple[int, int, int]]) -> set[int]:
    """Indices of a longest non-decreasing subsequence (patience sorting, O(n log n))."""
    tails: list[tuple[int, int, int]] = []
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for index, key in enumerate(keys):
        slot = bisect.bisect_right(tails, key)
        if slot == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[slot] = key
            tail_index[slot] = index
        previous[index] = tail_index[slot - 1] if slot else -1
    keep: set[int] = set()
    cursor = tail_index[-1] if tail_index else -1
    while cursor >= 0:
        keep.add(cursor)
        cursor = previous[cursor]
    return keep


# --- unsorted-entries -------------------------------------------------------------------


def unsorted_entries(ctx: Context) -> Iterator[Hit]:
    """Entries that break the order — by title, or by shown date — the rest of their
    section follows. The order is the one that leaves the fewest entries out of place; a
    section is taken as sorted only when at most one entry in ten (at least one) is."""
    for group in ctx.lists:
        # Navigation ("back to top") and mark-only titles ("✅") take no part in an order.
        entries = [
            e for e in group.entries if normal_title(e.title) and not (e.url or "").startswith("#")
        ]
        if len(entries) < _MIN_SORTED_ENTRIES:
            continue
        best: tuple[int, str, set[int]] | None = None
        for name, keys in _orders(entries):
            keep = _longest_sorted(keys)
            outliers = len(entries) - len(keep)
            if best is None or outliers < best[0]:
                best = (outliers, name, keep)
        assert best is not None
        outliers, name, keep = best
        if not 0 < outliers <= max(1, len(entries) // _OUTLIER_SHARE):
            continue
        for index, entry in enumerate(entries):
            if index not in keep:
                yield ctx.hit_in_entry(
                    entry,
                    entry.title,
                    f"{entry.title[:60]!r} is out of the {name} order of {group.name!r} "
                    f"({len(entries) - outliers} of {len(entries)} entries follow it)",
                    f"move the entry to its place in {name} order",
                )


def _orders(entries: list[Entry]) -> Iterator[tuple[str, list[tuple[int, int, int]]]]:
    """Each order a section may follow, as sort keys (non-decreasing when in order)."""
    titles = [normal_title(e.title) for e in entries]
    rank = {title: position for position, title in enumerate(sorted(set(titles)))}
    yield "alphabetical", [(rank[title], 0, 0) for title in titles]
    shown = all(e.year is not None and e.sources.get("year") in _SHOWN_DATES for e in entries)
    if shown:
        keys = _keys(entries)
        yield "oldest-first", keys
        yield "newest-first", [(-k[0], -k[1], -k[2]) for k in keys]


_FORMAT_SHARE = 0.8
"""A part of the entry format counts as the section's when this share of its entries show it."""
_MIN_FORMAT_ENTRIES = 6
_WRITTEN_YEAR = frozenset(
    {"template", "table", "title-suffix", "date-prefix", "date-suffix", "label", "note", "citation"}
)
"""Year sources that are written in the entry (not taken from an arXiv id, URL or heading)."""


def _format_parts(entry: Entry) -> dict[str, bool]:
    """What of its section's format an entry shows: the parts a citation line is made of."""
    return {
        "authors": bool(entry.authors),
        "venue": bool(entry.venue) and entry.sources.get("venue") != "url",
        "year": entry.year is not None and entry.sources.get("year") in _WRITTEN_YEAR,
        "paper link": any(link.role == "paper" for link in entry.links),
        "code link": any(link.role == "code" for link in entry.links),
    }


def inconsistent_entry_format(ctx: Context) -> Iterator[Hit]:
    """An entry that leaves out a part its section's entries give (authors, venue, year, a
    paper or code link) when nearly all of them give it, or that writes its parts in another
    order than its section's citation template: the format is learnt from the section itself,
    never configured."""
    for group in ctx.lists:
        entries = [e for e in group.entries if normal_title(e.title)]
        if len(entries) < _MIN_FORMAT_ENTRIES:
            continue
        template = group.section.template if group.section is not None else None
        order = _usual_order(entries, template)
        parts = [_format_parts(entry) for entry in entries]
        usual = [
            name for name in parts[0] if sum(p[name] for p in parts) >= _FORMAT_SHARE * len(entries)
        ]
        shape = f" (its template: {template})" if template else ""
        for entry, found in zip(entries, parts, strict=True):
            problems = [
                f"no {name} ({sum(p[name] for p in parts)} of {len(entries)} give one)"
                for name in usual
                if not found[name]
            ]
            labels = _labels(entry.shape)
            if order and labels != order and sorted(labels) == sorted(order):
                problems.append(f"its parts in the order {' '.join(labels)}")
            if not problems:
                continue
            yield ctx.hit_in_entry(
                entry,
                entry.title,
                f"{entry.title[:60]!r} has {'; '.join(problems)} in {group.name!r}{shape}",
                "write the entry in its section's format",
            )


def _labels(shape: str | None) -> list[str]:
    """What each place of a written shape (``link=0=title italic>0=authors``) holds, in order."""
    return [part.rsplit("=", 1)[-1] for part in (shape or "").split()]


def _usual_order(entries: list[Entry], template: str | None) -> list[str]:
    """The order of parts the section's template gives, when most of its read entries follow
    it; else none (a section of mixed shapes has no order to keep)."""
    order = _labels(template)
    shaped = [_labels(entry.shape) for entry in entries if entry.shape]
    if not order or len(shaped) < _MIN_FORMAT_ENTRIES:
        return []
    following = sum(labels == order for labels in shaped)
    return order if following >= _FORMAT_SHARE * len(shaped) else []
