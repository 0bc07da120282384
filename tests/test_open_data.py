"""Open data on small files the tests make, of the shapes councils and government publish: a tidy long file of 20
areas with a `measure` column, an Explore Education Statistics file (a column per indicator), and an area × year
table; each builds for one council with benchmarks from England, its region and a group of neighbours."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.cli import main
from scorecard_xl.errors import InputError, TemplateError
from scorecard_xl.model import Scorecard

COUNCIL = ("E08000009", "Trafford")
ENGLAND = ("E92000001", "England")
REGION = ("E12000002", "North West")
OTHERS = [(f"E0800{n:04d}", f"Borough {n}") for n in range(1, 18)]
AREAS = [COUNCIL, ENGLAND, REGION, *OTHERS]  # 20 areas
NEIGHBOURS = [OTHERS[0], OTHERS[1], OTHERS[2]]
MONTHS = [(2023, m) for m in range(4, 13)] + [(2024, m) for m in range(1, 4)]
MONTH_NAMES = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def rate(area: int, year: int, month: int) -> float:
    """A claimant rate (whole percent, one decimal) for the area's index and month."""
    return round(2.0 + area * 0.3 + (month % 5) * 0.1 + (year - 2023) * 0.2, 1)


def placements(area: int, year: int, month: int) -> int:
    return 10 * (area + 1) + month


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def tidy_long(path: Path, *, skip: tuple[str, tuple[int, int]] | None = None) -> Path:
    """area_code, area_name, period, indicator, measure, unit, value: a Count and a Percentage row per area and month
    for the claimant indicator, and a count for placements; `skip` leaves out one area's month."""
    rows: list[list[object]] = []
    for i, (code, name) in enumerate(AREAS):
        for year, month in MONTHS:
            if skip == (code, (year, month)):
                continue
            period = f"{MONTH_NAMES[month - 1]} {year}"
            rows.append([code, name, period, "Claimant rate", "Percentage", "Persons", rate(i, year, month)])
            rows.append([code, name, period, "Claimant rate", "Count", "Persons", 1000 * (i + 1) + month])
            rows.append([code, name, period, "New placements", "Count", "Children", placements(i, year, month)])
    return write_csv(path, ["area_code", "area_name", "period", "indicator", "measure", "unit", "value"], rows)


EES_HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "new_la_code", "la_name", "Referrals", "Re_referrals_percent",
]  # fmt: skip


def ees(path: Path) -> Path:
    """An EES-shaped file: national, regional and local-authority rows, a column per indicator, reporting years."""
    rows: list[list[object]] = []
    for year in (2022, 2023, 2024):
        for i, (code, name) in enumerate(AREAS):
            if code == ENGLAND[0]:
                geo = ["National", *ENGLAND, "", "", "", ""]
            elif code == REGION[0]:
                geo = ["Regional", *ENGLAND, *REGION, "", ""]
            else:
                geo = ["Local authority", *ENGLAND, *REGION, code, name]
            percent: object = round(18 + i * 0.5 + (year - 2022), 1)
            if code == NEIGHBOURS[2][0] and year == 2024:
                percent = "c"  # suppressed: this neighbour has no figure for 2024
            rows.append([year, "Reporting year", *geo, 100 * (i + 1), percent])
    return write_csv(path, EES_HEADER, rows)


def ees_percent(area: int, year: int) -> float:
    return round(18 + area * 0.5 + (year - 2022), 1)


def area_table(path: Path) -> Path:
    """An area × year table: a row per authority, a column per calendar year."""
    rows = [[code, name, *(round(60 + i + (y - 2020) * 0.5, 1) for y in range(2020, 2024))] for i, (code, name) in
            enumerate(AREAS)]  # fmt: skip
    return write_csv(path, ["Area code", "Area name", "2020", "2021", "2022", "2023"], rows)


GROUP = ", ".join(code for code, _ in NEIGHBOURS)
TEMPLATE = f"""\
title: Appendix 1
portfolio: Open data
area: Trafford
outcomes:
  - name: Outcome
    themes:
      - name: Theme
        measures:
          - id: OD1
            number: 1
            title: Claimants (% of residents)
            good_to_be: low
            unit: percent
            decimals: 1
            target: 5%
            source: {{indicator: Claimant rate, measure: Percentage}}
            benchmarks:
              - {{label: England, area: England}}
              - {{label: North West, area: E12000002}}
              - {{label: Neighbours (mean), areas: [{GROUP}]}}
          - id: OD2
            number: 2
            title: New placements
            good_to_be: none
            unit: count
            target: Monitor
            period_type: year_to_date
            compute: sum
            benchmarks:
              - {{label: England, area: E92000001}}
              - {{label: Neighbours (mean), areas: [{GROUP}]}}
          - id: OD3
            number: 3
            title: Re-referrals (%)
            good_to_be: low
            unit: percent
            decimals: 1
            target: 20%
            frequency: year
            percent_scale: whole
            source: {{column: Re_referrals_percent}}
            benchmarks:
              - {{label: England, area: England}}
              - {{label: North West, area: North West}}
              - {{label: Neighbours (mean), areas: [{GROUP}]}}
          - id: OD4
            number: 4
            title: Employment rate
            good_to_be: high
            unit: percent
            decimals: 1
            target: 60%
            frequency: year
            year_end: calendar
            percent_scale: whole
            source: {{sheet: employment}}
            benchmarks:
              - {{label: England, area: England}}
              - {{label: North West, area: E12000002}}
              - {{label: Neighbours (mean), areas: [{GROUP}]}}
"""


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return [
        tidy_long(tmp_path / "claimants.csv"),
        ees(tmp_path / "referrals.csv"),
        area_table(tmp_path / "employment.csv"),
    ]


