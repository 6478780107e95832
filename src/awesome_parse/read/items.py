"""Read one list item (or bold-link paragraph) the way a person reads it.

Input is the flat inline pieces of the item's first paragraph; output is the structural
fields of an :class:`~awesome_parse.model.Entry`: title, primary URL, links with roles,
badges, date prefix, tags, notes in parentheses, description and an ``(Author 2021)`` suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..markdown import Html, LinkPiece, Piece, Text
from ..model import Badge, Link, LinkRole
from .links import expand_pieces, is_local, label_role, link_role
from .text import clean_text, is_rank

__all__ = ["ItemParts", "author_names", "is_navigation", "read_head", "read_item"]

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
_DESCRIPTION_LEAD = re.compile(r"^[\s\-–—:：|,.;\])]+")  # and what a link group leaves
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
    repairs: list[str] = field(default_factory=list)
    """Broken link syntax read as a reader sees it (``[paper] (url)``), one note each."""


_NAVIGATION_WORDS = frozenset(
    {
        "back",
        "to",
        "top",
        "go",
        "up",
        "return",
        "the",
        "table",
        "of",
        "contents",
        "index",
        "home",
        "page",
        "previous",
        "next",
        "section",
        "返回",
        "回到",
        "顶部",
        "目录",
    }
)


def is_navigation(parts: ItemParts) -> bool:
    """An item whose links all point into the page or the repository (a table of contents, a
    "back to top" link in any wording): only a few characters, or navigation words, besides."""
    if parts.local_links == 0 or parts.links:
        return False
    outside = parts.text_outside_links
    words = _WORD.findall(outside.lower())
    return len(outside) <= 3 or all(word in _NAVIGATION_WORDS for word in words)


# ``[NLP](#Huge Models for NLP)``: a space in the target breaks the link for CommonMark, but a
# reader still sees a navigation link.
_BROKEN_ANCHOR_LINK = re.compile(r"\[[^\[\]\n]{0,200}\]\(#[^()\n]{0,200}\)")


def read_item(pieces: list[Piece], *, title: str | None = None) -> ItemParts:
    """Read one line of an item: title, primary URL, links, badges, date prefix, tags, notes,
    description. With ``title`` (read already, e.g. from a bold run), every piece is what
    follows the title."""
    parts = ItemParts()
    flat = [_drop_broken_anchors(p, parts) for p in expand_pieces(pieces, parts.repairs)]
    flat = _strip_leading(flat, parts)
    if title is not None:
        return _read_after_title(flat, parts, title)
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
    if title.endswith(".") and _SENTENCE_END.search(title):
        title = title[:-1]  # "... Can Do Parallel Decoding." ends a sentence, not the title
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


def _read_after_title(flat: list[Text | LinkPiece], parts: ItemParts, title: str) -> ItemParts:
    _read_links(flat, parts)
    parts.title = title
    text = "".join(p.text for p in flat if isinstance(p, Text))
    _read_rest_text(text, parts)
    parts.text_outside_links = clean_text(title + " " + text)
    parts.url = _primary_url(parts.links)
    if parts.date and "date" not in parts.sources:
        parts.sources["date"] = "date-prefix"
    return parts


_WORD = re.compile(r"\w+")
_REMARK_WORDS = 5
# A full stop after a word of two letters or more (not an initial: ``Christopher D.``).
_NAMES_END = re.compile(r"(?<=\w\w)\. ")
"""A line under an entry's title this short is a remark (venue, date), not a description."""
_NAME = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}$")
_AUTHOR_SPLIT = re.compile(r", ?(?:and )?| and | ?& ?")  # on clean_text: single spaces
_AUTHOR_MARKS = "*†‡§¶"


def author_names(text: str) -> list[str]:
    """``Jianing Qiu, Lin Li, ..., and Benny Lo`` → the names; anything else → [].

    Two or more capitalised names of one to four words, separated by commas, ``and`` or ``&``;
    equal-contribution marks (``*``, ``†``) and a closing ``et al.`` are dropped.
    """
    text = clean_text(text).strip(" .;")
    if text.endswith("et al"):
        text = text[: -len("et al")].rstrip(" ,")
    names = [n.strip().strip(_AUTHOR_MARKS).strip() for n in _AUTHOR_SPLIT.split(text)]
    names = [n for n in names if n and n != "..." and n != "…"]
    if len(names) >= 2 and all(_NAME.match(name) for name in names):
        return names
    return []


def split_lines(
    pieces: list[Piece], repairs: list[str] | None = None
) -> list[list[Text | LinkPiece]]:
    """Inline pieces cut at their line breaks (soft, hard and ``<br>``), one list per line."""
    lines: list[list[Text | LinkPiece]] = [[]]
    for piece in expand_pieces(pieces, repairs):
        if isinstance(piece, Text) and "\n" in piece.text:
            first, *rest = piece.text.split("\n")
            if first:
                lines[-1].append(Text(first))
            for text in rest:
                lines.append([Text(text)] if text else [])
        else:
            lines[-1].append(piece)
    return [line for line in lines if any(_visible(p) for p in line)]


