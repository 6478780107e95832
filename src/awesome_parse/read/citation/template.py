"""Learn what each slot of a list's entries holds, by vote over every entry of the list.

Each slot first gets a label from its own text (:func:`guess`): ``title``, ``name``,
``authors``, ``venue``, ``date``, ``org``, ``rank``, ``tag``, ``label`` (a ``[Paper]`` link) or
``text``, with a confidence, 2 (sure: ``CVPR 2023``, ``Liang Chen et al.``) or 1 (only
plausible: ``(MSR 2024)``, ``Scaling Sign Language``). Slots are then grouped by their place
in the entry's shape — kind, line and rank among the slots of that kind, such as "the first
parenthesised group of the first line" — and each place gets the label most of its sure
slots carry across the list. A plausible slot takes its place's label when the label fits it,
so ``(ICASE 2024)`` reads as a venue in a list whose ``(…)`` after the title holds venues,
and a single odd entry follows its list instead of guessing alone. The work is one pass to
guess and one to decide: linear in the number of slots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..text import clean_text, is_rank
from .fields import (
    arxiv_venue,
    author_names,
    badge_text,
    byline,
    cited_authors,
    date_of,
    is_label,
    is_label_word,
    looks_like_venue,
    single_author,
    split_venue_prefix,
)
from .lexicon import is_organisation, known_venue
from .slots import Slot

__all__ = ["Reading", "Template", "guess", "learn", "marked"]

SURE, PLAUSIBLE = 2, 1

_VENUE_SHAPE = re.compile(r"^[A-Z][\w&.'/+-]*(?: [\w&.'/+-]+){0,6} ?(?:['’]\d\d|(?:19|20)\d\d)\b")
"""An unknown venue: capitalised words and a year (``ICASE 2024``), not a year in parentheses
(``Show and tell (2015)`` is a title and its year)."""
_VENUE_LIKE = re.compile(r"\d|[A-Z][A-Za-z]*[A-Z]")
"""A year or an acronym (``ICASE``, ``NeurIPS``): what an unknown venue shows."""
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+")


Reading = Slot
"""A slot once read: its ``place``, ``label`` and ``confidence`` are set by :func:`learn`."""


@dataclass
class Template:
    """What each place of a list's entry shapes holds, voted over the whole list and over
    each section (a section's own vote wins where it has one: a list may put venues in
    ``(…)`` in one section and dates in another)."""

    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    section_votes: dict[tuple[int, str], dict[str, int]] = field(default_factory=dict)

    def label(self, section: int, place: str) -> str | None:
        """The label most of the place's weight goes to, in the section, else in the list."""
        for tally in (self.section_votes.get((section, place)), self.votes.get(place)):
            if tally:
                label = max(tally, key=tally.__getitem__)
                if tally[label] * 2 > sum(tally.values()):
                    return label
        return None


def clean(text: str) -> str:
    """A slot's text without emoji, invisible characters and the punctuation around it."""
    if not text.isascii():
        text = clean_text(_EMOJI.sub("", text))
    return text.strip(" .,;:-–—|·•\"'“”：，；。、")


