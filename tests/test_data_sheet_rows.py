"""The Data sheet's layout: the header on its row, the measures straight under it, the panes frozen below it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

import scorecard_xl
from scorecard_xl.model import Location, Month, Observation, Status
from scorecard_xl.write.cells import SHEET_DATA
from scorecard_xl.write.workbook import write_workbook

from .test_calc_gaps import MIXED


def test_the_data_sheet_has_no_blank_row_under_its_header(tmp_path: Path) -> None:
    months = [Month(2023, 12), Month(2024, 1), Month(2024, 2)]
    observations = [Observation("M1", m, Status.VALUE, 5.0 + i, Location(file="e.csv")) for i, m in enumerate(months)]
    observations.append(Observation("Q1", Month(2023, 12), Status.VALUE, 9.0, Location(file="e.csv")))
    out = tmp_path / "out.xlsx"
    write_workbook(scorecard_xl.calculate(MIXED, observations, Month(2024, 2)), str(out))
    ws = openpyxl.load_workbook(out)[SHEET_DATA]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=1, max_row=ws.max_row)]
    assert str(rows[0][0]).startswith("Data: every monthly figure used")
    assert rows[1] == (None,) * len(rows[1])  # one spacer row under the title
    assert rows[2][:4] == ("ID", "No.", "Measure", "Unit")  # the header on row 3
    assert [r[0] for r in rows[3:]] == ["M1", "Q1"]  # the measures straight under it, no blank row
    assert rows[3][4:7] == (5.0, 6.0, 7.0)
    assert ws.freeze_panes == "E4"
    assert ws.print_title_rows == "$3:$3"
