"""Read one list item (or bold-link paragraph) the way a person reads it.

Input is the flat inline pieces of the item's first paragraph; output is the structural
fields of an :class:`~awesome_parse.model.Entry`: title, primary URL, links with roles,
badges, date prefix, tags, notes in parentheses, description and an ``(Author 2021)`` suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .markdown import Html, LinkPiece, Piece, Text
from .model import Badge, Link, LinkRole

__all__ = ["ItemParts", "clean_text", "expand_pieces", "is_navigation", "link_role", "read_item"]

# --- text helpers -----------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(text: str) -> str:
    """Fold whitespace and drop invisible characters (soft hyphens, zero-width spaces)."""
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


# --- HTML and bare URLs inside inline text ----------------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>")
_ATTR = re.compile(
    r"""\b(href|src|alt)\s*=\s*(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^\s>]{1,4000}))""", re.I
)
# GitHub's extended autolinks: a bare URL runs to whitespace or '<'; trailing punctuation and
# an unbalanced ')' are not part of it.
_BARE_URL = re.compile(r"(?<![\w/\"'=(\[])https?://[^\s<>\"'`\]\[]+")


def html_attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(tag)
    }


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,30}:")
_URL_TRAILERS = frozenset(".,:;!?*_~")


def trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing parentheses, in one linear pass."""
    end = len(url)
    while end and url[end - 1] in _URL_TRAILERS:
        end -= 1
    excess = url.count(")", 0, end) - url.count("(", 0, end)
    while excess > 0 and end and url[end - 1] == ")":
        end -= 1
        excess -= 1
        while end and url[end - 1] in _URL_TRAILERS:
            end -= 1
    return url[:end]


def expand_pieces(pieces: list[Piece]) -> list[Text | LinkPiece]:
    """Resolve inline HTML (``<br>``, ``<img>``, ``<a href>``) and bare URLs into pieces."""
    out: list[Text | LinkPiece] = []
    anchor: LinkPiece | None = None
    for piece in pieces:
        if isinstance(piece, Html):
            anchor = _html_piece(piece.html, out, anchor)
        elif isinstance(piece, Text):
            if anchor is not None:
                anchor.text += piece.text
            else:
                _split_bare_urls(piece.text, out)
        elif anchor is not None:
            anchor.text += piece.text
        else:
            out.append(piece)
    return out


def _html_piece(
    html: str, out: list[Text | LinkPiece], anchor: LinkPiece | None
) -> LinkPiece | None:
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        attrs = html_attributes(match.group(3))
        if name == "br":
            out.append(Text("\n"))
        elif name == "img" and attrs.get("src"):
            if anchor is not None and not anchor.text.strip():
                anchor.image, anchor.image_alt = attrs["src"], attrs.get("alt", "")
            else:
                out.append(LinkPiece("", "", image_alt=attrs.get("alt", ""), image=attrs["src"]))
        elif name == "a" and not closing and attrs.get("href"):
            anchor = LinkPiece("", attrs["href"])
            out.append(anchor)
        elif name == "a" and closing:
            anchor = None
    return anchor


def _split_bare_urls(text: str, out: list[Text | LinkPiece]) -> None:
    position = 0
    # The ``in`` test first: a pattern that opens with a lookbehind is tried at every position.
    for match in _BARE_URL.finditer(text) if "http" in text else ():
        url = trim_url(match.group())
        if match.start() > position:
            out.append(Text(text[position : match.start()]))
        out.append(LinkPiece(url, url))
        position = match.start() + len(url)
    if position < len(text):
        if out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + text[position:])
        else:
            out.append(Text(text[position:]))


# --- link roles -------------------------------------------------------------------------------

# Labels are matched as whole phrases; build the table phrase by phrase.
_PHRASES: dict[LinkRole, tuple[str, ...]] = {
    "paper": (
        "paper",
        "papers",
        "pdf",
        "arxiv",
        "arxiv paper",
        "link",
        "linl",
        "publication",
        "article",
        "preprint",
        "paper link",
        "openreview",
        "technical report",
        "tech report",
        "report",
        "official paper",
    ),
    "code": (
        "code",
        "codes",
        "github",
        "gitlab",
        "repo",
        "repository",
        "source code",
        "official code",
        "implementation",
        "code and models",
        "pytorch",
        "tensorflow",
        "jax",
    ),
    "project": (
        "project",
        "project page",
        "website",
        "homepage",
        "home page",
        "site",
        "official website",
        "web",
        "page",
        "webpage",
    ),
    "demo": ("demo", "playground", "try it", "colab", "notebook", "space", "online demo"),
    "blog": ("blog", "blogpost", "blog post", "post", "news", "official news", "medium"),
    "video": (
        "video",
        "youtube",
        "youtube video",
        "talk",
        "presentation",
        "bilibili",
        "paper explained",
        "explained",
    ),
    "slides": ("slides", "ppt", "slide", "deck"),
    "huggingface": (
        "huggingface",
        "hugging face",
        "hf",
        "model",
        "models",
        "weights",
        "checkpoint",
        "checkpoints",
    ),
    "dataset": ("dataset", "datasets", "data", "benchmark"),
    "docs": ("docs", "documentation", "doc"),
}
_LABEL_ROLES = {phrase: role for role, phrases in _PHRASES.items() for phrase in phrases}

