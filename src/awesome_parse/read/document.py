"""Markdown tokens → the awesome-list tree (Document → Section → Entry).

Walks mistletoe's block tokens top to bottom, keeping a stack of open sections. Headings (in
Markdown or HTML) and bold lines open sections; entries come from list items, table rows
(GFM and HTML), bold-title paragraphs, ``<details>`` whose summary names a linked thing, and
headings of a level whose every heading names one linked thing (what follows such a heading is
that entry's). Prose, images and HTML become section descriptions, links and badges, so that
no link of the input is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import markdown as md
from ..metadata import apply_citation, citation_fields, enrich_entry
from ..model import Badge, Diagnostic, Document, Entry, Link, Section, Severity
from .html import (
    HtmlFragment,
    HtmlHeading,
    HtmlImage,
    HtmlItem,
    HtmlLink,
    read_html,
    table_end,
)
from .items import ItemParts, author_names, is_navigation, read_head, read_item, split_lines
from .links import badge_role, expand_pieces, is_local, label_role, link_role, trim_url
from .slug import Slugger
from .tables import TableCategory, TableResult, read_html_table, read_table
from .text import clean_text, drop_shortcodes

__all__ = ["build_document"]

_YEAR_TITLE = re.compile(r"^(?:19|20)\d\d$")
# Bounded, bracket-free runs keep these linear on hostile input ("[" * 100_000, "<" * 100_000).
_BACK_TO_TOP = re.compile(r"\[?\s*\[[^\[\]\n]{0,200}\]\(#[^()\n]{0,200}\)\s*\]?|\[\s*\]")
_NUMBERING = re.compile(r"^\s*\d{1,3}[.)]\s+")
_BARE_URL = re.compile(r"https?://[^\s<>\"'`)\]]+")
_ENTRY_HEADINGS_AT_LEAST = 3
"""Sibling headings needed before a heading level can be a level of entries."""
_ENTRY_HEADING_SHARE = 0.75
"""Share of those siblings that must each name one linked thing."""
_ABSTRACT_LABELS = frozenset({"abstract", "摘要", "tl;dr", "tldr"})
"""Summaries of a ``<details>`` block whose text is the entry's abstract."""
_PROSE_WORDS = 60
"""A paragraph with more words outside its links than this is prose, even if it opens bold."""


@dataclass
class _Container:
    """Where entries and prose go right now: the document or a section."""

    section: Section | None
    level: int
    details: bool = False
    year: int | None = None
    """The year named by the innermost year heading (``## 2023``) at or above this one."""


@dataclass
class _OpenEntry:
    """An entry a heading opened: every block up to the next heading of its level or above
    is its description, labelled text (``extra``, by the sub-heading above it) and links."""

    entry: Entry
    level: int
    label: str = ""


