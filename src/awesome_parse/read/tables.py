"""Tables → entries: GFM tables and raw HTML ``<table>`` alike, mapped by header and content.

A column's role comes from its header first (``Year``, ``Title``, ``Venue``, ``Paper``,
``Code``, and the Chinese headers lists use: 模型, 时间, 简介, 论文, 地址 ...; a bilingual
``描述（Description）`` is read by either part). Where no header names the title, the column
whose cells read as names or titles does (not a row number, a date, a tick, a label link or
a badge). GFM rows are re-split from the source line rather than taken from mistletoe, which
drops empty cells and so shifts columns; a short row is padded as GitHub renders it, a long
one keeps its extra cells (with a diagnostic). A badge wrapped in a link is one of the entry's
links, its role read from the badge; links in a header row are kept as the section's. An
HTML row whose one cell spans the table is a category, not an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import markdown as md
from ..model import Badge, Diagnostic, Entry, Link, LinkRole
from .citation.fields import author_names
from .html import HtmlCell, HtmlTable
from .links import badge_role, expand_pieces, host_role, is_local, label_role, link_role
from .text import clean_text

__all__ = ["TableCategory", "TableResult", "read_html_table", "read_table"]

_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "paper title",
        "name",
        "paper name",
        "project",
        "project name",
        "tool",
        "library",
        "method",
        "work",
        "resource",
        "article",
        "名称",
        "名字",
        "标题",
        "项目",
        "项目名称",
        "工具",
        "论文标题",
        "论文名称",
        "产品",
        "名",
    ),
    "dataset": ("dataset", "datasets", "dataset name", "benchmark", "数据集"),
    "model": ("model", "model name", "models", "llm", "模型", "模型名称", "大模型"),
    "date": (
        "year",
        "date",
        "time",
        "published",
        "release",
        "release date",
        "release time",
        "publication date",
        "month",
        "时间",
        "日期",
        "年份",
        "年",
        "发布时间",
        "发布日期",
        "发表时间",
    ),
    "venue": (
        "venue",
        "conference",
        "journal",
        "publication",
        "conf",
        "pub",
        "published in",
        "published at",
        "where",
        "conference/journal",
        "journal/conference",
        "conf/journal",
        "journal/conf",
        "会议",
        "期刊",
        "发表",
        "会议/期刊",
    ),
    "paper": (
        "paper",
        "papers",
        "pdf",
        "arxiv",
        "paper link",
        "文献",
        "论文",
        "论文链接",
        "论文地址",
    ),
    "link": (
        "link",
        "links",
        "url",
        "website",
        "homepage",
        "地址",
        "项目地址",
        "链接",
        "官网",
        "网址",
    ),
    "code": (
        "code",
        "github",
        "repo",
        "repository",
        "source code",
        "official code",
        "implementation",
        "代码",
        "源码",
        "开源",
        "开源地址",
    ),
    "description": (
        "description",
        "desc",
        "summary",
        "notes",
        "note",
        "comment",
        "comments",
        "remarks",
        "highlights",
        "abstract",
        "tl;dr",
        "tldr",
        "introduction",
        "简介",
        "描述",
        "说明",
        "介绍",
        "备注",
        "摘要",
        "特点",
    ),
    "authors": ("author", "authors", "作者"),
    "affiliation": (
        "affiliation",
        "institution",
        "organization",
        "organisation",
        "company",
        "机构",
        "单位",
        "组织",
        "发布机构",
        "公司",
    ),
}
_COLUMN_OF = {name: column for column, names in _COLUMNS.items() for name in names}
_DATE_WORDS = frozenset({"year", "date", "time", "published", "released"})
"""A header whose last word is one of these names a date column."""
_TITLE_ROLES = ("title", "dataset", "model")
"""Roles whose cell names the row's thing (a ``paper`` column does too when it holds text)."""
_NOT_TITLE = frozenset({"date", "venue", "code", "description", "authors", "affiliation", "link"})
_EMPTY = {"", "-", "–", "—", "n/a", "na", "none", "/", "\\", "tbd", "todo", "?"}
_HEADER_NOISE = re.compile(r"[*_`:：.]+|\s+")
_BILINGUAL = re.compile(r"[(（]([^()（）]{1,40})[)）]")
_NUMBER_OR_DATE = re.compile(r"^[\W_]*\d[\d\s.,:/年月日-]*[\W_]*$")
_CELL_PIPE = re.compile(r"(?<!\\)\|")
_PARENTHESISED_DATE = re.compile(r"[(（]\s*((?:19|20)\d\d(?:[./-]\d{1,2}){0,2})\s*[)）]")


