"""Figures the reader must never take silently from a damaged or unusual workbook (SPEC §3.1, §3.3, §3.4): a sheet
read in place of another, a text taken from the wrong shared string, rows hidden from the person checking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .support.workbooks import month_sheets
from .support.zips import rewrite_zip

COUNT = "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}"


def _template() -> scorecard_xl.Template:
    return parse_template(one_theme(COUNT), "t.yaml", "t")


def _problems(paths: list[Path]) -> list[scorecard_xl.Problem]:
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts(paths, _template())
    return list(caught.value.problems)


def test_two_sheets_of_one_name_are_an_error_not_the_first_read_twice(tmp_path: Path) -> None:
    """Excel forbids two sheets of one name, but a hand-made file can hold them; each sheet's month is in its
    Period cell. Read by name, the second sheet would be the first again and September's figures never read."""
    path = month_sheets(tmp_path / "x.xlsx", {"Aug 2016": [["M1", 5]], "Sep 2016": [["M1", 12]]})
    rewrite_zip(
        path,
        lambda name, data: (
            data.replace(b'name="Aug 2016"', b'name="Data"').replace(b'name="Sep 2016"', b'name="Data"')
            if name == "xl/workbook.xml"
            else data
        ),
    )
    problems = _problems([path])
    assert [p.code for p in problems] == ["duplicate-sheet-names"]
    assert "sheets 1 and 2" in problems[0].message and "'Data'" in problems[0].message


