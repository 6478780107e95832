"""Set each entry's title, name, authors, venue, year and kind from its list's template.

Runs after the tree is built. The slots of every entry's head are read
(:func:`.slots.entry_slots`), the list's template is learnt from all of them
(:func:`.template.learn`), then each entry takes its fields from the slots the template
labels. A value read here is recorded in ``entry.sources`` as ``template``; the template
each section follows is kept in ``Section.template`` (and ``Document.template``).

Precedence: what the head of the entry writes beats what was derived elsewhere (a URL's
venue, an arXiv id's year, a date heading), but never a table cell or a BibTeX block.
"""

from __future__ import annotations

import re
from collections import Counter

from ...metadata.dates import DateParts
from ...metadata.venues import venues_in_text
from ...model import Document, Entry, Section
from ..html import inline_markdown
from ..text import drop_shortcodes, is_rank
from .fields import (
    arxiv_venue,
    author_names,
    badge_text,
    byline,
    cited_authors,
    date_of,
    looks_like_venue,
    single_author,
    split_venue_prefix,
    venue_year,
)
from .slots import Slot, entry_slots, head_lines, strip_markup
from .template import Reading, clean, learn, marked

__all__ = ["read_citations"]

SOURCE = "template"
_KEEP = frozenset({"table", "citation"})
"""Sources a value read from the entry's head does not replace."""
_WRITTEN = frozenset({"date-prefix", "title-suffix"})
"""Sources that already name where in the head a year is written (lint points at them)."""
_TITLE_ORDER = ("quote", "strong-link", "bold", "link", "text", "paren", "bracket")
_TRAILING_TAG = re.compile(r"(?<!\s)\s*\[[^\[\]]{1,24}\]$")
_TRAILING_YEAR = re.compile(r"(?<!\s)\s+\((?:19|20)\d\d\)$")
"""``Show and tell (2015)``: the year is the entry's, not part of its title."""
_LEADING_MARKS = re.compile(r"^(?:#+\s*|\d{1,3}[.)]\s+)")
_CITATION_SIGNAL = re.compile(
    r"19\d\d|20\d\d|['’]\d\d\b|e(?<!\we)t\.? ?al\b|[*\"“]|<br|\n(?<=\\\n)|\n(?<=  \n)"
    r"|\n[ \t]*\n?[ \t]*[*_A-Z\[]|\.\s+[A-Z]|\(@|\)[ \t]*\((?![ \t]*\[)|\d(?<!\w\d)\d?[./]\d\d?\b"
)
"""What a head holds when it carries more than a title, a link and a description: a year or
date, emphasis, a quote, "et al.", a line break, a sentence break, ``(@Org)``, a remark in
parentheses after a link. An entry without any (nor a :data:`_PREFIX_SIGNAL`) is not
segmented: there is nothing in it for the template to read. Every alternative opens with a
literal character (a word boundary is checked behind it), so the engine skips quickly over
the positions where none can start."""
_PREFIX_SIGNAL = re.compile(
    r"[^\w\s\[(【［〔]{0,4}[ \t]?[\[(【［〔][^\[\]()【】［］〔〕\n]{0,80}[\])】］〕][ \t]*[^(\s]"
)
"""A bracketed or parenthesised prefix (``🔥[Tag] Title``, ``(AAAI 2025) Title``,
``【Survey】Title``)."""
_LIST_MARKER = re.compile(r"(?<![ \t])[ \t]*(?:[-*+]|\d{1,4}[.)])[ \t]+")
_SIGNAL_WINDOW = 600
_TABLE_ROW = re.compile(r"(?<![ \t])[ \t]*(?:\||<t[rdh]\b)", re.I)
"""A Markdown or HTML table row: read by its columns, not as a citation."""
_NO_WORD = re.compile(r"^[\W\d_]*$")
_PATH = re.compile(r"^\[?[\w.-]{1,60}(?:/[\w.-]{1,60})+\.\w{1,6}\]?$")


