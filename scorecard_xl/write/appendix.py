"""The `Appendix 1` sheet: title, outcome and theme headings with their RAG, the measure rows, the key, print setup."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.worksheet import Worksheet

from ..model import MeasureRow, Rag
from . import layout
from .cells import SHEET_MAIN, Context, escape_header, rag_colours, spc_colours, write_figure, write_text
from .chart_data import trend_series
from .charts import insert_trend_chart


@dataclass(frozen=True)
class _Sheet:
    """The Appendix 1 sheet being written: the build context, the worksheet and its table's columns."""

    ctx: Context
    ws: Worksheet
    table: layout.Table


def write_appendix(ctx: Context, sheet_name: str = SHEET_MAIN) -> None:
    """Add the Appendix 1 sheet (named `sheet_name`): every outcome, theme and measure of `ctx.scorecard`, with a
    Trend chart in each measure row that has figures, printable on A4 landscape.

    The cells are the same whatever the sheet is called and whatever else the workbook holds.
    """
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(sheet_name)
    sheet = _Sheet(ctx, ws, layout.table(sc))
    cols = sheet.table.columns
    for i, c in enumerate(cols):
        ws.set_column(i, i, c.width)
    tpl = sc.template
    write_text(ws, 0, 0, tpl.title, f(bold=True, font_size=16))
    ws.set_row(0, 24)
    write_text(ws, 1, 0, tpl.portfolio, f(bold=True, font_size=12))
    ws.set_row(1, 18)
    write_text(ws, 2, 0, f"Performance to {sc.period.label}", f(italic=True))
    header = f(
        bold=True, font_color=layout.WHITE, bg_color=layout.HEADER_FILL, text_wrap=True, border=1, valign="vcenter"
    )
    for i, c in enumerate(cols):
        write_text(ws, layout.HEADER_ROW, i, c.header, header)
    ws.set_row(layout.HEADER_ROW, 3 * layout.LINE_HEIGHT + 4)
    ws.repeat_rows(layout.HEADER_ROW)
    ws.freeze_panes(layout.FIRST_ROW, 2)

    row = layout.FIRST_ROW
    blocks: list[tuple[int, float]] = []
    for outcome in sc.outcomes:
        start = row
        height = _heading(sheet, row, "Outcome", outcome.name, outcome.rag, outcome.counts.text, layout.OUTCOME_FILL)
        blocks.append((start, height))
        row += 1
        for theme in outcome.themes:
            start = row
            total = _heading(sheet, row, "Theme", theme.name, theme.rag, theme.counts.text, layout.THEME_FILL)
            row += 1
            for measure_row in theme.rows:
                total += _measure(sheet, row, measure_row)
                row += 1
            if blocks and blocks[-1][0] == start - 1:  # keep an outcome heading with its first theme
                first, outcome_height = blocks.pop()
                blocks.append((first, outcome_height + total))
            else:
                blocks.append((start, total))
    rag_colours(ctx, ws, layout.FIRST_ROW, sheet.table.rag, row - 1)
    spc_columns = tuple(c for c in (sheet.table.variation, sheet.table.assurance) if c is not None)
    if spc_columns:
        spc_colours(ctx, ws, layout.FIRST_ROW, spc_columns, row - 1)
    row += 1
    write_text(ws, row, sheet.table.title, "Key", f(bold=True, font_size=11))
    row += 1
    for symbol, meaning in sc.key:
        write_text(ws, row, sheet.table.title, symbol, f(bold=True))
        write_text(ws, row, sheet.table.good, meaning)
        row += 1
    _print_setup(sheet, row - 1, blocks)


def _print_setup(sheet: _Sheet, last_row: int, blocks: list[tuple[int, float]]) -> None:
    ws, sc = sheet.ws, sheet.ctx.scorecard
    scale = layout.print_scale(sheet.table.columns)
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_print_scale(scale)
    ws.print_area(0, 0, last_row, len(sheet.table.columns) - 1)
    ws.set_h_pagebreaks(layout.page_breaks(blocks, 3 * layout.LINE_HEIGHT + 4, scale))
    tpl = sc.template
    title = f"{tpl.title} - {tpl.portfolio}" if tpl.portfolio else tpl.title
    ws.set_header(f"&C&B{escape_header(title)}", {"margin": 0.3})
    ws.set_footer(f"&L{escape_header(sc.period.label)}&CPage &P of &N", {"margin": 0.3})


