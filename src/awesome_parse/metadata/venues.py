"""Where a paper was published, read from remarks, proceedings URLs and BibTeX.

Venues matter for filtering and citing, yet lists rarely have a Venue column: they say
``(CVPR, from …)`` or ``NeurIPS'22`` in a remark, or just link to the proceedings, whose URL
encodes conference and year. Every spelling becomes one short form, ``<acronym> <year>``
(``NeurIPS 2022``, ``Findings of EMNLP 2022``, ``CVPR 2021 Workshop``), so that equal venues
compare equal. Matching is deliberately strict (case-sensitive, whole words, context checks
for words such as "Nature" or "Science") because a wrong venue is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Literal, NamedTuple

from awesome_parse.metadata.dates import expand_two_digit_year, plausible_year
from awesome_parse.metadata.identifiers import UrlParts, split_url

__all__ = [
    "PMLR_VOLUMES",
    "VenueKind",
    "canonical_aliases",
    "canonical_venue",
    "format_venue",
    "pick_venue",
    "venue_from_note",
    "venue_from_url",
    "venue_kind",
    "venues_in_text",
    "year_from_venue",
]

_MAX_TEXT = 4096
"""Remarks are scanned only this far; real ones are a line long."""

# --------------------------------------------------------------------------- names

_CANONICAL: dict[str, tuple[str, ...]] = {
    "NeurIPS": ("NeurIPS", "NIPS", "Neurips", "NeuRIPS"),
    "CVPR": ("CVPR",),
    "ICCV": ("ICCV",),
    "ECCV": ("ECCV",),
    "WACV": ("WACV",),
    "BMVC": ("BMVC",),
    "ACCV": ("ACCV",),
    "3DV": ("3DV",),
    "ICLR": ("ICLR",),
    "ICML": ("ICML",),
    "AAAI": ("AAAI",),
    "IJCAI": ("IJCAI",),
    "KDD": ("KDD", "SIGKDD"),
    "WWW": ("WWW", "TheWebConf"),
    "SIGIR": ("SIGIR",),
    "CIKM": ("CIKM",),
    "WSDM": ("WSDM",),
    "RecSys": ("RecSys",),
    "ACL": ("ACL", "ACL-IJCNLP"),
    "EMNLP": ("EMNLP", "EMNLP-IJCNLP"),
    "NAACL": ("NAACL", "NAACL-HLT"),
    "EACL": ("EACL",),
    "AACL": ("AACL", "AACL-IJCNLP", "IJCNLP-AACL"),
    "COLING": ("COLING",),
    "CoNLL": ("CoNLL",),
    "LREC": ("LREC", "LREC-COLING"),
    "TACL": ("TACL",),
    "Interspeech": ("Interspeech", "INTERSPEECH"),
    "ICASSP": ("ICASSP",),
    "ICME": ("ICME",),
    "BIBM": ("BIBM", "IEEE BIBM"),
    "MICCAI": ("MICCAI",),
    "MIDL": ("MIDL",),
    "ISBI": ("ISBI",),
    "IPMI": ("IPMI",),
    "AISTATS": ("AISTATS",),
    "UAI": ("UAI",),
    "COLT": ("COLT",),
    "CoRL": ("CoRL",),
    "RSS": ("RSS",),
    "ICRA": ("ICRA",),
    "IROS": ("IROS",),
    "CHI": ("CHI",),
    "UIST": ("UIST",),
    "SIGGRAPH": ("SIGGRAPH",),
    "SIGGRAPH Asia": ("SIGGRAPH Asia",),
    "ACM MM": ("ACM MM", "ACMMM", "ACM Multimedia"),
    "TPAMI": ("TPAMI", "T-PAMI", "IEEE TPAMI", "PAMI"),
    "IJCV": ("IJCV",),
    "TIP": ("IEEE TIP", "TIP"),
    "TMI": ("IEEE TMI", "TMI"),
    "TCSVT": ("TCSVT", "IEEE TCSVT"),
    "TMM": ("TMM", "IEEE TMM"),
    "TOMM": ("TOMM", "ACM TOMM"),
    "TGRS": ("TGRS", "IEEE TGRS"),
    "TVCG": ("TVCG", "IEEE TVCG"),
    "TNNLS": ("TNNLS",),
    "TKDE": ("TKDE",),
    "TOG": ("ACM TOG", "TOG"),
    "JMLR": ("JMLR",),
    "TMLR": ("TMLR",),
    "PMLR": ("PMLR",),
    "Nature": ("Nature",),
    "Nature Communications": ("Nature Communications", "Nature Communication", "Nat. Commun."),
    "Nature Medicine": ("Nature Medicine",),
    "Nature Machine Intelligence": ("Nature Machine Intelligence",),
    "Nature Methods": ("Nature Methods",),
    "Nature Biotechnology": ("Nature Biotechnology",),
    "Nature Biomedical Engineering": ("Nature Biomedical Engineering",),
    "npj Digital Medicine": ("npj Digital Medicine",),
    "Scientific Reports": ("Scientific Reports",),
    "Science": ("Science",),
    "Science Advances": ("Science Advances",),
    "Science Robotics": ("Science Robotics",),
    "Cell": ("Cell",),
    "PNAS": ("PNAS",),
    "Radiology": ("Radiology",),
    "The Lancet": ("The Lancet", "Lancet"),
    "NEJM": ("NEJM",),
    "JAMA": ("JAMA",),
    "Medical Image Analysis": ("Medical Image Analysis", "MedIA"),
    "Neurocomputing": ("Neurocomputing",),
    "Pattern Recognition": ("Pattern Recognition",),
    "Information Fusion": ("Information Fusion",),
    "Expert Systems with Applications": ("Expert Systems with Applications",),
    "Knowledge-Based Systems": ("Knowledge-Based Systems",),
    "arXiv": ("arXiv", "ArXiv"),
}
_ALIASES = {alias: name for name, aliases in _CANONICAL.items() for alias in aliases}
_AMBIGUOUS = frozenset(
    {"Nature", "Science", "Cell", "Radiology", "RSS", "Lancet", "PAMI", "TIP", "TMI", "TOG"}
    | {"Pattern Recognition", "Information Fusion"}
)
"""Aliases that are also ordinary words: they count only where a venue is expected."""

_ALIAS_ALT = "|".join(re.escape(a) for a in sorted(_ALIASES, key=len, reverse=True))
_VENUE_RE = re.compile(
    rf"(?<![\w/#@.-])(?P<findings>Findings of (?:the )?)?(?P<name>{_ALIAS_ALT})"
    r"(?P<w>W)?(?P<findings2>[ -]Findings)?"
    r"(?:\s?['’‘`](?P<yy>\d\d)|[ -]?(?P<yyyy>(?:19|20)\d\d)|-(?P<yy2>\d\d))?"
    r"(?P<findings3>[ -]Findings)?(?P<ws>[ -][Ww]orkshops?)?"
    r"(?![\w'’])"
)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_YY_RE = re.compile(r"['’‘`](\d\d)(?!\d)")
_PREFIX_WORDS = frozenset({"in", "at", "In", "At", "published", "Published", "accepted", "to"})
_CLOSING = frozenset({"", ",", ";", ".", ")", "]", ":", "!", "?", "/"})
_CLOSING_WORDS = (" (", " -", " –", " —", " |", " /")
_ARXIV_ALIASES = frozenset({"arXiv", "ArXiv"})


def canonical_aliases() -> tuple[str, ...]:
    """Every spelling :func:`venues_in_text` recognises (``NIPS``, ``NeurIPS``, ``T-PAMI`` …)."""
    return tuple(_ALIASES)


def format_venue(
    name: str, year: int | None = None, *, findings: bool = False, workshop: bool = False
) -> str:
    """``CVPR`` + 2022 → ``CVPR 2022``; findings → ``Findings of EMNLP 2022``;
    workshop → ``CVPR 2022 Workshop``."""
    text = f"{name} {year}" if year else name
    if findings:
        text = "Findings of " + text
    return text + " Workshop" if workshop else text


def year_from_venue(venue: str) -> int | None:
    """The year a venue string names: ``CVPR 2022``, ``CVPR2022``, ``NeurIPS'22`` → 2022."""
    venue = venue[:_MAX_TEXT]
    m = _YEAR_RE.search(venue)
    if m is not None and plausible_year(int(m.group(1))):
        return int(m.group(1))
    m = _YY_RE.search(venue)
    return expand_two_digit_year(int(m.group(1))) if m else None


