"""The Appendix 1 sheet as plain data: columns, colours, number formats, row heights and print setup."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Arrow, MeasureDef, Rag, Scorecard, Unit

FONT = "Arial"
FONT_SIZE = 10
LINE_HEIGHT = 12.75  # points per line of 10pt text
MAX_ROW_HEIGHT = 409.0  # Excel's limit
TITLE_HEIGHT = 24.0  # points: a row holding 14pt or 16pt text
SUBTITLE_HEIGHT = 20.0  # points: a row holding 12pt text
HEADER_ROW = 3  # zero-based: Excel row 4 holds the column headers, repeated on every printed page
FIRST_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Column:
    """A column of the Appendix 1 table: its header, width in characters and what it holds."""

    key: str
    header: str
    width: float
    wrap: bool = False


@dataclass(frozen=True)
class Table:
    """The Appendix 1 table's columns left to right, and the index of each column by what it holds."""

    columns: tuple[Column, ...]
    number: int
    title: int
    good: int
    period: int
    target: int
    figures: tuple[int, ...]  # one per report month
    trend: int
    rag: int
    benchmarks: int
    narrative: int
    variation: int | None = None  # Making Data Count's columns, after the RAG, when SPC is on
    assurance: int | None = None

    def width(self, index: int) -> float:
        """The width in characters of column `index`."""
        return self.columns[index].width


def table(scorecard: Scorecard) -> Table:
    """The table's columns, left to right, under the scorecard's headers, with a figure column per report month, and
    the Variation and Assurance columns after the RAG when the scorecard has SPC."""
    head, after = scorecard.headers, 5 + len(scorecard.columns)
    figures = tuple(Column(f"m{i}", head[5 + i], 8.5) for i in range(len(scorecard.columns)))
    spc = (
        (Column("variation", head[after + 2], 14, wrap=True), Column("assurance", head[after + 3], 13, wrap=True))
        if scorecard.spc
        else ()
    )
    rest = after + 2 + len(spc)
    columns = (
        Column("number", head[0], 8),
        Column("title", head[1], 34, wrap=True),
        Column("good", head[2], 7.5, wrap=True),
        Column("period", head[3], 14, wrap=True),
        Column("target", head[4], 8),
        *figures,
        Column("trend", head[after], 10, wrap=True),
        Column("rag", head[after + 1], 12.5, wrap=True),
        *spc,
        Column("benchmarks", head[rest], 24, wrap=True),
        Column("narrative", head[rest + 1], 44, wrap=True),
    )
    variation, assurance = (after + 2, after + 3) if spc else (None, None)
    return Table(columns, 0, 1, 2, 3, 4, tuple(range(5, after)), after, after + 1, rest, rest + 1, variation, assurance)


# Text and fill colours: every pair keeps a contrast ratio of at least 4.5:1 (checked by the tests).
BLACK = "#000000"
WHITE = "#FFFFFF"
HEADER_FILL = "#1F3864"  # column headers: white on navy
OUTCOME_FILL = "#D9E1F2"
THEME_FILL = "#EDEDED"
RAG_COLOURS: dict[Rag, tuple[str, str]] = {  # text, fill
    Rag.GREEN: ("#005A1E", "#C6EFCE"),
    Rag.AMBER: ("#6B4100", "#FFEB9C"),
    Rag.RED: ("#9C0006", "#FFC7CE"),
}
# Making Data Count's icon colours, as pale fills under dark text (blue improvement, orange concern, purple no
# direction, grey common cause; blue passing, orange failing, grey hit and miss), keyed on the cell's words.
SPC_COLOURS: dict[str, tuple[str, str]] = {  # words the cell contains → text, fill
    "improvement": ("#003A70", "#CCE4F7"),
    "concern": ("#7A3300", "#FBDCC0"),
    "Special cause (": ("#4B1C6B", "#E6D8F0"),
    "Common cause": ("#333333", "#E7E6E6"),
    "passing": ("#003A70", "#CCE4F7"),
    "failing": ("#7A3300", "#FBDCC0"),
    "Hit and miss": ("#333333", "#E7E6E6"),
}
ARROW_COLOURS: dict[Arrow, str] = {Arrow.UP: "#005A1E", Arrow.DOWN: "#9C0006", Arrow.SAME: "#404040"}
TEXT_FILL_PAIRS = (
    (BLACK, WHITE),
    (WHITE, HEADER_FILL),
    (BLACK, OUTCOME_FILL),
    (BLACK, THEME_FILL),
    *RAG_COLOURS.values(),
    *SPC_COLOURS.values(),
    *((colour, WHITE) for colour in ARROW_COLOURS.values()),
)