@dataclass
class _Builder:
    lines: list[str]
    doc: Document
    stack: list[_Container] = field(default_factory=list)
    slugger: Slugger = field(default_factory=Slugger)
    last_entry: Entry | None = None
    entry_headings: set[int] = field(default_factory=set)
    """Lines of the headings that are entries (see :func:`_entry_headings`)."""
    open_entry: _OpenEntry | None = None
    consumed_until: int = 0
    """Blocks starting on or before this line were read already (an HTML table that blank
    lines cut into several blocks)."""

    # --- containers -----------------------------------------------------------------------

    @property
    def current(self) -> _Container:
        return self.stack[-1] if self.stack else _Container(None, 0)

    def real_level(self) -> int:
        for container in reversed(self.stack):
            if container.section is not None and not container.section.pseudo:
                return container.level
        return 1

    def open_section(self, section: Section, *, details: bool = False) -> None:
        while self.stack and self.stack[-1].level >= section.level:
            self.stack.pop()
        parent = self.current.section
        (parent.sections if parent is not None else self.doc.sections).append(section)
        year = int(section.title) if _YEAR_TITLE.match(section.title) else self.current.year
        self.stack.append(_Container(section, section.level, details, year))
        self.last_entry = None

    def add_entry(self, entry: Entry) -> None:
        section = self.current.section
        enrich_entry(entry, heading_year=self.heading_year())
        (section.entries if section is not None else self.doc.entries).append(entry)
        self.last_entry = entry

    def add_prose(self, text: str, links: list[Link], badges: list[Badge]) -> None:
        section = self.current.section
        text = text.strip()
        if section is None:
            if text:
                self.doc.description = _join(self.doc.description, text)
            self.doc.links.extend(links)
            self.doc.badges.extend(badges)
        else:
            if text:
                section.description = _join(section.description, text)
            section.links.extend(links)
            section.badges.extend(badges)

    def heading_year(self) -> int | None:
        return self.stack[-1].year if self.stack else None

    # --- positions ------------------------------------------------------------------------

    def end_line(self, start: int, limit: int) -> int:
        """The last non-blank line in ``[start, limit)``."""
        end = min(limit - 1, len(self.lines))
        while end > start and not self.lines[end - 1].strip():
            end -= 1
        return max(end, start)

    def raw(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])

    def diagnose(
        self,
        code: str,
        message: str,
        line: int | None,
        column: int | None = None,
        severity: Severity = "warning",
    ) -> None:
        self.doc.diagnostics.append(
            Diagnostic(code=code, severity=severity, message=message, line=line, column=column)
        )

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, tokens: list[Any], limit: int) -> None:
        self.entry_headings |= _entry_headings(tokens)
        starts = [_start(token) for token in tokens[1:]] + [limit, limit]
        for index, token in enumerate(tokens):
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if self.block(token, starts[index], following, starts[index + 1]):
                tokens[index + 1] = None  # consumed by this block
                md.release(following)
            if token is not None:
                # Done with it: free its tokens while the document grows, not afterwards.
                tokens[index] = None
                md.release(token)

    def block(self, token: Any, limit: int, following: Any, following_limit: int) -> bool:
        """Handle one block; returns True when it also consumed the following block."""
        if token is None or _start(token) <= self.consumed_until:
            return False
        name = md.kind(token)
        if self.open_entry is not None:
            level = int(token.level) if name in ("Heading", "SetextHeading") else None
            if level is None or level > self.open_entry.level:
                self.absorb(token, name, limit)
                return False
            self.close_entry()
        if name in ("Heading", "SetextHeading"):
            self.heading(token, limit)
        elif name == "Paragraph":
            return self.paragraph(token, limit, following, following_limit)
        elif name == "List":
            self.list_block(token, limit)
        elif name == "Table":
            self.table(read_table(token, self.lines))
        elif name == "CodeFence":
            self.code_block(token)
        elif name == "BlockCode":
            self.code_urls(md.code_content(token))
        elif name == "HtmlBlock":
            self.html_block(token, limit)
        elif name == "Quote":
            self.quote(token, limit)
        return False

    def heading(self, token: Any, limit: int) -> None:
        pieces = md.flatten(token.children)
        # GitHub slugs the rendered text: an image adds nothing (so a trailing badge leaves a
        # trailing "-"), an emoji shortcode renders as an emoji, which the slug drops.
        visible = "".join(p.text for p in pieces if not isinstance(p, md.Html))
        anchor = self.slugger.slug(drop_shortcodes(visible))
        title_text = "".join(
            p.text
            for p in pieces
            if isinstance(p, md.Text)
            or (isinstance(p, md.LinkPiece) and not is_local(p.url) and not p.image)
        )
        title = clean_text(_BACK_TO_TOP.sub("", title_text)).rstrip(":：").strip()
        links, badges = _links_and_badges(pieces)
        level = int(token.level)
        if level == 1 and self.doc.title is None and not self.doc.sections:
            self.doc.title = title
            self.doc.links.extend(links)
            self.doc.badges.extend(badges)
            return
        if token.line_number in self.entry_headings:
            parts = read_item(pieces)
            entry = self.entry_from(parts, token.line_number, limit)
            self.open_entry = _OpenEntry(entry, level)
            return
        section = Section(
            title=title,
            level=level,
            anchor=anchor,
            line=token.line_number,
            links=links,
            badges=badges,
        )
        self.open_section(section)

    def absorb(self, token: Any, name: str, limit: int) -> None:
        """A block under an entry heading: the entry's description, labelled text or links."""
        assert self.open_entry is not None
        opened = self.open_entry
        entry = opened.entry
        if name in ("Heading", "SetextHeading"):
            pieces = md.flatten(token.children)
            label = "".join(p.text for p in pieces if isinstance(p, md.Text | md.LinkPiece))
            opened.label = clean_text(label).rstrip(":：")
            return
        if name == "HtmlBlock":
            fragment = read_html(md.code_content(token))
            text = fragment.text
            links, badges = _html_links(fragment)
        else:
            text, links, badges = _block_content(token)
        entry.links.extend(links)
        entry.badges.extend(badges)
        text = clean_text(text)
        if name == "List" and _only_labelled_links([(token, limit)]):
            text = ""  # ``- [Paper](…)``, ``- [Docs](…)``: links, no text to keep
        if text and not entry.description and not opened.label:
            entry.description = text
        elif text:
            label = opened.label or "notes"
            entry.extra[label] = _join(entry.extra.get(label, ""), text, " ")
        entry.end_line = max(entry.end_line, self.end_line(_start(token), limit))

    def close_entry(self) -> None:
        """The entry heading's content has ended: the entry joins its section."""
        assert self.open_entry is not None
        entry = self.open_entry.entry
        self.open_entry = None
        entry.raw = self.raw(entry.line, entry.end_line)
        if entry.url is None:
            entry.url = _primary_url(entry.links)
            entry.kind = "link" if entry.url else "text"
        self.add_entry(entry)

    def paragraph(self, token: Any, limit: int, following: Any, following_limit: int) -> bool:
        bold = md.bold_line(token)
        if bold is not None and len(bold) <= 150:
            title = clean_text(bold).rstrip(":：").strip()
            resources = _resource_list(following)
            if resources is not None:
                self.resource_entry(token.line_number, title, resources, following_limit)
                return True
            level = self.real_level() + 1
            section = Section(
                title=title,
                level=level,
                anchor="",
                line=token.line_number,
                pseudo=True,
            )
            self.open_section(section)
            return False
        pieces = md.flatten(token.children)
        lead = md.leading_bold(token)
        if md.starts_with_bold_link(token) or (lead is not None and _names_an_entry(pieces, lead)):
            parts = read_head(pieces, lead)
            if not parts.authors:
                names = author_names(parts.description or "")
                if names:
                    parts.authors, parts.description = names, None
                    parts.sources["authors"] = "author-line"
            if not is_navigation(parts):
                self.add_entry(self.entry_from(parts, token.line_number, limit))
                return False
        text, links, badges = _prose(pieces)
        self.add_prose(text, links, badges)
        return False

    def resource_entry(
        self, start: int, title: str, resources: list[ItemParts], limit: int
    ) -> None:
        """``**3. CLIP: ...**`` over a list of labelled links: one entry, links from the list."""
        links = [link for parts in resources for link in parts.links]
        badges = [badge for parts in resources for badge in parts.badges]
        parts = ItemParts(title=_NUMBERING.sub("", title), links=links, badges=badges)
        parts.url = next((link.url for link in links if link.role == "paper"), None) or (
            links[0].url if links else None
        )
        self.add_entry(self.entry_from(parts, start, limit))

    def list_block(self, token: Any, limit: int) -> None:
        for item, item_limit in _items_with_limits(token, limit):
            self.list_item(item, item_limit)

    def list_item(self, item: Any, limit: int) -> None:
        entry, nested = self.item_entry(item, limit)
        if entry is None:
            for sub, sub_limit in nested:
                self.list_block(sub, sub_limit)
        elif (
            entry.kind == "text"
            and nested
            and _has_linked_items(nested)
            and not _only_labelled_links(nested)
        ):
            # A link-less bullet over a list of links is a category, as a reader sees it.
            section = Section(
                title=entry.title,
                level=self.real_level() + 1,
                line=entry.line,
                pseudo=True,
                description=entry.description or "",
            )
            saved = list(self.stack)
            self.open_section(section)
            for sub, sub_limit in nested:
                self.list_block(sub, sub_limit)
            self.stack = saved
        else:
            # ``- Title`` over ``- Paper: url`` / ``- [Code](url)``: the links are the entry's.
            self.attach_children(entry, nested)
            if entry.url is None and entry.links:
                entry.url = _primary_url(entry.links)
                entry.kind = "link"
            if entry.title or entry.links or entry.children:
                self.add_entry(entry)  # not a bullet over navigation (``- - [x] [A](#a)``)

    def item_entry(self, item: Any, limit: int) -> tuple[Entry | None, list[tuple[Any, int]]]:
        """An item's entry (None for navigation) and its nested lists with their line limits.

        The item's paragraphs are read as the lines of its head (a loose item puts its
        authors and links in a paragraph of their own); a ``<details>`` under it keeps its
        text under its summary (``Abstract``); quotes and tables add description and links.
        """
        children = md.block_children(item)
        nested: list[tuple[Any, int]] = []
        head: list[md.Piece] = []
        bold: str | None = None
        extra_text: list[str] = []
        extra_links: list[Link] = []
        extra_badges: list[Badge] = []
        labelled: dict[str, str] = {}
        for index, child in enumerate(children):
            child_limit = _start(children[index + 1]) if index + 1 < len(children) else limit
            name = md.kind(child)
            if name == "List":
                nested.append((child, child_limit))
            elif name == "Paragraph" and not nested:
                if head:
                    head.append(md.Text("\n"))
                else:
                    bold = md.leading_bold(child)
                head.extend(md.flatten(child.children))
            elif name == "HtmlBlock":
                fragment = read_html(md.code_content(child))
                links, badges = _html_links(fragment)
                extra_links.extend(links)
                extra_badges.extend(badges)
                if fragment.text:
                    label = fragment.summary or "notes"
                    labelled[label] = _join(labelled.get(label, ""), fragment.text, " ")
            elif name in ("CodeFence", "BlockCode"):
                extra_links.extend(_url_links(md.code_content(child)))
            else:
                text, links, badges = _block_content(child)
                extra_text.append(text)
                extra_links.extend(links)
                extra_badges.extend(badges)
        parts = read_head(head, bold)
        if is_navigation(parts) and not extra_links:
            return None, nested
        parts.links.extend(extra_links)
        parts.badges.extend(extra_badges)
        if parts.url is None:
            parts.url = _primary_url(parts.links)
        entry = self.entry_from(parts, item.line_number, limit)
        for label, text in labelled.items():
            if clean_text(label).lower().rstrip(":：") in _ABSTRACT_LABELS:
                entry.abstract = text
                entry.sources["abstract"] = "details"
            else:
                entry.extra[label] = text
        more = clean_text(" ".join(extra_text))
        if more:
            entry.description = _join(entry.description or "", more, " ")
        return entry, nested

    def attach_children(self, parent: Entry, nested: list[tuple[Any, int]]) -> None:
        """Sub-items become the parent's children; bare links among them also its links."""
        for sub, sub_limit in nested:
            for item, item_limit in _items_with_limits(sub, sub_limit):
                child, grandchildren = self.item_entry(item, item_limit)
                if child is None:
                    continue
                self.attach_children(child, grandchildren)
                enrich_entry(child, heading_year=self.heading_year())
                parent.children.append(child)
                if _is_bare(child):
                    for link in child.links:
                        role = (
                            "code" if "CODE" in child.tags and link.role == "other" else link.role
                        )
                        parent.links.append(Link(text=link.text, url=link.url, role=role))

    def entry_from(self, parts: ItemParts, start: int, limit: int) -> Entry:
        end = self.end_line(start, limit)
        entry = Entry(
            kind="text" if not parts.url else "link",
            title=parts.title,
            url=parts.url,
            links=parts.links,
            badges=parts.badges,
            date=parts.date,
            tags=parts.tags,
            note="; ".join(parts.notes) or None,
            description=parts.description,
            authors=parts.authors,
            year=parts.year,
            line=start,
            end_line=end,
            raw=self.raw(start, end),
        )
        entry.sources.update(
            (name, origin) for name, origin in parts.sources.items() if getattr(entry, name)
        )
        for repair in parts.repairs:
            self.diagnose("broken-link", f"{repair}; kept as the entry's link", start)
        return entry

    def table(self, result: TableResult) -> None:
        self.doc.diagnostics.extend(result.diagnostics)
        if result.rows is None:
            self.add_prose(result.text, result.links, result.badges)
            return
        self.add_prose("", result.links, result.badges)
        saved = list(self.stack)
        level = self.real_level() + 1
        for row in result.rows:
            if isinstance(row, TableCategory):
                # A row spanning the table names the group of rows below it.
                self.stack = list(saved)
                self.open_section(Section(title=row.title, level=level, line=row.line, pseudo=True))
            else:
                self.add_entry(row)
        self.stack = saved

    def code_block(self, token: Any) -> None:
        content = md.code_content(token)
        language = (getattr(token, "language", "") or "").strip().lower()
        if language in ("bibtex", "bib", "biblatex") and "@" in content:
            fields = citation_fields(content)
            if fields:
                target = self.last_entry
                if target is None:
                    self.diagnose(
                        "unplaced-citation",
                        "a BibTeX citation block follows no entry; "
                        "kept as the section's description",
                        token.line_number,
                        1,
                        "info",
                    )
                    self.add_prose(content, [], [])
                else:
                    apply_citation(target, fields)
                    enrich_entry(target, heading_year=self.heading_year())
                return
        self.code_urls(content)

    def code_urls(self, content: str) -> None:
        links = _url_links(content)
        if links:
            self.add_prose("", links, [])

    def html_block(self, token: Any, limit: int) -> None:
        html = md.code_content(token)
        if html.lstrip().startswith("<!--"):
            return
        fragment = read_html(html)
        start = _start(token)
        if fragment.unclosed_tables:
            end = table_end(self.lines, start)
            if end is not None and end >= limit:
                # Blank lines inside the table cut it into blocks; a browser reads one table.
                fragment = read_html("\n".join(self.lines[start - 1 : end]))
                self.consumed_until = end
        for heading in fragment.headings:
            self.html_heading(heading, start + heading.line - 1)
        if fragment.summary is not None:
            if self.summary_entry(fragment, start, limit):
                return
            self.details_group(fragment.summary, start)
        elif fragment.details_closed > fragment.details_opened:
            self.close_details()
        for table in fragment.tables:
            self.table(read_html_table(table, start + table.line - 1, self.lines))
        self.html_items(fragment.items, start, limit)
        links, badges = _html_links(fragment)
        text = clean_text(fragment.text)
        self.add_prose(text if len(text) > 1 else "", links, badges)
        if fragment.summary is not None and fragment.details_closed >= fragment.details_opened:
            self.close_details()

    def html_heading(self, heading: HtmlHeading, line: int) -> None:
        """``<h2 id=…>Title</h2>``: a heading like a Markdown one."""
        title = clean_text(heading.text).rstrip(":：").strip()
        links, badges = _links_of(heading.links, heading.images)
        if heading.level == 1 and self.doc.title is None and not self.doc.sections:
            self.doc.title = title or None
            self.doc.links.extend(links)
            self.doc.badges.extend(badges)
            return
        if not title:
            self.add_prose("", links, badges)
            return
        section = Section(
            title=title,
            level=heading.level,
            anchor=self.slugger.slug(heading.text),
            line=line,
            links=links,
            badges=badges,
        )
        self.open_section(section)

    def html_items(self, items: list[HtmlItem], start: int, limit: int) -> None:
        """``<ul><li><a href=…>Title</a> - Authors. Venue.</li>…``: an item that links out is an
        entry, read like a Markdown item; the others are the section's prose."""
        previous: Entry | None = None
        for index, item in enumerate(items):
            line = start + item.line - 1
            following = (start + other.line - 1 for other in items[index + 1 :])
            item_limit = next((other for other in following if other > line), limit)
            named = [link for link in item.links if link.text and not is_local(link.url)]
            if item.depth and previous is not None and _only_labels(item.text, named):
                # ``<li>Tool<ul><li><a>Docs</a></li></ul></li>``: the links are the tool's.
                links, badges = _links_of(item.links, item.images)
                previous.links.extend(links)
                previous.badges.extend(badges)
                previous.end_line = max(previous.end_line, line)
                previous.raw = self.raw(previous.line, previous.end_line)
                continue
            parts = read_item(_inline_pieces(item.text, named)) if named else None
            if parts is None or is_navigation(parts):
                links, badges = _links_of(item.links, item.images, item.text)
                self.add_prose(clean_text(item.text), links, badges)
                continue
            unnamed = [link for link in item.links if not link.text]  # badges, bare images
            links, badges = _links_of(unnamed, item.images)
            parts.links.extend(links)
            parts.badges.extend(badges)
            previous = self.entry_from(parts, line, item_limit)
            self.add_entry(previous)

    def summary_entry(self, fragment: HtmlFragment, start: int, limit: int) -> bool:
        """``<details><summary><a href=…>Title</a></summary> abstract </details>``: an entry
        whose summary names a linked thing, its folded text the entry's."""
        links = [link for link in fragment.summary_links if not is_local(link.url)]
        if not links or not fragment.summary:
            return False
        parts = read_item(_inline_pieces(fragment.summary, links))
        more, badges = _html_links(fragment)
        parts.links.extend(more)
        parts.badges.extend(badges)
        entry = self.entry_from(parts, start, limit)
        if fragment.text:
            entry.description = clean_text(fragment.text)
        self.add_entry(entry)
        return True

    def details_group(self, title: str, line: int) -> None:
        """A ``<details>`` whose summary is a label folds a group of entries: a section."""
        title = clean_text(title)
        if not title:
            return
        self.close_details()
        section = Section(title=title, level=self.real_level() + 1, line=line, pseudo=True)
        self.open_section(section, details=True)

    def close_details(self) -> None:
        while self.stack and self.stack[-1].details:
            self.stack.pop()

    def quote(self, token: Any, limit: int) -> None:
        """A list in a block quote is read like any list (``> - [Title](url)`` items are
        entries); the rest of a quote is prose: notes, alerts (``> [!NOTE]``), quoted
        headings."""
        children = md.detach_children(token)
        for index, child in enumerate(children):
            if md.kind(child) != "List":
                self.add_prose(*_block_content(child))
                children[index] = None
        self.blocks(children, limit)


