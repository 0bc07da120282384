"""What sits beside a measure's RAG must be what the RAG rates (SPEC §5.2, §5.6, §6, §8): the target of the
measure's own year, the latest period's figure in the exception lists, and figures worked out as shown (year to
date, rolling year) in the charts drawn against the target."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.model import Location, Month, Observation, Rag, Status
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme

SEP = Month(2016, 9)


def _observations(measure: str, figures: dict[Month, float]) -> list[Observation]:
    return [Observation(measure, month, Status.VALUE, value, Location()) for month, value in figures.items()]


def test_a_target_by_year_of_an_academic_year_measure_is_its_academic_years() -> None:
    """Academic year 2015/16 (Sep 2015 – Aug 2016) is rated against the `2015/16` target (10), not the financial
    year 2016/17's (20) that its last month, August 2016, falls in."""
    template = parse_template(
        one_theme(
            "{id: A8, number: 1, title: KS2 standard, good_to_be: high, unit: count, frequency: year, year_end: 8, "
            'target: {"2015/16": 10, "2016/17": 20}}'
        ),
        "t.yaml",
        "t",
    )
    scorecard = scorecard_xl.calculate(template, _observations("A8", {Month(2016, 8): 15.0}), SEP)
    row = scorecard.rows[0]
    assert (row.target, row.rag) == (10, Rag.GREEN)


def _long_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("Measure", "Month", "Value", "Narrative"))
        writer.writerows((m, month, value, f"{m} {month}") for m, month, value in rows)
    return path


def _sheet_rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_the_exception_list_shows_a_quarterly_or_annual_measures_latest_period(tmp_path: Path) -> None:
    """In August, a quarterly measure's latest figure is Apr–Jun's and an annual one's 2015/16's: the Summary's
    exceptions show those (they were blank), and what each arrow compared with names the period."""
    template_path = tmp_path / "t.yaml"
    template_path.write_text(
        one_theme(
            "{id: Q1, number: 1, title: Quarterly, good_to_be: high, unit: percent, target: 70%, frequency: quarter}",
            "{id: Y1, number: 2, title: Annual, good_to_be: high, unit: count, target: 100, frequency: year}",
        ),
        encoding="utf-8",
    )
    extract = _long_csv(
        tmp_path / "x.csv",
        [("Q1", "Q4 2015/16", "60%"), ("Q1", "Q1 2016/17", "40%"), ("Y1", "2014/15", "95"), ("Y1", "2015/16", "80")],
    )
    out = tmp_path / "out.xlsx"
    scorecard_xl.build([extract], template_path, period="2016-08", output=out, force=True)
    rows = _sheet_rows(out, "Summary")
    header = next(i for i, r in enumerate(rows) if r[:3] == ("No.", "Measure", "Latest"))
    listed = {r[1]: (r[2], r[3], r[5]) for r in rows[header + 1 : header + 3]}
    assert listed == {
        "Quarterly": (pytest.approx(0.4), "Q1 Q1 2016/17", "Jan–Mar 2016"),
        "Annual": (80, "Y1 2015/16", "2014/15"),
    }


def test_charts_against_the_target_draw_year_to_date_and_rolling_figures_as_shown(tmp_path: Path) -> None:
    """Adoptions of 2 a month summed from April, and a rolling-year mean: the figures the Trend and Exceptions
    charts draw, and the Exceptions table's Figure row, are 2, 4 … 12 and the rolling means, as the columns
    show (it drew each month's 2 against the year-to-date target of 30)."""
    template = parse_template(
        one_theme(
            "{id: AD, number: 1, title: Adoptions, good_to_be: high, unit: count, target: 30, "
            "period_type: year_to_date, compute: sum}",
            "{id: RD, number: 2, title: Days, good_to_be: low, unit: days, decimals: 1, target: 5, "
            "period_type: rolling_year, compute: mean}",
        ),
        "t.yaml",
        "t",
    )
    months = [Month(2015, 4).shift(i) for i in range(18)]  # Apr 2015 – Sep 2016
    observations = _observations("AD", dict.fromkeys(months, 2.0))
    observations += _observations("RD", {m: float(i) for i, m in enumerate(months)})
    scorecard = scorecard_xl.calculate(template, observations, SEP)
    trends = {m.id: dict(zip(scorecard.data_months, figures, strict=True)) for m, figures in scorecard.trends}
    assert [trends["AD"][Month(2016, m)].value for m in range(4, 10)] == [2, 4, 6, 8, 10, 12]
    assert trends["AD"][Month(2016, 3)].value == 24  # the whole of 2015/16
    assert trends["RD"][SEP].value == pytest.approx(sum(range(6, 18)) / 12)  # Oct 2015 – Sep 2016
    assert trends["RD"][Month(2016, 2)].value is None  # its year reaches back before Apr 2015: a gap, no guess
    ad_row = scorecard.rows[0]
    assert ad_row.figures[scorecard.columns.index(SEP)].value == trends["AD"][SEP].value == 12
    from scorecard_xl.calc.key import trend_words_key

    assert trend_words_key(scorecard).startswith("a line of the measure's figures as shown (year to date, rolling")


