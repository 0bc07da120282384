"""A figure is the same however the sheet's XML spells it, or the sheet is refused as damaged, naming the cell.

python-calamine 0.9.1 reads only the first text piece of a value (`<v>1&#48;9</v>` is 109, read as 1), passes
over an element it does not know in a row and the value in it, keeps the last of a cell given twice, and aborts
the process on a shared-strings part declaring 99,999,999,999 strings. Each case is a workbook written by
xlsxwriter and one spelling changed; each is read as Excel writes it and with line breaks between rows (the
fast scan and the token-by-token one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .support.workbooks import month_sheets
from .support.zips import NS_MAIN, raw_workbook, rewrite_zip, sheet_xml
from .test_bombs import run_capped

COUNT = "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}"
SPACINGS = ["as Excel writes it", "with line breaks"]
NARRATIVE = "Rose sharply"


def _template() -> scorecard_xl.Template:
    return parse_template(one_theme(COUNT), "t.yaml", "t")


def _workbook(tmp_path: Path, change: Callable[[bytes], bytes], spacing: str, part: str = "sheet1") -> Path:
    """M1 = 109 in B2 of `Sep 2016`, its narrative in E2, then `change` made to the sheet (or shared strings)."""
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["M1", 109, None, None, NARRATIVE]]})
    name = "xl/sharedStrings.xml" if part == "sharedStrings" else f"xl/worksheets/{part}.xml"

    def rewrite(entry: str, data: bytes) -> bytes:
        if entry != name:
            return data
        changed = change(data)
        assert changed != data, "the change found nothing to change"
        return changed.replace(b"<row ", b"\n<row ") if spacing == "with line breaks" else changed

    return rewrite_zip(path, rewrite)


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(old, new)


def _read(path: Path) -> list[scorecard_xl.Observation]:
    return list(scorecard_xl.read_extracts([path], _template()).observations)


def _refused(path: Path) -> list[scorecard_xl.Problem]:
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts([path], _template())
    return list(caught.value.problems)


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize(
    "value",
    [b"1&#48;9", b"1&#x30;9", b"10<!-- -->9", b"10<![CDATA[9]]>", b"10<?pi x?>9", b"109&amp;", b"&#49;09"],
    ids=["decimal reference", "hex reference", "comment", "CDATA", "processing instruction", "entity", "first"],
)
def test_a_value_split_into_pieces_is_refused_at_its_cell(tmp_path: Path, value: bytes, spacing: str) -> None:
    """109 spelt in pieces was read as its first piece (1, or 10) with no word; now the sheet is damaged at B2."""
    path = _workbook(tmp_path, _replace(b"<v>109</v>", b"<v>" + value + b"</v>"), spacing)
    problems = _refused(path)
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", "B2")]
    assert "damaged" in problems[0].message and problems[0].hint == "re-save the workbook in Excel"


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize(
    "value", [b" 109 ", b"1.09E2", b"1.09e+2", b"+109", b"00109", b"109.0"], ids=lambda v: v.decode()
)
def test_other_spellings_of_a_number_keep_their_figure(tmp_path: Path, value: bytes, spacing: str) -> None:
    path = _workbook(tmp_path, _replace(b"<v>109</v>", b"<v>" + value + b"</v>"), spacing)
    assert [o.value for o in _read(path)] == [109]


@pytest.mark.parametrize("spacing", SPACINGS)
def test_attribute_order_and_quoting_keep_the_figure(tmp_path: Path, spacing: str) -> None:
    path = _workbook(tmp_path, _replace(b'<c r="B2"><v>109</v>', b"<c t='n'  r='B2' ><v>109</v>"), spacing)
    assert [o.value for o in _read(path)] == [109]


INLINE = b'<c r="E2" t="inlineStr"><is><t>Rose &#34;sharply&#x22; &amp; fell</t></is></c>'
FORMULA = (
    b'<c r="E2" t="str"><f>"Rose &#34;sharply&#34;"&amp;" &amp; fell"</f><v>Rose &#34;sharply&#34; &amp; fell</v></c>'
)


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize("cell", [INLINE, FORMULA], ids=["inline string", "formula's text"])
def test_text_with_entities_and_character_references_is_read_whole(tmp_path: Path, cell: bytes, spacing: str) -> None:
    """Text is decoded whole by calamine (as Go's encoding/xml writes quotes, `&#34;`): the narrative is kept."""
    path = _workbook(tmp_path, lambda data: re.sub(rb'<c r="E2"[^>]*><v>[0-9]+</v></c>', cell, data), spacing)
    assert [o.narrative for o in _read(path)] == ['Rose "sharply" & fell']


@pytest.mark.parametrize(
    "spelling",
    [
        b"<t>Rose &#115;harply</t>",
        b"<t>Rose <!-- x -->sharply</t>",
        b"<t>Rose <![CDATA[sharply]]></t>",
        b"<t>Rose <?pi x?>sharply</t>",
        b'<r><t xml:space="preserve">Rose </t></r><r><rPr><b/></rPr><t xml:space="preserve">sharply</t></r>',
        b'<t>Rose sharply</t><rPh sb="0" eb="1"><t>ROSE</t></rPh>',
    ],
    ids=["reference", "comment", "CDATA", "processing instruction", "rich text", "phonetic run"],
)
def test_a_shared_string_however_spelt_is_read_whole(tmp_path: Path, spelling: bytes) -> None:
    """calamine reads a shared string whole whatever its spelling (rich text's runs joined, a phonetic reading
    left out), so the shared strings need no check of their own; this keeps it so."""
    path = _workbook(tmp_path, _replace(b"<t>Rose sharply</t>", spelling), "as Excel writes it", "sharedStrings")
    assert [o.narrative for o in _read(path)] == [NARRATIVE]


@pytest.mark.parametrize("spacing", SPACINGS)
def test_a_cell_given_twice_in_a_row_is_refused_at_the_cell(tmp_path: Path, spacing: str) -> None:
    """`r="B2"` twice: calamine kept the last (61% became 99% and the arrow flipped). Excel calls it corrupt."""
    path = _workbook(
        tmp_path, _replace(b'<c r="B2"><v>109</v></c>', b'<c r="B2"><v>109</v></c><c r="B2"><v>61</v></c>'), spacing
    )
    problems = _refused(path)
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", "B2")]
    assert "given twice" in problems[0].message


@pytest.mark.parametrize("spacing", SPACINGS)
def test_a_row_given_twice_is_refused_at_its_first_cell(tmp_path: Path, spacing: str) -> None:
    def twice(data: bytes) -> bytes:
        row = re.search(rb'<row r="2".*?</row>', data)
        assert row is not None
        return data[: row.end()] + row.group(0).replace(b"<v>109</v>", b"<v>61</v>") + data[row.end() :]

    problems = _refused(_workbook(tmp_path, twice, spacing))
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", "A2")]
    assert "given twice" in problems[0].message


@pytest.mark.parametrize("spacing", SPACINGS)
def test_a_cell_given_again_in_a_later_row_is_refused(tmp_path: Path, spacing: str) -> None:
    """B2 given again inside row 3: the rows are in order, the cells not; the value count differs from
    calamine's, and the second reading finds the cell."""

    def again(data: bytes) -> bytes:
        return data.replace(b"</row></sheetData>", b'</row><row r="3"><c r="B2"><v>61</v></c></row></sheetData>')

    problems = _refused(_workbook(tmp_path, again, spacing))
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", "B2")]


@pytest.mark.parametrize("spacing", SPACINGS)
def test_cells_and_rows_out_of_order_are_read_as_placed(tmp_path: Path, spacing: str) -> None:
    """calamine places a cell by its reference: out of order is read right, and is not refused."""

    def reorder(data: bytes) -> bytes:
        first = re.search(rb'<row r="1".*?</row>', data)
        assert first is not None
        cells = re.search(rb'(<c r="A2".*?</c>)(<c r="B2".*?</c>)', data)
        assert cells is not None
        data = data.replace(cells.group(0), cells.group(2) + cells.group(1))
        return data.replace(first.group(0), b"").replace(b"</sheetData>", first.group(0) + b"</sheetData>")

    observations = _read(_workbook(tmp_path, reorder, spacing))
    assert [(o.value, o.narrative) for o in observations] == [(109, NARRATIVE)]


@pytest.mark.parametrize("spacing", SPACINGS)
@pytest.mark.parametrize(
    ("cell", "at"),
    [
        (b'<c r="B2"><109</v></c>', "B2"),
        (b'<c r="B2"><v>109</c>', "B2"),
        (b'<cx r="B2"><v>109</v></c>', None),
        (b'< c r="B2"><v>109</v></c>', None),
        (b'<c r="B2"><v>109</v></c><', None),
        (b'<c r="B2"><v/>109</c>', "B2"),
        (b'<c r="B2" t="inlineStr"><v>109</v></c>', "B2"),
        (b'<c r="B2"><v>109</v><v>61</v></c>', "B2"),
    ],
    ids=[
        "tag cut short",
        "unclosed value",
        "misspelt cell",
        "spaced cell",
        "stray <",
        "text outside value",
        "inline string in v",
        "two values",
    ],
)
def test_malformed_xml_in_a_row_is_refused_naming_the_sheet(
    tmp_path: Path, cell: bytes, at: str | None, spacing: str
) -> None:
    """The figure calamine drops, or the file it fails on, is the sheet damaged: an error naming the sheet and,
    where the damage is inside one, the cell."""
    path = _workbook(tmp_path, _replace(b'<c r="B2"><v>109</v></c>', cell), spacing)
    problems = _refused(path)
    assert [(p.code, p.location.sheet, p.location.cell) for p in problems] == [("corrupt", "Sep 2016", at)]
    assert "damaged" in problems[0].message


def _sst(attributes: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS_MAIN}" {attributes}><si><t>CS01</t></si></sst>'


def _strings_book(path: Path, attributes: str) -> Path:
    header = [
        '<c r="A1" t="inlineStr"><is><t>Measure</t></is></c>',
        '<c r="B1" t="inlineStr"><is><t>Value</t></is></c>',
    ]
    cells = [header, ['<c r="A2" t="s"><v>0</v></c>', '<c r="B2"><v>0.71</v></c>']]
    return raw_workbook(path, sheet=sheet_xml(cells), shared_strings=_sst(attributes))


@pytest.mark.parametrize("declared", ["99999999999", "100000000", "0099999999999"])
def test_a_shared_strings_count_past_the_parts_size_is_refused_not_an_abort(tmp_path: Path, declared: str) -> None:
    """calamine reserves room for `uniqueCount` strings before reading one: 99,999,999,999 aborted the process
    (exit 134), 100,000,000 too under a 1.5 GB cap. Each is refused first; run capped, so a regression aborts a
    child, not the test run."""
    path = _strings_book(tmp_path / "x.xlsx", f'count="1" uniqueCount="{declared}"')
    got = run_capped(["build", str(path), "--period", "2016-09", "-o", str(tmp_path / "o.xlsx")], tmp_path)
    assert got.code == 2, got.stderr
    lines = got.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: the shared strings declare"), got.stderr
    assert "re-save the workbook in Excel" in lines[0]


@pytest.mark.parametrize(
    "attributes", ['count="99999999999" uniqueCount="1"', 'uniqueCount="1"', 'count="99999999999"']
)
def test_a_plausible_unique_count_and_any_count_are_read(tmp_path: Path, attributes: str) -> None:
    """`count` (how many cells use the strings) is not read by calamine; a `uniqueCount` the part can hold is
    harmless. Run capped too."""
    path = _strings_book(tmp_path / "x.xlsx", attributes)
    got = run_capped(["build", str(path), "--period", "2016-09", "-o", str(tmp_path / "o.xlsx")], tmp_path)
    assert got.code == 0, got.stderr


@pytest.mark.parametrize("spacing", SPACINGS)
def test_empty_values_and_error_values_are_no_damage(tmp_path: Path, spacing: str) -> None:
    """A formula whose saved result is '' (`<v></v>`) and an error value are given by calamine as '': the value
    count allows for them, and the figure beside them is read."""

    def blanks(data: bytes) -> bytes:
        extra = b'<c r="F2" t="str"><f>IF(1,"","x")</f><v></v></c><c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        return data.replace(b"</row></sheetData>", extra + b"</row></sheetData>")  # after E2, in row 2

    observations = _read(_workbook(tmp_path, blanks, spacing))
    assert [(o.value, o.narrative) for o in observations] == [(109, NARRATIVE)]
