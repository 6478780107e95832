"""One BibTeX record per distinct reference, ready for Zotero, JabRef, biber and BibTeX.

An awesome list is a reading list; BibTeX is what a reference manager or a LaTeX paper wants
from it. Which entries are references, their stable keys and their kind come from
:mod:`._references` (shared with CSL-JSON and RIS). The choices that matter here, and why:

- **Entry type from the venue.** A journal → ``@article`` + ``journal``; a conference or
  workshop → ``@inproceedings`` + ``booktitle``; everything else → ``@misc``. A company, blog
  or report is never a ``journal``/``booktitle``: it goes to ``howpublished`` as plain text.
- **arXiv both ways.** ``eprint`` + ``archiveprefix = {arXiv}`` (BibTeX styles, JabRef) and
  ``eprinttype = {arxiv}`` (biblatex, and the only spelling Zotero's importer reads).
- **url is a plain field**, written verbatim (biblatex and ``url``-aware styles read it as a
  URL); a malformed arXiv link is replaced by the canonical one, the original kept in ``note``.
- **``key``** (BibTeX's sort key, ignored by biber) is the title for a record without authors,
  so BibTeX does not warn "to sort, need author or key".
- **Escaping.** ``& % $ # _`` become ``\\&`` etc., ``~ ^ \\`` become ``\\textasciitilde{}``,
  ``\\textasciicircum{}``, ``\\textbackslash{}``; braces become ``\\{ \\}`` when they pair up
  and ``\\textbraceleft{}``/``\\textbraceright{}`` when they do not, because BibTeX counts
  escaped braces too and one stray brace swallows the rest of the file. Control characters
  become spaces and whitespace runs fold to one space. ``url``, ``doi`` and ``eprint`` stay raw
  with only ``{ } \\``, whitespace, control and non-ASCII characters percent-encoded.
- **Non-ASCII** letters of text fields go through bibtexparser's ``LatexEncodingMiddleware``
  (``Göttingen`` → ``G{\\"o}ttingen``, ``α`` → ``{\\ensuremath{\\alpha}}``), which pdflatex
  with classic BibTeX and biber both accept; characters without a LaTeX spelling (CJK) stay
  UTF-8 (use biber with XeLaTeX or LuaLaTeX for those). ASCII values skip the encoder.
- **Titles keep their capitals.** Words a style would wrongly lowercase are wrapped in braces:
  a capital after the first letter (``{CLIP}``, ``{LLaMA}``, ``{GPT}-4``), a capital followed by
  digits (``{T5}``) and the words of the entry's ``model`` name.
- **Authors** in the unambiguous ``Last, First`` form (split as BibTeX splits names), joined
  with ``and``; ``Akbari et al.`` → ``Akbari and others``. A name BibTeX would misread (an
  inner "and", two or more commas) is braced as one literal.
- **Keywords**: every section path (``Papers by Date > 2024``; ``>`` is JabRef's hierarchy
  separator), the list's name first when several lists are merged, then the entry's tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from ..model import Document
from ._references import Reference, author_names, one_keyword, references

if TYPE_CHECKING:
    from bibtexparser.middlewares.middleware import BlockMiddleware
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
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f{}\\]|[^\x00-\x7f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_WORD = re.compile(r"([^\W_]+)")
_ENTRY_TYPES = {"journal": "article", "conference": "inproceedings"}


def render(docs: Sequence[Document], *, all_kinds: bool = False) -> str:
    """BibTeX text for the papers (and with ``all_kinds`` every linked entry) of ``docs``."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.middlewares import default_unparse_stack
    from bibtexparser.writer import BibtexFormat

    with_list = len(docs) > 1
    library = Library([_bib_entry(ref, with_list) for ref in references(docs, all_kinds=all_kinds)])
    layout = cast("Any", BibtexFormat)()  # its __init__ lacks annotations
    layout.indent = "  "
    layout.block_separator = "\n"  # entries end with a newline: one blank line between
    # The library is ours and thrown away after writing, so skip the writer's deep copy.
    stack = [_latex_encoding(), *default_unparse_stack(allow_inplace_modification=True)]
    return write_string(library, unparse_stack=stack, bibtex_format=layout)


