"""The streamed sheet scan: an empty date-styled cell borrows nothing from the cell after it, and a sheet part
holding more than a megabyte of text with no markup stays refused."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.read.files.sheet_scan import SheetScan
from scorecard_xl.read.files.zip_parts import CHUNK
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .support.zips import basic_rows, raw_workbook, sheet_xml

DATE_STYLE = {1: (False, True)}  # style 1: a date format
ROW = b'<row r="2"><c r="A2" t="inlineStr"><is><t>M1</t></is></c><c r="C2" s="1"/><c r="D2"><v>%s</v></c></row>'
SLOW_ROW = (  # prefixed: the token-by-token path, inside its sheetData as in a real sheet
    b'<x:sheetData><x:row r="2"><x:c r="C2" s="1"/><x:c r="D2"><x:v>%s</x:v></x:c></x:row></x:sheetData>'
)


@pytest.mark.parametrize("row", [ROW, SLOW_ROW], ids=["fast path", "slow path"])
@pytest.mark.parametrize("number", [b"5000000000000", b"-1e12", b"1e20"])
def test_an_empty_date_cell_does_not_borrow_the_next_cells_large_number(row: bytes, number: bytes) -> None:
    scan = SheetScan(DATE_STYLE)
    scan.feed(row % number)
    assert scan.bad_dates == {}
    assert scan.styled == {(2, 3): (False, True)}
    assert (scan.max_row, scan.max_column) == (2, 4)


@pytest.mark.parametrize("row", [ROW, SLOW_ROW], ids=["fast path", "slow path"])
def test_the_large_number_itself_date_styled_is_a_bad_date_at_its_own_cell(row: bytes) -> None:
    scan = SheetScan({**DATE_STYLE, 2: (False, True)})
    styled = row.replace(b'<c r="D2">', b'<c r="D2" s="2">').replace(b'<x:c r="D2">', b'<x:c r="D2" s="2">')
    scan.feed(styled % b"5000000000000")
    assert scan.bad_dates == {(2, 4): "5000000000000"}


@pytest.mark.parametrize("row", [ROW, SLOW_ROW], ids=["fast path", "slow path"])
def test_a_large_number_styled_as_a_percent_is_no_bad_date(row: bytes) -> None:
    scan = SheetScan({1: (False, True), 2: (True, False)})
    styled = row.replace(b'<c r="D2">', b'<c r="D2" s="2">').replace(b'<x:c r="D2">', b'<x:c r="D2" s="2">')
    scan.feed(styled % b"5000000000000")
    assert scan.bad_dates == {}
    assert scan.styled[(2, 4)] == (True, False)


@pytest.mark.parametrize("number", [b"999999999", b"-0.02", b"45000"])
def test_a_date_styled_number_a_date_can_be_is_not_marked(number: bytes) -> None:
    scan = SheetScan(DATE_STYLE)
    scan.feed(b'<row r="2"><c r="C2" s="1"><v>%s</v></c></row>' % number)
    assert scan.bad_dates == {}
    scan.feed(b'<row r="3"><c r="C3" s="1"><v>1000000000</v></c></row>')
    assert scan.bad_dates == {(3, 3): "1000000000"}


def _template() -> scorecard_xl.Template:
    return parse_template(
        one_theme("{id: CS01, number: 1, title: Count, good_to_be: high, unit: count, target: 1}"), "t.yaml", "t"
    )


@pytest.mark.parametrize(
    ("length", "inside"),
    [(CHUNK + 1, False), (2 * CHUNK + 5, False), (2 * CHUNK + 5, True)],
    ids=["a part of text only, just over a megabyte", "a part of two megabytes of text", "two megabytes in sheetData"],
)
def test_a_megabyte_of_text_without_markup_is_refused(tmp_path: Path, length: int, inside: bool) -> None:
    noise = random.Random(0)  # text that does not compress, so the part passes the compression-ratio bound
    filler = "".join(noise.choice(string.ascii_letters) for _ in range(length))
    sheet = sheet_xml(basic_rows()).replace("<sheetData>", f"<sheetData>{filler} ", 1) if inside else filler
    path = raw_workbook(tmp_path / "big.xlsx", sheet=sheet)
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts([path], _template())
    assert "big.xlsx" in str(caught.value)
    assert [p.code for p in caught.value.problems] == ["corrupt"]


def test_the_same_sheet_with_markup_through_it_is_read(tmp_path: Path) -> None:
    rows = basic_rows()
    filler = "".join(
        f'<row r="{r}"><c r="Z{r}" t="inlineStr"><is><t>{"y" * 200}</t></is></c></row>' for r in range(3, 9000)
    )
    text = sheet_xml(rows).replace("</sheetData>", filler + "</sheetData>")
    assert len(text) > 2 * CHUNK
    path = raw_workbook(tmp_path / "long.xlsx", sheet=text)
    result = scorecard_xl.read_extracts([path], _template())
    assert [o.value for o in result.observations if o.measure_id == "CS01"] == [0.71]


@pytest.mark.parametrize("prefix", [b"", b"x:"], ids=["fast path", "slow path"])
def test_the_extent_is_the_last_row_and_column_in_a_chunk_not_the_first(prefix: bytes) -> None:
    scan = SheetScan({})
    rows = b"".join(
        b'<%srow r="%d"><%sc r="%s%d"><%sv>1</%sv></%sc></%srow>'
        % (prefix, r, prefix, col, r, prefix, prefix, prefix, prefix)
        for r, col in ((2, b"B"), (7, b"E"), (4, b"C"))
    )
    scan.feed(rows)
    assert (scan.max_row, scan.max_column, scan.cells) == (7, 5, 3)
