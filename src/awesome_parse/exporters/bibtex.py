"""One BibTeX record per distinct paper, ready for Zotero, JabRef, biber or BibTeX.

An awesome list is a reading list; BibTeX is what a reference manager or a LaTeX paper wants
from it. The choices that matter, and why:

- **One record per paper.** Entries are grouped by ``paper_id`` (falling back to the URL) over
  every document given, nested entries included, the way :meth:`Document.papers` groups the top
  level. Each section path a paper appears in becomes a keyword (``Survey``,
  ``Papers by Date > 2024``; ``>`` is JabRef's hierarchy separator, Zotero keeps it as one tag),
  followed by the entry's tags, all separated by ``", "``. Commas and semicolons inside a
  section title become ``" / "`` so they cannot split a keyword. ``all_kinds=True`` adds
  repositories, datasets and links as ``@misc``.
- **Entry type from the venue.** A journal (Nature, TPAMI, JMLR, "IEEE Journal ...",
  "Transactions ...") → ``@article`` + ``journal`` (a trailing year dropped); arXiv only (no
  venue, or ``arxiv``) → ``@misc`` + ``eprint`` + ``archiveprefix = {arXiv}``; a blog, report
  or preprint server → ``@misc`` + ``howpublished``; any other venue is taken for a conference
  → ``@inproceedings`` + ``booktitle``.
- **Escaping.** ``& % $ # _`` become ``\\&`` etc., ``~ ^ \\`` become ``\\textasciitilde{}``,
  ``\\textasciicircum{}``, ``\\textbackslash{}``; braces become ``\\{ \\}`` when they pair up and
  ``\\textbraceleft{}``/``\\textbraceright{}`` when they do not, because BibTeX counts escaped
  braces too and one stray brace swallows the rest of the file. Control characters become spaces
  and whitespace runs (newlines included) fold to one space. ``url``, ``doi`` and
  ``eprint`` stay raw (biblatex reads them verbatim) with only ``{ } \\``, whitespace and control
  characters percent-encoded; inside ``howpublished = {\\url{...}}`` ``%`` and ``#`` are
  backslash-escaped as hyperref expects.
  bibtexparser's ``LatexEncodingMiddleware`` was measured and not used: it turns non-ASCII into
  macros, keeps ``$...$`` as math, wraps every URL-like text (the ``url`` field included) in
  ``\\url{}`` and costs ~125 µs per value (~1 minute for 100 000 entries).
- **Non-ASCII stays UTF-8** (``Göttingen``, not ``G\\"ottingen``): Zotero, JabRef, biber and
  pybtex read UTF-8; classic 8-bit BibTeX may sort such names oddly.
- **Titles keep their capitals.** Words a style would wrongly lowercase are wrapped in braces:
  a capital after the first letter (``{CLIP}``, ``{LLaMA}``, ``{NeRF}``, ``{GPT}-4``), a capital
  followed by digits (``{T5}``) and the words of the entry's ``model`` name.
- **Authors** as written, joined with ``and``; ``Akbari et al.`` → ``Akbari and others``. A
  name BibTeX would misread (an inner "and", two or more commas) is braced as one literal.
- **Keys** are ASCII-folded and lower-case: ``<first author surname | model | first significant
  title word><year><first significant title word>`` (the last part dropped when it repeats the
  first), e.g. ``akbari2021vatt``, ``clip2021``; on collision ``a``, ``b``, ... are appended in
  document order, so every run gives the same keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..model import Document, Entry

if TYPE_CHECKING:
    from bibtexparser.model import Entry as BibEntry

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros, written unquoted (``month = oct``) so styles can localise them."""