def template(tmp_path: Path, text: str = TEMPLATE) -> Path:
    path = tmp_path / "open_data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def row(card: Scorecard, measure: str):  # type: ignore[no-untyped-def]
    return next(r for r in card.rows if r.measure.id == measure)


def figures(card: Scorecard, measure: str) -> dict[str, float | None]:
    return {m.iso: f.value for m, f in zip(card.columns, row(card, measure).figures, strict=True)}


def index(code: str) -> int:
    return next(i for i, (c, _) in enumerate(AREAS) if c == code)


def test_tidy_long_file_of_20_areas(tmp_path: Path, files: list[Path]) -> None:
    card = scorecard_xl.prepare(files, template(tmp_path), "2024-03")
    assert [m.iso for m in card.columns] == ["2023-03", "2023-06", "2023-09", "2023-12", "2024-03"]
    shown = figures(card, "OD1")
    assert shown["2023-03"] is None
    for iso in ("2023-06", "2023-09", "2023-12", "2024-03"):
        year, month = int(iso[:4]), int(iso[5:])
        assert shown[iso] == pytest.approx(rate(0, year, month) / 100)
    england = rate(1, 2024, 3)
    region = rate(2, 2024, 3)
    group = sum(rate(index(c), 2024, 3) for c, _ in NEIGHBOURS) / 3
    assert row(card, "OD1").benchmarks.splitlines() == [
        f"England (Mar 2024): {england:.1f}%",
        f"North West (Mar 2024): {region:.1f}%",
        f"Neighbours (mean) (Mar 2024): {group:.1f}%",
    ]
    # year to date: the sum of April–March, for the council and, computed the same way, for each comparator
    assert figures(card, "OD2")["2024-03"] == sum(placements(0, y, m) for y, m in MONTHS)
    england_ytd = sum(placements(1, y, m) for y, m in MONTHS)
    assert f"England (Apr 2023–Mar 2024): {england_ytd:,}" in row(card, "OD2").benchmarks  # the months summed
    assert card.benchmark_sources[0].startswith("OD1 England (Mar 2024): ")
    assert "claimants.csv" in card.benchmark_sources[0]
    assert not card.warnings


def test_ees_file_reporting_years_and_a_suppressed_neighbour(tmp_path: Path, files: list[Path]) -> None:
    card = scorecard_xl.prepare(files, template(tmp_path), "2024-03")
    shown = figures(card, "OD3")
    assert shown["2023-03"] == pytest.approx(ees_percent(0, 2023) / 100)
    assert shown["2024-03"] == pytest.approx(ees_percent(0, 2024) / 100)
    members = [ees_percent(index(c), 2024) for c, _ in NEIGHBOURS[:2]]
    assert row(card, "OD3").benchmarks.splitlines() == [
        f"England (2023/24): {ees_percent(1, 2024):.1f}%",
        f"North West (2023/24): {ees_percent(2, 2024):.1f}%",
        f"Neighbours (mean) (mean of 2 of 3) (2023/24): {sum(members) / 2:.1f}%",
    ]


def test_area_by_year_table(tmp_path: Path, files: list[Path]) -> None:
    card = scorecard_xl.prepare(files, template(tmp_path), "2024-03")
    shown = figures(card, "OD4")
    assert shown["2023-12"] == pytest.approx(0.615)  # Trafford (row 0), 2023: 60 + 0 + 3 × 0.5
    assert [v for k, v in shown.items() if k != "2023-12"] == [None] * 4
    group = sum(60 + index(c) + 1.5 for c, _ in NEIGHBOURS) / 3
    assert row(card, "OD4").benchmarks.splitlines() == [
        "England (2023): 62.5%",
        "North West (2023): 63.5%",
        f"Neighbours (mean) (2023): {group:.1f}%",
    ]


