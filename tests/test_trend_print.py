"""The workbook's Trend column prints: in LibreOffice's PDF of the sample's workbook, every measure row with figures
has a drawn line.

LibreOffice draws no sparklines, so the Trend column holds one native line chart per row. These tests print the
sample through LibreOffice (`soffice`) and look at the ink in each row's Trend cell with pdfplumber (tests/ink.py);
a build whose Trend charts are taken out must fail the same check.
"""

from __future__ import annotations

import pytest

import scorecard_xl
import scorecard_xl.write.appendix

from .conftest import SAMPLE
from .ink import check
from .pack_helpers import trend_expectations
from .support.libreoffice import print_workbook


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("trend") / "appendix1.xlsx"
    result = scorecard_xl.build([SAMPLE], period="2016-09", output=out)
    return result, print_workbook(out)


def test_every_measure_row_with_figures_prints_a_line_in_its_trend_cell(printed):
    result, pdf = printed
    expected = trend_expectations(result.scorecard)
    assert sum(expected.values()) == 35 and len(expected) == 37  # CS04 and CS07 are unavailable: no line
    assert check(pdf, expected) == []


def test_the_check_fails_when_the_trend_column_is_empty(tmp_path, monkeypatch):
    monkeypatch.setattr(scorecard_xl.write.appendix, "insert_trend_chart", lambda *args, **kwargs: None)
    result = scorecard_xl.build([SAMPLE], period="2016-09", output=tmp_path / "bare.xlsx")
    problems = check(print_workbook(result.path), trend_expectations(result.scorecard))
    assert len([p for p in problems if "no line in the Trend cell" in p]) == 35, problems
