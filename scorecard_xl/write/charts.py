"""Native Excel charts that Excel and LibreOffice both draw and print: trend lines, exception charts, RAG counts.

LibreOffice draws no sparklines, so the Appendix's Trend column holds one tiny line chart per measure row,
anchored to move and size with its cell and sized to fit inside it. Charts read numbers only: a text cell in a
line series is plotted as 0, so the trend charts read the hidden `Chart data` sheet, where symbols are blank.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.chart import Chart
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

# xlsxwriter's object_position values: 1 moves and sizes with the cells (twoCellAnchor), 2 moves only.
MOVE_AND_SIZE = 1
MOVE_DONT_SIZE = 2

MAX_DIGIT_WIDTH = 7  # pixels of one digit in the default font, as xlsxwriter converts column widths
CELL_PADDING = 5  # pixels
TREND_INSET = 2  # pixels between a trend chart and its cell's borders

LINE_COLOUR = "#000000"  # black prints dark in greyscale and on any fill
TARGET_COLOUR = "#595959"
EXCEPTION_CHART_PX = (900, 200)  # width, height: two to a printed A4 landscape page with the tables under them

# Greyscale-safe look per status: distinct grey levels, Amber hatched, Monitor white with an outline; every
# column also carries its count as a data label, so colour is never the only carrier of meaning.
RAG_STYLE: dict[str, dict[str, object]] = {
    "Green": {"fill": {"color": "#70AD80"}},
    "Amber": {"pattern": {"pattern": "wide_downward_diagonal", "fg_color": "#B36B00", "bg_color": "#FFD966"}},
    "Red": {"fill": {"color": "#7A0000"}},
    "Monitor": {"fill": {"color": "#FFFFFF"}},
}


@dataclass(frozen=True)
class SeriesRef:
    """A rectangular range on a worksheet, zero-based and inclusive: one row, or one column with `last_row`."""

    sheet: str
    row: int
    first_col: int
    last_col: int
    last_row: int | None = None

    @property
    def formula(self) -> str:
        """The absolute reference, e.g. `='Chart data'!$E$5:$Q$5`."""
        first = xl_rowcol_to_cell(self.row, self.first_col, row_abs=True, col_abs=True)
        end_row = self.row if self.last_row is None else self.last_row
        last = xl_rowcol_to_cell(end_row, self.last_col, row_abs=True, col_abs=True)
        return f"={quote_sheetname(self.sheet)}!{first}:{last}"


def column_width_px(width_chars: float) -> int:
    """A column width in characters as pixels, exactly as `Worksheet.set_column` converts it."""
    if width_chars <= 0:
        return 0
    if width_chars < 1:
        return int(width_chars * (MAX_DIGIT_WIDTH + CELL_PADDING) + 0.5)
    return int(width_chars * MAX_DIGIT_WIDTH + 0.5) + CELL_PADDING


def row_height_px(height_pt: float) -> int:
    """A row height in points as pixels, exactly as `Worksheet.set_row` converts it."""
    return int(height_pt * 4.0 / 3.0 + 0.5)


def padded_range(values: Sequence[float | None], padding: float = 0.12) -> tuple[float, float] | None:
    """The y axis (min, max) for a series: its own least and greatest figure widened by `padding` of the span.

    A flat series gets a band around its value so the line sits mid-height; None when there is no figure.
    """
    present = [v for v in values if v is not None and math.isfinite(v)]
    if not present:
        return None
    low, high = min(present), max(present)
    span = high - low
    if span == 0:
        span = abs(high) or 1.0
        return low - span * 0.5, high + span * 0.5
    return low - span * padding, high + span * padding


def isolated_points(values: Sequence[float | None]) -> list[int]:
    """Indexes of figures with no figure on either side: a line chart draws nothing for them without markers."""
    n = len(values)
    return [
        i for i, v in enumerate(values)
        if v is not None and (i == 0 or values[i - 1] is None) and (i == n - 1 or values[i + 1] is None)
    ]  # fmt: skip


def _no_axis() -> dict[str, object]:
    return {"visible": False, "major_gridlines": {"visible": False}, "minor_gridlines": {"visible": False}}


def insert_trend_chart(
    workbook: xlsxwriter.Workbook,
    ws: Worksheet,
    cell: tuple[int, int],
    series: SeriesRef,
    values: Sequence[float | None],
    *,
    size: tuple[float, float],
    description: str,
) -> Chart | None:
    """Put a small line chart of `series` inside `cell` (row, col); return it, or None when there is nothing to draw.

    `values` are the figures the range holds (None for a blank): they set the chart's own y range, so the shape
    shows. `size` is the cell's (column width in characters, row height in points) as given to `set_column` and
    `set_row`; the chart is inset on every side so both anchors fall in that cell, and it moves and sizes with the
    cell. No axes, legend or title; blanks are gaps; a figure with no neighbour gets a marker so it still shows.
    """
    y_range = padded_range(values)
    if y_range is None:
        return None
    width = column_width_px(size[0]) - 2 * TREND_INSET
    height = row_height_px(size[1]) - 2 * TREND_INSET
    if width < 4 or height < 4:
        return None
    marker: dict[str, object] = (
        {"type": "circle", "size": 2, "fill": {"color": LINE_COLOUR}, "border": {"color": LINE_COLOUR}}
        if isolated_points(values)
        else {"type": "none"}
    )
    chart = workbook.add_chart({"type": "line"})
    chart.add_series({"values": series.formula, "line": {"color": LINE_COLOUR, "width": 1.25}, "marker": marker})
    chart.set_title({"none": True})
    chart.set_legend({"none": True})
    chart.set_x_axis(_no_axis())
    chart.set_y_axis({**_no_axis(), "min": y_range[0], "max": y_range[1]})
    chart.show_blanks_as("gap")
    chart.set_chartarea({"border": {"none": True}, "fill": {"none": True}})
    layout = {"x": 0.02, "y": 0.04, "width": 0.96, "height": 0.92}
    chart.set_plotarea({"border": {"none": True}, "fill": {"none": True}, "layout": layout})
    chart.set_size({"width": width, "height": height})
    anchor = {"x_offset": TREND_INSET, "y_offset": TREND_INSET, "object_position": MOVE_AND_SIZE}
    ws.insert_chart(cell[0], cell[1], chart, {**anchor, "description": description})
    return chart


@dataclass(frozen=True)
class ExceptionChart:
    """What an exception chart shows: its title, the month labels, the figures, the target row (None for none)."""

    title: str
    categories: SeriesRef
    values: SeriesRef
    target: SeriesRef | None
    number_format: str
    description: str
    y_range: tuple[float, float] | None


def insert_exception_chart(
    workbook: xlsxwriter.Workbook, ws: Worksheet, row: int, col: int, spec: ExceptionChart
) -> Chart:
    """A titled line chart of one measure's recent figures with its target as a dashed flat line, at (row, col).

    The chart moves with its cells but keeps its size. Figures carry data labels in the measure's format, so the
    chart reads without colour; the y axis is zoomed to `spec.y_range` when given.
    """
    chart = workbook.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": "Figure",
            "categories": spec.categories.formula,
            "values": spec.values.formula,
            "line": {"color": LINE_COLOUR, "width": 2.25},
            "marker": {"type": "circle", "size": 5, "fill": {"color": LINE_COLOUR}, "border": {"color": LINE_COLOUR}},
            "data_labels": {"value": True, "position": "above", "num_format": spec.number_format, "font": {"size": 8}},
        }
    )
    if spec.target is not None:
        chart.add_series(
            {
                "name": "Target",
                "categories": spec.categories.formula,
                "values": spec.target.formula,
                "line": {"color": TARGET_COLOUR, "width": 1.5, "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
    chart.set_title({"name": spec.title[:250], "name_font": {"size": 10, "bold": True}, "overlay": False})
    chart.set_legend({"position": "bottom"})
    chart.set_x_axis({"num_font": {"size": 8}, "line": {"color": "#808080"}})
    y_axis: dict[str, object] = {
        "num_format": spec.number_format,
        "num_font": {"size": 8},
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9", "width": 0.5}},
    }
    if spec.y_range is not None:
        y_axis.update(min=spec.y_range[0], max=spec.y_range[1])
    chart.set_y_axis(y_axis)
    chart.show_blanks_as("gap")
    chart.set_chartarea({"border": {"color": "#808080", "width": 0.75}})
    chart.set_size({"width": EXCEPTION_CHART_PX[0], "height": EXCEPTION_CHART_PX[1]})
    ws.insert_chart(row, col, chart, {"object_position": MOVE_DONT_SIZE, "description": spec.description})
    return chart


def insert_rag_counts_chart(
    workbook: xlsxwriter.Workbook,
    ws: Worksheet,
    at: tuple[int, int],
    categories: SeriesRef,
    series: Mapping[str, SeriesRef],
    *,
    description: str,
    size_px: tuple[int, int],
) -> Chart:
    """A clustered bar chart of measures by status (one series per key of `series`) for each portfolio.

    It reads in greyscale: each status has its own grey level or hatching, every bar carries its count as a data
    label, and the legend names the statuses in table order.
    """
    chart = workbook.add_chart({"type": "column"})
    for name, ref in series.items():
        options: dict[str, object] = {
            "name": name,
            "categories": categories.formula,
            "values": ref.formula,
            "border": {"color": "#000000", "width": 0.75},
            "data_labels": {"value": True, "position": "outside_end", "font": {"size": 9, "bold": True}},
            **RAG_STYLE.get(name, {"fill": {"color": "#808080"}}),
        }
        chart.add_series(options)
    chart.set_title({"name": "Measures by status and portfolio", "name_font": {"size": 11, "bold": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_x_axis({"num_font": {"size": 9}})
    chart.set_y_axis({"min": 0, "num_format": "0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_chartarea({"border": {"color": "#808080"}})
    chart.set_size({"width": size_px[0], "height": size_px[1]})
    ws.insert_chart(at[0], at[1], chart, {"object_position": MOVE_DONT_SIZE, "description": description})
    return chart