def build_document(
    text: str, tokens: Any, *, source: str | None, front_matter: dict[str, Any]
) -> Document:
    """Build the tree from a parsed mistletoe document (inside a markdown session)."""
    lines = text.split("\n")
    doc = Document(source=source, front_matter=front_matter)
    builder = _Builder(lines=lines, doc=doc)
    builder.blocks(md.detach_children(tokens), len(lines) + 1)
    if builder.open_entry is not None:
        builder.close_entry()
    _prune_empty_pseudo(doc.sections)
    if doc.title is None and isinstance(front_matter.get("title"), str):
        doc.title = front_matter["title"]
    return doc


# --- helpers ----------------------------------------------------------------------------------


def _start(token: Any) -> int:
    return int(getattr(token, "line_number", 0) or 0)


def _join(before: str, text: str, separator: str = "\n\n") -> str:
    return f"{before}{separator}{text}" if before else text


def _items_with_limits(token: Any, limit: int) -> list[tuple[Any, int]]:
    """A list's items, each with the line where the next one starts (its exclusive limit)."""
    items = md.block_children(token)
    return [
        (item, _start(items[index + 1]) if index + 1 < len(items) else limit)
        for index, item in enumerate(items)
    ]


def _has_linked_items(nested: list[tuple[Any, int]]) -> bool:
    for sub, _ in nested:
        for item in md.block_children(sub):
            if any(isinstance(p, md.LinkPiece) and not is_local(p.url) for p in _item_pieces(item)):
                return True
    return False


