"""Render a Scorecard to the Appendix 1 workbook (.xlsx); the only module that imports xlsxwriter."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from . import layout as L
from .calc import EXCEL_CELL_LIMIT
from .model import Figure, MeasureRow, Rag, Scorecard, Unit
from .xlsx import BUILT_BY

SHEET_MAIN = "Appendix 1"
SHEET_SUMMARY = "Summary"
SHEET_DATA = "Data"
SHEET_ABOUT = "About"
DATA_FIRST_MONTH_COL = 4
DATA_HEADER_ROW = 2


class FormatCache:
    """Creates each distinct format once, keyed by its properties, so the workbook stays small and stable."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def __call__(self, **props: Any) -> Format:
        base = {"font_name": L.FONT, "font_size": L.FONT_SIZE, "valign": "top"}
        base.update(props)
        key = tuple(sorted(base.items()))
        if key not in self.cache:
            self.cache[key] = self.workbook.add_format(base)
        return self.cache[key]


def _text(ws: Worksheet, row: int, col: int, text: str, fmt: Format | None = None) -> None:
    """Write `text` as a string, never a formula or a number, whatever it begins with.

    Text past Excel's cell limit is cut to fit (calc has already warned of any narrative that long).
    """
    if text:
        ws.write_string(row, col, text[:EXCEL_CELL_LIMIT], fmt)
    elif fmt is not None:
        ws.write_blank(row, col, None, fmt)


def _figure(ws: Worksheet, row: int, col: int, figure: Figure, unit: Unit, decimals: int, f: FormatCache) -> None:
    cell = {"border": 1, "align": "right"}
    if figure.suppressed:
        ws.write_string(row, col, "*", f(**cell))
    elif figure.value is None:
        ws.write_blank(row, col, None, f(**cell))
    else:
        colour = L.ARROW_COLOURS[figure.arrow] if figure.arrow else L.BLACK
        ws.write_number(
            row,
            col,
            figure.value,
            f(num_format=L.number_format(unit, decimals, figure.arrow), font_color=colour, **cell),
        )


def _appendix(wb: xlsxwriter.Workbook, sc: Scorecard, f: FormatCache, data_rows: dict[str, int]) -> None:
    ws = wb.add_worksheet(SHEET_MAIN)
    cols = L.columns(sc)
    at = {c.key: i for i, c in enumerate(cols)}
    last_col = len(cols) - 1
    for i, c in enumerate(cols):
        ws.set_column(i, i, c.width)
    tpl = sc.template
    _text(ws, 0, 0, tpl.title, f(bold=True, font_size=16))
    ws.set_row(0, 24)
    _text(ws, 1, 0, tpl.portfolio, f(bold=True, font_size=12))
    ws.set_row(1, 18)
    _text(ws, 2, 0, f"Performance to {sc.period.label}", f(italic=True))
    header = f(bold=True, font_color=L.WHITE, bg_color=L.HEADER_FILL, text_wrap=True, border=1, valign="vcenter")
    for i, c in enumerate(cols):
        _text(ws, L.HEADER_ROW, i, c.header, header)
    ws.set_row(L.HEADER_ROW, 3 * L.LINE_HEIGHT + 4)
    ws.repeat_rows(L.HEADER_ROW)
    ws.freeze_panes(L.FIRST_ROW, 2)

    row = L.FIRST_ROW
    blocks: list[tuple[int, float]] = []
    rag_col = at["rag"]
    for outcome in sc.outcomes:
        start = row
        height = _heading(ws, row, "Outcome", outcome.name, outcome.rag, outcome.counts.text, cols, f, L.OUTCOME_FILL)
        blocks.append((start, height))
        row += 1
        for theme in outcome.themes:
            start = row
            total = _heading(ws, row, "Theme", theme.name, theme.rag, theme.counts.text, cols, f, L.THEME_FILL)
            row += 1
            for measure_row in theme.rows:
                total += _measure(ws, row, measure_row, sc, cols, at, f, data_rows)
                row += 1
            if blocks and blocks[-1][0] == start - 1:  # keep an outcome heading with its first theme
                first, outcome_height = blocks.pop()
                blocks.append((first, outcome_height + total))
            else:
                blocks.append((start, total))
    last_table_row = row - 1
    _rag_colours(wb, ws, L.FIRST_ROW, rag_col, last_table_row)
    row += 1
    _text(ws, row, at["title"], "Key", f(bold=True, font_size=11))
    row += 1
    for symbol, meaning in L.key_lines(sc):
        _text(ws, row, at["title"], symbol, f(bold=True))
        _text(ws, row, at["good"], meaning)
        row += 1
    scale = L.print_scale(cols)
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_print_scale(scale)
    ws.print_area(0, 0, row - 1, last_col)
    ws.set_h_pagebreaks(L.page_breaks(blocks, 3 * L.LINE_HEIGHT + 4, scale))
    title = f"{tpl.title} - {tpl.portfolio}" if tpl.portfolio else tpl.title
    ws.set_header(f"&C&B{_escape(title)}", {"margin": 0.3})
    ws.set_footer(f"&L{_escape(sc.period.label)}&CPage &P of &N", {"margin": 0.3})