@dataclass
class TableCategory:
    """A row that names a group of the rows below it (one cell spanning the table)."""

    title: str
    line: int


@dataclass
class TableResult:
    rows: list[Entry | TableCategory] | None
    """Entries in order, with the category rows between them; None when the table holds no
    entries (then ``text`` and ``links`` are prose)."""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    """Links outside the entries: a header row's, or all of a table that holds no entries."""
    badges: list[Badge] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Cell:
    text: str
    links: list[Link]
    badges: list[Badge]
    column: int
    repairs: list[str] = field(default_factory=list)


@dataclass
class _Row:
    cells: list[_Cell]
    line: int
    raw: str
    """The source line (of a GFM row; the ``<tr>`` line of an HTML one)."""
    gfm: bool = True


def read_table(token: Any, lines: list[str]) -> TableResult:
    """A GFM table (mistletoe's ``Table``) of the document whose lines are ``lines``."""
    header_line = token.header.line_number
    texts = md.split_table_row(lines[header_line - 1])
    header = [_cell(md.inline(text) if text else [], i) for i, text in enumerate(texts)]
    result = TableResult(rows=[])
    rows: list[_Row | TableCategory] = []
    for row in md.block_children(token):
        line = row.line_number
        if not line:
            continue
        raw = lines[line - 1]
        cells = _read_cells(row, raw)
        if len(cells) > len(header):
            _too_many_cells(cells, header, line, raw, result)
        rows.append(_Row(cells, line, raw))
    return _entries(header, rows, result)


def read_html_table(table: HtmlTable, first_line: int, lines: list[str]) -> TableResult:
    """An HTML table whose fragment starts on line ``first_line`` of ``lines``."""
    grid = _grid(table)
    result = TableResult(rows=[])
    if not grid:
        return TableResult(rows=None)
    header_cells, body = grid[0][1], grid[1:]
    if not any(cell.header for cell in header_cells) and any(
        cell.header for _, cells in body for cell in cells
    ):
        header_cells, body = [], grid  # headers further down: read every row as a row
    header = [_html_cell(cell, i) for i, cell in enumerate(header_cells)]
    width = max(len(header), max((len(cells) for _, cells in body), default=0))
    rows: list[_Row | TableCategory] = []
    for line_in_fragment, cells in body:
        line = first_line + line_in_fragment - 1
        raw = lines[line - 1] if 0 < line <= len(lines) else ""
        category = _category(cells, width)
        if category:
            rows.append(TableCategory(category, line))
        else:
            cells_read = [_html_cell(cell, i) for i, cell in enumerate(cells)]
            rows.append(_Row(cells_read, line, raw, gfm=False))
    return _entries(header, rows, result)


# --- cells ------------------------------------------------------------------------------------


def _read_cells(row: Any, raw: str) -> list[_Cell]:
    """The row's cells as written. mistletoe's own cells are reused unless it dropped an
    empty ``||`` cell (which would shift the columns); then the raw cells are re-tokenised."""
    texts = md.split_table_row(raw)
    tokens = md.block_children(row)
    if "||" not in raw and len(tokens) >= len(texts):
        return [_cell(md.flatten(tokens[i].children), i) for i in range(len(texts))]
    return [_cell(md.inline(text) if text else [], i) for i, text in enumerate(texts)]


def _cell(inline: list[md.Piece], column: int) -> _Cell:
    links: list[Link] = []
    badges: list[Badge] = []
    words: list[str] = []
    repairs: list[str] = []
    for piece in expand_pieces(inline, repairs):
        if isinstance(piece, md.LinkPiece):
            if piece.image:
                badges.append(
                    Badge(alt=piece.image_alt or "", image=piece.image, url=piece.url or None)
                )
                if piece.url and not is_local(piece.url):
                    role = badge_role(piece.image_alt or "", piece.image, piece.url)
                    links.append(Link(text=piece.image_alt or "", url=piece.url, role=role))
                continue
            if piece.url and not is_local(piece.url):
                label = clean_text(piece.text)
                links.append(Link(text=label, url=piece.url, role=link_role(label, piece.url)))
        words.append(piece.text)
        words.append(" ")
    text = _cell_text("".join(words))
    return _Cell(text, links, badges, column, repairs)


