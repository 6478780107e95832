"""Links inside inline content: HTML anchors and images, bare URLs, and each link's role.

A link's role (paper, code, project, video ...) is read from its label first (``[[Code]]``),
then from its host (github.com → code, arxiv.org → paper).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..markdown import Html, LinkPiece, Piece, Text
from ..model import LinkRole
from .html import inline_tags

__all__ = [
    "badge_role",
    "expand_pieces",
    "host_role",
    "is_local",
    "label_role",
    "link_role",
    "normalize_label",
    "trim_url",
]

# GitHub's extended autolinks: a bare URL runs to whitespace or '<'; trailing punctuation and
# an unbalanced ')' are not part of it. A reader also sees one after '(' or '[', or glued to a
# word (``(3https://…``); only a '/', '=' or quote before it means it is inside something else.
_BARE_URL = re.compile(r"(?<![/\"'=])https?://[^\s<>\"'`\]\[]+")
# ``[paper] (https://…)``: the space between the label and its target breaks the link.
_SPACED_LINK = re.compile(r"\[([^\[\]\n]{1,100})\] \((https?://[^\s()<>]{1,2000})\)")
# ``[LLM]([https://…)``, ``[x](<https://…)``: a bracket before the scheme.
_WRAPPED_URL = re.compile(r"^[\[(<]+(https?://[^\s\[\]()<>]+)")


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,30}:")
_URL_TRAILERS = frozenset(".,:;!?*_~")


def trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing parentheses, in one linear pass."""
    end = len(url)
    while end and url[end - 1] in _URL_TRAILERS:
        end -= 1
    excess = url.count(")", 0, end) - url.count("(", 0, end)
    while excess > 0 and end and url[end - 1] == ")":
        end -= 1
        excess -= 1
        while end and url[end - 1] in _URL_TRAILERS:
            end -= 1
    return url[:end]


def expand_pieces(pieces: list[Piece], repairs: list[str] | None = None) -> list[Text | LinkPiece]:
    """Resolve inline HTML (``<br>``, ``<img>``, ``<a href>``) and bare URLs into pieces.

    Broken link syntax is read as a reader sees it (``[paper] (url)``, ``[LLM]([https://…)``,
    a URL glued to a word); each repair is described in ``repairs`` when it is given.
    """
    out: list[Text | LinkPiece] = []
    notes = repairs if repairs is not None else []
    anchor: LinkPiece | None = None
    for piece in pieces:
        if isinstance(piece, Html):
            anchor = _html_piece(piece.html, out, anchor)
        elif isinstance(piece, Text):
            if anchor is not None:
                anchor.text += piece.text
            else:
                _split_bare_urls(piece.text, out, notes)
        elif anchor is not None:
            anchor.text += piece.text
        else:
            out.append(_unwrapped(piece, notes))
    return out


def _unwrapped(piece: LinkPiece, repairs: list[str]) -> LinkPiece:
    wrapped = _WRAPPED_URL.match(piece.url) if piece.url[:1] in "[(<" else None
    if wrapped is None:
        return piece
    url = trim_url(wrapped.group(1))
    repairs.append(f"a bracket before the link's URL: {piece.url!r} read as {url!r}")
    return LinkPiece(piece.text, url, piece.image_alt, piece.image)


def _html_piece(
    html: str, out: list[Text | LinkPiece], anchor: LinkPiece | None
) -> LinkPiece | None:
    for name, closing, attrs in inline_tags(html):
        if name == "br":
            out.append(Text("\n"))
        elif name == "img" and attrs.get("src"):
            if anchor is not None and not anchor.text.strip():
                anchor.image, anchor.image_alt = attrs["src"], attrs.get("alt", "")
            else:
                out.append(LinkPiece("", "", image_alt=attrs.get("alt", ""), image=attrs["src"]))
        elif name == "a" and not closing and attrs.get("href"):
            anchor = LinkPiece("", attrs["href"])
            out.append(anchor)
        elif name == "a" and closing:
            anchor = None
    return anchor


