"""Revised figures (SPEC §13): a later monthly extract restating an earlier month supersedes the earlier extract's
figure, with a `revised` warning, an `[r]` mark on the Data sheet and a line on the About sheet; figures that no
later extract settles stay errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from scorecard_xl import BuildResult
from scorecard_xl.api import build
from scorecard_xl.errors import InputError

from .support.readback import about_rows, read_appendix
from .support.templates import one_theme
from .support.workbooks import long_csv, month_sheets

TEMPLATE = one_theme(
    "{id: M1, number: 1, title: Cases closed, good_to_be: high, unit: count, target: 10}",
    "{id: P1, number: 2, title: Seen in time, good_to_be: high, unit: percent, decimals: 1, target: 80%}",
)


def _built(extracts: Path, template: Path, period: str, out: Path) -> BuildResult:
    """The one-portfolio build of `extracts` for `period`."""
    result = build([extracts], template, period, out)
    assert isinstance(result, BuildResult)
    return result


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def _extracts(folder: Path, august_then: float, august_now: float) -> tuple[Path, Path]:
    """Two monthly BI extracts: the August one (Jun–Aug) and the September one (Jun–Sep), which restates August's M1
    as `august_now`."""
    folder.mkdir()
    august = long_csv(
        folder / "kpi extract 1.csv",
        [["M1", "Jun 2016", 12], ["M1", "Jul 2016", 14], ["M1", "Aug 2016", august_then],
         ["P1", "Jun 2016", "81.0%"], ["P1", "Jul 2016", "82.0%"], ["P1", "Aug 2016", "83.0%"]],
    )  # fmt: skip
    september = long_csv(
        folder / "kpi extract 2.csv",
        [["M1", "Jun 2016", 12], ["M1", "Jul 2016", 14], ["M1", "Aug 2016", august_now], ["M1", "Sep 2016", 11],
         ["P1", "Jun 2016", "81.0%"], ["P1", "Jul 2016", "82.0%"], ["P1", "Aug 2016", "83.0%"],
         ["P1", "Sep 2016", "84.0%"]],
    )  # fmt: skip
    return august, september


def test_a_later_extract_revises_an_earlier_month_with_a_warning_a_mark_and_an_about_line(tmp_path: Path) -> None:
    august, september = _extracts(tmp_path / "extracts", 20, 5)
    result = _built(tmp_path / "extracts", _template(tmp_path), "2016-09", tmp_path / "out.xlsx")
    revised = [w for w in result.scorecard.warnings if w.code == "revised"]
    assert len(revised) == 1, result.scorecard.warnings
    text = revised[0].text
    assert "M1 for Aug 2016 is revised from 20 " in text and "to 5 here" in text
    assert str(august) in text and revised[0].location.file == str(september)
    # the Data sheet holds the revised figure, still a number, marked [r] in its number format
    ws = openpyxl.load_workbook(result.path)["Data"]
    header = next(row for row in ws.iter_rows() if row[0].value == "ID")
    august_col = next(c.column for c in header if c.value == "Aug 2016")
    m1 = next(row for row in ws.iter_rows() if row[0].value == "M1")
    cell = m1[august_col - 1]
    assert cell.value == 5 and isinstance(cell.value, int | float)
    assert cell.number_format.endswith('" [r]"')
    july = m1[august_col - 2]
    assert july.value == 14 and "[r]" not in july.number_format  # a figure both give alike is not revised
    about = about_rows(result.path)
    assert ("Revised figures", "1") in about
    listed = [str(v) for k, v in about if k == "Revised figure"]
    assert len(listed) == 1 and "revised from 20" in listed[0] and str(september) in listed[0]


def test_the_revised_figure_is_the_one_the_arrow_and_the_rag_use(tmp_path: Path) -> None:
    _extracts(tmp_path / "extracts", 20, 5)
    template = _template(tmp_path)
    september = _built(tmp_path / "extracts", template, "2016-09", tmp_path / "sep.xlsx")
    row = next(r for r in september.scorecard.rows if r.measure.id == "M1")
    assert row.latest.value == 11 and row.latest.arrow is not None
    assert row.latest.arrow.name == "UP"  # 11 against the revised 5, not against the 20 first given
    august = _built(tmp_path / "extracts", template, "2016-08", tmp_path / "aug.xlsx")
    row = next(r for r in august.scorecard.rows if r.measure.id == "M1")
    assert row.latest.value == 5 and row.rag is not None and row.rag.name == "RED"  # 5 against a target of 10
    _, _, shown = read_appendix(tmp_path / "aug.xlsx")
    measure = next(r for r in shown if r.kind == "Measure" and r.cells.get("No.") == 1)
    assert "Red" in str(measure.cells)


def test_two_extracts_with_the_same_latest_month_that_disagree_are_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    long_csv(folder / "a.csv", [["M1", "Aug 2016", 20], ["M1", "Sep 2016", 11]])
    long_csv(folder / "b.csv", [["M1", "Aug 2016", 5], ["M1", "Sep 2016", 11]])
    with pytest.raises(InputError) as caught:
        _built(folder, _template(tmp_path), "2016-09", tmp_path / "out.xlsx")
    problems = caught.value.problems
    assert [p.code for p in problems] == ["duplicate"]
    assert "both inputs' latest month is Sep 2016" in problems[0].message


def test_two_figures_in_one_extract_are_an_error_even_beside_a_later_one(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    long_csv(folder / "a.csv", [["M1", "Aug 2016", 20], ["M1", "Aug 2016", 21]])
    long_csv(folder / "b.csv", [["M1", "Aug 2016", 5], ["M1", "Sep 2016", 11]])
    with pytest.raises(InputError) as caught:
        _built(folder, _template(tmp_path), "2016-09", tmp_path / "out.xlsx")
    assert "duplicate" in [p.code for p in caught.value.problems]


def test_the_sheets_of_one_workbook_are_one_extract(tmp_path: Path) -> None:
    """Two month sheets of one workbook giving one month two figures are one extract's duplicate, though the
    sheets' latest months differ."""
    folder = tmp_path / "extracts"
    folder.mkdir()
    month_sheets(folder / "book.xlsx", {"Aug 2016": [["M1", 20]], "Sep 2016": [["M1", 11]]})
    long_csv(folder / "other.csv", [["M1", "Aug 2016", 5]])  # an earlier extract, superseded by the workbook
    result = _built(folder, _template(tmp_path), "2016-09", tmp_path / "out.xlsx")
    revised = [w for w in result.scorecard.warnings if w.code == "revised"]
    assert len(revised) == 1 and "revised from 5 " in revised[0].message and "to 20 here" in revised[0].message