def _html_cell(cell: HtmlCell, column: int) -> _Cell:
    links: list[Link] = []
    badges: list[Badge] = []
    for link in cell.links:
        if is_local(link.url):
            continue
        if link.image is not None:
            role = badge_role(link.image.alt, link.image.src, link.url)
            links.append(Link(text=link.image.alt, url=link.url, role=role))
            badges.append(Badge(alt=link.image.alt, image=link.image.src, url=link.url))
        else:
            label = clean_text(link.text)
            links.append(Link(text=label, url=link.url, role=link_role(label, link.url)))
    badges.extend(Badge(alt=image.alt, image=image.src, url=image.url) for image in cell.images)
    return _Cell(_cell_text(cell.text.replace(" / ", "\n")), links, badges, column)


def _cell_text(text: str) -> str:
    lines = [clean_text(line) for line in text.split("\n")]
    text = " / ".join(line for line in lines if line)
    return "" if text.startswith("[//]:") else text  # a Markdown comment left in a cell


def _grid(table: HtmlTable) -> list[tuple[int, list[HtmlCell]]]:
    """The table's rows with ``colspan`` cells repeated and ``rowspan`` cells carried down
    (their text only: a link or badge stays with the row that wrote it)."""
    grid: list[tuple[int, list[HtmlCell]]] = []
    carried: dict[int, tuple[HtmlCell, int]] = {}  # column → (cell, rows still to fill)
    for row in table.rows:
        cells: list[HtmlCell] = []
        written = iter(row.cells)
        column = 0
        pending = next(written, None)
        while pending is not None or column in carried:
            if column in carried:
                cell, remaining = carried[column]
                cells.append(HtmlCell(cell.text, [], [], cell.header))
                if remaining <= 1:
                    del carried[column]
                else:
                    carried[column] = (cell, remaining - 1)
                column += 1
                continue
            assert pending is not None
            for offset in range(pending.colspan):
                cells.append(pending if offset == 0 else HtmlCell("", [], [], pending.header))
                if pending.rowspan > 1:
                    carried[column + offset] = (pending, pending.rowspan - 1)
            column += pending.colspan
            pending = next(written, None)
        if cells:
            grid.append((row.line, cells))
    return grid


def _category(cells: list[HtmlCell], width: int) -> str | None:
    """The title of a row whose one written cell spans the table, else None."""
    written = [cell for cell in cells if cell.text or cell.links]
    if len(written) != 1 or width < 2:
        return None
    cell = written[0]
    if cell.colspan < width and len(cells) > 1:
        return None
    title = clean_text(cell.text.replace(" / ", " "))
    return title or None


# --- rows → entries ---------------------------------------------------------------------------


def _entries(
    header: list[_Cell], items: list[_Row | TableCategory], result: TableResult
) -> TableResult:
    headers = [cell.text for cell in header]
    result.links.extend(link for cell in header for link in cell.links)
    result.badges.extend(badge for cell in header for badge in cell.badges)
    rows = [item for item in items if isinstance(item, _Row)]
    roles = [_column_role(text) for text in headers]
    width = max([len(headers)] + [len(row.cells) for row in rows])
    roles += [None] * (width - len(roles))
    named = any(role in (*_TITLE_ROLES, "paper") for role in roles)
    title_column = _title_column(rows, roles)
    if title_column is not None:
        roles[title_column] = "title"
    read: list[Entry | TableCategory] = []
    for item in items:
        entry = _row_entry(item, headers, roles, result) if isinstance(item, _Row) else item
        if entry is not None:
            read.append(entry)
    found = [entry for entry in read if isinstance(entry, Entry)]
    if not found or (not named and not any(entry.url for entry in found)):
        # A table of plain values (a comparison, a schedule): the section's prose.
        links = result.links + [link for entry in found for link in entry.links]
        text = "\n".join(row.raw for row in rows)
        return TableResult(None, text, links, result.badges, result.diagnostics)
    result.rows = read
    return result


def _column_role(header: str) -> str | None:
    key = _HEADER_NOISE.sub(" ", header.lower()).strip()
    role = _COLUMN_OF.get(key)
    if role is None:
        # ``描述（Description）``, ``Paper (PDF)``: either part may name the column.
        for part in (_BILINGUAL.sub("", key).strip(), *_BILINGUAL.findall(key)):
            role = _COLUMN_OF.get(part.strip())
            if role is not None:
                break
    if role is None and key.split()[-1:] and key.split()[-1] in _DATE_WORDS:
        role = "date"  # ``Earliest publication time``, ``First release date``
    return role


