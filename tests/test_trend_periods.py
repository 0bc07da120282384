"""Quarterly and annual measures chart their own periods: the last 8 quarters or 5 years, not 13 months."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl

import scorecard_xl
from scorecard_xl.web import present

from .support.templates import one_theme

TEMPLATE = one_theme(
    "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}",
    "{id: Q1, number: 2, title: Quarterly count, good_to_be: high, unit: count, target: 100, frequency: quarter}",
    "{id: Y1, number: 3, title: Annual count, good_to_be: high, unit: count, target: 1000, frequency: year}",
)
# Quarterly figures 11 … 21 for the quarters ending Mar 2014 … Sep 2016; annual 101 … 105 for 2011/12 … 2015/16;
# monthly 1 … 13 for Sep 2015 … Sep 2016.
YEARS = [(f"{2011 + i}/{(12 + i) % 100:02d}", 101 + i) for i in range(5)]


def _quarter_ends() -> list[str]:
    months = []
    year, month = 2014, 3
    for _ in range(11):
        months.append(f"{year}-{month:02d}")
        month += 3
        if month > 12:
            year, month = year + 1, month - 12
    return months


def _build(tmp_path: Path) -> openpyxl.Workbook:
    (tmp_path / "t.yaml").write_text(TEMPLATE, encoding="utf-8")
    extract = tmp_path / "extract.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Measure", "Period", "Value"])
        writer.writerows(("Q1", month, 11 + i) for i, month in enumerate(_quarter_ends()))
        writer.writerows(("Y1", label, value) for label, value in YEARS)
        writer.writerows(("M1", f"{2015 + (8 + i) // 12}-{(8 + i) % 12 + 1:02d}", i + 1) for i in range(13))
    out = tmp_path / "out.xlsx"
    scorecard_xl.build([extract], tmp_path / "t.yaml", "2016-09", out)
    return openpyxl.load_workbook(out)


def _plotted(book: openpyxl.Workbook, number: int) -> list[object]:
    """The values one measure row's Trend chart plots, read from the cells its series names."""
    sheet = book["Appendix 1"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == number)
    chart = next(c for c in sheet._charts if c.anchor._from.row + 1 == row)
    ref = chart.series[0].val.numRef.f
    match = re.fullmatch(r"'Chart data'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert match, ref
    first, line, last, _ = match.groups()
    cells = book["Chart data"][f"{first}{line}" : f"{last}{line}"][0]
    return [c.value for c in cells]


def test_a_quarterly_measure_charts_its_last_8_quarters(tmp_path: Path) -> None:
    values = _plotted(_build(tmp_path), 2)
    assert values == list(range(14, 22))  # Sep 2014 … Sep 2016: the last 8 of the 11 quarters


def test_an_annual_measure_charts_its_last_5_years(tmp_path: Path) -> None:
    values = _plotted(_build(tmp_path), 3)
    assert values == [101, 102, 103, 104, 105]  # 2011/12 … 2015/16


def test_a_monthly_measure_still_charts_13_months(tmp_path: Path) -> None:
    values = _plotted(_build(tmp_path), 1)
    assert values == list(range(1, 14))  # Sep 2015 … Sep 2016


def test_the_drop_in_page_previews_the_same_periods_as_the_workbook(tmp_path: Path) -> None:
    _build(tmp_path)  # writes t.yaml and extract.csv
    card = scorecard_xl.prepare([tmp_path / "extract.csv"], tmp_path / "t.yaml", "2016-09")
    lines = {line.number: line for _, themes in present.preview(card).outcomes for t in themes for line in t.rows}
    assert lines["2"].period == "Quarterly (Jul–Sep 2016)"  # as the workbook's Data period cell says
    assert lines["3"].period.startswith("Annual")
    assert len(lines["2"].trend.split()) == 8  # the last 8 quarters, as the workbook's Trend chart
    assert len(lines["3"].trend.split()) == 5  # the last 5 years
    assert len(lines["1"].trend.split()) == 13  # the last 13 months
