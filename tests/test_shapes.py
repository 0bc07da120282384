"""Every extract shape of SPEC §3.1 builds the same Appendix 1 as the bundled sample, cell by cell.

The sample's figures are read once (`scorecard_xl.read_extracts`) and written again by tests/support/shapes.py
as month sheets with varied names, layouts, header aliases and percent styles; a long CSV and a long sheet;
a wide sheet with date headers and one with month-text headers (the narratives given by a second EXTRACT);
a folder of one-month files whose month is only in the file name; two merged extracts with overlapping
months; and one workbook mixing the shapes. Each is built for Sep 2016 and compared with the sample's build:
every cell value and number format of `Appendix 1`, and every value of `Data` and `Summary`.

Then §3.1–3.2's reporting: a benchmarks sheet replaces the template's benchmark of that label; sheets of
no shape are skipped and listed; a hidden sheet is read and named in a warning; a row naming no template
measure, a title that is not the measure's, and figures for an unavailable measure are warnings naming the
cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.model import Location, Month, Unit

from .conftest import SAMPLE
from .support.readback import about_rows, differences, read_appendix, sheet_cells
from .support.shapes import (
    SHAPES,
    SampleData,
    from_parts,
    load_sample,
    month_sheet,
    month_table,
    observation_table,
)
from .support.workbooks import Pct, SheetSpec, write_workbook

PERIOD = "2016-09"
SEP_2016 = Month(2016, 9)


@pytest.fixture(scope="module")
def data() -> SampleData:
    return load_sample(SAMPLE)


@pytest.fixture(scope="module")
def sample_appendix(sample_build) -> dict:
    return sheet_cells(sample_build.path, "Appendix 1")


@pytest.fixture(scope="module")
def builds(data, tmp_path_factory):
    """Build each shape once (on first use) and hand the result to every test of that shape."""
    done: dict[str, tuple[list[Path], scorecard_xl.BuildResult]] = {}

    def build(shape: str) -> tuple[list[Path], scorecard_xl.BuildResult]:
        if shape not in done:
            folder = tmp_path_factory.mktemp(shape)
            paths = SHAPES[shape].make(data, folder)
            result = scorecard_xl.build(paths, period=PERIOD, output=folder / "appendix1.xlsx", force=True)
            done[shape] = (paths, result)
        return done[shape]

    return build


def _build_with(tmp_path: Path, *extracts: Path, name: str = "appendix1.xlsx") -> scorecard_xl.BuildResult:
    return scorecard_xl.build([SAMPLE, *extracts], period=PERIOD, output=tmp_path / name, force=True)


def _warnings(result: scorecard_xl.BuildResult, code: str) -> list[scorecard_xl.Problem]:
    return [w for w in result.warnings if w.code == code]


def _measure_row(cells: dict, number: int) -> int:
    """The Appendix 1 row of the measure with display number `number`."""
    from scorecard_xl.read.grid import parse_ref

    return next(parse_ref(ref)[0] for ref, (value, _) in cells.items() if ref.startswith("A") and value == number)


# ------------------------------------------------------------------------------------------ the same figures


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_reads_the_sample_figures(shape, data, tmp_path):
    """Reading the shape gives the sample's observations (status, value, parts, narrative) for every month."""
    keeps_parts = SHAPES[shape].keeps_parts
    paths = SHAPES[shape].make(data, tmp_path)
    got = observation_table(scorecard_xl.read_extracts(paths, data.template).observations, keeps_parts)
    expected = observation_table(
        scorecard_xl.read_extracts([SAMPLE], data.template).observations, keeps_parts
    )  # fmt: skip
    assert len(expected) == 630
    diff = [f"{k}: expected {expected.get(k)}, got {got.get(k)}" for k in sorted(set(expected) | set(got))
            if expected.get(k) != got.get(k)]  # fmt: skip
    assert diff == []


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_builds_the_same_appendix_1(shape, builds, sample_appendix):
    """Every cell of Appendix 1, value and number format, is the sample build's."""
    _, result = builds(shape)
    got = _published_blanks(sheet_cells(result.path, "Appendix 1"))
    assert len(sample_appendix) > 300  # the comparison covers the whole table
    assert differences(_table(sample_appendix), _table(got)) == []
    symbols = {v[0] if isinstance(v, tuple) else v for v in _table(sheet_cells(result.path, "Appendix 1")).values()}
    key = _key(sheet_cells(result.path, "Appendix 1"))
    assert all(s in key for s in symbols & _MISSING_AS_PUBLISHED)  # each symbol shown is explained in the key


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_shows_the_samples_documented_figures(shape, builds):
    """Not only the same as the sample's build, but right: figures documented in sample_workbooks/make_sample.py
    (CS01 61% in Sep 2016; CS37 adoptions 5+4+4+2+3+2 = 20 for Apr–Sep 2016 and 38 over 2015/16)."""
    _, result = builds(shape)
    _, _, shown = read_appendix(result.path)
    cs01 = next(r for r in shown if r.cells.get("No.") == 1).figures
    cs37 = next(r for r in shown if r.cells.get("No.") == 37).figures
    assert (cs01["Sep 2016"].value, cs01["Sep 2016"].text) == (pytest.approx(0.61), "61%")
    assert (cs37["Sep 2016"].value, cs37["Mar 2016"].value) == (20, 38)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_builds_the_same_data_and_summary(shape, builds, sample_build):
    """Every value of the Data sheet (each monthly figure used) and of the Summary sheet is the sample's."""
    _, result = builds(shape)
    for sheet in ("Data", "Summary"):
        expected = sheet_cells(sample_build.path, sheet, formats=False)
        assert len(expected) > 20, sheet
        got = _published_blanks(sheet_cells(result.path, sheet, formats=False))
        assert differences(expected, got) == [], sheet