def test_a_revision_below_the_display_precision_names_the_figures_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    long_csv(folder / "a.csv", [["P1", "Aug 2016", "83.02%"]])
    long_csv(folder / "b.csv", [["P1", "Aug 2016", "83.04%"], ["P1", "Sep 2016", "84.0%"]])
    result = _built(folder, _template(tmp_path), "2016-09", tmp_path / "out.xlsx")
    revised = [w for w in result.scorecard.warnings if w.code == "revised"]
    assert len(revised) == 1 and "from 83.02% " in revised[0].message and "to 83.04% here" in revised[0].message


def test_a_revised_figure_shows_the_later_extracts_narrative(tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    header = ("Measure", "Month", "Value", "Narrative")
    long_csv(folder / "a.csv", [["M1", "Aug 2016", 20, "Twenty closed"]], header=header)
    later = [["M1", "Aug 2016", 5, "Late cases recorded"], ["M1", "Sep 2016", 11, ""]]
    long_csv(folder / "b.csv", later, header=header)
    result = _built(folder, _template(tmp_path), "2016-08", tmp_path / "out.xlsx")
    row = next(r for r in result.scorecard.rows if r.measure.id == "M1")
    assert row.narrative == "Late cases recorded"
    assert not [w for w in result.scorecard.warnings if w.code == "narrative-differs"]


def test_a_revision_is_judged_on_the_settled_percent_scale(tmp_path: Path) -> None:
    """An earlier extract of fractions and a later one of whole percents agree where they give one percent (0.81 and
    81 are both 81%); where they differ, the revision names the figures as percents."""
    folder = tmp_path / "extracts"
    folder.mkdir()
    long_csv(folder / "a.csv", [["P1", "Jun 2016", 0.81], ["P1", "Jul 2016", 0.82], ["P1", "Aug 2016", 0.83]])
    later = [["P1", "Jun 2016", 81], ["P1", "Jul 2016", 82], ["P1", "Aug 2016", 83.5], ["P1", "Sep 2016", 84]]
    long_csv(folder / "b.csv", later)
    result = _built(folder, _template(tmp_path), "2016-09", tmp_path / "out.xlsx")
    revised = [w for w in result.scorecard.warnings if w.code == "revised"]
    assert len(revised) == 1, result.scorecard.warnings
    assert "P1 for Aug 2016 is revised from 83.0% " in revised[0].message and "to 83.5% here" in revised[0].message
