"""Tell which month a sheet name, file name, header or cell names (`Sep 2016`, `2016-09`, `Sept 16`, a date…)."""

from __future__ import annotations

import datetime as dt
import re

from ...model import MONTH_WORDS as _NAMES
from ...model import Month
from ..grid import DATE, NUMBER, TEXT, Cell
from .period_text import MONTH_FORMS, year_of

_PATTERNS = MONTH_FORMS  # one month grammar, shared with period labels
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# `2010/11`, `2011-12`: a financial or academic year (or, for the dash, ambiguous), never November 2010
_YEAR_PAIR = re.compile(r"(?P<a>(?:19|20)\d\d)\s*[/\-]\s*(?P<b>\d\d)")


def _year_pair(text: str) -> bool:
    match = _YEAR_PAIR.fullmatch(text)
    return bool(match) and int(match["b"]) == (int(match["a"]) + 1) % 100 if match else False


def _from_match(match: re.Match[str]) -> Month | None:
    groups = match.groupdict()
    month = _NAMES[groups["name"].lower()] if groups.get("name") else int(groups["m"])
    year = year_of(groups["y"])
    if not 1900 <= year <= 2099:
        return None
    return Month(year, month)


def parse_month(text: str) -> Month | None:
    """The month that `text` names as a whole (`Sep 2016`, `2016-09`, `Sept 16`, `09-2016`, `30/09/2016`); None
    for a year written as two (`2010/11`, `2011-12`), which is never a month."""
    cleaned = text.strip()
    if _year_pair(cleaned):
        return None
    for pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            return _from_match(match)
    return None


def find_month(text: str) -> Month | None:
    """The month named somewhere inside `text`, such as a file name (`extract_2016-09_final`); None if none."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            before = text[match.start() - 1] if match.start() else ""
            after = text[match.end()] if match.end() < len(text) else ""
            if before.isalnum() and not before.isdigit() and pattern is _PATTERNS[1]:
                continue
            if before.isdigit() or after.isdigit() or (after.isalpha() and pattern is _PATTERNS[1]):
                continue
            if _year_pair(match.group()):
                continue
            found = _from_match(match)
            if found:
                return found
    return None


def excel_date(serial: float) -> dt.date | None:
    """The date of an Excel serial number (1900 date system), or None when out of range."""
    if not 1 <= serial < 2958466:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def month_of_cell(cell: Cell | None) -> Month | None:
    """The month a header or label cell holds: a date, or month text; None otherwise."""
    if cell is None:
        return None
    if cell.kind == DATE:
        if isinstance(cell.value, str):
            return parse_month(cell.value[:10])
        date = excel_date(float(cell.value))
        return Month(date.year, date.month) if date else None
    if cell.kind == TEXT and isinstance(cell.value, str):
        return parse_month(cell.value)
    if (
        cell.kind == NUMBER
        and isinstance(cell.value, float)
        and cell.value.is_integer()
        and 190001 <= cell.value <= 209912
    ):
        # 201609 written as a number
        year, month = divmod(int(cell.value), 100)
        return Month(year, month) if 1 <= month <= 12 else None
    return None


def file_month(name: str) -> Month | None:
    """The month a file's name carries (`kpis_2016-09.xlsx`), used when a sheet says none."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return find_month(stem)
