"""Table tests for affiliations and author lines read from remarks."""

from __future__ import annotations

import pytest

from awesome_parse.metadata.notes import affiliations_from_note, authors_from_line, venue_from_line

AFFILIATIONS = [
    ("single", "from Stanford", ["Stanford"]),
    ("oxford-comma", "from BAAI, ZJU, and PKU", ["BAAI", "ZJU", "PKU"]),
    ("after-semicolon", "A collection of foundation models from 7B to 65B; from Meta", ["Meta"]),
    ("after-comma", "65B parameters, from Meta", ["Meta"]),
    ("after-venue", "CVPR, from Tsinghua and BNRist", ["Tsinghua", "BNRist"]),
    (
        "long-names",
        "from University of Wisconsin-Madison, HKUST, and Microsoft",
        ["University of Wisconsin-Madison", "HKUST", "Microsoft"],
    ),
    ("award-stripped", "from Cornell, ICCV 2023 best student paper", ["Cornell"]),
    ("person-and-company", "from Chunyuan Li, Microsoft", ["Chunyuan Li", "Microsoft"]),
    ("after-sentence", "ICML 2022. from Alibaba.", ["Alibaba"]),
    (
        "thesis",
        "PhD Thesis of Anthony Hu from University of Cambridge",
        ["University of Cambridge"],
    ),
    ("repaired-umlaut", "CVPR, from University of Göttingen", ["University of Göttingen"]),
    ("the-dropped", "from the University of Oxford", ["University of Oxford"]),
    (
        "science-and-technology",
        "from University of Science and Technology of China and Microsoft",
        ["University of Science and Technology of China", "Microsoft"],
    ),
    (
        "technology-and-split",
        "from Dalian University of Technology and Peng Cheng Laboratory",
        ["Dalian University of Technology", "Peng Cheng Laboratory"],
    ),
    (
        "clause-from-wins",
        "a GPT model finetuned on public code from GitHub, from OpenAI and Anthropic AI",
        ["OpenAI", "Anthropic AI"],
    ),
    ("fine-tuned-from", "fine-tuned from LLaMA", []),
    ("fine-tuned-then-from", "fine-tuned from LLaMA, from Stanford", ["Stanford"]),
    ("maintained-by", "maintained by Jianing Qiu", []),
    ("numbers", "BIG-Bench: a 204-task benchmark, 444 authors from 132 institutions", []),
    ("lower-case", "learning from scratch", []),
    ("article", "3D reconstruction from a single image", []),
    ("only-venue", "from CVPR 2022", []),
    ("no-from", "this work was coordinated by BigScience", []),
    ("empty", "", []),
]


@pytest.mark.parametrize(
    ("note", "expected"), [c[1:] for c in AFFILIATIONS], ids=[c[0] for c in AFFILIATIONS]
)
def test_affiliations_from_note(note: str, expected: list[str]) -> None:
    assert affiliations_from_note(note) == expected


AUTHOR_LINES = [
    (
        "authors",
        "Authors: Ashish Vaswani, Noam Shazeer and Niki Parmar",
        ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"],
    ),
    ("bold", "**Author:** Jane Doe", ["Jane Doe"]),
    ("by", "By: A. Smith & B. Jones", ["A. Smith", "B. Jones"]),
    ("not-author-line", "Code: github.com/o/r", []),
    ("mentions-authors", "The authors released code", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in AUTHOR_LINES], ids=[c[0] for c in AUTHOR_LINES]
)
def test_authors_from_line(text: str, expected: list[str]) -> None:
    assert authors_from_line(text) == expected


@pytest.mark.parametrize(
    ("line", "venue"),
    [
        ("Conference: NeurIPS 2023", "NeurIPS 2023"),
        ("**Venue:** ICLR 2024", "ICLR 2024"),
        ("Published in: Nature Communications", "Nature Communications"),
        ("Journal：TPAMI", "TPAMI"),
        ("Code: https://github.com/x/two", None),
        ("A conference paper about venues", None),
    ],
)
def test_venue_from_line(line: str, venue: str | None) -> None:
    assert venue_from_line(line) == venue


def test_a_labelled_venue_sub_item_gives_its_parent_the_venue() -> None:
    import awesome_parse

    doc = awesome_parse.parse(
        "- **Invented Labelled Paper**\n"
        "  - Authors: Carl Diaz, Dana Evans\n"
        "  - Conference: NeurIPS 2023\n"
        "  - Paper: https://arxiv.org/abs/2310.00022\n"
    )
    (entry,) = doc.entries
    assert (entry.venue, entry.sources["venue"], entry.year) == ("NeurIPS 2023", "child", 2023)
