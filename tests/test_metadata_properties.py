"""Properties of the metadata extractors: normal forms are fixed points, nothing raises, and
hostile megabyte inputs are handled in linear work."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_parse.metadata import (
    affiliations_from_note,
    arxiv_date,
    arxiv_id_from_text,
    arxiv_id_from_url,
    authors_from_line,
    canonical_venue,
    citation_fields,
    doi_from_text,
    doi_from_url,
    enrich_entry,
    is_paper_url,
    normalize_arxiv_id,
    normalize_doi,
    normalize_url,
    parse_date,
    repo_from_badge,
    repo_from_url,
    venue_from_note,
    venue_from_url,
    venues_in_text,
    year_from_venue,
)
from awesome_parse.model import Badge, Entry, Link

from .conftest import calls

FAST = settings(max_examples=60, deadline=None)

ALNUM = st.text("abcXYZ0123456789", min_size=1, max_size=8)
ARXIV_LIKE = st.builds(
    lambda prefix, body, version, pdf: prefix + body + version + pdf,
    st.sampled_from(["", "arXiv:", "arxiv: ", " "]),
    st.one_of(
        st.builds("{:04d}.{:05d}".format, st.integers(0, 9999), st.integers(0, 99999)),
        st.builds(
            "{}/{:07d}".format,
            st.sampled_from(["hep-th", "math", "math.GT", "cs", "cond-mat.str-el"]),
            st.integers(0, 9999999),
        ),
    ),
    st.sampled_from(["", "v1", "v12"]),
    st.sampled_from(["", ".pdf"]),
)
DOI_LIKE = st.builds(
    lambda prefix, registrant, suffix, middle, tail: (
        f"{prefix}10.{registrant}/{suffix}{middle}{tail}"
    ),
    st.sampled_from(["", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/"]),
    st.integers(1000, 999999),
    ALNUM,
    st.sampled_from(["", "(20)30183-5", ".2016.90", "_1", "[x]"]),
    st.sampled_from(["", ".", ").", ",", ";", "]", "'"]),
)
URL_LIKE = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.sampled_from(["www.Example.com", "WWW.www.x.org", "arxiv.org", "user@GitHub.com:443"]),
    st.lists(st.text("aB0._~%-/", max_size=6), max_size=4).map(lambda p: "/" + "/".join(p)),
    st.sampled_from(["", "?", "?a=1", "?utm_source=x", "?utm_a=1&b=2&fbclid=z", "?&&"]),
    st.sampled_from(["", "#", "#frag"]),
)


def _idempotent(normalize: Callable[[str], str | None], text: str) -> None:
    once = normalize(text)
    if once is not None:
        assert normalize(once) == once


@FAST
@given(st.one_of(ARXIV_LIKE, st.text(max_size=40)))
def test_normalize_arxiv_id_idempotent(text: str) -> None:
    _idempotent(normalize_arxiv_id, text)


@FAST
@given(ARXIV_LIKE)
def test_normalize_arxiv_id_accepts_generated_ids_when_month_valid(text: str) -> None:
    found = normalize_arxiv_id(text)
    if found is not None:
        assert "v" not in found.rsplit("/", 1)[-1] and not found.endswith(".pdf")


@FAST
@given(st.one_of(DOI_LIKE, st.text(max_size=40)))
def test_normalize_doi_idempotent(text: str) -> None:
    _idempotent(normalize_doi, text)


@FAST
@given(DOI_LIKE)
def test_normalize_doi_is_lower_case_bare(text: str) -> None:
    found = normalize_doi(text)
    assert found is not None
    assert found == found.lower() and found.startswith("10.")
    assert found[-1] not in ".,;"


@FAST
@given(st.one_of(URL_LIKE, st.text(max_size=60)))
def test_normalize_url_idempotent(text: str) -> None:
    once = normalize_url(text)
    assert normalize_url(once) == once


TEXT_FUNCTIONS: list[Callable[[str], object]] = [
    normalize_arxiv_id,
    normalize_doi,
    normalize_url,
    arxiv_id_from_url,
    arxiv_id_from_text,
    doi_from_url,
    doi_from_text,
    repo_from_url,
    repo_from_badge,
    is_paper_url,
    venue_from_url,
    venue_from_note,
    venues_in_text,
    year_from_venue,
    canonical_venue,
    parse_date,
    arxiv_date,
    affiliations_from_note,
    authors_from_line,
]


@FAST
@given(st.one_of(st.text(max_size=200), URL_LIKE))
def test_extractors_never_raise(text: str) -> None:
    for function in TEXT_FUNCTIONS:
        function(text)


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=300))
def test_citation_fields_never_raises(text: str) -> None:
    citation_fields("@article{k, title={" + text + "}}")
    citation_fields(text)


@FAST
@given(st.text(max_size=80), st.text(max_size=80), st.one_of(st.none(), st.integers()))
def test_enrich_entry_never_raises(url: str, note: str, heading_year: int | None) -> None:
    entry = Entry(
        url=url or None,
        note=note or None,
        date=note[:10] or None,
        venue=note[:20] or None,
        links=[Link(url=url, role="code"), Link(url=note, role="paper")],
        badges=[Badge(image=note, url=url)],
        children=[Entry(title=note, url=url or None, links=[Link(url=url)])],
    )
    enrich_entry(entry, heading_year=heading_year)


MEGABYTE = 1_000_000
HOSTILE: dict[str, Callable[[int], str]] = {
    "digits": lambda size: "1" * size,
    "dots": lambda size: "10." * (size // 3),
    "doi-ish": lambda size: "10.1234/" * (size // 8),
    "arxiv-ish": lambda size: "arXiv:" * (size // 6),
    "slashes": lambda size: "https://github.com/" + "a/" * (size // 2),
    "arxiv-url": lambda size: "https://arxiv.org/abs/" + "1" * size,
    "from-words": lambda size: "from A, " * (size // 8),
    "venues": lambda size: "CVPR 2022 Nature " * (size // 17),
    "parens": lambda size: "(" * size + ")" * size,
    "spaces": lambda size: " " * size + "x",
    "dots-only": lambda size: "." * size,
    "path-slash-space": lambda size: (
        "https://x.org" + "/ " * (size // 4) + "/\x85" * (size // 1000)
    ),
    "whitespace-runs": lambda size: "from A" + " " * size + ", and B",
}
"""Each hostile shape at a size (characters, roughly)."""


def _read_everything(text: str) -> None:
    for function in TEXT_FUNCTIONS:
        function(text)
    entry = Entry(url=text, note=text, date=text, links=[Link(url=text, role="code")])
    enrich_entry(entry, heading_year=2023)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_megabyte_inputs_are_linear(name: str) -> None:
    """The calls made grow with the input, and a megabyte finishes at all: a pattern that
    backtracked quadratically would take hours on it (benchmarks/regex_scaling.py times every
    pattern at two sizes)."""
    build = HOSTILE[name]
    large, small = build(MEGABYTE), build(MEGABYTE // 4)
    ratio = calls(_read_everything, large) / calls(_read_everything, small)
    assert ratio < 8, f"4x the input made {ratio:.1f}x the calls"