def _only_labelled_links(nested: list[tuple[Any, int]]) -> bool:
    """Whether every sub-item is one link named by its label (``- Paper: url``,
    ``- [Code](url)``): the links of the item above, not a list of things."""
    for sub, _ in nested:
        for item in md.block_children(sub):
            if any(md.kind(child) == "List" for child in md.block_children(item)):
                return False
            parts = read_item(_item_pieces(item))
            if len(parts.links) != 1:
                return False
            if label_role(parts.title) is None and label_role(parts.links[0].text) is None:
                return False
    return True


def _prune_empty_pseudo(sections: list[Section]) -> None:
    """Bold labels over a table of contents leave pseudo sections with nothing in them."""
    for section in sections:
        _prune_empty_pseudo(section.sections)
    sections[:] = [
        s
        for s in sections
        if not s.pseudo or s.entries or s.sections or s.description or s.links or s.badges
    ]


def _item_pieces(item: Any) -> list[md.Piece]:
    for child in md.block_children(item):
        if md.kind(child) == "Paragraph":
            return md.flatten(child.children)
    return []


def _is_bare(child: Entry) -> bool:
    """A sub-item that annotates its parent (a bare URL, a ``#CODE`` link, a labelled link)."""
    if not child.links:
        return False
    return (
        child.title == child.url
        or bool(child.tags)
        or label_role(child.title) is not None
        or child.title.lower().endswith("explained")
    )


