"""The source text as lint sees it: positions, and the link syntax the tree does not keep.

The parse tree knows entries, links and sections but not where each link starts on its
line, nor the constructs that are *not* links for CommonMark yet look like one to a reader
(``[NLP](#Huge Models for NLP)`` with spaces in the target, an empty ``[[Paper]]``). Rules
need both, so this module scans the normalised text once, the Markdown with linear regexes and
the raw HTML with the standard HTML parser, after blanking what a reader never sees as links:
front matter, fenced code, HTML comments and inline code. Blanking keeps every offset, so a
match's offset is its position in the file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from typing import NamedTuple

from awesome_parse.read.html import tags_that_can_close

__all__ = ["CODE_MASK", "LINK_PATTERN", "Comment", "RawLink", "SourceText", "split_destination"]

CODE_MASK = "\x1a"
"""Inline code is replaced by this character: not a space, not a word character, not a
bracket, so ``[`code`](url)`` still has link text and no rule reads code as prose."""

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})([^\n]*)$", re.M)
_FRONT_MATTER_END = ("---", "...")
_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"
_INLINE_CODE = re.compile(r"``(?:[^`\n]|`(?!`))+``|`[^`\n]+`")
_NOT_NEWLINE = re.compile(r"[^\n]")
# ``[text](dest)`` and ``![alt](src)``: link text may hold one level of brackets (so
# ``[[Paper]](url)`` and ``[![badge](img)](url)`` match whole); the destination may hold one
# level of parentheses (``wiki/Foo_(bar)``) and spaces (which make it an invalid link that a
# reader still sees as one). Each repeated group's alternatives start with disjoint
# characters, so matching is linear. HTML patterns stop at the next ``<`` for the same reason.
LINK_PATTERN = re.compile(
    r"(?<!\\)(?P<bang>!?)\[(?P<text>(?:[^\[\]\\\n]|\\.|\[(?:[^\[\]\\\n]|\\.)*\])*)\]"
    r"\((?P<dest>[^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)"
)
# ``[[Paper]]`` that no ``(url)`` or ``[ref]`` follows: a link label without a link.
_BARE_LABEL = re.compile(r"(?<![\\\[])\[\[(?P<label>[^\[\]\n]{1,40})\]\](?![(\[])")
_REFERENCE_DEF = re.compile(r"^ {0,3}\[([^\[\]\n]{1,999})\]:[ \t]*\S", re.M)
_TITLE = re.compile(r"""^(?:"[^"]*"|'[^']*'|\([^()]*\))$""")


class RawLink(NamedTuple):
    """A ``[text](dest)`` or ``![alt](src)`` as written, with its offsets in the text."""

    start: int
    """Offset of ``[`` (or of ``!`` for an image)."""
    end: int
    """Offset just past ``)``."""
    text: str
    """The raw link text between the outer brackets (inline code shows as CODE_MASK)."""
    dest: str
    """Everything between the parentheses, as written."""
    image: bool

    @property
    def text_start(self) -> int:
        return self.start + (2 if self.image else 1)

    @property
    def url(self) -> str:
        return split_destination(self.dest)[0]

    @property
    def valid(self) -> bool:
        """False when CommonMark would not read this as a link (e.g. spaces in the URL)."""
        return split_destination(self.dest)[1]


class Comment(NamedTuple):
    """An HTML comment outside code: its body and the lines it spans."""

    body: str
    line: int
    end_line: int


def split_destination(dest: str) -> tuple[str, bool]:
    """``url "title"`` → (url, True); ``#Huge Models`` → (``#Huge Models``, False)."""
    dest = dest.strip()
    if dest.startswith("<"):
        close = dest.find(">")
        if close < 0:
            return dest, False
        rest = dest[close + 1 :].strip()
        return dest[1:close], not rest or bool(_TITLE.match(rest))
    url, _, rest = dest.partition(" ")
    if "\t" in url:
        url, _, more = url.partition("\t")
        rest = f"{more} {rest}"
    rest = rest.strip()
    if not rest or _TITLE.match(rest):
        return url, True
    return dest, False


