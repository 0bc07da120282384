"""The `Summary` sheet: each outcome's and theme's RAG with the counts it rests on, then every Red measure."""

from __future__ import annotations

from . import layout
from .cells import SHEET_SUMMARY, Context, print_setup, rag_colours, write_figure, write_text

SUMMARY_WIDTHS = (9, 46, 12, 56, 9, 9, 9, 9)


def write_summary(ctx: Context) -> None:
    """Add the Summary sheet; column D is wide text in both of its tables."""
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_SUMMARY)
    for i, width in enumerate(SUMMARY_WIDTHS):
        ws.set_column(i, i, width)
    write_text(ws, 0, 0, f"Summary: {sc.template.title}, {sc.period.label}", f(bold=True, font_size=14))
    ws.set_row(0, layout.TITLE_HEIGHT)  # rows are as tall as 10pt text unless told: a larger font would overlap
    write_text(ws, 1, 0, sc.template.portfolio, f(bold=True))
    header = ctx.header_format()
    for i, title in enumerate(("Level", "Name", "RAG", "Rests on", "Green", "Amber", "Red", "Monitor")):
        write_text(ws, 3, i, title, header)
    row = 4
    cell = f(border=1, text_wrap=True)
    for outcome in sc.outcomes:
        headings = [("Outcome", outcome.name, outcome.rag, outcome.counts)]
        headings += [("Theme", t.name, t.rag, t.counts) for t in outcome.themes]
        for level, name, rag, counts in headings:
            write_text(ws, row, 0, level, f(border=1, bold=level == "Outcome"))
            write_text(ws, row, 1, name, cell)
            write_text(ws, row, 2, rag.value, f(border=1, bold=True))
            write_text(ws, row, 3, counts.text, cell)
            for i, n in enumerate((counts.green, counts.amber, counts.red, counts.monitor)):
                ws.write_number(row, 4 + i, n, f(border=1))
            ws.set_row(row, layout.row_height([(name, SUMMARY_WIDTHS[1])]))
            row += 1
    rag_colours(ctx, ws, 4, 2, row - 1)
    row += 1
    reds = sc.exceptions
    write_text(ws, row, 0, f"Exceptions: measures rated Red ({len(reds)})", f(bold=True, font_size=12))
    ws.set_row(row, layout.SUBTITLE_HEIGHT)
    row += 1
    for i, title in enumerate(("No.", "Measure", "Latest", "Narrative", "Target", "Compared with")):
        write_text(ws, row, i, title, header)
    ws.set_row(row, 2 * layout.LINE_HEIGHT + 4)
    row += 1
    for r in reds:
        m = r.measure
        latest = r.latest  # a quarterly or annual measure's latest period may end before the report month
        ws.write_number(row, 0, m.number, f(border=1, align="left"))
        write_text(ws, row, 1, m.title, cell)
        write_figure(ws, row, 2, latest, m.unit, m.decimals, f)
        write_text(ws, row, 3, r.narrative, cell)
        if r.target is not None:
            ws.write_number(row, 4, r.target, f(border=1, num_format=layout.target_format(m)))
        write_text(ws, row, 5, r.compared_text, cell)
        ws.set_row(row, layout.row_height([(m.title, SUMMARY_WIDTHS[1]), (r.narrative, SUMMARY_WIDTHS[3])]))
        row += 1
    if not reds:
        write_text(ws, row, 1, "No measure is rated Red.")
        row += 1
    print_setup(ws, 3)
    ws.print_area(0, 0, row - 1, len(SUMMARY_WIDTHS) - 1)
