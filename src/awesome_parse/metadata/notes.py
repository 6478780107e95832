"""Affiliations and authors from the free-text remarks next to an entry.

Curated LLM and vision lists say who made a model in a parenthesised remark:
``(65B parameters, from Meta)``, ``(CVPR, from Tsinghua and BNRist)``. That is the only
place a list records institutions, so it is worth reading, but "from" is also an ordinary
word ("learning from scratch", "fine-tuned from LLaMA", "444 authors from 132
institutions"). The rules below therefore accept only capitalised names after a "from" that
starts a clause or follows a noun, and stop at the first piece that looks like a venue, an
award, a number or a sentence.
"""

from __future__ import annotations

import re

from awesome_parse.metadata.venues import venues_in_text

__all__ = ["affiliations_from_note", "authors_from_line", "venue_from_line"]

_MAX_TEXT = 4096
_MAX_WORDS = 8

_ABBREVIATIONS = ("Univ", "Inst", "Dept", "Inc", "Corp", "Ltd", "Co", "St", "Dr", "Prof", "Jr")
_CLAUSE_RE = re.compile(
    "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS) + r"\.(?:\s+|$)|[;()\[\]|]|\s[-–—]\s"
)
_FROM_RE = re.compile(r"(?<![\w-])[Ff]rom\s+(?:the\s+)?")
_ITEM_SPLIT_RE = re.compile(r"(\s*,\s*(?:and\s+|&\s+)?|\s+and\s+|\s+&\s+)")
_CUT_RE = re.compile(
    r"\s(?:with|using|via|based on|which|that|who|released|trained|built|for research)\b"
)
_AWARD_RE = re.compile(
    r"\b(?:paper|award|oral|spotlight|highlight|best|accepted|submitted|track|version)\b", re.I
)
_JOIN_LEFT = frozenset({"Science", "Sciences", "Arts", "Art", "Engineering"})
_JOIN_RIGHT = frozenset({"Technology", "Science", "Sciences", "Engineering", "Applied", "Design"})
"""Word pairs around " and " that continue one name: "University of Science and Technology"."""
_VERB_BEFORE = frozenset(
    [
        "adapted",
        "built",
        "collected",
        "converted",
        "data",
        "derived",
        "distilled",
        "drawn",
        "extracted",
        "finetuned",
        "fine-tuned",
        "forked",
        "generated",
        "images",
        "inherited",
        "initialized",
        "learning",
        "learned",
        "learnt",
        "made",
        "migrated",
        "ported",
        "sampled",
        "taken",
        "text",
        "trained",
        "transferred",
        "translated",
        "upgraded",
        "videos",
    ]
)
"""A "from" after these words names a source of data or weights, not an institution."""


def _squeeze(text: str) -> str:
    """Runs of whitespace as one space, so no pattern ever scans a long blank run twice."""
    return " ".join(text[:_MAX_TEXT].split())


def _clauses(note: str) -> list[str]:
    return [c for c in _CLAUSE_RE.split(_squeeze(note)) if c and c.strip()]


def _from_allowed(before: str) -> bool:
    words = before.split()
    if not words:
        return True
    last = words[-1].lower().rstrip(",:")
    return last not in _VERB_BEFORE and not last.endswith(("ed", "ing"))


def _split_items(phrase: str) -> list[str]:
    """Split a list of names on commas, "and" and "&", keeping "Science and Technology"."""
    pieces = _ITEM_SPLIT_RE.split(phrase)
    items = [pieces[0]]
    for sep, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        last_word = items[-1].rsplit(" ", 1)[-1]
        next_word = piece.split(" ", 1)[0]
        joined = sep.strip() == "and" and last_word in _JOIN_LEFT and next_word in _JOIN_RIGHT
        if joined:
            items[-1] = items[-1] + sep + piece
        else:
            items.append(piece)
    return items


def _clean_item(item: str) -> str | None:
    item = item.strip().rstrip(".").strip()
    if item.startswith("the "):
        item = item[4:]
    if not item or len(item.split()) > _MAX_WORDS or any(c.isdigit() for c in item[:1]):
        return None
    first = item[0]
    if not (first.isupper() or (len(item) > 1 and item[1].isupper())):
        return None
    if _AWARD_RE.search(item) or venues_in_text(item) or "institution" in item.lower():
        return None
    return item


def _affiliations_after(phrase: str) -> list[str]:
    cut = _CUT_RE.search(phrase)
    if cut is not None:
        phrase = phrase[: cut.start()]
    found: list[str] = []
    for raw in _split_items(phrase):
        item = _clean_item(raw)
        if item is None:
            break
        if item not in found:
            found.append(item)
    return found


def _starts_clause(before: str) -> bool:
    before = before.rstrip()
    return not before or before[-1] in ",:"


def affiliations_from_note(note: str) -> list[str]:
    """Institutions a remark says the work is from, in order; ``[]`` when it names none.

    ``from BAAI, ZJU, and PKU`` → ``["BAAI", "ZJU", "PKU"]``; ``65B parameters, from Meta``
    → ``["Meta"]``; ``from Cornell, ICCV 2023 best student paper`` → ``["Cornell"]``;
    ``maintained by X``, ``fine-tuned from LLaMA`` and ``444 authors from 132 institutions``
    → ``[]``. A "from" that opens a clause (``…, from OpenAI``) wins over one inside a
    sentence (``code from GitHub``), which is read only when no clause names anybody.
    """
    clauses = _clauses(note)
    for clause_start_only in (True, False):
        for clause in clauses:
            for m in _FROM_RE.finditer(clause):
                before = clause[: m.start()]
                if _starts_clause(before) != clause_start_only or not _from_allowed(before):
                    continue
                found = _affiliations_after(clause[m.end() :])
                if found:
                    return found
    return []


_AUTHOR_LINE_RE = re.compile(
    r"\s*(?:\*\*|__)?(?:[Aa]uthors?|[Bb]y)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*"
)
_AUTHOR_SPLIT_RE = re.compile(r"\s*[,;，]\s*(?:and\s+)?|\s+and\s+|\s+&\s+")


def authors_from_line(text: str) -> list[str]:
    """Names on a line that says it lists authors (``Authors: A. Smith, B. Jones``)."""
    text = _squeeze(text)
    m = _AUTHOR_LINE_RE.match(text)
    if m is None:
        return []
    names = (n.strip().rstrip(".") for n in _AUTHOR_SPLIT_RE.split(text[m.end() :]))
    return [n for n in names if n and len(n.split()) <= _MAX_WORDS]


_VENUE_LINE_RE = re.compile(  # on _squeeze()d text: no leading blanks to skip
    r"(?:\*\*|__)?(?:[Vv]enue|[Cc]onference|[Jj]ournal|[Pp]ublished (?:in|at)|[Pp]ublication"
    r"|[Pp]roceedings)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*"
)


def venue_from_line(text: str) -> str | None:
    """The venue on a line that says it names one (``Conference: NeurIPS 2023``), as written."""
    text = _squeeze(text)
    m = _VENUE_LINE_RE.match(text)
    if m is None:
        return None
    venue = text[m.end() :].strip(" .*_")
    return venue if venue and len(venue.split()) <= _MAX_WORDS else None