@dataclass
class SourceText:
    """The normalised text a parse returned, with a blanked copy for scanning."""

    text: str

    # --- positions ----------------------------------------------------------------------

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        position = find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = find("\n", position + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def offset(self, line: int) -> int:
        """Text offset where 1-based ``line`` starts (the end of the text past the last)."""
        starts = self._line_starts
        return starts[line - 1] if 1 <= line <= len(starts) else len(self.text)

    def in_code(self, line: int, column: int) -> bool:
        """True when the character at (line, column) is code, a comment or front matter."""
        offset = self.offset(line) + column - 1
        if not 0 <= offset < len(self.text):
            return False
        shown = self.masked[offset]
        return shown == CODE_MASK or (shown == " " and not self.text[offset].isspace())

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def masked_line(self, line: int) -> str:
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.masked)
        return self.masked[starts[line - 1] : end]

    # --- blanking -----------------------------------------------------------------------

    @cached_property
    def _blanked(self) -> tuple[str, list[Comment]]:
        text = _blank_front_matter(self.text)
        text = _blank_fences(text)
        text, comments = self._blank_comments(text)
        text = _INLINE_CODE.sub(lambda m: CODE_MASK * len(m.group()), text)
        return text, comments

    @property
    def masked(self) -> str:
        """The text with front matter, fenced code and comments blanked (spaces, newlines
        kept) and inline code replaced by :data:`CODE_MASK`; same length as ``text``."""
        return self._blanked[0]

    @property
    def comments(self) -> list[Comment]:
        """HTML comments outside code blocks, in order (inline directives live here)."""
        return self._blanked[1]

    def _blank_comments(self, text: str) -> tuple[str, list[Comment]]:
        pieces: list[str] = []
        comments: list[Comment] = []
        position = 0
        while True:
            start = text.find(_COMMENT_OPEN, position)
            if start < 0:
                break
            close = text.find(_COMMENT_CLOSE, start + len(_COMMENT_OPEN))
            end = len(text) if close < 0 else close + len(_COMMENT_CLOSE)
            body = text[start + len(_COMMENT_OPEN) : close if close >= 0 else end]
            comments.append(Comment(body, self.position(start)[0], self.position(end - 1)[0]))
            pieces.append(text[position:start])
            pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
            position = end
        pieces.append(text[position:])
        return "".join(pieces), comments

    # --- link syntax --------------------------------------------------------------------

    @cached_property
    def links(self) -> list[RawLink]:
        """Every ``[text](dest)`` and ``![alt](src)`` outside code, in order."""
        return [
            RawLink(m.start(), m.end(), m.group("text"), m.group("dest"), bool(m.group("bang")))
            for m in LINK_PATTERN.finditer(self.masked)
        ]

    @cached_property
    def links_by_line(self) -> dict[int, list[RawLink]]:
        by_line: dict[int, list[RawLink]] = {}
        for link in self.links:
            by_line.setdefault(self.position(link.start)[0], []).append(link)
        return by_line

    @cached_property
    def reference_labels(self) -> frozenset[str]:
        """Labels of ``[label]: url`` definitions, case-folded."""
        return frozenset(
            " ".join(m.group(1).split()).casefold() for m in _REFERENCE_DEF.finditer(self.masked)
        )

    @cached_property
    def bare_labels(self) -> list[tuple[int, str]]:
        """``(offset, label)`` of every ``[[label]]`` that no link destination follows
        and no reference definition resolves."""
        found = []
        for m in _BARE_LABEL.finditer(self.masked):
            label = m.group("label")
            if " ".join(label.split()).casefold() in self.reference_labels:
                continue  # [[Paper]] with [paper]: url defined is "[" + a link + "]"
            found.append((m.start(), label))
        return found

    @cached_property
    def _html(self) -> _HtmlMarks:
        marks = _HtmlMarks(self._line_starts)
        if "<" in self.masked:
            # Same length: a ``<`` that cannot open a tag becomes a space, offsets stay true.
            marks.feed(tags_that_can_close(self.masked, " "))
            marks.close()
        return marks

    @property
    def html_hrefs(self) -> list[tuple[int, str]]:
        """``(offset of the href value, href)`` of ``<a href=…>`` tags outside code."""
        return self._html.hrefs

    @property
    def html_ids(self) -> list[str]:
        """``id``/``name`` attribute values: GitHub keeps them as link targets."""
        return self._html.ids

    @property
    def html_headings(self) -> list[str]:
        """The text of raw ``<h1>``…``<h6>`` elements."""
        return self._html.headings


class _HtmlMarks(HTMLParser):
    """What lint checks in a list's raw HTML, read by the standard HTML parser: each
    ``<a href>`` with the offset of its value, ``id``/``name`` anchors and heading texts."""

    def __init__(self, line_starts: list[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = line_starts
        self.hrefs: list[tuple[int, str]] = []
        self.ids: list[str] = []
        self.headings: list[str] = []
        self.heading: tuple[str, list[str]] | None = None
        """The heading element being read: its tag and its text so far."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value}
        self.ids.extend(values[name] for name in ("id", "name") if name in values)
        href = values.get("href")
        if tag == "a" and href is not None:
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            within = (self.get_starttag_text() or "").find(href)  # -1 when written with entities
            self.hrefs.append((start + max(within, 0), href))
        if tag in _HEADINGS and self.heading is None:
            self.heading = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if self.heading is not None and tag == self.heading[0]:
            self.headings.append(" ".join("".join(self.heading[1]).split()))
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading[1].append(data)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _blank_front_matter(text: str) -> str:
    """Blank a leading ``---`` block the way the parser reads it (see parser.py)."""
    if not text.startswith("---\n"):
        return text
    lines = text.split("\n", 501)
    for index in range(1, min(len(lines), 500)):
        if lines[index].strip() in _FRONT_MATTER_END:
            head = "\n".join(lines[: index + 1])
            return _NOT_NEWLINE.sub(" ", head) + text[len(head) :]
    return text


def _blank_fences(text: str) -> str:
    """Blank fenced code blocks (an unclosed fence runs to the end, as in CommonMark)."""
    if "```" not in text and "~~~" not in text:
        return text
    pieces: list[str] = []
    position = 0
    opening: re.Match[str] | None = None
    for m in _FENCE.finditer(text):
        fence, info = m.group(1), m.group(2)
        if opening is None:
            if fence[0] == "`" and "`" in info:
                continue  # inline code such as ```a``` on its own line, not a fence
            opening = m
            continue
        first = opening.group(1)
        if fence[0] == first[0] and len(fence) >= len(first) and not info.strip():
            pieces.append(text[position : opening.start()])
            pieces.append(_NOT_NEWLINE.sub(" ", text[opening.start() : m.end()]))
            position = m.end()
            opening = None
    if opening is not None:
        pieces.append(text[position : opening.start()])
        pieces.append(_NOT_NEWLINE.sub(" ", text[opening.start() :]))
        position = len(text)
    pieces.append(text[position:])
    return "".join(pieces)