def _resource_list(token: Any) -> list[ItemParts] | None:
    """The items of a list whose every item is one labelled link
    (``:page_facing_up: [arxiv paper](...)``), read once; None for any other block."""
    if token is None or md.kind(token) != "List":
        return None
    items = md.block_children(token)
    if not items or any(md.kind(c) == "List" for item in items for c in md.block_children(item)):
        return None
    read = [read_item(_item_pieces(item)) for item in items]
    labelled = 0
    for parts in read:
        if len(parts.links) != 1 or parts.description or parts.notes:
            return None
        link = parts.links[0]
        if parts.title and parts.title != clean_text(link.text):
            return None
        if label_role(link.text) is not None or (
            len(link.text.split()) <= 3 and link_role(link.text, link.url) != "other"
        ):
            labelled += 1
    return read if labelled * 2 >= len(read) else None


def _links_and_badges(pieces: list[md.Piece]) -> tuple[list[Link], list[Badge]]:
    links: list[Link] = []
    badges: list[Badge] = []
    for piece in expand_pieces(pieces):
        if not isinstance(piece, md.LinkPiece):
            continue
        if piece.image:
            badges.append(
                Badge(alt=piece.image_alt or "", image=piece.image, url=piece.url or None)
            )
        elif piece.url and not is_local(piece.url):
            text = clean_text(piece.text)
            links.append(Link(text=text, url=piece.url, role=link_role(text, piece.url)))
    return links, badges