def test_build_writes_benchmark_sources_on_about(tmp_path: Path, files: list[Path]) -> None:
    import openpyxl

    out = tmp_path / "out.xlsx"
    scorecard_xl.build(files, template(tmp_path), "2024-03", out)
    about = openpyxl.load_workbook(out)["About"]
    sources = [r[1] for r in about.iter_rows(values_only=True) if r[0] == "Benchmark source"]
    assert len(sources) == 11
    assert any("referrals.csv" in s and "no figure for" in s for s in sources)  # the suppressed neighbour


def test_without_area_a_file_of_several_areas_is_one_error(tmp_path: Path, files: list[Path]) -> None:
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare(files, template(tmp_path, TEMPLATE.replace("area: Trafford\n", "")), "2024-03")
    problems = caught.value.problems
    assert [p.code for p in problems] == ["several-areas"] * 3
    assert problems[0].location.file == str(files[0]) and problems[0].location.cell == "A1"
    assert "holds 20 areas (" in problems[0].message
    assert "--area" in problems[0].hint


def test_area_option_overrides_the_template(tmp_path: Path, files: list[Path]) -> None:
    text = TEMPLATE.replace("area: Trafford\n", "")
    card = scorecard_xl.prepare(files, template(tmp_path, text), "2024-03", area=OTHERS[5][0])
    assert figures(card, "OD1")["2024-03"] == pytest.approx(rate(index(OTHERS[5][0]), 2024, 3) / 100)
    out, err = io.StringIO(), io.StringIO()
    argv = ["validate", *map(str, files), "--template", str(template(tmp_path, text)), "--area", "trafford "]
    assert main(argv, out=out, err=err) == 0, out.getvalue()


def test_the_area_read_is_recorded_in_about_the_summary_and_validate(tmp_path: Path, files: list[Path]) -> None:
    """Built with --area, the workbook holds that area's figures: About, the summary line and validate name it."""
    import openpyxl

    other = OTHERS[5][1]
    tpl, out = template(tmp_path), tmp_path / "out.xlsx"
    stdout, err = io.StringIO(), io.StringIO()
    argv = ["build", *map(str, files), "--template", str(tpl), "--period", "2024-03", "--area", other, "-o", str(out)]
    assert main(argv, out=stdout, err=err) == 0, err.getvalue()
    assert stdout.getvalue().startswith(f"Appendix 1 for Mar 2024, area {other}: ")
    about = openpyxl.load_workbook(out)["About"]
    assert [r[1] for r in about.iter_rows(values_only=True) if r[0] == "Area"] == [other]
    stdout = io.StringIO()
    main(["validate", *map(str, files), "--template", str(tpl), "--area", other], out=stdout, err=err)
    assert f"\narea: {other}\n" in stdout.getvalue()
    card = scorecard_xl.prepare(files, tpl, "2024-03")  # the template's own area: Trafford
    assert scorecard_xl.BuildResult(out, card).summary().startswith("Appendix 1 for Mar 2024, area Trafford: ")


def test_a_dimension_not_named_is_an_ambiguity_once_per_measure(tmp_path: Path, files: list[Path]) -> None:
    text = TEMPLATE.replace(
        "source: {indicator: Claimant rate, measure: Percentage}", "source: {indicator: Claimant rate}"
    )
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare(files, template(tmp_path, text), "2024-03")
    problems = caught.value.problems
    assert [p.code for p in problems] == ["ambiguous-rows"]  # one for the measure, not one per area or period
    first = problems[0]
    assert first.location.measure == "OD1" and first.location.file == str(files[0])
    said = "12 periods have 2 rows each for the council (and 60 for comparator areas), differing in `measure` "
    assert said + "(measure: Count, Percentage)" in first.message
    assert "source: {indicator: Claimant rate, measure: Count}" in first.hint


def test_an_area_the_file_does_not_hold(tmp_path: Path, files: list[Path]) -> None:
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare(files, template(tmp_path, TEMPLATE.replace("area: Trafford", "area: Trafferd")), "2024-03")
    assert {p.code for p in caught.value.problems} == {"area-not-found"}
    assert "holds no rows for 'Trafferd'" in caught.value.problems[0].message


def test_a_total_row_settles_a_dimension(tmp_path: Path) -> None:
    rows = []
    for sex, value in (("Male", 3.0), ("Female", 2.0), ("Total", 2.5)):
        for code, name in (COUNCIL, ENGLAND):
            rows.append([code, name, "March 2024", "Claimant rate", sex, value + (code == ENGLAND[0])])
    path = write_csv(tmp_path / "by_sex.csv", ["area_code", "area_name", "period", "indicator", "sex", "value"], rows)
    text = TEMPLATE.split("          - id: OD2")[0].replace(", measure: Percentage", "")
    card = scorecard_xl.prepare([path], template(tmp_path, text), "2024-03")
    assert figures(card, "OD1")["2024-03"] == pytest.approx(0.025)
    assert row(card, "OD1").benchmarks.splitlines()[0] == "England (Mar 2024): 3.5%"