class _Venue(NamedTuple):
    name: str
    year: int | None
    findings: bool
    workshop: bool

    @property
    def text(self) -> str:
        return format_venue(self.name, self.year, findings=self.findings, workshop=self.workshop)


def _after_ok(after: str) -> bool:
    return after[:1] in _CLOSING or after.startswith(_CLOSING_WORDS)


def _before_ok(before: str) -> bool:
    before = before.rstrip()
    if not before or before[-1] in "(,;:[":
        return True
    words = before.split()
    return bool(words) and words[-1] in _PREFIX_WORDS


def _context_ok(text: str, m: re.Match[str]) -> bool:
    """An ambiguous word is a venue only with a year, or standing alone at the start of a
    clause (or after "in"/"at"): never in "Nature of", "Cell Reports" or "RSS feed"."""
    if m.group("yy") or m.group("yyyy") or m.group("yy2"):
        return True
    if not _after_ok(text[m.end() : m.end() + 3]):
        return False
    alias = m.group("name")
    return alias in _ARXIV_ALIASES or _before_ok(text[max(0, m.start() - 40) : m.start()])


def _venue_from_match(text: str, m: re.Match[str]) -> _Venue | None:
    alias = m.group("name")
    if (alias in _AMBIGUOUS or alias in _ARXIV_ALIASES) and not _context_ok(text, m):
        return None
    if alias in _ARXIV_ALIASES and text[m.end() : m.end() + 1] == ":":
        return None  # "arXiv:2310.18689" is an identifier, not a venue
    year: int | None = None
    if m.group("yyyy"):
        year = int(m.group("yyyy"))
    elif m.group("yy") or m.group("yy2"):
        year = expand_two_digit_year(int(m.group("yy") or m.group("yy2")))
    findings = bool(m.group("findings") or m.group("findings2") or m.group("findings3"))
    workshop = bool(m.group("w") or m.group("ws"))
    return _Venue(_ALIASES[alias], year, findings, workshop)