@pytest.mark.parametrize("index", [b"x", b"-1", b" 1x"])
@pytest.mark.parametrize("spacing", ["as Excel writes it", "with line breaks"])
def test_a_shared_string_cell_whose_index_is_not_one_is_an_error_at_the_cell(
    tmp_path: Path, index: bytes, spacing: str
) -> None:
    """`<c r="B2" t="s"><v>x</v></c>`: calamine reads it as the first shared string (here `Measure`, or a `40%`
    in another workbook), a text the cell never held. It is an error naming B2, on the fast scan and the slow."""
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["M1", "12"]]})  # "12" as text: a shared string in B2

    def damage(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        damaged = re.sub(rb'(<c r="B2"[^>]*t="s"[^>]*><v>)[0-9]+(</v>)', rb"\g<1>" + index + rb"\g<2>", data)
        assert damaged != data
        return damaged.replace(b"<row ", b"\n<row ") if spacing == "with line breaks" else damaged

    rewrite_zip(path, damage)
    problems = _problems([path])
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", "B2")]
    assert "shared-string index" in problems[0].message


@pytest.mark.parametrize("spacing", ["as Excel writes it", "with line breaks"])
def test_hidden_rows_holding_figures_are_named_in_a_warning(tmp_path: Path, spacing: str) -> None:
    """A measure's row hidden in Excel is read like any other (as hidden sheets and columns are) and named in a
    `hidden-rows` warning, so the person checking the scorecard against the sheet knows to unhide it."""
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["M1", 12]]})

    def hide(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        hidden = data.replace(b'<row r="2"', b'<row r="2" hidden="1"')
        assert hidden != data
        return hidden.replace(b"<row ", b"\n<row ") if spacing == "with line breaks" else hidden

    rewrite_zip(path, hide)
    result = scorecard_xl.read_extracts([path], _template())
    assert [o.value for o in result.observations] == [12]
    warnings = [w for w in result.warnings if w.code == "hidden-rows"]
    assert [(w.location.sheet, w.message) for w in warnings] == [
        ("Sep 2016", "row 2 is hidden; what it holds is read like any other row")
    ]


RATE = ("{id: A1, number: 1, title: Claimant rate, good_to_be: low, unit: percent, decimals: 1, target: Monitor, "
        "percent_scale: whole}")  # fmt: skip
AUDITS = "{id: A2, number: 2, title: Audits good, good_to_be: high, unit: percent, target: 60%}"
BENCHMARK_HEADER = ("Measure", "Label", "Year", "Value")


def _with_benchmarks(tmp_path: Path, rows: list[list[object]]) -> Path:
    from .support.workbooks import Pct, SheetSpec, write_workbook

    rows = [[m, label, year, Pct(float(v)) if isinstance(v, str) else v] for m, label, year, v in rows]  # "0.24": 24%
    return write_workbook(
        tmp_path / "x.xlsx",
        [
            SheetSpec("Sep 2016", [["A1", 1.1], ["A2", Pct(0.71)]]),
            SheetSpec("Benchmarks", rows, header=BENCHMARK_HEADER),
        ],
    )


def test_benchmarks_are_read_on_their_own_measures_scale(tmp_path: Path) -> None:
    """A Benchmarks sheet's plain percents are decided per measure: `percent_scale: whole` makes England's 1.2 a
    1.2% (it printed 120%), and a %-formatted 24% stays 24% beside it."""
    template = parse_template(one_theme(RATE, AUDITS), "t.yaml", "t")
    path = _with_benchmarks(tmp_path, [["A1", "England", "2016", 1.2], ["A1", "North West", "2016", 1.4],
                                       ["A2", "National", "2015", "0.24"]])  # fmt: skip
    benchmarks = scorecard_xl.read_extracts([path], template).benchmarks
    got = {(m, label): b.value for m, found in benchmarks.items() for label, b in found.items()}
    assert got == pytest.approx({("A1", "England"): 0.012, ("A1", "North West"): 0.014, ("A2", "National"): 0.24})


def test_benchmarks_of_one_measure_on_two_scales_or_past_100_percent_are_errors(tmp_path: Path) -> None:
    """0.24 beside 45 for one measure is the two-scales error naming both cells (it printed 0% and 45%, because
    a figure of another measure decided the whole sheet); 150 (whole percents) is past 100%, an error at its cell."""
    template = parse_template(one_theme(RATE, AUDITS), "t.yaml", "t")
    path = _with_benchmarks(tmp_path, [["A2", "National", "2015", 0.24], ["A2", "Neighbours", "2015", 45],
                                       ["A1", "England", "2016", 150]])  # fmt: skip
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts([path], template)
    found = sorted((p.code, p.location.cell) for p in caught.value.problems)
    assert found == [("percent-out-of-range", "D4"), ("two-scales", "D2")]
    two = next(p for p in caught.value.problems if p.code == "two-scales")
    assert "Benchmarks!D2" in two.message and "Benchmarks!D3" in two.message


def test_a_sheet_name_mentioning_another_month_than_the_file_name_is_named(tmp_path: Path) -> None:
    """`kpis_2016-09.xlsx` holding a sheet `Jul 2016 draft`: the name is no whole month label, so the file name's
    September is used, and the July it mentions is named in a warning; `Figures` (no month at all) says nothing."""
    folder = tmp_path / "folder"
    folder.mkdir()
    month_sheets(folder / "kpis_2016-09.xlsx", {"Jul 2016 draft": [["M1", 12]]})
    month_sheets(folder / "kpis_2016-08.xlsx", {"Figures": [["M1", 9]]})
    result = scorecard_xl.read_extracts([folder], _template())
    assert sorted((o.month.iso, o.value) for o in result.observations) == [("2016-08", 9), ("2016-09", 12)]
    warnings = [(w.location.sheet, w.message) for w in result.warnings if w.code == "month-mismatch"]
    assert warnings == [
        ("Jul 2016 draft", "the sheet name 'Jul 2016 draft' mentions Jul 2016 but the file name says Sep 2016; "
         "using Sep 2016")
    ]  # fmt: skip


def test_a_second_name_for_the_value_column_is_named_not_passed_over(tmp_path: Path) -> None:
    """`Result` beside `Value`: Value is read (it comes first among the names) and Result's column is named in a
    `rival-header` warning; before, its figures were passed over without a word."""
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["M1", 5, 7]]}, header=("Measure", "Result", "Value"))
    result = scorecard_xl.read_extracts([path], _template())
    assert [o.value for o in result.observations] == [7]
    rivals = [(w.location.cell, w.message) for w in result.warnings if w.code == "rival-header"]
    assert rivals == [("B1", "column B is headed 'Result', another name for the value column; column C ('Value') "
                             "is read and this one is not")]  # fmt: skip


