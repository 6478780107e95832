"""Table tests for enrich_entry and apply_citation: values, precedence and recorded sources."""

from __future__ import annotations

from typing import Any

import pytest

from awesome_parse.metadata import apply_citation, citation_fields, enrich_entry
from awesome_parse.model import Badge, Entry, Link

ARXIV = "https://arxiv.org/abs/2401.12208"
REPO = "https://github.com/Stanford-AIMI/CheXagent"
STAR = "https://img.shields.io/github/stars/Stanford-AIMI/CheXagent.svg?style=social"


def entry(
    url: str | None = None,
    links: list[tuple[str, str]] | None = None,
    sources: dict[str, str] | None = None,
    **fields: Any,
) -> Entry:
    """An Entry as the parser builds it: ``links`` as (url, role); the primary link first."""
    made = [Link(text=role, url=u, role=role) for u, role in links or []]
    if url and all(link.url != url for link in made):
        made.insert(0, Link(text="title", url=url, role="other"))
    kind = fields.pop("kind", "link" if url else "text")
    return Entry(kind=kind, url=url, links=made, sources=dict(sources or {}), **fields)


def picked(e: Entry, names: list[str]) -> dict[str, Any]:
    return {name: getattr(e, name) for name in names}


CASES: list[tuple[str, Entry, int | None, dict[str, Any], dict[str, str]]] = [
    (
        "date-prefix-paper-with-code-badge-note",
        entry(
            ARXIV,
            [(ARXIV, "paper"), (REPO, "code")],
            {"date": "date-prefix"},
            date="2024/01",
            note="from Stanford",
            badges=[Badge(alt="stars", image=STAR, url=REPO)],
        ),
        None,
        {
            "kind": "paper",
            "year": 2024,
            "month": 1,
            "arxiv_id": "2401.12208",
            "repo": "Stanford-AIMI/CheXagent",
            "code_url": REPO,
            "affiliations": ["Stanford"],
            "paper_id": "arxiv:2401.12208",
        },
        {
            "year": "date-prefix",
            "month": "date-prefix",
            "arxiv_id": "url",
            "repo": "link",
            "code_url": "link",
            "affiliations": "note",
            "paper_id": "url",
        },
    ),
    (
        "month-day-takes-heading-year",
        entry("https://example.com/post", date="01/22", sources={"date": "date-prefix"}),
        2023,
        {"year": 2023, "month": 1, "day": 22, "kind": "link"},
        {"year": "heading", "month": "date-prefix", "day": "date-prefix"},
    ),
    (
        "table-range-keeps-raw-date",
        entry("https://example.com/x", date="2021-2022", sources={"date": "table"}),
        None,
        {"year": 2021, "month": None, "date": "2021-2022"},
        {"year": "table"},
    ),
    (
        "heading-year-then-arxiv-month-agrees",
        entry("https://arxiv.org/pdf/2310.18689.pdf"),
        2023,
        {"year": 2023, "month": 10, "arxiv_id": "2310.18689"},
        {"year": "heading", "month": "arxiv-id", "arxiv_id": "url"},
    ),
    (
        "arxiv-month-not-used-when-year-disagrees",
        entry(
            "https://arxiv.org/abs/2012.00001",
            year=2021,
            authors=["Akbari et al."],
            sources={"year": "title-suffix", "authors": "title-suffix"},
        ),
        None,
        {"year": 2021, "month": None, "authors": ["Akbari et al."]},
        {"year": "title-suffix", "authors": "title-suffix"},
    ),
    (
        "arxiv-id-is-last-resort",
        entry("http://export.arxiv.org/abs/hep-th/9901001v2"),
        None,
        {"year": 1999, "month": 1, "arxiv_id": "hep-th/9901001", "kind": "paper"},
        {"year": "arxiv-id", "month": "arxiv-id"},
    ),
    (
        "note-venue-takes-url-year",
        entry(
            "https://proceedings.neurips.cc/paper/2021/file/01b7-Paper.pdf",
            note="NeurIPS, from DeepMind",
        ),
        None,
        {"venue": "NeurIPS 2021", "year": 2021, "affiliations": ["DeepMind"], "kind": "paper"},
        {"venue": "url", "year": "venue", "affiliations": "note"},
    ),
    (
        "note-venue-with-year",
        entry("https://arxiv.org/abs/2206.05836", note="NeurIPS'22, from UW and Meta"),
        None,
        {"venue": "NeurIPS 2022", "year": 2022, "month": 6},
        {"venue": "note", "year": "venue", "month": "arxiv-id"},
    ),
    (
        "table-venue-kept",
        entry(
            "https://openaccess.thecvf.com/content/CVPR2022/html/x.html",
            venue="CVPR",
            note="ICCV 2023",
            sources={"venue": "table"},
        ),
        None,
        {"venue": "CVPR", "year": 2022},
        {"venue": "table", "year": "url"},
    ),
    (
        "nature-doi",
        entry("https://www.nature.com/articles/s41586-023-05881-4", note="from Stanford"),
        None,
        {
            "doi": "10.1038/s41586-023-05881-4",
            "venue": "Nature 2023",
            "year": 2023,
            "kind": "paper",
            "paper_id": "doi:10.1038/s41586-023-05881-4",
        },
        {"doi": "url", "venue": "url", "year": "venue", "paper_id": "url"},
    ),
    (
        "openreview-no-venue",
        entry("https://openreview.net/forum?id=abc&utm_source=x#top"),
        None,
        {"venue": None, "kind": "paper", "paper_id": "https://openreview.net/forum?id=abc"},
        {"paper_id": "url"},
    ),
    (
        "bare-repo",
        entry("https://github.com/facebookresearch/segment-anything"),
        None,
        {
            "kind": "repo",
            "repo": "facebookresearch/segment-anything",
            "code_url": "https://github.com/facebookresearch/segment-anything",
            "paper_id": None,
        },
        {"repo": "url", "code_url": "url"},
    ),
    (
        "repo-from-badge-only",
        entry(
            "https://example.com/project",
            badges=[Badge(alt="stars", image=STAR)],
        ),
        None,
        {"repo": "Stanford-AIMI/CheXagent", "code_url": None, "kind": "link"},
        {"repo": "badge"},
    ),
    (
        "github-topic-is-link",
        entry("https://github.com/topics/llm"),
        None,
        {"kind": "link", "repo": None, "code_url": None},
        {},
    ),
    (
        "arxiv-listing-is-link",
        entry("https://arxiv.org/list/cs.CV/recent"),
        None,
        {"kind": "link", "arxiv_id": None, "paper_id": None},
        {},
    ),
    (
        "paper-tag",
        entry("https://openai.com/research/gpt-4", tags=["PAPER"]),
        None,
        {"kind": "paper", "paper_id": "https://openai.com/research/gpt-4"},
        {"paper_id": "url"},
    ),
    (
        "paper-role-link",
        entry("https://example.com/report", [("https://example.com/report", "paper")]),
        None,
        {"kind": "paper"},
        {},
    ),
    (
        "paper-role-on-repo-is-repo",
        entry(
            "https://github.com/o/awesome-papers",
            [("https://github.com/o/awesome-papers", "paper")],
        ),
        None,
        {"kind": "repo", "repo": "o/awesome-papers"},
        {"repo": "url"},
    ),
    (
        "text-without-url",
        entry(None, title="Some heading-like text"),
        None,
        {"kind": "text", "paper_id": None},
        {},
    ),
    (
        "text-with-venue-is-paper",
        entry(None, title="A Paper", note="CVPR 2022"),
        None,
        {"kind": "paper", "venue": "CVPR 2022", "paper_id": None},
        {"venue": "note"},
    ),
    (
        "dataset-stays",
        entry("https://arxiv.org/abs/2310.18689", kind="dataset"),
        None,
        {"kind": "dataset", "arxiv_id": "2310.18689", "paper_id": None},
        {"arxiv_id": "url"},
    ),
    (
        "project-and-demo",
        entry(
            "https://arxiv.org/abs/2304.02643",
            [
                ("https://huggingface.co/spaces/x/y", "demo"),
                ("https://segment-anything.com", "project"),
            ],
        ),
        None,
        {"project_url": "https://segment-anything.com"},
        {"project_url": "link"},
    ),
    (
        "existing-values-kept",
        entry(
            "https://arxiv.org/abs/2310.18689",
            arxiv_id="2001.00001",
            repo="a/b",
            paper_id="custom",
            sources={"arxiv_id": "citation"},
        ),
        None,
        {"arxiv_id": "2001.00001", "repo": "a/b", "paper_id": "custom", "year": 2020},
        {"arxiv_id": "citation", "year": "arxiv-id"},
    ),
    (
        "arxiv-from-note",
        entry("https://example.com/blog", note="arXiv:2310.18689"),
        None,
        {"arxiv_id": "2310.18689", "venue": None, "kind": "paper"},
        {"arxiv_id": "note"},
    ),
    (
        "second-link-doi",
        entry(
            "https://example.com/page",
            [("https://dl.acm.org/doi/pdf/10.1145/3381831", "paper")],
        ),
        None,
        {"doi": "10.1145/3381831", "paper_id": "doi:10.1145/3381831"},
        {"doi": "link", "paper_id": "link"},
    ),
]


