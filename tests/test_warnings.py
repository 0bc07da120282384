"""Findings that do not stop the build: each is a warning naming where it is, and the build goes on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.model import Location

from .conftest import SAMPLE
from .support.workbooks import Formula, Text, month_workbook
from .support.zips import rewrite_zip


def _warnings(*extracts: Path) -> list[tuple[str, Location, str]]:
    card = scorecard_xl.prepare([*extracts, SAMPLE], period="2016-09")
    return [(w.code, w.location, w.message) for w in card.warnings]


def _calculated_by_excel(name: str, data: bytes) -> bytes:
    """As Excel saves a workbook it has calculated: no request to recalculate on opening."""
    if name == "xl/workbook.xml":
        return re.sub(rb"<calcPr[^>]*/>", b'<calcPr calcId="191029"/>', data)
    return data


def test_stale_formula_results_are_named(tmp_path):
    # xlsxwriter, like many export tools, saves formulas with results it did not calculate and asks Excel to
    # recalculate on opening (fullCalcOnLoad): the saved results may be stale.
    path = month_workbook(tmp_path / "f.xlsx", [["CS13", Formula("=1400+29", 1429)]])
    found = _warnings(path)
    assert [(c, w) for c, w, _ in found] == [("stale-formulas", Location(file=str(path)))]
    assert "saved results" in found[0][2] and "recalculated" in found[0][2]
    rewrite_zip(path, _calculated_by_excel)
    assert _warnings(path) == []


def test_formulas_from_other_workbooks_are_named(tmp_path):
    path = month_workbook(tmp_path / "x.xlsx", [["CS13", Formula("=[1]Sheet1!A1", 1429)]])
    rewrite_zip(path, _calculated_by_excel)
    found = _warnings(path)
    assert [(c, w) for c, w, _ in found] == [("external-links", Location(file=str(path)))]
    assert "not followed" in found[0][2]


def test_value_disagreeing_with_numerator_and_denominator(tmp_path):
    path = month_workbook(
        tmp_path / "d.xlsx", [["CS08", 0.95, 30, 40]], sheet="Oct 2016"
    )  # 30/40 is 75%, the value says 95%
    found = _warnings(path)
    assert [(c, w) for c, w, _ in found] == [("value-disagrees", Location(file=str(path), sheet="Oct 2016", cell="B2"))]
    assert "the value (95%) disagrees with numerator/denominator (30/40 = 75%); the value is used" in found[0][2]


def test_value_agreeing_at_the_displayed_precision_is_quiet(tmp_path):
    path = month_workbook(tmp_path / "a.xlsx", [["CS08", 0.95, 379, 400]], sheet="Oct 2016")  # 94.75% shows as 95%
    assert _warnings(path) == []


def test_narrative_over_excels_cell_limit_is_a_warning_not_a_silent_cut(tmp_path):
    long = "x" * 33_000
    path = month_workbook(tmp_path / "n.xlsx", [["CS02", 0.57, None, None, Text(long)]])
    card = scorecard_xl.prepare([path, SAMPLE], period="2016-09")
    codes = [(w.code, w.location) for w in card.warnings]
    assert codes == [
        ("narrative-differs", Location(file=str(SAMPLE), sheet="Sep 2016", cell="C6")),  # the sample's own, second
        ("narrative-too-long", Location(file=str(path), sheet="Sep 2016", cell="B2")),
    ]
    assert "33,000 characters" in card.warnings[1].message
    row = next(r for r in card.rows if r.measure.id == "CS02")
    assert len(row.narrative) == 32_767


@pytest.mark.parametrize("control", ["\x01", "\x07", "\x1f", "\x7f"])
def test_narrative_control_characters_are_removed(tmp_path, control):
    path = month_workbook(tmp_path / "c.xlsx", [["CS02", 0.57, None, None, Text(f"  Up{control} on last month  ")]])
    card = scorecard_xl.prepare([path, SAMPLE], period="2016-09")
    assert next(r for r in card.rows if r.measure.id == "CS02").narrative == "Up on last month"


def test_a_hidden_column_is_read_and_named(tmp_path):
    """SPEC §3.5: hidden columns, like hidden sheets, are read and named in a warning — never used silently."""
    import xlsxwriter

    path = tmp_path / "hidden.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sep 2016")
    for column, text in enumerate(("Measure", "Value", "Narrative")):
        sheet.write_string(0, column, text)
    sheet.write_string(1, 0, "CS13")
    sheet.write_number(1, 1, 1241)
    sheet.write_string(1, 2, "steady")
    sheet.set_column(1, 1, None, None, {"hidden": True})  # the Value column, B
    book.close()
    card = scorecard_xl.prepare([path], period="2016-09")
    row = next(r for r in card.rows if r.measure.id == "CS13")
    assert row.figures[card.columns.index(card.period)].value == 1241  # read
    hidden = [w for w in card.warnings if w.code == "hidden-columns"]
    assert [(w.location.file, w.location.sheet) for w in hidden] == [(str(path), "Sep 2016")]
    assert "column B is hidden" in hidden[0].message
