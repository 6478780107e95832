"""GitHub heading anchors."""

from __future__ import annotations

import pytest

from awesome_parse.read.slug import Slugger, slug


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Table of Contents", "table-of-contents"),
        ("Large Multi-modal Models", "large-multi-modal-models"),
        ("Validation and A/B Testing", "validation-and-ab-testing"),
        ("Data/Feature enrichment", "datafeature-enrichment"),
        ("C++ & Rust!", "c--rust"),
        ("🗂️ Table of Contents", "️-table-of-contents"),
        ("微信公众号：走向未来", "微信公众号走向未来"),
        ("snake_case_heading", "snake_case_heading"),
        ("Perception Tasks: Segmentation, Detection", "perception-tasks-segmentation-detection"),
    ],
)
def test_slug(heading: str, expected: str) -> None:
    assert slug(heading) == expected


def test_repeated_headings_get_numbered_like_github() -> None:
    slugger = Slugger()
    names = ["Healthcare Domain", "General Domain", "Healthcare Domain", "Healthcare Domain"]
    assert [slugger.slug(n) for n in names] == [
        "healthcare-domain",
        "general-domain",
        "healthcare-domain-1",
        "healthcare-domain-2",
    ]
