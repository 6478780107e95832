"""What one slot's text can be, judged on its own: a date, a venue, authors, an organisation.

Each reader here looks at a single value; :mod:`.template` then weighs these guesses against
what the same slot holds in the rest of the list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from ...metadata.dates import DateParts, expand_two_digit_year, parse_date, plausible_year
from ..links import label_role
from .lexicon import is_organisation, known_venue

__all__ = [
    "author_names",
    "badge_text",
    "date_of",
    "split_venue_prefix",
    "venue_year",
]

_DATE_LIKE = re.compile(
    r"^\(?(?:(?:19|20)\d\d(?:[./-]\d{1,2}){0,2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?"
    r"|[A-Z][a-z]{2,8}\.?,?\s*(?:\d{1,2},?\s*)?(?:19|20)\d\d|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s*"
    r"(?:19|20)\d\d|(?:19|20)\d\d,?\s*[A-Z][a-z]{2,8}\.?)\)?$"
)


@lru_cache(maxsize=512)
def date_of(text: str) -> DateParts | None:
    """The date a slot holds when the slot is only a date: ``2023``, ``2023.11``, ``Nov,
    2023``, ``25.03``, ``2023/10``, ``(2024.04.12)``, ``3 Nov 2022``; else ``None``."""
    text = text.strip().rstrip(".")
    if not _DATE_LIKE.match(text):
        return None
    parts = parse_date(text)
    if parts is None or parts.year is None:
        return None
    return parts


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"['’‘`](\d\d)(?!\d)|(?<=[A-Za-z])(\d\d)$")


def venue_year(text: str) -> int | None:
    """The year a venue text names: ``CVPR 2023``, ``NeurIPS'22``, ``ICML23``, ``arXiv Sept
    2024``; never the year of an arXiv identifier."""
    if _ARXIV_ID.search(text):
        return None
    match = _YEAR.search(text)
    if match is not None and plausible_year(int(match.group(1))):
        return int(match.group(1))
    short = _SHORT_YEAR.search(text)
    if short is not None:
        return expand_two_digit_year(int(short.group(1) or short.group(2)))
    return None


_ARXIV_ID = re.compile(r"\barxiv\s*[:/]?\s*\d{4}\.\d{4,5}", re.I)
_VENUE_PREFIX = re.compile(
    r"^\s*(?P<year>(?:19|20)\d\d)(?:[./](?P<month>\d{1,2}))?\s*[-–_ ]\s*(?P<venue>[A-Za-z][\w&'/]*"
    r"(?:[ -][A-Z][\w&'/]*)?)?\s*[-–:]?\s*$"
)


def split_venue_prefix(text: str) -> tuple[int, int | None, str | None] | None:
    """``2018-ICML`` → (2018, None, ``ICML``); ``2021.4`` → (2021, 4, None): the year-venue
    prefix some lists put before every title."""
    match = _VENUE_PREFIX.match(text)
    if match is None:
        return None
    year = int(match.group("year"))
    if not plausible_year(year):
        return None
    month = int(match.group("month")) if match.group("month") else None
    if month is not None and not 1 <= month <= 12:
        return None
    return year, month, match.group("venue")


def arxiv_venue(text: str) -> bool:
    """``arXiv:1908.03884`` stands for the venue arXiv (its year is not read)."""
    return _ARXIV_ID.match(text.strip()) is not None


# --------------------------------------------------------------------------- authors

_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "la",
        "le",
        "du",
        "dos",
        "bin",
        "al",
        "el",
        "ter",
        "zu",
        "y",
        "e",
        "i",
    }
)
_NOT_NAMES = frozenset(
    {
        "A",
        "An",
        "The",
        "On",
        "Of",
        "In",
        "For",
        "With",
        "To",
        "And",
        "Via",
        "From",
        "Towards",
        "Learning",
        "Network",
        "Networks",
        "Model",
        "Models",
        "Language",
        "Deep",
        "Neural",
        "Vision",
        "Visual",
        "Image",
        "Images",
        "Video",
        "Data",
        "Dataset",
        "Large",
        "Transformer",
        "Transformers",
        "Detection",
        "Generation",
        "Survey",
        "Benchmark",
        "Reasoning",
        "Analysis",
        "Recognition",
        "Translation",
        "Agents",
        "Agent",
        "Graph",
        "Diffusion",
        "Attention",
        "Efficient",
        "Robust",
        "Training",
        "Multi",
        "Code",
        "Paper",
        "Project",
        "Github",
        "GitHub",
        "Blog",
        "Website",
        "Demo",
        "Slides",
        "Official",
        "Implementation",
        "Awesome",
        "University",
        "Institute",
        "Lab",
        "Inc",
        "Team",
        "Group",
    }
)
_MARKS = re.compile(r"[*†‡§¶✉]+|\^\{?\d+\}?|(?<=[A-Za-z])\d{1,2}(?=\s*(?:,|$))")
_ET_AL = re.compile(r"(?:, ?| )(?:et\.? ?al\b\.?|and others) ?\.?$", re.I)
_SPLIT = re.compile(r" ?[,;，、] ?(?:and |& ?)?| and | ?& ?")
_TOKEN = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[A-Z]\.(?:-?[A-Z]\.)*|[a-z]{1,4}|[\u00C0-\u024F][\w'’.-]*)$"
)
_DIGIT = re.compile(r"\d")
_LIST_MARK = re.compile(r"[,;&，、]| and |\bet\.? ?al\b|and others", re.I)
_PAIR_SPLIT = re.compile(r" ?(?:;|&|\band\b) ?")
_INITIALS_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}, [A-Z]\.?(?:[ -]?[A-Z]\.?)*\b\.?"
_INITIALS_LIST = re.compile(
    rf"{_INITIALS_NAME}(?:,? (?:&|and) {_INITIALS_NAME}|, {_INITIALS_NAME})*(?:,? et al\.?)?"
)
_INITIALS_ONE = re.compile(_INITIALS_NAME)
_FINAL_INITIAL = re.compile(r"(\b[A-Z])$")
"""``Lima, A., Chen, B., & Diaz, C.``: surnames with their initials (APA and its kin)."""


def _is_name(name: str, *, capitals: bool = False) -> bool:
    """A person's name: one to five capitalised tokens (particles such as ``van`` aside);
    with ``capitals``, tokens in capitals (``Jianye HAO``) count too."""
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or len(name) > 50 or _DIGIT.search(name):
        return False
    capitalised = 0
    for token in tokens:
        if token in _NOT_NAMES:
            return False
        if token.lower() in _PARTICLES:
            continue
        if not _TOKEN.match(token) or not token[:1].isupper():
            return False
        letters = token.replace(".", "").replace("-", "")
        if len(letters) >= 3 and letters.isupper() and not capitals:
            return False  # GAN, NER, PAPER: acronyms, not names
        capitalised += 1
    return capitalised >= 1


def _all_names(parts: list[str]) -> bool:
    """Every part is a name; a few in capitals are accepted among many ordinary ones."""
    if any(part.count(" ") > 4 for part in parts):
        return False  # a phrase of six words or more is no name
    plain = [_is_name(p.replace(",", "")) for p in parts]
    if all(plain):
        return True
    if len(parts) < 3 or sum(plain) * 2 < len(parts):
        return False
    return all(_is_name(p.replace(",", ""), capitals=True) for p in parts)


@lru_cache(maxsize=256)  # the same text is read when guessing, deciding and applying
def author_names(text: str) -> tuple[list[str], bool] | None:
    """The names of an author list and whether it surely is one (``et al.``, two or more
    full names), else ``None``. ``Liang Chen et al.`` → ``["Liang Chen"]``; ``Wang, Yaxing``
    (surname, given) stays one name; equal-contribution marks (``*``, ``†``) are dropped.
    The returned list is shared between calls with the same text: copy it to keep it."""
    if len(text) > 1500 or not _LIST_MARK.search(text) or "http" in text:
        return None  # one name without "et al." is never read as an author list
    if _INITIALS_LIST.fullmatch(text.strip(" ;")):
        # The last initial's full stop may have been trimmed with the sentence's: put it back.
        return [_FINAL_INITIAL.sub(r"\1.", name) for name in _INITIALS_ONE.findall(text)], True
    text = " ".join(_MARKS.sub("", text).split()).strip(" .,;:")
    if not text:
        return None
    et_al = _ET_AL.search(text) is not None
    text = _ET_AL.sub("", text).strip(" ,.")
    parts = [p.strip(" .") for p in _SPLIT.split(text)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    parts = _surname_given(text, parts)
    if not _all_names(parts):
        return None
    if len(parts) == 1 and not et_al and "," not in parts[0]:
        return None  # one bare name-like phrase ("Scaling Sign Language") proves nothing
    full = sum(1 for p in parts if len(p.replace(",", " ").split()) >= 2)
    sure = et_al or (len(parts) >= 2 and full >= len(parts) / 2) or (len(parts) >= 3)
    return parts, sure


def _surname_given(text: str, parts: list[str]) -> list[str]:
    """``Reimers, Nils & Gurevych, Iryna`` and ``Wang, Yaxing`` are names written surname
    first: single words in pairs, the pairs joined by ``&``, ``and`` or ``;``."""
    if not all(len(p.split()) == 1 for p in parts) or len(parts) % 2 or ", " not in text:
        return parts
    if len(parts) != 2 and " & " not in text and ";" not in text and " and " not in text:
        return parts
    pairs = _PAIR_SPLIT.split(text)
    return [p.strip() for p in pairs] if all(p.count(",") == 1 for p in pairs) else parts


_BYLINE = re.compile(r"^[Bb]y\s+(?=[A-Z])")


def byline(text: str) -> list[str] | None:
    """The makers a byline names: ``by Nia Owens`` → ``["Nia Owens"]``, ``by Oli Park and Pia
    Quinn`` → both, ``by Google`` → ``[]`` (an organisation, no person); ``None`` for text that
    is no byline. A single full name counts here: ``by`` says it is the work's maker."""
    match = _BYLINE.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip(" .,;")
    if is_organisation(rest):
        return []
    found = author_names(rest)
    if found is not None:
        return list(found[0])
    return single_author(rest)


