"""SPEC §3.3 value rules through the command line: every input error is one line naming file, sheet and cell.

Each error case is its own tiny workbook generated in tmp_path (see tests/support/workbooks.py). Through
`scorecard_xl.prepare` it must raise an InputError with exactly the case's problem code, at the case's
structured Location (file, sheet, cell). Through `scorecard-xl build EXTRACT -o OUT` it must exit 2, print
exactly one `error: <file> <sheet>!<cell>: <what>` line on stderr, show no traceback, write nothing at OUT,
and leave the input's bytes as they were. The accepted forms (`1,241`, ` 71 `, `71%`, %-formatted cells, whole percents
decided per sheet, fractions, numerator/denominator, missing and suppressed markers) must build, giving the
right figure in `scorecard_xl.prepare(...).rows`.

ERROR_CASES is the module-level list of malformed inputs; tests/test_hostile.py counts it with its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

import scorecard_xl
from scorecard_xl.errors import InputError
from scorecard_xl.model import Location, Rag, Severity

from .support.cli import run_cli, sha256
from .support.workbooks import Formula, Pct, SheetSpec, long_csv, month_workbook, write_workbook

PERIOD = "2016-09"


class ErrorCase(NamedTuple):
    """A malformed extract: `make(folder)` writes it and returns (inputs, where the error must point)."""

    id: str
    make: Callable[[Path], tuple[list[Path], Location]]
    code: str  # the problem code
    what: str  # regex the message must match


def _one(
    name: str, row: list, column: str = "B", sheet: str = "Sep 2016"
) -> Callable[[Path], tuple[list[Path], Location]]:
    """A one-sheet workbook whose single data row (row 2) is `row`; the error is at `column`2."""

    def make(folder: Path) -> tuple[list[Path], Location]:
        path = month_workbook(folder / f"{name}.xlsx", [row], sheet=sheet)
        return [path], Location(file=str(path), sheet=sheet, cell=f"{column}2")

    return make


def _duplicate_sheets(folder: Path) -> tuple[list[Path], Location]:
    path = write_workbook(
        folder / "duplicate_sheets.xlsx",
        [SheetSpec("Sep 2016", [["CS13", 5]]), SheetSpec("2016-09", [["CS13", 6]])],
    )
    return [path], Location(file=str(path), sheet="2016-09", cell="B2")


def _duplicate_files(folder: Path) -> tuple[list[Path], Location]:
    first = month_workbook(folder / "extract_a.xlsx", [["CS13", 5]])
    second = month_workbook(folder / "extract_b.xlsx", [["CS13", 6]])
    return [first, second], Location(file=str(second), sheet="Sep 2016", cell="B2")


def _no_month(folder: Path) -> tuple[list[Path], Location]:
    path = month_workbook(folder / "figures.xlsx", [["CS13", 5]], sheet="Data")
    return [path], Location(file=str(path), sheet="Data")


def _offset_header(folder: Path) -> tuple[list[Path], Location]:
    # Period label in row 1, header in row 5, the bad figure on the second data row: row 7.
    spec = SheetSpec("Figures", [["CS13", 5], ["CS14", "lots"]], period="Sep 2016", header_row=4)
    path = write_workbook(folder / "offset.xlsx", [spec])
    assert spec.data_cell(1, 1) == "B7"
    return [path], Location(file=str(path), sheet="Figures", cell=spec.data_cell(1, 1))


def _hidden_sheet(folder: Path) -> tuple[list[Path], Location]:
    path = write_workbook(
        folder / "hidden.xlsx",
        [
            SheetSpec("Sep 2016", [["CS13", 5]]),
            SheetSpec("Aug 2016", [["CS13", Formula("=1/0", "#DIV/0!")]], hidden=True),
        ],
    )
    return [path], Location(file=str(path), sheet="Aug 2016", cell="B2")


def _wide(folder: Path) -> tuple[list[Path], Location]:
    path = month_workbook(
        folder / "wide.xlsx", [["CS13", 5, -3]], sheet="Figures", header=("Measure", "Sep 2016", "Aug 2016")
    )
    return [path], Location(file=str(path), sheet="Figures", cell="C2")


def _csv_prose(folder: Path) -> tuple[list[Path], Location]:
    # A CSV has no sheet; the problem still names the cell: column C of the file's third line.
    path = long_csv(folder / "long.csv", [["CS13", "Sep 2016", "5"], ["CS14", "Sep 2016", "lots"]])
    return [path], Location(file=str(path), cell="C3")


ERROR_CASES = [
    ErrorCase(
        "excel-error-div0", _one("div0", ["CS01", Formula("=1/0", "#DIV/0!")]), "excel-error", r"Excel error #DIV/0!"
    ),
    ErrorCase("excel-error-na", _one("na", ["CS01", Formula("=NA()", "#N/A")]), "excel-error", r"Excel error #N/A"),
    ErrorCase(
        "excel-error-ref", _one("ref", ["CS13", Formula("=1+#REF!", "#REF!")]), "excel-error", r"Excel error #REF!"
    ),
    ErrorCase(
        "excel-error-in-numerator",
        _one("num_error", ["CS01", None, Formula("=1/0", "#DIV/0!"), 10], column="C"),
        "excel-error",
        r"Excel error #DIV/0!",
    ),
    ErrorCase(
        "formula-no-cached-value",
        _one("nocache", ["CS01", Formula("=0.5+0.2")]),
        "formula-no-value",
        r"formula with no saved",
    ),
    ErrorCase("date-in-value", _one("date", ["CS13", dt.date(2016, 9, 30)]), "date-in-value", r"\bdate\b"),
    ErrorCase(
        "date-text-in-value", _one("date_text", ["CS13", "30/09/2016"]), "date-in-value", r"\bdate\b.*30/09/2016"
    ),
    ErrorCase("prose-in-value", _one("prose", ["CS13", "about forty"]), "text-in-value", r"text 'about forty'"),
    ErrorCase("true-in-value", _one("true", ["CS13", True]), "bool-in-value", r"\bTRUE\b"),
    ErrorCase("negative-count", _one("neg_count", ["CS13", -5]), "negative", r"negative \(-5\).*\bcount\b"),
    ErrorCase("negative-rate", _one("neg_rate", ["CS17", -1.5]), "negative", r"negative \(-1\.5\).*\brate\b"),
    ErrorCase("negative-days", _one("neg_days", ["CS36", -3]), "negative", r"negative \(-3\).*\bdays\b"),
    ErrorCase(
        "negative-numerator",
        _one("neg_num", ["CS01", None, -3, 10], column="C"),
        "negative",
        r"numerator is negative",
    ),
    ErrorCase(
        "numerator-over-denominator",
        _one("num_over_den", ["CS01", None, 30, 20], column="C"),
        "numerator-over-denominator",
        r"numerator \(30\) is larger than the denominator \(20\)",
    ),
    ErrorCase(
        "numerator-over-denominator-with-value",
        _one("num_over_den_value", ["CS01", 0.5, 30, 20], column="C"),
        "numerator-over-denominator",
        r"numerator \(30\) is larger than the denominator \(20\)",
    ),
    ErrorCase(
        "zero-denominator", _one("zero_den", ["CS01", None, 0, 0], column="D"), "zero-denominator", r"denominator is 0"
    ),
    ErrorCase("percent-text-150", _one("pct150", ["CS01", "150%"]), "percent-out-of-range", r"150% is outside 0–100%"),
    ErrorCase(
        "percent-format-1.7", _one("pct170", ["CS01", Pct(1.7)]), "percent-out-of-range", r"170% is outside 0–100%"
    ),
    ErrorCase("whole-percent-150", _one("whole150", ["CS01", 150]), "percent-out-of-range", r"150% is outside 0–100%"),
    ErrorCase("negative-percent", _one("pct_neg", ["CS01", "-5%"]), "percent-out-of-range", r"-5% is outside 0–100%"),
    ErrorCase(
        "duplicate-two-sheets", _duplicate_sheets, "duplicate", r"CS13 for Sep 2016 is given twice.*6 here and 5 at "
    ),
    ErrorCase(
        "duplicate-two-files", _duplicate_files, "duplicate", r"CS13 for Sep 2016 is given twice.*6 here and 5 at "
    ),
    ErrorCase("month-cannot-be-told", _no_month, "no-month", r"cannot tell which month"),
    ErrorCase("error-under-offset-header", _offset_header, "text-in-value", r"text 'lots'"),
    ErrorCase("error-in-hidden-sheet", _hidden_sheet, "excel-error", r"Excel error #DIV/0!"),
    ErrorCase("negative-in-wide-sheet", _wide, "negative", r"negative \(-3\).*\bcount\b"),
    ErrorCase("prose-in-long-csv", _csv_prose, "text-in-value", r"text 'lots'"),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_input_error_has_its_code_and_cell(case: ErrorCase, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    inputs, where = case.make(folder)
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.prepare(inputs, period=PERIOD)
    assert caught.value.codes == [case.code]
    problem = caught.value.problems[0]
    assert problem.location == where
    assert problem.severity is Severity.ERROR
    assert re.search(case.what, problem.message), problem.message
    if case.id.startswith("duplicate"):
        assert f"{inputs[0]} Sep 2016!B2" in problem.message, "the message must name both places"


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.id for c in ERROR_CASES])
def test_input_error_is_one_line_naming_the_cell(case: ErrorCase, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    inputs, where = case.make(folder)
    before = {p: sha256(p) for p in inputs}
    out = tmp_path / "out" / "appendix1.xlsx"
    out.parent.mkdir()

    code, stdout, stderr = run_cli(["build", *inputs, "-o", out])

    assert code == 2, stderr
    assert "Traceback" not in stdout + stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{stderr}"
    assert lines[0].startswith(f"error: {where}: "), f"does not name {where}:\n{lines[0]}"
    assert not out.exists()
    assert list(out.parent.iterdir()) == []
    assert {p: sha256(p) for p in inputs} == before


# --- accepted values -------------------------------------------------------------------------------------------


def _row(scorecard: scorecard_xl.Scorecard, measure_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in scorecard.rows if r.measure.id == measure_id)


def _figure(scorecard: scorecard_xl.Scorecard, measure_id: str, month: str = PERIOD):  # type: ignore[no-untyped-def]
    column = [m.iso for m in scorecard.columns].index(month)
    return _row(scorecard, measure_id).figures[column]


ACCEPTED = [
    ("count-number", "CS13", [1241], 1241.0),
    ("count-text-thousands", "CS13", ["1,241"], 1241.0),
    ("count-text-spaces", "CS13", [" 71 "], 71.0),
    ("count-formula-cached", "CS13", [Formula("=1000+241", 1241)], 1241.0),
    ("rate-text-decimal", "CS17", ["52.1"], 52.1),
    ("percent-text", "CS01", ["71%"], 0.71),
    ("percent-text-spaced", "CS01", [" 71 % "], 0.71),
    ("percent-format", "CS01", [Pct(0.71)], 0.71),
    ("percent-format-decimal", "CS01", [Pct(0.705, "0.0%")], 0.705),
    ("percent-whole", "CS01", [71], 0.71),
    ("percent-whole-text", "CS01", [" 71 "], 0.71),
    ("percent-fraction", "CS01", [0.71], 0.71),
    ("percent-fraction-one", "CS01", [1], 1.0),
    ("percent-formula-cached", "CS01", [Formula("=0.5+0.21", 0.71)], 0.71),
    ("numerator-denominator", "CS01", [None, 71, 100], 0.71),
    ("numerator-denominator-text", "CS01", ["-", "71", "100"], 0.71),
    ("numerator-denominator-agree", "CS01", [0.71, 71, 100], 0.71),
]


def _build_ok(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "built.xlsx"
    code, stdout, stderr = run_cli(["build", path, "--period", PERIOD, "-o", out])
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    assert out.stat().st_size > 0


@pytest.mark.parametrize(("measure_id", "cells", "expected"), [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_accepted_value(measure_id: str, cells: list, expected: float, tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "extract.xlsx", [[measure_id, *cells]])
    before = sha256(path)
    scorecard = scorecard_xl.prepare([path], period=PERIOD)
    figure = _figure(scorecard, measure_id)
    assert figure.value == pytest.approx(expected, rel=1e-12)
    assert not figure.suppressed
    _build_ok(path, tmp_path)
    assert sha256(path) == before


def test_accepted_percent_measure_is_rated(tmp_path: Path) -> None:
    # CS01: high is good, target 60%: 71% is Green, 55% (within 10% of target) Amber, 40% Red.
    for value, rag in ((Pct(0.71), Rag.GREEN), ("55%", Rag.AMBER), (40, Rag.RED)):
        path = month_workbook(tmp_path / "extract.xlsx", [["CS01", value]])
        assert _row(scorecard_xl.prepare([path], period=PERIOD), "CS01").rag is rag


def test_whole_percents_on_one_sheet_and_fractions_on_another_are_two_scales(tmp_path: Path) -> None:
    # SPEC §3.3: the scale is decided per measure from all its figures; CS01 is 71 in June and 0.7 in September,
    # which is an error naming both cells (it used to be decided per sheet, silently).
    path = write_workbook(
        tmp_path / "two_months.xlsx",
        [
            SheetSpec("Jun 2016", [["CS01", 71], ["CS02", 1]]),
            SheetSpec("Sep 2016", [["CS01", 0.7], ["CS02", 0.5]]),
        ],
    )
    with pytest.raises(InputError) as caught:
        scorecard_xl.prepare([path], period=PERIOD)
    two = [p for p in caught.value.problems if p.code == "two-scales"]
    assert [p.location.sheet for p in two] == ["Sep 2016"]
    assert "Jun 2016!" in two[0].message and "Sep 2016!" in two[0].message


def test_percent_format_is_unambiguous_on_a_whole_percent_sheet(tmp_path: Path) -> None:
    # 71 makes the sheet's plain numbers whole percents; the %-formatted 0.5 and the `40%` text stay as written.
    path = month_workbook(tmp_path / "mixed.xlsx", [["CS01", 71], ["CS02", Pct(0.5)], ["CS03", "40%"]])
    scorecard = scorecard_xl.prepare([path], period=PERIOD)
    assert _figure(scorecard, "CS01").value == pytest.approx(0.71)
    assert _figure(scorecard, "CS02").value == pytest.approx(0.5)
    assert _figure(scorecard, "CS03").value == pytest.approx(0.4)


def test_month_from_period_cell_and_hidden_sheet_warning(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "period.xlsx",
        [
            SheetSpec("Figures", [["CS13", 5]], period="Sep 2016", header_row=3),
            SheetSpec("Aug 2016", [["CS13", 4]], hidden=True),
        ],
    )
    scorecard = scorecard_xl.prepare([path], period=PERIOD)
    assert _figure(scorecard, "CS13").value == 5.0
    hidden = [w.location for w in scorecard.warnings if w.code == "hidden-sheet"]
    assert hidden == [Location(file=str(path), sheet="Aug 2016")]


MISSING = ["", "-", "n/a", "na", "..", "N/A", "NA"]
MISSING += ["x", "[x]", "X", "z", ".", "[z]"]  # GSS: `x` not available, `z` and `.` not applicable
SUPPRESSED = ["*", "c", "[c]", "<5", "C", "[C]"]


@pytest.mark.parametrize("marker", [None, *MISSING], ids=["blank", *[repr(m) for m in MISSING]])
def test_missing_marker(marker: str | None, tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "extract.xlsx", [["CS01", marker], ["CS13", 5]])
    scorecard = scorecard_xl.prepare([path], period=PERIOD)
    figure = _figure(scorecard, "CS01")
    assert figure.value is None
    assert not figure.suppressed
    assert figure.arrow is None
    assert _row(scorecard, "CS01").rag is None
    codes = [w.code for w in scorecard.warnings if w.location == Location(measure="CS01")]
    assert codes == ["no-figure"]
    _build_ok(path, tmp_path)


@pytest.mark.parametrize("marker", SUPPRESSED, ids=[repr(m) for m in SUPPRESSED])
def test_suppressed_marker(marker: str, tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "extract.xlsx", [["CS01", marker], ["CS13", 5]])
    scorecard = scorecard_xl.prepare([path], period=PERIOD)
    figure = _figure(scorecard, "CS01")
    assert figure.suppressed
    assert figure.value is None
    assert figure.arrow is None
    assert _row(scorecard, "CS01").rag is None  # CS01 has a target (60%): suppressed means no RAG, not Red
    codes = [w.code for w in scorecard.warnings if w.location == Location(measure="CS01")]
    assert codes == ["suppressed"]
    _build_ok(path, tmp_path)


def test_suppressed_numerator_makes_the_figure_suppressed(tmp_path: Path) -> None:
    path = month_workbook(tmp_path / "extract.xlsx", [["CS01", None, "c", 100]])
    figure = _figure(scorecard_xl.prepare([path], period=PERIOD), "CS01")
    assert figure.suppressed and figure.value is None


def test_narrative_control_characters_are_removed(tmp_path: Path) -> None:
    # SPEC §3.3: narrative is kept as written, outer spaces trimmed, control characters removed. Excel (and
    # xlsxwriter) store a control character in a shared string as the escape `_x0001_`; it must not surface
    # as those seven characters.
    path = month_workbook(tmp_path / "extract.xlsx", [["CS01", 0.71, None, None, "  Up\x01 on last\x1f month  "]])
    assert _row(scorecard_xl.prepare([path], period=PERIOD), "CS01").narrative == "Up on last month"


def test_a_measure_cell_of_thousands_of_digits_is_an_unknown_measure(tmp_path):
    """Found by hypothesis: a 30,000-digit measure cell crashed the number lookup (float → inf → int)."""
    path = month_workbook(
        tmp_path / "extract.xlsx", [["1" * 30000, 5, None, None, None], ["CS01", 0.5, None, None, None]]
    )
    scorecard = scorecard_xl.prepare([path], period="2016-09")
    unknown = [w for w in scorecard.warnings if w.code == "unknown-measure"]
    assert [w.location.cell for w in unknown] == ["A2"]  # the header is row 1; the long number is the first row


_CSV_TEXT = "Measure,Month,Value\r\nCS01,2016-09,0.61\r\nCS02,2016-09,0.57\r\n"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (_CSV_TEXT.encode("utf-16") + b"\x00", "truncated data"),
        (b"\xff\xfe" + _CSV_TEXT.encode("utf-16-le") + b"\x00\xd8A\x00", "illegal UTF-16 surrogate"),
        (_CSV_TEXT.encode("utf-32")[:-1], "truncated data"),
    ],
    ids=["utf-16-cut-short", "utf-16-lone-surrogate", "utf-32-cut-short"],
)
@pytest.mark.parametrize("command", ["build", "new-extract"])
def test_a_csv_that_cannot_be_decoded_is_one_error_line(tmp_path: Path, data: bytes, why: str, command: str) -> None:
    path = tmp_path / "kpis.csv"
    path.write_bytes(data)
    out = tmp_path / "out.xlsx"
    argv = ["build", path, "-o", out] if command == "build" else ["new-extract", "--period", "2016-10", "-o", out]
    code, _, err = run_cli([*argv, "--from", path] if command == "new-extract" else argv)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith(f"error: {path}: the text cannot be decoded"), err
    assert why in err and "save it again as UTF-8 CSV" in err
    assert not out.exists() and path.read_bytes() == data


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_a_utf32_csv_is_read_by_its_byte_order_mark(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "kpis.csv"
    path.write_bytes(_CSV_TEXT.encode(codec) if codec == "utf-32" else b"\x00\x00\xfe\xff" + _CSV_TEXT.encode(codec))
    scorecard = scorecard_xl.prepare([path], period=PERIOD)
    assert _figure(scorecard, "CS01").value == pytest.approx(0.61)
    assert _figure(scorecard, "CS02").value == pytest.approx(0.57)
