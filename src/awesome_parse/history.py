"""When each entry was added, from git history, and feeds of the entries added lately.

An entry's "added" date is the author date of the commit that brought its first line into
its current form, as ``git blame -w -M -C`` sees it: moving an entry within the file or from
another file of the same commit keeps its original commit, reformatting whitespace does not
count. Lines not committed yet have no date.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.etree import ElementTree

if TYPE_CHECKING:
    from .model import Document, Entry

__all__ = ["Added", "added_dates", "atom_feed", "in_range", "json_feed", "parse_day"]

_UNCOMMITTED = "0" * 40


@dataclass(frozen=True, slots=True)
class Added:
    """One top-level entry with the commit that added it (``None`` when not committed)."""

    entry: Entry
    section: str
    commit: str | None
    date: datetime.datetime | None
    """The commit's author date, in UTC."""

    def to_dict(self) -> dict[str, object]:
        from .changes import entry_summary

        return {
            **entry_summary(self.entry, self.section),
            "added": self.date.isoformat() if self.date else None,
            "commit": self.commit,
        }


def added_dates(doc: Document, path: str | os.PathLike[str]) -> list[Added]:
    """Every top-level entry of ``doc`` (parsed from the work-tree file ``path``) with the
    commit that added its first line."""
    from . import git

    lines = git.blame(path)
    found = []
    for section_path, entry in doc.walk():
        blamed = lines[entry.line - 1] if 0 < entry.line <= len(lines) else None
        commit = date = None
        if blamed is not None and blamed.commit != _UNCOMMITTED:
            commit = blamed.commit
            date = datetime.datetime.fromtimestamp(blamed.author_time, datetime.UTC)
        found.append(Added(entry, " > ".join(section_path), commit, date))
    return found


def parse_day(text: str) -> datetime.date:
    """``2024-05-01`` → a date; ``ValueError`` with the expected form otherwise."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def in_range(
    added: list[Added], since: datetime.date | None, until: datetime.date | None
) -> list[Added]:
    """The dated entries added from ``since`` to ``until`` (both days included), newest
    first (ties in document order)."""
    chosen = [
        a
        for a in added
        if a.date is not None
        and (since is None or a.date.date() >= since)
        and (until is None or a.date.date() <= until)
    ]
    return sorted(chosen, key=lambda a: a.date or datetime.datetime.min, reverse=True)


def _feed_id(title: str, home: str | None) -> str:
    """The feed's IRI: its home page, else a URN from its title (spaces percent-encoded)."""
    return home or f"urn:awesome-parse:{quote(title, safe='')}"


def _item_id(added: Added, feed: str) -> str:
    """An entry's IRI: the feed's, with the entry's identity as fragment (stable while the
    entry keeps its arXiv id, DOI, URL or title)."""
    from .changes import entry_identity

    return f"{feed}#{quote(entry_identity(added.entry), safe=':/')}"


def _summary(added: Added) -> str:
    parts = [added.entry.description or "", f"Section: {added.section}" if added.section else ""]
    return " — ".join(part for part in parts if part)


def json_feed(added: list[Added], *, title: str, home: str | None = None) -> str:
    """A JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of ``added``."""
    feed: dict[str, object] = {"version": "https://jsonfeed.org/version/1.1", "title": title}
    if home:
        feed["home_page_url"] = home
    feed["items"] = [
        {
            "id": _item_id(a, _feed_id(title, home)),
            **({"url": a.entry.url} if a.entry.url else {}),
            "title": a.entry.title or a.entry.url or "",
            "content_text": _summary(a) or a.entry.title,
            "date_published": a.date.isoformat() if a.date else None,
            **({"tags": [a.section]} if a.section else {}),
        }
        for a in added
    ]
    return json.dumps(feed, indent=2, ensure_ascii=False) + "\n"


def atom_feed(added: list[Added], *, title: str, home: str | None = None) -> str:
    """An Atom feed (RFC 4287) of ``added``; ``updated`` is the newest entry's date."""
    ns = "http://www.w3.org/2005/Atom"
    ElementTree.register_namespace("", ns)

    def sub(parent: ElementTree.Element, tag: str, text: str | None = None) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ns}}}{tag}")
        if text is not None:
            element.text = text
        return element

    newest = max((a.date for a in added if a.date), default=None)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    root = ElementTree.Element(f"{{{ns}}}feed")
    sub(root, "id", _feed_id(title, home))
    sub(root, "title", title)
    sub(root, "updated", (newest or epoch).isoformat())
    if home:
        sub(root, "link").set("href", home)
    sub(sub(root, "author"), "name", "awesome-parse")
    for a in added:
        item = sub(root, "entry")
        sub(item, "id", _item_id(a, _feed_id(title, home)))
        sub(item, "title", a.entry.title or a.entry.url or "")
        sub(item, "updated", (a.date or epoch).isoformat())
        if a.entry.url:
            sub(item, "link").set("href", a.entry.url)
        if a.section:
            sub(item, "category").set("term", a.section)
        sub(item, "summary", _summary(a) or a.entry.title)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"
