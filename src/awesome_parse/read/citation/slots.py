"""Segment an entry's visible head into typed slots, before anything decides what they mean.

A citation in an awesome list is a run of marked-up spans: ``**bold**``, ``*italic*``,
``"quoted"``, ``[link](url)``, ``(parenthesised)``, ``[bracketed]``, badges, and free text
between separators. :func:`entry_slots` cuts an entry's source (``Entry.raw``) into those
spans, line by line, so that :mod:`.template` can compare the same span across every entry of
a list. The scanner is a single left-to-right pass over each line (no regex backtracking over
the whole line), and it reads only the lines a reader sees as the entry's head: the first
line, its continuation lines and an author line, never an abstract in ``<details>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import drop_shortcodes
from .lexicon import known_venue

__all__ = ["Slot", "entry_slots", "line_slots"]

MAX_HEAD_LINES = 4
"""Lines read per entry: the head and its continuation (authors, venue, date lines)."""
_MAX_LINE = 2000
_MAX_RAW_LINES = 12
"""Source lines looked at for the head (blank lines and breaks included)."""
_MAX_DEPTH = 3
"""Spans inside spans read as such this deep (a link in bold in parentheses); real lists
nest one or two deep, and a bound keeps a line of nested brackets linear."""
"""Longer lines are cut: a citation is a few hundred characters."""


@dataclass(slots=True)
class Slot:
    """One span of an entry's head."""

    kind: str
    """``text``, ``bold``, ``italic``, ``quote``, ``code``, ``link``, ``image``, ``paren`` or
    ``bracket``."""
    text: str
    """The visible text, markup removed (for an image: its alt text)."""
    line: int
    """0 for the entry's first line, 1 for the next line of its head, ..."""
    url: str = ""
    """The source of an image (a badge's text is in it); empty for other slots."""
    strong: bool = False
    """The span is also bold or italic (``**[Title](url)**``, ``(*Org*)``)."""
    place: str = ""
    """Set when read (:func:`.template.learn`): where the slot stands in the entry's shape."""
    label: str = ""
    """Set when read: what the slot holds (``title``, ``venue``, ``authors`` …)."""
    confidence: int = 0
    """Set when read: 2 when its own text is sure of the label, 1 when only plausible."""
    after: str = ""
    """For free text: what it follows on its line: ``sep`` after a separator (``. ``, `` - ``,
    a comma before a short item), the kind of the span it runs on from (``italic`` in
    ``_Re-Identification_ by Multiple Views``), or nothing at the line's start."""

    @property
    def key(self) -> str:
        """The slot's place in a shape: its kind, and line when past the first."""
        return self.kind if self.line == 0 else f"{self.line}.{self.kind}"


