"""Property: whatever a month sheet's Value, Numerator, Denominator and Narrative cells hold, reading it gives a
scorecard or an InputError naming the file, never another exception; and the command line exits 0 or 2.

Cells are drawn from numbers (huge, tiny, negative; written as numbers, as %-formatted numbers and as cached
formula results), number-like text (`1,241`, `71%`, `NaN`, `inf`, 400 nines), prose, dates, booleans, Excel
error values and error-like text, formulas with no cached value, missing and suppressed markers, blanks,
control characters, formula-like narrative, and text up to 40,000 characters (past Excel's cell limit). Each
example is written with xlsxwriter into a TemporaryDirectory (hypothesis runs many examples per test, so
pytest's per-test tmp_path would be shared between them).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

import scorecard_xl
from scorecard_xl.model import Location

from .support.cli import run_cli, sha256
from .support.workbooks import Formula, Pct, month_workbook

PERIOD = "2016-09"
ERRORS = ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
MARKERS = ["", " ", "-", "–", "n/a", "NA", "..", "*", "c", "X", "[c]", "[x]", "<5"]
NUMBER_TEXT = [
    "1,241",
    " 71 ",
    "71%",
    " 7 1 % ",
    "-5%",
    "150%",
    "1,2,3",
    "1e5",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "9" * 400,
    "0x10",
    "+7",
    ".5",
    "5.",
    "1 000",
    "١٢",
    "0.71",
    "-0",
    "1,241.5",
]
FORMULA_LIKE = ["=1+1", '=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3"]

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_control = st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=8)
_huge_text = st.builds(
    lambda ch, n: ch * n, st.characters(blacklist_categories=("Cs", "Cc")), st.integers(30_000, 40_000)
)
_numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**20), 10**20),
    st.sampled_from([0, -0.0, 1e308, -1e308, 5e-324, 1.5, 1.5000001, 100, 101, 0.999999999]),
)
_dates = st.one_of(
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2099, 12, 31)),
)
CELLS = st.one_of(
    st.none(),
    _numbers,
    st.builds(Pct, st.floats(-5, 5, allow_nan=False)),
    st.sampled_from(NUMBER_TEXT + MARKERS + ERRORS + FORMULA_LIKE),
    _text,
    _control,
    _huge_text,
    _dates,
    st.booleans(),
    st.builds(Formula, st.just("=1/0"), st.sampled_from(ERRORS)),
    st.just(Formula("=A1*2")),  # no cached value
    st.builds(lambda v: Formula("=0+0", v), _numbers),
    # xlsxwriter writes a formula's cached text raw into the sheet XML, where a control character makes the
    # file invalid XML (a damaged workbook, rightly refused as `corrupt`); cached text is drawn without them.
    st.builds(lambda v: Formula("=T(A1)", v), _text.filter(lambda s: s != "" and not _XML_INVALID.search(s))),
)
MEASURES = st.one_of(
    st.sampled_from(["CS01", "CS02", "CS13", "CS17", "CS36", "CS37", "CS04", "1", "13", "99", "not a measure"]),
    CELLS,
)
ROWS = st.lists(st.tuples(MEASURES, CELLS, CELLS, CELLS, CELLS).map(list), min_size=1, max_size=6)
SHEETS = st.sampled_from(["Sep 2016", "Aug 2016", "2016-09", "Data"])

CONTROL_AND_LONG = [["CS01", "71%", None, None, "a\x01b\x1f" + "n" * 39_000], ["CS13", " 1,241 ", "c", None, "=1+1"]]


# The codes a month sheet's cells can give (SPEC §3.3); anything else is a reader bug.
CELL_CODES = {
    "excel-error", "formula-no-value", "date-in-value", "bool-in-value", "text-in-value", "not-a-number",
    "implausible-number", "negative", "numerator-over-denominator", "zero-denominator", "percent-out-of-range",
    "duplicate", "no-month",
}  # fmt: skip


@settings(max_examples=60)
@given(sheet=SHEETS, rows=ROWS)
@example(sheet="Sep 2016", rows=CONTROL_AND_LONG)
def test_any_cells_give_a_scorecard_or_an_input_error(sheet: str, rows: list[list[object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = month_workbook(Path(folder) / "extract.xlsx", rows, sheet=sheet)
        before = sha256(path)
        try:
            scorecard = scorecard_xl.prepare([path], period=PERIOD)
        except scorecard_xl.InputError as exc:
            assert exc.problems
            if exc.codes == ["no-figures"]:  # not one figure to build from: named for the file, not a cell
                assert exc.problems[0].location == Location(file=str(path))
                return
            assert set(exc.codes) <= CELL_CODES, exc.codes
            for issue in exc.problems:
                assert issue.location.file == str(path), issue
                assert issue.location.sheet == sheet, issue
                if issue.code != "no-month":  # a value problem names its cell: columns B–E of a data row
                    assert issue.location.cell is not None and issue.location.cell[0] in "BCDE", issue
                    assert 2 <= int(issue.location.cell[1:]) <= len(rows) + 1, issue
                assert issue.message
        else:
            for row in scorecard.rows:
                for figure in row.figures:
                    assert figure.value is None or math.isfinite(figure.value), (row.measure.id, figure)
        assert sha256(path) == before


@settings(max_examples=25)
@given(sheet=SHEETS, rows=ROWS)
@example(sheet="Sep 2016", rows=CONTROL_AND_LONG)
def test_any_cells_build_or_exit_2(sheet: str, rows: list[list[object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = month_workbook(Path(folder) / "extract.xlsx", rows, sheet=sheet)
        out = Path(folder) / "out.xlsx"
        code, stdout, stderr = run_cli(["build", path, "--period", PERIOD, "-o", out])
        assert "Traceback" not in stdout + stderr
        assert code in (0, 2), stderr
        if code == 2:
            errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
            assert errors and all(line.startswith(f"error: {path}") for line in errors), stderr
            assert not out.exists()
        else:
            assert out.stat().st_size > 0


@settings(max_examples=40)
@given(count=st.integers(0, 10**12), style=st.sampled_from(["number", "text", "thousands"]))
def test_a_count_reads_back_as_written(count: int, style: str) -> None:
    """CS13 (a count) written as a number, as plain text or with thousands commas is that number, exactly."""
    cell: object = {"number": count, "text": str(count), "thousands": f"{count:,}"}[style]
    with tempfile.TemporaryDirectory() as folder:
        path = month_workbook(Path(folder) / "extract.xlsx", [["CS13", cell]])
        scorecard = scorecard_xl.prepare([path], period=PERIOD)
    row = next(r for r in scorecard.rows if r.measure.id == "CS13")
    assert row.figures[[m.iso for m in scorecard.columns].index(PERIOD)].value == count
