"""The `Council summary` sheet: each portfolio's RAG counts and outcome RAGs, a bar chart of the counts, every Red."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from ..model import CouncilScorecard
from . import layout
from .cells import SHEET_COUNCIL_SUMMARY, Context, escape_header, print_setup, write_figure, write_text
from .charts import SeriesRef, column_width_px, insert_rag_counts_chart, row_height_px

# A Portfolio / Measure · B Green / No. · C Amber / Latest · D Red / Target · E Monitor / Compared with ·
# F Measures / Portfolio · G Outcomes / Narrative
WIDTHS = (40, 9, 9, 9, 10, 14, 62)
STATUSES = ("Green", "Amber", "Red", "Monitor")
HEADER_ROW = 3
CHART_ROWS = 16  # rows of 15 points under the chart


def write_council_summary(ctx: Context, council: CouncilScorecard) -> None:
    """Add the Council summary sheet: the council and report month, a row per portfolio with its counts (numbers)
    and each outcome's RAG, a bar chart of the counts that reads in greyscale, then every Red measure."""
    f = ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_COUNCIL_SUMMARY)
    for i, width in enumerate(WIDTHS):
        ws.set_column(i, i, width)
    c = council.council
    write_text(ws, 0, 0, c.title, f(bold=True, font_size=16))
    ws.set_row(0, layout.TITLE_HEIGHT)
    to = f"performance to {council.period.label}"
    write_text(ws, 1, 0, f"{c.name}: {to}" if c.name else f"P{to[1:]}", f(bold=True, font_size=12))
    ws.set_row(1, layout.SUBTITLE_HEIGHT)
    header = ctx.header_format()
    for i, title in enumerate(("Portfolio", *STATUSES, "Measures", "Outcomes (RAG)")):
        write_text(ws, HEADER_ROW, i, title, header)
    ws.set_row(HEADER_ROW, 2 * layout.LINE_HEIGHT + 4)
    cell = f(border=1, text_wrap=True)
    row = HEADER_ROW + 1
    for line in council.summary:
        counts = line.counts
        write_text(ws, row, 0, line.sheet, cell)
        for i, n in enumerate((counts.green, counts.amber, counts.red, counts.monitor)):
            ws.write_number(row, 1 + i, n, f(border=1))
        ws.write_number(row, 5, line.measures, f(border=1))
        write_text(ws, row, 6, line.outcomes, cell)
        ws.set_row(row, layout.row_height([(line.outcomes, WIDTHS[6])]))
        row += 1
    last = row - 1
    total = council.rag_counts()
    write_text(ws, row, 0, "Council", f(border=1, bold=True))
    for i, n in enumerate((total.green, total.amber, total.red, total.monitor)):
        ws.write_number(row, 1 + i, n, f(border=1, bold=True))
    ws.write_number(row, 5, sum(line.measures for line in council.summary), f(border=1, bold=True))
    write_text(ws, row, 6, "", cell)
    row += 2
    _chart(ctx, ws, council, (row, last))
    for r in range(row, row + CHART_ROWS):
        ws.set_row(r, 15)
    row += CHART_ROWS + 1
    row = _reds(ctx, council, ws, row)
    print_setup(ws, None)
    ws.print_area(0, 0, row - 1, len(WIDTHS) - 1)
    ws.set_header(f"&C&B{escape_header(' - '.join(filter(None, (c.title, c.name))))}", {"margin": 0.3})
    ws.set_footer(f"&L{escape_header(council.period.label)}&CPage &P of &N", {"margin": 0.3})


def _chart(ctx: Context, ws: Worksheet, council: CouncilScorecard, rows: tuple[int, int]) -> None:
    """The bar chart of the portfolio rows' counts (their last row `rows[1]`), at row `rows[0]`."""
    row, last = rows
    width = sum(column_width_px(w) for w in WIDTHS[:6]) + column_width_px(WIDTHS[6]) // 2
    insert_rag_counts_chart(
        ctx.workbook,
        ws,
        (row, 0),
        SeriesRef(SHEET_COUNCIL_SUMMARY, HEADER_ROW + 1, 0, 0, last_row=last),
        {s: SeriesRef(SHEET_COUNCIL_SUMMARY, HEADER_ROW + 1, i, i, last_row=last) for i, s in enumerate(STATUSES, 1)},
        description=council.chart_description,
        size_px=(width, CHART_ROWS * row_height_px(15)),
    )


def _reds(ctx: Context, council: CouncilScorecard, ws: Worksheet, row: int) -> int:
    """Every Red measure of the council with its portfolio, figure with arrow, target and narrative; returns the
    row after the table."""
    f = ctx.formats
    reds = council.exceptions
    write_text(ws, row, 0, f"Exceptions: measures rated Red ({len(reds)})", f(bold=True, font_size=12))
    ws.set_row(row, layout.SUBTITLE_HEIGHT)
    row += 1
    header = ctx.header_format()
    for i, title in enumerate(("Measure", "No.", "Latest", "Target", "Compared with", "Portfolio", "Narrative")):
        write_text(ws, row, i, title, header)
    ws.set_row(row, 2 * layout.LINE_HEIGHT + 4)
    row += 1
    cell = f(border=1, text_wrap=True)
    for portfolio, r in reds:
        m = r.measure
        latest = r.latest  # a quarterly or annual measure's latest period may end before the report month
        write_text(ws, row, 0, m.title, cell)
        ws.write_number(row, 1, m.number, f(border=1, align="left"))
        write_figure(ws, row, 2, latest, m.unit, m.decimals, f)
        if r.target is not None:
            ws.write_number(row, 3, r.target, f(border=1, num_format=layout.target_format(m)))
        else:
            write_text(ws, row, 3, "", f(border=1))
        write_text(ws, row, 4, r.compared_text, cell)
        write_text(ws, row, 5, portfolio, cell)
        write_text(ws, row, 6, r.narrative, cell)
        ws.set_row(
            row,
            layout.row_height([(m.title, WIDTHS[0]), (portfolio, WIDTHS[5]), (r.narrative, WIDTHS[6])]),
        )
        row += 1
    if not reds:
        write_text(ws, row, 0, "No measure is rated Red.")
        row += 1
    return row