def _latex_encoding() -> BlockMiddleware:
    """bibtexparser's LaTeX-encoding middleware with :func:`latex_encoder`, skipping ASCII
    values (most of them, and pylatexenc walks a value character by character in Python)."""
    from bibtexparser.middlewares import LatexEncodingMiddleware

    class NonAsciiLatexEncoding(LatexEncodingMiddleware):
        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if python_string.isascii():
                return python_string, ""
            result: tuple[str, str] = super()._transform_python_value_string(python_string)
            return result

    return cast("BlockMiddleware", NonAsciiLatexEncoding(encoder=latex_encoder()))


@cache
def latex_encoder() -> Any:
    """pylatexenc's encoder limited to non-ASCII characters (our escaping has done the ASCII
    specials), each replacement braced (``{\\"o}``), characters LaTeX has no spelling for
    (CJK) kept as UTF-8."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        unknown_char_policy="keep",
        unknown_char_warning=False,
        replacement_latex_protection="braces-all",
    )


def entry_type_for(reference: Reference) -> str:
    """``article``, ``inproceedings`` or ``misc``, from the reference's kind."""
    return _ENTRY_TYPES.get(reference.kind, "misc")


def _bib_entry(reference: Reference, with_list: bool) -> BibEntry:
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import Field

    fields = [
        # A month macro must stay bare: ``{oct}`` would print "oct".
        Field(key, value, enclosing="no-enclosing" if key == "month" else None)
        for key, value in _fields(reference, with_list)
        if value
    ]
    return BibEntry(entry_type_for(reference), reference.key, fields)


def _fields(reference: Reference, with_list: bool) -> list[tuple[str, str]]:
    entry = reference.entry
    entry_type = entry_type_for(reference)
    arxiv = entry.arxiv_id or ""
    author = author_value(entry.authors)
    notes = [*entry.affiliations]
    if reference.listed_url:
        notes.append("listed as " + reference.listed_url)
    other_server = reference.kind == "preprint" and not arxiv
    return [
        ("title", title_value(entry.title, entry.model)),
        ("author", author),
        ("key", "" if author else escape(entry.title)),
        ("journal", escape(reference.container) if entry_type == "article" else ""),
        ("booktitle", escape(reference.container) if entry_type == "inproceedings" else ""),
        ("howpublished", escape(reference.container if other_server else reference.publisher)),
        ("year", "" if entry.year is None else str(entry.year)),
        ("month", _month(entry.month)),
        ("eprint", raw_value(arxiv)),
        ("archiveprefix", "arXiv" if arxiv else ""),
        ("eprinttype", "arxiv" if arxiv else ""),
        ("doi", raw_value(entry.doi or "")),
        ("url", raw_value(reference.url)),
        ("note", escape("; ".join(notes))),
        ("keywords", keywords_value(reference.keywords(with_list))),
    ]


def _month(month: int | None) -> str:
    return MONTHS[month - 1] if month is not None and 1 <= month <= 12 else ""


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
    """``["Akbari et al."]`` → ``Akbari and others``; ``Alec Radford`` → ``Radford, Alec``
    (the unambiguous "Last, First" form); a name BibTeX would misread stays one braced
    literal; names joined with `` and ``."""
    names, others = author_names(authors)
    values = [
        "{" + escape(name.literal) + "}"
        if name.literal
        else escape(f"{name.family}, {name.given}" if name.given else name.family)
        for name in names
    ]
    if values and others:
        values.append("others")
    return " and ".join(values)


def keywords_value(keywords: Iterable[str]) -> str:
    """Keywords separated by ``", "``; a comma or semicolon inside one becomes ``" / "``."""
    cleaned = dict.fromkeys(one_keyword(keyword) for keyword in keywords)
    return escape(", ".join(k for k in cleaned if k))


def raw_value(url: str) -> str:
    """A URL or identifier kept verbatim except for what could break the file."""
    return _URL_UNSAFE.sub(_percent_encode, url.strip())


def _percent_encode(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


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
