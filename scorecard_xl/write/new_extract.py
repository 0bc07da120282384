"""Write the empty month sheet an analyst or BI team fills in: every measure, checked by data validation.

It writes with xlsxwriter, like the scorecard, but a different artefact: an input for next month, not a scorecard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import xlsxwriter

from ..model import ENTRY_MARKERS, EXCEL_CELL_LIMIT, MeasureDef, Month, Template, Unit
from .cells import FormatCache
from .layout import FONT, FONT_SIZE, HEADER_FILL, WHITE, number_format

HEADER_ROW = 3  # zero-based: row 4
COLUMNS = ("Measure ID", "Title", "Unit", "Value", "Numerator", "Denominator", "Narrative")
VALUE, NUM, DEN, NARRATIVE = 3, 4, 5, 6
ENTRY_FILL = "#FFFFE0"  # the cells to fill in
GROUP_FILL = "#D9E1F2"  # a council portfolio's heading row
REFERENCE_GREY = "#595959"  # last month's figures, for reference
UNIT_HELP = {
    Unit.PERCENT: "a percentage: type 71% (or 0.71); numerator and denominator may be given instead",
    Unit.COUNT: "a whole number, 0 or more",
    Unit.RATE: "a rate, 0 or more",
    Unit.DAYS: "a number of days, 0 or more",
    Unit.NUMBER: "a number",
}


def _markers(cell: str) -> str:
    return ",".join(f'{cell}="{m}"' for m in ENTRY_MARKERS)


def _rule(unit: Unit, cell: str) -> str:
    """A data-validation formula for a value cell: a number fitting the unit, or a missing/suppressed marker."""
    markers = _markers(cell)
    number = {
        Unit.PERCENT: f"AND({cell}>=0,{cell}<=1)",
        Unit.COUNT: f"AND({cell}>=0,{cell}=INT({cell}))",
        Unit.RATE: f"{cell}>=0",
        Unit.DAYS: f"{cell}>=0",
        Unit.NUMBER: "TRUE",
    }[unit]
    return f"=OR(AND(ISNUMBER({cell}),{number}),{markers})"


def write_new_extract(
    path: str,
    template: Template,
    period: Month,
    previous: dict[str, tuple[float | None, bool]],
    groups: Sequence[tuple[str, Sequence[MeasureDef]]] | None = None,
) -> None:
    """Write the month sheet for `period` to `path`: every measure, value cells checked against its unit, and
    `previous` (measure id → last month's value and whether it was suppressed) beside them when given.

    With `groups` (a council's portfolios: heading, measures), each group's measures follow a bold heading row
    that holds no figures, so the reader passes it over.
    """
    wb = xlsxwriter.Workbook(
        path,
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
         "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE}},
    )  # fmt: skip
    wb.set_properties({"title": f"{template.title} extract for {period.label}", "author": template.author,
                       "created": dt.datetime(period.year, period.month, 1)})  # fmt: skip
    ws = wb.add_worksheet(period.label)
    bold = wb.add_format({"bold": True})
    header = wb.add_format({"bold": True, "font_color": WHITE, "bg_color": HEADER_FILL, "text_wrap": True, "border": 1})
    ws.write_string(0, 0, f"{template.portfolio or template.title}: figures for {period.label}", bold)
    ws.write_string(1, 0, "Period", bold)
    ws.write_datetime(1, 1, dt.datetime(period.year, period.month, 1), wb.add_format({"num_format": "mmm yyyy"}))
    ws.write_string(1, 3, "Leave a figure blank or '-' when missing; '*' or 'c' when suppressed.")
    prior = period.shift(-1)
    headings = (*COLUMNS, f"Previous value ({prior.label})") if previous else COLUMNS
    for col, text in enumerate(headings):
        ws.write_string(HEADER_ROW, col, text, header)
    for col, width in enumerate((10, 60, 9, 10, 11, 12, 60, 14)[: len(headings)]):
        ws.set_column(col, col, width)
    f = FormatCache(wb)
    row = HEADER_ROW
    heading = f(bold=True, bg_color=GROUP_FILL)
    for name, measures in groups if groups is not None else [("", template.measures)]:
        if name:
            row += 1
            ws.write_string(row, 0, name, heading)
            for col in range(1, len(headings)):
                ws.write_blank(row, col, None, heading)
        for measure in measures:
            row += 1
            _measure_row(ws, f, row, measure, previous)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    wb.close()


def _measure_row(
    ws: xlsxwriter.worksheet.Worksheet,
    f: FormatCache,
    row: int,
    measure: MeasureDef,
    previous: dict[str, tuple[float | None, bool]],
) -> None:
    """One measure's row: id, title, unit, the cells to fill in (checked), and last month's figure when known."""
    ws.write_string(row, 0, measure.id)
    ws.write_string(row, 1, measure.title)
    ws.write_string(row, 2, measure.unit.value if measure.available else "unavailable")
    figure_format = number_format(measure.unit, measure.decimals)
    ws.write_blank(row, VALUE, None, f(num_format=figure_format, bg_color=ENTRY_FILL, border=1))
    for col in (NUM, DEN):
        ws.write_blank(row, col, None, f(num_format="0", bg_color=ENTRY_FILL, border=1))
    _validate(ws, row, measure)
    if previous:
        value, suppressed = previous.get(measure.id, (None, False))
        if suppressed:
            ws.write_string(row, 7, "*", f(font_color=REFERENCE_GREY, italic=True))
        elif value is not None:
            ws.write_number(row, 7, value, f(num_format=figure_format, font_color=REFERENCE_GREY))


def _validate(ws: xlsxwriter.worksheet.Worksheet, row: int, measure: MeasureDef) -> None:
    cell = f"D{row + 1}"
    if not measure.available:
        ws.data_validation(
            row,
            VALUE,
            row,
            DEN,
            {
                "validate": "length",
                "criteria": "==",
                "value": 0,
                "input_title": "Unavailable",
                "input_message": "The template marks this measure unavailable.",
                "error_title": "Unavailable",
                "error_message": "The template marks this measure unavailable: leave it blank.",
            },
        )
        return
    ws.data_validation(
        row,
        VALUE,
        row,
        VALUE,
        {
            "validate": "custom",
            "value": _rule(measure.unit, cell),
            "ignore_blank": True,
            "input_title": measure.id,
            "input_message": UNIT_HELP[measure.unit][:255],
            "error_title": "Not a figure for this measure",
            "error_message": f"Enter {UNIT_HELP[measure.unit]}"[:255],
        },
    )
    for col, letter in ((NUM, "E"), (DEN, "F")):
        ref = f"{letter}{row + 1}"
        ws.data_validation(
            row,
            col,
            row,
            col,
            {
                "validate": "custom",
                "value": f"=OR(AND(ISNUMBER({ref}),{ref}>=0),{_markers(ref)})",
                "ignore_blank": True,
                "error_title": "Not a count",
                "error_message": "Enter a number, 0 or more.",
            },
        )
    ws.data_validation(
        row,
        NARRATIVE,
        row,
        NARRATIVE,
        {
            "validate": "length",
            "criteria": "<=",
            "value": EXCEL_CELL_LIMIT,
            "error_message": f"Excel cells hold at most {EXCEL_CELL_LIMIT:,} characters.",
        },
    )
