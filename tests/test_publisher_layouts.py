"""Publishers' own layouts read with a template alone, on small files of the shapes they publish (each written as a
CSV and as a workbook): figure columns beside the value (confidence limits, counts, notes) that are not dimensions,
several measure-like columns, column roles the template names, template choices that would do nothing, and
refusals that name their cause."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import scorecard_xl
from scorecard_xl.cli import main
from scorecard_xl.errors import InputError, TemplateError
from scorecard_xl.model import Scorecard
from scorecard_xl.template import load_council_or_template
from tests.support.templates import one_theme
from tests.support.workbooks import SheetSpec, long_csv, write_workbook

FORMATS = ("csv", "xlsx")


def table(tmp_path: Path, kind: str, header: Sequence[Any], rows: Sequence[Sequence[Any]], name: str = "data") -> Path:
    """`rows` under `header` as `name`.csv, or as the one sheet `name` of `name`.xlsx."""
    if kind == "csv":
        return long_csv(tmp_path / f"{name}.csv", rows, header)
    return write_workbook(tmp_path / f"{name}.xlsx", [SheetSpec(name, rows, header=header)])


def template(tmp_path: Path, *measures: str, top: str = "area: Trafford\n") -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(top + one_theme(*measures), encoding="utf-8")
    return path


def figures(card: Scorecard, measure: str) -> dict[str, float | None]:
    row = next(r for r in card.rows if r.measure.id == measure)
    return {m.iso: f.value for m, f in zip(card.columns, row.figures, strict=True)}


def problems(call: Any) -> list[Any]:
    with pytest.raises(InputError) as caught:
        call()
    return list(caught.value.problems)


# --- figure columns are not dimensions ------------------------------------------------------------------------

PH_HEADER = [
    "Indicator ID", "Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age", "Category Type",
    "Category", "Time period", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator",
    "Value note", "Recent Trend", "Compared to England value or percentiles",
]  # fmt: skip
PH_MEASURE = (
    "{id: PH1, number: 1, title: Smoking prevalence, good_to_be: low, unit: percent, decimals: 1, target: 12%,\n"
    "percent_scale: whole, year_end: 12, frequency: year, source: {Indicator ID: 92443@}}"
)
DECILES = ("Most deprived decile", "Least deprived decile")


def public_health(years: Sequence[int] = (2021, 2022, 2023)) -> list[list[Any]]:
    """A public-health profile export: per year, the council's whole-population row (category blank) and two
    deprivation-decile rows, each with its own confidence limits, count, denominator, note and comparison."""
    rows: list[list[Any]] = []
    for y in years:
        for n, category in enumerate(("", *DECILES)):
            value = 14.0 + n + (y - 2021) * 0.5
            kind = "Deprivation deciles" if category else ""
            note = "Aggregated from all known lower geography values" if n == 1 else ""
            rows.append([
                92443, "Smoking prevalence", "E08000009", "Trafford", "District", "Persons", "18+ yrs", kind,
                category, y, value, value - 1.5 - n, value + 1.5 + n, 300 + 10 * n + y - 2021, 2000 + n, note,
                "Cannot be calculated" if n else "Decreasing", "Similar" if n else "Better",
            ])  # fmt: skip
    return rows


@pytest.mark.parametrize("kind", FORMATS)
def test_confidence_limits_counts_and_notes_are_not_dimensions(tmp_path: Path, kind: str) -> None:
    """Rows that differ in confidence limits, counts, notes and trend text as well as category are settled by the
    blank category (the whole population), not refused as ambiguous."""
    path = table(tmp_path, kind, PH_HEADER, public_health())
    card = scorecard_xl.prepare([path], template(tmp_path, PH_MEASURE.replace("@", "")), "2024-03")
    assert figures(card, "PH1")["2023-12"] == pytest.approx(0.15)  # calendar 2023, the blank-category row


@pytest.mark.parametrize("kind", FORMATS)
def test_a_blank_category_may_be_named_in_source(tmp_path: Path, kind: str) -> None:
    rows = [r for r in public_health() if r[8] != ""] + [r for r in public_health() if r[8] == ""]
    path = table(tmp_path, kind, PH_HEADER, rows)
    tpl = template(tmp_path, PH_MEASURE.replace("@", ', Category: ""'))
    assert figures(scorecard_xl.prepare([path], tpl, "2024-03"), "PH1")["2023-12"] == pytest.approx(0.15)
    tpl = template(tmp_path, PH_MEASURE.replace("@", ", Category: Least deprived decile"))
    assert figures(scorecard_xl.prepare([path], tpl, "2024-03"), "PH1")["2023-12"] == pytest.approx(0.17)


@pytest.mark.parametrize("kind", FORMATS)
def test_the_ambiguous_rows_hint_names_a_filter_that_builds(tmp_path: Path, kind: str) -> None:
    """Rows differing in two dimensions with no total: the suggested filter is one row's values, and, written into
    the template, it builds with that row's figure."""
    header = ["area_name", "period", "indicator", "sex", "age", "value"]
    rows = []
    for year in (2022, 2023):
        rows += [
            ["Trafford", f"{year - 1}/{year % 100:02d}", "Obesity", "Female", "65+", 20.0 + year - 2022],
            ["Trafford", f"{year - 1}/{year % 100:02d}", "Obesity", "Male", "18-64", 30.0 + year - 2022],
        ]
    path = table(tmp_path, kind, header, rows)
    measure = "{id: OB1, number: 1, title: Obesity, good_to_be: low, unit: percent, target: 25%, frequency: year,\n" \
        "percent_scale: whole, source: {indicator: Obesity@}}"  # fmt: skip
    found = problems(lambda: scorecard_xl.prepare([path], template(tmp_path, measure.replace("@", "")), "2024-03"))
    assert [p.code for p in found] == ["ambiguous-rows"]
    suggested = re.search(r"`source: \{indicator: Obesity(, [^}]*)\}`", found[0].hint)
    assert suggested, found[0].hint
    card = scorecard_xl.prepare([path], template(tmp_path, measure.replace("@", suggested.group(1))), "2024-03")
    assert figures(card, "OB1")["2023-03"] == pytest.approx(0.21)  # Female, 65+ (the first row's values)