def _venue_matches(text: str) -> list[_Venue]:
    text = text[:_MAX_TEXT]
    found = (_venue_from_match(text, m) for m in _VENUE_RE.finditer(text))
    return [v for v in found if v is not None]


def venues_in_text(text: str) -> list[str]:
    """Every known venue named in ``text``, in order, as ``<name> [<year>]``.

    Case-sensitive and whole-word: ``NeurIPS'22`` → ``NeurIPS 2022``, ``NIPS 2017`` →
    ``NeurIPS 2017``, but "the nature of" or "Computer Science" name no venue.
    """
    found: list[str] = []
    for venue in _venue_matches(text):
        if venue.text not in found:
            found.append(venue.text)
    return found


def _venue_rank(venue: str) -> tuple[bool, bool]:
    return (not venue.startswith("arXiv"), year_from_venue(venue) is not None)


def pick_venue(candidates: Iterable[str]) -> str | None:
    """The best of several venues: a real venue over arXiv, then one with a year over one
    without; ties go to the earliest."""
    best: str | None = None
    for venue in candidates:
        if best is None or _venue_rank(venue) > _venue_rank(best):
            best = venue
    return best


def venue_from_note(note: str) -> str | None:
    """The venue a remark names (``CVPR, from Tsinghua`` → ``CVPR``), best one first."""
    return pick_venue(venues_in_text(note))


# --------------------------------------------------------------------------- URLs

