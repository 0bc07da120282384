"""Resolve, then render: the calculated scorecard holds every displayed value, and the workbook and the page's
preview show exactly those values (the cells as text, the key, the trend lines and their targets)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.web import present

from .conftest import SAMPLE
from .support.readback import read_appendix, shown_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> scorecard_xl.BuildResult:
    folder = tmp_path_factory.mktemp("resolved")
    symbols = folder / "symbols.csv"
    symbols.write_text(
        "Measure,Month,Value\nCS01,Oct 2016,x\nCS13,Oct 2016,1241 [u]\nCS05,Oct 2016,[c]\n", encoding="utf-8"
    )
    result = scorecard_xl.build([SAMPLE, symbols], period="2016-10", output=folder / "out.xlsx")
    assert isinstance(result, scorecard_xl.BuildResult)
    return result


def _unflagged(text: str) -> str:
    return re.sub(r" \[\w+\]$", "", text)


def test_the_workbook_shows_the_cells_the_scorecard_displays(built: scorecard_xl.BuildResult) -> None:
    _, headers, shown = read_appendix(built.path)
    measures = [r for r in shown if r.kind == "Measure"]
    rows = built.scorecard.rows
    assert len(measures) == len(rows)
    months = [h for h in headers if h and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", h)]
    for row, cells in zip(rows, measures, strict=True):
        assert cells.cells["Data period"] == row.period_text
        assert (cells.cells["Good to be"] or "") == row.good
        target = cells.cells["Target"]
        if isinstance(target, (int, float)):
            fmt = openpyxl.load_workbook(built.path)["Appendix 1"].cell(cells.row, 5).number_format
            assert shown_text(float(target), fmt) == row.target_text
        else:
            assert (target or "") == row.target_text
        for month, text in zip(months, row.figure_texts, strict=True):
            figure = cells.figures[month]
            if isinstance(figure.value, str):
                assert figure.value == text
            elif figure.value is None:
                assert text == ""
            else:
                core = re.sub(r'" \[\w+\]"$', "", figure.number_format)
                assert shown_text(float(figure.value), core) == _unflagged(text), (row.measure.id, month)
    texts = {t for r in rows for t in r.figure_texts}
    assert {"x", "[c]", "1,241 [u]"} <= texts  # the symbols as published, in place of or beside a figure


def test_the_preview_shows_the_cells_the_scorecard_displays(built: scorecard_xl.BuildResult) -> None:
    shown = present.preview(built.scorecard)
    lines = [line for _, themes in shown.outcomes for theme in themes for line in theme.rows]
    for row, line in zip(built.scorecard.rows, lines, strict=True):
        assert (line.period, line.target, line.good) == (row.period_text, row.target_text, row.good)
        assert tuple(f.text for f in line.figures) == row.figure_texts


def test_the_key_and_the_trend_lines_are_the_scorecards(built: scorecard_xl.BuildResult) -> None:
    card = built.scorecard
    book = openpyxl.load_workbook(built.path)
    ws = book["Appendix 1"]
    key_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Key")
    printed = [(ws.cell(key_row + 1 + i, 2).value, ws.cell(key_row + 1 + i, 3).value) for i in range(len(card.key))]
    assert printed == list(card.key)
    chart = book["Chart data"]
    last = max(c.column for row in chart.iter_rows() for c in row if c.value is not None)
    lines = {line.measure: line.points for line in card.trend_lines}
    for row in chart.iter_rows(min_row=4):
        measure = next((m for m in lines if m.id == row[0].value), None)
        if measure is None:
            continue
        points = lines[measure]
        drawn = [chart.cell(row[0].row, last - len(points) + 1 + j).value for j in range(len(points))]
        assert drawn == [p.plotted for p in points], measure.id
    for measure, points in lines.items():  # each point names its period and carries the target in force then
        for p in points:
            assert p.label == measure.period_label(p.end)
            assert p.target == (None if measure.target.monitor else measure.target.for_month(p.end, measure.year_end))
    described = next(line for line in card.trend_lines if line.measure.id == "CS01")
    assert described.description.startswith("CS01 ") and " to " in described.description
    assert described.with_target.startswith(described.description + "; target ")


def test_a_period_text_is_the_scorecards_for_an_unavailable_measure(tmp_path: Path) -> None:
    card = scorecard_xl.prepare([SAMPLE], period="2016-09")
    unavailable = [r for r in card.rows if not r.measure.available]
    assert unavailable
    assert {(r.period_text, r.good, r.target_text) for r in unavailable} == {("Data currently unavailable", "", "")}


def test_the_summarys_exceptions_are_the_scorecards(tmp_path: Path) -> None:
    """The Summary sheet lists the scorecard's exceptions, each with what its arrow compared with as resolved."""
    built = scorecard_xl.build([SAMPLE], period="2016-09", output=tmp_path / "out.xlsx")
    card = built.scorecard
    ws = openpyxl.load_workbook(built.path)["Summary"]
    start = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Exceptions:"))
    listed = [
        (ws.cell(r, 1).value, ws.cell(r, 6).value or "") for r in range(start + 2, start + 2 + len(card.exceptions))
    ]
    assert listed == [(r.measure.number, r.compared_text) for r in card.exceptions]
    assert card.exceptions and all(r.rag is scorecard_xl.model.Rag.RED for r in card.exceptions)
    assert any(r.compared_text for r in card.exceptions)


def test_the_council_summary_is_the_packs(tmp_path: Path) -> None:
    """Each portfolio's line of the Council summary (counts, measures, outcomes in words) is the pack's own."""
    from .conftest import ROOT

    adults = ROOT / "sample_workbooks" / "adult_social_care_extract.xlsx"
    built = scorecard_xl.build([SAMPLE, adults], template="council", period="2016-09", output=tmp_path / "p.xlsx")
    assert isinstance(built, scorecard_xl.CouncilResult)
    pack = built.council
    ws = openpyxl.load_workbook(built.path)["Council summary"]
    shown = [tuple(ws.cell(5 + i, c).value for c in range(1, 8)) for i in range(len(pack.summary))]
    assert shown == [
        (line.sheet, line.counts.green, line.counts.amber, line.counts.red, line.counts.monitor, line.measures,
         line.outcomes)
        for line in pack.summary
    ]  # fmt: skip
    assert [line.measures for line in pack.summary] == [len(sc.rows) for sc in pack.portfolios]
    assert pack.chart_description.startswith("Measures by status and portfolio: " + pack.summary[0].sheet)
