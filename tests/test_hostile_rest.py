"""Damage the fast readings passed over: an attribute given twice in a sheet's tag, a row without its `</row>`,
a second root element (none of them well-formed XML), and a CSV row split by a stray line break.

Each sheet case is a workbook written by xlsxwriter with one change, read as Excel writes it and with line breaks
between rows (the fast scan and the token-by-token one); each CSV case is a small long-shape CSV with one change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .test_hostile_xml import SPACINGS, _read, _refused, _replace, _workbook


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize(
    ("old", "new", "cell"),
    [
        (b'<c r="B1" t="s">', b'<c t="s" t="n" r="B1">', "B1"),
        (b'<c r="B1" t="s">', b'<c r="B1" t="s" t="s">', "B1"),
        (b'<c r="B2">', b'<c r="B2" s="0" s="1">', "B2"),
        (b'<c r="B2">', b'<c r="B2" r="C2">', "B2"),
        (b'<c r="B2">', b'<c r="B2" s="0" t="n" cm="1" s="1">', "B2"),
        (b'<row r="2" spans="1:5">', b'<row r="2" spans="1:5" r="3">', None),
        (b'<row r="2" spans="1:5">', b'<row r="2" spans="1:5" hidden="0" spans="1:6">', None),
    ],
    ids=["header cell, first", "header cell, after r", "value cell", "r twice", "long tag", "row r", "row spans"],
)
def test_an_attribute_given_twice_damages_the_sheet(
    tmp_path: Path, old: bytes, new: bytes, cell: str | None, spacing: str
) -> None:
    """A tag holding an attribute twice is not XML: which one a reader keeps is its own choice (a header cell's
    could be lost, and the figures under it with no word); the sheet is damaged, at the cell where one is named."""
    problems = _refused(_workbook(tmp_path, _replace(old, new), spacing))
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", cell)]
    assert "given twice" in problems[0].message and "damaged" in problems[0].message


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize(
    "change",
    [
        _replace(b'</c></row><row r="2"', b'</c><row r="2"'),
        _replace(b"</worksheet>", b"</worksheet><worksheet/>"),
        _replace(b"</worksheet>", b"</worksheet>\n<worksheet><sheetData/></worksheet>"),
    ],
    ids=["</row> lost", "a second root", "a second root after a line break"],
)
def test_a_sheet_that_is_not_one_xml_element_tree_is_damaged(
    tmp_path: Path, change: Callable[[bytes], bytes], spacing: str
) -> None:
    problems = _refused(_workbook(tmp_path, change, spacing))
    assert [(p.code, p.location.sheet) for p in problems] == [("corrupt", "Sep 2016")]


@pytest.mark.parametrize("spacing", SPACINGS)
def test_attributes_once_each_and_white_space_after_the_root_read_as_ever(tmp_path: Path, spacing: str) -> None:
    """Not refused: a cell with its usual attributes in another order, a row with many, a line break at the end."""

    def change(data: bytes) -> bytes:
        data = data.replace(b'<c r="B2">', b'<c r="B2" s="0" t="n" cm="1">')
        data = data.replace(b'<row r="2" spans="1:5">', b'<row r="2" spans="1:5" ht="15" customHeight="1">')
        return data.replace(b"</worksheet>", b"</worksheet>\r\n")

    observations = _read(_workbook(tmp_path, change, spacing))
    assert [(o.measure_id, o.value) for o in observations] == [("M1", 109.0)]


CSV_MEASURES = (
    "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}",
    "{id: M2, number: 2, title: Other count, good_to_be: high, unit: count, target: 10}",
)
CSV_HEADER = "Measure,Month,Value,Numerator,Denominator,Narrative"
CSV_ROWS = ["M1,2016-09,38.4,,,Rose", "M2,2016-09,86,,,", "M1,2016-08,40,,,"]


def _csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "kpis.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _csv_template() -> scorecard_xl.Template:
    return parse_template(one_theme(*CSV_MEASURES), "t.yaml", "t")


@pytest.mark.parametrize(
    ("rows", "cell", "fields"),
    [
        (["M1,2016-09,3", "8.4,,,Rose", *CSV_ROWS[1:]], "C2", "3 fields"),
        ([CSV_ROWS[0], "M2,2016-09", ",86,,,", CSV_ROWS[2]], "B3", "2 fields"),
        ([*CSV_ROWS[:2], "M1,2016-08,40,,,,,7"], "H4", "a value past field 6"),
    ],
    ids=["a line break in 38.4", "a line break after the month", "a stray field"],
)
def test_a_csv_row_of_another_width_is_refused_at_its_line(
    tmp_path: Path, rows: list[str], cell: str, fields: str
) -> None:
    """A row split by a line break in a field was read as two rows (38.4 read as 3, its row's rest dropped) with
    no word; a row whose number of fields differs from the others' is an error naming its line."""
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts([_csv(tmp_path, [CSV_HEADER, *rows])], _csv_template())
    problems = list(caught.value.problems)
    assert [(p.code, Path(p.location.file or "").name, p.location.cell) for p in problems] == [
        ("bad-csv", "kpis.csv", cell)
    ]
    line = int(cell[1:])
    assert f"line (row) {line} has {fields} where its other rows have 6" in problems[0].message


def test_csv_titles_padding_and_empty_rows_are_read_as_ever(tmp_path: Path) -> None:
    """Not refused: a title line above the header, empty trailing fields, empty rows and blank lines."""
    lines = ["Council KPIs", "", CSV_HEADER, CSV_ROWS[0] + ",,", ",,,,,", CSV_ROWS[1], "", CSV_ROWS[2]]
    read = scorecard_xl.read_extracts([_csv(tmp_path, lines)], _csv_template())
    assert sorted((o.measure_id, o.month.iso, o.value) for o in read.observations) == [
        ("M1", "2016-08", 40.0),
        ("M1", "2016-09", 38.4),
        ("M2", "2016-09", 86.0),
    ]


def test_a_csv_row_with_figures_and_no_measure_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    """Its figures are not placed, and the warning names the row's measure cell (as it did before)."""
    read = scorecard_xl.read_extracts([_csv(tmp_path, [CSV_HEADER, *CSV_ROWS, ",2016-07,55,,,"])], _csv_template())
    assert ("M1", "2016-07") not in {(o.measure_id, o.month.iso) for o in read.observations}
    assert [(w.code, Path(w.location.file or "").name, w.location.cell) for w in read.warnings] == [
        ("unknown-measure", "kpis.csv", "A5")
    ]