_PMLR_SERIES: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("ICML", 2013, (28, 32, 37, 48, 70, 80, 97, 119, 139, 162, 202, 235, 267)),
    ("AISTATS", 2010, (9, 15, 22, 31, 33, 38, 51, 54, 84, 89, 108, 130, 151, 206, 238, 258)),
    ("COLT", 2015, (40, 49, 65, 75, 99, 125, 134, 178, 195, 247)),
    ("UAI", 2019, (115, 124, 161, 180, 216, 244)),
    ("CoRL", 2017, (78, 87, 100, 155, 164, 205, 229, 270)),
    ("MIDL", 2019, (102, 121, 143, 172, 227, 250)),
    ("MLHC", 2019, (106, 126, 149, 182, 219, 252)),
    ("CHIL", 2022, (174, 209, 248)),
)
"""(venue, first year, volume of each consecutive year) of PMLR proceedings series."""
PMLR_VOLUMES: dict[int, tuple[str, int]] = {
    volume: (name, first + i)
    for name, first, volumes in _PMLR_SERIES
    for i, volume in enumerate(volumes)
}
"""PMLR volume → (venue, year), for the conferences whose volumes are certain."""

_THECVF_RE = re.compile(
    r"/content[/_](?P<name>CVPR|ICCV|ECCV|WACV|ACCV)(?P<w1>W)?_?(?P<y>(?:19|20)\d\d)"
    r"(?P<w2>W|_workshops?)?(?![\d])",
    re.I,
)
_NEURIPS_RE = re.compile(r"/paper(?:_files/paper)?/(?P<y>(?:19|20)\d\d)/")
_VIRTUAL_RE = re.compile(r"/(?:virtual|Conferences)[/_](?P<y>(?:19|20)\d\d)(?!\d)")
_PMLR_RE = re.compile(r"/(?:proceedings/papers/)?v(?P<v>\d{1,4})/")
_JMLR_RE = re.compile(r"/papers/v(?:olume)?(?P<v>\d{1,3})/")
_ACL_NEW_RE = re.compile(r"/(?P<y>(?:19|20)\d\d)\.(?P<vol>[a-z0-9-]{1,40})\.\d{1,4}(?:\.pdf)?/?$")
_ACL_OLD_RE = re.compile(r"/(?P<letter>[A-Z])(?P<yy>\d\d)-\d{4}(?:\.pdf)?/?$")
_ECVA_RE = re.compile(r"/papers/eccv_(?P<y>(?:19|20)\d\d)/")
_AAAI_YEAR_RE = re.compile(r"AAAI[-/_]?(?P<y>(?:19|20)\d\d)(?!\d)")
_IJCAI_RE = re.compile(r"/proceedings/(?P<y>(?:19|20)\d\d)/", re.I)
_MICCAI_RE = re.compile(r"/(?:miccai-)?(?P<y>(?:19|20)\d\d)/")
_RSS_RE = re.compile(r"/rss(?P<n>\d\d)/")
_BMVC_HOST_RE = re.compile(r"bmvc(?P<y>(?:19|20)\d\d)\.")
_BMVC_PATH_RE = re.compile(r"/bmvc/(?P<y>(?:19|20)\d\d)/")
_ISCA_RE = re.compile(r"/(?:archive/)?interspeech_(?P<y>(?:19|20)\d\d)/")
_NATURE_RE = re.compile(
    r"/articles/(?:s(?P<code>\d{5})-0(?P<yy>\d\d)-|(?P<old>nature|ncomms|srep)\d)"
)
_SCIENCE_RE = re.compile(r"/doi/(?:[a-z]{1,10}/)?10\.1126/(?P<j>science|sciadv|scirobotics)\.")

