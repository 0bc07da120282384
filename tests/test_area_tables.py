"""Area × period tables as government workbooks publish them (a row per authority, a column per period): the
header is a row of labels, never a row of figures; a bare year on a measure whose years end in March is named;
an annual measure reads only the year columns beside quarters (long GOV.UK headers included); and measures set
side by side in blocks under a heading row are read each by its heading (`source: {sheet: …, block: …}`)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import scorecard_xl
from scorecard_xl.errors import InputError, TemplateError
from scorecard_xl.model import Month
from scorecard_xl.read import read_extracts
from tests.support.templates import one_theme
from tests.support.workbooks import SheetSpec, write_workbook

ENGLAND = ("E92000001", "England")
COUNCIL = ("E08000009", "Trafford")
OTHER = ("E08000001", "Bolton")


def table(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Table_5") -> Path:
    """An xlsx of one sheet holding `rows` from A1 (None a blank cell), or a CSV of them when `path` ends .csv."""
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([["" if v is None else v for v in r] for r in rows])
        return path
    return write_workbook(path, [SheetSpec(sheet, [], header=None, above=rows)])


def template(tmp_path: Path, *measures: str, area: str = "Trafford") -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(f"area: {area}\n" + one_theme(*measures), encoding="utf-8")
    return path


def annual(source: str = "{sheet: Table_5}", extra: str = "", mid: str = "A1", number: int = 1) -> str:
    return (
        f"{{id: {mid}, number: {number}, title: Measure {mid}, good_to_be: none, unit: count, target: Monitor, "
        f"frequency: year, source: {source}{extra}}}"
    )


def quarterly(source: str = "{sheet: Table_5}", mid: str = "QM", number: int = 2) -> str:
    return (
        f"{{id: {mid}, number: {number}, title: Measure {mid}, good_to_be: none, unit: count, target: Monitor, "
        f"frequency: quarter, source: {source}}}"
    )


def read(paths: list[Path], template_path: Path) -> dict[tuple[str, str], float | None]:
    """The council's figures read: (measure id, period end as `YYYY-MM`) → value."""
    result = read_extracts(paths, scorecard_xl.load_template(template_path))
    return {(o.measure_id, o.month.iso): o.value for o in result.observations if o.area is None}


def problems(paths: list[Path], template_path: Path) -> tuple[list[str], list[str]]:
    """validate's error and warning codes."""
    report = scorecard_xl.validate(paths, template_path)
    return [e.code for e in report.errors], [w.code for w in report.warnings]


# 1. A header row is a row of labels: England's totals (1920, 1940, 2060, 2100) are never read as years.