# --- the measure column is the one that names the template's measures --------------------------------------------

TWO = (
    "{id: M1, number: 1, title: Children in care, good_to_be: none, unit: count, target: Monitor}",
    "{id: M2, number: 2, title: Care leavers in touch, good_to_be: high, unit: count, target: 10}",
)
LONG_CODES = ["Code", "Measure", "Month", "Value"]


@pytest.mark.parametrize("kind", FORMATS)
def test_a_code_of_the_publishers_own_beside_the_measure_titles(tmp_path: Path, kind: str) -> None:
    rows = [["NI 062", "Children in care", "Sep 2016", 310], ["NI 147", "Care leavers in touch", "Sep 2016", 12]]
    path = table(tmp_path, kind, LONG_CODES, rows)
    card = scorecard_xl.prepare([path], template(tmp_path, *TWO, top=""), "2016-09")
    assert (figures(card, "M1")["2016-09"], figures(card, "M2")["2016-09"]) == (310, 12)
    assert [w.code for w in card.warnings] == []


@pytest.mark.parametrize("kind", FORMATS)
def test_an_indicator_id_beside_the_indicator_name_in_tidy_data(tmp_path: Path, kind: str) -> None:
    header = ["Indicator ID", "Indicator Name", "Area Name", "Time period", "Value"]
    rows = [[90000 + n, title, area, "Sep 2016", 300 + n + 100 * (area == "England")]
            for n, title in enumerate(("Children in care", "Care leavers in touch"))
            for area in ("Trafford", "England")]  # fmt: skip
    path = table(tmp_path, kind, header, rows)
    card = scorecard_xl.prepare([path], template(tmp_path, *TWO), "2016-09")
    assert (figures(card, "M1")["2016-09"], figures(card, "M2")["2016-09"]) == (300, 301)


@pytest.mark.parametrize("kind", FORMATS)
def test_two_measure_columns_that_disagree_are_an_error_naming_both(tmp_path: Path, kind: str) -> None:
    rows = [["M1", "Children in care", "Sep 2016", 310], ["M1", "Care leavers in touch", "Sep 2016", 12]]
    path = table(tmp_path, kind, LONG_CODES, rows)
    found = problems(lambda: scorecard_xl.prepare([path], template(tmp_path, *TWO, top=""), "2016-09"))
    assert [p.code for p in found] == ["measure-columns-disagree"]
    assert found[0].location.cell == "B3"
    assert "row 3 names M1 in column A ('Code') but M2 in column B ('Measure')" in found[0].message


# --- template choices that would do nothing ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", FORMATS)
def test_source_filters_on_a_wide_sheet_are_an_error_naming_measure_filter_and_sheet(tmp_path: Path, kind: str) -> None:
    path = table(tmp_path, kind, ["Indicator", "Aug 2016", "Sep 2016"], [["Children in care", 300, 310]], "Wide")
    measure = "{id: M1, number: 1, title: Looked-after children, good_to_be: none, unit: count, target: Monitor,\n" \
        "source: {Indicator: Children in care}}"  # fmt: skip
    found = problems(lambda: scorecard_xl.prepare([path], template(tmp_path, measure, top=""), "2016-09"))
    assert [p.code for p in found] == ["source-not-used"]
    p = found[0]
    assert (p.location.measure, p.location.file, p.location.cell) == ("M1", str(path), "A1")
    assert p.location.sheet == (None if kind == "csv" else "Wide")
    assert "`source: {Indicator: Children in care}`" in p.message and "wide sheet" in p.message


