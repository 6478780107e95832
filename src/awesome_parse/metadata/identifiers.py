"""Identifiers hidden in links: arXiv ids, DOIs, code repositories and a canonical URL.

Awesome lists cite papers by link, not by identifier, and the same paper turns up as
``arxiv.org/abs/2310.18689v2``, ``arxiv.org/pdf/2310.18689.pdf`` or an arXiv DOI. Mapping
every spelling to one normal form is what lets later stages deduplicate papers and join the
list with other data. Everything here is offline and pure: text in, an identifier or ``None``
out, never an exception, and in linear time even on hostile megabyte-long input.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = [
    "UrlParts",
    "arxiv_id_from_text",
    "arxiv_id_from_url",
    "doi_from_text",
    "doi_from_url",
    "is_paper_url",
    "normalize_arxiv_id",
    "normalize_doi",
    "normalize_url",
    "repo_from_badge",
    "repo_from_url",
    "split_url",
]

_MAX_URL = 8192
"""Longer URLs are cut to this many characters before any matching (no real URL is longer)."""
_MAX_TEXT = 65536
"""Free text (notes) is scanned only this far."""


class UrlParts(NamedTuple):
    """The parts of an absolute (or scheme-less) web URL that extractors look at."""

    host: str
    """Lower-case host without port and without leading ``www.``."""
    path: str
    """The path as written (case kept, no query, no fragment), ``""`` when absent."""
    query: str
    """The query string without ``?``."""


_URL_RE = re.compile(
    r"(?:[Hh][Tt][Tt][Pp][Ss]?:)?(?://)?"
    r"(?:[^@/?#\s]{1,256}@)?"
    r"([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})\.?"
    r"(?::\d{1,5})?"
    r"(/[^?#\s]*)?"
    r"(?:\?([^#\s]*))?"
)
_WWW_RE = re.compile(r"^(?:www\.)+")


@lru_cache(maxsize=8192)  # the same URLs recur across sections and calls
def split_url(url: str) -> UrlParts | None:
    """Host, path and query of ``url``; ``None`` when it names no dotted host.

    A missing scheme is accepted (``github.com/o/r``), so are ``http`` and ``https``.
    """
    m = _URL_RE.match(url.strip()[:_MAX_URL])
    if m is None:
        return None
    host = _WWW_RE.sub("", m.group(1).lower())
    return UrlParts(host, m.group(2) or "", m.group(3) or "")


def _host_is(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


# --------------------------------------------------------------------------- arXiv

_ARXIV_NEW = r"(?P<new>(?P<yymm>\d{4})\.\d{4,5})"
_ARXIV_OLD = (
    r"(?P<old>[a-z]{1,12}(?:-[a-z]{1,12})?(?:\.[A-Za-z]{1,10}(?:-[a-z]{1,10})?)?"
    r"/(?P<oyymm>\d{4})\d{3})"
)
_ARXIV_BODY = rf"(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d{{1,4}})?"
_ARXIV_ID_RE = re.compile(rf"(?i:arxiv:)?\s?{_ARXIV_BODY}(?:\.pdf)?")
_ARXIV_PATH_RE = re.compile(
    rf"/(?:(?:abs|pdf|html|format|ps|src|papers|overview)/)?(?i:arxiv:)?{_ARXIV_BODY}(?!\d)"
)
_ARXIV_TEXT_RE = re.compile(rf"(?<![\w/])(?i:arxiv)(?::\s?|\s)(?:abs/)?{_ARXIV_BODY}(?!\d)")
_ARXIV_DOI_PREFIX = "10.48550/arxiv."
_ARXIV_MIRRORS = ("alphaxiv.org", "ar5iv.org", "arxiv-vanity.com")


def _valid_new_yymm(yymm: str) -> bool:
    yy, mm = int(yymm[:2]), int(yymm[2:])
    return 1 <= mm <= 12 and (yy, mm) >= (7, 4)


def _valid_old_yymm(yymm: str) -> bool:
    yy, mm = int(yymm[:2]), int(yymm[2:])
    return 1 <= mm <= 12 and (yy >= 91 or yy <= 7)


def _arxiv_from_match(m: re.Match[str]) -> str | None:
    if m.group("new"):
        return m.group("new") if _valid_new_yymm(m.group("yymm")) else None
    return m.group("old") if _valid_old_yymm(m.group("oyymm")) else None


def normalize_arxiv_id(text: str) -> str | None:
    """The bare arXiv id in ``text`` (``arXiv:2310.18689v2``, ``2310.18689.pdf`` …).

    The whole of ``text`` must be the id: no URL, no surrounding words. The version and
    ``.pdf`` are dropped; an old-style id keeps its subject class as written
    (``math.GT/0309136``). Returns ``None`` for anything else, including impossible months.
    """
    if len(text) > 64:
        return None
    m = _ARXIV_ID_RE.fullmatch(text.strip())
    return _arxiv_from_match(m) if m else None


@lru_cache(maxsize=8192)
def arxiv_id_from_url(url: str) -> str | None:
    """The arXiv id a link points at, or ``None``.

    Knows ``arxiv.org/abs|pdf|html/ID`` on any arxiv.org host (``www.``, ``export.`` …),
    the bare ``arxiv.org/ID``, mirrors (``alphaxiv``, ``ar5iv``, ``huggingface.co/papers``)
    and arXiv DOIs (``doi.org/10.48550/arXiv.ID``). Listing and author pages give nothing.
    """
    parts = split_url(url)
    if parts is None:
        return None
    host, path = parts.host, parts.path
    if _host_is(host, "doi.org"):
        return _arxiv_from_doi(unquote(path[1:]))
    if not (
        _host_is(host, "arxiv.org")
        or any(_host_is(host, mirror) for mirror in _ARXIV_MIRRORS)
        or (host == "huggingface.co" and path.startswith("/papers/"))
    ):
        return None
    m = _ARXIV_PATH_RE.match(path)
    return _arxiv_from_match(m) if m else None


def _arxiv_from_doi(doi: str) -> str | None:
    if doi.lower().startswith(_ARXIV_DOI_PREFIX):
        return normalize_arxiv_id(doi[len(_ARXIV_DOI_PREFIX) :].strip().rstrip(".,;"))
    return None


def arxiv_id_from_text(text: str) -> str | None:
    """The first ``arXiv:ID`` / ``arXiv ID`` or arXiv DOI written in free text."""
    text = text[:_MAX_TEXT]
    m = _ARXIV_TEXT_RE.search(text)
    if m is not None:
        found = _arxiv_from_match(m)
        if found:
            return found
    d = _DOI_TEXT_RE.search(text)
    return _arxiv_from_doi(d.group(1)) if d else None


# --------------------------------------------------------------------------- DOI

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX_RE = re.compile(r"(?i:doi:\s?|https?://(?:dx\.|www\.)?doi\.org/)")
_DOI_TEXT_RE = re.compile(r"(?<![\w.])(10\.\d{4,9}/[^\s\"'<>]+)")
_DOI_PATH_RE = re.compile(r"/(10\.\d{4,9}/[^?#]+)")
_DOI_QUERY_RE = re.compile(r"(?:^|&)doi=(10\.\d{4,9}(?:/|%2[Ff])[^&]+)")
_DOI_TRAILING_PAGE_RE = re.compile(
    r"(?:/(?:abstract|full|fulltext|pdf|epdf|html|meta|summary|references|figures|suppl)"
    r"|\.(?:pdf|full|abstract|html|short|long|full-text|full\.pdf))$",
    re.I,
)
_NATURE_ARTICLE_RE = re.compile(r"/articles/([A-Za-z][A-Za-z0-9.-]{2,60}?)(?:\.pdf)?/?$")
_BIORXIV_RE = re.compile(
    r"/content/(?:early/[\d/]+/)?(10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{5,9})(?!\d)"
)
_NO_DOI_HOSTS = ("github.com", "gitlab.com", "huggingface.co", "github.io", "arxiv.org")
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_TRAILING_PUNCT = frozenset(".,;:'\"!?*")


def normalize_doi(text: str) -> str | None:
    """The lower-case DOI in ``text`` (a DOI, ``doi:…`` or a ``doi.org`` URL), else ``None``.

    Trailing punctuation and unbalanced closing brackets are dropped, so a DOI copied from
    prose (``10.1145/3292500.3330701).``) comes out clean.
    """
    text = _DOI_PREFIX_RE.sub("", text.strip()[:_MAX_URL], count=1)
    text = _strip_trailing(text).lower()
    return text if _DOI_RE.fullmatch(text) else None


def _strip_trailing(text: str) -> str:
    surplus = {c: text.count(c) - text.count(o) for c, o in _CLOSERS.items()}
    end = len(text)
    while end:
        last = text[end - 1]
        if last in _TRAILING_PUNCT:
            end -= 1
        elif surplus.get(last, 0) > 0:
            surplus[last] -= 1
            end -= 1
        else:
            break
    return text[:end]


def _doi_unless_arxiv(raw: str) -> str | None:
    doi = normalize_doi(raw)
    if doi is None or doi.startswith(_ARXIV_DOI_PREFIX):
        return None
    return doi


@lru_cache(maxsize=8192)
def doi_from_url(url: str) -> str | None:
    """The DOI a publisher or resolver link encodes, or ``None`` (arXiv DOIs give ``None``).

    Handles ``doi.org``, any ``…/doi/[abs|full|pdf|epdf/]10.…`` path (ACM, Wiley, Science,
    ``pubs.*.org``), Springer article/chapter paths, ``?doi=`` queries, Nature article ids
    (``s41586-023-05881-4`` → ``10.1038/…``) and bioRxiv/medRxiv content paths.
    """
    parts = split_url(url)
    if parts is None or any(_host_is(parts.host, h) for h in _NO_DOI_HOSTS):
        return None
    host, path = parts.host, parts.path
    if _host_is(host, "doi.org"):
        return _doi_unless_arxiv(unquote(path[1:]))
    if host == "nature.com":
        m = _NATURE_ARTICLE_RE.match(path)
        return normalize_doi("10.1038/" + m.group(1)) if m else None
    if host in ("biorxiv.org", "medrxiv.org"):
        m = _BIORXIV_RE.match(path)
        return normalize_doi(m.group(1)) if m else None
    m = _DOI_PATH_RE.search(path)
    if m is not None:
        return _doi_unless_arxiv(_DOI_TRAILING_PAGE_RE.sub("", unquote(m.group(1))))
    q = _DOI_QUERY_RE.search(parts.query)
    return _doi_unless_arxiv(unquote(q.group(1))) if q else None


def doi_from_text(text: str) -> str | None:
    """The first DOI (not an arXiv DOI) written in free text, e.g. ``doi:10.1038/x``."""
    for m in _DOI_TEXT_RE.finditer(text[:_MAX_TEXT]):
        doi = _doi_unless_arxiv(m.group(1))
        if doi:
            return doi
    return None


# --------------------------------------------------------------------------- URLs

_TRACKING_KEYS = ("fbclid", "gclid", "mc_cid", "mc_eid")
_MAX_ROUNDS = 8
_SLASH_AND_ASCII_SPACE = "/ \t\n\r\x0b\x0c"


def _is_tracking(param: str) -> bool:
    key = param.split("=", 1)[0].lower()
    return key.startswith("utm_") or key in _TRACKING_KEYS


def _normal_netloc(netloc: str) -> str:
    user, at, hostport = netloc.rpartition("@")
    return user + at + _WWW_RE.sub("", hostport.lower())


def _strip_path_end(path: str) -> str:
    """Drop trailing slashes and whitespace in one backward scan (linear on any input)."""
    path = path.rstrip(_SLASH_AND_ASCII_SPACE)
    if not path or not path[-1].isspace():
        return path
    end = len(path)
    while end and (path[end - 1] == "/" or path[end - 1].isspace()):
        end -= 1
    return path[:end]


def _normalize_once(text: str) -> str:
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    query = "&".join(p for p in parts.query.split("&") if p.strip() and not _is_tracking(p))
    path = _strip_path_end(parts.path)
    if not parts.netloc and path.startswith("//"):
        path = "/" + path.lstrip("/")
    return urlunsplit((scheme, _normal_netloc(parts.netloc), path, query, "")).strip()


@lru_cache(maxsize=8192)
def normalize_url(url: str) -> str:
    """A canonical form of ``url`` for identity checks (not for display).

    Lower-cases scheme and host, turns ``http`` into ``https``, drops ``www.``, the
    fragment, ``utm_*`` and click-id query parameters and trailing slashes. Text that is
    not a parseable URL comes back stripped. Applying it twice changes nothing: the steps
    are repeated until the text stops changing (dropping a fragment can expose a trailing
    slash), which takes two or three rounds at most.
    """
    current = url
    for _ in range(_MAX_ROUNDS):
        following = _normalize_once(current)
        if following == current:
            break
        current = following
    return current


# --------------------------------------------------------------------------- papers

_PAPER_HOSTS: dict[str, str] = {
    "arxiv.org": r"/(?:abs|pdf|html)/",
    "openreview.net": r"/(?:forum|pdf|attachment)",
    "aclanthology.org": r"/(?:\d{4}\.[\w-]+\.\d+|[A-Z]\d{2}-\d{4})",
    "aclweb.org": r"/anthology/",
    "openaccess.thecvf.com": r"/content",
    "proceedings.neurips.cc": r"/paper",
    "papers.nips.cc": r"/paper",
    "proceedings.mlr.press": r"/v\d+/.",
    "ecva.net": r"/papers/",
    "ieeexplore.ieee.org": r"/(?:abstract/)?(?:document|stamp)",
    "dl.acm.org": r"/doi/",
    "nature.com": r"/articles/",
    "science.org": r"/doi/",
    "biorxiv.org": r"/content/",
    "medrxiv.org": r"/content/",
    "link.springer.com": r"/(?:article|chapter|content/pdf)/",
    "onlinelibrary.wiley.com": r"/doi/",
    "sciencedirect.com": r"/science/article/",
    "semanticscholar.org": r"/(?:paper|arxiv)/",
    "paperswithcode.com": r"/paper/",
    "pubmed.ncbi.nlm.nih.gov": r"/\d",
    "ncbi.nlm.nih.gov": r"/(?:pmc/articles|pubmed)/",
    "ojs.aaai.org": r"/index\.php/\w+/article/",
    "aaai.org": r"/(?:ojs/index\.php/\w+/article|Papers)/",
    "ijcai.org": r"/(?i:proceedings)/",
    "doi.org": r"/10\.",
    "jmlr.org": r"/(?:papers|tmlr/papers)/",
    "researchgate.net": r"/publication/",
    "frontiersin.org": r"/articles/",
    "pnas.org": r"/doi/",
    "papers.miccai.org": r"/miccai-",
    "huggingface.co": r"/papers/\d",
    "alphaxiv.org": r"/(?:abs|overview)/",
}
_PAPER_PATH_RES = {host: re.compile(pattern) for host, pattern in _PAPER_HOSTS.items()}
_PUBS_DOI_RE = re.compile(r"/doi/")


@lru_cache(maxsize=8192)
def is_paper_url(url: str) -> bool:
    """True when ``url`` points at a paper: a paper host's article path, or a ``.pdf``.

    ``arxiv.org/list/…``, ``openreview.net/group?…`` and similar listing pages are not papers.
    """
    parts = split_url(url)
    if parts is None:
        return False
    if parts.path.lower().endswith(".pdf"):
        return True
    if arxiv_id_from_url(url) or doi_from_url(url):
        return True
    pattern = _paper_path_pattern(parts.host)
    if pattern is not None:
        return pattern.match(parts.path) is not None
    return parts.host.startswith("pubs.") and _PUBS_DOI_RE.match(parts.path) is not None


def _paper_path_pattern(host: str) -> re.Pattern[str] | None:
    """The article-path pattern of the paper host that ``host`` is or belongs to, the most
    specific one first (``ojs.aaai.org`` before ``aaai.org``): one look-up per domain level
    instead of a test against every paper host."""
    while True:
        pattern = _PAPER_PATH_RES.get(host)
        if pattern is not None:
            return pattern
        _, dot, host = host.partition(".")
        if not dot:
            return None


# --------------------------------------------------------------------------- repositories

_GITHUB_RESERVED = frozenset(
    [
        "about",
        "account",
        "apps",
        "blog",
        "codespaces",
        "collections",
        "contact",
        "copilot",
        "customer-stories",
        "dashboard",
        "education",
        "enterprise",
        "events",
        "explore",
        "features",
        "find-a-friend",
        "github-copilot",
        "home",
        "issues",
        "join",
        "login",
        "logout",
        "marketplace",
        "mobile",
        "new",
        "nonprofit",
        "notifications",
        "organizations",
        "orgs",
        "pricing",
        "pulls",
        "readme",
        "resources",
        "search",
        "security",
        "sessions",
        "settings",
        "signup",
        "site",
        "solutions",
        "sponsors",
        "stars",
        "team",
        "topics",
        "trending",
        "users",
        "watching",
    ]
)
_GITLAB_RESERVED = frozenset(
    ["-", "api", "admin", "dashboard", "explore", "groups", "help", "projects", "search", "users"]
)
_GH_OWNER_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_GH_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,100}")
_BADGE_HOSTS = ("img.shields.io", "shields.io", "badgen.net")
_BADGE_PATH_RE = re.compile(
    r"/github/(?:stars|forks|watchers|last-commit|commit-activity/\w+|issues|license|"
    r"contributors|release|v/release)/([^/?#]{1,39})/([^/?#]{1,110})"
)
_IMAGE_EXT_RE = re.compile(r"\.(?:svg|png|json)$", re.I)


def _repo_name(owner: str, name: str) -> str | None:
    if name.lower().endswith(".git"):
        name = name[:-4]
    if not _GH_OWNER_RE.fullmatch(owner) or not _GH_NAME_RE.fullmatch(name):
        return None
    if name in (".", "..") or owner.lower() in _GITHUB_RESERVED:
        return None
    return f"{owner}/{name}"


def _gitlab_repo(path: str) -> str | None:
    segments: list[str] = []
    for seg in path.split("/", 8)[1:8]:
        if seg == "-":
            break
        if seg:
            segments.append(seg)
    if len(segments) < 2 or segments[0].lower() in _GITLAB_RESERVED:
        return None
    segments = segments[:6]
    last = segments[-1]
    segments[-1] = last[:-4] if last.lower().endswith(".git") else last
    if not all(_GH_NAME_RE.fullmatch(s) for s in segments):
        return None
    return "/".join(segments)


@lru_cache(maxsize=8192)
def repo_from_url(url: str) -> str | None:
    """``owner/name`` of a GitHub or GitLab repository link, case as written, no ``.git``.

    Any path inside a repository counts (``/tree/main/x``, ``/blob/…``); user pages,
    ``topics``, ``orgs``, ``sponsors``, ``features``, gists and ``*.github.io`` sites do not.
    GitLab subgroups are kept (``group/sub/project``).
    """
    parts = split_url(url)
    if parts is None:
        return None
    if parts.host == "gitlab.com":
        return _gitlab_repo(parts.path)
    if parts.host != "github.com":
        return None
    segments = parts.path.split("/", 3)
    if len(segments) < 3 or segments[0]:
        return None
    return _repo_name(segments[1], segments[2])


def repo_from_badge(image: str, url: str | None = None) -> str | None:
    """The repository a GitHub badge is about: from its shields.io / badgen image path
    (``img.shields.io/github/stars/o/r.svg``), else from the GitHub link around it."""
    parts = split_url(image)
    if parts is not None and parts.host in _BADGE_HOSTS:
        m = _BADGE_PATH_RE.match(parts.path)
        if m is not None:
            found = _repo_name(unquote(m.group(1)), _IMAGE_EXT_RE.sub("", unquote(m.group(2))))
            if found:
                return found
    return repo_from_url(url) if url else None