@pytest.mark.parametrize("number", [-1e12, 1e20, 1e9, -5e9])
@pytest.mark.parametrize("spacing", ["as Excel writes it", "with line breaks"])
def test_a_date_formatted_number_no_date_can_be_is_an_error_at_the_cell(
    tmp_path: Path, number: float, spacing: str
) -> None:
    """-1e12 under `yyyy-mm-dd` made python-calamine panic in Rust (its message on stderr, then "damaged" naming
    no cell); 1e20 overflowed. A date-styled number of a billion days or more is an error naming its cell, found
    before calamine reads the sheet."""
    from .support.workbooks import Fmt

    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["M1", Fmt(number, "yyyy-mm-dd")]]})
    if spacing == "with line breaks":
        rewrite_zip(path, lambda name, data: data.replace(b"<row ", b"\n<row ") if "worksheets/" in name else data)
    problems = _problems([path])
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("bad-date", "Sep 2016", "B2")]


def test_a_date_in_range_is_read_as_a_date_not_refused(tmp_path: Path) -> None:
    """A date in a value cell is the usual error about a date (`date-in-value`), not this one."""
    from .support.workbooks import Fmt

    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["M1", Fmt(42640.0, "yyyy-mm-dd")]]})
    assert [p.code for p in _problems([path])] == ["date-in-value"]


def test_small_negative_durations_and_empty_date_cells_are_no_error(tmp_path: Path) -> None:
    """A change in call waiting of -0:30 (`[h]:mm`, -0.02 days) in a column the scorecard does not read, and an
    empty date-styled cell (`<c r="C2" s="1"/>`, as Excel writes a formatted blank) before a cell holding -3: the
    workbook builds, as it did before the date check (the empty cell once borrowed the next cell's -3)."""
    from .support.workbooks import Fmt

    header = ("Measure", "Value", "Wait change", "Last audit", "Delta")
    rows = [["M1", 12, Fmt(-0.02, "[h]:mm"), Fmt(1.0, "dd/mm/yyyy"), -3]]
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": rows}, header=header)

    def empty_date(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        emptied = re.sub(rb'(<c r="D2" s="[0-9]+")( t="n")?><v>[^<]*</v></c>', rb"\1/>", data)
        assert emptied != data
        return emptied

    rewrite_zip(path, empty_date)
    result = scorecard_xl.read_extracts([path], _template())
    assert [o.value for o in result.observations] == [12]


def test_two_narratives_for_one_figure_are_named_and_the_first_read_is_shown(tmp_path: Path) -> None:
    """A workbook and a CSV both give 12 for September with different commentary: which one the committee reads
    depended on the order of the inputs without a word; now the second is named in a `narrative-differs`
    warning, and the first read is shown."""
    header = ("Measure", "Value", "Narrative")
    first = month_sheets(tmp_path / "a.xlsx", {"Sep 2016": [["M1", 12, "Final commentary"]]}, header=header)
    second = tmp_path / "b.csv"
    second.write_text("Measure,Month,Value,Narrative\nM1,2016-09,12,Draft commentary\n", encoding="utf-8")
    result = scorecard_xl.read_extracts([first, second], _template())
    assert [o.narrative for o in result.observations] == ["Final commentary"]
    differs = [w for w in result.warnings if w.code == "narrative-differs"]
    assert len(differs) == 1 and differs[0].location.file == str(second)
    assert f"another narrative in the row at {first} Sep 2016!B2" in differs[0].message
    same = tmp_path / "c.csv"
    same.write_text("Measure,Month,Value,Narrative\nM1,2016-09,12,Final commentary\n", encoding="utf-8")
    assert not [
        w for w in scorecard_xl.read_extracts([first, same], _template()).warnings if w.code == "narrative-differs"
    ]


def test_a_quarterly_figure_given_twice_is_named_by_its_quarter(tmp_path: Path) -> None:
    """Not `Q1 for Jun 2016 is given twice` but `Q1 for Apr–Jun 2016 …`, as the measure's periods print."""
    template = parse_template(
        one_theme(
            "{id: Q1, number: 1, title: Quarterly, good_to_be: high, unit: count, target: 5, frequency: quarter}"
        ),
        "t.yaml",
        "t",
    )
    path = tmp_path / "q.csv"
    path.write_text("Measure,Month,Value\nQ1,Q1 2016/17,4\nQ1,2016-06,5\n", encoding="utf-8")
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts([path], template)
    assert [p.code for p in caught.value.problems] == ["duplicate"]
    assert caught.value.problems[0].message.startswith("Q1 for Apr–Jun 2016 is given twice with different figures")
