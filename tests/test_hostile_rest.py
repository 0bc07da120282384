"""Damage the fast readings passed over: an attribute given twice in a sheet's tag, a row without its `</row>`,
a second root element (none of them well-formed XML), and a CSV row split by a stray line break.

Each sheet case is a workbook written by xlsxwriter with one change, read as Excel writes it and with line breaks
between rows (the fast scan and the token-by-token one); each CSV case is a small long-shape CSV with one change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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
