"""Truth tables for the cell readers: value text (`read/cells/values.py`), the number grammar and display rounding
(`numbers.py`), and months in names, headers and cells (`read/cells/month_labels.py`).

Every expectation is written out by hand from SPEC §3.3 and the docstrings; the boundaries (years 1900 and
2099, Excel serials 1 and 2,958,465, `201609` as a number, `.5`, `1 000`) are each on both sides.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from scorecard_xl.model import Month, Status, Unit
from scorecard_xl.numbers import WrittenNumber, display_round, format_number, read_number
from scorecard_xl.read.cells.month_labels import excel_date, find_month, month_of_cell, parse_month
from scorecard_xl.read.cells.values import MAX_FIGURE, CellProblem, Parsed, clean_text, is_text, parse_value
from scorecard_xl.read.grid import DATE, NUMBER, TEXT, Cell

# --- values ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (".5", Parsed(Status.VALUE, 0.5)),
        ("5", Parsed(Status.VALUE, 5.0)),
        ("-0.5", Parsed(Status.VALUE, -0.5)),
        ("1,241", Parsed(Status.VALUE, 1241.0)),
        ("1,241.5", Parsed(Status.VALUE, 1241.5)),
        ("\u00a071\u00a0", Parsed(Status.VALUE, 71.0)),
        ("71%", Parsed(Status.VALUE, 0.71, True)),
        ("7 1 %", Parsed(Status.VALUE, 0.71, True)),  # spaces inside a percent are dropped
        (" 7 1 % ", Parsed(Status.VALUE, 0.71, True)),
        ("-", Parsed(Status.MISSING)),
        ("N/A", Parsed(Status.MISSING)),
        ("[c]", Parsed(Status.SUPPRESSED)),
        ("<5", Parsed(Status.SUPPRESSED)),
    ],
)
def test_value_text(text: str, expected: Parsed) -> None:
    got = parse_value(Cell(TEXT, text))
    assert got.status is expected.status
    assert got.number == (pytest.approx(expected.number) if expected.number is not None else None)
    assert got.percent is expected.percent


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1 000", "text-in-value"),  # a space is a thousands separator only in print; without % it is refused
        ("1,24", "text-in-value"),
        ("5.", "text-in-value"),
        ("30/09/2016", "date-in-value"),
        ("Sep 2016", "date-in-value"),
        ("lots", "text-in-value"),
        ("9" * 400, "not-a-number"),
    ],
)
def test_value_text_refused(text: str, code: str) -> None:
    with pytest.raises(CellProblem) as caught:
        parse_value(Cell(TEXT, text))
    assert caught.value.code == code


def test_value_bounds() -> None:
    assert parse_value(Cell(NUMBER, MAX_FIGURE)).number == 1e12
    assert parse_value(Cell(NUMBER, -MAX_FIGURE)).number == -1e12
    with pytest.raises(CellProblem) as caught:
        parse_value(Cell(NUMBER, 1e12 * (1 + 1e-15)))
    assert caught.value.code == "implausible-number"
    assert parse_value(None).status is Status.MISSING
    percent = parse_value(Cell(NUMBER, 0.71, percent=True))
    assert (percent.number, percent.percent) == (0.71, True)
    assert parse_value(Cell(NUMBER, 0.71)).percent is False


def test_clean_text_and_is_text() -> None:
    assert clean_text(Cell(NUMBER, 5.0)) == "5"
    assert clean_text(Cell(NUMBER, 5.5)) == "5.5"
    assert clean_text(Cell(TEXT, " a\r\nb\rc\x7f ")) == "a\nb\nc"
    assert clean_text(None) == ""
    assert is_text(Cell(TEXT, " x ")) and not is_text(Cell(TEXT, "  ")) and not is_text(Cell(NUMBER, 1.0))


# --- the number grammar and rounding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("1,241", {"thousands": True}, WrittenNumber(1241.0, 0, "")),
        ("1,241", {}, None),
        ("12,41", {"thousands": True}, None),
        (".5", {}, WrittenNumber(0.5, 1, "")),
        ("60.", {}, None),
        ("60.", {"empty_fraction": True}, WrittenNumber(60.0, 0, "")),
        ("5pp", {}, None),
        ("5pp", {"suffixes": ("%", "pp")}, WrittenNumber(5.0, 0, "pp")),
        ("-2.50 %", {}, WrittenNumber(-2.5, 2, "%")),
        ("+7", {}, WrittenNumber(7.0, 0, "")),
        ("", {}, None),
        ("-", {}, None),
        ("1e5", {}, None),
    ],
)
def test_read_number(text: str, options: dict, expected: WrittenNumber | None) -> None:
    assert read_number(text, **options) == expected


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "rounded", "shown"),
    [
        (0.605, Unit.PERCENT, 0, 0.61, "61%"),  # 60.5% → 61%, half up (not to even)
        (0.6049, Unit.PERCENT, 0, 0.60, "60%"),
        (0.12345, Unit.PERCENT, 1, 0.123, "12.3%"),
        (2.5, Unit.COUNT, 0, 3.0, "3"),
        (-2.5, Unit.NUMBER, 0, -3.0, "-3"),  # half away from zero
        (1241.25, Unit.RATE, 1, 1241.3, "1,241.3"),
    ],
)
def test_display_round(value: float, unit: Unit, decimals: int, rounded: float, shown: str) -> None:
    assert display_round(value, unit, decimals) == pytest.approx(rounded, abs=1e-12)
    assert format_number(value, unit, decimals) == shown


# --- months --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Sep 2016", Month(2016, 9)),
        ("September 2016", Month(2016, 9)),
        ("SEPTEMBER 2016", Month(2016, 9)),
        ("Sept 16", Month(2016, 9)),
        ("December 2015", Month(2015, 12)),
        ("2016-09", Month(2016, 9)),
        ("2016/9", Month(2016, 9)),
        ("2016-09-30", Month(2016, 9)),
        ("09-2016", Month(2016, 9)),
        ("30/09/2016", Month(2016, 9)),
        ("Jan 1900", Month(1900, 1)),  # the first year read
        ("Dec 2099", Month(2099, 12)),  # the last
        ("Jan-69", Month(2069, 1)),  # two-digit years: 00–69 are 2000s
        ("Jan-70", Month(1970, 1)),  # 70–99 are 1900s
        ("2016-13", None),
        ("Sep 2016 figures", None),  # parse_month reads a whole text only
        ("Smarch 2016", None),
    ],
)
def test_parse_month(text: str, month: Month | None) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("extract_2016-09_final", Month(2016, 9)),
        ("kpis Dec 2015.xlsx", Month(2015, 12)),
        ("kpis_September_2016.xlsx", Month(2016, 9)),
        ("kpis_12-2015.xlsx", Month(2015, 12)),
        ("v12016-09", None),  # a digit just before the year: part of a longer number
        ("2016-091", None),  # a digit just after the month
        ("ksep 2016", None),  # a letter just before a month name: part of a word
        ("sep 2016x", None),  # a letter just after a named month's year
        ("Sept 16th", None),  # a letter just after a named month's year: `16th` is not a year
        ("no month here", None),
    ],
)
def test_find_month(text: str, month: Month | None) -> None:
    assert find_month(text) == month


@pytest.mark.parametrize(
    ("serial", "date"),
    [
        (1, dt.date(1899, 12, 31)),
        (0.99, None),
        (42644, dt.date(2016, 10, 1)),
        (42643.75, dt.date(2016, 9, 30)),  # the time of day is dropped
        (2958465, dt.date(9999, 12, 31)),  # the last date Excel shows
        (2958466, None),
    ],
)
def test_excel_date(serial: float, date: dt.date | None) -> None:
    assert excel_date(serial) == date


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        (Cell(NUMBER, 201609.0), Month(2016, 9)),  # a month written as a number
        (Cell(NUMBER, 190001.0), Month(1900, 1)),
        (Cell(NUMBER, 209912.0), Month(2099, 12)),
        (Cell(NUMBER, 190000.0), None),
        (Cell(NUMBER, 209913.0), None),
        (Cell(NUMBER, 201613.0), None),
        (Cell(NUMBER, 201600.0), None),
        (Cell(NUMBER, 201609.5), None),
        (Cell(DATE, 42644.0), Month(2016, 10)),
        (Cell(DATE, 0.0), None),
        (Cell(DATE, "2016-09-01T00:00:00"), Month(2016, 9)),
        (Cell(TEXT, "Sep 2016"), Month(2016, 9)),
        (None, None),
    ],
)
def test_month_of_cell(cell: Cell | None, month: Month | None) -> None:
    assert month_of_cell(cell) == month


@pytest.mark.parametrize("number", range(1, 13))
def test_every_month_name_parses(number: int) -> None:
    # names from the calendar module, not from the code under test
    for name in {calendar.month_abbr[number], calendar.month_name[number]}:
        for text in (f"{name} 2016", f"{name.upper()}-16", f"{name.lower()} 2016"):
            assert parse_month(text) == Month(2016, number), text
    assert parse_month(f"{calendar.month_name[number]}") is None  # a month name needs its year