def single_author(text: str, *, marked: bool = True) -> list[str] | None:
    """One person's full name (``Y. Kim``, ``Nia Owens et al.``) as an author list. Alone it
    proves nothing; where the list's template or a byline says authors stand, it is one.
    Unmarked (plain text, not italic or in parentheses), only a name with an initial counts:
    a title's capitalised words (``Using Fewer Frames``) look like a name too."""
    name = _ET_AL.sub("", text).strip(" ,.")
    if len(name.split()) < 2 or not _all_names([name]):
        return None
    return [name] if marked or _INITIAL.search(name) else None


_INITIAL = re.compile(r"\b[A-Z]\.")


_CITED_YEAR = re.compile(r"(?:19|20)\d\d[a-z]?")


def cited_authors(text: str) -> tuple[list[str], int] | None:
    """``Vaswani et al. 2017``, ``Ho and Salimans, 2022``: an author-year citation."""
    names, _, year = text.strip().rpartition(" ")
    if not names or _CITED_YEAR.fullmatch(year) is None or not plausible_year(int(year[:4])):
        return None
    found = author_names(names.rstrip(" ,"))
    if found is None or not found[1]:
        return None
    return found[0], int(year[:4])


# --------------------------------------------------------------------------- badges

_BADGE = re.compile(r"/badge/([^/?#]+?)(?:\.svg|\.png)?(?:[?#].*)?$")


