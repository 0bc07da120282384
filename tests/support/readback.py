"""A built Appendix 1 read back with openpyxl into plain values the tests can compare: the Appendix 1 table
(`read_appendix`), any sheet cell by cell (`sheet_cells`, `differences`), and the About sheet (`about_rows`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from scorecard_xl.read.grid import parse_ref

ARROWS = {"↑", "↓", "→"}


@dataclass
class ShownFigure:
    value: float | None
    arrow: str | None
    text: str | None
    number_format: str


@dataclass
class ShownRow:
    kind: str  # Outcome, Theme or Measure
    cells: dict[str, Any]
    figures: dict[str, ShownFigure] = field(default_factory=dict)
    row: int = 0


def shown_text(value: float, number_format: str) -> str:
    """The text Excel would show for `value` under our number formats (`"↑ "0%`, `#,##0.0`)."""
    core = re.sub(r'^"[^"]*"', "", number_format)
    decimals = len(core.split(".")[1].rstrip("%")) if "." in core else 0
    if core.endswith("%"):
        return f"{_half_up(value * 100, decimals):.{decimals}f}%"
    return f"{_half_up(value, decimals):,.{decimals}f}"


def _half_up(x: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def arrow_of(number_format: str) -> str | None:
    match = re.match(r'^"(.) "', number_format)
    return match.group(1) if match and match.group(1) in ARROWS else None


def read_appendix(path: Path, sheet: str = "Appendix 1") -> tuple[openpyxl.Workbook, list[str], list[ShownRow]]:
    """The workbook, the header labels, and each outcome, theme and measure row of `Appendix 1` (or of the
    portfolio's sheet named `sheet`)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "No.")
    headers = [ws.cell(header_row, c).value for c in range(1, ws.max_column + 1)]
    rows: list[ShownRow] = []
    for r in range(header_row + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if first is None:
            break
        kind = first if first in ("Outcome", "Theme") else "Measure"
        cells = {h: ws.cell(r, c + 1).value for c, h in enumerate(headers) if h}
        shown = ShownRow(kind, cells, row=r)
        for c, h in enumerate(headers):
            if h and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", h):
                cell = ws.cell(r, c + 1)
                value = cell.value
                text = None
                if isinstance(value, (int, float)):
                    text = shown_text(float(value), cell.number_format)
                elif isinstance(value, str):
                    text = value
                shown.figures[h] = ShownFigure(value, arrow_of(cell.number_format), text, cell.number_format)
        rows.append(shown)
    return wb, headers, rows


def sheet_cells(path: Path, sheet: str, formats: bool = True) -> dict[str, Any]:
    """Every non-empty cell of `sheet` (or with a non-General format): coordinate → (value, number format), or
    coordinate → value with `formats=False`."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    cells: dict[str, Any] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and (not formats or cell.number_format == "General"):
                continue
            cells[cell.coordinate] = (cell.value, cell.number_format) if formats else cell.value
    wb.close()
    return cells


def differences(expected: dict[str, Any], got: dict[str, Any], limit: int = 25) -> list[str]:
    """Readable cell differences, `A7: expected … got …`, at most `limit` of them plus a count."""
    keys = sorted(set(expected) | set(got), key=parse_ref)
    out = [f"{k}: expected {expected.get(k)!r}, got {got.get(k)!r}" for k in keys if expected.get(k) != got.get(k)]
    if len(out) > limit:
        out = [*out[:limit], f"... and {len(out) - limit} more"]
    return out


def about_rows(path: Path) -> list[tuple[object, object]]:
    """The About sheet's (label, value) rows."""
    wb = openpyxl.load_workbook(path)
    rows = [(r[0], r[1] if len(r) > 1 else None) for r in wb["About"].iter_rows(values_only=True)]
    wb.close()
    return rows