def test_the_key_says_what_quarterly_and_annual_arrows_compare_with() -> None:
    """A sheet of a quarterly and an annual measure: its arrows compare with the previous quarter and year, and
    the key says so (it said "the previous month")."""
    from scorecard_xl.calc.key import trend_words

    template = parse_template(
        one_theme(
            "{id: Q1, number: 1, title: Q, good_to_be: high, unit: count, target: 5, frequency: quarter}",
            "{id: Y1, number: 2, title: Y, good_to_be: high, unit: count, target: 5, frequency: year}",
            "{id: Q2, number: 3, title: Q2, good_to_be: high, unit: count, target: 5, frequency: quarter, "
            "trend_basis: same_month_last_year}",
        ),
        "t.yaml",
        "t",
    )
    words = trend_words(scorecard_xl.calculate(template, [], SEP))
    assert words == (
        "the previous quarter (quarterly measures); the previous year (annual measures); "
        "the same quarter a year earlier (Q2)"
    )


def test_the_key_names_each_comparison_once_with_the_measures_it_applies_to() -> None:
    """A monthly measure given `same_month_last_year` beside a year-to-date one on `auto`: one "the same month a
    year earlier", naming what it applies to (it read "…; the same month a year earlier; the same month a year
    earlier (year-to-date measures)")."""
    from scorecard_xl.calc.key import trend_words

    template = parse_template(
        one_theme(
            "{id: M1, number: 1, title: M, good_to_be: high, unit: count, target: 5}",
            "{id: M2, number: 2, title: M2, good_to_be: low, unit: count, target: 5, "
            "trend_basis: same_month_last_year}",
            "{id: Y1, number: 3, title: Y, good_to_be: high, unit: count, target: 5, period_type: year_to_date, "
            "compute: sum}",
        ),
        "t.yaml",
        "t",
    )
    assert trend_words(scorecard_xl.calculate(template, [], SEP)) == (
        "the previous month (monthly and rolling-year measures); "
        "the same month a year earlier (year-to-date measures, M2)"
    )
    only_monthly = parse_template(
        one_theme("{id: M1, number: 1, title: M, good_to_be: high, unit: count, target: 5}"), "t", "t"
    )
    assert trend_words(scorecard_xl.calculate(only_monthly, [], SEP)) == "the previous month"


def test_a_year_to_date_figure_missing_months_is_not_said_to_land_in_no_column() -> None:
    """Monthly adoptions for Mar and Sep 2016 only: each year-to-date figure lacks months and is warned about as
    such; the figures do land in columns, so no `figures-outside-columns` warning names Mar 2016 as if it did not."""
    template = parse_template(
        one_theme(
            "{id: AD, number: 1, title: Adoptions, good_to_be: high, unit: count, target: 30, "
            "period_type: year_to_date, compute: sum}"
        ),
        "t.yaml",
        "t",
    )
    scorecard = scorecard_xl.calculate(template, _observations("AD", {Month(2016, 3): 2.0, SEP: 3.0}), SEP)
    codes = {w.code for w in scorecard.warnings}
    assert "missing-months" in codes and "figures-outside-columns" not in codes


QUARTERLY = "{id: Q1, number: 1, title: Quarterly, good_to_be: high, unit: count, target: 5, frequency: quarter}"