def guess(slot: Slot) -> tuple[str, int]:
    """The label a slot's own text suggests, with its confidence."""
    text = clean(slot.text)
    if slot.kind == "image":
        return _guess_badge(slot)
    if slot.kind == "link":
        if not text or is_label(text):
            return "label", SURE
        if date_of(text):
            return "date", SURE
        venue = len(text.split()) <= 3 and looks_like_venue(text)
        if venue or split_venue_prefix(text) is not None:
            return "venue", SURE  # ``[[CVPR 2023](…)]``: the link names where it appeared
        return "title", SURE if len(text.split()) >= 2 else PLAUSIBLE
    if not text:
        return "text", PLAUSIBLE
    if slot.kind == "code":
        return _guess_code(text)
    if slot.kind == "bracket" and (
        slot.text.startswith("[") or (is_label_word(text) and not looks_like_venue(text))
    ):
        return "label", SURE  # an empty [[Paper]]
    if date_of(text) is not None:
        return "date", SURE
    if slot.kind == "text" and is_rank(text):
        return "rank", SURE
    if split_venue_prefix(text) is not None:
        return "venue", SURE
    if text.startswith("@") or (slot.kind == "paren" and text.lower().startswith("from ")):
        return "org", SURE
    # ``_Re-Identification_ by Multiple Views`` runs on inside a title: no byline.
    bylined = slot.kind in ("paren", "italic") or slot.after not in ("text", "italic")
    makers = byline(text) if bylined and slot.kind in ("text", "paren", "italic") else None
    if makers is not None:
        return ("authors" if makers else "org"), SURE
    if arxiv_venue(text):
        return "venue", SURE
    words = _words(text)
    if words <= 8 and looks_like_venue(text):
        return "venue", SURE
    if words <= 8 and is_organisation(text):
        return "org", SURE if slot.strong or slot.kind in ("paren", "italic") else PLAUSIBLE
    if slot.kind in ("paren", "text") and cited_authors(text) is not None:
        return "authors", SURE
    names = author_names(text)
    if names is not None:
        sure = names[1] and slot.kind != "quote"
        return "authors", SURE if sure else PLAUSIBLE
    if _VENUE_SHAPE.match(text) and words <= 7:
        return "venue", PLAUSIBLE
    if slot.kind == "quote":
        return "title", SURE
    if slot.kind == "bracket":
        return ("tag", PLAUSIBLE) if words <= 3 else ("title", PLAUSIBLE)
    if slot.kind == "bold" and words <= 2:
        return "name", PLAUSIBLE
    if slot.kind == "paren":
        return "text", PLAUSIBLE
    return "title", PLAUSIBLE


def _words(text: str) -> int:
    """Words of the text, two CJK characters counting as one (Chinese writes no spaces)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _guess_code(text: str) -> tuple[str, int]:
    """A code span beside an entry (`` `LinkedIn` `2020` ``) is a date, a source or a tag."""
    if date_of(text) is not None:
        return "date", SURE
    if is_organisation(text):
        return "org", SURE
    return "tag", PLAUSIBLE


def _guess_badge(slot: Slot) -> tuple[str, int]:
    parts = badge_text(slot.url)
    if parts is None:
        return "label", PLAUSIBLE
    label, message = parts
    if looks_like_venue(label) or looks_like_venue(f"{label} {message}"):
        return "venue", SURE
    if date_of(message or label) is not None:  # ``badge/2018-blue``: a year, no label
        return "date", SURE
    return "tag", PLAUSIBLE


def _cached_guess(
    cache: dict[tuple[str, str, bool, str], tuple[str, int]], slot: Slot
) -> tuple[str, int]:
    """A list repeats its labels, venues and dates: each distinct slot is judged once."""
    key = (slot.kind, slot.text, slot.strong, slot.url if slot.kind == "image" else "")
    found = cache.get(key)
    if found is None:
        found = cache[key] = guess(slot)
    return found


_PREFIXES = frozenset({"rank", "date", "venue", "tag", "label"})


def _first_link_titles(slots: list[Slot], guesses: list[tuple[str, int]]) -> None:
    """A link that opens the entry (after a rank, date or venue prefix) is its title even when
    its text is also a label word's host (``[Youtube](…)``) or names a venue; ``[Paper](…)``
    stays a label."""
    for index, slot in enumerate(slots):
        if slot.line != 0 or slot.kind == "image":
            continue
        label = guesses[index][0]
        if slot.kind == "link" and label == "label" and not is_label_word(slot.text):
            guesses[index] = ("title", PLAUSIBLE)
        if slot.kind == "link" and label == "venue":
            # ``[2018-ICML Workshop](…): Efficient Credit…``: the linked event is the entry;
            # a venue link after a title (``Title [[CVPR 2023](…)]``) stays a venue.
            guesses[index] = ("title", PLAUSIBLE)
            return
        if label not in _PREFIXES:
            return


def _places(slots: list[Slot], labels: list[str]) -> list[str]:
    """Each slot's place: line, kind and rank among its kind, counted from the title (the
    first slot guessed a title) so that optional spans before it do not shift those after."""
    anchor = labels.index("title") if "title" in labels else len(labels)
    seen: dict[str, int] = {}
    places = []
    for index, slot in enumerate(slots):
        side = "<" if index < anchor else ">" if index > anchor else "="
        key = slot.key + side
        rank = seen.get(key, 0)
        places.append(_place(key, rank))
        seen[key] = rank + 1
    return places


@lru_cache(maxsize=1024)
def _place(key: str, rank: int) -> str:
    """A place's name, made once (a list has a few dozen places over many thousand slots)."""
    return f"{key}{rank}"


