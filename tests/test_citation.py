"""Reading the citation inside entries (read/citation): each form real lists use, as data.

``fixtures/cite/NAME.md`` is a small list of one form; ``NAME.json`` names, per entry (by
its first line), the fields the parse must give — only those are compared — and optionally
the template learnt for a section (by title).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import awesome_parse
from awesome_parse.read.citation.fields import author_names, badge_text, date_of
from awesome_parse.read.citation.slots import head_lines, line_slots

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cite"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def _entries(doc: awesome_parse.Document) -> dict[int, awesome_parse.Entry]:
    return {entry.line: entry for _, entry in doc.walk_all()}


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str) -> None:
    doc = awesome_parse.parse_file(FIXTURES / f"{name}.md")
    expected: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    by_line = _entries(doc)
    for want in expected["entries"]:
        entry = by_line.get(want["line"])
        assert entry is not None, f"no entry starts on line {want['line']}"
        for field, value in want.items():
            assert getattr(entry, field) == value, f"line {want['line']}: {field}"
    templates = {section.title: section.template for _, section in doc.iter_sections()}
    for section, template in expected.get("template", {}).items():
        assert templates[section] == template


def test_every_value_read_here_names_its_source() -> None:
    doc = awesome_parse.parse_file(FIXTURES / "prefixes.md")
    entry = _entries(doc)[5]
    assert {entry.sources[f] for f in ("title", "venue", "year", "authors")} == {"template"}


def test_a_venue_year_beats_the_arxiv_year_and_the_date() -> None:
    doc = awesome_parse.parse(
        "- (AAAI 2025) Robust Tracking [[paper](https://arxiv.org/abs/2412.13611)] (2024.12.18)\n"
        "- (ICASSP 2025) Trusted Mamba [[paper](https://arxiv.org/abs/2412.16487)] (2024.12.21)\n"
    )
    assert [(e.venue, e.year, e.month) for e in doc.entries] == [
        ("AAAI 2025", 2025, None),
        ("ICASSP 2025", 2025, None),
    ]


def test_a_company_is_never_a_venue() -> None:
    doc = awesome_parse.parse(
        "- [GPT-4 Technical Report](https://arxiv.org/abs/2303.08774) (OpenAI)\n"
        "- [Gemini](https://arxiv.org/abs/2312.11805) (Google DeepMind)\n"
    )
    assert [(e.venue, e.affiliations) for e in doc.entries] == [
        (None, ["OpenAI"]),
        (None, ["Google DeepMind"]),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Liang Chen et al.", ["Liang Chen"]),
        ("Wang, Yaxing et al.", ["Wang, Yaxing"]),
        ("Reimers, Nils & Gurevych, Iryna", ["Reimers, Nils", "Gurevych, Iryna"]),
        (
            "Ada Lovelace*, Alan Turing†, Grace Hopper",
            ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        ),
        (
            "Josef van Genabith, Cristina España i Bonet",
            ["Josef van Genabith", "Cristina España i Bonet"],
        ),
    ],
)
def test_author_lists(text: str, names: list[str]) -> None:
    found = author_names(text)
    assert found is not None and found[0] == names


@pytest.mark.parametrize(
    "text",
    ["Scaling Sign Language Translation", "GAN, LLMs", "PAPER NEEDED", "Deep Learning, Vision"],
)
def test_phrases_that_are_no_author_list(text: str) -> None:
    assert author_names(text) is None


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [
        ("Nov, 2023", 2023, 11),
        ("2023.11", 2023, 11),
        ("2023/10", 2023, 10),
        ("(2024.04.12)", 2024, 4),
        ("25.03", 2025, 3),
        ("3 Nov 2022", 2022, 11),
    ],
)
def test_dates(text: str, year: int, month: int) -> None:
    parts = date_of(text)
    assert parts is not None and (parts.year, parts.month) == (year, month)


def test_badges() -> None:
    assert badge_text("https://img.shields.io/badge/CVPR-2023-blue") == ("CVPR", "2023")
    assert badge_text("https://img.shields.io/badge/arXiv-2023.10-red") == ("arXiv", "2023.10")
    assert badge_text("https://img.shields.io/badge/Conference-ICML'23-blue") == (
        "Conference",
        "ICML'23",
    )


def test_the_head_is_what_renders_as_the_first_lines() -> None:
    raw = (
        "1. **Title of it** (MSR 2024) <br />\n   *A. Author, B. Author*\n   [[paper](u)]\n"
        "   <details><summary>Abstract</summary>\n   Long text.\n   </details>"
    )
    assert head_lines(raw) == ["**Title of it** (MSR 2024)", "*A. Author, B. Author* [[paper](u)]"]
    assert [s.kind for s in line_slots(head_lines(raw)[0])] == ["bold", "paren"]


def test_segmenting_is_linear_on_unclosed_markup() -> None:
    for opener in ("[", "(", "**", "*", "`", '"'):
        slots = line_slots(opener * 5000 + " tail", 0)
        assert sum(len(s.text) for s in slots) <= 5000 * 2 + 10


def _read(*entries: tuple[str, str]) -> list[awesome_parse.Entry]:
    """Run the pass on entries as any reader of the tree may hand them (title, raw)."""
    from awesome_parse.model import Document, Entry, Section
    from awesome_parse.read.citation import read_citations

    section = Section(
        title="s",
        level=2,
        entries=[Entry(title=t, raw=r, line=n, kind="link") for n, (t, r) in enumerate(entries)],
    )
    read_citations(Document(sections=[section]))
    return section.entries


def test_a_bold_paragraph_with_hard_breaks_is_read_line_by_line() -> None:
    (entry,) = _read(
        (
            "Uncertainty Estimation",
            "**Uncertainty Estimation for Language Reward Models** \\\n"
            "*Adam Gleave, Geoffrey Irving* \\\n"
            "arXiv 2022. [[Paper](https://arxiv.org/abs/2203.07472)] \\\n"
            "14 Mar 2022 ",
        )
    )
    assert (entry.title, entry.authors, entry.venue, entry.year, entry.kind) == (
        "Uncertainty Estimation for Language Reward Models",
        ["Adam Gleave", "Geoffrey Irving"],
        "arXiv 2022",
        2022,
        "paper",
    )


def test_html_table_rows_are_left_to_their_columns() -> None:
    (entry,) = _read(("BLIINDS-II", "<tr>\n  <td>BLIINDS-II</td>\n  <td>1912</td>\n</tr>"))
    assert (entry.title, entry.year) == ("BLIINDS-II", None)


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Google, Stanford", True),
        ("Tsinghua University, Shanghai AI Lab", True),
        ("Python, MIT", False),  # a language and a licence in a tool list
        ("MIT License", False),
        ("Apache-2.0", False),
        ("MIT", True),
    ],
)
def test_an_organisation_list_names_only_organisations(text: str, organisation: bool) -> None:
    from awesome_parse.read.citation.lexicon import is_organisation

    assert is_organisation(text) is organisation


def test_a_tool_list_remark_of_language_and_licence_is_no_affiliation() -> None:
    doc = awesome_parse.parse(
        "- **[Thingy](https://github.com/t/thingy)** — Makes things. (Python, MIT)\n"
        "- **[Widget](https://github.com/t/widget)** — Makes widgets. (Go, Apache-2.0)\n"
    )
    assert [e.affiliations for e in doc.entries] == [[], []]


def test_a_written_venue_without_year_keeps_the_urls_venue_with_year() -> None:
    doc = awesome_parse.parse(
        "- [Frozen Models](https://proceedings.neurips.cc/paper/2021/file/01b7-Paper.pdf)"
        " (NeurIPS, from DeepMind)\n"
    )
    (entry,) = doc.entries
    assert (entry.venue, entry.affiliations) == ("NeurIPS 2021", ["DeepMind"])


def test_capitalised_title_words_running_on_from_a_span_are_no_authors() -> None:
    """``_Re-Identification_ by Multiple Views…`` is the title running on, not a byline; a
    name standing alone between full stops (``Model. Wang Zi. ICML 2021``) is an author
    where the list puts its authors there."""
    doc = awesome_parse.parse(
        "1. Invented Mutual Learning. Zhang, Ying et al. CVPR 2018\n"
        "2. Invented Attention Transfer. Zagoruyko, Sergey et al. ICLR 2017\n"
        "3. Invented Hint Learning. Romero, Adriana et al. ICLR 2015\n"
        "4. Invented Distillation from a Black-Box Model. Wang Zi. ICML 2021\n"
        "5. Robust _Re-Identification_ by Multiple Views Distillation. Porrello et al."
        " ECCV 2020\n"
        "6. Efficient _Video Classification_ Using Fewer Frames. Bhardwaj, Shweta et al."
        " CVPR 2019\n"
    )
    authors = [entry.authors for entry in doc.entries]
    assert authors[3] == ["Wang Zi"]
    assert ["Multiple Views Distillation"] not in authors
    assert ["Using Fewer Frames"] not in authors


def test_a_line_of_authors_under_a_table_title_gives_the_authors() -> None:
    doc = awesome_parse.parse(
        "| Paper | Venue | Code |\n|---|---|---|\n"
        "| **Invented Table Paper One** <br> *Ana Lima, Bo Chen* | CVPR 2023 "
        "| [code](https://github.com/x/one) |\n"
        "| **CLIP** <br> Learning Invented Things | ICML 2021 | - |\n"
    )
    first, second = doc.entries
    assert (first.title, first.authors, first.venue) == (
        "Invented Table Paper One",
        ["Ana Lima", "Bo Chen"],
        "CVPR 2023",
    )
    assert second.authors == []  # a second line that names no people stays in the title


def test_a_bold_label_over_a_sentence_with_a_link_is_prose() -> None:
    """``**Note**: see [the wiki](…) for more.`` is a remark; ``**CLIP**: [Title](…)`` is an
    entry."""
    doc = awesome_parse.parse(
        "## A\n\n**Note**: see [the wiki](https://wiki.example.org) for more.\n\n"
        "**Contributing**: Please read [CONTRIBUTING.md](https://github.com/a/b) first.\n\n"
        "**CLIP**: [Learning Transferable Visual Models](https://arxiv.org/abs/2103.00020)\n"
    )
    (section,) = doc.sections
    assert [e.title for e in section.entries] == ["Learning Transferable Visual Models"]
    assert "see the wiki for more" in section.description
    assert "https://wiki.example.org" in [link.url for link in section.links]


def test_a_description_or_a_year_badge_is_never_voted_a_venue() -> None:
    doc = awesome_parse.parse(
        "- 🌟 **[Invented Star Tool](https://github.com/x/star)** — Does stellar things.\n"
        "- **2023.05** | [Invented Dated Paper](https://arxiv.org/abs/2305.00503) | NeurIPS 2023\n"
        "- [Invented Year Badge Paper](https://arxiv.org/abs/1806.00504)"
        " ![](https://img.shields.io/badge/2018-blue)\n"
        "- [Invented Venue Badge Paper](https://arxiv.org/abs/2303.00505)"
        " ![](https://img.shields.io/badge/CVPR-2023-blue)\n"
    )
    tool, dated, year_badge, venue_badge = doc.entries
    assert (tool.venue, tool.kind) == (None, "repo")
    assert dated.venue == "NeurIPS 2023"
    assert (year_badge.venue, year_badge.year) == (None, 2018)
    assert (venue_badge.venue, venue_badge.year) == ("CVPR 2023", 2023)


def test_a_bold_name_over_a_sentence_is_the_title_and_the_sentence_its_description() -> None:
    doc = awesome_parse.parse(
        "- **Widgetron** - A framework for widgets. [GitHub](https://github.com/x/widgetron)\n"
        "- **Gadgeteer**: gadgets for everyone ([repo](https://github.com/x/gadgeteer))\n"
        "- **CLIP**: Learning Transferable Visual Models [[paper]](https://arxiv.org/abs/2103.00020)\n"
    )
    assert [(e.title, e.name, e.description) for e in doc.entries] == [
        ("Widgetron", None, "A framework for widgets."),
        ("Gadgeteer", None, "gadgets for everyone"),
        ("Learning Transferable Visual Models", "CLIP", None),
    ]


def test_table_cells_with_a_linked_title_over_authors_or_a_bold_title_beside_a_label() -> None:
    doc = awesome_parse.parse(
        "| Title | Venue | Year |\n|---|---|---|\n"
        "| [Invented Linked Title](https://arxiv.org/abs/2301.00601)<br>Ana Lima, Bo Chen"
        " | CVPR | 2023 |\n\n"
        "| Date | Paper | Code |\n|---|---|---|\n"
        "| 2023.05 | **Invented Bold Cell Title** [[pdf]](https://arxiv.org/abs/2305.00603)"
        " | [code](https://github.com/x/603) |\n"
    )
    linked, bold = doc.entries
    assert (linked.title, linked.authors, linked.note) == (
        "Invented Linked Title",
        ["Ana Lima", "Bo Chen"],
        None,
    )
    assert (bold.title, bold.url) == (
        "Invented Bold Cell Title",
        "https://arxiv.org/abs/2305.00603",
    )


def test_a_bold_name_with_labelled_links_in_parentheses_keeps_its_name() -> None:
    doc = awesome_parse.parse(
        "- **InventedSet** ([paper](https://arxiv.org/abs/2301.00701), "
        "[download](https://data.example.org/set)) - 10k images of things.\n"
    )
    (entry,) = doc.entries
    assert (entry.title, entry.description) == ("InventedSet", "10k images of things.")
    assert [link.role for link in entry.links] == ["paper", "dataset"]


@pytest.mark.parametrize("header", ["Pub.", "Where", "Journal/Conf", "Published at"])
def test_more_venue_column_headers(header: str) -> None:
    doc = awesome_parse.parse(
        f"| Title | {header} | Links |\n|---|---|---|\n"
        "| Invented Table Title | CVPR 2023 | [paper](https://arxiv.org/abs/2303.01001) |\n"
    )
    (entry,) = doc.entries
    assert (entry.venue, entry.sources.get("venue")) == ("CVPR 2023", "table")
