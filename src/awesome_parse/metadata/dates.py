"""Publication dates from the many ways lists write them, and from arXiv ids.

Lists date entries with ``[2023/10]`` prefixes, ``[01/22]`` month/day prefixes under a
year heading, ``2023.10.05``, table Year cells (``2021``, ``2021-2022``) or not at all, in
which case an arXiv id still tells the month it was first submitted. Two-digit years are
only accepted when they cannot be mistaken: never in the future, and never when the pair
also reads as month/day.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["DateParts", "arxiv_date", "expand_two_digit_year", "parse_date", "plausible_year"]

_THIS_YEAR = datetime.date.today().year
_MIN_YEAR = 1900


class DateParts(NamedTuple):
    """Year, month and day, each ``None`` when the text does not say."""

    year: int | None
    month: int | None = None
    day: int | None = None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<mname>[A-Za-z]{3,9})\.?"
_SEP = r"\s*[./-]\s*"
_DATE_FORMS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?P<y>\d{4})",
        r"(?P<y>\d{4})\s*[-–—/~]\s*(?P<y2>\d{4}|\d{2})",
        rf"(?P<y>\d{{4}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<d>\d{{1,2}}))?",
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
        rf"(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})",
        rf"(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}}){_SEP}(?P<y>\d{{4}})",
        rf"(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}})",
        rf"{_MONTH_NAME},?\s*(?P<y>\d{{4}})",
        rf"(?P<d>\d{{1,2}})\s*{_MONTH_NAME},?\s*(?P<y>\d{{4}})",
        rf"{_MONTH_NAME}\s*(?P<d>\d{{1,2}}),?\s*(?P<y>\d{{4}})",
        rf"(?P<y>\d{{4}}),?\s*{_MONTH_NAME}(?:\s*(?P<d>\d{{1,2}}))?",
    )
)
_ANY_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_STRIP = " \t[](){}"


def plausible_year(year: int) -> bool:
    """A year a paper can have: 1900 up to next year."""
    return _MIN_YEAR <= year <= _THIS_YEAR + 1


def expand_two_digit_year(yy: int) -> int:
    """``22`` → 2022, ``98`` → 1998: the 21st century unless that would be in the future."""
    year = 2000 + yy
    return year if year <= _THIS_YEAR + 1 else 1900 + yy


def _valid(parts: DateParts) -> DateParts | None:
    year, month, day = parts
    if year is not None and not plausible_year(year):
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        limit = calendar.monthrange(year or 2000, month or 1)[1] if month else 31
        if not 1 <= day <= limit:
            return None
    return parts


def _from_match(m: re.Match[str]) -> DateParts | None:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    month = int(groups["m"]) if "m" in groups else None
    if "mname" in groups:
        month = _MONTHS.get(groups["mname"].lower())
        if month is None:
            return None
    year = int(groups["y"]) if "y" in groups else None
    day = int(groups["d"]) if "d" in groups else None
    if "a" in groups:
        return _from_pair(int(groups["a"]), int(groups["b"]), year)
    return _valid(DateParts(year, month, day))


def _from_pair(a: int, b: int, year: int | None) -> DateParts | None:
    """Two small numbers: month/day first, then day/month (with a year), then yy/mm."""
    if year is not None:
        if a > 12:
            return _valid(DateParts(year, b, a))
        if b > 12:
            return _valid(DateParts(year, a, b))
        return _valid(DateParts(year))
    if a <= 12:
        return _valid(DateParts(None, a, b))
    if b <= 12:
        return _valid(DateParts(expand_two_digit_year(a), b))
    return None


@lru_cache(maxsize=4096)  # a list repeats its few date spellings (``2023/10``) many times
def parse_date(text: str) -> DateParts | None:
    """Year, month and day written in ``text``, or ``None`` when it holds no date.

    Reads ``2023``, ``2023/10``, ``2023-10``, ``2023.10.05``, ``20231005``, ``10/2023``,
    ``Oct 2023``, ``5 Oct 2023``, a range ``2021-2022`` (its first year) and ``01/22`` read
    as month/day, which leaves the year to the caller (the heading above it). ``23/10``
    cannot be month/day, so it is year 2023, month 10. Other text falls back to a single
    four-digit year in it, if there is exactly one.
    """
    text = text.strip(_STRIP)[:64]
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m is not None:
            parts = _from_match(m)
            if parts is not None and _range_ok(m):
                return parts
    years = {int(y) for y in _ANY_YEAR_RE.findall(text)}
    if len(years) == 1:
        return _valid(DateParts(years.pop()))
    return None


def _range_ok(m: re.Match[str]) -> bool:
    second = m.groupdict().get("y2")
    if second is None:
        return True
    first = m.group("y")
    if len(second) == 2:
        # ``2010-12`` is December 2010; only ``2021-22`` (not a month) is a range.
        return int(second) > 12 and int(first[:2] + second) >= int(first)
    return int(second) >= int(first)


_ARXIV_NEW_RE = re.compile(r"(\d\d)(\d\d)\.\d{4,5}")
_ARXIV_OLD_RE = re.compile(r"[^/]{1,40}/(\d\d)(\d\d)\d{3}")


def arxiv_date(arxiv_id: str) -> DateParts | None:
    """Year and month of first submission encoded in a bare arXiv id.

    ``2310.18689`` → 2023-10; old-style ``hep-th/9901001`` → 1999-01.
    """
    m = _ARXIV_NEW_RE.fullmatch(arxiv_id) or _ARXIV_OLD_RE.fullmatch(arxiv_id)
    if m is None:
        return None
    yy, month = int(m.group(1)), int(m.group(2))
    year = 1900 + yy if yy >= 90 else 2000 + yy
    return _valid(DateParts(year, month))