_ACL_LETTERS = {
    "P": "ACL",
    "N": "NAACL",
    "D": "EMNLP",
    "E": "EACL",
    "C": "COLING",
    "Q": "TACL",
    "J": "Computational Linguistics",
    "K": "CoNLL",
    "L": "LREC",
    "I": "IJCNLP",
}
_ACL_VOLUMES = {
    "acl": "ACL",
    "emnlp": "EMNLP",
    "naacl": "NAACL",
    "eacl": "EACL",
    "aacl": "AACL",
    "coling": "COLING",
    "conll": "CoNLL",
    "tacl": "TACL",
    "cl": "Computational Linguistics",
    "lrec": "LREC",
    "bionlp": "BioNLP",
    "semeval": "SemEval",
    "wmt": "WMT",
    "ijcnlp": "IJCNLP",
    "clinicalnlp": "ClinicalNLP",
    "starsem": "*SEM",
    "repl4nlp": "RepL4NLP",
    "inlg": "INLG",
    "sigdial": "SIGDIAL",
    "blackboxnlp": "BlackboxNLP",
    "louhi": "LOUHI",
}
_NATURE_CODES = {
    "41586": "Nature",
    "41467": "Nature Communications",
    "41591": "Nature Medicine",
    "42256": "Nature Machine Intelligence",
    "41592": "Nature Methods",
    "41587": "Nature Biotechnology",
    "41551": "Nature Biomedical Engineering",
    "41746": "npj Digital Medicine",
    "41598": "Scientific Reports",
}
_NATURE_OLD = {"nature": "Nature", "ncomms": "Nature Communications", "srep": "Scientific Reports"}
_SCIENCE_JOURNALS = {
    "science": "Science",
    "sciadv": "Science Advances",
    "scirobotics": "Science Robotics",
}
_VIRTUAL_HOSTS = {
    "neurips.cc": "NeurIPS",
    "nips.cc": "NeurIPS",
    "iclr.cc": "ICLR",
    "icml.cc": "ICML",
    "cvpr.thecvf.com": "CVPR",
    "iccv.thecvf.com": "ICCV",
    "wacv.thecvf.com": "WACV",
}
_NEURIPS_HOSTS = frozenset(
    {
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "papers.neurips.cc",
        "datasets-benchmarks-proceedings.neurips.cc",
    }
)


_Handler = Callable[[UrlParts], "str | None"]


def _year_group(m: re.Match[str] | None) -> int | None:
    return int(m.group("y")) if m else None


def _thecvf(p: UrlParts) -> str | None:
    m = _THECVF_RE.match(p.path)
    if m is None:
        return None
    workshop = bool(m.group("w1") or m.group("w2"))
    return format_venue(m.group("name").upper(), int(m.group("y")), workshop=workshop)


def _neurips(p: UrlParts) -> str | None:
    if not p.path.startswith("/paper"):
        return None
    return format_venue("NeurIPS", _year_group(_NEURIPS_RE.match(p.path)))


def _virtual(p: UrlParts) -> str | None:
    year = _year_group(_VIRTUAL_RE.match(p.path))
    return format_venue(_VIRTUAL_HOSTS[p.host], year) if year else None


def _pmlr(p: UrlParts) -> str | None:
    m = _PMLR_RE.match(p.path)
    hit = PMLR_VOLUMES.get(int(m.group("v"))) if m else None
    return format_venue(*hit) if hit else None


def _jmlr(p: UrlParts) -> str | None:
    if p.path.startswith("/tmlr/"):
        return "TMLR"
    if p.path.startswith("/proceedings/papers/"):
        return _pmlr(p)
    m = _JMLR_RE.match(p.path)
    return format_venue("JMLR", 1999 + int(m.group("v"))) if m else None


def _acl_volume(year: int, volume: str) -> str:
    tokens = volume.split("-")
    findings = tokens[0] == "findings" and len(tokens) > 1
    key = tokens[1] if findings else tokens[0]
    name = _ACL_VOLUMES.get(key, key.upper())
    return format_venue(name, year, findings=findings)