def _split_bare_urls(text: str, out: list[Text | LinkPiece], repairs: list[str]) -> None:
    position = 0
    # The ``in`` test first: a pattern that opens with a lookbehind is tried at every position.
    for match in _bare_links(text, repairs) if "http" in text else ():
        start, end, piece = match
        if start > position:
            _append_text(out, text[position:start])
        out.append(piece)
        position = end
    if position < len(text):
        _append_text(out, text[position:])


def _bare_links(text: str, repairs: list[str]) -> list[tuple[int, int, LinkPiece]]:
    """``(start, end, link)`` of each link written as text, in order: ``[label] (url)`` (a
    broken link) and bare URLs outside those."""
    spaced = list(_SPACED_LINK.finditer(text)) if "] (" in text else []
    found: list[tuple[int, int, LinkPiece]] = []
    for match in spaced:
        label, url = match.group(1), match.group(2)
        repairs.append(f"a space between '[{label}]' and '({url})' breaks the link")
        found.append((match.start(), match.end(), LinkPiece(label, url)))
    next_spaced = 0
    for match in _BARE_URL.finditer(text):
        while next_spaced < len(spaced) and spaced[next_spaced].end() <= match.start():
            next_spaced += 1
        if next_spaced < len(spaced) and spaced[next_spaced].start() <= match.start():
            continue  # the target of a ``[label] (url)`` read above
        url = trim_url(match.group())
        if match.start() and text[match.start() - 1].isalnum():
            repairs.append(f"a URL glued to the text before it: {url}")
        found.append((match.start(), match.start() + len(url), LinkPiece(url, url)))
    return sorted(found, key=lambda item: item[0])


def _append_text(out: list[Text | LinkPiece], text: str) -> None:
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    else:
        out.append(Text(text))


# --- link roles -------------------------------------------------------------------------------

# Labels are matched as whole phrases (English and Chinese, as lists write them); build the
# table phrase by phrase.
_PHRASES: dict[LinkRole, tuple[str, ...]] = {
    "paper": (
        "paper",
        "papers",
        "pdf",
        "arxiv",
        "arxiv paper",
        "link",
        "linl",
        "publication",
        "article",
        "preprint",
        "paper link",
        "openreview",
        "technical report",
        "tech report",
        "report",
        "official paper",
        "论文",
        "文章",
        "原文",
        "论文链接",
    ),
    "code": (
        "code",
        "codes",
        "github",
        "gitlab",
        "repo",
        "repository",
        "source code",
        "official code",
        "implementation",
        "code and models",
        "pytorch",
        "tensorflow",
        "jax",
        "代码",
        "源码",
        "开源代码",
    ),
    "project": (
        "project",
        "project page",
        "website",
        "homepage",
        "home page",
        "site",
        "official website",
        "web",
        "page",
        "webpage",
        "主页",
        "项目主页",
        "官网",
        "网站",
    ),
    "demo": (
        "demo",
        "playground",
        "try it",
        "colab",
        "notebook",
        "space",
        "online demo",
        "演示",
        "体验",
    ),
    "blog": (
        "blog",
        "blogpost",
        "blog post",
        "post",
        "news",
        "official news",
        "medium",
        "博客",
        "解读",
    ),
    "video": (
        "video",
        "youtube",
        "youtube video",
        "talk",
        "presentation",
        "bilibili",
        "paper explained",
        "explained",
        "视频",
    ),
    "slides": ("slides", "ppt", "slide", "deck"),
    "huggingface": (
        "huggingface",
        "hugging face",
        "hf",
        "model",
        "models",
        "weights",
        "checkpoint",
        "checkpoints",
    ),
    "dataset": ("dataset", "datasets", "data", "benchmark", "download", "数据集", "数据", "下载"),
    "docs": ("docs", "documentation", "doc", "文档"),
}
_LABEL_ROLES = {phrase: role for role, phrases in _PHRASES.items() for phrase in phrases}