def test_a_neighbour_with_no_figure_at_all_warns(tmp_path: Path) -> None:
    path = tidy_long(tmp_path / "claimants.csv")
    text = TEMPLATE.split("          - id: OD2")[0].replace("area: E12000002", "area: E12999999")
    card = scorecard_xl.prepare([path], template(tmp_path, text), "2024-03")
    assert [w.code for w in card.warnings] == ["no-benchmark-figure"]
    assert card.warnings[0].location.measure == "OD1"


def test_many_problems_of_one_cause_are_one_line(tmp_path: Path) -> None:
    rows = [["CS37", f"2016-{m:02d}", 2255825 + k] for m in range(1, 10) for k in range(2)]
    path = write_csv(tmp_path / "twice.csv", ["Measure", "Month", "Value"], rows)
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare([path], None, "2016-09")
    problems = caught.value.problems
    assert len(problems) == 1 and problems[0].code == "duplicate"
    assert problems[0].message.startswith("9 problems of this kind (`duplicate`); the first: CS37 for Jan 2016")
    assert "2,255,826 here and 2,255,825 at" in problems[0].message
    assert "(at twice.csv" not in problems[0].message and "!" not in problems[0].message.split("(at ")[1][:2]


MINIMAL = """\
title: Appendix 1
outcomes:
  - name: Outcome
    themes:
      - name: Theme
        measures:
          - id: M1
            number: 1
            title: A measure
            unit: count
            target: Monitor
            {snippet}
"""


@pytest.mark.parametrize(
    ("snippet", "says", "line"),
    [
        ("source: [indicator]", "source must be a mapping", 12),
        ("source: {indicator: [a, b]}", "must be a single value", 12),
        ("benchmarks: [{label: England, area: England, areas: [E1]}]", "either area or areas", 12),
        ("benchmarks: [{label: Group, areas: []}]", "areas must be a list", 12),
    ],
)
def test_template_keys_are_checked_with_their_line(tmp_path: Path, snippet: str, says: str, line: int) -> None:
    with pytest.raises(TemplateError) as caught:
        scorecard_xl.load_template(template(tmp_path, MINIMAL.format(snippet=snippet)))
    assert [(p.code, p.location.line) for p in caught.value.problems] == [("template", line)]
    assert says in caught.value.problems[0].message


def test_area_must_be_a_name_or_code(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        scorecard_xl.load_template(template(tmp_path, "area: [a, b]\n" + MINIMAL.format(snippet="")))
    assert caught.value.problems[0].location.line == 1


def test_a_sheet_of_year_headers_for_a_monthly_measure_is_counted_as_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wide.csv", ["Measure", "2013", "2014", "2024"], [["CS37", 1, 2, 3]])
    report = scorecard_xl.validate([path])
    assert [p.code for p in report.errors] == ["no-figures"]
    assert [(w.code, w.location.cell) for w in report.warnings] == [("other-frequency", "B2")]
    assert "files read: 1" in report.lines() and "sheets read: 1" in report.lines()


def test_the_readme_example_template_loads(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Building from published open data", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    loaded = scorecard_xl.load_template(template(tmp_path, example))
    assert loaded.area == "Trafford"
    by_id = {m.id: m for m in loaded.measures}
    assert by_id["CP02"].source is not None and by_id["CP02"].source.filters == (
        ("indicator", "People on Universal Credit"),
        ("measure", "count"),
    )
    assert by_id["SC01"].source is not None and by_id["SC01"].source.column == "Re_referrals_percent"
    assert [b.group for b in by_id["CP01"].area_benchmarks] == [False, True]


def test_a_geography_column_is_known_by_holding_the_councils_area(tmp_path: Path) -> None:
    """SPEC §3.1: a column headed `Place` (no geography word) is the geography column because it holds `Trafford`."""
    rows = [
        [name, f"{MONTH_NAMES[month - 1]} {year}", "Claimant rate", "Percentage", rate(i, year, month)]
        for i, (_, name) in enumerate(AREAS)
        for year, month in MONTHS
    ]
    path = write_csv(tmp_path / "places.csv", ["Place", "period", "indicator", "measure", "value"], rows)
    text = TEMPLATE.split("          - id: OD2")[0]  # OD1 alone: the claimant rate, benchmarked on England
    card = scorecard_xl.prepare([path], template(tmp_path, text), "2024-03")
    assert figures(card, "OD1")["2024-03"] == pytest.approx(rate(0, 2024, 3) / 100)
    assert row(card, "OD1").benchmarks.splitlines()[0] == f"England (Mar 2024): {rate(1, 2024, 3):.1f}%"