def _acl(p: UrlParts) -> str | None:
    path = p.path[len("/anthology") :] if p.path.startswith("/anthology/") else p.path
    m = _ACL_NEW_RE.match(path)
    if m is not None:
        return _acl_volume(int(m.group("y")), m.group("vol"))
    old = _ACL_OLD_RE.match(path)
    if old is None or old.group("letter") not in _ACL_LETTERS:
        return None
    yy = int(old.group("yy"))
    return format_venue(_ACL_LETTERS[old.group("letter")], 2000 + yy if yy < 50 else 1900 + yy)


def _ecva(p: UrlParts) -> str | None:
    year = _year_group(_ECVA_RE.match(p.path))
    return format_venue("ECCV", year) if year else None


def _aaai(p: UrlParts) -> str | None:
    if "/AAAI/" not in p.path and not p.path.startswith("/Papers/AAAI"):
        return None
    return format_venue("AAAI", _year_group(_AAAI_YEAR_RE.search(p.path)))


def _ijcai(p: UrlParts) -> str | None:
    year = _year_group(_IJCAI_RE.match(p.path))
    return format_venue("IJCAI", year) if year else None


def _miccai(p: UrlParts) -> str | None:
    year = _year_group(_MICCAI_RE.match(p.path))
    return format_venue("MICCAI", year) if year else None


def _rss(p: UrlParts) -> str | None:
    m = _RSS_RE.match(p.path)
    return format_venue("RSS", 2004 + int(m.group("n"))) if m else None


def _bmvc(p: UrlParts) -> str | None:
    year = _year_group(_BMVC_HOST_RE.match(p.host) or _BMVC_PATH_RE.match(p.path))
    return format_venue("BMVC", year) if year else None


def _isca(p: UrlParts) -> str | None:
    year = _year_group(_ISCA_RE.match(p.path))
    return format_venue("Interspeech", year) if year else None


def _nature(p: UrlParts) -> str | None:
    m = _NATURE_RE.match(p.path)
    if m is None:
        return None
    if m.group("old"):
        return _NATURE_OLD[m.group("old")]
    name = _NATURE_CODES.get(m.group("code"))
    return format_venue(name, 2000 + int(m.group("yy"))) if name else None


def _science(p: UrlParts) -> str | None:
    m = _SCIENCE_RE.match(p.path)
    return _SCIENCE_JOURNALS[m.group("j")] if m else None


def _handler_for(host: str) -> _Handler | None:
    if host in _NEURIPS_HOSTS:
        return _neurips
    if host in _VIRTUAL_HOSTS:
        return _virtual
    if host.startswith("bmvc") or host == "bmva-archive.org.uk":
        return _bmvc
    return _HOST_HANDLERS.get(host)


_HOST_HANDLERS = {
    "openaccess.thecvf.com": _thecvf,
    "proceedings.mlr.press": _pmlr,
    "jmlr.org": _jmlr,
    "aclanthology.org": _acl,
    "aclweb.org": _acl,
    "ecva.net": _ecva,
    "ojs.aaai.org": _aaai,
    "aaai.org": _aaai,
    "ijcai.org": _ijcai,
    "papers.miccai.org": _miccai,
    "conferences.miccai.org": _miccai,
    "roboticsproceedings.org": _rss,
    "isca-archive.org": _isca,
    "isca-speech.org": _isca,
    "nature.com": _nature,
    "science.org": _science,
}


@lru_cache(maxsize=8192)
def venue_from_url(url: str) -> str | None:
    """The venue a proceedings URL encodes, or ``None`` (``openreview.net`` encodes none).

    ``openaccess.thecvf.com/content/CVPR2022/…`` → ``CVPR 2022``;
    ``proceedings.neurips.cc/paper/2021/…`` → ``NeurIPS 2021``; ``proceedings.mlr.press/v139``
    → ``ICML 2021``; ``aclanthology.org/2022.findings-emnlp.398`` → ``Findings of EMNLP 2022``;
    ``ecva.net/papers/eccv_2022/…`` → ``ECCV 2022``; ``ojs.aaai.org/…/AAAI/…`` → ``AAAI``.
    """
    parts = split_url(url)
    if parts is None:
        return None
    handler = _handler_for(parts.host)
    return handler(parts) if handler else None