def _visible(piece: Text | LinkPiece) -> bool:
    return isinstance(piece, LinkPiece) or bool(piece.text.strip(" \t\\"))


def read_head(pieces: list[Piece], bold: str | None = None) -> ItemParts:
    """Read an item's first paragraph, which may run over several lines: the first names the
    thing (``**Title**`` or ``[Title](url)``), the next ones carry its authors (a line of names,
    often in italics), venue, date and links (``arXiv 2022. [[Paper](…)]``).

    ``bold`` is the text of a bold run that opens the paragraph (see
    :func:`awesome_parse.markdown.leading_bold`): without a colon after it, it is the title.
    A rank such as ``**[3]**`` is not.
    """
    if bold is None and not any(_may_break(piece) for piece in pieces):
        return read_item(pieces)  # one line: most items of most lists
    repairs: list[str] = []
    segments = _segments(split_lines(pieces, repairs))
    if not segments:
        return read_item(pieces)
    first, rest = segments[0][0], segments[1:]
    if not rest and not bold:
        return read_item(pieces)
    parts = _read_first_line(first, bold)
    parts.repairs[:0] = repairs
    for line, names in rest:
        if names and not parts.authors:
            parts.authors = names
            parts.sources["authors"] = "author-line"
            # What follows the names: ``*A, B.* Preprint'25``, ``*A, B.* [[abs](…)], 2022.10``.
            remark = _line_authors(line)[1]
            line = [Text(remark), *line[1:]] if remark else line[1:]
        more = read_item(list(line), title="")
        parts.links.extend(more.links)
        parts.badges.extend(more.badges)
        parts.notes.extend(more.notes)
        if more.description and len(more.description.split()) <= _REMARK_WORDS:
            parts.notes.append(more.description.rstrip("."))  # ``STOC 2024.``, ``20 Nov 2023``
        elif more.description:
            parts.description = _joined(parts.description, more.description)
        if parts.date is None and more.date:
            parts.date = more.date
            parts.sources["date"] = more.sources.get("date", "date-prefix")
    if parts.url is None:
        parts.url = _primary_url(parts.links)
    return parts


_Line = list[Text | LinkPiece]


def _may_break(piece: Piece) -> bool:
    """Whether a piece may hold a line break: text with one, or HTML (``<br>``)."""
    return isinstance(piece, Html) or (isinstance(piece, Text) and "\n" in piece.text)


def _segments(lines: list[_Line]) -> list[tuple[_Line, list[str]]]:
    """Lines grouped as a reader groups them: a line of author names stands alone (with the
    names), a line with a link may start a new group, any other line continues the one above
    (a title or remark wrapped in the source)."""
    segments: list[tuple[_Line, list[str]]] = []
    for line in lines:
        names = _line_authors(line)[0] if segments else []
        if names or not segments or segments[-1][1] or _starts_anew(line, segments[-1][0]):
            segments.append((list(line), names))
        else:
            segments[-1][0].extend([Text(" "), *line])
    return segments


def _starts_anew(line: _Line, above: _Line) -> bool:
    """A line with a link starts a group of its own, unless the group above has no link yet
    and the line opens with text: that is the rest of a wrapped title (``… with Full`` /
    ``Training Regime [[Paper]](…)``)."""
    if not _has_link(line):
        return False
    opens_with_text = isinstance(line[0], Text) and bool(line[0].text.strip())
    return _has_link(above) or not opens_with_text


def _read_first_line(line: list[Text | LinkPiece], bold: str | None) -> ItemParts:
    if bold is not None:
        text = clean_text(bold)
        lead = line[0] if line and isinstance(line[0], Text) else None
        start = lead.text.find(bold) if lead is not None else -1
        if lead is not None and start >= 0:
            after = lead.text[start + len(bold) :]
            if is_rank(text):  # ``**[3]** Title`` numbers the entry
                return read_item([Text(after), *line[1:]])
            if not after.lstrip().startswith((":", "：")):
                return read_item([Text(after), *line[1:]], title=text.rstrip(".").strip())
    return read_item(list(line))


def _line_authors(line: _Line) -> tuple[list[str], str]:
    """The author names that open a line (its text up to the first link), if it opens so,
    and the text after them (``*A. Author, B. Author.* Preprint'25``: ``Preprint'25``)."""
    if not line or not isinstance(line[0], Text):
        return [], ""
    lead = line[0].text.rstrip(" [(").replace("*", "").replace("_", " ")  # ``[[abs](…)]``
    end = next(iter(reversed(list(_NAMES_END.finditer(lead)))), None)  # the last one
    names, tail = (lead[: end.start()], lead[end.end() :]) if end else ("", "")
    if names and len(tail.split()) <= _REMARK_WORDS:
        found = author_names(names)  # the names end where the remark begins
        if found:
            return found, tail
    return author_names(lead), ""


def _has_link(line: _Line) -> bool:
    return any(isinstance(p, LinkPiece) and p.url and not p.image for p in line)


def _joined(before: str | None, text: str) -> str:
    return f"{before} {text}" if before else text


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
