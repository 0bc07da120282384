"""A column whose header cell is empty but which holds figures in the table's rows is named in one warning per
sheet (`unheaded-column`), never passed over without a word; a column empty below the header says nothing."""

from __future__ import annotations

from pathlib import Path

import scorecard_xl
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .support.workbooks import month_sheets

COUNT = "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}"
RATE = "{id: M2, number: 2, title: Audits good, good_to_be: high, unit: percent, target: 60%}"


def _template() -> scorecard_xl.Template:
    return parse_template(one_theme(COUNT, RATE), "t.yaml", "t")


def test_an_emptied_denominator_header_is_named_not_its_figures_lost(tmp_path: Path) -> None:
    """`Denominator` emptied: the numerator/denominator figures below it would be dropped silently."""
    path = month_sheets(
        tmp_path / "x.xlsx",
        {"Sep 2016": [["M1", 5, 3, 4, "ok"], ["M2", None, 7, 9], ["Note: figures provisional"]]},
        header=("Measure", "Value", "Numerator", "", "Narrative"),
    )
    result = scorecard_xl.read_extracts([path], _template())
    found = [(w.location.sheet, w.location.cell, w.message) for w in result.warnings if w.code == "unheaded-column"]
    assert found == [
        ("Sep 2016", "D2", "column D (from D2) has no header in row 1, so its figures are not read")
    ]  # fmt: skip


def test_a_column_empty_below_its_blank_header_is_no_warning(tmp_path: Path) -> None:
    path = month_sheets(
        tmp_path / "x.xlsx",
        {"Sep 2016": [["M1", 5, None, None, "ok"]]},
        header=("Measure", "Value", "", "", "Narrative"),
    )
    result = scorecard_xl.read_extracts([path], _template())
    assert [o.value for o in result.observations] == [5]
    assert [w for w in result.warnings if w.code == "unheaded-column"] == []