# --------------------------------------------------------------------------- full names

_LONG_NAMES: tuple[tuple[str, str], ...] = (
    (r"North American Chapter of the Association for Computational Linguistics", "NAACL"),
    (r"European Chapter of the Association for Computational Linguistics", "EACL"),
    (r"Asia-Pacific Chapter of the Association for Computational Linguistics", "AACL"),
    (r"Transactions of the Association for Computational Linguistics", "TACL"),
    (r"Empirical Methods in Natural Language Processing", "EMNLP"),
    (r"Annual Meeting of the Association for Computational Linguistics", "ACL"),
    (r"International Conference on Computational Linguistics", "COLING"),
    (r"Pattern Analysis and Machine Intelligence", "TPAMI"),
    (r"Computer Vision and Pattern Recognition", "CVPR"),
    (r"European Conference on Computer Vision", "ECCV"),
    (r"Winter Conference on Applications of Computer Vision", "WACV"),
    (r"Asian Conference on Computer Vision", "ACCV"),
    (r"International Conference on Computer Vision(?! Systems)", "ICCV"),
    (r"British Machine Vision Conference", "BMVC"),
    (r"Neural Information Processing Systems", "NeurIPS"),
    (r"International Conference on Learning Representations", "ICLR"),
    (r"International Conference on Machine Learning(?! and)", "ICML"),
    (r"AAAI Conference on Artificial Intelligence", "AAAI"),
    (r"International Joint Conference on Artificial Intelligence", "IJCAI"),
    (r"Knowledge Discovery (?:and|&) Data Mining", "KDD"),
    (r"(?:The |World Wide )Web Conference", "WWW"),
    (r"Research and Development in Information Retrieval", "SIGIR"),
    (r"Medical Image Computing and Computer[- ]Assisted Intervention", "MICCAI"),
    (r"International Journal of Computer Vision", "IJCV"),
    (r"Transactions on Image Processing", "TIP"),
    (r"Transactions on Medical Imaging", "TMI"),
    (r"Journal of Machine Learning Research", "JMLR"),
    (r"Transactions on Machine Learning Research", "TMLR"),
    (r"Artificial Intelligence and Statistics", "AISTATS"),
    (r"Uncertainty in Artificial Intelligence", "UAI"),
    (r"Conference on Robot Learning", "CoRL"),
    (r"Conference on Learning Theory", "COLT"),
    (r"Robotics: Science and Systems", "RSS"),
    (r"International Conference on Robotics and Automation", "ICRA"),
    (r"Intelligent Robots and Systems", "IROS"),
    (r"Human Factors in Computing Systems", "CHI"),
    (r"Acoustics, Speech,? and Signal Processing", "ICASSP"),
    (r"Transactions on Graphics", "TOG"),
    (r"Proceedings of the National Academy of Sciences", "PNAS"),
    (r"Medical Image Analysis", "Medical Image Analysis"),
    (r"Association for Computational Linguistics", "ACL"),
)
_LONG_RES = tuple((re.compile(p, re.I), name) for p, name in _LONG_NAMES)
_FINDINGS_RE = re.compile(r"\bFindings\b", re.I)
_WORKSHOP_RE = re.compile(r"\bWorkshops?\b", re.I)
_ARXIV_VENUE_RE = re.compile(r"^\s*(?:arxiv|corr)\b", re.I)


def canonical_venue(text: str, year: int | None = None) -> str | None:
    """The short form of a venue written in full or abbreviated (BibTeX ``booktitle`` or
    ``journal``), with ``year`` added when the text has none; ``None`` if unknown.

    ``Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition``
    → ``CVPR 2022``; ``arXiv preprint arXiv:2310.18689`` → ``arXiv``.
    """
    text = text[:_MAX_TEXT]
    if _ARXIV_VENUE_RE.match(text):
        return "arXiv"
    year = year_from_venue(text) or year
    findings = _FINDINGS_RE.search(text) is not None
    workshop = _WORKSHOP_RE.search(text) is not None
    named = _venue_matches(text)
    if findings and named:
        return format_venue(named[-1].name, year, findings=True)
    for pattern, name in _LONG_RES:
        if pattern.search(text):
            return format_venue(name, year, findings=findings, workshop=workshop)
    if not named:
        return None
    first = named[0]
    return format_venue(first.name, year, findings=first.findings, workshop=workshop)