def test_two_measures_with_one_title_are_a_template_error_naming_both_lines(tmp_path: Path) -> None:
    tpl = template(
        tmp_path,
        "{id: M1, number: 1, title: Children in care, good_to_be: none, unit: count, target: Monitor}",
        "{id: M2, number: 2, title: children  in CARE, good_to_be: none, unit: count, target: Monitor}",
        top="",
    )
    with pytest.raises(TemplateError) as caught:
        scorecard_xl.load_template(tpl)
    [problem] = caught.value.problems
    assert (problem.code, problem.location.line) == ("duplicate-title", 9)
    assert "as M1 (line 8) has" in problem.message


def test_one_title_in_two_portfolios_is_a_council_error_naming_both(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    for n, name in ((1, "Children"), (2, "Adults")):
        measure = f"{{id: M{n}, number: {n}, title: Staff sickness days, good_to_be: low, unit: days, target: 8}}"
        (folder / f"{name.lower()}.yaml").write_text(one_theme(measure, portfolio=name), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_council_or_template(folder)
    assert [p.code for p in caught.value.problems] == ["duplicate-title"]
    assert f"{folder / 'adults.yaml'} line 8" in caught.value.problems[0].message


# --- refusals that name their cause ------------------------------------------------------------------------------


def validate(paths: Sequence[Path], tpl: Path, *extra: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", *map(str, paths), "--template", str(tpl), *extra], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


CLAIMANTS = "{id: CC1, number: 1, title: Claimant count (16-64), good_to_be: low, unit: count, target: Monitor}"


@pytest.mark.parametrize("kind", FORMATS)
def test_an_area_table_whose_header_holds_no_period_label_says_so(tmp_path: Path, kind: str) -> None:
    path = table(tmp_path, kind, ["Local authority", "Latest", "Previous"], [["Trafford", 3100, 3000]])
    code, said = validate([path], template(tmp_path, CLAIMANTS))
    assert code == 2
    assert "a geography column ('Local authority', row 1) but the header row holds no period label" in said
    [error] = [line for line in said.splitlines() if "no-figures" in line or "no figure for any" in line]
    assert "the header row holds no period label" in error and "Measure column" not in error


@pytest.mark.parametrize("kind", FORMATS)
def test_a_month_only_in_the_title_says_so(tmp_path: Path, kind: str) -> None:
    rows = [[], ["Area", "Value"], ["Trafford", 3100], ["Stockport", 2900]]
    path = table(tmp_path, kind, ["Claimant count, September 2016"], rows)
    code, said = validate([path], template(tmp_path, CLAIMANTS))
    assert code == 2
    error = next(line for line in said.splitlines() if "no figure for any" in line)
    assert "no period column: the period only in the title ('Claimant count, September 2016')" in error


@pytest.mark.parametrize("kind", FORMATS)
def test_a_measure_column_naming_no_template_measure_names_the_nearest(tmp_path: Path, kind: str) -> None:
    rows = [["Trafford", "Sep 2016", "Claimant count", 3100], ["Trafford", "Sep 2016", "Vacancies", 700]]
    path = table(tmp_path, kind, ["area_name", "period", "indicator", "value"], rows)
    code, said = validate([path], template(tmp_path, CLAIMANTS))
    assert code == 2
    error = next(line for line in said.splitlines() if "no figure for any" in line)
    said = "the measure column ('indicator') names no template measure — nearest: 'Claimant count' (CC1 is "
    assert said + "'Claimant count (16-64)')" in error


ANNUAL = "{id: A1, number: 1, title: Adoptions, good_to_be: high, unit: count, target: 10, frequency: year}"
QUARTERLY = "{id: Q1, number: 2, title: Referrals, good_to_be: none, unit: count, target: Monitor, frequency: quarter}"


@pytest.mark.parametrize("kind", FORMATS)
def test_an_annual_measure_is_an_annual_measure(tmp_path: Path, kind: str) -> None:
    path = table(tmp_path, kind, ["Measure", "Month", "Value"], [["A1", "Q1 2016/17", 4]])
    found = problems(lambda: scorecard_xl.prepare([path], template(tmp_path, ANNUAL, top=""), "2017-03"))
    assert "'Q1 2016/17' is a quarter, but this is an annual measure" in found[0].message


@pytest.mark.parametrize("kind", FORMATS)
def test_validate_lists_years_and_quarters_as_periods(tmp_path: Path, kind: str) -> None:
    rows = [["A1", "2015/16", 9], ["A1", "2016/17", 11]]
    rows += [["Q1", f"Q{q} 2016/17", 100 + q] for q in (1, 2, 3, 4)] + [["Q1", "Q2 2017/18", 90]]
    path = table(tmp_path, kind, ["Measure", "Month", "Value"], rows)
    code, said = validate([path], template(tmp_path, ANNUAL, QUARTERLY, top=""), "--period", "2017-09")
    assert code in (0, 1), said
    assert "\n  A1: 2015/16–2016/17\n" in said
    assert "\n  Q1: Apr–Jun 2016 to Jan–Mar 2017, Jul–Sep 2017\n" in said


def england_rows(council: dict[str, float], england: dict[str, float]) -> list[list[Any]]:
    rows = [["Trafford", year, "Adoptions", value] for year, value in council.items()]
    return rows + [["England", year, "Adoptions", value] for year, value in england.items()]


BENCHMARKED = ANNUAL[:-1] + ", benchmarks: [{label: England, area: England}]}"


@pytest.mark.parametrize("kind", FORMATS)
def test_no_benchmark_figure_says_when_the_areas_latest_figure_is(tmp_path: Path, kind: str) -> None:
    rows = england_rows({"2015/16": 9, "2016/17": 11}, {"2017/18": 5000})
    path = table(tmp_path, kind, ["area_name", "period", "indicator", "value"], rows)
    card = scorecard_xl.prepare([path], template(tmp_path, BENCHMARKED), "2017-03")
    [warning] = [w for w in card.warnings if w.code == "no-benchmark-figure"]
    assert "no figure for England up to Mar 2017 in the data read; its latest figure is for 2017/18" in warning.message


@pytest.mark.parametrize("kind", FORMATS)
def test_an_earlier_benchmark_is_not_named_beside_a_blank(tmp_path: Path, kind: str) -> None:
    rows = england_rows({"2014/15": 9}, {"2014/15": 5000, "2015/16": 5100})
    path = table(tmp_path, kind, ["area_name", "period", "indicator", "value"], rows)
    card = scorecard_xl.prepare([path], template(tmp_path, BENCHMARKED), "2017-03")
    assert "benchmark-earlier" not in [w.code for w in card.warnings]
    rows = england_rows({"2014/15": 9, "2016/17": 10}, {"2014/15": 5000, "2015/16": 5100})
    path = table(tmp_path, kind, ["area_name", "period", "indicator", "value"], rows)
    card = scorecard_xl.prepare([path], template(tmp_path, BENCHMARKED), "2017-03")
    assert "benchmark-earlier" in [w.code for w in card.warnings]  # beside a figure it is still named


# --- column roles the template names -----------------------------------------------------------------------------

SERVICES = (
    "{id: S1, number: 1, title: Home care visits, good_to_be: none, unit: rate, per: 1000, target: Monitor,\n"
    "decimals: 2, frequency: year}",
    "{id: S2, number: 2, title: Day centre places, good_to_be: none, unit: rate, per: 1000, target: Monitor,\n"
    "decimals: 2, frequency: year}",
)
ROLES = 'columns: {measure: Service, value: "Rate per 1,000", period: Year}\n'


@pytest.mark.parametrize("kind", FORMATS)
def test_columns_names_the_roles_of_a_publishers_headers(tmp_path: Path, kind: str) -> None:
    rows = [["Home care visits", "2015/16", 41.5, "x"], ["Home care visits", "2016/17", 43.0, "y"],
            ["Day centre places", "2016/17", 7.25, "z"]]  # fmt: skip
    path = table(tmp_path, kind, ["Service", "Year", "Rate per 1,000", "Notes"], rows)
    card = scorecard_xl.prepare([path], template(tmp_path, *SERVICES, top=ROLES), "2017-03")
    assert (figures(card, "S1")["2016-03"], figures(card, "S1")["2017-03"]) == (41.5, 43.0)
    assert figures(card, "S2")["2017-03"] == 7.25


@pytest.mark.parametrize("kind", FORMATS)
def test_columns_names_the_area_and_period_of_tidy_rows(tmp_path: Path, kind: str) -> None:
    rows = [[place, "2016/17", service, rate] for service, base in (("Home care visits", 40), ("Day centre places", 7))
            for place, rate in (("Trafford", base + 1.5), ("England", base + 0.5))]  # fmt: skip
    path = table(tmp_path, kind, ["Place", "When", "Service", "Rate per 1,000"], rows)
    top = 'area: Trafford\ncolumns: {area: Place, period: When, measure: Service, value: "Rate per 1,000"}\n'
    england = SERVICES[0][:-1] + ", benchmarks: [{label: England, area: England}]}"
    card = scorecard_xl.prepare([path], template(tmp_path, england, SERVICES[1], top=top), "2017-03")
    assert (figures(card, "S1")["2017-03"], figures(card, "S2")["2017-03"]) == (41.5, 8.5)
    row = next(r for r in card.rows if r.measure.id == "S1")
    assert row.benchmarks.startswith("England (2016/17): 40.50")


@pytest.mark.parametrize("kind", FORMATS)
def test_a_measures_own_columns_in_its_source(tmp_path: Path, kind: str) -> None:
    """One measure reads the `Value` column; another, by its `source: {columns: …}`, the rate column."""
    rows = [["Trafford", "2016/17", "Home care visits", 1200, 41.5]]
    rows.append(["Trafford", "2016/17", "Day centre places", 210, 7.25])
    path = table(tmp_path, kind, ["area_name", "period", "indicator", "Value", "Rate per 1,000"], rows)
    count = "{id: S1, number: 1, title: Home care visits, good_to_be: none, unit: count, target: Monitor,\n" \
        "frequency: year}"  # fmt: skip
    rate = SERVICES[1][:-1] + ', source: {columns: {value: "Rate per 1,000"}}}'
    card = scorecard_xl.prepare([path], template(tmp_path, count, rate), "2017-03")
    assert (figures(card, "S1")["2017-03"], figures(card, "S2")["2017-03"]) == (1200, 7.25)


@pytest.mark.parametrize("kind", FORMATS)
def test_a_header_columns_names_that_the_sheet_lacks_is_an_error_naming_the_nearest(tmp_path: Path, kind: str) -> None:
    path = table(tmp_path, kind, ["Service", "Year", "Rate per 1,000"], [["Home care visits", "2016/17", 43.0]])
    top = ROLES.replace("Rate per 1,000", "Rate per 10,000")
    found = problems(lambda: scorecard_xl.prepare([path], template(tmp_path, *SERVICES, top=top), "2017-03"))
    assert [p.code for p in found] == ["column-not-found"]
    assert found[0].location.sheet == (None if kind == "csv" else "data") and found[0].location.file == str(path)
    said = "names value 'Rate per 10,000' (nearest: 'Rate per 1,000'), but the header row (row 1) has no such header"
    assert said in found[0].message and "its headers: 'Service', 'Year', 'Rate per 1,000'" in found[0].message


def test_columns_roles_are_checked_with_their_yaml_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        scorecard_xl.load_template(template(tmp_path, *SERVICES, top="columns: {mesure: Service}\n"))
    assert "unknown role 'mesure'" in caught.value.problems[0].message and caught.value.problems[0].location.line == 1
    own = SERVICES[0][:-1] + ", source: {columns: {narrative: Notes}}}"
    with pytest.raises(TemplateError) as caught:
        scorecard_xl.load_template(template(tmp_path, own, top=""))
    assert "the roles are measure, value, period" in caught.value.problems[0].message


@pytest.mark.parametrize("kind", FORMATS)
def test_a_measures_own_column_the_sheet_lacks_is_an_error(tmp_path: Path, kind: str) -> None:
    rows = [["Trafford", "2016/17", "Day centre places", 210, 7.25]]
    path = table(tmp_path, kind, ["area_name", "period", "indicator", "Value", "Rate per 1,000"], rows)
    rate = SERVICES[1][:-1] + ', source: {columns: {value: "Rate per 10,000"}}}'
    found = problems(lambda: scorecard_xl.prepare([path], template(tmp_path, rate), "2017-03"))
    assert [p.code for p in found] == ["column-not-found"]
    assert "S2's `source: {columns: …}` names value 'Rate per 10,000' (nearest: 'Rate per 1,000')" in found[0].message


def test_portfolios_naming_one_role_two_ways_are_a_council_error(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    for n, header in ((1, "Service"), (2, "Activity")):
        measure = f"{{id: M{n}, number: {n}, title: Measure {n}, good_to_be: none, unit: count, target: Monitor}}"
        text = f"columns: {{measure: {header}}}\n" + one_theme(measure, portfolio=f"P{n}")
        (folder / f"p{n}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_council_or_template(folder)
    assert [p.code for p in caught.value.problems] == ["council-columns"]
    assert "names 'Activity' as the measure column, but" in caught.value.problems[0].message
