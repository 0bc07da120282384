"""Facts about the built sample workbook, read back with openpyxl: sheets, print setup, formats, accessibility."""

from __future__ import annotations

import hashlib
import re
import zipfile

import openpyxl
import pytest

from scorecard_xl import __version__
from scorecard_xl.model.months import MONTH_ABBR

from .conftest import SAMPLE
from .support.readback import read_appendix

RAG_TEXT = re.compile(r"^(★ Green|● Amber|■ Red|□ Monitor|None)$")


@pytest.fixture(scope="module")
def book(sample_build):
    return openpyxl.load_workbook(sample_build.path)


@pytest.fixture(scope="module")
def appendix(sample_build):
    return read_appendix(sample_build.path)


def _luminance(argb: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    rgb = argb[-6:]
    r, g, b = (channel(rgb[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours given as (A)RGB hex."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_function_is_right():
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_sheets_titles_and_properties(book):
    assert book.sheetnames == ["Appendix 1", "Summary", "Data", "About", "Chart data"]
    assert [ws.sheet_state for ws in book.worksheets] == ["visible"] * 4 + ["hidden"]
    for ws in book.worksheets:
        assert isinstance(ws["A1"].value, str) and ws["A1"].value.strip(), ws.title
        assert not ws.merged_cells.ranges, f"merged cells on {ws.title}"
    assert book["Appendix 1"]["A1"].value == "Appendix 1"
    props = book.properties
    assert props.title == "Appendix 1: Children's Services Portfolio - Cllr. Lin Hazell"
    assert props.subject == "Performance scorecard to Sep 2016"
    assert props.creator == "Children's Services Performance Team"


def test_every_text_and_fill_pair_has_contrast(book):
    pairs = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                font = (
                    cell.font.color.rgb
                    if cell.font and cell.font.color and cell.font.color.type == "rgb"
                    else "FF000000"
                )
                fill = "FFFFFFFF"
                if cell.fill and cell.fill.fill_type == "solid":
                    fill = cell.fill.fgColor.rgb
                pairs.add((font, fill))
    for dxf in book._differential_styles.dxf:
        pairs.add((dxf.font.color.rgb, dxf.fill.bgColor.rgb or dxf.fill.fgColor.rgb))
    assert len(pairs) >= 8
    for font, fill in pairs:
        assert contrast(font, fill) >= 4.5, (font, fill)


def test_rag_is_glyph_and_word_coloured_by_conditional_format(book, appendix):
    _, headers, rows = appendix
    for r in rows:
        rag = r.cells["Latest performance (RAG)"]
        if rag is not None:
            assert RAG_TEXT.match(rag), rag
    ws = book["Appendix 1"]
    rag_col = openpyxl.utils.get_column_letter(headers.index("Latest performance (RAG)") + 1)
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules[rule.text] = str(cf.sqref)
    assert set(rules) == {"Green", "Amber", "Red"}
    first, last = rows[0].row, rows[-1].row
    assert all(ref == f"{rag_col}{first}:{rag_col}{last}" for ref in rules.values())


def test_figures_are_numbers_with_formats(appendix):
    _, _, rows = appendix
    numbers = 0
    for r in rows:
        for figure in r.figures.values():
            assert figure.value is None or isinstance(figure.value, (int, float)) or figure.value == "*"
            if isinstance(figure.value, (int, float)):
                numbers += 1
                assert re.fullmatch(r'("[↑↓→] ")?(0(\.0+)?%|#,##0(\.0+)?)', figure.number_format), figure.number_format
    assert numbers == 103


def test_print_setup(book, appendix):
    ws = book["Appendix 1"]
    _, _, rows = appendix
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.print_title_rows == "$4:$4"
    assert "Appendix 1" in ws.oddHeader.center.text
    assert ws.oddFooter.center.text == "Page &P of &N"
    assert ws.print_area is not None
    scale = ws.page_setup.scale
    assert 40 <= scale <= 100
    theme_rows = {r.row for r in rows if r.kind in ("Outcome", "Theme")}
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "page breaks between themes"
    for b in breaks:  # openpyxl gives the row after which the page breaks
        assert b + 1 in theme_rows


def test_row_heights_fit_wrapped_narrative(book, appendix):
    ws = book["Appendix 1"]
    _, _, rows = appendix
    cs06 = next(r for r in rows if r.kind == "Measure" and r.cells["No."] == 6)
    narrative = cs06.cells["Narrative"]
    assert len(narrative) > 250
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(len(cs06.cells))].width
    lines = -(-len(narrative) // int(width))
    assert ws.row_dimensions[cs06.row].height >= lines * 12.75


def test_key_explains_symbols_arrows_and_tolerance(book):
    ws = book["Appendix 1"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for symbol in ("★ Green", "● Amber", "■ Red", "□ Monitor", "↑ ↓ →"):
        assert symbol in text
    assert "10% of target" in text
    assert "previous month" in text and "same month a year earlier" in text


def test_summary_lists_rags_and_red_exceptions(book, sample_build):
    ws = book["Summary"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    names = [row[1] for row in values if row[0] in ("Outcome", "Theme")]
    assert names[0] == "Vulnerable children are safe and protected from harm"
    assert len(names) == 8
    reds = [r.measure.number for r in sample_build.scorecard.rows if r.rag and r.rag.word == "Red"]
    listed = [row[0] for row in values if isinstance(row[0], int)]
    assert listed == reds and len(reds) == 10


def _extract_figures() -> dict[tuple[str, str], float | None]:
    """(measure id, month label) → the figure as the sample extract's own cells give it, read with openpyxl:
    the Value cell when it is a number, else Numerator ÷ Denominator, else None (blank or a marker)."""
    wb = openpyxl.load_workbook(SAMPLE, read_only=True)
    figures: dict[tuple[str, str], float | None] = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        header = next(i for i, r in enumerate(rows) if r and r[0] == "Measure ID")
        assert rows[header][2:5] == ("Value", "Numerator", "Denominator"), ws.title
        for measure_id, _, value, numerator, denominator, *_ in rows[header + 1 :]:
            if not measure_id:
                continue
            if isinstance(value, int | float):
                figures[(measure_id, ws.title)] = float(value)
            elif isinstance(numerator, int | float) and isinstance(denominator, int | float):
                figures[(measure_id, ws.title)] = numerator / denominator
            else:
                figures[(measure_id, ws.title)] = None
    wb.close()
    return figures


def test_data_sheet_holds_every_monthly_figure(book):
    """Every figure of the Data sheet is the extract's own cell for that measure and month (read independently
    of the package, with openpyxl), and a month the extract leaves blank is blank."""
    ws = book["Data"]
    header = [c.value for c in ws[3]]
    assert header[:4] == ["ID", "No.", "Measure", "Unit"]
    assert header[4] == "Apr 2015" and header[-1] == "Sep 2016"
    extract = _extract_figures()
    assert len({month for _, month in extract}) == 18
    checked = 0
    for r in range(4, ws.max_row + 1):
        measure_id = ws.cell(r, 1).value
        for c, month in enumerate(header[4:], start=5):
            cell = ws.cell(r, c).value
            expected = extract.get((measure_id, month))
            if expected is None:
                assert cell is None or isinstance(cell, str), (measure_id, month, cell)  # blank, or `*` suppressed
            else:
                assert cell == pytest.approx(expected, rel=1e-12), (measure_id, month)
                checked += 1
    assert checked == 35 * 18 - 2 * 12  # CS22 and CS23 start in April 2016


def test_about_records_inputs_rules_and_version(book):
    ws = book["About"]
    pairs = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(1, ws.max_row + 1)]
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert any(k == "Input" and digest in v for k, v in pairs)
    assert ("Built by", f"scorecard-xl {__version__}") in pairs
    assert ("Report month", "Sep 2016") in pairs
    assert ("Tolerance", "10% of target") in pairs


def test_no_macros_no_external_links_no_clock(sample_build):
    with zipfile.ZipFile(sample_build.path) as z:
        names = z.namelist()
        core = z.read("docProps/core.xml").decode()
    assert not any("vbaProject" in n or "externalLink" in n for n in names)
    assert "2016-10-01T00:00:00Z" in core  # created: derived from the period, never the clock


def _month_of(data, col: int) -> int:
    """The calendar month (1-12) of the Data sheet's column `col`, from its header (`Sep 2015`)."""
    return MONTH_ABBR.index(data.cell(3, col).value[:3]) + 1


def test_trend_charts_sit_in_their_cell_and_read_the_last_13_months_of_chart_data(book, appendix):
    _, headers, rows = appendix
    trend = headers.index("Trend (13 months)")  # zero-based, as chart anchors count
    charts = book["Appendix 1"]._charts
    available = [r for r in rows if r.kind == "Measure" and r.cells["Data period"] != "Data currently unavailable"]
    assert len(charts) == len(available) == 35
    by_row = {}
    for chart in charts:
        start, end = chart.anchor._from, chart.anchor.to
        assert (start.col, start.row) == (end.col, end.row) == (trend, start.row)  # inside its own Trend cell
        by_row[start.row + 1] = chart
    data, chart_data = book["Data"], book["Chart data"]
    for r in available:
        ref = by_row[r.row].series[0].val.numRef.f
        match = re.fullmatch(r"'Chart data'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
        assert match, ref
        first_col, first_row, last_col, last_row = match.groups()
        assert first_row == last_row and (first_col, last_col) == ("J", "V")  # Sep 2015 … Sep 2016: 13 months
        assert data[f"B{first_row}"].value == r.cells["No."]  # the measure's own Data row
        for col in range(10, 23):  # numbers or blanks only: a text cell would plot as 0
            value = chart_data.cell(int(first_row), col).value
            shown = data.cell(int(first_row), col).value
            if r.cells["No."] == 37:  # adoptions, summed from April: the chart draws the year to date, as shown
                april = col - (_month_of(data, col) - 4) % 12  # the column of April of its financial year
                shown = sum(data.cell(int(first_row), c).value for c in range(april, col + 1))
            assert value == (shown if isinstance(shown, (int, float)) else None)
    adoptions = next(r for r in available if r.cells["No."] == 37)
    assert adoptions.cells["Sep 2016"] == 20  # and the chart's last point is the figure the column shows