# --------------------------------------------------------------------------- kinds

VenueKind = Literal["journal", "conference", "workshop", "preprint", "organisation", "other"]
"""What a venue is, for exporters that type a reference by it (``@article`` vs
``@inproceedings``, CSL ``article-journal`` vs ``paper-conference``)."""

_JOURNAL_NAMES = frozenset(
    {"TACL", "TPAMI", "IJCV", "TIP", "TMI", "TCSVT", "TMM", "TOMM", "TGRS", "TVCG", "TNNLS"}
    | {"TKDE", "TOG", "JMLR", "TMLR", "Cell", "PNAS", "Radiology", "The Lancet", "NEJM", "JAMA"}
    | {"Medical Image Analysis", "Neurocomputing", "Pattern Recognition", "Information Fusion"}
    | {"Expert Systems with Applications", "Knowledge-Based Systems", "Scientific Reports"}
    | {"npj Digital Medicine"}
)
"""Canonical names (see ``_CANONICAL``) that are journals; the Nature and Science families are
recognised by their first word."""
_JOURNAL_WORDS_RE = re.compile(
    r"\b(?:journal|transactions|letters|magazine|review|communications|nature|science|"
    r"proceedings of the ieee|computing surveys|csur)\b",
    re.I,
)
_PREPRINT_RE = re.compile(
    r"^\s*(?:arxiv|corr)\b|\b(?:\w*rxiv|ssrn|preprints?|research square|techrxiv)\b", re.I
)
_ORGANISATION_TEXT = """
openai deepmind google microsoft meta facebook fair nvidia apple amazon aws ibm intel baidu
alibaba tencent bytedance huawei samsung salesforce anthropic huggingface hugging eleutherai
laion ai2 university universität université universidad institute college laboratory
laboratories lab labs inc corp corporation ltd gmbh academy school
"""
_ORGANISATION_WORDS = frozenset(_ORGANISATION_TEXT.split())
"""Words that make a venue a company or an institution (a publisher, never a container)."""
_OTHER_TEXT = """
blog report technical tech whitepaper website webpage github tutorial thesis book talk keynote
news documentation docs
"""
_OTHER_WORDS = frozenset(_OTHER_TEXT.split())
"""Words of a venue that is published but is no journal or proceedings."""
_VENUE_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)  # a list repeats a few dozen venues over and over
def venue_kind(venue: str) -> VenueKind:
    """Classify a venue as written in an entry: ``Nature 2023`` → journal, ``CVPR 2022`` →
    conference, ``CVPR 2022 Workshop`` → workshop, ``arxiv``/``bioRxiv`` → preprint,
    ``OpenAI``/``Google Research`` → organisation (a publisher, never a container), a blog or
    report → other. A venue none of these recognise is taken for a conference, the most common
    venue of the lists this library reads."""
    text = venue[:_MAX_TEXT]
    if _PREPRINT_RE.search(text):
        return "preprint"
    canonical = canonical_venue(text)
    if canonical is not None:
        if _WORKSHOP_RE.search(canonical):
            return "workshop"
        name = _YEAR_RE.sub("", canonical).strip()
        if name in _JOURNAL_NAMES or name.split(" ")[0] in ("Nature", "Science", "npj"):
            return "journal"
        return "conference"
    if _WORKSHOP_RE.search(text):
        return "workshop"
    if _JOURNAL_WORDS_RE.search(text):
        return "journal"
    words = {word.lower() for word in _VENUE_WORD.findall(text)}
    if words & _OTHER_WORDS:
        return "other"
    if words & _ORGANISATION_WORDS:
        return "organisation"
    return "conference"