# The shapes write some missing figures as `-`, `n/a`, `..` or `na` where the sample leaves them blank; each is
# printed as published (SPEC §3.5), so the comparison takes those cells as the sample's blanks.
_MISSING_AS_PUBLISHED = {"-", "n/a", "..", "na"}


def _key_row(cells):
    return min(
        int(ref[1:]) for ref, v in cells.items() if ref[0] == "B" and (v[0] if isinstance(v, tuple) else v) == "Key"
    )


def _table(cells):
    """The cells above the key (which lists only the symbols shown, so it is checked apart)."""
    last = _key_row(cells)
    return {ref: v for ref, v in cells.items() if int("".join(ch for ch in ref if ch.isdigit())) < last}


def _key(cells):
    first = _key_row(cells)
    found = [
        (v[0] if isinstance(v, tuple) else v) for ref, v in cells.items() if ref[0] == "B" and int(ref[1:]) > first
    ]
    return {str(v) for v in found}


def _published_blanks(cells):
    def text(value):
        return value[0] if isinstance(value, tuple) else value

    return {
        ref: value
        for ref, value in cells.items()
        if not (isinstance(text(value), str) and text(value).strip().casefold() in _MISSING_AS_PUBLISHED)
    }


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shape_builds_without_warnings_or_skipped_sheets(shape, builds):
    """The rewritten sample is as clean as the sample: nothing to warn about, no sheet passed over."""
    paths, result = builds(shape)
    assert [str(w) for w in result.warnings] == []
    assert result.scorecard.skipped_sheets == ()
    assert result.path.exists() and all(p.exists() for p in paths)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("kpis_2016-09.xlsx", Month(2016, 9)),
        ("kpis_2016-03.xlsx", Month(2016, 3)),
        ("kpis_2015-10.xlsx", Month(2015, 10)),
        ("kpis_2015-11.xlsx", Month(2015, 11)),
        ("kpis_2015-12.xlsx", Month(2015, 12)),
        ("kpis Dec 2015.xlsx", Month(2015, 12)),
        ("kpis_12-2015.xlsx", Month(2015, 12)),
        ("kpis_Sept-16.xlsx", Month(2016, 9)),
    ],
)
def test_folder_file_name_gives_the_month(name, month, data, tmp_path):
    """A one-month file in a folder, sheet `Sheet1`, no Period cell: its month comes from the file name."""
    folder = tmp_path / "monthly"
    folder.mkdir()
    write_workbook(folder / name, [month_table("Sheet1", data, data.of_month(SEP_2016), 0, "format", None)])
    read = scorecard_xl.read_extracts([folder], data.template)
    assert {o.month for o in read.observations} == {month}
    assert len(read.observations) == len(data.of_month(SEP_2016))


# ------------------------------------------------------------------------------------------------ benchmarks


