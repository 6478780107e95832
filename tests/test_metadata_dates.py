"""Table tests for date parsing and arXiv-id dates."""

from __future__ import annotations

import pytest

from awesome_parse.metadata.dates import DateParts, arxiv_date, expand_two_digit_year, parse_date

DATES = [
    ("year-month-slash", "2023/10", DateParts(2023, 10)),
    ("year-month-dash", "2023-10", DateParts(2023, 10)),
    ("year-month-dot", "2023.10", DateParts(2023, 10)),
    ("full-dots", "2023.10.05", DateParts(2023, 10, 5)),
    ("full-dots-2", "2024.03.03", DateParts(2024, 3, 3)),
    ("iso", "2023-10-05", DateParts(2023, 10, 5)),
    ("compact", "20231005", DateParts(2023, 10, 5)),
    ("brackets", "[2023/10]", DateParts(2023, 10)),
    ("year", "2021", DateParts(2021)),
    ("range", "2021-2022", DateParts(2021)),
    ("range-en-dash", "2021–2022", DateParts(2021)),
    ("range-short", "2021-22", DateParts(2021)),
    ("december-not-range", "2010-12", DateParts(2010, 12)),
    ("month-day", "01/22", DateParts(None, 1, 22)),
    ("month-day-2", "12/31", DateParts(None, 12, 31)),
    ("two-digit-year-month", "23/10", DateParts(2023, 10)),
    ("month-year", "10/2023", DateParts(2023, 10)),
    ("day-month-year", "25/10/2023", DateParts(2023, 10, 25)),
    ("month-day-year", "10/25/2023", DateParts(2023, 10, 25)),
    ("ambiguous-day-month", "05/10/2023", DateParts(2023)),
    ("month-name", "Oct 2023", DateParts(2023, 10)),
    ("month-name-long", "September 2021", DateParts(2021, 9)),
    ("day-month-name", "5 Oct 2023", DateParts(2023, 10, 5)),
    ("year-month-name", "2023 Oct", DateParts(2023, 10)),
    ("year-in-text", "2021 (oral)", DateParts(2021)),
    ("leap-day", "2024.02.29", DateParts(2024, 2, 29)),
    ("not-leap-keeps-year", "2023.02.29", DateParts(2023)),
    ("bad-month", "2023/13", DateParts(2023)),
    ("bad-month-day", "13/45", None),
    ("future-two-digit", "99/99", None),
    ("ancient", "1066", None),
    ("two-years-in-text", "2020 or 2021?", None),
    ("not-a-month-name", "Foo 2023", DateParts(2023)),
    ("empty", "", None),
    ("words", "coming soon", None),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in DATES], ids=[c[0] for c in DATES])
def test_parse_date(text: str, expected: DateParts | None) -> None:
    assert parse_date(text) == expected


ARXIV = [
    ("new", "2310.18689", DateParts(2023, 10)),
    ("new-four", "1412.6980", DateParts(2014, 12)),
    ("old", "hep-th/9901001", DateParts(1999, 1)),
    ("old-2000s", "math.GT/0309136", DateParts(2003, 9)),
    ("bad", "not-an-id", None),
]


@pytest.mark.parametrize(
    ("arxiv_id", "expected"), [c[1:] for c in ARXIV], ids=[c[0] for c in ARXIV]
)
def test_arxiv_date(arxiv_id: str, expected: DateParts | None) -> None:
    assert arxiv_date(arxiv_id) == expected


@pytest.mark.parametrize(("yy", "year"), [(22, 2022), (0, 2000), (98, 1998)], ids=str)
def test_expand_two_digit_year(yy: int, year: int) -> None:
    assert expand_two_digit_year(yy) == year
