"""What every sheet writer shares: the build context, formats made once, and the safe ways to write a cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..model import EXCEL_CELL_LIMIT, Arrow, Figure, Scorecard, TrendLine, Unit
from . import layout

SHEET_MAIN = "Appendix 1"
SHEET_SUMMARY = "Summary"
SHEET_DATA = "Data"
SHEET_ABOUT = "About"
SHEET_CHART_DATA = "Chart data"
SHEET_COUNCIL_SUMMARY = "Council summary"
SHEET_EXCEPTIONS = "Exceptions"
DATA_FIRST_MONTH_COL = 4
DATA_HEADER_ROW = 2


class FormatCache:
    """Creates each distinct format once, keyed by its properties, so the workbook stays small and stable."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.figures: dict[tuple[Unit, int, Arrow | None, str | None], Format] = {}

    def figure_cell(self) -> Format:
        """The bordered, right-aligned format of a figure cell holding no number (a symbol, `*` or blank)."""
        return self(border=1, align="right")

    def figure(self, unit: Unit, decimals: int, arrow: Arrow | None, code: str | None) -> Format:
        """The format of a figure: its unit's number format with the arrow (in its colour) and any symbol's code;
        the same format `__call__` gives for those properties, looked up once per distinct figure style."""
        key = (unit, decimals, arrow, code)
        found = self.figures.get(key)
        if found is None:
            num_format = layout.number_format(unit, decimals, arrow)
            if code is not None:
                num_format += f'" [{code}]"'
            colour = layout.ARROW_COLOURS[arrow] if arrow else layout.BLACK
            found = self.figures[key] = self(num_format=num_format, font_color=colour, border=1, align="right")
        return found

    def __call__(self, **props: Any) -> Format:
        base = {"font_name": layout.FONT, "font_size": layout.FONT_SIZE, "valign": "top"}
        base.update(props)
        key = tuple(sorted(base.items()))
        if key not in self.cache:
            self.cache[key] = self.workbook.add_format(base)
        return self.cache[key]


@dataclass(frozen=True)
class Context:
    """One workbook being written: the workbook, its formats, the scorecard, each measure's Data sheet row and
    its trend line (the points its charts draw, as the scorecard worked them out)."""

    workbook: xlsxwriter.Workbook
    formats: FormatCache
    scorecard: Scorecard
    data_rows: dict[str, int]
    trend_lines: dict[str, TrendLine]

    def header_format(self) -> Format:
        """White bold text on navy, wrapped and bordered: the column headers of every table."""
        return self.formats(bold=True, font_color=layout.WHITE, bg_color=layout.HEADER_FILL, border=1, text_wrap=True)


def context(workbook: xlsxwriter.Workbook, scorecard: Scorecard) -> Context:
    """The context for writing `scorecard` (the whole workbook's: a council's combined scorecard) to `workbook`."""
    return Context(
        workbook,
        FormatCache(workbook),
        scorecard,
        data_rows(scorecard),
        {line.measure.id: line for line in scorecard.trend_lines},
    )


def data_rows(scorecard: Scorecard) -> dict[str, int]:
    """The Data sheet's row (zero-based) for each measure id."""
    return {measure.id: DATA_HEADER_ROW + 1 + i for i, (measure, _) in enumerate(scorecard.data)}


def write_text(ws: Worksheet, row: int, col: int, text: str, fmt: Format | None = None) -> None:
    """Write `text` as a string, never a formula or a number, whatever it begins with.

    Text past Excel's cell limit is cut to fit (calc has already warned of any narrative that long).
    """
    if text:
        ws.write_string(row, col, text[:EXCEL_CELL_LIMIT], fmt)
    elif fmt is not None:
        ws.write_blank(row, col, None, fmt)


def write_figure(ws: Worksheet, row: int, col: int, figure: Figure, unit: Unit, decimals: int, f: FormatCache) -> None:
    """Write a figure as a number with its arrow in the number format; a statistical symbol as published in place
    of a figure (`c`, `[x]`, `low`) or beside it (`12.3` with `[u]` in its number format); `*` when suppressed
    with no symbol; blank when none."""
    in_place = figure.in_place
    if in_place is not None:
        ws.write_string(row, col, in_place, f.figure_cell())
    elif figure.value is None:
        ws.write_blank(row, col, None, f.figure_cell())
    else:
        fmt = f.figure(unit, decimals, figure.arrow, figure.flag)
        ws.write_number(row, col, figure.value, fmt)


def rag_colours(ctx: Context, ws: Worksheet, first: int, col: int, last: int) -> None:
    """Colour a RAG column by conditional formats on its text, so that a hand edit recolours."""
    for word, (font, fill) in layout.RAG_COLOURS.items():
        ws.conditional_format(
            first, col, last, col,
            {"type": "text", "criteria": "containing", "value": word.word,
             "format": ctx.workbook.add_format({"font_color": font, "bg_color": fill, "bold": True})},
        )  # fmt: skip


def spc_colours(ctx: Context, ws: Worksheet, first: int, cols: tuple[int, ...], last: int) -> None:
    """Colour the Variation and Assurance columns by conditional formats on their words, as the RAG column."""
    for col in cols:
        for words, (font, fill) in layout.SPC_COLOURS.items():
            ws.conditional_format(
                first, col, last, col,
                {"type": "text", "criteria": "containing", "value": words,
                 "format": ctx.workbook.add_format({"font_color": font, "bg_color": fill})},
            )  # fmt: skip


def print_setup(ws: Worksheet, header_row: int | None) -> None:
    """A4 landscape, one page wide, headers repeated, `Page N of M`: for the sheets after Appendix 1."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer("&L&A&CPage &P of &N")


def escape_header(text: str, room: int = 200) -> str:
    """Header/footer text with `&` escaped, cut to fit Excel's 255-character header limit."""
    escaped = text.replace("&", "&&")
    while len(escaped) > room:
        text = text[: len(text) - max(1, (len(escaped) - room) // 2)]
        escaped = text.rstrip().replace("&", "&&") + "…"
    return escaped