@pytest.mark.parametrize(
    ("e", "heading_year", "expected", "sources"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_enrich_entry(
    e: Entry, heading_year: int | None, expected: dict[str, Any], sources: dict[str, str]
) -> None:
    e = e.model_copy(deep=True)
    enrich_entry(e, heading_year=heading_year)
    assert picked(e, list(expected)) == expected
    assert {k: e.sources.get(k) for k in sources} == sources


def test_every_set_field_has_a_source() -> None:
    e = entry(
        ARXIV,
        [(ARXIV, "paper"), (REPO, "code"), ("https://stanford-aimi.github.io/x", "project")],
        date="2024/01",
        note="CVPR 2024, from Stanford",
    )
    enrich_entry(e, heading_year=2024)
    for name in ("year", "month", "arxiv_id", "venue", "affiliations", "repo", "code_url"):
        assert getattr(e, name)
        assert e.sources[name]
    assert e.sources["project_url"] == "link"


def test_enrich_is_idempotent() -> None:
    e = entry(ARXIV, [(ARXIV, "paper"), (REPO, "code")], note="NeurIPS, from Meta")
    enrich_entry(e)
    once = e.model_dump()
    enrich_entry(e)
    assert e.model_dump() == once


def child(url: str, role: str = "other", title: str = "") -> Entry:
    return Entry(
        kind="link", title=title or url, url=url, links=[Link(text=title, url=url, role=role)]
    )


def test_annotating_child_links_count_as_child() -> None:
    """The parser copies a ``- [Code](…)`` sub-item's link into the parent's links."""
    code = child(REPO, "code", "Code")
    parent = entry(ARXIV, [(ARXIV, "paper"), (REPO, "code")], children=[code])
    enrich_entry(parent)
    assert (parent.repo, parent.sources["repo"]) == ("Stanford-AIMI/CheXagent", "child")
    assert (parent.code_url, parent.sources["code_url"]) == (REPO, "child")


def test_single_separate_child_repo_counts_for_parent() -> None:
    parent = entry(None, title="A model", children=[child(REPO, "code", "Official code")])
    enrich_entry(parent)
    assert (parent.repo, parent.sources["repo"]) == ("Stanford-AIMI/CheXagent", "child")


def test_children_disagreeing_give_nothing() -> None:
    kids = [child("https://github.com/a/one"), child("https://github.com/b/two")]
    parent = entry(None, title="Family", children=kids)
    enrich_entry(parent)
    assert parent.repo is None
    assert parent.code_url is None
    assert parent.arxiv_id is None


def test_separate_child_papers_do_not_give_parent_an_id() -> None:
    parent = entry(None, title="Family", children=[child("https://arxiv.org/abs/2302.13971")])
    enrich_entry(parent)
    assert parent.arxiv_id is None
    assert parent.kind == "text"


def test_authors_from_child_line() -> None:
    line = Entry(kind="text", title="Authors: Ashish Vaswani, Noam Shazeer")
    parent = entry("https://arxiv.org/abs/1706.03762", children=[line])
    enrich_entry(parent)
    assert parent.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert parent.sources["authors"] == "child"


def test_implausible_heading_year_ignored() -> None:
    e = entry("https://example.com/x")
    enrich_entry(e, heading_year=42)
    assert e.year is None


BIBTEX = """@inproceedings{he2022masked,
  title={Masked Autoencoders Are Scalable Vision Learners},
  author={He, Kaiming and Chen, Xinlei},
  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition},
  year={2022},
  doi={10.1109/CVPR52688.2022.01553}
}"""


def test_apply_citation_fills_empty_fields_and_upgrades_paper_id() -> None:
    e = entry("https://example.com/mae.pdf", title="MAE", note="from FAIR")
    enrich_entry(e)
    assert e.paper_id == "https://example.com/mae.pdf"
    apply_citation(e, citation_fields(BIBTEX))
    assert e.title == "MAE"
    assert e.authors == ["Kaiming He", "Xinlei Chen"]
    assert (e.venue, e.year, e.doi) == ("CVPR 2022", 2022, "10.1109/cvpr52688.2022.01553")
    assert e.paper_id == "doi:10.1109/cvpr52688.2022.01553"
    assert {e.sources[k] for k in ("authors", "venue", "year", "doi", "paper_id")} == {"citation"}


def test_apply_citation_keeps_existing_values() -> None:
    e = entry("https://arxiv.org/abs/2111.06377", venue="CVPR", sources={"venue": "table"})
    enrich_entry(e)
    apply_citation(e, {"venue": "ICCV 2021", "year": 2021, "month": 11, "title": "X"})
    assert (e.venue, e.sources["venue"]) == ("CVPR", "table")
    assert (e.year, e.month) == (2021, 11)
    assert e.paper_id == "arxiv:2111.06377"


def test_apply_citation_makes_text_entry_a_paper() -> None:
    e = entry(None, title="Some paper")
    enrich_entry(e)
    apply_citation(e, {"arxiv_id": "2302.13971", "url": "https://arxiv.org/abs/2302.13971"})
    assert (e.kind, e.paper_id, e.year, e.month) == ("paper", "arxiv:2302.13971", 2023, 2)
    assert e.sources["year"] == "arxiv-id"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.biorxiv.org/content/10.1101/2024.02.28.581983v1", (2024, 2, 28)),
        ("https://www.medrxiv.org/content/10.1101/2021.10.04.21264561v2.full", (2021, 10, 4)),
        ("https://www.nature.com/articles/s41586-021-03819-2", (2021, None, None)),
    ],
)
def test_preprint_doi_dates_the_entry(url: str, expected: tuple[int | None, ...]) -> None:
    entry = Entry(
        title="A protein model", url=url, links=[Link(text="Paper", url=url, role="paper")]
    )
    enrich_entry(entry)
    assert (entry.year, entry.month, entry.day) == expected
    assert (entry.sources.get("day") == "doi") == (expected[2] is not None)