def _heading(sheet: _Sheet, row: int, level: str, name: str, rag: Rag, counts: str, fill: str) -> float:
    """An outcome or theme heading row: its level, name, RAG and the counts it rests on; returns its height."""
    ws, f, table = sheet.ws, sheet.ctx.formats, sheet.table
    fmt = f(bold=True, bg_color=fill, border=1, text_wrap=True)
    for i in range(len(table.columns)):
        if i == table.number:
            write_text(ws, row, i, level, fmt)
        elif i == table.title:
            write_text(ws, row, i, name, fmt)
        elif i == table.rag:
            write_text(ws, row, i, rag.value, f(bold=True, bg_color=fill, border=1))
        elif i == table.benchmarks:
            write_text(ws, row, i, counts, f(bg_color=fill, border=1, text_wrap=True))
        else:
            ws.write_blank(row, i, None, fmt)
    height = layout.row_height([(name, table.width(table.title))], 18)
    ws.set_row(row, height)
    return height


def _spc_texts(table: layout.Table, r: MeasureRow) -> list[tuple[str, float]]:
    """The Variation and Assurance cells with their column widths, for the row's height; none without SPC."""
    if r.spc is None or table.variation is None or table.assurance is None:
        return []
    return [(r.spc.variation_cell, table.width(table.variation)), (r.spc.assurance_cell, table.width(table.assurance))]


def _measure(sheet: _Sheet, row: int, r: MeasureRow) -> float:
    """One measure's row: number, title, polarity, period, target, figures, trend, RAG, benchmarks, narrative."""
    ws, f, table = sheet.ws, sheet.ctx.formats, sheet.table
    m = r.measure
    plain = f(border=1, text_wrap=True)
    ws.write_number(row, table.number, m.number, f(border=1, align="left"))
    write_text(ws, row, table.title, m.title, plain)
    write_text(ws, row, table.good, r.good, plain)
    write_text(ws, row, table.period, r.period_text, plain if m.available else f(border=1, text_wrap=True, italic=True))
    if r.target is not None:
        ws.write_number(row, table.target, r.target, f(border=1, num_format=layout.target_format(m)))
    else:  # `Monitor`, or blank
        write_text(ws, row, table.target, r.target_text, f(border=1, align="right") if r.target_text else f(border=1))
    for col, figure in zip(table.figures, r.figures, strict=True):
        write_figure(ws, row, col, figure, m.unit, m.decimals, f)
    ws.write_blank(row, table.trend, None, f(border=1))
    write_text(ws, row, table.rag, r.rag.value if r.rag else "", f(border=1, bold=True))
    if table.variation is not None and table.assurance is not None:
        write_text(ws, row, table.variation, r.spc.variation_cell if r.spc else "", plain)
        write_text(ws, row, table.assurance, r.spc.assurance_cell if r.spc else "", plain)
    write_text(ws, row, table.benchmarks, r.benchmarks, plain)
    write_text(ws, row, table.narrative, r.narrative, plain)
    height = layout.row_height(
        [(m.title, table.width(table.title)), (r.benchmarks, table.width(table.benchmarks)),
         (r.narrative, table.width(table.narrative)), (r.period_label or m.period_type.value,
                                                      table.width(table.period)), *_spc_texts(table, r)]
    )  # fmt: skip
    ws.set_row(row, height)
    trend = trend_series(sheet.ctx, m) if m.available else None
    if trend is not None:
        ref, values, description = trend
        size = (table.width(table.trend), height)
        insert_trend_chart(sheet.ctx.workbook, ws, (row, table.trend), ref, values, size=size, description=description)
    return height