_FITS = {
    "label": ("title", "name", "tag"),
    "venue": ("text", "title", "tag", "name", "venue"),
    "authors": ("authors", "title", "name"),
    "org": ("text", "tag", "name", "title"),
}
"""Which plausible guesses a place's voted label may overrule."""


def learn(entries: list[list[Slot]], sections: list[int] | None = None) -> Template:
    """Read every entry's slots in place: vote each place's label over all ``entries``
    (``sections`` gives each entry's section number), then decide each plausible slot."""
    template = Template()
    cache: dict[tuple[str, str, bool, str], tuple[str, int]] = {}
    groups = sections if sections is not None else [0] * len(entries)
    votes, section_votes = template.votes, template.section_votes
    for slots, section in zip(entries, groups, strict=True):
        guesses = [_cached_guess(cache, slot) for slot in slots]
        _first_link_titles(slots, guesses)
        places = _places(slots, [label for label, _ in guesses])
        for slot, place, (label, confidence) in zip(slots, places, guesses, strict=True):
            slot.place, slot.label, slot.confidence = place, label, confidence
            tally = votes.get(place)
            if tally is None:
                tally = votes[place] = {}
            tally[label] = tally.get(label, 0) + confidence
            tally = section_votes.get((section, place))
            if tally is None:
                tally = section_votes[section, place] = {}
            tally[label] = tally.get(label, 0) + confidence
    for slots, section in zip(entries, groups, strict=True):
        for slot in slots:
            if slot.confidence < SURE:
                _decide(template.label(section, slot.place), slot)
    return template


def _holds_authors(text: str, reading: Reading) -> bool:
    """An author list, or one marked name (where the place holds authors, one is enough)."""
    return author_names(text) is not None or single_author(text, marked=marked(reading)) is not None


def _venue_shaped(text: str) -> bool:
    """Written as a venue is: with a year, an acronym (``ICASE``, ``NeurIPS``), a known name in
    any case (``Arxiv``), or in title case (``Artificial Intelligence in Agriculture``) —
    not a phrase of description (``Does stellar things``) or one common word (``Survey``)."""
    if _VENUE_LIKE.search(text) is not None or known_venue(text.casefold()):
        return True
    words = [word for word in text.split() if len(word) > 3]
    if len(text.split()) < 2 or not words:
        return False
    return sum(word[0].isupper() for word in words) * 4 >= len(words) * 3


def marked(reading: Reading) -> bool:
    """The span is set apart: italic, bold, in parentheses, or free text standing alone after a
    separator (``Title. Wang Zi. ICML 2021``), not running on from a span."""
    return reading.strong or reading.kind in ("italic", "bold", "paren") or reading.after == "sep"


def _decide(voted: str | None, reading: Reading) -> None:
    """Give a plausible reading its place's voted label, where that label fits its text."""
    if voted is None or voted == reading.label:
        return
    text = clean(reading.text)
    if voted in _FITS and reading.label in _FITS[voted]:
        if voted == "authors" and not _holds_authors(text, reading):
            return
        if voted == "venue" and (
            len(text.split()) > 8 or is_organisation(text) or not _venue_shaped(text)
        ):
            return  # ``[Survey]`` among ``[CVPR 2023]`` prefixes is a tag
        reading.label = voted