@pytest.mark.parametrize(
    ("measure", "cs05_value"),
    [("CS05", Pct(0.26)), (5, "26%"), ("% repeat referrals", 26)],
    ids=["id-percent-format", "number-percent-text", "title-whole-percent"],
)
def test_benchmarks_sheet_replaces_the_template_benchmark(measure, cs05_value, tmp_path, sample_appendix):
    """A Measure/Label/Year/Value sheet replaces the benchmark of that label; the rest of the table is as before."""
    rows = [[measure, "National Average", 2015, cs05_value], ["CS19", "National Average", "2016", 44.1]]
    sheet = SheetSpec("Benchmarks", rows, header=("Measure", "Label", "Year", "Value"))
    extract = write_workbook(tmp_path / "benchmarks.xlsx", [sheet])

    result = _build_with(tmp_path, extract)
    got = sheet_cells(result.path, "Appendix 1")
    cs05 = f"M{_measure_row(got, 5)}"
    cs19 = f"M{_measure_row(got, 19)}"
    assert got[cs05] == ("Statistical Neighbour Average (2015): 23%\nNational Average (2015): 26%", "General")
    assert got[cs19] == (
        "Statistical Neighbour Average (2015): 52.1\nS East Average (2015): 49.0\nNational Average (2016): 44.1",
        "General",
    )
    assert differences({k: v for k, v in sample_appendix.items() if k not in (cs05, cs19)},
                       {k: v for k, v in got.items() if k not in (cs05, cs19)}) == []  # fmt: skip
    assert [str(w) for w in result.warnings] == []
    assert result.scorecard.skipped_sheets == ()


# ------------------------------------------------------------------------------------- skipped, hidden, unknown


def test_sheets_of_no_shape_are_skipped_and_listed(tmp_path, sample_appendix):
    """A notes sheet and a lookup sheet (ids and titles, no figures) are skipped and listed, on About too."""
    notes = [
        ["Notes for the performance team"],
        [],
        ["Figures are provisional until the CIN census return is signed off."],
        ["Ask the BI team for the rolling-year adoption figures."],
    ]
    lookup = [[measure_id, f"Measure {measure_id}"] for measure_id in ("CS01", "CS02", "CS03")]
    extract = write_workbook(
        tmp_path / "with_notes.xlsx",
        [SheetSpec("Notes", [], header=None, above=notes), SheetSpec("Lookup", lookup, header=("Code", "Description"))],
    )

    result = _build_with(tmp_path, extract)
    skipped = result.scorecard.skipped_sheets
    assert len(skipped) == 2
    assert any("Notes" in s and str(extract) in s for s in skipped)
    assert any("Lookup" in s and str(extract) in s for s in skipped)
    about = [value for label, value in about_rows(result.path) if label == "Skipped sheet"]
    assert len(about) == 2
    assert any("Notes" in str(v) for v in about) and any("Lookup" in str(v) for v in about)
    assert differences(sample_appendix, sheet_cells(result.path, "Appendix 1")) == []


def test_hidden_sheet_is_read_and_named_in_a_warning(data, tmp_path, sample_appendix):
    """Sep 2016 only on a hidden sheet: its figures are used (same Appendix 1), and a warning names the sheet."""
    sheets = [month_sheet(data, m, i) for i, m in enumerate(data.months[:-1])]
    sheets.append(month_sheet(data, SEP_2016, 0, name="Sep 2016", hidden=True))
    extract = write_workbook(tmp_path / "hidden.xlsx", sheets)

    result = scorecard_xl.build([extract], period=PERIOD, output=tmp_path / "appendix1.xlsx", force=True)
    hidden = _warnings(result, "hidden-sheet")
    assert len(hidden) == 1
    assert hidden[0].location == Location(file=str(extract), sheet="Sep 2016")
    assert "hidden" in hidden[0].message
    assert len(result.warnings) == 1
    got = _published_blanks(sheet_cells(result.path, "Appendix 1"))
    assert differences(_table(sample_appendix), _table(got)) == []
    about = [value for label, value in about_rows(result.path) if label == "Warning"]
    assert about == [f"{hidden[0].where}: {hidden[0].message}"]