def _title_column(rows: list[_Row], roles: list[str | None]) -> int | None:
    """Where no header names the title, the column whose cells read most as names: text
    that is not a number, a date, a tick or a link label, best with a link of its own."""
    if any(role in _TITLE_ROLES for role in roles):
        return None
    if "paper" in roles and any(_is_name(_at(row, roles.index("paper"))) for row in rows):
        return None  # a Paper column holds the titles
    scores = [0.0] * len(roles)
    for row in rows:
        for cell in row.cells:
            if cell.column < len(roles) and roles[cell.column] not in _NOT_TITLE:
                scores[cell.column] += _name_score(cell)
    best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
    if best is None or scores[best] < max(1.0, len(rows) / 2):
        return None
    return best if roles[best] is None else None


def _at(row: _Row, column: int) -> _Cell | None:
    return row.cells[column] if column < len(row.cells) else None


def _is_name(cell: _Cell | None) -> bool:
    return cell is not None and _name_score(cell) > 0


def _name_score(cell: _Cell) -> float:
    text = cell.text
    if not text or text.lower() in _EMPTY or _NUMBER_OR_DATE.match(text):
        return 0.0
    if not any(char.isalnum() for char in text):
        return 0.0  # a tick, an emoji
    named_links = [link for link in cell.links if label_role(link.text) is None and link.text]
    if cell.links and not named_links:
        return 0.0  # ``[Paper](…)``, ``[link](…)``: labels, not names
    return 1.5 if named_links else 1.0


def _too_many_cells(
    cells: list[_Cell], header: list[_Cell], line: int, raw: str, result: TableResult
) -> None:
    extra = cells[len(header) :]
    kept = [c.text for c in extra if c.text]
    where = (
        f"extra cell text {', '.join(repr(k) for k in kept)} kept in the entry's extra"
        if kept
        else "the extra cells are empty"
    )
    message = f"row has {len(cells)} cells but the header has {len(header)}; {where}"
    result.diagnostics.append(
        Diagnostic(
            code="table-cell-count",
            severity="warning",
            message=message,
            line=line,
            column=_cell_column(raw, len(header)),
        )
    )


def _cell_column(raw: str, index: int) -> int:
    """1-based column where cell ``index`` starts (the pipe before it)."""
    pipes = [m.start() for m in _CELL_PIPE.finditer(raw)]
    offset = 1 if raw.strip().startswith("|") else 0
    position = index - 1 + offset
    if 0 <= position < len(pipes):
        return pipes[position] + 1
    return len(raw.rstrip()) + 1


def _row_entry(
    row: _Row, headers: list[str], roles: list[str | None], result: TableResult
) -> Entry | None:
    by_role: dict[str, _Cell] = {}
    entry = Entry(line=row.line, end_line=row.line, raw=row.raw)
    for cell in row.cells:
        role = roles[cell.column] if cell.column < len(roles) else None
        empty = cell.text.lower() in _EMPTY and not cell.links
        if role is not None and role not in by_role:
            by_role[role] = cell
        entry.badges.extend(cell.badges)
        for repair in cell.repairs:
            result.diagnostics.append(
                Diagnostic(
                    code="broken-link",
                    message=f"{repair}; kept as the entry's link",
                    line=row.line,
                )
            )
        if empty:
            continue
        if role in ("date", "venue", "model", "authors") and cell.links:
            result.diagnostics.append(
                Diagnostic(
                    code="table-column-shift",
                    severity="warning",
                    message=f"a link in the {_header(headers, cell.column)!r} column; "
                    f"kept as the entry's link, not as its {role}",
                    line=row.line,
                    column=_cell_column(row.raw, cell.column) + 1 if row.gfm else None,
                )
            )
        elif role is None and cell.text and not cell.links:
            entry.extra[_header(headers, cell.column)] = cell.text
        for link in cell.links:
            link.role = _link_role_in(role, link)  # the cell's links are the entry's: no copy
            entry.links.append(link)
    _fill_from_cells(entry, by_role, row.cells)
    if not entry.title and not entry.links:
        return None
    return entry


def _header(headers: list[str], column: int) -> str:
    name = headers[column] if column < len(headers) else ""
    return name or f"column {column + 1}"