_HOST_ROLES: tuple[tuple[re.Pattern[str], LinkRole], ...] = (
    (re.compile(r"^https?://(?:[\w-]+\.)*huggingface\.co/"), "huggingface"),
    (re.compile(r"^https?://(?:www\.)?(?:github|gitlab)\.com/[^/]+/[^/#?]+"), "code"),
    (
        re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|bilibili\.com|vimeo\.com)/"),
        "video",
    ),
    (
        re.compile(
            r"^https?://(?:[\w-]+\.)*(?:arxiv\.org/(?:abs|pdf|html)|openreview\.net/(?:forum|pdf)"
            r"|aclanthology\.org|openaccess\.thecvf\.com|proceedings\.neurips\.cc|papers\.nips\.cc"
            r"|proceedings\.mlr\.press|doi\.org|dl\.acm\.org/doi|ieeexplore\.ieee\.org/document"
            r"|biorxiv\.org/content|medrxiv\.org/content|ecva\.net/papers|semanticscholar\.org/paper)"
        ),
        "paper",
    ),
)

_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")
_LABEL_WORD = re.compile(r"[\w&+]+")


def normalize_label(text: str) -> str:
    """``[[Slides (PDF)]]`` → ``slides pdf``: lower case, words only."""
    text = _EMOJI_CODE.sub(" ", text.lower()).replace("&", " and ")
    return " ".join(_LABEL_WORD.findall(text))


@lru_cache(maxsize=8192)  # labels recur: ``Paper``, ``Code``, ``[arXiv]`` on every other item
def label_role(text: str) -> LinkRole | None:
    """The role a link's label names: the whole label, else its first or last word."""
    label = normalize_label(text)
    if not label or len(label) > 30:
        return None
    role = _LABEL_ROLES.get(label)
    words = label.split()
    if role is None and len(words) == 2:  # "arxiv paper", "official code", "slides pdf"
        role = _LABEL_ROLES.get(words[0]) or _LABEL_ROLES.get(words[1])
    return role


def link_role(text: str, url: str) -> LinkRole:
    """A link's role from its label first (``[[Code]]``), then from its host."""
    role = label_role(text)
    if role is not None:
        if role == "paper" and normalize_label(text) in ("link", "linl"):
            return host_role(url) if host_role(url) != "other" else "paper"
        return role
    return host_role(url)


def host_role(url: str) -> LinkRole:
    for pattern, role in _HOST_ROLES:
        if pattern.match(url):
            return role
    if url.lower().split("?")[0].endswith(".pdf"):
        return "paper"
    return "other"


def is_local(url: str) -> bool:
    """In-page anchors and relative paths: navigation, not content. Any URL with a scheme
    (``https:``, ``mailto:``, ``data:``) or a host (``//x``, ``www.x``) is content."""
    return (
        not url or url.startswith("#") or not (_SCHEME.match(url) or url.startswith(("//", "www.")))
    )


# --- reading an item --------------------------------------------------------------------------

_TAGS = re.compile(r"#([A-Za-z][\w-]*)(?=\s|$)")
_DATE_PREFIX = re.compile(
    r"\[\s*((?:19|20)\d\d(?:[/.-]\d{1,2}){0,2}|\d{1,2}[/.-]\d{1,2}(?:[/.-](?:19|20)?\d\d)?)\s*\]"
)
_LEADING_NOTE = re.compile(r"\(([^()\n]{1,40})\)\s+")
_YEAR_LABEL = re.compile(r"(?:^|\s)((?:19|20)\d\d)$")
_SENTENCE_END = re.compile(r"\w{2}\.$")
_TEXT_TITLE_SPLIT = re.compile(r"\s+[-–—]\s+")
_DATE_SUFFIX = re.compile(r"^\(?\s*((?:19|20)\d\d[/.-]\d{1,2}(?:[/.-]\d{1,2})?)\s*\)?$")
_LEADING_SYMBOLS = re.compile(r"^(?::[a-z0-9_+-]+:|[\s\-–—*•·|:>]|[^\w\s\[\]()#'\"“‘*`]\ufe0f?)+")
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
    while True:
        before = title
        while title.endswith(("[", "(")):
            title = title[:-1].rstrip()
        label = _EMPTY_LABEL_LINK.search(title)
        if (
            label
            and label.start() > 0
            and (not label.group(1).strip() or label_role(label.group(1)))
        ):
            title = title[: label.start()].rstrip()
        if title == before:
            return title.rstrip(_TRAILING_PUNCT)


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
