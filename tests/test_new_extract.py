"""`new-extract`: the month sheet an analyst fills in lists every measure, validates entries, and builds once filled."""

from __future__ import annotations

import io

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.cli import main
from scorecard_xl.model import Rag

from .conftest import SAMPLE
from .support.readback import read_appendix


@pytest.fixture()
def blank(tmp_path):
    out = tmp_path / "kpis_2016-10.xlsx"
    code = main(
        ["new-extract", "--period", "2016-10", "--from", str(SAMPLE), "-o", str(out)], io.StringIO(), io.StringIO()
    )
    assert code == 0
    return out


def test_lists_every_measure_with_previous_figures(blank):
    wb = openpyxl.load_workbook(blank)
    ws = wb["Oct 2016"]
    assert ws["A2"].value == "Period"
    headers = [c.value for c in ws[4]]
    assert headers[:7] == ["Measure ID", "Title", "Unit", "Value", "Numerator", "Denominator", "Narrative"]
    assert headers[7] == "Previous value (Sep 2016)"
    ids = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert ids == [f"CS{n:02d}" for n in range(1, 38)]
    row_cs01 = 5
    assert ws.cell(row_cs01, 8).value == pytest.approx(0.61)  # CS01's September figure, for reference
    assert ws.cell(row_cs01, 4).number_format == "0%"


def test_data_validation_fits_each_unit(blank):
    ws = openpyxl.load_workbook(blank)["Oct 2016"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    percent = rules["D5"]  # CS01, a percent
    assert percent.type == "custom" and "D5<=1" in percent.formula1 and "D5>=0" in percent.formula1
    count = rules["D17"]  # CS13, a count
    assert "INT(D17)" in count.formula1
    unavailable = rules["D8:F8"]  # CS04 is unavailable: nothing may be entered
    assert unavailable.type == "textLength" and unavailable.formula1 == "0"
    assert '"*"' in percent.formula1  # suppressed markers stay allowed


def test_filled_in_sheet_builds(blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    ws = wb["Oct 2016"]
    for row in range(5, ws.max_row + 1):
        measure_id = ws.cell(row, 1).value
        if ws.cell(row, 3).value == "unavailable":
            continue
        previous = ws.cell(row, 8).value
        if ws.cell(row, 3).value == "percent":
            ws.cell(row, 4).value = min(1.0, round((previous or 0.5) + 0.02, 2))
        else:
            ws.cell(row, 4).value = (previous or 10) + 1
        if measure_id == "CS02":
            cell = ws.cell(row, 7)
            cell.value = "=Improving after the September dip"  # narrative that looks like a formula
            cell.data_type = "s"  # typed as text, as Excel keeps '=… entries
    wb.save(blank)
    out = tmp_path / "oct.xlsx"
    result = scorecard_xl.build([SAMPLE, blank], period="2016-10", output=out)
    rows = {r.measure.id: r for r in result.scorecard.rows}
    october = result.scorecard.columns.index(scorecard_xl.Month(2016, 10))
    assert rows["CS01"].figures[october].value == pytest.approx(0.63)
    assert rows["CS01"].figures[october].arrow.value == "↑"  # 63% against September's 61%
    assert rows["CS01"].rag is Rag.GREEN
    assert rows["CS02"].narrative == "=Improving after the September dip"
    _, headers, shown = read_appendix(out)
    assert "Oct 2016" in headers
    cs02 = next(r for r in shown if r.kind == "Measure" and r.cells["No."] == 2)
    assert cs02.cells["Narrative"] == "=Improving after the September dip"
    assert result.warnings == ()


def test_refuses_to_replace_without_force(blank):
    err = io.StringIO()
    assert main(["new-extract", "--period", "2016-10", "-o", str(blank)], io.StringIO(), err) == 2
    assert "already exists" in err.getvalue()
