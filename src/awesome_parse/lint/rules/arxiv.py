"""malformed-arxiv-url: arXiv links that do not resolve as written.

arXiv serves papers at ``/abs/ID``, ``/pdf/ID`` and ``/html/ID``; ``arxiv.org/2005.14165``
(no ``/abs/``) is a 404, and so is an identifier that cannot exist (``2103.0002`` has one
digit too few for 2021). Both are checked offline from the identifier scheme: ``YYMM.NNNN``
from April 2007 to December 2014, ``YYMM.NNNNN`` since January 2015, and old-style
``archive/YYMMNNN`` before that.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from urllib.parse import unquote

from ..context import Context
from ..finding import Hit

__all__ = ["arxiv_url_problem", "canonical_arxiv_url", "malformed_arxiv_url"]

_ARXIV_URL = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:[a-z0-9-]{1,63}\.){0,3}arxiv\.org"
    r"(?P<path>/[^\s<>()\[\]\"'`|]*)?",
    re.I,
)
_NEW_ID = re.compile(r"(\d\d)(\d\d)\.(\d{4,5})(?:v\d{1,3})?")
_OLD_ID = re.compile(r"[a-z-]{2,20}(?:\.[A-Za-z-]{2,8})?/(\d\d)(\d\d)\d{3}(?:v\d{1,3})?")
_ID_DIRECTORIES = ("abs", "pdf", "html")
_NOW = datetime.date.today()


def malformed_arxiv_url(ctx: Context) -> Iterator[Hit]:
    for m in _ARXIV_URL.finditer(ctx.source.masked):
        path = _trim(m.group("path") or "")
        problem = arxiv_url_problem(path)
        if problem is not None:
            message, hint = problem
            end = m.start("path") + len(path) if m.group("path") else m.end()
            yield ctx.hit_at(m.start(), end, message, hint, canonical_arxiv_url(path))


def _trim(path: str) -> str:
    path = path.rstrip(".,;:!?*_~")
    while path.endswith(")") and path.count(")") > path.count("("):
        path = path[:-1]
    return path


def canonical_arxiv_url(path: str) -> str | None:
    """``https://arxiv.org/abs/ID`` for a path that is nothing but a valid identifier
    (``/2005.14165``, ``/2005.14165.pdf``): the only repair of a malformed arXiv URL whose
    result is certain. Anything else (a query, an impossible id) needs a person."""
    identifier = path.strip("/").removesuffix(".pdf")
    if identifier.partition("/")[0].lower() in _ID_DIRECTORIES or not valid_arxiv_id(identifier):
        return None
    return f"https://arxiv.org/abs/{identifier}"


def arxiv_url_problem(path: str) -> tuple[str, str] | None:
    """``(message, hint)`` when an arxiv.org path cannot resolve, else ``None``."""
    path = unquote(path.split("?", 1)[0].split("#", 1)[0]).strip("/")
    if not path:
        return None
    first, _, rest = path.partition("/")
    if valid_arxiv_id(path) or valid_arxiv_id(path.removesuffix(".pdf")):
        return (
            f"arXiv link without /abs/: arxiv.org/{path} does not resolve",
            f"write https://arxiv.org/abs/{path.removesuffix('.pdf')}",
        )
    if first.lower() not in _ID_DIRECTORIES:
        return None
    identifier = rest.removesuffix(".pdf") if first.lower() == "pdf" else rest
    if not identifier:
        return f"arXiv link /{first}/ names no paper", "add the arXiv identifier, e.g. 2005.14165"
    if not valid_arxiv_id(identifier):
        return (
            f"{identifier!r} is not a valid arXiv identifier",
            "check the digits: YYMM.NNNNN since 2015, YYMM.NNNN from 2007 to 2014",
        )
    return None


def valid_arxiv_id(text: str) -> bool:
    """True for an identifier arXiv can have issued (version suffix allowed)."""
    m = _NEW_ID.fullmatch(text)
    if m is not None:
        yy, mm, digits = int(m.group(1)), int(m.group(2)), len(m.group(3))
        if not 1 <= mm <= 12 or (yy, mm) < (7, 4):
            return False
        if (2000 + yy, mm) > (_NOW.year, _NOW.month + 1):
            return False
        return digits == (4 if yy < 15 else 5)
    m = _OLD_ID.fullmatch(text)
    if m is not None:
        yy, mm = int(m.group(1)), int(m.group(2))
        return 1 <= mm <= 12 and (yy >= 91 or yy <= 7)
    return False