def _fill_from_cells(entry: Entry, by_role: dict[str, _Cell], cells: list[_Cell]) -> None:
    title = _linked_name(entry, by_role.get("title")) or _value(by_role.get("dataset"))
    model = _value(by_role.get("model"))
    paper = by_role.get("paper")
    paper_text = _value(paper) if paper is not None and not paper.links else ""
    if paper_text and (title or model):
        # ``| HUMAN AND CHATGPT CODE | Discriminating Human-authored from … |``: the paper's
        # full title, beside the short name of what it presents.
        entry.name = title or model
        title = paper_text
    elif not title and paper_text:
        title = paper_text
    if not title and paper is not None and paper.links and label_role(paper.links[0].text) is None:
        title = paper.links[0].text
    elif not title and paper is not None and paper.links:
        title = _without_labels(paper)  # ``**Title** [[pdf]](…)``: the text beside the label
    entry.title = title or model or _first_text(cells)
    if "authors" not in by_role:
        _authors_under_title(entry)
    entry.model = model or None
    date = by_role.get("date")
    if date is not None and _value(date) and not date.links:
        entry.date = _value(date)
        entry.sources["date"] = "table"
    venue = by_role.get("venue")
    if venue is not None and _value(venue) and not venue.links:
        entry.venue = _value(venue)
        entry.sources["venue"] = "table"
    description = by_role.get("description")
    if description is not None and _value(description):
        entry.description = _value(description)
    authors = by_role.get("authors")
    if authors is not None and _value(authors):
        entry.authors = [a.strip() for a in re.split(r",|;| and ", _value(authors)) if a.strip()]
        entry.sources["authors"] = "table"
    affiliation = by_role.get("affiliation")
    if affiliation is not None and _value(affiliation):
        entry.affiliations = [_value(affiliation)]
        entry.sources["affiliations"] = "table"
    if "dataset" in by_role:
        entry.kind = "dataset"
    entry.url = _primary(by_role, entry.links)
    if entry.kind != "dataset":
        entry.kind = "link" if entry.url else "text"


def _authors_under_title(entry: Entry) -> None:
    """``**Title** <br> *Ana Lima, Bo Chen*``: a line of author names under the title in its
    cell gives the authors, and the title ends above it."""
    lines = entry.title.split(" / ")
    found = _take_authors(entry, lines[1:])
    if found is not None:
        entry.title = " / ".join(lines[: found + 1])


def _take_authors(entry: Entry, lines: list[str]) -> int | None:
    """The index of the first of ``lines`` that is a sure list of author names, which become
    the entry's authors; ``None`` when no line is."""
    for index, line in enumerate(lines):
        found = author_names(line)
        if found is not None and found[1]:
            entry.authors = list(found[0])
            entry.sources["authors"] = "table"
            return index
    return None


def _linked_name(entry: Entry, cell: _Cell | None) -> str:
    """A title cell's name: the text of the link it opens with, when the cell says more
    (``[Squeeze Networks](…) (2018)``: the year in parentheses is a date, other text a note)."""
    text = _value(cell)
    if cell is None or not text or not cell.links:
        return text
    name = cell.links[0].text
    if not name or label_role(name) is not None or not text.startswith(name) or text == name:
        return text
    rest = text[len(name) :].strip()
    if rest.startswith("/") and _take_authors(entry, [rest[1:].strip()]) is not None:
        return name  # ``[Title](…)<br>Ana Lima, Bo Chen``
    date = _PARENTHESISED_DATE.fullmatch(rest)
    if date:
        entry.date = date.group(1)
        entry.sources["date"] = "table"
    else:
        entry.note = rest.strip("()[] ") or None
    return name


def _without_labels(cell: _Cell) -> str:
    """The cell's text without its labelled links' labels (``[pdf]``, ``[[Code]]``)."""
    text = cell.text
    for link in cell.links:
        if link.text and label_role(link.text) is not None:
            text = text.replace(link.text, " ", 1)
    return clean_text(text).strip(" []()|/")


def _value(cell: _Cell | None) -> str:
    if cell is None or cell.text.lower() in _EMPTY:
        return ""
    return cell.text


def _first_text(cells: list[_Cell]) -> str:
    return next((c.text for c in cells if c.text.lower() not in _EMPTY and not c.links), "")


def _link_role_in(column: str | None, link: Link) -> LinkRole:
    if label_role(link.text) not in (None, "paper"):
        return link.role
    if column == "code":
        return "huggingface" if host_role(link.url) == "huggingface" else "code"
    if column == "paper":
        return "paper"
    if column == "dataset":
        return "dataset"
    return host_role(link.url) if link.role == "other" else link.role


def _primary(by_role: dict[str, _Cell], links: list[Link]) -> str | None:
    for role in ("title", "dataset", "model", "paper", "link"):
        cell = by_role.get(role)
        if cell is not None and cell.links:
            return cell.links[0].url
    paper = next((link.url for link in links if link.role == "paper"), None)
    return paper or (links[0].url if links else None)
