"""Raw HTML inside a list, read with the standard library's HTML parser (never patterns).

Lists use HTML for what Markdown lacks: ``<table>`` with ``rowspan``/``colspan`` and ``<br>``
in cells, ``<details>``/``<summary>`` to fold abstracts or groups of entries, ``<h2 id=…>``
headings, ``<a href><img></a>`` badges, ``<p align=center>`` banners. :func:`read_html` turns a
fragment into what a reader sees: its text (``<br>`` and block tags as line breaks), its links
and images, its headings, its ``<summary>`` and its tables, each with the line it starts on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = [
    "HtmlCell",
    "HtmlFragment",
    "HtmlHeading",
    "HtmlImage",
    "HtmlItem",
    "HtmlLink",
    "HtmlRow",
    "HtmlTable",
    "inline_markdown",
    "inline_tags",
    "read_html",
    "table_end",
    "tags_that_can_close",
]

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "thead",
        "tbody",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "details",
        "summary",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
    }
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_SKIPPED = frozenset({"script", "style"})
_MEDIA = frozenset({"source", "video", "audio", "embed", "iframe", "track"})


@dataclass
class HtmlLink:
    url: str
    text: str = ""
    image: HtmlImage | None = None
    """The image the link wraps (a badge), when its only content is one."""


@dataclass
class HtmlImage:
    src: str
    alt: str = ""
    url: str | None = None
    """The link around the image, if any."""


@dataclass
class HtmlCell:
    text: str
    links: list[HtmlLink]
    images: list[HtmlImage]
    header: bool
    colspan: int = 1
    rowspan: int = 1


@dataclass
class HtmlRow:
    line: int
    """1-based line of the ``<tr>`` within the fragment."""
    cells: list[HtmlCell] = field(default_factory=list)


@dataclass
class HtmlTable:
    line: int
    rows: list[HtmlRow] = field(default_factory=list)


@dataclass
class HtmlHeading:
    level: int
    text: str
    line: int
    links: list[HtmlLink] = field(default_factory=list)
    images: list[HtmlImage] = field(default_factory=list)


@dataclass
class HtmlItem:
    """One ``<li>`` outside tables: its own text and links (a nested list's items are items of
    their own)."""

    line: int
    """1-based line of the ``<li>`` within the fragment."""
    text: str
    links: list[HtmlLink]
    images: list[HtmlImage]
    depth: int = 0
    """0 for an item of an outer list, 1 for an item of a list inside an item, ..."""


@dataclass
class HtmlFragment:
    text: str = ""
    """Visible text outside tables, headings and ``<summary>``; line breaks kept."""
    links: list[HtmlLink] = field(default_factory=list)
    """Links outside tables (with the badge image they wrap, if any)."""
    images: list[HtmlImage] = field(default_factory=list)
    """Images outside tables that no link wraps."""
    headings: list[HtmlHeading] = field(default_factory=list)
    summary: str | None = None
    """The text of the first ``<summary>``."""
    summary_links: list[HtmlLink] = field(default_factory=list)
    details_opened: int = 0
    details_closed: int = 0
    tables: list[HtmlTable] = field(default_factory=list)
    items: list[HtmlItem] = field(default_factory=list)
    """``<li>`` items outside tables, in document order; their text is not in :attr:`text`."""
    unclosed_tables: int = 0
    """Tables still open where the fragment ends (blank lines cut an HTML block short)."""


@dataclass
class _Sink:
    """Where text, links and images go right now: the fragment, a heading, a summary, a
    table cell or a list item."""

    text: list[str] = field(default_factory=list)
    links: list[HtmlLink] = field(default_factory=list)
    images: list[HtmlImage] = field(default_factory=list)
    line: int = 0
    """1-based line where the element opened."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fragment = HtmlFragment()
        self.top = _Sink()
        self.sinks: list[tuple[str, _Sink]] = [("", self.top)]
        self.anchor: HtmlLink | None = None
        self.anchor_images: list[HtmlImage] = []
        self.tables: list[HtmlTable] = []
        self.cell_attrs: dict[str, str | None] = {}
        self.skipping = 0
        self.heading: tuple[int, int] | None = None

    @property
    def sink(self) -> _Sink:
        return self.sinks[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        line = self.getpos()[0]
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            # A break inside a link wraps its text; elsewhere it starts a new line.
            self.sink.text.append(" " if self.anchor is not None else "\n")
            if self.anchor is not None:
                self.anchor.text += " "
        elif tag == "img":
            self._image(values)
        elif tag in _MEDIA:
            self._media(values)
        elif tag == "a":
            self._close_anchor()
            href = (values.get("href") or "").strip()
            if href:
                self.anchor = HtmlLink(url=href)
                self.anchor_images = []
                self.sink.links.append(self.anchor)
        elif tag == "table":
            self.tables.append(HtmlTable(line=line))
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append(HtmlRow(line=line))
        elif tag in ("td", "th") and self.tables:
            self._open_sink(tag)
            self.cell_attrs = values
        elif tag in _HEADINGS and not self.tables:
            self.heading = (_HEADINGS[tag], line)
            self._open_sink(tag)
        elif tag == "summary":
            self._open_sink(tag)
        elif tag == "li" and not self.tables:
            self._open_sink(tag, line)
        elif tag == "details":
            self.fragment.details_opened += 1
        if tag in _BLOCK_TAGS:
            self.sink.text.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a":
            self._close_anchor()
        elif tag in ("td", "th") and self.sinks[-1][0] in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table") and self.sinks[-1][0] in ("td", "th"):
            self._close_cell()  # an unclosed cell ends with its row
        elif tag in _HEADINGS and self.sinks[-1][0] == tag:
            _, sink = self.sinks.pop()
            level, line = self.heading or (_HEADINGS[tag], self.getpos()[0])
            heading = HtmlHeading(level, _text(sink.text), line, sink.links, sink.images)
            self.fragment.headings.append(heading)
            self.heading = None
        elif tag == "summary" and self.sinks[-1][0] == "summary":
            _, sink = self.sinks.pop()
            if self.fragment.summary is None:
                self.fragment.summary = _text(sink.text)
                self.fragment.summary_links = sink.links
            self.top.links.extend(link for link in sink.links if link.image is not None)
        elif tag == "details":
            self.fragment.details_closed += 1
        elif tag == "li" and self.sinks[-1][0] == "li":
            self._close_item()
        elif tag in ("ul", "ol") and self.sinks[-1][0] == "li":
            self._close_item()  # an unclosed item ends with its list
        if tag == "table" and self.tables:
            self.fragment.tables.append(self.tables.pop())
        if tag in _BLOCK_TAGS:
            self.sink.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.sink.text.append(data)
        if self.anchor is not None:
            self.anchor.text += data

    def _open_sink(self, tag: str, line: int = 0) -> None:
        self._close_anchor()
        self.sinks.append((tag, _Sink(line=line)))

    def _close_cell(self) -> None:
        tag, sink = self.sinks.pop()
        self._close_anchor()
        if self.tables and self.tables[-1].rows:
            self.tables[-1].rows[-1].cells.append(
                HtmlCell(
                    text=_text(sink.text),
                    links=sink.links,
                    images=sink.images,
                    header=tag == "th",
                    colspan=_span(self.cell_attrs.get("colspan")),
                    rowspan=_span(self.cell_attrs.get("rowspan")),
                )
            )

    def _close_item(self) -> None:
        self._close_anchor()
        _, sink = self.sinks.pop()
        depth = sum(1 for tag, _ in self.sinks if tag == "li")  # the items still open around it
        self.fragment.items.append(
            HtmlItem(sink.line, _text(sink.text), sink.links, sink.images, depth)
        )

    def _image(self, values: dict[str, str | None]) -> None:
        src = (values.get("src") or values.get("data-src") or "").strip()
        if not src:
            return
        image = HtmlImage(src=src, alt=values.get("alt") or "")
        if self.anchor is not None:
            image.url = self.anchor.url
            self.anchor_images.append(image)
        else:
            self.sink.images.append(image)

    def _media(self, values: dict[str, str | None]) -> None:
        """``<source srcset>``, ``<video poster>``, ``<iframe src>``: their URLs are images
        the page shows (the first URL of each ``srcset`` candidate)."""
        urls = [values.get("src"), values.get("poster"), values.get("data-src")]
        urls += [c.split()[0] for c in (values.get("srcset") or "").split(",") if c.split()]
        target = self.anchor.url if self.anchor is not None else None
        for url in urls:
            if url and url.strip():
                self.sink.images.append(HtmlImage(src=url.strip(), url=target))

    def _close_anchor(self) -> None:
        anchor = self.anchor
        if anchor is None:
            return
        self.anchor = None
        anchor.text = " ".join(anchor.text.split())
        if len(self.anchor_images) == 1 and not anchor.text:
            anchor.image = self.anchor_images[0]
        else:
            self.sink.images.extend(self.anchor_images)

    def finish(self) -> HtmlFragment:
        self.close()
        self._close_anchor()
        while len(self.sinks) > 1:  # unclosed cells, headings, summaries: keep what they hold
            if self.sinks[-1][0] in ("td", "th"):
                self._close_cell()
            elif self.sinks[-1][0] == "li":
                self._close_item()
            else:
                _, sink = self.sinks.pop()
                self.top.text.extend(sink.text)
                self.top.links.extend(sink.links)
                self.top.images.extend(sink.images)
        self.fragment.items.sort(key=lambda item: item.line)  # a nested item closes first
        self.fragment.unclosed_tables = len(self.tables)
        self.fragment.tables.extend(self.tables)
        self.fragment.text = _text(self.top.text, keep_lines=True)
        self.fragment.links = self.top.links
        self.fragment.images = self.top.images
        return self.fragment


def read_html(html: str) -> HtmlFragment:
    """What a reader sees of an HTML fragment (see :class:`HtmlFragment`)."""
    reader = _Reader()
    reader.feed(tags_that_can_close(_without_comments(html)))
    return reader.finish()


def _without_comments(html: str) -> str:
    """The fragment without ``<!-- … -->`` (a browser shows none; an unclosed one hides the
    rest)."""
    if "<!--" not in html:
        return html
    out: list[str] = []
    position = 0
    while (start := html.find("<!--", position)) != -1:
        out.append(html[position:start])
        end = html.find("-->", start + 4)
        if end == -1:
            return "".join(out)
        position = end + 3
    out.append(html[position:])
    return "".join(out)


def tags_that_can_close(html: str, escape: str = "&lt;") -> str:
    """Escape each ``<`` that another ``<`` follows before any ``>``: it cannot open a tag.

    The standard parser rescans the rest of its input from every such ``<`` (``<a <a <a …``
    costs quadratic time); escaped, they are the text a browser shows for them anyway. A
    one-character ``escape`` keeps every offset of the text.
    """
    chunks = html.split(">")
    for index, chunk in enumerate(chunks):
        closes = index < len(chunks) - 1
        opening = chunk.rfind("<") if closes else -1  # the one ``<`` this ``>`` may close
        if chunk.count("<") > (opening >= 0):
            head, tail = (chunk[:opening], chunk[opening:]) if opening >= 0 else (chunk, "")
            chunks[index] = head.replace("<", escape) + tail
    return ">".join(chunks)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, bool, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, False, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((tag, True, {}))


def inline_tags(html: str) -> list[tuple[str, bool, dict[str, str]]]:
    """The tags of an inline HTML span (``<a href=…>``, ``</a>``, ``<br/>``, ``<img …>``):
    ``(name, closing, attributes)`` each, names in lower case."""
    parser = _Tags()
    parser.feed(tags_that_can_close(html))
    parser.close()
    return parser.tags


_INLINE_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}