_SPECIALS = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}
_PAIRED = {**_SPECIALS, "{": r"\{", "}": r"\}"}
_UNPAIRED = {**_SPECIALS, "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_SPECIAL = re.compile(r"[&%$#_{}~^\\]")
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f{}\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_WORD = re.compile(r"([^\W_]+)")
_ET_AL = re.compile(r"[\s,]*\bet\.?\s*al\b\.?\s*$", re.IGNORECASE)
_AND = re.compile(r"\band\b", re.IGNORECASE)
_KEYWORD_SEPARATORS = re.compile(r"\s*[,;]\s*")

_ARXIV = re.compile(r"\s*arxiv\b", re.IGNORECASE)
_CONFERENCE = re.compile(
    r"\b(conference|workshop|symposium|proceedings of the (?!ieee\b))", re.IGNORECASE
)
_JOURNAL = re.compile(
    r"\b(journal|transactions|letters|magazine|communications|nature|science|cell|pnas|"
    r"t?pami|jmlr|tmlr|tacl|ijcv|tog|tnnls|tkde|pattern recognition|proceedings of the ieee|"
    r"computing surveys|csur)\b",
    re.IGNORECASE,
)
_TRAILING_YEAR = re.compile(r"(?:19|20)\d\d$")  # "Nature 2023" → journal "Nature"


def _journal(venue: str) -> str:
    """``Nature 2023`` → ``Nature``. Anchored search plus rstrip: linear on any venue text
    (a ``[\\s,]+`` prefix in the pattern rescans a long run of ", " from every position)."""
    year = _TRAILING_YEAR.search(venue)
    if year is None or year.start() == 0 or venue[year.start() - 1] not in " \t,":
        return venue
    return venue[: year.start()].rstrip(" \t\n,")


_NOT_PUBLISHED = re.compile(
    r"\b(blog|report|preprint|github|website|\w*rxiv|ssrn|tech)\b", re.IGNORECASE
)

_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "ł": "l"})
_NON_KEY = re.compile(r"[^a-z0-9]+")
_STOPWORDS_TEXT = """
a an and are as at be by can do does for from how in into is it its of on or our the their to
toward towards via we what when where which why with without you your
"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_KEY_PART_MAX = 20


@dataclass
class _Record:
    """A distinct citable thing: the first entry that lists it and where it is listed."""

    entry: Entry
    paths: list[list[str]] = field(default_factory=list)


def render(docs: Sequence[Document], *, all_kinds: bool = False) -> str:
    """BibTeX text for the papers (and with ``all_kinds`` every linked entry) of ``docs``."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.middlewares import default_unparse_stack
    from bibtexparser.writer import BibtexFormat

    keys = _KeyMaker()
    library = Library([_bib_entry(record, keys) for record in _records(docs, all_kinds)])
    layout = cast("Any", BibtexFormat)()  # its __init__ lacks annotations
    layout.indent = "  "
    layout.block_separator = "\n"  # entries end with a newline: one blank line between
    # The library is ours and thrown away after writing, so skip the writer's deep copy.
    stack = default_unparse_stack(allow_inplace_modification=True)
    return write_string(library, unparse_stack=stack, bibtex_format=layout)


def _records(docs: Iterable[Document], all_kinds: bool) -> Iterator[_Record]:
    seen: dict[str, _Record] = {}
    for doc in docs:
        for path, entry in doc.walk_all():
            if entry.kind == "text" or not (all_kinds or entry.kind == "paper"):
                continue
            identity = entry.paper_id or entry.url
            if not identity:
                continue
            record = seen.get(identity)
            if record is None:
                record = seen[identity] = _Record(entry)
            if path not in record.paths:
                record.paths.append(path)
    yield from seen.values()


def _bib_entry(record: _Record, keys: _KeyMaker) -> BibEntry:
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import Field

    entry = record.entry
    entry_type = entry_type_for(entry)
    fields = [
        # A month macro must stay bare: ``{oct}`` would print "oct".
        Field(key, value, enclosing="no-enclosing" if key == "month" else None)
        for key, value in _fields(entry, entry_type, record.paths)
        if value
    ]
    return BibEntry(entry_type, keys.key(entry), fields)


def entry_type_for(entry: Entry) -> str:
    """``inproceedings``, ``article`` or ``misc``, judged from the kind and the venue."""
    venue = (entry.venue or "").strip()
    if entry.kind != "paper" or not venue or _ARXIV.match(venue):
        return "misc"
    if _CONFERENCE.search(venue):
        return "inproceedings"
    if _JOURNAL.search(venue):
        return "article"
    if _NOT_PUBLISHED.search(venue):
        return "misc"
    return "inproceedings"


def _fields(entry: Entry, entry_type: str, paths: list[list[str]]) -> list[tuple[str, str]]:
    venue = escape(entry.venue or "")
    return [
        ("title", title_value(entry.title, entry.model)),
        ("author", author_value(entry.authors)),
        ("booktitle", venue if entry_type == "inproceedings" else ""),
        ("journal", _journal(venue) if entry_type == "article" else ""),
        ("howpublished", _howpublished(entry, entry_type, venue)),
        ("year", "" if entry.year is None else str(entry.year)),
        ("month", _month(entry.month)),
        ("eprint", raw_value(entry.arxiv_id or "")),
        ("archiveprefix", "arXiv" if entry.arxiv_id else ""),
        ("doi", raw_value(entry.doi or "")),
        ("url", raw_value(entry.url or "")),
        ("note", escape("; ".join(entry.affiliations))),
        ("keywords", keywords_value(paths, entry.tags)),
    ]


def _month(month: int | None) -> str:
    return MONTHS[month - 1] if month is not None and 1 <= month <= 12 else ""


def _howpublished(entry: Entry, entry_type: str, venue: str) -> str:
    if entry_type != "misc" or not entry.url or (entry.kind == "paper" and entry.arxiv_id):
        return ""
    link = "\\url{" + raw_value(entry.url).replace("%", r"\%").replace("#", r"\#") + "}"
    if venue and not _ARXIV.match(entry.venue or ""):
        return f"{venue}, {link}"
    return link