def _escape(text: str, room: int = 200) -> str:
    """Header/footer text with `&` escaped, cut to fit Excel's 255-character header limit."""
    escaped = text.replace("&", "&&")
    while len(escaped) > room:
        text = text[: len(text) - max(1, (len(escaped) - room) // 2)]
        escaped = text.rstrip().replace("&", "&&") + "…"
    return escaped


def _heading(
    ws: Worksheet,
    row: int,
    level: str,
    name: str,
    rag: Rag,
    counts: str,
    cols: Sequence[L.Column],
    f: FormatCache,
    fill: str,
) -> float:
    fmt = f(bold=True, bg_color=fill, border=1, text_wrap=True)
    for i, c in enumerate(cols):
        if c.key == "number":
            _text(ws, row, i, level, fmt)
        elif c.key == "title":
            _text(ws, row, i, name, fmt)
        elif c.key == "rag":
            _text(ws, row, i, rag.value, f(bold=True, bg_color=fill, border=1))
        elif c.key == "benchmarks":
            _text(ws, row, i, counts, f(bg_color=fill, border=1, text_wrap=True))
        else:
            ws.write_blank(row, i, None, fmt)
    height = L.row_height([(name, cols[1].width)], 18)
    ws.set_row(row, height)
    return height


def _measure(
    ws: Worksheet,
    row: int,
    r: MeasureRow,
    sc: Scorecard,
    cols: Sequence[L.Column],
    at: dict[str, int],
    f: FormatCache,
    data_rows: dict[str, int],
) -> float:
    m = r.measure
    plain = f(border=1, text_wrap=True)
    ws.write_number(row, at["number"], m.number, f(border=1, align="left"))
    _text(ws, row, at["title"], m.title, plain)
    _text(ws, row, at["good"], m.polarity.value if m.available else "", plain)
    if not m.available:
        _text(ws, row, at["period"], "Data currently unavailable", f(border=1, text_wrap=True, italic=True))
        _text(ws, row, at["target"], "", f(border=1))
    else:
        _text(ws, row, at["period"], m.period_type.value, plain)
        if m.target.monitor:
            _text(ws, row, at["target"], "Monitor", f(border=1, align="right"))
        elif r.target is None:
            _text(ws, row, at["target"], "", f(border=1))
        else:
            ws.write_number(row, at["target"], r.target, f(border=1, num_format=L.target_format(m)))
    for i, figure in enumerate(r.figures):
        _figure(ws, row, at[f"m{i}"], figure, m.unit, m.decimals, f)
    ws.write_blank(row, at["trend"], None, f(border=1))
    if m.available and m.id in data_rows and sc.data_months:
        data_row = data_rows[m.id]
        last = DATA_FIRST_MONTH_COL + len(sc.data_months) - 1
        first = max(DATA_FIRST_MONTH_COL, last - 12)
        ws.add_sparkline(
            row, at["trend"],
            {"range": f"'{SHEET_DATA}'!{xl_rowcol_to_cell(data_row, first)}:{xl_rowcol_to_cell(data_row, last)}",
             "last_point": True, "weight": 1.5, "series_color": "#1F3864", "last_color": "#1F3864"},
        )  # fmt: skip
    _text(ws, row, at["rag"], r.rag.value if r.rag else "", f(border=1, bold=True))
    _text(ws, row, at["benchmarks"], r.benchmarks, plain)
    _text(ws, row, at["narrative"], r.narrative, plain)
    height = L.row_height(
        [(m.title, cols[at["title"]].width), (r.benchmarks, cols[at["benchmarks"]].width),
         (r.narrative, cols[at["narrative"]].width), (m.period_type.value, cols[at["period"]].width)]
    )  # fmt: skip
    ws.set_row(row, height)
    return height


SUMMARY_WIDTHS = (9, 46, 12, 56, 9, 9, 9, 9)


def _summary(wb: xlsxwriter.Workbook, sc: Scorecard, f: FormatCache) -> None:
    """RAG and counts per outcome and theme, then every Red measure; column D is wide text in both tables."""
    ws = wb.add_worksheet(SHEET_SUMMARY)
    for i, width in enumerate(SUMMARY_WIDTHS):
        ws.set_column(i, i, width)
    _text(ws, 0, 0, f"Summary: {sc.template.title}, {sc.period.label}", f(bold=True, font_size=14))
    _text(ws, 1, 0, sc.template.portfolio, f(bold=True))
    header = f(bold=True, font_color=L.WHITE, bg_color=L.HEADER_FILL, border=1, text_wrap=True)
    for i, title in enumerate(("Level", "Name", "RAG", "Rests on", "Green", "Amber", "Red", "Monitor")):
        _text(ws, 3, i, title, header)
    row = 4
    cell = f(border=1, text_wrap=True)
    for outcome in sc.outcomes:
        headings = [("Outcome", outcome.name, outcome.rag, outcome.counts)]
        headings += [("Theme", t.name, t.rag, t.counts) for t in outcome.themes]
        for level, name, rag, counts in headings:
            _text(ws, row, 0, level, f(border=1, bold=level == "Outcome"))
            _text(ws, row, 1, name, cell)
            _text(ws, row, 2, rag.value, f(border=1, bold=True))
            _text(ws, row, 3, counts.text, cell)
            for i, n in enumerate((counts.green, counts.amber, counts.red, counts.monitor)):
                ws.write_number(row, 4 + i, n, f(border=1))
            ws.set_row(row, L.row_height([(name, SUMMARY_WIDTHS[1])]))
            row += 1
    _rag_colours(wb, ws, 4, 2, row - 1)
    row += 1
    reds = [r for r in sc.rows if r.rag is Rag.RED]
    _text(ws, row, 0, f"Exceptions: measures rated Red ({len(reds)})", f(bold=True, font_size=12))
    row += 1
    for i, title in enumerate(("No.", "Measure", "Latest", "Narrative", "Target", "Compared with")):
        _text(ws, row, i, title, header)
    ws.set_row(row, 2 * L.LINE_HEIGHT + 4)
    row += 1
    for r in reds:
        m = r.measure
        latest = r.figures[sc.columns.index(sc.period)]
        ws.write_number(row, 0, m.number, f(border=1, align="left"))
        _text(ws, row, 1, m.title, cell)
        _figure(ws, row, 2, latest, m.unit, m.decimals, f)
        _text(ws, row, 3, r.narrative, cell)
        if r.target is not None:
            ws.write_number(row, 4, r.target, f(border=1, num_format=L.target_format(m)))
        _text(ws, row, 5, latest.compared_with.label if latest.compared_with else "", cell)
        ws.set_row(row, L.row_height([(m.title, SUMMARY_WIDTHS[1]), (r.narrative, SUMMARY_WIDTHS[3])]))
        row += 1
    if not reds:
        _text(ws, row, 1, "No measure is rated Red.")
        row += 1
    _print_setup(ws, 3)
    ws.print_area(0, 0, row - 1, len(SUMMARY_WIDTHS) - 1)


def _rag_colours(wb: xlsxwriter.Workbook, ws: Worksheet, first: int, col: int, last: int) -> None:
    """Colour a RAG column by conditional formats on its text, so that a hand edit recolours."""
    for word, (font, fill) in L.RAG_COLOURS.items():
        ws.conditional_format(
            first, col, last, col,
            {"type": "text", "criteria": "containing", "value": word.word,
             "format": wb.add_format({"font_color": font, "bg_color": fill, "bold": True})},
        )  # fmt: skip


def _data(wb: xlsxwriter.Workbook, sc: Scorecard, f: FormatCache, data_rows: dict[str, int]) -> None:
    ws = wb.add_worksheet(SHEET_DATA)
    _text(ws, 0, 0, f"Data: every monthly figure used, {sc.data_months[0].label if sc.data_months else ''} to "
          f"{sc.period.label}", f(bold=True, font_size=14))  # fmt: skip
    header = f(bold=True, font_color=L.WHITE, bg_color=L.HEADER_FILL, border=1, text_wrap=True)
    for i, (title, width) in enumerate([("ID", 7), ("No.", 5), ("Measure", 48), ("Unit", 8)]):
        _text(ws, DATA_HEADER_ROW, i, title, header)
        ws.set_column(i, i, width)
    for j, month in enumerate(sc.data_months):
        _text(ws, DATA_HEADER_ROW, DATA_FIRST_MONTH_COL + j, month.label, header)
    if sc.data_months:
        ws.set_column(DATA_FIRST_MONTH_COL, DATA_FIRST_MONTH_COL + len(sc.data_months) - 1, 9)
    for measure, figures in sc.data:
        row = data_rows[measure.id]
        _text(ws, row, 0, measure.id, f(border=1))
        ws.write_number(row, 1, measure.number, f(border=1, align="left"))
        _text(ws, row, 2, measure.title, f(border=1))
        _text(ws, row, 3, measure.unit.value, f(border=1))
        for j, figure in enumerate(figures):
            _figure(ws, row, DATA_FIRST_MONTH_COL + j, figure, measure.unit, measure.decimals, f)
    ws.freeze_panes(DATA_HEADER_ROW + 1, DATA_FIRST_MONTH_COL)
    _print_setup(ws, DATA_HEADER_ROW)


def _print_setup(ws: Worksheet, header_row: int | None) -> None:
    """A4 landscape, one page wide, headers repeated, `Page N of M`: for the sheets after Appendix 1."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer("&L&A&CPage &P of &N")


def _about(wb: xlsxwriter.Workbook, sc: Scorecard, f: FormatCache) -> None:
    ws = wb.add_worksheet(SHEET_ABOUT)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 110)
    _text(ws, 0, 0, "About this scorecard", f(bold=True, font_size=14))
    tpl = sc.template
    rules = tpl.rules
    label = f(bold=True)
    wrap = f(text_wrap=True)
    lines: list[tuple[str, str]] = [
        ("Title", tpl.title),
        ("Portfolio", tpl.portfolio),
        ("Report month", sc.period.label),
        ("Columns", ", ".join(m.label for m in sc.columns)),
        ("Template", f"{tpl.source}"),
        ("Template SHA-256", tpl.sha256),
        ("Built by", f"scorecard-xl {sc.version}"),
    ]
    lines += [("Input", f"{i.name}  SHA-256 {i.sha256}") for i in sc.inputs]
    lines += [
        ("Tolerance (default)", rules.tolerance.text),
        ("RAG compares", "the figure as displayed (rounded)" if rules.rag_on == "displayed" else "the exact figure"),
        ("Trend arrows compare with", L.trend_words(sc)),
        ("Roll-up", f"{rules.aggregation.value}; Green at {rules.green_threshold:g} or more, Red at "
                    f"{rules.red_threshold:g} or less (Green 3, Amber 2, Red 1)"),
        ("Measure RAG counts", sc.rag_counts().text),
        ("Warnings", str(len(sc.warnings)) if sc.warnings else "none"),
    ]  # fmt: skip
    lines += [("Warning", f"{w.where}: {w.message}") for w in sc.warnings]
    lines += [("Skipped sheet", s) for s in sc.skipped_sheets]
    row = 2
    for key, value in lines:
        _text(ws, row, 0, key, label)
        _text(ws, row, 1, value, wrap)
        ws.set_row(row, L.row_height([(value, 110)]))
        row += 1
    _print_setup(ws, None)


def write_workbook(scorecard: Scorecard, path: str) -> None:
    """Write the Appendix 1, Summary, Data and About sheets of `scorecard` to `path` (overwriting it).

    Promises: the same scorecard gives a byte-identical file (no wall-clock time inside); figures and targets
    are numbers; every text is written as a string, never a formula. Any XlsxWriter warning (which would
    otherwise silently drop a feature) is raised as an error.
    """
    creation = scorecard.period.shift(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wb = xlsxwriter.Workbook(
            path,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                # Arial 10 is on every Excel machine and has a metric twin (Liberation Sans) wherever
                # LibreOffice is, so column widths and the print scale come out the same in both.
                "default_format_properties": {"font_name": L.FONT, "font_size": L.FONT_SIZE},
                "default_row_height": 17,
            },
        )
        tpl = scorecard.template
        wb.set_properties(
            {
                "title": f"{tpl.title}: {tpl.portfolio}" if tpl.portfolio else tpl.title,
                "subject": f"Performance scorecard to {scorecard.period.label}",
                "author": tpl.author,
                "keywords": "performance, scorecard, RAG",
                "comments": f"{BUILT_BY} {scorecard.version}",
                "created": dt.datetime(creation.year, creation.month, 1),
            }
        )
        f = FormatCache(wb)
        # Sheets are created in display order; the Data rows are laid out first so that sparklines can point at them.
        data_rows = _data_rows(scorecard)
        _appendix(wb, scorecard, f, data_rows)
        _summary(wb, scorecard, f)
        _data(wb, scorecard, f, data_rows)
        _about(wb, scorecard, f)
        wb.close()


def _data_rows(sc: Scorecard) -> dict[str, int]:
    """The Data sheet's row (zero-based) for each measure id."""
    return {measure.id: DATA_HEADER_ROW + 1 + i for i, (measure, _) in enumerate(sc.data)}