class _InlineMarkdown(HTMLParser):
    """HTML written as the inline Markdown a reader would write for it (see
    :func:`inline_markdown`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.out.append("[")
        elif tag == "br" or tag in _BLOCK_TAGS:
            self.out.append("\n")
        elif tag in _INLINE_MARKS:
            self.out.append(_INLINE_MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            href = self.href.pop()
            self.out.append(f"]({href})" if href else "]")
        elif tag in _BLOCK_TAGS:
            self.out.append("\n")
        elif tag in _INLINE_MARKS:
            self.out.append(_INLINE_MARKS[tag])

    def handle_data(self, data: str) -> None:
        self.out.append(" ".join(data.split("\n")))


def inline_markdown(html: str) -> str:
    """``<li><a href="u">Title</a> - <i>A, B</i>. ICML</li>`` → ``[Title](u) - *A, B*. ICML``:
    HTML written the way the citation reader reads Markdown (links, emphasis, line breaks)."""
    parser = _InlineMarkdown()
    parser.feed(tags_that_can_close(_without_comments(html)))
    parser.close()
    return "".join(parser.out).strip()


class _TableDepth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.seen = False
        self.closed_at: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            self.seen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0 and self.closed_at is None:
                self.closed_at = self.getpos()[0]


_TABLE_LINES = 20_000
"""How far to look for a table's end: far past any real table, and a bound on the work."""


def table_end(lines: list[str], start: int) -> int | None:
    """The 1-based line where the ``<table>`` opened on line ``start`` closes, or None when it
    never does (then only its own block is read). Blank lines inside a table end mistletoe's
    HTML block; the table still goes on for a browser."""
    depth = _TableDepth()
    for number in range(start, min(len(lines), start + _TABLE_LINES) + 1):
        depth.feed(lines[number - 1] + "\n")
        if depth.closed_at is not None:
            return start + depth.closed_at - 1
    return None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


def _text(parts: list[str], *, keep_lines: bool = False) -> str:
    text = "".join(parts)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    if keep_lines:
        return "\n".join(line for line in lines if line)
    return " / ".join(line for line in lines if line)
