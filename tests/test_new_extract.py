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


PERIODS_TEMPLATE = """\
title: Appendix 1
portfolio: Test portfolio
author: Tests
outcomes:
  - name: O
    themes:
      - name: T
        measures:
          - {id: M1, number: 1, title: Monthly, good_to_be: high, unit: percent, decimals: 0, target: 60%}
          - {id: M2, number: 2, title: Quarterly, good_to_be: high, unit: percent, decimals: 1, target: 60%,
             frequency: quarter}
          - {id: M3, number: 3, title: Annual, good_to_be: high, unit: count, decimals: 0, target: 100,
             frequency: year}
"""


@pytest.fixture()
def periods(tmp_path):
    """A template with a monthly, a quarterly and an annual measure, and an extract of their figures to Nov 2016."""
    template = tmp_path / "t.yaml"
    template.write_text(PERIODS_TEMPLATE, encoding="utf-8")
    rows = ["Measure,Month,Value"]
    rows += [f"M1,2016-{month:02d},{60 + month}%" for month in range(3, 12)]
    rows += ["M2,Q4 2015/16,57.5%", "M2,Q1 2016/17,58.5%", "M2,Q2 2016/17,61.5%", "M3,2015/16,120"]
    extract = tmp_path / "ext.csv"
    extract.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return template, extract


def _sheet(template, extract, period, out):
    argv = ["new-extract", "--period", period, "--template", str(template), "--from", str(extract), "-o", str(out)]
    assert main(argv, io.StringIO(), io.StringIO()) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    return ws, rows, {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_a_month_ending_no_quarter_takes_no_quarterly_figure(periods, tmp_path):
    ws, rows, rules = _sheet(*periods, "2016-10", tmp_path / "oct.xlsx")
    quarterly, annual = rows["M2"], rows["M3"]
    note = "quarterly: enter the Oct–Dec 2016 figure in the Dec 2016 extract"
    assert ws.cell(quarterly, 3).value == note  # the row says so
    closed = rules[f"D{quarterly}:G{quarterly}"]  # Value to Narrative: nothing may be typed
    assert closed.type == "textLength" and closed.formula1 == "0" and closed.prompt == note
    assert ws.cell(annual, 3).value == "annual: enter the 2016/17 figure in the Mar 2017 extract"
    assert rules[f"D{annual}:G{annual}"].type == "textLength"
    assert ws.cell(rows["M1"], 3).value == "percent" and rules[f"D{rows['M1']}"].type == "custom"  # monthly: as ever
    # the previous figures are labelled with their periods; the heading names last month
    assert ws.cell(4, 8).value == "Previous value (Sep 2016)"
    assert ws.cell(quarterly, 8).value == pytest.approx(0.615)
    assert ws.cell(quarterly, 8).number_format == '0.0%" (Jul–Sep 2016)"'
    assert ws.cell(annual, 8).value == 120 and ws.cell(annual, 8).number_format.endswith('" (2015/16)"')


def test_the_quarter_end_month_asks_for_the_quarter_and_builds(periods, tmp_path):
    template, extract = periods
    out = tmp_path / "dec.xlsx"
    ws, rows, rules = _sheet(template, extract, "2016-12", out)
    quarterly = rows["M2"]
    assert ws.cell(quarterly, 3).value == "percent, Oct–Dec 2016"
    assert rules[f"D{quarterly}"].type == "custom"
    assert rules[f"D{quarterly}"].prompt.startswith("the Oct–Dec 2016 figure: a percentage")
    assert ws.cell(4, 8).value == "Previous value (Nov 2016)"
    assert ws.cell(quarterly, 8).value == pytest.approx(0.615)  # Jul–Sep, the last quarter, not November's nothing
    assert ws.cell(quarterly, 8).number_format.endswith('" (Jul–Sep 2016)"')
    ws.cell(rows["M1"], 4).value = 0.72
    ws.cell(quarterly, 4).value = 0.65
    ws.parent.save(out)
    result = scorecard_xl.build([extract, out], template=template, period="2016-12", output=tmp_path / "a.xlsx")
    row = next(r for r in result.scorecard.rows if r.measure.id == "M2")
    december = result.scorecard.columns.index(scorecard_xl.Month(2016, 12))
    assert row.figures[december].value == pytest.approx(0.65)
    assert result.warnings == ()


ADULTS = SAMPLE.with_name("adult_social_care_extract.xlsx")
ADULTS_TEMPLATE = SAMPLE.parent.parent / "templates" / "adult_social_care.yaml"


def test_a_ratio_asks_for_the_months_numerator_and_denominator_and_builds(tmp_path):
    out = tmp_path / "oct.xlsx"
    ws, rows, rules = _sheet(ADULTS_TEMPLATE, ADULTS, "2016-10", out)
    r = rows["AS20"]  # compute: ratio, year to date
    value = rules[f"D{r}"]
    assert value.type == "textLength" and value.formula1 == "0"  # a Value is not offered: it would not be used
    assert value.prompt.startswith("Not used") and "numerator and denominator" in value.prompt
    numerator, denominator = rules[f"E{r}"], rules[f"F{r}"]
    assert (
        f"INT(E{r})" in numerator.formula1 and f"E{r}<=F{r}" in numerator.formula1 and f"E{r}>=0" in numerator.formula1
    )
    assert f"INT(F{r})" in denominator.formula1 and f"F{r}>0" in denominator.formula1
    assert numerator.prompt.startswith("Oct 2016's own numerator, not the year to date")
    assert denominator.prompt.startswith("Oct 2016's own denominator, not the year to date")
    # a sum and a mean still take the month's own figure, and say so
    assert rules[f"D{rows['AS10']}"].prompt.startswith("Oct 2016's own figure, not the figure for the year to date")
    assert rules[f"D{rows['AS06']}"].prompt.startswith("Oct 2016's own figure, not the figure for the rolling year")
    for measure_id, row in rows.items():
        if ws.cell(row, 3).value == "unavailable":
            continue
        if measure_id == "AS20":
            ws.cell(row, 5).value, ws.cell(row, 6).value = 300, 350
        else:
            ws.cell(row, 4).value = ws.cell(row, 8).value
    ws.cell(rows["AS10"], 4).value = 7
    ws.parent.save(out)
    result = scorecard_xl.build([ADULTS, out], template=ADULTS_TEMPLATE, period="2016-10", output=tmp_path / "a.xlsx")
    shown = {row.measure.id: row for row in result.scorecard.rows}
    october = result.scorecard.columns.index(scorecard_xl.Month(2016, 10))
    observations = scorecard_xl.read_extracts([ADULTS], scorecard_xl.load_template(ADULTS_TEMPLATE)).observations
    april_to_september = [
        o for o in observations if scorecard_xl.Month(2016, 4) <= o.month <= scorecard_xl.Month(2016, 9)
    ]
    reviews = [o for o in april_to_september if o.measure_id == "AS20"]
    expected = (sum(o.numerator for o in reviews) + 300) / (sum(o.denominator for o in reviews) + 350)
    assert shown["AS20"].figures[october].value == pytest.approx(expected)
    placements = sum(o.value for o in april_to_september if o.measure_id == "AS10")
    assert shown["AS10"].figures[october].value == pytest.approx(placements + 7)
    assert result.warnings == ()