def read_citations(doc: Document) -> None:
    """Read the citation of every entry of ``doc`` in place (see the module docstring)."""
    groups: list[tuple[Section | Document, list[Entry]]] = [(doc, doc.entries)]
    groups += [(section, section.entries) for _, section in doc.iter_sections()]
    entries = [entry for _, members in groups for entry in members]
    numbers = [number for number, (_, members) in enumerate(groups) for _ in members]
    heads = [_head(entry) for entry in entries]
    learn(heads, numbers)
    by_entry = {id(entry): slots for entry, slots in zip(entries, heads, strict=True)}
    del heads, entries, numbers
    for owner, members in groups:
        shapes: Counter[tuple[tuple[str, str], ...]] = Counter()
        for entry in members:
            entry_readings = by_entry.pop(id(entry))
            if not entry_readings and _is_table_row(entry):
                _fix_table_title(entry)
            elif not entry_readings:
                _tidy_title(entry)
            else:
                _apply(entry, entry_readings)
                shape = _shape(entry_readings)
                if shape:
                    shapes[shape] += 1
                    entry.shape = _written(shape)
            if entry.children and not entry.authors:
                _authors_from_sub_item(entry)
        if shapes:
            owner.template = _written(shapes.most_common(1)[0][0])
        else:
            owner.template = None


def _head(entry: Entry) -> list[Slot]:
    """The slots of the entry's head, or none for a table row or a head that holds nothing
    but a title, links and a description."""
    if _is_table_row(entry):
        return []
    raw = _head_source(entry)
    marker = _LIST_MARKER.match(raw)
    start = marker.end() if marker else 0
    if _CITATION_SIGNAL.search(raw, start, _SIGNAL_WINDOW) or _PREFIX_SIGNAL.match(raw, start):
        return entry_slots(raw)
    return []


def _head_source(entry: Entry) -> str:
    """The entry's source as the slot reader reads it: Markdown as written, an HTML item
    (``<li><a href=…>Title</a> …``) as the Markdown it stands for."""
    raw = entry.raw
    return inline_markdown(raw) if raw.lstrip().startswith("<") else raw


def _tidy_title(entry: Entry) -> None:
    """Emoji and a trailing ``[Tag]`` are no part of a title, whatever else the head holds."""
    title = _clean_title(entry.title)
    if title and title != entry.title:
        _set(entry, "title", title)


def _is_table_row(entry: Entry) -> bool:
    return _TABLE_ROW.match(entry.raw) is not None


def _shape(readings: list[Reading]) -> tuple[tuple[str, str], ...]:
    """The entry's places and what they hold: link labels, leftover text and the free text
    after the title (a description) aside."""
    shape: list[tuple[str, str]] = []
    titled = False
    for reading in readings:
        if reading.label in ("label", "text") or (titled and reading.label == "title"):
            continue
        titled = titled or reading.label == "title"
        shape.append((reading.place, reading.label))
    return tuple(shape)


def _written(shape: tuple[tuple[str, str], ...]) -> str:
    return " ".join(f"{place}={label}" for place, label in shape)


def _fix_table_title(entry: Entry) -> None:
    """A row whose title cell holds no name — a rank, a year, a check mark (``:x:``), a file
    path (``codes/senet.py``) — is titled by its first link's text."""
    if not _NO_WORD.match(drop_shortcodes(entry.title)) and not _PATH.match(entry.title):
        return
    for link in entry.links:
        text = clean(link.text)
        if text and not _NO_WORD.match(text) and not _PATH.match(text):
            _set(entry, "title", text)
            return


def _apply(entry: Entry, readings: list[Reading]) -> None:
    _apply_title(entry, readings)
    found_venue = _apply_venue_and_year(entry, readings)
    found_authors = _apply_authors(entry, readings)
    orgs = [clean(r.text).lstrip("@").strip() for r in readings if r.label == "org"]
    orgs = [_without_prefix(o) for o in orgs if o]
    if orgs and not entry.affiliations:
        _set(entry, "affiliations", orgs)
    # A venue makes a paper of any link; authors alone do not turn a repository into one.
    if (found_venue and entry.kind == "repo") or (
        (found_venue or found_authors) and entry.kind in ("link", "text")
    ):
        entry.kind = "paper"


_PREFIX_LABELS = frozenset({"rank", "date", "venue", "tag", "label", "text"})


def _opening_link(readings: list[Reading]) -> Reading | None:
    """A link that opens the entry (after a rank, date, venue or tag prefix) is its title:
    ``[CLIP](…) "a quoted remark"`` is titled CLIP."""
    for reading in readings:
        if reading.line != 0 or reading.label not in _PREFIX_LABELS | {"title"}:
            return None
        if reading.label == "title":
            return reading if reading.kind == "link" else None
    return None


