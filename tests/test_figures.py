"""Published forms end to end on small files the tests make: period labels by frequency, quarterly and annual
measures in one scorecard, statistical symbols printed as published and explained in the key, and the percent scale."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.errors import InputError
from scorecard_xl.model import Arrow, Month, Rag, Scorecard

from .support.cli import run_cli
from .support.templates import one_theme
from .support.workbooks import SheetSpec, month_workbook, write_workbook

TEMPLATE = one_theme(
    "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}",
    "{id: Q1, number: 2, title: Quarterly count, good_to_be: high, unit: count, target: 10, frequency: quarter}",
    "{id: QY, number: 3, title: Quarterly count to date, good_to_be: high, unit: count, target: Monitor,\n"
    " frequency: quarter, period_type: year_to_date, compute: sum}",
    "{id: Y1, number: 4, title: Annual percent, good_to_be: high, unit: percent, target: 50%, frequency: year}",
    "{id: P1, number: 5, title: Claimant rate, good_to_be: low, unit: percent, target: Monitor}",
    "{id: P2, number: 6, title: Next ward's rate, good_to_be: low, unit: percent, target: Monitor}",
)
SEP_2016 = "2016-09"


def template(tmp_path: Path, text: str = TEMPLATE) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def long_file(path: Path, rows: list[tuple[str, str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Measure", "Period", "Value"])
        writer.writerows(rows)
    return path


def figures(card: Scorecard, measure: str) -> dict[str, tuple[float | None, Arrow | None]]:
    row = next(r for r in card.rows if r.measure.id == measure)
    return {m.iso: (f.value, f.arrow) for m, f in zip(card.columns, row.figures, strict=True)}


def row_of(card: Scorecard, measure: str):  # type: ignore[no-untyped-def]
    return next(r for r in card.rows if r.measure.id == measure)


def codes(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in problems]


MIXED = [
    *[("M1", f"2016-{m:02d}", m) for m in range(3, 10)],
    ("Q1", "2016-01-01", 5),  # a snapshot dated 1 Jan belongs to Jan-Mar 2016
    ("Q1", "Q1 2016/17", 6),
    ("Q1", "Jul-Sep 2016", 8),
    ("QY", "2016 Q2", 3),  # calendar Q2 = Apr-Jun 2016
    ("QY", "Q2 2016/17", 4),  # financial Q2 = Jul-Sep 2016
    ("Y1", "2014/15", 30),
    ("Y1", "2015/16", 40),
    ("P1", "2016-09", 1.0),
    ("P2", "2016-09", 1.2),
]


def test_monthly_quarterly_and_annual_measures_in_one_scorecard(tmp_path: Path) -> None:
    card = scorecard_xl.prepare([long_file(tmp_path / "mixed.csv", MIXED)], template(tmp_path), SEP_2016)
    assert [m.iso for m in card.columns] == ["2016-03", "2016-06", "2016-09", "2016-12", "2017-03"]
    assert figures(card, "M1")["2016-09"] == (9, Arrow.UP)
    q1 = figures(card, "Q1")
    assert q1["2016-03"] == (5, None) and q1["2016-06"] == (6, Arrow.UP) and q1["2016-09"] == (8, Arrow.UP)
    assert row_of(card, "Q1").period_label == "Quarterly (Jul–Sep 2016)"
    assert row_of(card, "Q1").rag is Rag.RED  # 8 against 10, beyond the 10% tolerance
    qy = figures(card, "QY")
    assert qy["2016-06"][0] == 3 and qy["2016-09"][0] == 7  # quarters summed year to date
    y1 = figures(card, "Y1")
    assert y1["2016-03"] == (pytest.approx(0.40), Arrow.UP) and y1["2016-06"] == (None, None)
    assert row_of(card, "Y1").period_label == "Annual (financial year 2015/16)"
    assert row_of(card, "Y1").rag is Rag.RED
    assert row_of(card, "P1").figures[2].value == pytest.approx(0.010)  # whole-percent 1.0 is 1.0%, never 100%
    assert row_of(card, "P2").figures[2].value == pytest.approx(0.012)  # and 1.2 builds
    assert "figures-outside-columns" not in codes(card.warnings)


def test_quarterly_figures_dated_jan_apr_jul_oct_reach_their_columns(tmp_path: Path) -> None:
    rows = [("Q1", d, v) for d, v in [("2016-01-31", 1), ("2016-04-01", 2), ("2016-07-01", 3), ("2016-10-01", 4)]]
    rows.append(("M1", "2016-10", 1))
    card = scorecard_xl.prepare([long_file(tmp_path / "q.csv", rows)], template(tmp_path), "2016-12")
    q1 = figures(card, "Q1")
    assert [q1[m][0] for m in ("2016-03", "2016-06", "2016-09", "2016-12")] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("label", "measure", "column"),
    [
        ("2015/16", "Y1", "2016-03"),
        ("2015-16", "Y1", "2016-03"),
        ("2015/2016", "Y1", "2016-03"),
        ("FY 2015/16", "Y1", "2016-03"),
        ("201516", "Y1", "2016-03"),
        ("Jan 2015-Dec 2015", "M1", "2015-12"),
        ("Q1 2016/17", "Q1", "2016-06"),
        ("2016 Q2", "Q1", "2016-06"),
        ("Q2 2016", "Q1", "2016-06"),
        ("Apr-Jun 2016", "Q1", "2016-06"),
        ("Apr 2016 - Jun 2016", "Q1", "2016-06"),
        ("at 30 Jun 2016 (end of Q1 2016/17)", "Q1", "2016-06"),
    ],
)
def test_each_period_label_form_lands_in_its_column(tmp_path: Path, label: str, measure: str, column: str) -> None:
    value = 40 if measure == "Y1" else 7
    path = long_file(tmp_path / "one.csv", [(measure, label, value), ("M1", "2016-06", 1)])
    card = scorecard_xl.prepare([path], template(tmp_path), "2016-06" if column != "2015-12" else "2015-12")
    shown = {m.iso: v for m, (v, _) in ((Month.parse_iso(k), x) for k, x in figures(card, measure).items())}
    assert shown[column] == pytest.approx(0.40 if measure == "Y1" else 7)


def test_2019_is_a_year_for_an_annual_measure_ending_in_december(tmp_path: Path) -> None:
    text = TEMPLATE.replace("frequency: year}", "frequency: year, year_end: calendar}")
    card = scorecard_xl.prepare(
        [long_file(tmp_path / "y.csv", [("Y1", "2015", 40)])], template(tmp_path, text), "2015-12"
    )
    assert figures(card, "Y1")["2015-12"][0] == pytest.approx(0.40)
    assert row_of(card, "Y1").period_label == "Annual (calendar year 2015)"


def test_2010_11_is_a_financial_year_for_an_annual_measure(tmp_path: Path) -> None:
    card = scorecard_xl.prepare([long_file(tmp_path / "y.csv", [("Y1", "2010/11", 40)])], template(tmp_path), "2011-03")
    assert figures(card, "Y1")["2011-03"][0] == pytest.approx(0.40)


@pytest.mark.parametrize(
    ("label", "code"),
    [("2010/11", "period-frequency"), ("2011-12", "ambiguous-period"), ("201112", "ambiguous-period")],
)
def test_a_year_for_a_monthly_measure_is_an_error_at_its_cell(tmp_path: Path, label: str, code: str) -> None:
    path = long_file(tmp_path / "m.csv", [("M1", "2016-09", 1), ("M1", label, 5)])
    exit_code, _, err = run_cli(["build", path, "--template", template(tmp_path), "-o", tmp_path / "o.xlsx"])
    assert exit_code == 2
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare([path], template(tmp_path), SEP_2016)
    problem = caught.value.problems[0]
    assert (problem.code, problem.location.cell) == (code, "B3")
    assert err.count("\n") == 1 and "B3" in err


def test_a_quarter_for_a_monthly_measure_is_an_error(tmp_path: Path) -> None:
    path = long_file(tmp_path / "m.csv", [("M1", "Q1 2016/17", 5)])
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare([path], template(tmp_path), SEP_2016)
    assert codes(caught.value.problems) == ["period-frequency"]


SYMBOLS = ["c", "[c]", "*", "<5", "x", "[x]", "..", "n/a", "z", ".", "low", "u", "-"]


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_each_symbol_prints_as_published_and_is_explained_in_the_key(tmp_path: Path, symbol: str) -> None:
    path = month_workbook(tmp_path / "s.xlsx", [["M1", symbol], ["P1", 0.5]])
    out = tmp_path / "out.xlsx"
    result = scorecard_xl.build([path], template(tmp_path), SEP_2016, out)
    row = row_of(result.scorecard, "M1")
    assert row.rag is None and all(f.arrow is None for f in row.figures)
    book = openpyxl.load_workbook(out)
    cells = [c.value for r in book["Appendix 1"].iter_rows() for c in r]
    assert symbol in cells  # the figure cell, and the key's symbol
    index = cells.index(symbol, cells.index("Key"))
    assert isinstance(cells[index + 1], str) and cells[index + 1]  # its meaning beside it
    data = [c.value for r in book["Data"].iter_rows() for c in r]
    assert symbol in data
    assert "no-figure" in codes(result.warnings) or "suppressed" in codes(result.warnings)


def test_a_flagged_figure_is_used_and_flagged(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "u.xlsx", [["M1", "12 [u]"]])
    out = tmp_path / "out.xlsx"
    result = scorecard_xl.build([path], template(tmp_path), SEP_2016, out)
    assert row_of(result.scorecard, "M1").figures[2].value == 12
    assert row_of(result.scorecard, "M1").rag is Rag.GREEN


def test_no_symbol_no_key_line(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "n.xlsx", [["M1", 5]])
    out = tmp_path / "out.xlsx"
    scorecard_xl.build([path], template(tmp_path), SEP_2016, out)
    cells = [c.value for r in openpyxl.load_workbook(out)["Appendix 1"].iter_rows() for c in r]
    assert "*" not in cells


def test_template_symbols_add_and_redefine(tmp_path: Path) -> None:
    text = TEMPLATE.replace("outcomes:", 'symbols: {"N/R": not_available, "-": negligible}\noutcomes:', 1)
    path = month_workbook(tmp_path / "t.xlsx", [["M1", "N/R"], ["Q1", "-"]])
    card = scorecard_xl.prepare([path], template(tmp_path, text), SEP_2016)
    symbol = row_of(card, "M1").figures[2].symbol
    assert symbol is not None and symbol.text == "N/R"


def test_bad_template_symbol_names_its_line(tmp_path: Path) -> None:
    text = TEMPLATE.replace("outcomes:", 'symbols: {"N/R": nonsense}\noutcomes:', 1)
    code, _, err = run_cli(
        ["validate", month_workbook(tmp_path / "b.xlsx", [["M1", 1]]), "--template", template(tmp_path, text)]
    )
    assert code == 2 and "line 3" in err + _


def test_two_scales_name_both_cells(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "two.xlsx", [SheetSpec("Aug 2016", [["P1", 71]]), SheetSpec("Sep 2016", [["P1", 0.71]])]
    )
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare([path], template(tmp_path), SEP_2016)
    problem = caught.value.problems[0]
    assert problem.code == "two-scales" and problem.location.sheet == "Sep 2016"
    assert "Aug 2016!" in problem.message and "Sep 2016!" in problem.message


def test_an_unsettled_scale_is_a_warning_naming_the_measure(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "w.xlsx", [["P1", 0.9]])
    card = scorecard_xl.prepare([path], template(tmp_path), SEP_2016)
    warning = next(w for w in card.warnings if w.code == "percent-scale-assumed")
    assert warning.location.measure == "P1" and "fractions" in warning.message


def test_percent_scale_setting_settles_it(tmp_path: Path) -> None:
    text = TEMPLATE.replace("unit: percent, target: Monitor}", "unit: percent, target: Monitor, percent_scale: whole}")
    path = month_workbook(tmp_path / "w.xlsx", [["P1", 0.9]])
    card = scorecard_xl.prepare([path], template(tmp_path, text), SEP_2016)
    assert row_of(card, "P1").figures[2].value == pytest.approx(0.009)
    assert "percent-scale-assumed" not in codes(card.warnings)