def _prose(pieces: list[md.Piece]) -> tuple[str, list[Link], list[Badge]]:
    links, badges = _links_and_badges(pieces)
    text = "".join(
        p.text for p in expand_pieces(pieces) if not isinstance(p, md.LinkPiece) or not p.image
    )
    return clean_text(text), links, badges


def _only_labels(text: str, links: list[HtmlLink]) -> bool:
    """Nothing but labelled links (``Docs``, ``Paper``, ``Code``): no thing of its own."""
    if not links or any(label_role(link.text) is None for link in links):
        return False
    rest = text
    for link in links:
        rest = rest.replace(link.text, "", 1)
    return not rest.strip(" ,|/·-–—()[]")


def _inline_pieces(text: str, links: list[HtmlLink]) -> list[md.Piece]:
    """HTML text as inline pieces for the item reader: its text with its links in place."""
    pieces: list[md.Piece] = []
    rest = text
    for link in links:
        before, found, after = rest.partition(link.text) if link.text else ("", "", rest)
        if found:
            pieces += [md.Text(before), md.LinkPiece(link.text, link.url)]
            rest = after
    return [*pieces, md.Text(rest)]


def _html_links(fragment: HtmlFragment) -> tuple[list[Link], list[Badge]]:
    """An HTML fragment's links and images (see :func:`_links_of`), with the URLs its text
    shows."""
    return _links_of(fragment.links, fragment.images, fragment.text)


