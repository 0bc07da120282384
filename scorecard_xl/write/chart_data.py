"""The hidden `Chart data` sheet: the Data sheet's figures as numbers only, which the Trend charts read.

A chart plots a text cell of a line series as 0, so a suppressed `*` on the Data sheet would pull a trend line to
the bottom of its cell. Here every symbol is left blank (a gap in the line); rows and columns are the Data sheet's.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Figure, MeasureDef, Month
from ..numbers import format_number
from .cells import DATA_FIRST_MONTH_COL, DATA_HEADER_ROW, SHEET_CHART_DATA, Context, write_text
from .charts import SeriesRef, trend_description

TREND_MONTHS = 13


def trend_window(months: Sequence[Month]) -> range:
    """The indexes of the data months a Trend chart shows: the last 13 (or all, when there are fewer)."""
    return range(max(0, len(months) - TREND_MONTHS), len(months))


def plotted(figures: Sequence[Figure]) -> list[float | None]:
    """What a chart plots for these figures: the value, or None (a gap) for a blank or suppressed figure."""
    return [None if f.suppressed else f.value for f in figures]


def trend_series(ctx: Context, measure: MeasureDef) -> tuple[SeriesRef, list[float | None], str] | None:
    """The measure's Trend chart: its range on the Chart data sheet, the figures it plots, and its alt text.

    None when the measure has no row there or no month to show.
    """
    sc = ctx.scorecard
    window = trend_window(sc.data_months)
    figures = ctx.figures.get(measure.id)
    if measure.id not in ctx.data_rows or figures is None or not window:
        return None
    values = plotted([figures[i] for i in window])
    ref = SeriesRef(
        SHEET_CHART_DATA, ctx.data_rows[measure.id], DATA_FIRST_MONTH_COL + window[0], DATA_FIRST_MONTH_COL + window[-1]
    )
    labels = [sc.data_months[i].label for i in window]
    text = trend_description(
        f"{measure.id} {measure.title}", labels, values, lambda v: format_number(v, measure.unit, measure.decimals)
    )
    return ref, values, text


def write_chart_data(ctx: Context) -> None:
    """Add the hidden Chart data sheet: a row per measure on its Data sheet row, numbers or blanks only."""
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_CHART_DATA)
    write_text(ws, 0, 0, "Chart data: the figures the Trend charts draw (symbols left blank)", f(bold=True))
    for j, month in enumerate(sc.data_months):
        write_text(ws, DATA_HEADER_ROW, DATA_FIRST_MONTH_COL + j, month.label)
    for measure, figures in sc.data:
        row = ctx.data_rows[measure.id]
        write_text(ws, row, 0, measure.id)
        for j, value in enumerate(plotted(figures)):
            if value is not None:
                ws.write_number(row, DATA_FIRST_MONTH_COL + j, value)
    ws.hide()
