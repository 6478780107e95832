"""What changed between two versions of a list: entries added, removed, moved and changed.

Entries are matched by identity, not by line: the arXiv id, then the DOI, then the
normalised URL, then the folded title — the first of these an entry has that an unmatched
entry of the other version shares. A matched pair in different sections has *moved*; a pair
whose title, links or metadata differ has *changed* (a moved entry may have changed too).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Document, Entry

__all__ = [
    "Change",
    "Item",
    "diff_documents",
    "entry_identity",
    "entry_keys",
    "entry_summary",
    "render_json",
    "render_markdown",
    "render_text",
    "summary",
]

ChangeKind = Literal["added", "removed", "moved", "changed"]
_COMPARED = ("title", "url", "date", "venue", "authors", "description")
"""Fields whose difference makes a matched entry *changed* (links are compared as a set)."""


def entry_keys(entry: Entry) -> list[str]:
    """The identities of an entry, strongest first: ``arxiv:``, ``doi:``, ``url:``,
    ``title:`` (each only when the entry has it)."""
    from .metadata.identifiers import normalize_url

    keys = []
    if entry.arxiv_id:
        keys.append(f"arxiv:{entry.arxiv_id.lower()}")
    if entry.doi:
        keys.append(f"doi:{entry.doi.lower()}")
    if entry.url and entry.url.lower().startswith(("http://", "https://")):
        keys.append(f"url:{normalize_url(entry.url)}")
    from .lint.rules.entries import normal_title

    title = normal_title(entry.title)
    if len(title) >= 3 and any(char.isalpha() for char in title):
        keys.append(f"title:{title}")
    return keys


def entry_identity(entry: Entry) -> str:
    """One stable name for an entry (its strongest key; its folded text when it has none)."""
    keys = entry_keys(entry)
    return keys[0] if keys else f"text:{' '.join(entry.raw.split())[:120]}"


@dataclass
class Item:
    """An entry with the section it stands in."""

    entry: Entry
    section: str
    keys: list[str]

    def to_dict(self) -> dict[str, object]:
        return entry_summary(self.entry, self.section)


def entry_summary(entry: Entry, section: str) -> dict[str, object]:
    """What ``diff`` and ``history`` show of an entry: title, URL, section, line, identity."""
    return {
        "title": entry.title,
        "url": entry.url,
        "section": section,
        "line": entry.line,
        "identity": entry_identity(entry),
    }


@dataclass
class Change:
    """One difference; ``old`` is ``None`` for an addition, ``new`` for a removal."""

    kind: ChangeKind
    old: Item | None
    new: Item | None
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)
    """For a changed entry: field → (old value, new value)."""

    @property
    def item(self) -> Item:
        item = self.new or self.old
        assert item is not None
        return item

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind}
        if self.old is not None:
            data["old"] = self.old.to_dict()
        if self.new is not None:
            data["new"] = self.new.to_dict()
        if self.fields:
            data["fields"] = {k: {"old": a, "new": b} for k, (a, b) in self.fields.items()}
        return data


def items(doc: Document) -> list[Item]:
    """Every top-level entry of ``doc`` with its section path, in document order."""
    return [
        Item(entry, " > ".join(path), entry_keys(entry) or [entry_identity(entry)])
        for path, entry in doc.walk()
    ]


def diff_documents(old: Document, new: Document) -> list[Change]:
    """The changes from ``old`` to ``new``: removals in old order, then additions, moves and
    changes in new order."""
    before, after = items(old), items(new)
    index: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(before):
        for key in item.keys:
            index[key].append(position)
    taken: set[int] = set()
    pairs: list[tuple[int | None, Item]] = []
    for item in after:
        match = _match(item, before, index, taken)
        if match is not None:
            taken.add(match)
        pairs.append((match, item))
    changes = [Change("removed", item, None) for i, item in enumerate(before) if i not in taken]
    for match, item in pairs:
        if match is None:
            changes.append(Change("added", None, item))
            continue
        previous = before[match]
        fields = dict(_differences(previous.entry, item.entry))
        if previous.section != item.section:
            changes.append(Change("moved", previous, item, fields))
        elif fields:
            changes.append(Change("changed", previous, item, fields))
    return changes


def _match(
    item: Item, before: list[Item], index: dict[str, list[int]], taken: set[int]
) -> int | None:
    """The unmatched old entry sharing this entry's strongest key, preferring the same
    section (a paper listed under two topics is matched topic by topic)."""
    for key in item.keys:
        free = [i for i in index.get(key, ()) if i not in taken]
        if free:
            same = [i for i in free if before[i].section == item.section]
            return (same or free)[0]
    return None


def _differences(old: Entry, new: Entry) -> Iterator[tuple[str, tuple[object, object]]]:
    """Fields that differ; URLs count as equal when they normalise the same (``http`` and
    ``https``, a trailing slash, ``www.``), so only a different target is a change."""
    from .metadata.identifiers import normalize_url

    for name in _COMPARED:
        a, b = getattr(old, name), getattr(new, name)
        if name == "url" and a and b and normalize_url(a) == normalize_url(b):
            continue
        if a != b:
            yield name, (a, b)
    links_old = sorted({normalize_url(link.url) for link in old.links})
    links_new = sorted({normalize_url(link.url) for link in new.links})
    if links_old != links_new:
        yield "links", (links_old, links_new)


# --- rendering --------------------------------------------------------------------------

_ORDER: tuple[ChangeKind, ...] = ("added", "removed", "moved", "changed")
_SIGN = {"added": "+", "removed": "-", "moved": ">", "changed": "~"}


def summary(changes: list[Change]) -> dict[str, int]:
    """How many changes of each kind, every kind present (zero included)."""
    return {kind: sum(1 for c in changes if c.kind == kind) for kind in _ORDER}


def render_text(changes: list[Change], old: str, new: str) -> str:
    """One line per change (``+`` added, ``-`` removed, ``>`` moved, ``~`` changed)."""
    counts = ", ".join(f"{n} {kind}" for kind, n in summary(changes).items())
    out = [f"{old} → {new}: {counts}"]
    for change in sorted(changes, key=lambda c: _ORDER.index(c.kind)):
        item = change.item
        line = f"{_SIGN[change.kind]} {_label(item)} [{item.section or '(top)'}]"
        if change.kind == "moved":
            assert change.old is not None
            line += f" (from [{change.old.section or '(top)'}])"
        if change.fields:
            line += f": {', '.join(change.fields)} changed"
        out.append(line)
    return "\n".join(out) + "\n"


def render_json(changes: list[Change], old: str, new: str) -> str:
    import json

    data = {
        "old": old,
        "new": new,
        "summary": summary(changes),
        "changes": [change.to_dict() for change in changes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_markdown(changes: list[Change], old: str, new: str) -> str:
    """A summary for a pull request comment: counts, then one list per kind of change."""
    counts = summary(changes)
    lines = [
        f"### awesome-parse diff: `{old}` → `{new}`",
        "",
        " · ".join(f"**{n}** {kind}" for kind, n in counts.items()),
    ]
    for kind in _ORDER:
        chosen = [c for c in changes if c.kind == kind]
        if not chosen:
            continue
        lines += ["", f"#### {kind.capitalize()} ({len(chosen)})", ""]
        for change in chosen:
            item = change.item
            text = f"- {_markdown_link(item)} — *{_escape(item.section or '(top)')}*"
            if kind == "moved":
                assert change.old is not None
                text = (
                    f"- {_markdown_link(item)}: *{_escape(change.old.section or '(top)')}* → "
                    f"*{_escape(item.section or '(top)')}*"
                )
            if change.fields:
                text += f" ({', '.join(change.fields)})"
            lines.append(text)
    return "\n".join(lines) + "\n"


def _label(item: Item) -> str:
    title = item.entry.title or item.entry.url or " ".join(item.entry.raw.split())[:60]
    return f"{title} <{item.entry.url}>" if item.entry.url and item.entry.title else title


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _markdown_link(item: Item) -> str:
    title = _escape(item.entry.title or item.entry.url or "(untitled)")
    url = item.entry.url
    if url and url.lower().startswith(("http://", "https://")):
        return f"[{title}]({url.replace(' ', '%20').replace(')', '%29')})"
    return title
