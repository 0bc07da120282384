"""The `Exceptions` sheet: each Red measure's recent figures as a line chart, with its target as a second line."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet

from ..model import Frequency, MeasureRow
from . import layout
from .cells import SHEET_EXCEPTIONS, Context, escape_header, print_setup, write_text
from .charts import ExceptionChart, SeriesRef, insert_exception_chart, padded_range

CHARTS_PER_PAGE = 2
CHART_ROWS = 10  # rows of 15 points (20 pixels) under each chart, which is 200 pixels tall
TABLE_ROW_HEIGHT = 13.0  # points: the 9-point rows of the table under a chart
LABEL_WIDTH = 10
MONTH_WIDTH = 9


def write_exceptions(ctx: Context, reds: Sequence[tuple[str, MeasureRow]]) -> None:
    """Add the Exceptions sheet: for each (portfolio name, Red measure row), its heading, a titled line chart of
    its last 13 months (8 quarters, 5 years) against its target, and the figures charted in a table under it;
    two charts a page.
    """
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_EXCEPTIONS)
    months = sc.trend_months
    ws.set_column(0, 0, LABEL_WIDTH)
    ws.set_column(1, max(1, len(months)), MONTH_WIDTH)
    span = f"{months[0].label} to {months[-1].label}" if months else sc.period.label
    write_text(ws, 0, 0, f"Exceptions: measures rated Red, {span}, against target", f(bold=True, font_size=14))
    ws.set_row(0, layout.TITLE_HEIGHT)
    row = 2
    breaks = []
    for index, (portfolio, measure_row) in enumerate(reds):
        if index and index % CHARTS_PER_PAGE == 0:
            breaks.append(row)
        row = _block(ctx, ws, row, portfolio, measure_row)
    if not reds:
        write_text(ws, row, 0, "No measure is rated Red.")
        row += 1
    ws.set_h_pagebreaks(breaks)
    print_setup(ws, None)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_area(0, 0, max(row - 1, 0), max(1, len(months)))
    ws.set_header(f"&C&B{escape_header(f'Exceptions - {sc.template.title}')}", {"margin": 0.3})


def _block(ctx: Context, ws: Worksheet, row: int, portfolio: str, r: MeasureRow) -> int:
    """One Red measure: heading, chart, and its table of months, figures and targets; returns the next free row."""
    f = ctx.formats
    m = r.measure
    line = ctx.trend_lines.get(m.id)
    points = line.points if line is not None else ()
    labels = [p.label for p in points]
    values = [p.plotted for p in points]
    targets = [p.target for p in points]
    title = f"{portfolio}: {m.number}. {m.title}"
    write_text(ws, row, 0, title, f(bold=True, font_size=11))
    ws.set_row(row, layout.SUBTITLE_HEIGHT)
    chart_row = row + 1
    for i in range(CHART_ROWS):
        ws.set_row(chart_row + i, 15)
    table = chart_row + CHART_ROWS
    small = {"border": 1, "font_size": 9}
    number_format = layout.number_format(m.unit, m.decimals)
    for offset, label in enumerate(("Period" if m.frequency is not Frequency.MONTH else "Month", "Figure", "Target")):
        write_text(ws, table + offset, 0, label, f(bold=True, **small))
        ws.set_row(table + offset, TABLE_ROW_HEIGHT)
    for j, label in enumerate(labels):
        write_text(ws, table, 1 + j, label, f(bold=True, align="right", **small))
        for offset, value in ((1, values[j]), (2, targets[j])):
            if value is None:
                ws.write_blank(table + offset, 1 + j, None, f(**small))
            else:
                ws.write_number(table + offset, 1 + j, value, f(num_format=number_format, **small))
    last_col = len(labels)
    target_line = [t for t in targets if t is not None]
    if labels and line is not None:
        spec = ExceptionChart(
            title=title,
            categories=SeriesRef(SHEET_EXCEPTIONS, table, 1, last_col),
            values=SeriesRef(SHEET_EXCEPTIONS, table + 1, 1, last_col),
            target=SeriesRef(SHEET_EXCEPTIONS, table + 2, 1, last_col) if target_line else None,
            number_format=number_format,
            description=line.with_target,
            y_range=padded_range([*values, *target_line], 0.25),
        )
        insert_exception_chart(ctx.workbook, ws, chart_row, 0, spec)
    return table + 4