_HOST_ROLES: tuple[tuple[re.Pattern[str], LinkRole], ...] = (
    (re.compile(r"^https?://(?:[\w-]+\.)*huggingface\.co/"), "huggingface"),
    (re.compile(r"^https?://(?:www\.)?(?:github|gitlab)\.com/[^/]+/[^/#?]+"), "code"),
    (
        re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|bilibili\.com|vimeo\.com)/"),
        "video",
    ),
    (
        re.compile(
            r"^https?://(?:[\w-]+\.)*(?:arxiv\.org/(?:abs|pdf|html)|openreview\.net/(?:forum|pdf)"
            r"|aclanthology\.org|openaccess\.thecvf\.com|proceedings\.neurips\.cc|papers\.nips\.cc"
            r"|proceedings\.mlr\.press|doi\.org|dl\.acm\.org/doi|ieeexplore\.ieee\.org/document"
            r"|biorxiv\.org/content|medrxiv\.org/content|ecva\.net/papers|semanticscholar\.org/paper)"
        ),
        "paper",
    ),
)

_LABEL_WORDS = frozenset(
    [
        *(phrase for phrase in _LABEL_ROLES if " " not in phrase),
        "official",
        "our",
        "full",
        "online",
        "pretrained",
    ]
)
"""Words a two-word label is made of; any other word makes it a name."""
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")
_LABEL_WORD = re.compile(r"[\w&+]+")


def normalize_label(text: str) -> str:
    """``[[Slides (PDF)]]`` → ``slides pdf``: lower case, words only."""
    text = _EMOJI_CODE.sub(" ", text.lower()).replace("&", " and ")
    return " ".join(_LABEL_WORD.findall(text))


@lru_cache(maxsize=8192)  # labels recur: ``Paper``, ``Code``, ``[arXiv]`` on every other item
def label_role(text: str) -> LinkRole | None:
    """The role a link's label names: the whole label, else its first or last word."""
    label = normalize_label(text)
    if not label or len(label) > 30:
        return None
    role = _LABEL_ROLES.get(label)
    words = label.split()
    if role is None and len(words) == 2 and all(w in _LABEL_WORDS for w in words):
        # "arxiv paper", "official code", "slides pdf"; not a name ("Grounded Models").
        role = _LABEL_ROLES.get(words[0]) or _LABEL_ROLES.get(words[1])
    return role


def link_role(text: str, url: str) -> LinkRole:
    """A link's role from its label first (``[[Code]]``), then from its host."""
    role = label_role(text)
    if role is not None:
        if role == "paper" and normalize_label(text) in ("link", "linl"):
            return host_role(url) if host_role(url) != "other" else "paper"
        return role
    return host_role(url)


_BADGE_WORDS: dict[str, LinkRole] = {
    "star": "code",
    "stars": "code",
    "github stars": "code",
    "forks": "code",
    "cvf": "paper",
    "ieee": "paper",
    "acm": "paper",
    "springer": "paper",
    "doi": "paper",
    "youtube": "video",
    "bilibili": "video",
    "🤗": "huggingface",
    "hugging face": "huggingface",
    "colab": "demo",
    "open in colab": "demo",
    "twitter": "blog",
    "x": "blog",
}
_SHIELDS_LABEL = re.compile(r"/badge/([^/?#]{1,80}?)(?:-[^-/?#]*){1,2}(?:[?#/]|$)")


def badge_role(alt: str, image: str, url: str) -> LinkRole:
    """The role of a link that wraps a badge: what the badge says (its alt text, or the
    label of a shields.io ``/badge/LABEL-MESSAGE-COLOR`` image), else what the target is."""
    labels = [alt]
    shields = _SHIELDS_LABEL.search(image) if "/badge/" in image else None
    if shields is not None:
        labels.append(shields.group(1).replace("_", " ").replace("%20", " "))
    if "/github/stars/" in image or "/github/forks/" in image:
        return "code"
    for label in labels:
        words = normalize_label(label)
        role = _BADGE_WORDS.get(words) or (label_role(label) if words else None)
        if role is None and words:
            role = _BADGE_WORDS.get(words.split()[0])
        if role is not None:
            return role
    return host_role(url)


def host_role(url: str) -> LinkRole:
    for pattern, role in _HOST_ROLES:
        if pattern.match(url):
            return role
    if url.lower().split("?")[0].endswith(".pdf"):
        return "paper"
    return "other"


def is_local(url: str) -> bool:
    """In-page anchors and relative paths: navigation, not content. Any URL with a scheme
    (``https:``, ``mailto:``, ``data:``) or a host (``//x``, ``www.x``) is content."""
    return (
        not url or url.startswith("#") or not (_SCHEME.match(url) or url.startswith(("//", "www.")))
    )