def escape(text: str) -> str:
    """Plain text → a BibTeX value: specials escaped, braces balanced, whitespace folded."""
    return _escape_clean(_clean(text))


def _escape_clean(text: str) -> str:
    if not _SPECIAL.search(text):  # the common case, and a regex scan is cheap
        return text
    table = _PAIRED if _braces_pair(text) else _UNPAIRED
    return _SPECIAL.sub(lambda match: table[match.group()], text)


def title_value(title: str, model: str | None = None) -> str:
    """The escaped title with words a style must not lowercase wrapped in braces."""
    # Escape first: escapes contain no letters or digits except inside \text... macros, and
    # those are skipped below because they follow a backslash.
    parts = _WORD.split(_escape_clean(_clean(title)))
    model_words = frozenset(_WORD.findall(model)) if model else frozenset()
    # re.split with one group alternates: text between words, a word, text, a word, ...
    for index in range(1, len(parts), 2):
        word = parts[index]
        if not parts[index - 1].endswith("\\") and (word in model_words or _keeps_capitals(word)):
            parts[index] = "{" + word + "}"
    return "".join(parts)


def author_value(authors: Sequence[str]) -> str:
    """``["Akbari et al."]`` → ``Akbari and others``; names joined with `` and ``."""
    names: list[str] = []
    others = False
    for name in authors:
        bare = _ET_AL.sub("", name).strip()
        others = others or bare != name.strip() or bare.lower() == "others"
        if bare and bare.lower() != "others":
            value = escape(bare)
            names.append("{" + value + "}" if _literal_name(value) else value)
    if names and others:
        names.append("others")
    return " and ".join(names)


def _literal_name(name: str) -> bool:
    """Whether BibTeX would misread the name: an inner "and" splits it, 2+ commas are invalid."""
    return bool(_AND.search(name)) or name.count(",") > 1


def keywords_value(paths: Iterable[Sequence[str]], tags: Iterable[str]) -> str:
    """Section paths (``A > B``) then tags, de-duplicated, separated by ``", "``."""
    keywords: dict[str, None] = {}
    for path in paths:
        if path:
            keywords[" > ".join(_keyword(title) for title in path)] = None
    for tag in tags:
        keywords[_keyword(tag)] = None
    return escape(", ".join(k for k in keywords if k))


def raw_value(url: str) -> str:
    """A URL or identifier kept verbatim except for what could break the file."""
    return _URL_UNSAFE.sub(_percent_encode, url.strip())


def _percent_encode(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _keyword(text: str) -> str:
    return _KEYWORD_SEPARATORS.sub(" / ", _clean(text))


def _clean(text: str) -> str:
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def _braces_pair(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _keeps_capitals(word: str) -> bool:
    rest = word[1:]
    if rest != rest.lower():  # a capital after the first letter: CLIP, LLaMA, NeRF, 3D
        return True
    return word[0].isupper() and not word.isalpha()  # a capital and digits: T5, V2


class _KeyMaker:
    """Hands out citation keys, unique within one export and identical from run to run."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def key(self, entry: Entry) -> str:
        base = key_base(entry)
        key = base
        counter = 0
        while key in self._taken:
            counter += 1
            key = base + _letters(counter)
        self._taken.add(key)
        return key


def key_base(entry: Entry) -> str:
    """``<surname | model | first title word><year><first title word>`` (see module doc)."""
    word = _first_word(entry.title)
    model = _NON_KEY.sub("", fold(entry.model or ""))
    prefix = (_surname(entry.authors) or model or word)[:_KEY_PART_MAX]
    year = "" if entry.year is None else str(entry.year)
    base = prefix + year + ("" if word[:_KEY_PART_MAX] == prefix else word[:_KEY_PART_MAX])
    return base if prefix else "ref" + base


def fold(text: str) -> str:
    """ASCII-fold and lower-case: ``Göttingen`` → ``gottingen``; non-Latin text → ``""``."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = text.encode("ascii", "ignore").decode("ascii")
    return text.lower()


def _first_word(title: str) -> str:
    for word in _NON_KEY.split(fold(title)):
        if word and word not in _STOPWORDS:
            return word
    return ""


def _surname(authors: Sequence[str]) -> str:
    if not authors:
        return ""
    name = _ET_AL.sub("", authors[0]).strip()
    if "," in name:
        name = name.split(",", 1)[0]
    elif name.split():
        name = name.split()[-1]
    surname = _NON_KEY.sub("", fold(name))
    return "" if surname == "others" else surname


def _letters(number: int) -> str:
    """1 → ``a``, 26 → ``z``, 27 → ``aa``: bijective base 26."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
