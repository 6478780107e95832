"""No http(s) link or image of a real list is lost: every one that a GitHub-like renderer
shows is in the parsed JSON outside ``raw`` (an entry's link or badge, or a section's or the
document's).

The renderer is markdown-it-py (another parser than ours) with tables, raw HTML and linkify
limited to what GitHub links (URLs with a scheme and ``www.`` hosts); links inside HTML
comments and code are not shown, so not counted. Skipped when ../shared is absent.
"""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

import awesome_parse

from .conftest import SHARED

markdown_it = pytest.importorskip("markdown_it")
pytest.importorskip("linkify_it")

LISTS = sorted(
    path
    for folder in ("seeds", "corpus", "corpus/dev")
    if (SHARED / folder).is_dir()
    for path in (SHARED / folder).iterdir()
    if path.suffix in (".md", ".txt")
)


class _HtmlUrls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.urls.append(values["href"] or "")
        elif tag == "img" and values.get("src"):
            self.urls.append(values["src"] or "")

    def handle_comment(self, data: str) -> None:  # a comment shows nothing
        pass


def _renderer() -> Any:
    md = markdown_it.MarkdownIt("commonmark", {"html": True, "linkify": True})
    md.enable(["table", "linkify"])
    return md


def _shown_urls(text: str) -> set[str]:
    """The http(s) links and images a reader of the rendered page can see or click."""
    urls: list[str] = []
    for token in _renderer().parse(text):
        if token.type == "html_block":
            urls.extend(_html_urls(token.content))
        for child in token.children or ():
            if child.type == "link_open" and child.markup == "linkify":
                continue  # judged with its text below
            if child.type in ("link_open", "image"):
                urls.append(str(child.attrGet("href") or child.attrGet("src") or ""))
            elif child.type == "html_inline":
                urls.extend(_html_urls(child.content))
        linkified = [
            (child, children_text)
            for child, children_text in _linkified(token.children or ())
            if children_text.startswith(("http://", "https://", "www."))
        ]
        urls.extend(str(child.attrGet("href")) for child, _ in linkified)
    return {_key(url) for url in urls if url.startswith(("http://", "https://"))}


def _linkified(children: list[Any]) -> list[tuple[Any, str]]:
    found = []
    for index, child in enumerate(children):
        if child.type == "link_open" and child.markup == "linkify":
            text = children[index + 1].content if index + 1 < len(children) else ""
            found.append((child, text))
    return found


def _html_urls(content: str) -> list[str]:
    parser = _HtmlUrls()
    parser.feed(content)
    parser.close()
    return parser.urls


def _key(url: str) -> str:
    url = unquote(html.unescape(url)).strip()
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")


def _without_raw(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_raw(item) for key, item in value.items() if key != "raw"}
    if isinstance(value, list):
        return [_without_raw(item) for item in value]
    return value


def _kept(doc: awesome_parse.Document) -> str:
    return unquote(html.unescape(json.dumps(_without_raw(doc.model_dump(mode="json")))))


@pytest.mark.skipif(not LISTS, reason="../shared is not available")
@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem[:40])
def test_every_shown_link_is_in_the_json_outside_raw(path: Path) -> None:
    doc = awesome_parse.parse_file(path)
    kept = _kept(doc).replace("\\/", "/")
    shown = _shown_urls(path.read_text(encoding="utf-8", errors="replace"))
    lost = sorted(url for url in shown if url not in kept)
    assert lost == []