TWO_ROW_HEADER = [
    ["Table 5: Children adopted during the year"],
    [],
    ["LA code", "Local authority", "Children adopted (number)"],
    [None, None, 2019, 2020, 2021, 2022],
    [*ENGLAND, 1920, 1940, 2060, 2100],
    [*COUNCIL, 20, 21, 22, 23],
    [*OTHER, 30, 31, 32, 33],
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_two_row_header_is_the_header_and_englands_totals_are_figures(tmp_path: Path, suffix: str) -> None:
    path = table(tmp_path / f"adopted{suffix}", TWO_ROW_HEADER)
    source = "{sheet: Table_5}" if suffix == ".xlsx" else "{sheet: adopted}"
    figures = read([path], template(tmp_path, annual(source, ", year_end: 12")))
    assert figures == {("A1", "2019-12"): 20, ("A1", "2020-12"): 21, ("A1", "2021-12"): 22, ("A1", "2022-12"): 23}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_table_whose_first_row_is_an_area_is_an_error_naming_the_sheet(tmp_path: Path, suffix: str) -> None:
    rows = [["Children adopted during the year"], [*ENGLAND, 1920, 1940, 2060, 2100], [*COUNCIL, 20, 21, 22, 23],
            [*OTHER, 30, 31, 32, 33]]  # fmt: skip
    path = table(tmp_path / f"adopted{suffix}", rows)
    source = "{sheet: Table_5}" if suffix == ".xlsx" else "{sheet: adopted}"
    report = scorecard_xl.validate([path], template(tmp_path, annual(source)))
    assert [e.code for e in report.errors] == ["no-header-row"]
    error = report.errors[0]
    assert error.location.cell == "A2"
    assert "row 2 (E92000001, England, 1920" in error.message and "names an area" in error.message
    with pytest.raises(InputError):
        scorecard_xl.prepare([path], template(tmp_path, annual(source)), "2024-03")
    other = annual("{sheet: Table_9}" if suffix == ".xlsx" else "{sheet: other}")  # a template not reading it
    report = scorecard_xl.validate([path], template(tmp_path, other))
    assert "no-header-row" not in [e.code for e in report.errors]
    assert any("row 2 names an area" in s for s in report.skipped)


def test_a_quarterly_measure_on_such_a_table_is_never_told_a_count_is_a_year(tmp_path: Path) -> None:
    rows = [["LA code", "Local authority", "Children adopted"], [*ENGLAND, 2020, 1940, 2060, 2100],
            [*COUNCIL, 20, 21, 22, 23]]  # fmt: skip
    report = scorecard_xl.validate([table(tmp_path / "t.xlsx", rows)], template(tmp_path, quarterly()))
    assert [e.code for e in report.errors] == ["no-header-row"]
    assert not any("is a year" in e.message for e in report.errors)


def test_years_as_numbers_head_a_table_only_beside_labels_not_areas(tmp_path: Path) -> None:
    """`Local authority` heads the area column: the numbers beside it are years. `Place` names no geography (its
    column is the area's because it holds `Trafford`), so numbers beside it could be years or figures: a run of
    consecutive years is a header, `2019/20` labels are, and a row of other numbers is not."""
    labelled = [["Local authority", 2019, 2020, 2021], ["England", 1920, 1940, 2060], ["Trafford", 20, 21, 22]]
    figures = read([table(tmp_path / "t.xlsx", labelled)], template(tmp_path, annual(extra=", year_end: 12")))
    assert figures == {("A1", "2019-12"): 20, ("A1", "2020-12"): 21, ("A1", "2021-12"): 22}
    numbers = [["Place", 2019, 2020], ["Bolton", 1920, 1940], ["Trafford", 20, 21]]
    assert read([table(tmp_path / "n.xlsx", numbers)], template(tmp_path, annual())) == {
        ("A1", "2019-03"): 20,
        ("A1", "2020-03"): 21,
    }  # a run of consecutive years: a header
    figures = [["Bolton", 1920, 1940], ["Trafford", 20, 21]]  # the first row is a row of figures: no header
    assert problems([table(tmp_path / "f.xlsx", figures)], template(tmp_path, annual()))[0] == ["no-header-row"]
    labels = [["Place", "2019/20", "2020/21"], ["Bolton", 1920, 1940], ["Trafford", 20, 21]]
    assert read([table(tmp_path / "l.xlsx", labels)], template(tmp_path, annual())) == {
        ("A1", "2020-03"): 20,
        ("A1", "2021-03"): 21,
    }


# 2. A bare year (`2017`) on a measure whose years end in March is read as the year ending Mar 2017, and named.


def test_a_bare_year_on_a_march_year_measure_is_one_warning_naming_the_fix(tmp_path: Path) -> None:
    rows = [["Area code", "Area name", "2016", "2017", "2018"], [*COUNCIL, 1, 2, 3], [*OTHER, 4, 5, 6]]
    path = table(tmp_path / "rates.csv", rows)
    measures = (annual("{sheet: rates}"), annual("{sheet: rates}", mid="A2", number=2))
    report = scorecard_xl.validate([path], template(tmp_path, *measures))
    assert [w.code for w in report.warnings] == ["bare-year", "bare-year"]  # once per measure, not per cell
    first = report.warnings[0]
    assert first.message.startswith("A1: '2016' is read as 2015/16")
    assert "`year_end: 12`" in (first.hint or "") and "2015/16" in (first.hint or "")
    assert read([path], template(tmp_path, *measures))[("A1", "2017-03")] == 2  # the reading SPEC §3.5 gives


def test_a_bare_year_in_tidy_period_columns_of_several_files_is_named_once(tmp_path: Path) -> None:
    paths = []
    for years in ((2016, 2017), (2018, 2019)):
        rows = [["area_name", "time_period", "indicator", "value"]]
        rows += [[a, str(y), "Measure A1", y - 2000] for a in ("Trafford", "Bolton") for y in years]
        paths.append(table(tmp_path / f"tidy{years[0]}.csv", rows))
    measure = annual().replace(", source: {sheet: Table_5}", "")
    report = scorecard_xl.validate(paths, template(tmp_path, measure))
    assert [(w.code, w.location.measure) for w in report.warnings] == [("bare-year", "A1")]
    assert report.months["A1"] == tuple(Month(y, 3) for y in (2016, 2017, 2018, 2019))


def test_only_a_year_that_leaves_its_kind_open_is_named(tmp_path: Path) -> None:
    """Calendar years said by `year_end: 12`, years written `2015/16` or `FY 2015/16`, and EES rows whose
    time_identifier says the year's kind (`Calendar year`, `Financial year`, `Reporting year`) are not warned about;
    the one bare-year table is."""
    paths = [table(tmp_path / "bare.csv", [["Area code", "Area name", "2016", "2017"], [*COUNCIL, 1, 2]])]
    measures = [annual("{sheet: bare}", mid="B1", number=1)]
    cases = [(["2016", "2017"], ", year_end: 12"), (["2015/16", "2016/17"], ""), (["FY 2015/16", "FY 2016/17"], "")]
    for i, (labels, extra) in enumerate(cases, start=2):
        paths.append(table(tmp_path / f"said{i}.csv", [["Area code", "Area name", *labels], [*COUNCIL, 1, 2]]))
        measures.append(annual(f"{{sheet: said{i}}}", extra, mid=f"S{i}", number=i))
    identifiers = [("Calendar year", "2017", ", year_end: 12"), ("Financial year", "201617", ""),
                   ("Reporting year", "2017", "")]  # fmt: skip
    for i, (identifier, period, extra) in enumerate(identifiers, start=10):
        rows = [["time_period", "time_identifier", "geographic_level", "la_name", "Adopted"],
                [period, identifier, "Local authority", "Trafford", 5]]  # fmt: skip
        paths.append(table(tmp_path / f"ees{i}.csv", rows))
        measures.append(annual(f"{{sheet: ees{i}, column: Adopted}}", extra, mid=f"E{i}", number=i))
    report = scorecard_xl.validate(paths, template(tmp_path, *measures))
    assert [e.code for e in report.errors] == []
    assert [(w.code, w.message.split(":")[0]) for w in report.warnings] == [("bare-year", "B1")]
    assert len(report.months) == 7 and all(report.months.values())


# 3. Beside quarter columns an annual measure reads only the year columns; long GOV.UK year headers are years.

RECEIPTS = [
    ["Table 6: Council tax receipts (£ thousand)"],
    [],
    ["Local authority", "LA code", "Q1 2022/23", "Q2 2022/23", "Q3 2022/23", "Q4 2022/23",
     "Total receipts collected in financial year - 2021 to 2022 (Q1 to Q4)",
     "Total receipts collected in financial year - 2022 to 2023 (Q1 to Q4)", "Percentage change from Q4 2021"],
    ["England", "E92000001", 1000, 2000, 3000, 4000, 9000, 10000, 5.0],
    ["Trafford", "E08000009", 10, 20, 30, 40, 90, 100, 2.5],
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_annual_measure_reads_the_year_columns_beside_quarters(tmp_path: Path, suffix: str) -> None:
    path = table(tmp_path / f"Table_5{suffix}", RECEIPTS)
    paths, tpl = [path], template(tmp_path, annual(), quarterly())
    report = scorecard_xl.validate(paths, tpl)
    assert [e.code for e in report.errors] == []
    warned = {w.location.measure or w.message.split(" ")[0]: w for w in report.warnings}
    assert sorted(warned) == ["A1", "QM"] and all(w.code == "other-frequency" for w in warned.values())
    assert "A1 is an annual measure" in warned["A1"].message and "C3, D3, E3, F3" in warned["A1"].message
    assert read(paths, tpl) == {
        ("A1", "2022-03"): 90, ("A1", "2023-03"): 100,
        ("QM", "2022-06"): 10, ("QM", "2022-09"): 20, ("QM", "2022-12"): 30, ("QM", "2023-03"): 40,
    }  # fmt: skip


@pytest.mark.parametrize("years", [["Q1-Q4 2021/22", "Q1-Q4 2022/23"], ["2021 to 2022", "2022 to 2023"],
                                   ["2021-22 (Q1 to Q4)", "2022-23 (Q1 to Q4)"],
                                   ["Receipts - Apr 2021 - Mar 2022", "Receipts - Apr 2022 - Mar 2023"]])  # fmt: skip
def test_gov_uk_year_headers_are_years(tmp_path: Path, years: list[str]) -> None:
    rows = [["LA code", "Local authority", "Q1 2022/23", "Q2 2022/23", *years], [*COUNCIL, 10, 20, 90, 100]]
    assert read([table(tmp_path / "t.xlsx", rows)], template(tmp_path, annual())) == {
        ("A1", "2022-03"): 90,
        ("A1", "2023-03"): 100,
    }


def test_a_long_header_is_a_period_only_beside_others_of_its_words_that_compare_nothing(tmp_path: Path) -> None:
    rows = [["LA code", "Local authority", "Total receipts - 2021 to 2022", "Change - 2021 to 2022",
             "Total receipts - 2022 to 2023", "Change - 2022 to 2023", "Receipts - 2023 to 2024",
             "Percentage change from 2022 to 2023"], [*COUNCIL, 90, 5, 100, 6, 110, 7]]  # fmt: skip
    # `Change - …` compares, and `Receipts - 2023 to 2024` shares its words with no other header: neither is read
    assert read([table(tmp_path / "t.xlsx", rows)], template(tmp_path, annual())) == {
        ("A1", "2022-03"): 90,
        ("A1", "2023-03"): 100,
    }


# 7. Measure blocks side by side under a heading row, each read by its heading.


def blocks(heading_above: bool) -> list[list[Any]]:
    quarters = ["Q1 2022/23", "Q2 2022/23", "Q3 2022/23", "Q4 2022/23"]
    if heading_above:  # a heading row over a one-row header (merged headings: only the first cell holds text)
        head = [[None, None, "Children adopted", None, None, None, "Children placed", None, None, None],
                ["LA code", "Local authority", *quarters, *quarters]]  # fmt: skip
    else:  # the geography headers on the heading row, the periods under it
        head = [["LA code", "Local authority", "Children adopted", None, None, None, "Children  PLACED"],
                [None, None, *quarters, *quarters]]  # fmt: skip
    return [["Table 2: adoptions and placements"], [], *head, [*ENGLAND, 1920, 1940, 2060, 2100, 5, 6, 7, 8],
            [*COUNCIL, 1, 2, 3, 4, 11, 12, 13, 14]]  # fmt: skip


@pytest.mark.parametrize("layout", ["heading above", "geography beside the headings", "agency beside the headings"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_each_block_is_read_by_its_heading(tmp_path: Path, layout: str, suffix: str) -> None:
    rows = blocks(layout == "heading above")
    if layout.startswith("agency"):  # `Agency` is no geography word: its column is known by holding `Trafford`
        rows[2] = ["Agency", *rows[2][2:]]
        rows[3:] = [r[1:] for r in rows[3:]]
    path = table(tmp_path / f"Table_5{suffix}", rows)
    tpl = template(
        tmp_path,
        quarterly("{sheet: Table_5, block: children adopted}", "AD"),
        quarterly("{sheet: Table_5, block: Children placed}", "PL", 3),
    )
    assert problems([path], tpl) == ([], [])
    ends = ["2022-06", "2022-09", "2022-12", "2023-03"]
    assert read([path], tpl) == {
        **{("AD", e): v for e, v in zip(ends, (1, 2, 3, 4), strict=True)},
        **{("PL", e): v for e, v in zip(ends, (11, 12, 13, 14), strict=True)},
    }


def test_merged_headings_of_a_workbook_are_read_from_the_first_cell_of_each_range(tmp_path: Path) -> None:
    rows = blocks(True)
    rows[2] = [None] * 10  # the headings are merged ranges over their quarters
    spec = SheetSpec("Table_5", [], header=None, above=rows, merged={"C3:F3": "Children adopted", "G3:J3": "Placed"})
    path = write_workbook(tmp_path / "merged.xlsx", [spec])
    tpl = template(tmp_path, quarterly("{sheet: Table_5, block: Placed}", "PL"))
    assert read([path], tpl) == {("PL", "2022-06"): 11, ("PL", "2022-09"): 12, ("PL", "2022-12"): 13,
                                 ("PL", "2023-03"): 14}  # fmt: skip


def test_a_block_on_a_sheet_without_blocks_of_periods_is_an_error(tmp_path: Path) -> None:
    rows = [["time_period", "la_name", "Adopted"], ["2023", "Trafford", 5]]
    path = table(tmp_path / "tidy.csv", rows)
    report = scorecard_xl.validate([path], template(tmp_path, annual("{sheet: tidy, block: Adopted}")))
    assert [e.code for e in report.errors] == ["block-not-found"]
    assert "is not an area × period table" in report.errors[0].message


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("Wide", [["Measure", "Aug 2016", "Sep 2016"], ["MM", 3, 4]]),
        ("Sep 2016", [["Measure", "Value"], ["MM", 4]]),
        ("Long", [["Measure", "Month", "Value"], ["MM", "Sep 2016", 4]]),
    ],
)
def test_a_block_on_a_sheet_of_a_row_per_measure_is_an_error(tmp_path: Path, name: str, rows: list[list[Any]]) -> None:
    measure = (
        "{id: MM, number: 1, title: Measure MM, good_to_be: none, unit: count, target: Monitor, "
        f"source: {{sheet: {name}, block: Adopted}}}}"
    )
    path = table(tmp_path / "t.xlsx", rows, sheet=name)
    report = scorecard_xl.validate([path], template(tmp_path, measure))
    assert [e.code for e in report.errors] == ["block-not-found"]
    assert (
        f"sheet {name!r} is read as a" in report.errors[0].message and "which has no blocks" in report.errors[0].message
    )
    assert report.errors[0].location.cell == "A1"


def test_a_block_headed_by_the_measures_title_is_its_block(tmp_path: Path) -> None:
    measure = quarterly("{sheet: Table_5}", "PL").replace("title: Measure PL", "title: Children placed")
    assert read([table(tmp_path / "t.xlsx", blocks(False))], template(tmp_path, measure)) == {
        ("PL", "2022-06"): 11, ("PL", "2022-09"): 12, ("PL", "2022-12"): 13, ("PL", "2023-03"): 14,
    }  # fmt: skip


def test_a_block_the_sheet_does_not_have_is_an_error_naming_its_headings(tmp_path: Path) -> None:
    path = table(tmp_path / "t.xlsx", blocks(True))
    report = scorecard_xl.validate([path], template(tmp_path, quarterly("{sheet: Table_5, block: Adoptions}")))
    assert [e.code for e in report.errors] == ["block-not-found"]
    message = report.errors[0].message
    assert "no block headed 'Adoptions'" in message and "`Children adopted` (C3), `Children placed` (G3)" in message


def test_blocks_with_the_same_periods_need_a_block_named(tmp_path: Path) -> None:
    path = table(tmp_path / "t.xlsx", blocks(True))
    report = scorecard_xl.validate([path], template(tmp_path, quarterly()))
    assert [e.code for e in report.errors] == ["block-needed"]
    assert "block: Children adopted" in (report.errors[0].hint or "")


def test_a_block_needs_its_sheet(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="needs the sheet"):
        scorecard_xl.load_template(template(tmp_path, quarterly("{block: Children adopted}")))