def _links_of(
    html_links: list[HtmlLink], images: list[HtmlImage], text: str = ""
) -> tuple[list[Link], list[Badge]]:
    """Links and badges: a link that wraps an image is a badge that keeps its target, and a
    link with the badge's role; bare URLs of ``text`` are links too."""
    links: list[Link] = []
    badges: list[Badge] = []
    for html_link in html_links:
        if html_link.image is not None:
            image = html_link.image
            badges.append(Badge(alt=image.alt, image=image.src, url=html_link.url))
        link = _link_of(html_link)
        if link is not None:
            links.append(link)
    badges.extend(Badge(alt=image.alt, image=image.src, url=image.url) for image in images)
    known = {link.url for link in links} | {badge.image for badge in badges}
    for match in _BARE_URL.finditer(text):
        url = trim_url(match.group())
        if url not in known:
            links.append(Link(text=url, url=url, role=link_role("", url)))
            known.add(url)
    return links, badges


def _link_of(link: HtmlLink) -> Link | None:
    if is_local(link.url):
        return None
    if link.image is not None:
        role = badge_role(link.image.alt, link.image.src, link.url)
        return Link(text=link.image.alt, url=link.url, role=role)
    text = clean_text(link.text)
    return Link(text=text, url=link.url, role=link_role(text, link.url))


def _block_content(token: Any) -> tuple[str, list[Link], list[Badge]]:
    """Text, links and images of any block and the blocks inside it (a quote, a list, a
    table, a paragraph), in reading order."""
    texts: list[str] = []
    links: list[Link] = []
    badges: list[Badge] = []
    stack = [token]
    while stack:
        child = stack.pop(0)
        name = md.kind(child)
        if name in ("Paragraph", "Heading", "SetextHeading", "TableCell"):
            text, found, images = _prose(md.flatten(child.children))
            texts.append(text)
            links.extend(found)
            badges.extend(images)
        elif name in ("CodeFence", "BlockCode"):
            links.extend(_url_links(md.code_content(child)))
        elif name == "HtmlBlock":
            fragment = read_html(md.code_content(child))
            found, images = _html_links(fragment)
            texts.append(fragment.text)
            links.extend(found)
            badges.extend(images)
        else:
            header = getattr(child, "header", None)
            stack[0:0] = ([header] if header is not None else []) + md.block_children(child)
    return "\n\n".join(t for t in texts if t), links, badges


def _primary_url(links: list[Link]) -> str | None:
    for link in links:
        if link.role == "paper":
            return link.url
    return links[0].url if links else None