def _wide(path: Path, header: list[str], row: list[object]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    sheet.append(["Measure", *header])
    sheet.append(["Q1", *row])
    workbook.save(path)
    return path


def test_a_quarterly_measure_reads_its_quarter_columns_not_months_beside_them(tmp_path: Path) -> None:
    """Quarter headers and month headers in one row: the quarterly measure reads `Q2 2016/17` only; its 5 under
    `May 2016` is named in an `other-frequency` warning, not read as Apr–Jun (SPEC §3.5)."""
    template = parse_template(one_theme(QUARTERLY), "t.yaml", "t")
    path = _wide(tmp_path / "w.xlsx", ["Q2 2016/17", "May 2016", "Sep 2016"], [22, 5, None])
    result = scorecard_xl.read_extracts([path], template)
    assert [(o.month, o.value) for o in result.observations] == [(SEP, 22)]
    assert [(w.code, w.location.cell) for w in result.warnings] == [("other-frequency", "C2")]


def test_a_quarterly_figure_in_a_month_that_ends_no_quarter_is_named(tmp_path: Path) -> None:
    """Only month headers, or a month sheet: a quarterly figure under `May 2016` (or on the `Oct 2016` sheet) is
    the figure of the quarter holding that month, as SPEC §5.6 reads a date, and is named in an `inside-period`
    warning; one under `Jun 2016`, the quarter's last month, is read without a word."""
    template = parse_template(one_theme(QUARTERLY), "t.yaml", "t")
    wide = _wide(tmp_path / "w.xlsx", ["May 2016", "Sep 2016"], [5, 7])
    result = scorecard_xl.read_extracts([wide], template)
    assert sorted((o.month, o.value) for o in result.observations) == [(Month(2016, 6), 5), (SEP, 7)]
    inside = [w for w in result.warnings if w.code == "inside-period"]
    assert [(w.location.cell, w.message) for w in inside] == [
        ("B2", "Q1 is a quarterly measure: the figure for May 2016 is taken as Apr–Jun 2016's, the period holding "
               "that month")
    ]  # fmt: skip
    from .support.workbooks import month_sheets

    sheets = month_sheets(tmp_path / "m.xlsx", {"Oct 2016": [["Q1", 40]], "Sep 2016": [["Q1", 7]]})
    result = scorecard_xl.read_extracts([sheets], template)
    assert sorted((o.month, o.value) for o in result.observations) == [(SEP, 7), (Month(2016, 12), 40)]
    assert [(w.location.sheet, w.code) for w in result.warnings] == [("Oct 2016", "inside-period")]


def _with_england(council: dict[Month, float], england: dict[Month, float]) -> list[Observation]:
    observations = _observations("B1", council)
    observations += [
        Observation("B1", month, Status.VALUE, value, Location(), area="england") for month, value in england.items()
    ]
    return observations


def _benchmarked(extra: str) -> scorecard_xl.Template:
    return parse_template(
        "area: Trafford\n"
        + one_theme(
            "{id: B1, number: 1, title: Placements, good_to_be: none, unit: count, target: Monitor, "
            f"benchmarks: [{{label: England, area: England}}]{extra}}}"
        ),
        "t.yaml",
        "t",
    )


def test_a_year_to_date_benchmark_is_for_the_same_months_or_none() -> None:
    """Trafford's April 2024 year to date is one month; England's latest, March, is twelve: no benchmark is shown
    beside it (it was England's 12-month total, labelled Mar 2024), and a warning says why."""
    template = _benchmarked(", period_type: year_to_date, compute: sum")
    months = [Month(2023, 4).shift(i) for i in range(12)]
    observations = _with_england({Month(2024, 4): 5.0}, dict.fromkeys(months, 100.0))
    scorecard = scorecard_xl.calculate(template, observations, Month(2024, 4), comparators=observations)
    assert scorecard.rows[0].benchmarks == ""
    assert [w.code for w in scorecard.warnings if w.code.startswith(("benchmark", "no-benchmark"))] == [
        "no-benchmark-figure"
    ]


def test_a_monthly_benchmark_from_an_earlier_month_is_named() -> None:
    """England has March, not April: its March figure is shown, labelled Mar 2024, and a warning names the gap."""
    template = _benchmarked("")
    observations = _with_england({Month(2024, 4): 5.0}, {Month(2024, 3): 7.0})
    scorecard = scorecard_xl.calculate(template, observations, Month(2024, 4), comparators=observations)
    assert scorecard.rows[0].benchmarks == "England (Mar 2024): 7"
    earlier = [w for w in scorecard.warnings if w.code == "benchmark-earlier"]
    assert len(earlier) == 1 and "for Mar 2024" in earlier[0].message and "not Apr 2024" in earlier[0].message


def test_a_rolling_year_benchmark_is_labelled_by_the_months_it_covers() -> None:
    """A quarterly measure's rolling year (the mean of four quarters) is labelled Apr 2023–Mar 2024, not Jan–Mar
    2024, whose own figure is another."""
    template = _benchmarked(", frequency: quarter, period_type: rolling_year, compute: mean")
    ends = [Month(2023, 6), Month(2023, 9), Month(2023, 12), Month(2024, 3)]
    observations = _with_england(dict.fromkeys(ends, 1.0), dict(zip(ends, (60.0, 70.0, 72.4, 82.0), strict=True)))
    scorecard = scorecard_xl.calculate(template, observations, Month(2024, 3), comparators=observations)
    assert scorecard.rows[0].benchmarks == "England (Apr 2023–Mar 2024): 71"
