"""Extracts generated in code: the one workbook writer and the one long CSV writer every test uses.

Nothing here is committed as a binary: every workbook a test reads is written into its tmp_path by these.

`write_workbook` writes sheets through xlsxwriter from plain rows (`SheetSpec`). A cell is a Python value
(number, text, bool, date, None for blank) or one of the small wrappers below: `Pct` (a %-formatted number),
`Fmt` (a number or date with any number format), `Formula` (with or without a cached value; without one the
`<v>` element is removed from the saved sheet, as a workbook saved without calculating holds it) and `Text`
(text of any length: over Excel's 32,767 characters it is written through a placeholder and swapped in after).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter

from scorecard_xl.model import EXCEL_CELL_LIMIT
from scorecard_xl.read.grid import cell_ref

from .zips import rewrite_zip

HEADER = ("Measure", "Value", "Numerator", "Denominator", "Narrative")
LONG_HEADER = ("Measure", "Month", "Value")


@dataclass(frozen=True)
class Pct:
    """A number shown with a percent format (`0%` by default): 0.71 shows as 71%."""

    value: float
    num_format: str = "0%"


@dataclass(frozen=True)
class Fmt:
    """A number or a date with any number format, e.g. `0.0`, `mmm yyyy` or `dd/mm/yyyy`."""

    value: float | dt.date
    num_format: str


@dataclass(frozen=True)
class Formula:
    """A formula cell. `cached` is the saved result (a number, text, bool or an error such as `#DIV/0!`);
    with `cached=None` the saved sheet holds the formula and no result at all."""

    formula: str
    cached: float | str | bool | None = None
    num_format: str | None = None


@dataclass(frozen=True)
class Text:
    """Text written as text whatever it looks like (never a formula or a number), of any length."""

    value: str


@dataclass
class SheetSpec:
    """One sheet: its name, data rows under the header, and what goes above it.

    `header_row` is the 0-based row of the header; `above` rows are written from row 0 (a title, a Period
    label); `period` writes `period_label` and `period` in A1:B1; `header=None` writes no header row at all.
    Header cells may be any cell (a date with a format, for a wide sheet). `merged` ranges (`{"C3:F3": "Children
    adopted"}`) are written last, as Excel merges them: the text in the range's first cell, the others blank.
    """

    name: str
    rows: Sequence[Sequence[Any]]
    header: Sequence[Any] | None = HEADER
    header_row: int = 0
    period: Any = None
    period_label: str = "Period"
    hidden: bool = False
    above: Sequence[Sequence[Any]] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)

    def data_cell(self, row_index: int, column: int) -> str:
        """The A1 reference of data row `row_index` (0-based, under the header), column `column` (0-based)."""
        return cell_ref(self.header_row + 2 + row_index, column + 1)


class _Writer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = xlsxwriter.Workbook(str(path))
        self.book.set_properties({"created": dt.datetime(2016, 10, 3)})
        self.formats: dict[str, Any] = {}
        self.uncached: list[tuple[int, str]] = []  # (sheet index, cell ref)
        self.long_text: dict[str, str] = {}

    def fmt(self, num_format: str | None) -> Any:
        if num_format is None:
            return None
        if num_format not in self.formats:
            self.formats[num_format] = self.book.add_format({"num_format": num_format})
        return self.formats[num_format]

    def put(self, ws: Any, sheet_index: int, row: int, col: int, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Fmt) and isinstance(value.value, dt.date):
            ws.write_datetime(row, col, value.value, self.fmt(value.num_format))
        elif isinstance(value, Pct | Fmt):
            ws.write_number(row, col, value.value, self.fmt(value.num_format))
        elif isinstance(value, Formula):
            if value.cached is None:
                ws.write_formula(row, col, value.formula, self.fmt(value.num_format))
                self.uncached.append((sheet_index, cell_ref(row + 1, col + 1)))
            else:
                ws.write_formula(row, col, value.formula, self.fmt(value.num_format), value.cached)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value)
        elif isinstance(value, dt.datetime | dt.date):
            ws.write_datetime(row, col, value, self.fmt("yyyy-mm-dd"))
        elif isinstance(value, Text | str):
            text = value.value if isinstance(value, Text) else value
            if len(text) > EXCEL_CELL_LIMIT:
                marker = f"@@LONG{len(self.long_text)}@@"
                self.long_text[marker] = text
                text = marker
            ws.write_string(row, col, text)
        else:
            raise TypeError(f"the test writer cannot write {value!r}")

    def sheet(self, index: int, spec: SheetSpec) -> None:
        ws = self.book.add_worksheet(spec.name)
        if spec.hidden:
            ws.hide()
        for r, row in enumerate(spec.above):
            for c, value in enumerate(row):
                self.put(ws, index, r, c, value)
        if spec.period is not None:
            self.put(ws, index, 0, 0, spec.period_label)
            self.put(ws, index, 0, 1, spec.period)
        if spec.header is not None:
            for c, title in enumerate(spec.header):
                self.put(ws, index, spec.header_row, c, title)
        for r, row in enumerate(spec.rows, start=spec.header_row + 1):
            for c, value in enumerate(row):
                self.put(ws, index, r, c, value)
        for cells, text in spec.merged.items():
            ws.merge_range(cells, text)

    def close(self, sheets: Sequence[SheetSpec]) -> None:
        if not sheets or all(s.hidden for s in sheets):
            raise ValueError("xlsxwriter needs one visible sheet")
        if sheets[0].hidden:
            # xlsxwriter cannot hide the active sheet; make the first visible one active.
            first_visible = next(i for i, s in enumerate(sheets) if not s.hidden)
            self.book.worksheets()[first_visible].activate()
        self.book.close()
        if self.uncached or self.long_text:
            rewrite_zip(self.path, self._post_process)

    def _post_process(self, name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet"):
            index = int(re.findall(r"\d+", name)[-1]) - 1
            text = data.decode("utf-8")
            for sheet_index, ref in self.uncached:
                if sheet_index == index:
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v>[^<]*</v>', r"\1\2", text)
                    assert n == 1, f"no formula at {ref}"
            return text.encode("utf-8")
        if name == "xl/sharedStrings.xml" and self.long_text:
            text = data.decode("utf-8")
            for marker, long in self.long_text.items():
                text = text.replace(f">{marker}<", f">{xml_text(long)}<")
            return text.encode("utf-8")
        return data


def xml_text(text: str) -> str:
    """Text escaped for an XML element, control characters written the way Excel does (`_x0001_`)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", escape(text))


def write_workbook(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write the sheets into a workbook at `path` (xlsxwriter, then any post-processing); returns `path`."""
    writer = _Writer(path)
    for index, spec in enumerate(sheets):
        writer.sheet(index, spec)
    writer.close(sheets)
    return path


def month_workbook(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Sep 2016", **options: Any) -> Path:
    """A one-sheet workbook: a month sheet named `sheet` holding `rows` under the header (see SheetSpec)."""
    return write_workbook(path, [SheetSpec(sheet, rows, **options)])


def month_sheets(path: Path, sheets: dict[str, Sequence[Sequence[Any]]], header: Sequence[str] = HEADER) -> Path:
    """A workbook of month sheets, `{"Oct 2016": [["CS01", 0.5], ...], ...}`, each under `header`."""
    return write_workbook(path, [SheetSpec(name, rows, header=header) for name, rows in sheets.items()])


def long_csv(path: Path, rows: Iterable[Sequence[Any]], header: Sequence[str] = LONG_HEADER) -> Path:
    """A CSV in the long shape: the header, then one row per measure and month (None is an empty field)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