_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,4}[.)])\s+")
_QUOTE_BLOCK = re.compile(r"^\s*(?:>\s*)+")
_BR = re.compile(r"<br\s*/?>", re.I)
_STOP = re.compile(r"^\s*(?:<details|<summary|<p\b|<img|```|\|)", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_SEPARATORS = re.compile(
    r"(?<!\s)\s+[-–—|·•]\s+|(?:(?<=[a-z0-9)\]])|(?<=[A-Z]{2}))\.\s+(?=\S)|;\s+"
    r"|(?<!\s)\s+(?=arXiv\s*:?\s*\d{4}\.\d)"
)
_ABBREVIATIONS = ("Proc", "Trans", "Conf", "Int", "Intl", "Symp", "Adv", "Vol", "Jour")
_SENTENCE_BREAK = re.compile(
    r"(?:(?<=[a-z0-9)\]])|(?<=[A-Z]{2}))"
    + "".join(rf"(?<!\b{word})" for word in _ABBREVIATIONS)
    + r"\.\s+(?=\S)"
)
"""A full stop between sentences, not after an initial or a venue's abbreviation (``Proc.``):
``Ana Lima et al. arXiv``."""
_COMMA = re.compile(r",\s+")
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?", re.I)
_SPECIAL = re.compile(r"[\\*_!\[(\"“`<]")


_WIDE_BRACKETS = str.maketrans({"【": "[", "】": "]", "［": "[", "］": "]", "〔": "[", "〕": "]"})
"""Brackets of CJK typography (``【CVPR 2023】Title``) group a prefix as ``[…]`` does."""


def entry_slots(raw: str) -> list[Slot]:
    """The slots of an entry's head: the lines a reader sees, up to :data:`MAX_HEAD_LINES`."""
    return [
        slot
        for index, line in enumerate(head_lines(raw))
        for slot in line_slots(_narrow(line[:_MAX_LINE]), index)
    ]


def _narrow(line: str) -> str:
    return line if line.isascii() else line.translate(_WIDE_BRACKETS)


def head_lines(raw: str) -> list[str]:
    """The entry's first line and its continuation as rendered lines: soft line breaks join
    (they render as a space); ``<br>``, a trailing ``\\`` or two spaces, or a blank line
    break. A sub-item or an abstract in ``<details>`` ends the head."""
    rendered: list[str] = []
    current: list[str] = []

    def close() -> None:
        text = " ".join(current).strip()
        current.clear()
        if text and len(rendered) < MAX_HEAD_LINES:
            rendered.append(text)

    for number, line in enumerate(raw.split("\n", _MAX_RAW_LINES)[:_MAX_RAW_LINES]):
        if number and (_MARKER.match(line) or _STOP.match(line)):
            break
        line = _QUOTE_BLOCK.sub("", line)
        if number == 0:
            line = _MARKER.sub("", line, count=1)
        if not line.strip():
            close()
            continue
        pieces = _BR.split(line)
        for piece in pieces[:-1]:
            current.append(piece.strip())
            close()
        last = pieces[-1]
        hard = last.endswith("  ") or last.rstrip().endswith("\\")
        current.append(last.strip().rstrip("\\").strip())
        if hard:
            close()
        if len(rendered) >= MAX_HEAD_LINES:
            break
    close()
    return rendered


def line_slots(text: str, line: int = 0) -> list[Slot]:
    """Cut one line of inline Markdown into slots, left to right."""
    scanner = _Scanner(text, line)
    scanner.run()
    return scanner.slots


_SIMPLE_GROUP = {
    "[": re.compile(r"\[[^\[\]\\]*(?:\[[^\[\]\\]*\][^\[\]\\]*)*\]"),
    "(": re.compile(r"\([^()\\]*(?:\([^()\\]*\)[^()\\]*)*\)"),
}
_BRACKETS = {"[": re.compile(r"\\.|[\[\]]"), "(": re.compile(r"\\.|[()]")}


def _pairs(text: str, opener: str) -> dict[int, int]:
    """Each ``opener``'s index → the index of the closer that balances it (escaped ones
    aside), found in one pass with a stack: a line full of unclosed brackets stays linear."""
    pairs: dict[int, int] = {}
    if opener not in text:
        return pairs
    stack: list[int] = []
    for match in _BRACKETS[opener].finditer(text):
        char = match.group()
        if char == opener:
            stack.append(match.start())
        elif len(char) == 1 and stack:
            pairs[stack.pop()] = match.start()
    return pairs


_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"\*\*|__|\*|`|(?<!\w)_(?=\S)|(?<=\S)_(?!\w)")


def strip_markup(text: str) -> str:
    """Visible text of inline Markdown: links to their labels, emphasis, tags and escapes
    removed."""
    if "](" in text:
        text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    text = drop_shortcodes(text)
    return " ".join(text.split())


