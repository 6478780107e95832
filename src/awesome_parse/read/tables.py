"""GFM tables → entries, mapped by their header (Year | Model | Title | Venue | Paper | Code ...).

Rows are re-split from the source line rather than taken from mistletoe, which drops empty
cells and so shifts columns. A row with too many or too few cells, or a value in the wrong
column, still gives its entry (no link is lost) plus a diagnostic that says what went where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import markdown as md
from ..model import Diagnostic, Entry, Link, LinkRole
from .links import expand_pieces, host_role, is_local, label_role, link_role
from .text import clean_text

__all__ = ["TableResult", "read_table"]

_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "paper title",
        "name",
        "paper name",
        "project",
        "tool",
        "library",
        "method",
        "work",
        "resource",
        "article",
    ),
    "dataset": ("dataset", "datasets", "dataset name", "benchmark"),
    "model": ("model", "model name", "models", "llm", "模型", "模型名称"),
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
    ),
    "venue": (
        "venue",
        "conference",
        "journal",
        "publication",
        "conf",
        "pub",
        "published in",
        "conference/journal",
    ),
    "paper": ("paper", "papers", "link", "links", "pdf", "arxiv", "paper link", "url"),
    "code": (
        "code",
        "github",
        "repo",
        "repository",
        "source code",
        "official code",
        "implementation",
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
    ),
    "authors": ("author", "authors"),
}
_COLUMN_OF = {name: column for column, names in _COLUMNS.items() for name in names}
_EMPTY = {"", "-", "–", "—", "n/a", "na", "none", "/", "\\", "tbd", "todo", "?"}
_BR = re.compile(r"<br\s*/?>", re.I)
_HEADER_NOISE = re.compile(r"[*_`:]+|\s+")


@dataclass
class TableResult:
    entries: list[Entry] | None
    """None when the table holds no entries (then ``text`` and ``links`` are prose)."""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Cell:
    text: str
    links: list[Link]
    badges: list[Any]
    column: int


def read_table(token: Any, lines: list[str]) -> TableResult:
    header_line = token.header.line_number
    headers = [
        clean_text(_BR.sub(" ", cell)) for cell in md.split_table_row(lines[header_line - 1])
    ]
    roles = [_column_role(h) for h in headers]
    result = TableResult(entries=[])
    rows = [row for row in md.block_children(token) if row.line_number]
    has_title = any(r in ("title", "dataset", "model", "paper") for r in roles)
    for row in rows:
        line = row.line_number
        raw = lines[line - 1]
        cells = _read_cells(row, raw)
        _check_cell_count(cells, headers, line, raw, result)
        entry = _row_entry(cells, headers, roles, line, raw, result)
        if entry is not None:
            assert result.entries is not None
            result.entries.append(entry)
    if not has_title and not any(e.url for e in result.entries or ()):
        links = [link for e in result.entries or () for link in e.links]
        text = "\n".join(e.raw for e in result.entries or ())
        return TableResult(None, text, links, result.diagnostics)
    return result


def _column_role(header: str) -> str | None:
    key = _HEADER_NOISE.sub(" ", header.lower()).strip()
    return _COLUMN_OF.get(key)


def _read_cells(row: Any, raw: str) -> list[_Cell]:
    """The row's cells as written. mistletoe's own cells are reused unless it dropped an
    empty ``||`` cell (which would shift the columns); then the raw cells are re-tokenised."""
    texts = md.split_table_row(raw)
    tokens = md.block_children(row)
    if "||" not in raw and len(tokens) >= len(texts):
        return [_cell(md.flatten(tokens[i].children), i) for i in range(len(texts))]
    return [_cell(md.inline(text) if text else [], i) for i, text in enumerate(texts)]


def _cell(inline: list[md.Piece], column: int) -> _Cell:
    pieces = expand_pieces(inline)
    links: list[Link] = []
    badges: list[Any] = []
    words: list[str] = []
    for piece in pieces:
        if isinstance(piece, md.LinkPiece):
            if piece.image:
                badges.append(piece)
            elif piece.url and not is_local(piece.url):
                label = clean_text(piece.text)
                links.append(Link(text=label, url=piece.url, role=link_role(label, piece.url)))
                words.append(piece.text)
            else:
                words.append(piece.text)
        else:
            words.append(piece.text)
        words.append(" ")
    lines = [clean_text(line) for line in "".join(words).split("\n")]
    return _Cell(" / ".join(line for line in lines if line), links, badges, column)


def _check_cell_count(
    cells: list[_Cell], headers: list[str], line: int, raw: str, result: TableResult
) -> None:
    if len(cells) == len(headers):
        return
    if len(cells) > len(headers):
        extra = cells[len(headers) :]
        kept = [c.text for c in extra if c.text]
        where = (
            f"extra cell text {', '.join(repr(k) for k in kept)} kept in the entry's extra"
            if kept
            else "the extra cells are empty"
        )
        message = f"row has {len(cells)} cells but the header has {len(headers)}; {where}"
    else:
        message = (
            f"row has {len(cells)} cells but the header has {len(headers)}; "
            f"missing: {', '.join(headers[len(cells) :])}"
        )
    column = _cell_column(raw, min(len(cells), len(headers)))
    result.diagnostics.append(
        Diagnostic(
            code="table-cell-count", severity="warning", message=message, line=line, column=column
        )
    )


def _cell_column(raw: str, index: int) -> int:
    """1-based column where cell ``index`` starts (the pipe before it)."""
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", raw)]
    offset = 1 if raw.strip().startswith("|") else 0
    position = index - 1 + offset
    if 0 <= position < len(pipes):
        return pipes[position] + 1
    return len(raw.rstrip()) + 1


def _row_entry(
    cells: list[_Cell],
    headers: list[str],
    roles: list[str | None],
    line: int,
    raw: str,
    result: TableResult,
) -> Entry | None:
    by_role: dict[str, _Cell] = {}
    entry = Entry(line=line, end_line=line, raw=raw)
    for cell in cells:
        role = roles[cell.column] if cell.column < len(roles) else None
        empty = cell.text.lower() in _EMPTY and not cell.links
        if role is not None and role not in by_role:
            by_role[role] = cell
        if empty:
            continue
        if role in ("date", "venue", "model", "authors") and cell.links:
            result.diagnostics.append(
                Diagnostic(
                    code="table-column-shift",
                    severity="warning",
                    message=f"a link in the {headers[cell.column]!r} column; "
                    f"kept as the entry's link, not as its {role}",
                    line=line,
                    column=_cell_column(raw, cell.column) + 1,
                )
            )
        elif role is None and cell.text and not cell.links:
            name = (
                headers[cell.column] if cell.column < len(headers) else f"column {cell.column + 1}"
            )
            entry.extra[name or f"column {cell.column + 1}"] = cell.text
        for link in cell.links:
            link.role = _link_role_in(role, link)  # the cell's links are the entry's: no copy
            entry.links.append(link)
    title = _value(by_role.get("title")) or _value(by_role.get("dataset"))
    model = _value(by_role.get("model"))
    if not title and "paper" in by_role and not by_role["paper"].links:
        title = _value(by_role["paper"])
    if not title:
        paper_cell = by_role.get("paper")
        if paper_cell and paper_cell.links and label_role(paper_cell.links[0].text) is None:
            title = paper_cell.links[0].text
    entry.title = title or model or _first_text(cells)
    entry.model = model or None
    if "date" in by_role and _value(by_role["date"]) and not by_role["date"].links:
        entry.date = _value(by_role["date"])
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
    if "dataset" in by_role:
        entry.kind = "dataset"
    entry.url = _primary(by_role, entry.links)
    if entry.kind != "dataset":
        entry.kind = "link" if entry.url else "text"
    if not entry.title and not entry.links:
        return None
    return entry


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
    for role in ("title", "dataset", "paper"):
        cell = by_role.get(role)
        if cell is not None and cell.links:
            return cell.links[0].url
    paper = next((link.url for link in links if link.role == "paper"), None)
    return paper or (links[0].url if links else None)
