"""Write the empty month sheet an analyst or BI team fills in: every measure, checked by data validation.

It writes with xlsxwriter, like the scorecard, but a different artefact: an input for next month, not a scorecard.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import xlsxwriter

from ..model import (
    ENTRY_MARKERS,
    EXCEL_CELL_LIMIT,
    Compute,
    Frequency,
    MeasureDef,
    Month,
    Period,
    PeriodType,
    Template,
    Unit,
    period_containing,
)
from .cells import FormatCache
from .layout import FONT, FONT_SIZE, HEADER_FILL, WHITE, number_format
from .workbook import save_workbook

HEADER_ROW = 3  # zero-based: row 4
COLUMNS = ("Measure ID", "Title", "Unit", "Value", "Numerator", "Denominator", "Narrative")
VALUE, NUM, DEN, NARRATIVE = 3, 4, 5, 6
ENTRY_FILL = "#FFFFE0"  # the cells to fill in
CLOSED_FILL = "#F2F2F2"  # cells that take no figure: an unavailable measure, a quarter not ending, a ratio's Value
GROUP_FILL = "#D9E1F2"  # a council portfolio's heading row
REFERENCE_GREY = "#595959"  # last month's figures, for reference
UNIT_HELP = {
    Unit.PERCENT: "a percentage: type 71% (or 0.71); numerator and denominator may be given instead",
    Unit.COUNT: "a whole number, 0 or more",
    Unit.RATE: "a rate, 0 or more",
    Unit.DAYS: "a number of days, 0 or more",
    Unit.NUMBER: "a number",
}
_ADJECTIVE = {Frequency.QUARTER: "quarterly", Frequency.YEAR: "annual"}


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


def _combined(measure: MeasureDef) -> bool:
    """True when the measure's figure is made of several months' (or quarters') figures: year to date or rolling."""
    return measure.compute is not Compute.REPORTED and measure.frequency is not Frequency.YEAR


def _span(measure: MeasureDef) -> str:
    return "year to date" if measure.period_type is PeriodType.YEAR_TO_DATE else "rolling year"


def _unit_text(measure: MeasureDef, entry: Period) -> str:
    """The Unit cell of a row taking a figure: the unit, and for a quarterly or annual measure the period asked for."""
    return measure.unit.value if measure.frequency is Frequency.MONTH else f"{measure.unit.value}, {entry.label}"


def write_new_extract(
    path: str,
    template: Template,
    period: Month,
    previous: dict[str, tuple[float | None, bool]],
    groups: Sequence[tuple[str, Sequence[MeasureDef]]] | None = None,
) -> None:
    """Write the month sheet for `period` to `path`: every measure, value cells checked against its unit, and
    `previous` (measure id → the figure of its latest period before `period`, as `MeasureDef.previous_period`
    names it, and whether it was suppressed) beside them when given.

    A quarterly or annual measure takes a figure only in the month that ends its period, labelled with the period;
    in other months its row says which extract takes it. A ratio takes the month's numerator and denominator, not
    a Value. With `groups` (a council's portfolios: heading, measures), each group's measures follow a bold heading
    row that holds no figures, so the reader passes it over.
    """
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
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
    sections = groups if groups is not None else [("", template.measures)]
    for col, width in enumerate(_widths([m for _, measures in sections for m in measures], period)[: len(headings)]):
        ws.set_column(col, col, width)
    f = FormatCache(wb)
    row = HEADER_ROW
    heading = f(bold=True, bg_color=GROUP_FILL)
    for name, measures in sections:
        if name:
            row += 1
            ws.write_string(row, 0, name, heading)
            for col in range(1, len(headings)):
                ws.write_blank(row, col, None, heading)
        for measure in measures:
            row += 1
            _measure_row(ws, f, row, measure, period, previous)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    save_workbook(wb, buffer, path)


def _widths(measures: Sequence[MeasureDef], period: Month) -> tuple[int, ...]:
    """Column widths: the Unit column fits the periods asked for, the Previous column the periods it names."""
    units = [len(_unit_text(m, p)) + 1 for m in measures if m.available and (p := m.period_ending(period))]
    previous = [len(m.previous_period(period).label) + 12 for m in measures if m.frequency is not Frequency.MONTH]
    return (10, 60, max([9, *units]), 10, 11, 12, 60, max([14, *previous]))


def _measure_row(
    ws: xlsxwriter.worksheet.Worksheet,
    f: FormatCache,
    row: int,
    measure: MeasureDef,
    period: Month,
    previous: dict[str, tuple[float | None, bool]],
) -> None:
    """One measure's row: id, title, unit, the cells to fill in (checked) or closed with the reason, and the figure
    of its previous period when known."""
    ws.write_string(row, 0, measure.id)
    ws.write_string(row, 1, measure.title)
    entry = measure.period_ending(period)
    if not measure.available:
        ws.write_string(row, 2, "unavailable")
        message = "The template marks this measure unavailable."
        _close(ws, f, row, DEN, "Unavailable", message, "The template marks this measure unavailable: leave it blank.")
    elif entry is None:
        due = period_containing(period, measure.frequency, measure.year_end)
        note = f"{_ADJECTIVE[measure.frequency]}: enter the {due.label} figure in the {due.end.label} extract"
        ws.write_string(row, 2, note, f(font_color=REFERENCE_GREY, italic=True))
        _close(ws, f, row, NARRATIVE, f"No {period.label} figure", note, f"{note}; leave this row blank here.")
    else:
        ws.write_string(row, 2, _unit_text(measure, entry))
        _entry_cells(ws, f, row, measure, entry)
    if previous:
        _previous(ws, f, row, measure, period, previous)


def _close(
    ws: xlsxwriter.worksheet.Worksheet, f: FormatCache, row: int, last: int, title: str, message: str, error: str
) -> None:
    """Close the cells from Value to column `last` of a row: greyed, and nothing may be typed there; selecting one
    shows `message`, typing in one `error`."""
    for col in range(VALUE, last + 1):
        ws.write_blank(row, col, None, f(bg_color=CLOSED_FILL, border=1))
    ws.data_validation(
        row,
        VALUE,
        row,
        last,
        {
            "validate": "length",
            "criteria": "==",
            "value": 0,
            "input_title": title[:32],
            "input_message": message[:255],
            "error_title": title[:32],
            "error_message": error[:255],
        },
    )


def _entry_cells(
    ws: xlsxwriter.worksheet.Worksheet, f: FormatCache, row: int, measure: MeasureDef, entry: Period
) -> None:
    """The cells a figure is typed in, each with its data validation and the help shown when it is selected."""
    if measure.compute is Compute.RATIO:
        _close(ws, f, row, VALUE, "Value not used", _ratio_help(measure, entry),
               "Leave Value blank: enter the numerator and denominator instead.")  # fmt: skip
        _validate_parts(ws, row, measure, entry)
    else:
        figure_format = number_format(measure.unit, measure.decimals)
        ws.write_blank(row, VALUE, None, f(num_format=figure_format, bg_color=ENTRY_FILL, border=1))
        _validate_value(ws, row, measure, entry)
    for col in (NUM, DEN):
        ws.write_blank(row, col, None, f(num_format="0", bg_color=ENTRY_FILL, border=1))
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


def _value_help(measure: MeasureDef, entry: Period) -> str:
    """What the Value cell asks for: the figure fitting the unit; the period's own figure when the scorecard's is
    summed or averaged over the year to date or rolling year; the quarter or year named when not monthly."""
    what = UNIT_HELP[measure.unit]
    if _combined(measure):
        span, how = _span(measure), "summed" if measure.compute is Compute.SUM else "averaged"
        step = "month" if measure.frequency is Frequency.MONTH else "quarter"
        return f"{entry.label}'s own figure, not the figure for the {span}, which is {how} from each {step}'s: {what}"
    return what if measure.frequency is Frequency.MONTH else f"the {entry.label} figure: {what}"


def _ratio_help(measure: MeasureDef, entry: Period) -> str:
    """Why a ratio's Value cell is closed, and what to give instead."""
    if _combined(measure):
        span = _span(measure)
        step = "month" if measure.frequency is Frequency.MONTH else "quarter"
        how = f"the figure for the {span} is worked out from each {step}'s numerator and denominator"
        return f"Not used: {how}. Enter {entry.label}'s own (not the {span}) in the next two columns."
    how = "the figure is worked out from the numerator and denominator"
    return f"Not used: {how}. Enter the {entry.label} ones in the next two columns."


def _custom(ws: xlsxwriter.worksheet.Worksheet, row: int, col: int, formula: str, **messages: str) -> None:
    """The cell's data validation by `formula`, a blank allowed; `messages` are xlsxwriter's input and error
    titles and messages."""
    ws.data_validation(row, col, row, col, {"validate": "custom", "value": formula, "ignore_blank": True, **messages})


def _validate_value(ws: xlsxwriter.worksheet.Worksheet, row: int, measure: MeasureDef, entry: Period) -> None:
    _custom(
        ws, row, VALUE, _rule(measure.unit, f"D{row + 1}"),
        input_title=measure.id,
        input_message=_value_help(measure, entry)[:255],
        error_title="Not a figure for this measure",
        error_message=f"Enter {UNIT_HELP[measure.unit]}"[:255],
    )  # fmt: skip
    for col, letter in ((NUM, "E"), (DEN, "F")):
        ref = f"{letter}{row + 1}"
        formula = f"=OR(AND(ISNUMBER({ref}),{ref}>=0),{_markers(ref)})"
        _custom(ws, row, col, formula, error_title="Not a count", error_message="Enter a number, 0 or more.")


def _validate_parts(ws: xlsxwriter.worksheet.Worksheet, row: int, measure: MeasureDef, entry: Period) -> None:
    """A ratio's numerator and denominator: counts (whole, a denominator above 0, as the reader requires), and for
    a percentage the numerator no more than the denominator."""
    num, den = f"E{row + 1}", f"F{row + 1}"
    within = measure.unit is Unit.PERCENT
    whose = f"{entry.label}'s own" if _combined(measure) else f"the {entry.label}"
    rather = f", not the {_span(measure)}" if _combined(measure) else ""
    parts = (
        (NUM, num, f"{num}>=0", f",OR(NOT(ISNUMBER({den})),{num}<={den})" if within else "",
         "a whole number, 0 or more" + (", no more than the denominator" if within else ""), "Numerator"),
        (DEN, den, f"{den}>0", f",OR(NOT(ISNUMBER({num})),{den}>={num})" if within else "",
         "a whole number, 1 or more" + (", no less than the numerator" if within else ""), "Denominator"),
    )  # fmt: skip
    for col, ref, floor, bound, what, name in parts:
        _custom(
            ws, row, col, f"=OR(AND(ISNUMBER({ref}),{floor},{ref}=INT({ref}){bound}),{_markers(ref)})",
            input_title=name,
            input_message=f"{whose} {name.lower()}{rather}: {what}"[:255],
            error_title=f"Not a {name.lower()}",
            error_message=f"Enter {what}."[:255],
        )  # fmt: skip


def _previous(
    ws: xlsxwriter.worksheet.Worksheet,
    f: FormatCache,
    row: int,
    measure: MeasureDef,
    period: Month,
    previous: dict[str, tuple[float | None, bool]],
) -> None:
    """The figure of the measure's previous period, for reference: a quarter's or year's labelled with its period
    (the column heading names last month), the figure staying a number."""
    value, suppressed = previous.get(measure.id, (None, False))
    label = "" if measure.frequency is Frequency.MONTH else f" ({measure.previous_period(period).label})"
    if suppressed:
        ws.write_string(row, 7, f"*{label}", f(font_color=REFERENCE_GREY, italic=True))
    elif value is not None:
        figure_format = number_format(measure.unit, measure.decimals) + (f'"{label}"' if label else "")
        ws.write_number(row, 7, value, f(num_format=figure_format, font_color=REFERENCE_GREY))