def _title_rank(reading: Reading) -> int:
    """Which title slot wins: a quote, then a bold link, a bold span, a link, free text."""
    kind = "strong-link" if reading.kind == "link" and reading.strong else reading.kind
    if kind == "italic":
        kind = "text"
    return _TITLE_ORDER.index(kind) if kind in _TITLE_ORDER else len(_TITLE_ORDER)


def _apply_title(entry: Entry, readings: list[Reading]) -> None:
    titles = [r for r in readings if r.label == "title" and r.line == 0]
    if not titles:
        return
    best = _opening_link(readings) or min(titles, key=_title_rank)
    named = _named_before(best, readings)
    if named is not None and _describes(best.text):
        # ``**Widgetron** - A framework for widgets.``: the bold names the thing, the sentence
        # after it describes it.
        if not entry.description:
            _set(entry, "description", clean(best.text))
        best = named
    title = _clean_title(_free_text_title(entry, best, readings))
    if not title or _only_adds_a_remark(entry.title, title) or "://" in title:
        return  # no better title; a URL is never part of one (``Name (3https://…)``)
    if title != entry.title:
        _set(entry, "title", title)
    names = [r for r in readings if r.label in ("name", "title") and r is not best]
    names = [r for r in names if r.line == 0 and r.kind in ("bold", "bracket")]
    if names and best.kind in ("quote", "text", "link") and not entry.name:
        name = clean(names[0].text)
        # ``**[3]** Title`` numbers the entry, it does not name it.
        if name and not is_rank(name) and len(name.split()) <= 3 and len(name) < len(title):
            _set(entry, "name", name)


def _named_before(best: Reading, readings: list[Reading]) -> Reading | None:
    """A bold short name before a free-text title on the first line, with at most links,
    labels and tags between them (``**InventedSet** ([paper](…), [download](…)) - 10k …``)."""
    if best.kind != "text" or best.line != 0:
        return None
    for before in reversed(readings[: readings.index(best)]):
        if before.kind == "bold" and before.label == "name" and before.line == 0:
            return before
        if before.label not in ("label", "tag") and before.kind not in ("link", "image"):
            return None
    return None


def _describes(text: str) -> bool:
    """Sentence case, as a description is written (``A framework for widgets``, ``gadgets for
    everyone``), where a title capitalises its words (``Learning Transferable Visual Models``)."""
    words = text.split()
    long_words = [word for word in words[1:] if len(word) > 3 and word[0].isalpha()]
    return len(words) >= 3 and bool(long_words) and not any(w[0].isupper() for w in long_words)


_JOINS_TITLE = frozenset({"title", "text", "name", "tag"})


def _free_text_title(entry: Entry, best: Reading, readings: list[Reading]) -> str:
    """A free-text title runs on over the spans inside it that hold nothing else: ``Big
    Transfer (BiT): General Visual…``, ``AI Act (EU)``; it stops at a venue, date or link."""
    if best.kind != "text":
        return best.text
    start = readings.index(best)
    last = best
    for reading in readings[start + 1 :]:
        if reading.line != 0 or reading.kind not in ("text", "paren", "bracket"):
            break
        if reading.label not in _JOINS_TITLE:
            break
        last = reading
    if last is best:
        return best.text
    visible = strip_markup(head_lines(_head_source(entry))[0])  # read again: rarely needed
    begin = visible.find(best.text)
    end = visible.find(last.text, begin + len(best.text)) if begin >= 0 else -1
    if end < 0:
        return best.text
    return visible[begin : end + len(last.text) + (1 if last.kind != "text" else 0)]


def _only_adds_a_remark(current: str, title: str) -> bool:
    """The parser already cut a remark off this title (``Title (Radford 2021)`` → ``Title``)."""
    return bool(current) and title.startswith(current + " (")


def _clean_title(text: str) -> str:
    text = _TRAILING_YEAR.sub("", _TRAILING_TAG.sub("", clean(text)))
    text = _LEADING_MARKS.sub("", text)
    return clean(text)


