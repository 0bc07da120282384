"""Decide what one extract cell holds: a number (percent or not), missing, a statistical symbol, or a problem."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ...model import Counting, Meaning, Status, Symbol
from ...numbers import percent_fraction, read_number
from ..grid import BOOL, DATE, ERROR, NO_VALUE, NUMBER, TEXT, Cell
from .month_labels import parse_month
from .symbol_cells import parse_symbol

MAX_FIGURE = 1e12  # no KPI figure, numerator or denominator comes near; keeps every sum and ratio finite
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_TEXT = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$")
_NOT_AVAILABLE_TOO = frozenset({"n.a.", "#n/a (missing)"})  # council spellings of "not available"
_STATUS_OF = {
    Counting.SUPPRESSED: Status.SUPPRESSED,
    Counting.MISSING: Status.MISSING,
    Counting.NO_FIGURE: Status.NO_FIGURE,
    Counting.FIGURE: Status.VALUE,
}


class CellProblem(Exception):
    """A value cell that cannot be used: a code, what was found, and what to do."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(slots=True, unsafe_hash=True)  # not frozen, as Cell: made once per figure cell; never changed
class Parsed:
    """A cell's reading: status, number, whether it was unambiguously a percent (format or `%` text), and the
    statistical symbol it held (in place of the figure, or beside it: `12.3 [u]`)."""

    status: Status
    number: float | None = None
    percent: bool = False
    symbol: Symbol | None = None


MISSING = Parsed(Status.MISSING)  # a blank cell's reading


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _plausible(number: float) -> float:
    if not math.isfinite(number):
        raise CellProblem("not-a-number", f"holds {number}, not a finite number", "enter the figure")
    if abs(number) > MAX_FIGURE:
        raise CellProblem(
            "implausible-number",
            f"holds {number:.6g}, too large to be a KPI figure (the bound is {MAX_FIGURE:.0e})",
            "check the cell; a stray paste or a wrong column is likely",
        )
    return number


def parse_value(cell: Cell | None, symbols: Mapping[str, Meaning] | None = None) -> Parsed:
    """Read a figure cell: numbers, `1,241`, `71%`, blank (missing), and the statistical symbols of SPEC §3.5 with
    the template's `symbols` additions, each keeping its text as published and counting as its meaning says.

    Raises CellProblem for Excel error values, formulas with no saved result, dates, TRUE/FALSE and prose.
    """
    if cell is None:
        return MISSING
    if cell.kind == NUMBER:
        return Parsed(Status.VALUE, _plausible(float(cell.value)), cell.percent)
    if cell.kind == ERROR:
        raise CellProblem(
            "excel-error", f"holds the Excel error {cell.value}", "fix the formula or enter the figure by hand"
        )
    if cell.kind == NO_VALUE:
        raise CellProblem(
            "formula-no-value",
            "holds a formula with no saved result",
            "open the workbook in Excel so it calculates, then save it",
        )
    if cell.kind == DATE:
        raise CellProblem("date-in-value", "holds a date, not a figure", "enter the figure as a number")
    if cell.kind == BOOL:
        raise CellProblem("bool-in-value", f"holds {str(cell.value).upper()}, not a figure", "enter the figure")
    text = str(cell.value).replace("\u00a0", " ").strip()
    if not text:
        return MISSING
    symbol = parse_symbol(text, symbols)
    if symbol is None and text.casefold() in _NOT_AVAILABLE_TOO:
        symbol = Symbol(text, text.casefold(), Meaning.NOT_AVAILABLE)
    if symbol is not None:
        status = _STATUS_OF[symbol.counts_as]
        number = _plausible(symbol.value) if status is Status.VALUE and symbol.value is not None else None
        return Parsed(status, number, symbol.percent, symbol)
    written = read_number(text.replace(" ", "") if "%" in text else text, thousands=True)
    if written is not None:
        if written.suffix == "%":
            return Parsed(Status.VALUE, percent_fraction(_plausible(written.value)), True)
        return Parsed(Status.VALUE, _plausible(written.value))
    if _DATE_TEXT.match(text) or parse_month(text):
        raise CellProblem("date-in-value", f"holds the date {_shown(text)}, not a figure", "enter the figure")
    raise CellProblem(
        "text-in-value",
        f"holds the text {_shown(text)}, not a figure",
        "enter a number, leave it blank or 'x' when not available, 'c' when suppressed (or add the symbol to the "
        "template's symbols:)",
    )


def clean_text(cell: Cell | None) -> str:
    """Narrative or title text as written: outer spaces trimmed, control characters removed."""
    if cell is None:
        return ""
    value = cell.value
    if type(value) is str and cell.kind is not NO_VALUE:
        return _clean(value)
    if cell.kind == NUMBER and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if cell.kind == NO_VALUE:
        return ""
    return _clean(str(value))


@functools.lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    """`text` with line ends made `\\n`, control characters removed and outer spaces trimmed; ids, titles and
    headers repeat on every sheet, so each is cleaned once."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def is_text(cell: Cell | None) -> bool:
    """True for a text cell holding something other than spaces."""
    return cell is not None and cell.kind == TEXT and str(cell.value).strip() != ""