def _names_one_thing(pieces: list[md.Piece]) -> bool:
    """A heading that is one link to something outside the page (``## [Name](url)``), with
    at most a short remark or badges beside it."""
    expanded = expand_pieces(pieces)
    links = [p for p in expanded if isinstance(p, md.LinkPiece) and p.url and not p.image]
    if len(links) != 1 or is_local(links[0].url) or not links[0].text.strip():
        return False
    outside = "".join(p.text for p in expanded if isinstance(p, md.Text))
    return sum(char.isalnum() for char in outside) <= 12


def _entry_headings(tokens: list[Any]) -> set[int]:
    """Lines of the headings that name one listed thing each, at a level where (nearly) all
    sibling headings do: a list written as ``## [Name](url)`` plus description and links, or
    as ``### Title`` over one short paragraph of authors, venue and links."""
    groups: dict[tuple[int, int], list[tuple[int, bool]]] = {}
    parents: list[tuple[int, int]] = []  # (level, line) of the headings above
    for index, token in enumerate(tokens):
        if token is None or md.kind(token) not in ("Heading", "SetextHeading"):
            continue
        level, line = int(token.level), _start(token)
        while parents and parents[-1][0] >= level:
            parents.pop()
        parent = parents[-1][1] if parents else 0
        names = _names_one_thing(md.flatten(token.children)) or _over_a_citation(tokens, index)
        groups.setdefault((parent, level), []).append((line, names))
        parents.append((level, line))
    lines: set[int] = set()
    for members in groups.values():
        named = [line for line, names in members if names]
        if len(named) >= _ENTRY_HEADINGS_AT_LEAST and len(named) >= _ENTRY_HEADING_SHARE * len(
            members
        ):
            lines.update(named)
    return lines


def _over_a_citation(tokens: list[Any], index: int) -> bool:
    """The heading at ``index`` stands over nothing but one short paragraph that links out:
    its title's authors, venue and links (``*Eli Fox* · ACL 2022 · [paper](…)``)."""
    body = tokens[index + 1 : index + 3]
    if not body or body[0] is None or md.kind(body[0]) != "Paragraph":
        return False
    following = body[1] if len(body) > 1 else None
    if following is not None and md.kind(following) not in ("Heading", "SetextHeading"):
        return False
    pieces = md.flatten(body[0].children)
    words = len("".join(p.text for p in pieces if isinstance(p, md.Text)).split())
    return words <= _PROSE_WORDS and any(
        isinstance(p, md.LinkPiece) and p.url and not p.image and not is_local(p.url)
        for p in expand_pieces(pieces)
    )


def _names_an_entry(pieces: list[md.Piece], bold: str) -> bool:
    """A paragraph that opens with a bold run names an entry when it links out or has a line
    of author names under the bold title, and is not a long stretch of prose."""
    lines = split_lines(pieces)
    flat = [piece for line in lines for piece in line]
    external = any(
        isinstance(p, md.LinkPiece) and p.url and not p.image and not is_local(p.url) for p in flat
    )
    words = len("".join(p.text for p in flat if isinstance(p, md.Text)).split())
    if words > _PROSE_WORDS or (lines and _link_in_a_sentence(lines[0])):
        return False
    if external:
        return True
    return any(author_names("".join(p.text for p in line).replace("*", "")) for line in lines[1:])


def _link_in_a_sentence(line: list[md.Text | md.LinkPiece]) -> bool:
    """``**Note**: see [the wiki](…) for more.``: the first link runs on into lowercase words
    that end the sentence, as prose does; a citation's link is followed by a separator, a
    bracket, a name or nothing."""
    for index, piece in enumerate(line):
        if isinstance(piece, md.LinkPiece) and piece.url and not piece.image:
            tail = "".join(p.text for p in line[index + 1 :]).strip()
            return bool(_SENTENCE_TAIL.fullmatch(tail))
    return False


_SENTENCE_TAIL = re.compile(r"[a-z][\w'’-]*(?:[ ,]+[a-z][\w'’-]*)*[.!]")
"""Lowercase words ending in a full stop: ``for more.``, ``by volunteers.``, ``first.``"""


def _url_links(content: str) -> list[Link]:
    seen: set[str] = set()
    links = []
    for match in _BARE_URL.finditer(content):
        url = trim_url(match.group())
        if url not in seen:
            seen.add(url)
            links.append(Link(text="", url=url, role=link_role("", url)))
    return links
