"""The hidden `Chart data` sheet: each measure's recent figures as numbers only, which its charts read.

A chart plots a text cell of a line series as 0, so a symbol on the Data sheet would pull a trend line to the
bottom of its cell: here every symbol is left blank (a gap in the line). Each measure keeps its Data sheet row and
holds its own periods, the latest in the Data sheet's last column: the last 13 months (in the same columns as on
the Data sheet), 8 quarters or 5 years.
"""

from __future__ import annotations

from ..model import MeasureDef
from .cells import DATA_FIRST_MONTH_COL, DATA_HEADER_ROW, SHEET_CHART_DATA, Context, write_text
from .charts import SeriesRef


def trend_series(ctx: Context, measure: MeasureDef) -> tuple[SeriesRef, list[float | None], str] | None:
    """The measure's Trend chart: its range on the Chart data sheet, the figures it plots, and its alt text.

    None when the measure has no row there or no month to show.
    """
    line = ctx.trend_lines.get(measure.id)
    if measure.id not in ctx.data_rows or line is None or not line.points:
        return None
    points = line.points
    values = [p.plotted for p in points]
    last = DATA_FIRST_MONTH_COL + len(ctx.scorecard.data_months) - 1
    ref = SeriesRef(SHEET_CHART_DATA, ctx.data_rows[measure.id], last - len(points) + 1, last)
    return ref, values, line.description


def write_chart_data(ctx: Context) -> None:
    """Add the hidden Chart data sheet: a row per measure on its Data sheet row, numbers or blanks only, each
    measure's own periods (its trend line), the latest in the column of the latest data month."""
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_CHART_DATA)
    write_text(ws, 0, 0, "Chart data: the figures the charts draw (symbols left blank)", f(bold=True))
    write_text(ws, DATA_HEADER_ROW, 0, "ID")
    last = DATA_FIRST_MONTH_COL + len(sc.data_months) - 1
    write_text(ws, DATA_HEADER_ROW, 1, "Each measure's last 13 months, 8 quarters or 5 years, ending in this column:")
    if sc.data_months:
        write_text(ws, DATA_HEADER_ROW, last, sc.data_months[-1].label)
    for line in sc.trend_lines:
        row = ctx.data_rows[line.measure.id]
        write_text(ws, row, 0, line.measure.id)
        values = [p.plotted for p in line.points]
        for j, value in enumerate(values):
            if value is not None:
                ws.write_number(row, last - len(values) + 1 + j, value)
    ws.hide()
