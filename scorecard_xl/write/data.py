"""The `Data` sheet: every monthly figure used, a row per measure, a column per month: any figure can be checked."""

from __future__ import annotations

from . import layout
from .cells import DATA_FIRST_MONTH_COL, DATA_HEADER_ROW, SHEET_DATA, Context, print_setup, write_figure, write_text


def write_data(ctx: Context) -> None:
    """Add the Data sheet, each measure on the row `ctx.data_rows` gives it."""
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_DATA)
    first = sc.data_months[0].label if sc.data_months else ""
    write_text(ws, 0, 0, f"Data: every monthly figure used, {first} to {sc.period.label}", f(bold=True, font_size=14))
    ws.set_row(0, layout.TITLE_HEIGHT)
    header = ctx.header_format()
    for i, (title, width) in enumerate([("ID", 7), ("No.", 5), ("Measure", 48), ("Unit", 8)]):
        write_text(ws, DATA_HEADER_ROW, i, title, header)
        ws.set_column(i, i, width)
    for j, month in enumerate(sc.data_months):
        write_text(ws, DATA_HEADER_ROW, DATA_FIRST_MONTH_COL + j, month.label, header)
    if sc.data_months:
        ws.set_column(DATA_FIRST_MONTH_COL, DATA_FIRST_MONTH_COL + len(sc.data_months) - 1, 9)
    for measure, figures in sc.data:
        row = ctx.data_rows[measure.id]
        write_text(ws, row, 0, measure.id, f(border=1))
        ws.write_number(row, 1, measure.number, f(border=1, align="left"))
        write_text(ws, row, 2, measure.title, f(border=1))
        write_text(ws, row, 3, measure.unit.value, f(border=1))
        for j, figure in enumerate(figures):
            write_figure(ws, row, DATA_FIRST_MONTH_COL + j, figure, measure.unit, measure.decimals, f)
    ws.freeze_panes(DATA_HEADER_ROW + 1, DATA_FIRST_MONTH_COL)
    print_setup(ws, DATA_HEADER_ROW)
