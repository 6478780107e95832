"""Rules about links as a reader meets them: dead, empty, glued, padded, inconsistent.

These read the scanned source (:attr:`SourceText.links`) rather than the tree, because a
finding needs the link's column and because several defects (``[[Paper]]`` with no URL,
``[NLP](#Huge Models)``) are exactly the text CommonMark does not turn into a link.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from ..context import Context, anchor_key
from ..finding import Hit
from ..source import CODE_MASK

__all__ = [
    "broken_anchor",
    "empty_link",
    "http_link",
    "inconsistent_link_labels",
    "link_text_whitespace",
    "missing_space_before_link",
    "serves_https",
]

_TOP_FRAGMENTS = frozenset(("", "top"))
"""``#`` and ``#top`` scroll to the top of the page even without such an anchor."""
_HTTP = re.compile(r"(?<![\w.+-])http://(?P<host>[A-Za-z0-9.-]{1,253})[^\s<>()\[\]\"'`|]*", re.I)
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0")


def _label(text: str) -> str:
    """``[Paper]`` → ``Paper``; `` Paper `` → ``Paper``: what the reader reads as the label."""
    label = text.strip()
    while len(label) >= 2 and label[0] == "[" and label[-1] == "]":
        label = label[1:-1].strip()
    return label


def _shorten(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


# --- empty-link -------------------------------------------------------------------------


def empty_link(ctx: Context) -> Iterator[Hit]:
    """Links without text or without URL, and ``[[Label]]`` with no link at all."""
    from awesome_parse.read import label_role

    for link in ctx.source.links:
        if link.image:
            continue
        label = _label(link.text)
        if not label:
            target = link.url.strip() or "nowhere"
            yield ctx.hit_link(
                link,
                f"link to {_shorten(target)} has no text, so a reader cannot see or click it",
                "put the label between the brackets, e.g. [[Paper]](…), or remove the link",
            )
        elif not link.url.strip():
            yield ctx.hit_link(
                link,
                f"link [{_shorten(label, 40)}] has no URL",
                "put the URL between the parentheses, or remove the label",
            )
    for offset, label in ctx.source.bare_labels:
        if label_role(label) is None:
            continue  # [[Some Note]] is a wiki link, not a link label
        yield ctx.hit_at(
            offset,
            offset + len(label) + 4,
            f"[[{label.strip()}]] is shown as plain text: no (URL) follows it",
            f"add the link, [[{label.strip()}]](https://…), or remove the label",
        )


# --- broken-anchor ----------------------------------------------------------------------


def broken_anchor(ctx: Context) -> Iterator[Hit]:
    """In-page links (``#fragment``) that match no heading anchor or HTML id."""
    anchors = ctx.anchors
    # Repairing mojibake renames the headings it touches: anchors are only fixed once the
    # text is clean, or the fix would point at a name about to change.
    fixable = not any(d.code == "mojibake" for d in ctx.doc.diagnostics)
    for link in ctx.source.links:
        dest = link.dest.strip()
        if link.image or not dest.startswith("#"):
            continue
        valid = link.valid
        fragment = link.url[1:] if valid else dest[1:]
        if valid and anchor_key(fragment) in _TOP_FRAGMENTS | anchors.keys():
            continue
        message = f"in-page link #{_shorten(fragment, 50)} matches no heading"
        if not valid:
            message += " (the target has spaces, so GitHub shows it as plain text, not a link)"
        target = _obvious_target(fragment, anchors) if fixable else None
        fix = None
        if target is not None and (not valid or link.url == dest):  # no "title" to keep
            head = ctx.source.text[link.start : link.end - len(link.dest) - 1]
            fix = f"{head}#{target})"
        yield ctx.hit_link(link, message, _suggest(fragment, anchors), fix)
    for offset, href in ctx.source.html_hrefs:
        if not href.startswith("#") or anchor_key(href[1:]) in _TOP_FRAGMENTS | anchors.keys():
            continue
        target = _obvious_target(href[1:], anchors) if fixable else None
        yield ctx.hit_at(
            offset,
            offset + len(href),
            f"in-page link {_shorten(href, 50)} matches no heading",
            _suggest(href[1:], anchors),
            None if target is None else f"#{target}",
        )


def _obvious_target(fragment: str, anchors: dict[str, str]) -> str | None:
    """The one heading anchor a broken fragment means, when there is exactly one: the same
    words once written as GitHub would (``#Vision Models`` → ``#vision-models``), the only
    heading that starts with them, or the only close spelling."""
    from awesome_parse.read import slug

    wanted = slug(anchor_key(fragment))
    if not wanted:
        return None
    if wanted in anchors:
        return anchors[wanted]
    candidates = [k for k in anchors if k.startswith(wanted)]
    if not candidates:
        candidates = difflib.get_close_matches(wanted, list(anchors), n=2, cutoff=0.85)
    return anchors[candidates[0]] if len(candidates) == 1 else None


def _suggest(fragment: str, anchors: dict[str, str]) -> str:
    from awesome_parse.read import slug

    wanted = slug(anchor_key(fragment))
    if not wanted:
        return "link to a heading's anchor: its text in lower case, spaces as hyphens"
    if wanted in anchors:
        return f"write it as #{anchors[wanted]}"
    longer = sorted((k for k in anchors if k.startswith(wanted)), key=len)
    close = longer[:1] or difflib.get_close_matches(wanted, list(anchors), n=1, cutoff=0.75)
    if close:
        return f"did you mean #{anchors[close[0]]}?"
    return f"GitHub would name a heading with that text #{wanted}; no heading has it"


# --- missing-space-before-link ----------------------------------------------------------


def _glued(text: str, offset: int) -> bool:
    """True when a word character (not CJK, which is written without spaces) touches
    ``offset`` from the left."""
    if offset <= 0:
        return False
    char = text[offset - 1]
    return char.isalnum() and ord(char) < 0x2E80


def missing_space_before_link(ctx: Context) -> Iterator[Hit]:
    """``Lectures[[Paper]](…)``: a word runs into a bracketed or label link."""
    from awesome_parse.read import label_role

    masked = ctx.source.masked
    seen: set[int] = set()
    for link in ctx.source.links:
        if link.image or not _glued(masked, link.start):
            continue
        label = _label(link.text)
        if not (
            link.text.startswith("[")
            or (label and label_role(label) is not None and len(label) <= 30)
        ):
            continue
        seen.add(link.start)
        yield _glued_hit(ctx, link.start, link.text)
    for offset, label in ctx.source.bare_labels:
        if offset not in seen and _glued(masked, offset) and label_role(label) is not None:
            yield _glued_hit(ctx, offset, f"[{label}]")


def _glued_hit(ctx: Context, offset: int, text: str) -> Hit:
    word = re.search(r"[^\W_]+$", ctx.source.masked[max(0, offset - 40) : offset])
    before = word.group() if word else ""
    end = offset + len(text) + 2
    return ctx.hit_at(
        offset,
        end,
        f"no space between {before!r} and the link [{text}]",
        f"write {before} [{text}]",
        fix=" " + ctx.source.text[offset:end],
    )


# --- link-text-whitespace ---------------------------------------------------------------


def link_text_whitespace(ctx: Context) -> Iterator[Hit]:
    """``[ Vision-language …](url)``: spaces inside the brackets become part of the link."""
    for link in ctx.source.links:
        if link.image:
            continue
        text, start = link.text, link.text_start
        if len(text) >= 2 and text[0] == "[" and text[-1] == "]":
            text, start = text[1:-1], start + 1  # [[ Paper ]] pads the inner label
        stripped = text.strip()
        if not stripped or stripped == text:
            continue
        lead = len(text) - len(text.lstrip())
        where = "leading" if lead else "trailing"
        if lead and len(text.rstrip()) < len(text):
            where = "leading and trailing"
        # The span is the whitespace itself (or the whole text when both ends have some),
        # so the fix deletes exactly what is reported.
        span_start = start if lead else start + len(text.rstrip())
        span_end = start + len(text) if where != "leading" else start + lead
        real = ctx.source.text[span_start:span_end]
        display = stripped.replace(CODE_MASK, "`")
        yield ctx.hit_at(
            span_start,
            span_end,
            f"link text has {where} whitespace: [{_shorten(text, 50)}]",
            f"write [{_shorten(display, 50)}]",
            fix=real.strip() if where == "leading and trailing" else "",
        )


# --- inconsistent-link-labels -----------------------------------------------------------


def inconsistent_link_labels(ctx: Context) -> Iterator[Hit]:
    """Within one list, the same label written two ways (``[[Paper]]`` and ``[paper]``)."""
    owner = ctx.list_of_line
    styles: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    uses: list[tuple[int, str, str, int, int]] = []  # list, word, style, start, end
    for link in ctx.source.links:
        if link.image:
            continue
        _collect_label(ctx, owner, link.text, link.start, link.end, styles, uses)
    for offset, label in ctx.source.bare_labels:
        _collect_label(ctx, owner, f"[{label}]", offset, offset + len(label) + 4, styles, uses)
    for group, word, style, start, end in uses:
        counts = styles[(group, word)]
        if len(counts) < 2:
            continue
        (top, top_count), (_, second_count) = counts.most_common(2)
        if style == top or top_count == second_count:
            continue
        yield ctx.hit_at(
            start,
            end,
            f"label {style} differs from the list's usual {top} "
            f"({top_count} of {sum(counts.values())} links)",
            f"write {top}",
        )


def _collect_label(
    ctx: Context,
    owner: dict[int, int],
    text: str,
    start: int,
    end: int,
    styles: dict[tuple[int, str], Counter[str]],
    uses: list[tuple[int, str, str, int, int]],
) -> None:
    label = text.strip()
    if not label or len(label) > 32:
        return
    word = _label(label)
    if not word or word.casefold() not in _LABEL_WORDS:
        return
    group = owner.get(ctx.source.position(start)[0])
    if group is None:
        return
    style = f"[{label}]"
    styles[(group, word.casefold())][style] += 1
    uses.append((group, word.casefold(), style, start, end))


_LABEL_WORDS = frozenset(
    (
        "paper",
        "pdf",
        "arxiv",
        "code",
        "github",
        "project",
        "project page",
        "website",
        "demo",
        "blog",
        "video",
        "slides",
        "model",
        "models",
        "dataset",
        "data",
        "huggingface",
        "hf",
        "homepage",
        "page",
        "link",
        "doc",
        "docs",
        "benchmark",
        "leaderboard",
        "checkpoint",
    )
)
"""Labels whose spelling is a list's style choice (not titles that happen to be a label)."""


# --- http-link --------------------------------------------------------------------------


def http_link(ctx: Context) -> Iterator[Hit]:
    """``http://`` links: reported only (lint never goes online to check https works)."""
    for m in _HTTP.finditer(ctx.source.masked):
        host = m.group("host").lower().rstrip(".")
        if host in _LOCAL_HOSTS or host.endswith(".local"):
            continue
        url = m.group().rstrip(".,;:!?*_~")
        secure = serves_https(host)
        yield ctx.hit_at(
            m.start(),
            m.start() + len(url),
            f"insecure link http://{host}/…",
            f"write https://{url[7:]}"
            if secure
            else "use https:// if the site serves it (most do)",
            fix=f"https://{ctx.source.text[m.start() + 7 : m.start() + len(url)]}"
            if secure
            else None,
        )


def serves_https(host: str) -> bool:
    """True for hosts known to serve every page over https at the same path (the list in
    ``https_hosts.txt``; a ``.suffix`` line covers every subdomain, e.g. ``.github.io``)."""
    host = host.lower().rstrip(".")
    hosts = _https_hosts()
    return host in hosts or any(host.endswith(s) for s in hosts if s.startswith("."))


@functools.cache
def _https_hosts() -> frozenset[str]:
    from importlib.resources import files

    text = files(__package__).joinpath("https_hosts.txt").read_text(encoding="utf-8")
    return frozenset(
        line.split("#", 1)[0].strip().lower()
        for line in text.splitlines()
        if line.split("#", 1)[0].strip()
    )