def _apply_authors(entry: Entry, readings: list[Reading]) -> bool:
    """Set the authors from the first slot that holds them; True when that makes the entry a
    paper. A byline (``[Tool](…) by Jane Doe``) or a single name does not: a tool or a blog
    post has makers too."""
    for reading in readings:
        if reading.label != "authors":
            continue
        text = clean(reading.text)
        cited = cited_authors(text)
        makers = byline(text)
        found = (cited[0], True) if cited else (makers, True) if makers else author_names(text)
        # The place holds authors, so one marked name is enough; but one name (like a byline)
        # does not make a blog post or a tool a paper.
        single = single_author(text, marked=marked(reading)) if found is None else None
        if found is None and single is None:
            continue
        if not entry.authors or entry.sources.get("authors") not in _KEEP:
            _set(entry, "authors", list(found[0] if found else single or []))
        if cited and entry.sources.get("year") not in (*_KEEP, SOURCE):
            _set(entry, "year", cited[1])  # written beside the authors: beats an arXiv id
        return makers is None and single is None
    return False


def _without_prefix(org: str) -> str:
    """``from BAAI`` and ``by Google`` name the organisation after the word."""
    head, _, rest = org.partition(" ")
    return rest if head.lower() in ("from", "by") and rest else org


def _authors_from_sub_item(entry: Entry) -> None:
    """A sub-item holding nothing but an author list (``- *Jonathan Ho, Ajay Jain*``) gives
    its parent's authors."""
    for child in entry.children:
        found = None if child.links else author_names(clean(child.title))
        if found is not None and found[1]:
            _set(entry, "authors", list(found[0]))
            if entry.kind in ("link", "text"):
                entry.kind = "paper"
            return


def _apply_venue_and_year(entry: Entry, readings: list[Reading]) -> bool:
    venue: str | None = None
    year: int | None = None
    date: DateParts | None = None
    for reading in readings:
        if reading.label == "venue" and venue is None:
            venue, year = _venue_value(reading, clean(reading.text))
        elif reading.label == "date" and date is None:
            date = _date_value(reading, clean(reading.text))
    if venue and entry.sources.get("venue") not in _KEEP:
        _set(entry, "venue", venue)
    if year is None and date is not None:
        year = date.year
    agrees = entry.year == year and entry.sources.get("year") in _WRITTEN
    if year is not None and entry.sources.get("year") not in _KEEP and not agrees:
        if entry.year != year:  # a month read with another year does not belong to this one
            entry.month = entry.day = None
            entry.sources.pop("month", None)
            entry.sources.pop("day", None)
        _set(entry, "year", year)
    if date is not None and date.year == entry.year and date.month and entry.month is None:
        _set(entry, "month", date.month)
    return venue is not None


def _venue_value(reading: Reading, text: str) -> tuple[str | None, int | None]:
    if reading.kind == "image":
        parts = badge_text(reading.url)
        if parts is None:
            return None, None
        label, message = parts
        written = f"{label} {message}".strip()
        if message and looks_like_venue(message) and not looks_like_venue(label):
            written = message  # Conference-ICML'23: the message names the venue
        date = date_of(message) if message else None
        return _short_form(written), (date.year if date else venue_year(written))
    prefix = split_venue_prefix(text)
    if prefix is not None:
        return prefix[2], prefix[0]
    if arxiv_venue(text):
        return "arXiv", None  # arXiv:1908.03884: the venue, not a year
    written = re.sub(r"^(?:[Ii]n|[Aa]ccepted (?:by|at|to)|[Pp]ublished (?:in|at)) ", "", text)
    return _short_form(written), venue_year(written)


def _short_form(written: str) -> str:
    """A known venue written under its own name takes the short form (``ICLR'24`` →
    ``ICLR 2024``); one written under another name (``NIPS``) or unknown stays as written."""
    known = venues_in_text(written)
    if len(written.split()) > 3 or not known:
        return written
    name = known[0].split()[0]
    same_name = written.startswith(name) and not written[len(name) : len(name) + 1].isalnum()
    return known[0] if same_name and (venue_year(known[0]) or not venue_year(written)) else written


def _date_value(reading: Reading, text: str) -> DateParts | None:
    if reading.kind == "image":
        parts = badge_text(reading.url)
        return date_of(parts[1] or parts[0]) if parts else None
    if reading.kind == "link":
        return None
    return date_of(text)


def _set(entry: Entry, field: str, value: object) -> None:
    setattr(entry, field, value)
    entry.sources[field] = SOURCE