def badge_text(url: str) -> tuple[str, str] | None:
    """A static shields.io badge's label and message: ``…/badge/CVPR-2023-blue`` →
    (``CVPR``, ``2023``); ``…/badge/arXiv-2023.10-red`` → (``arXiv``, ``2023.10``)."""
    match = _BADGE.search(url)
    if match is None or "dynamic" in url:
        return None
    body = unquote(match.group(1)).replace("--", "\0").replace("__", "\1")
    pieces = [p.replace("\0", "-").replace("\1", "_").replace("_", " ") for p in body.split("-")]
    if len(pieces) == 2:
        return pieces[0].strip(), ""
    if len(pieces) < 2:
        return None
    return pieces[0].strip(), "-".join(pieces[1:-1]).strip()


_LABEL_WORDS = frozenset(
    {
        "paper",
        "code",
        "codes",
        "pdf",
        "project",
        "page",
        "github",
        "arxiv",
        "website",
        "homepage",
        "slides",
        "video",
        "blog",
        "demo",
        "dataset",
        "data",
        "model",
        "weights",
        "repo",
        "official",
        "link",
        "abs",
        "abstract",
        "openreview",
        "huggingface",
        "hf",
    }
)


def is_label(text: str) -> bool:
    """A link label such as ``Paper``, ``[code]``, ``PDF``, ``Project Page``, ``MXNet Code``;
    not a name that merely ends in a label word (``Mesh Tensorflow``)."""
    if label_role(text) is None:
        return False
    words = text.lower().split()
    return len(words) == 1 or words[0] in _LABEL_WORDS or words[-1] in _LABEL_WORDS


def is_label_word(text: str) -> bool:
    """The label is one of the words lists use for an entry's extra links (``Paper``)."""
    words = text.lower().strip("[]() ").split()
    return bool(words) and (words[0] in _LABEL_WORDS or words[-1] in _LABEL_WORDS)


def looks_like_venue(text: str) -> bool:
    return known_venue(text) and not is_organisation(text)
