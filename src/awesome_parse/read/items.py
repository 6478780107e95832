"""Read one list item (or bold-link paragraph) the way a person reads it.

Input is the flat inline pieces of the item's first paragraph; output is the structural
fields of an :class:`~awesome_parse.model.Entry`: title, primary URL, links with roles,
badges, date prefix, tags, notes in parentheses, description and an ``(Author 2021)`` suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..markdown import LinkPiece, Piece, Text
from ..model import Badge, Link, LinkRole
from .links import expand_pieces, is_local, label_role, link_role
from .text import clean_text

__all__ = ["ItemParts", "is_navigation", "read_item"]

_TAGS = re.compile(r"#([A-Za-z][\w-]*)(?=\s|$)")
_DATE_PREFIX = re.compile(
    r"\[\s*((?:19|20)\d\d(?:[/.-]\d{1,2}){0,2}|\d{1,2}[/.-]\d{1,2}(?:[/.-](?:19|20)?\d\d)?)\s*\]"
)
_LEADING_NOTE = re.compile(r"\(([^()\n]{1,40})\)\s+")
_YEAR_LABEL = re.compile(r"(?:^|\s)((?:19|20)\d\d)$")
_SENTENCE_END = re.compile(r"\w{2}\.$")
_TEXT_TITLE_SPLIT = re.compile(r"\s+[-–—]\s+")
_DATE_SUFFIX = re.compile(r"^\(?\s*((?:19|20)\d\d[/.-]\d{1,2}(?:[/.-]\d{1,2})?)\s*\)?$")
_LEADING_SYMBOLS = re.compile(r"^(?::[a-z0-9_+-]+:|[\s\-–—*•·|:>]|[^\w\s\[\]()#'\"“‘*`]\ufe0f?)++")
_AUTHOR_SUFFIX = re.compile(
    r"\s*\(\s*(?P<authors>[^()\d]{1,80}?)\s*,?\s+(?P<year>(?:19|20)\d\d)[a-z]?\s*\)\s*$"
)
_BLOCK_REF = re.compile(r"(?:^|\s)\^[\w-]+\s*$")
_TRAILING_PUNCT = " \t\n:：,;-–—|"
_DESCRIPTION_LEAD = re.compile(r"^[\s\-–—:：|,.;]+")
_PARENTHESIS = re.compile(r"[()]")
_EMPTY_BRACKETS_OR_BAR = re.compile(r"\[\s*\]|\s\|\s|^\||\|$")


@dataclass
class ItemParts:
    title: str = ""
    url: str | None = None
    links: list[Link] = field(default_factory=list)
    badges: list[Badge] = field(default_factory=list)
    date: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """Where date, authors and year came from (``date-prefix``, ``title-suffix`` ...)."""
    year: int | None = None
    local_links: int = 0
    """Links to in-page anchors or relative paths (navigation)."""
    text_outside_links: str = ""


def is_navigation(parts: ItemParts) -> bool:
    """An item made only of in-page or relative links (a table of contents, a "back" link)."""
    return parts.local_links > 0 and not parts.links and len(parts.text_outside_links) <= 3


# ``[NLP](#Huge Models for NLP)``: a space in the target breaks the link for CommonMark, but a
# reader still sees a navigation link.
_BROKEN_ANCHOR_LINK = re.compile(r"\[[^\[\]\n]{0,200}\]\(#[^()\n]{0,200}\)")


def read_item(pieces: list[Piece]) -> ItemParts:
    parts = ItemParts()
    flat = [_drop_broken_anchors(p, parts) for p in expand_pieces(pieces)]
    flat = _strip_leading(flat, parts)
    first = next(
        (i for i, p in enumerate(flat) if isinstance(p, LinkPiece) and p.url and not p.image), None
    )
    lead = (
        clean_text("".join(p.text for p in flat[:first] if isinstance(p, Text)))
        if first is not None
        else ""
    )
    outside_links = "".join(p.text for p in flat if isinstance(p, Text))
    title_index: int | None = None
    if first is None:
        # A link-less item: ``macOS - Operating system for Apple's Mac`` is title - description.
        text = clean_text(outside_links)
        title, *described_list = _TEXT_TITLE_SPLIT.split(text, maxsplit=1)
        described = described_list[0] if described_list else ""
        rest: list[Text | LinkPiece] = [Text(" - " + described)] if described else []
        rest += [p for p in flat if isinstance(p, LinkPiece)]
    elif not lead:
        title_index = first
        title = clean_text(flat[first].text)
        rest = flat[first + 1 :]
    else:
        title = lead
        rest = flat[first:]
    _read_links(flat, parts)
    if title_index is not None:
        target = flat[title_index]
        assert isinstance(target, LinkPiece)
        parts.url = target.url if not is_local(target.url) else None
    title = _drop_block_ref(title)
    title = _strip_bracket_leftovers(title)
    if title_index is not None and title.endswith(".") and _SENTENCE_END.search(title):
        title = title[:-1]  # a linked title "... Can Do Parallel Decoding."
    parts.title, parts.authors, parts.year, suffix_note = _author_suffix(clean_text(title))
    if parts.authors:
        parts.sources.update(authors="title-suffix", year="title-suffix")
    if parts.date and "date" not in parts.sources:
        parts.sources["date"] = "date-prefix"
    if suffix_note:
        parts.notes.append(suffix_note)
    _read_rest_text("".join(p.text for p in rest if isinstance(p, Text)), parts)
    parts.text_outside_links = clean_text(outside_links).strip("|-–—:,.;()[] ")
    if parts.url is None:
        parts.url = _primary_url(parts.links)
    return parts


def _drop_broken_anchors(piece: Text | LinkPiece, parts: ItemParts) -> Text | LinkPiece:
    if isinstance(piece, Text) and "](#" in piece.text:
        text, count = _BROKEN_ANCHOR_LINK.subn(" ", piece.text)
        parts.local_links += count
        return Text(text)
    return piece


def _strip_leading(flat: list[Text | LinkPiece], parts: ItemParts) -> list[Text | LinkPiece]:
    """Remove leading tags, emoji, check boxes and the date prefix from the first text piece."""
    if not flat or not isinstance(flat[0], Text):
        return flat
    text = flat[0].text
    while True:
        before = text
        text = _LEADING_SYMBOLS.sub("", text)
        tag = _TAGS.match(text)
        if tag:
            parts.tags.append(tag.group(1))
            text = text[tag.end() :]
        date = _DATE_PREFIX.match(text)
        if date and parts.date is None:
            parts.date = date.group(1)
            text = text[date.end() :]
        if text.startswith(("[ ]", "[x]", "[X]")):
            text = text[3:]
        venue = _LEADING_NOTE.match(text)
        if venue:
            parts.notes.append(venue.group(1).strip())
            text = text[venue.end() :]
        if text == before:
            break
    return ([Text(text)] if text else []) + flat[1:]


def _read_links(flat: list[Text | LinkPiece], parts: ItemParts) -> None:
    previous_text = ""
    for piece in flat:
        if isinstance(piece, Text):
            previous_text = piece.text
            continue
        if piece.image:
            parts.badges.append(
                Badge(alt=piece.image_alt or "", image=piece.image, url=piece.url or None)
            )
            continue
        if is_local(piece.url):
            parts.local_links += 1
            continue
        text = clean_text(piece.text).strip("[] ")
        role: LinkRole = link_role(text, piece.url)
        if role == "other" and previous_text.rstrip().endswith("#CODE"):
            role = "code"
        parts.links.append(Link(text=text, url=piece.url, role=role))


def _primary_url(links: list[Link]) -> str | None:
    for link in links:
        if link.role == "paper":
            return link.url
    return links[0].url if links else None


_EMPTY_LABEL_LINK = re.compile(r"\[\[?([^\[\]]{0,30})\]\]?$")


def _strip_bracket_leftovers(title: str) -> str:
    """Drop what link groups leave behind: an opening bracket, an empty ``[[Paper]]``."""
    title = title.strip()
    # Linear: the end moves left and the text is sliced once; a label match is at most 34
    # characters long, so only the tail before the end is searched.
    end = len(title)
    while True:
        before = end
        while end and (title[end - 1] in "[(" or title[end - 1].isspace()):
            end -= 1
        label = _EMPTY_LABEL_LINK.search(title, max(0, end - 34), end)
        if (
            label
            and label.start() > 0
            and (not label.group(1).strip() or label_role(label.group(1)))
        ):
            end = label.start()
        if end == before:
            return title[:end].rstrip(_TRAILING_PUNCT)


def _drop_block_ref(text: str) -> str:
    """Remove a trailing Obsidian block reference (``^note-1``).

    Patterns anchored at the end are tried at every position of the text: the ``in`` tests
    here and before the other ``$`` patterns skip that for text that cannot match.
    """
    return _BLOCK_REF.sub("", text) if "^" in text else text


def _author_suffix(title: str) -> tuple[str, list[str], int | None, str | None]:
    """``Title (Akbari et al. 2021)`` → title, ["Akbari et al."], 2021.

    An all-capitals name is a venue (``(CVPR 2022)``): it moves to the notes instead.
    """
    match = _AUTHOR_SUFFIX.search(title) if title.rstrip().endswith(")") else None
    if not match or match.start() == 0:
        return title, [], None, None
    name = match.group("authors").strip()
    head = title[: match.start()].rstrip()
    if name.replace(" ", "").replace("'", "").isupper():
        return head, [], None, f"{name} {match.group('year')}"
    if len(name.split()) > 4 and "et al" not in name:
        return title, [], None, None
    return head, [name], int(match.group("year")), None


def _read_rest_text(text: str, parts: ItemParts) -> None:
    """Parenthesised groups are notes (or a date); what remains is the description."""
    text = _drop_block_ref(text)
    leftover: list[str] = []
    depth = 0
    start = 0
    position = 0
    for paren in _PARENTHESIS.finditer(text):
        index, char = paren.start(), paren.group()
        if char == "(":
            if depth == 0:
                leftover.append(text[position:index])
                start = index + 1
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                _add_note(text[start:index], parts)
                position = index + 1
    if depth:
        leftover.append(text[start - 1 :])
    else:
        leftover.append(text[position:])
    rest = clean_text(" ".join(leftover))
    if "[" in rest or "|" in rest:  # what link groups leave: ``[]``, `` | ``, balanced brackets
        rest = _EMPTY_BRACKETS_OR_BAR.sub(" ", rest)
        if rest.count("[") == rest.count("]"):
            rest = clean_text(rest.replace("[", " ").replace("]", " "))
    rest = _DESCRIPTION_LEAD.sub("", rest).strip()
    if len(rest) > 1:
        parts.description = rest
        label = _YEAR_LABEL.search(rest) if parts.date is None and len(rest.split()) <= 5 else None
        if label:
            # ``[Title](url) `LinkedIn` `2011` ``: a short label that ends in a year dates it.
            parts.date = label.group(1)
            parts.sources["date"] = "label"


def _add_note(note: str, parts: ItemParts) -> None:
    note = clean_text(note)
    if not note:
        return
    date = _DATE_SUFFIX.match(note)
    if date and parts.date is None:
        parts.date = date.group(1)
        parts.sources["date"] = "date-suffix"
        return
    parts.notes.append(note)