def number_format(unit: Unit, decimals: int, arrow: Arrow | None = None) -> str:
    """The Excel number format for a figure: `0%`, `#,##0.0`; with the arrow as a literal prefix (`"↑ "0%`)."""
    digits = "0" + ("." + "0" * decimals if decimals else "")
    core = digits + "%" if unit is Unit.PERCENT else "#,##0" + digits[1:]
    return f'"{arrow.value} "{core}' if arrow else core


def target_format(measure: MeasureDef) -> str:
    """The target's number format; the target keeps the decimals it was written with (`55.0%`)."""
    decimals = measure.target.decimals if measure.target.decimals is not None else measure.decimals
    return number_format(measure.unit, decimals)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped at word boundaries in a column `width` characters wide.

    Errs on the generous side (about 1.1 average Arial characters per width unit) so nothing is cut off.
    """
    per_line = max(1, int(width * 1.1))
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            while len(word) > per_line:  # a word longer than the line breaks anywhere
                if used:
                    lines += 1
                lines += 1
                word = word[per_line:]
                used = 0
            need = len(word) if used == 0 else used + 1 + len(word)
            if need > per_line:
                lines += 1
                used = len(word)
            else:
                used = need
    return max(1, lines)


def row_height(texts_and_widths: list[tuple[str, float]], minimum: float = 15.0) -> float:
    """A row height in points that shows every wrapped text whole (no client auto-fits reliably)."""
    lines = max((wrapped_lines(text, width) for text, width in texts_and_widths if text), default=1)
    return min(MAX_ROW_HEIGHT, max(minimum, lines * LINE_HEIGHT + 4))


def column_points(width: float) -> float:
    """A column's printed width in points, as Excel sizes a width of `width` characters."""
    return math.trunc(width * 7 + 5) * 0.75


# A4 landscape: 842 × 595 points; margins 0.4" left/right, 0.6" top/bottom (header/footer at 0.3").
PAGE_WIDTH = 842 - 2 * 0.4 * 72
PAGE_HEIGHT = 595 - 2 * 0.6 * 72


# LibreOffice lays Liberation Sans out a few percent wider than Excel lays out Arial; the print scale keeps
# this much in hand so the table is one page wide in both.
WIDTH_SAFETY = 1.12


def print_scale(cols: tuple[Column, ...]) -> int:
    """The print scale (percent) that fits the table one page wide on A4 landscape, in Excel and LibreOffice."""
    total = sum(column_points(c.width) for c in cols) * WIDTH_SAFETY
    return max(10, min(100, math.floor(100 * PAGE_WIDTH / total)))


def page_breaks(blocks: list[tuple[int, float]], header_height: float, scale: int) -> list[int]:
    """Rows to break before, so that no block (a theme: first row, height) is split when it fits on a page.

    `blocks` are in sheet order; a block that does not fit on a fresh page is left to flow across pages.
    """
    usable = PAGE_HEIGHT * 100 / scale - header_height
    breaks = []
    used = 0.0
    for index, (first_row, height) in enumerate(blocks):
        if index and used + height > usable and height <= usable:
            breaks.append(first_row)
            used = 0.0
        used += height
        while used > usable:
            used -= usable
    return breaks
