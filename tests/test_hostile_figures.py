"""Hostile cases from published files: each gives its exit code and one line naming the cell or sheet, nothing lost."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.errors import InputError

from .support.cli import run_cli
from .support.workbooks import SheetSpec, month_workbook, write_workbook

PERIOD = "2016-09"


def test_two_value_columns_are_an_error_naming_both(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "dup.xlsx", [["CS01", 0.5, 0.6]], header=["Measure ID", "Value", "Value"])
    code, _, err = run_cli(["build", path, "-o", tmp_path / "o.xlsx"])
    assert code == 2 and err.count("\n") == 1
    assert "Sep 2016!C1" in err and "B1 and C1" in err
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare([path], period=PERIOD)
    assert [p.code for p in caught.value.problems] == ["duplicate-header"]


def test_no_figures_at_all_is_an_error_even_with_period(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "empty.xlsx", [["CS01", None], ["CS02", "-"]])
    code, _, err = run_cli(["build", path, "--period", PERIOD, "-o", tmp_path / "o.xlsx"])
    assert code == 2 and err.count("\n") == 1 and str(path) in err
    assert not (tmp_path / "o.xlsx").exists()


def test_a_future_month_is_named_and_not_the_default_report_month(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "future.xlsx", [SheetSpec("Sep 2016", [["CS01", 0.5]]), SheetSpec("2031-01", [["CS01", 0.6]])]
    )
    code, out, err = run_cli(["build", path, "-o", tmp_path / "o.xlsx"])
    assert code == 0
    lines = [line for line in err.splitlines() if "future" in line or "2031" in line]
    assert len(lines) == 1 and "2031-01" in lines[0]
    assert "Sep 2016" in out  # the report month is the latest month that is not in the future
    card = scorecard_xl.prepare([path])
    warning = next(w for w in card.warnings if w.code == "future-month")
    assert warning.location.sheet == "2031-01"


def test_choosing_the_report_month_leaves_what_was_read_as_it_was(tmp_path: Path) -> None:
    """The future-month warnings are returned, never added to the reader's result they were found in."""
    from scorecard_xl import api
    from scorecard_xl.model import Month
    from scorecard_xl.read import future_months

    path = write_workbook(
        tmp_path / "future.xlsx", [SheetSpec("Sep 2016", [["CS01", 0.5]]), SheetSpec("2031-01", [["CS01", 0.6]])]
    )
    template = scorecard_xl.load_template()
    read = scorecard_xl.read_extracts([path], template)
    before = list(read.warnings)
    now = Month(2026, 1)
    future = future_months(read.observations, now)
    assert api._period(None, read, template, now) == Month(2016, 9)
    assert read.warnings == before
    assert [(w.code, w.location.sheet) for w in future] == [("future-month", "2031-01")]


def test_months_missing_inside_an_extract_are_named(tmp_path: Path) -> None:
    months = ["Apr 2016", "May 2016", "Jun 2016", "Sep 2016"]  # July and August absent
    path = write_workbook(tmp_path / "gap.xlsx", [SheetSpec(m, [["CS01", 0.5]]) for m in months])
    card = scorecard_xl.prepare([path], period=PERIOD)
    warning = next(w for w in card.warnings if w.code == "missing-months")
    assert "Jul 2016" in warning.message and "Aug 2016" in warning.message
    assert warning.location.file == str(path)


def test_an_input_open_in_excel_is_named(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "kpis.xlsx", [["CS01", 0.5]])
    (tmp_path / "~$kpis.xlsx").write_bytes(b"lock")
    code, _, err = run_cli(["build", path, "-o", tmp_path / "o.xlsx"])
    assert code == 0
    lines = [line for line in err.splitlines() if "open in Excel" in line]
    assert lines == [f"warning: {path}: the workbook is open in Excel (its ~$ lock file is beside it); edits not yet "
                     "saved are not included — save and close it in Excel, then build again"]  # fmt: skip
    card = scorecard_xl.prepare([path], period=PERIOD)
    assert [w.code for w in card.warnings if w.code == "input-open-in-excel"] == ["input-open-in-excel"]


def _with_dimension(path: Path, ref: str) -> Path:
    patched = path.with_name("patched.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)
            target.writestr(item, data)
    return patched


def test_a_declared_dimension_over_six_real_rows_is_read(tmp_path: Path) -> None:
    rows = [["CS01", 0.5], ["CS02", 0.6], ["CS03", 0.7], ["CS04", 0.8], ["CS05", 0.4]]
    path = _with_dimension(month_workbook(tmp_path / "dim.xlsx", rows), "A1:XFD1048576")
    code, _, err = run_cli(["build", path, "-o", tmp_path / "o.xlsx"])
    assert code == 0, err


def test_target_null_means_no_target(tmp_path: Path) -> None:
    text = (Path(scorecard_xl.__file__).parent / "template" / "bundled" / "childrens_services.yaml").read_text()
    text = re.sub(r"target: 60%", "target: null", text, count=1)
    template = tmp_path / "t.yaml"
    template.write_text(text, encoding="utf-8")
    path = month_workbook(tmp_path / "x.xlsx", [["CS01", 0.5]])
    code, _, err = run_cli(["validate", path, "--template", template, "--period", PERIOD])
    assert code in (0, 1) and "target" not in err


def test_a_monitor_measure_with_no_figure_is_warned(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "m.xlsx", [["CS01", 0.5]])
    card = scorecard_xl.prepare([path], period=PERIOD)
    monitors = [r.measure.id for r in card.rows if r.measure.target.monitor and r.measure.available]
    warned = {w.location.measure for w in card.warnings if w.code == "no-figure"}
    assert monitors and set(monitors) <= warned


def test_figures_that_land_in_no_column_are_warned(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "o.xlsx", [SheetSpec("Jul 2016", [["CS01", 0.5]]), SheetSpec("Sep 2016", [["CS02", 0.5]])]
    )
    card = scorecard_xl.prepare([path], period=PERIOD)
    outside = [w for w in card.warnings if w.code == "figures-outside-columns"]
    assert [w.location.sheet for w in outside] == ["Jul 2016"]
    assert "CS01" in outside[0].message