def _comma_parts(text: str) -> list[str]:
    """Split at commas only before a short item (``arXiv``, ``2022``, ``Oct 2023``): a
    title's or an author list's own commas ("A Large-Scale, Open-Domain Corpus") stay."""
    if "," not in text:
        return [text]
    parts: list[str] = []
    for part in _COMMA.split(text):
        words = part.split()
        short = (len(words) <= 3 and any(c.isdigit() for c in part)) or (
            len(words) <= 2 and (_MONTH.fullmatch(part) is not None or known_venue(part))
        )
        month_year = bool(parts) and _MONTH.fullmatch(parts[-1]) is not None and part.isdigit()
        if parts and (not short or month_year):  # "Nov, 2023" is one date
            parts[-1] += ", " + part
        else:
            parts.append(part)
    return parts


class _Scanner:
    """One left-to-right pass over a line; spans found inside a link, bold or parentheses
    are scanned by a scanner of their own (nesting in real lists is one or two deep)."""

    def __init__(self, text: str, line: int, depth: int = 0) -> None:
        self.text = text
        self.line = line
        self.depth = depth
        self.slots: list[Slot] = []
        self.pending: list[str] = []
        self.pairs: dict[str, dict[int, int]] = {}
        self.absent: dict[str, int] = {}
        """Marker → a position after which the line holds none (so no search repeats)."""

    def run(self) -> None:
        text = self.text
        index = 0
        while index < len(text):
            special = _SPECIAL.search(text, index)
            if special is None:
                self.pending.append(text[index:])
                break
            if special.start() > index:  # plain text up to the next markup character
                self.pending.append(text[index : special.start()])
            index = self.step(special.start())
        self.flush()

    def closing(self, index: int, opener: str) -> int:
        """Where the bracket opened at ``index`` closes, or -1: a simple group (at most one
        level inside) is matched directly, anything else through the line's bracket pairs."""
        simple = _SIMPLE_GROUP[opener].match(self.text, index)
        if simple is not None:
            return simple.end() - 1
        pairs = self.pairs.get(opener)
        if pairs is None:
            pairs = self.pairs[opener] = _pairs(self.text, opener)
        return pairs.get(index, -1)

    def find(self, marker: str, start: int) -> int:
        """The next unescaped ``marker`` from ``start``, or -1."""
        if start >= self.absent.get(marker, len(self.text) + 1):
            return -1
        found = self.text.find(marker, start)
        while found > 0 and self.text[found - 1] == "\\":
            found = self.text.find(marker, found + 1)
        if found < 0:
            self.absent[marker] = start
        return found

    def nested(self, inner: str) -> list[Slot]:
        self.flush()
        if self.depth >= _MAX_DEPTH:  # deeper nesting is read as plain text
            return [Slot("text", strip_markup(inner), self.line)] if inner.strip() else []
        sub = _Scanner(inner, self.line, self.depth + 1)
        sub.run()
        return sub.slots

    def emit(self, kind: str, value: str, url: str = "", *, strong: bool = False) -> None:
        self.flush()
        value = value.strip()
        if value or url:  # only a badge's URL is read later (its text is in the URL)
            self.slots.append(Slot(kind, value, self.line, url if kind == "image" else "", strong))

    def flush(self) -> None:
        if not self.pending:
            return
        run = "".join(self.pending)
        self.pending = []
        runs_on = self.slots[-1].kind if self.slots else ""
        for index, piece in enumerate(_SEPARATORS.split(run)):
            for number, part in enumerate(_comma_parts(strip_markup(piece))):
                part = part.strip(" .,;:-–—|·•：，；。、")
                after = runs_on if index == 0 and number == 0 else "sep"
                if part:
                    self.slots.append(Slot("text", part, self.line, after=after))

    def step(self, index: int) -> int:
        text = self.text
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            self.pending.append(text[index + 1])
            return index + 2
        if text.startswith(("**", "__"), index):
            return self.span(index, text[index : index + 2], "bold")
        if char in "*_" and (char == "*" or index == 0 or not text[index - 1].isalnum()):
            return self.span(index, char, "italic")
        if char == "!" and text.startswith("![", index):
            return self.link(index + 1, image=True)
        if char == "[":
            return self.link(index, image=False)
        if char == "(":
            return self.group(index, "paren")
        if char in '"“':
            closer = '"' if char == '"' else "”"
            end = self.find(closer, index + 1)
            if end > index + 1:
                self.emit("quote", strip_markup(text[index + 1 : end]))
                return end + 1
        if char == "`":
            end = self.find("`", index + 1)
            if end > index + 1:
                self.emit("code", text[index + 1 : end])
                return end + 1
        if char == "<":
            tag = _TAG.match(text, index)
            if tag is not None:
                self.flush()
                return tag.end()
        self.pending.append(char)
        return index + 1

    def span(self, index: int, marker: str, kind: str) -> int:
        text = self.text
        end = self.find(marker, index + len(marker))
        if end <= index + len(marker) or text[index + len(marker)].isspace():
            self.pending.append(marker)
            return index + len(marker)
        inner = text[index + len(marker) : end]
        links = _LINK.fullmatch(inner.strip())
        if links is not None:  # **[Title](url)**: the link, marked strong
            self.emit("link", strip_markup(links.group(1)), _url(links.group(2)), strong=True)
        elif ("[" in inner and "](" in inner) or _BRACKETED.fullmatch(inner.strip()):
            # **Name [Title](url)**, **[ACL 2021]**: read inside, marked strong
            slots = self.nested(inner)
            for slot in slots:
                slot.strong = True
            self.slots.extend(slots)
        elif kind == "italic":
            # ``*Ana Lima et al. arXiv.*``: authors and venue in one italic run, one slot each.
            for part in _SENTENCE_BREAK.split(strip_markup(inner)):
                self.emit(kind, part.strip(" .,;:-–—|·•"))
        else:
            self.emit(kind, strip_markup(inner))
        return end + len(marker)

    def link(self, index: int, *, image: bool) -> int:
        text = self.text
        close = self.closing(index, "[")
        if close < 0:
            self.pending.append(text[index])
            return index + 1
        label = text[index + 1 : close]
        if close + 1 < len(text) and text[close + 1] == "(":
            end = self.closing(close + 1, "(")
            if end < 0:
                end = len(text) - 1
            url = _url(text[close + 2 : end])
            if image:
                self.emit("image", label, url)
            elif label.startswith("![") or label.startswith("[!["):
                inner = _IMAGE.search(label)
                self.emit("image", inner.group(1) if inner else "", inner.group(2) if inner else "")
            elif label.startswith("[") and label.endswith("]"):
                self.emit("link", strip_markup(label[1:-1]), url)  # [[Paper]](url)
            else:
                self.emit("link", strip_markup(label), url)
            return end + 1
        if image:
            self.pending.append("!")
            return index
        inner_link = _LINK.fullmatch(label.strip())
        if inner_link is not None:  # [[Paper](url)]
            self.emit("link", strip_markup(inner_link.group(1)), _url(inner_link.group(2)))
        elif label.strip():
            if "](" in label:
                self.slots.extend(self.nested(label))
            else:
                self.emit("bracket", strip_markup(label))
        return close + 1

    def group(self, index: int, kind: str) -> int:
        text = self.text
        end = self.closing(index, "(")
        if end < 0:
            self.pending.append(text[index])
            return index + 1
        inner = text[index + 1 : end]
        if "](" in inner:  # ([Paper](url)) or (Author 2020, [code](url))
            slots = self.nested(inner)
            for slot in slots:
                if slot.kind == "text":
                    slot.kind = kind
            self.slots.extend(slots)
        else:
            strong = inner.strip().startswith(("*", "_"))
            self.emit(kind, strip_markup(inner), strong=strong)
        return end + 1


_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_BRACKETED = re.compile(r"\[[^\[\]]+\]")
"""One bracketed group and nothing else: a bold ``**[ACL 2021]**`` is a bracketed prefix."""


def _url(target: str) -> str:
    """A link target without its title: ``<url> "title"`` → ``url``."""
    return target.strip().split(" ", 1)[0].strip("<>")


_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)")