def _sep_sheet_with(data: SampleData, path: Path, extra_rows: list[tuple[object, object, object]]) -> Path:
    """A `Sep 2016` sheet repeating the sample's rows (equal figures) with `extra_rows` (measure, title, value)
    after them; columns Measure ID | Title | Value | Numerator | Denominator | Narrative (header set 2)."""
    rows: list[list[object]] = []
    for o in data.of_month(SEP_2016):
        m = data.measure(o)
        value = None if from_parts(o) else (Pct(o.value) if m.unit is Unit.PERCENT else o.value)
        rows.append([o.measure_id, m.title, value, o.numerator, o.denominator])
    rows += [[measure, title, value] for measure, title, value in extra_rows]
    header = ("Measure ID", "Title", "Value", "Numerator", "Denominator", "Narrative")
    return write_workbook(path, [SheetSpec("Sep 2016", rows, header=header)])


def test_row_naming_no_template_measure_warns_with_its_cell(data, tmp_path, sample_appendix):
    """Rows naming CS99, an unknown title, or nothing, with figures: a warning each, naming the measure cell."""
    first = len(data.of_month(SEP_2016)) + 2
    extract = _sep_sheet_with(
        data,
        tmp_path / "unknown.xlsx",
        [("CS99", "Number of foster carers", 12), ("Number of foster carers", None, 12), (None, None, 7)],
    )
    result = _build_with(tmp_path, extract)
    unknown = _warnings(result, "unknown-measure")
    assert [w.location for w in unknown] == [
        Location(file=str(extract), sheet="Sep 2016", cell=f"A{first + i}") for i in range(3)
    ]
    assert "CS99" in unknown[0].message
    assert "Number of foster carers" in unknown[1].message
    assert len(result.warnings) == 3
    assert all(str(w).startswith(f"warning: {extract} Sep 2016!A") for w in unknown)
    assert differences(sample_appendix, sheet_cells(result.path, "Appendix 1")) == []


def test_title_not_the_templates_warns(data, tmp_path, sample_appendix):
    """A title cell that is not the measure's template title is a warning naming the title cell and measure."""
    cs01 = data.get("CS01", SEP_2016)
    cs02 = data.get("CS02", SEP_2016)
    rows = [
        ["CS01", "% of case audits rated good", Pct(cs01.value)],
        ["CS02", "  % OF SOCIAL WORK STAFF   supervisions completed ", Pct(cs02.value)],  # the same title
    ]
    sheet = SheetSpec("Sep 2016", rows, header=("KPI", "Measure title", "Result"))
    extract = write_workbook(tmp_path / "titles.xlsx", [sheet])

    result = _build_with(tmp_path, extract)
    mismatch = _warnings(result, "title-mismatch")
    assert [w.location for w in mismatch] == [Location(file=str(extract), sheet="Sep 2016", cell="B2")]
    assert "CS01" in mismatch[0].message and "% of case audits rated good" in mismatch[0].message
    assert len(result.warnings) == 1
    assert differences(sample_appendix, sheet_cells(result.path, "Appendix 1")) == []


def test_figures_for_an_unavailable_measure_warn_and_it_stays_unavailable(data, tmp_path, sample_appendix):
    """CS04 is unavailable in the template: a figure for it is a warning, and its row still says so."""
    extract = _sep_sheet_with(data, tmp_path / "cs04.xlsx", [("CS04", None, Pct(0.5))])
    result = _build_with(tmp_path, extract)
    assert [(w.code, w.location) for w in result.warnings] == [("unavailable-has-data", Location(measure="CS04"))]
    got = sheet_cells(result.path, "Appendix 1")
    assert got[f"D{_measure_row(got, 4)}"] == ("Data currently unavailable", "General")
    assert differences(sample_appendix, got) == []


def test_long_texts_in_a_sheets_first_rows_are_not_remembered():
    """Header texts repeat from sheet to sheet and are judged once; narratives in the first rows are judged each
    time and not held (a long extract would otherwise keep thousands of them after reading)."""
    from scorecard_xl.read.shapes import geography, headers

    before = (headers._normalised.cache_info().currsize, geography._tier.cache_info().currsize)
    narrative = "Performance dipped slightly owing to sickness absence; " * 4
    assert headers.normalise(narrative).startswith("performancedipped")
    assert geography.geography_tier(narrative) is None
    assert (headers._normalised.cache_info().currsize, geography._tier.cache_info().currsize) == before
    assert geography.geography_tier("LA name") == 1 and headers.normalise("LA name") == "laname"
