"""Check the figure cells of extract rows and turn them into observations, reporting each problem at its cell."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ...model import Location, Meaning, MeasureDef, Month, Observation, Problem, Status, Unit
from ...numbers import as_written, display_round, format_number
from ..cells.values import MAX_FIGURE, MISSING, CellProblem, Parsed, parse_value
from ..grid import NUMBER, Cell, Sheet, cell_ref

_PERCENT_SLACK = 1e-9
# Enum members as module names: a class attribute of an Enum costs ten times a global, once per figure row.
VALUE, MISSING_STATUS, SUPPRESSED = Status.VALUE, Status.MISSING, Status.SUPPRESSED
PERCENT, RATE, NOT_NEGATIVE = Unit.PERCENT, Unit.RATE, (Unit.COUNT, Unit.RATE, Unit.DAYS)


@dataclass(slots=True)
class Entry:
    """One measure's cells for one month, as found in a row (or, in the wide shape, a row and column)."""

    measure: MeasureDef
    month: Month
    row: int
    value_col: int | None
    value: Cell | None
    num_col: int | None = None
    numerator: Cell | None = None
    den_col: int | None = None
    denominator: Cell | None = None
    narrative: str = ""
    group: object = "sheet"  # the value column: the sheet's Value column, or a wide sheet's column
    header: str = ""  # the value column's header text (`Value (%)`), evidence of a percent measure's scale
    area: str | None = None  # a comparator area's key (tidy open data); None for the council's own figure


@dataclass(frozen=True)
class Pending:
    """A plain figure (no % format or sign) of a percent measure, held as written until the measure's scale is
    decided from all its figures in all inputs; `column` names its column (file, sheet, group) for evidence."""

    observation: Observation
    measure: MeasureDef
    column: tuple[str, str | None, object]
    header: str


@dataclass
class Findings:
    """What checking a sheet's entries found."""

    observations: list[Observation] = field(default_factory=list)
    issues: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)


def where(sheet: Sheet, row: int | None = None, column: int | None = None) -> Location:
    """The place of a cell (or of the sheet when no cell is given)."""
    cell = cell_ref(row, column) if row is not None and column is not None else None
    return Location(sheet.file, sheet.name, cell)  # by position: once per figure, and keywords cost more


def parse_cell(
    sheet: Sheet,
    row: int,
    column: int | None,
    cell: Cell | None,
    issues: list[Problem],
    symbols: Mapping[str, Meaning] | None = None,
) -> Parsed | None:
    """The cell's reading, or None with an issue at that cell when it holds no usable figure."""
    try:
        return parse_value(cell, symbols)
    except CellProblem as problem:
        issues.append(Problem.error(problem.code, where(sheet, row, column), problem.message, problem.hint))
        return None


class _Checker:
    def __init__(self, sheet: Sheet, found: Findings, symbols: Mapping[str, Meaning] | None) -> None:
        self.sheet = sheet
        self.found = found
        self.symbols = symbols

    def issue(self, code: str, row: int, column: int | None, message: str, hint: str) -> None:
        self.found.issues.append(Problem.error(code, where(self.sheet, row, column), message, hint))

    def parse(self, row: int, column: int | None, cell: Cell | None) -> Parsed | None:
        return parse_cell(self.sheet, row, column, cell, self.found.issues, self.symbols)

    def counts(self, e: Entry, num: float | None, den: float | None) -> bool:
        """Check numerator and denominator; True when they are usable."""
        if num is None and den is None:
            return True  # nothing to check: the common case of a value with no numerator or denominator
        before = len(self.found.issues)
        for part, figure, column in (("numerator", num, e.num_col), ("denominator", den, e.den_col)):
            if figure is not None and figure < 0:
                self.issue("negative", e.row, column, f"the {part} is negative ({as_written(figure)})",
                           "a numerator or denominator counts things and cannot be below 0")  # fmt: skip
        if len(self.found.issues) == before and num is not None and den is not None:
            if den == 0:
                self.issue("zero-denominator", e.row, e.den_col, "the denominator is 0",
                           "enter the real denominator, or leave Value, Numerator and Denominator blank")  # fmt: skip
            elif e.measure.unit is PERCENT and num > den:
                message = f"the numerator ({as_written(num)}) is larger than the denominator ({as_written(den)})"
                hint = "a percentage's numerator counts part of its denominator; check the two columns"
                self.issue("numerator-over-denominator", e.row, e.num_col, message, hint)
        return len(self.found.issues) == before

    def figure(self, e: Entry, number: float) -> bool:
        """Check a figure against its measure's unit; True when it is usable."""
        column = e.value_col if e.value_col is not None else e.num_col
        unit = e.measure.unit
        if not math.isfinite(number):
            self.issue("not-a-number", e.row, column, "the figure cannot be worked out (it overflows)",
                       "check the value, numerator and denominator")  # fmt: skip
        elif unit in NOT_NEGATIVE and number < 0:
            message = f"the figure is negative ({as_written(number)}) for a {unit.value} measure"
            self.issue("negative", e.row, column, message, "counts, rates and days cannot be below 0; check the figure")
        elif unit is PERCENT and not -_PERCENT_SLACK <= number <= 1 + _PERCENT_SLACK:
            message = f"the percentage {number * 100:g}% is outside 0–100%"
            hint = "enter a percentage between 0% and 100% (as 71%, 0.71, or 71 on a sheet of whole percents)"
            self.issue("percent-out-of-range", e.row, column, message, hint)
        else:
            return True
        return False

    def observation(self, e: Entry, value: Parsed, num_p: Parsed | None, den_p: Parsed | None) -> None:
        num = num_p.number if num_p and num_p.status is VALUE else None
        den = den_p.number if den_p and den_p.status is VALUE else None
        if not self.counts(e, num, den):
            return
        number = value.number
        status = value.status
        if status is MISSING_STATUS:
            if any(p is not None and p.status is SUPPRESSED for p in (num_p, den_p)):
                status = SUPPRESSED
            elif num is not None and den is not None:
                if e.measure.unit is RATE and e.measure.per is None:
                    message = (f"{e.measure.id} is a rate and its Value is empty, but the template has no per: to "
                               "turn numerator ÷ denominator into a rate per 1,000, 10,000 or 100,000")  # fmt: skip
                    hint = "add per: 10000 (or the rate's base) to the measure, or enter the rate in the Value column"
                    self.issue("rate-needs-per", e.row, e.num_col, message, hint)
                    return
                number, status = e.measure.from_parts(num, den), VALUE
        place = where(self.sheet, e.row, e.value_col if e.value_col is not None else e.num_col)
        plain = value.number is not None and e.measure.unit is PERCENT and not value.percent
        if plain and status is VALUE:
            held = Observation(
                e.measure.id, e.month, status, number, place, num, den, e.narrative or None, value.symbol, e.area
            )
            column = (self.sheet.file, self.sheet.name, e.group)
            self.found.pending.append(Pending(held, e.measure, column, e.header))
            self.found.observations.append(held)  # in reading order; `read.scales` replaces it once settled
            return
        if number is not None and status is VALUE:
            if not self.figure(e, number):
                return
            if value.number is not None and num is not None and den is not None:
                self.disagreement(e, number, num, den, place)
        figure = number if status is VALUE else None
        self.found.observations.append(
            Observation(
                e.measure.id, e.month, status, figure, place, num, den, e.narrative or None, value.symbol, e.area
            )
        )

    def disagreement(self, e: Entry, number: float, num: float, den: float, place: Location) -> None:
        warning = disagreement(e.measure, number, num, den, place)
        if warning:
            self.found.warnings.append(warning)


def disagreement(measure: MeasureDef, number: float, num: float, den: float, place: Location) -> Problem | None:
    """A warning when a value and its numerator/denominator disagree by more than half a displayed unit."""
    unit, decimals = measure.unit, measure.decimals
    half_unit = 0.5 * 10**-decimals * (0.01 if unit is PERCENT else 1)
    parts = measure.from_parts(num, den)
    if abs(display_round(number, unit, decimals) - parts) > half_unit + 1e-12:
        ratio = f"{parts * 100:.4g}%" if unit is PERCENT else f"{parts:.4g}"
        return Problem.warning(
            "value-disagrees", place, f"the value ({format_number(number, unit, decimals)}) disagrees with "
            f"numerator/denominator ({as_written(num)}/{as_written(den)} = {ratio}); the value is used",
        )  # fmt: skip
    return None


def _plain_number(cell: Cell | None) -> Parsed | None:
    """The reading of a number cell within bounds (the common case, read without `parse_value`'s other checks);
    None for anything else, which `parse_value` reads."""
    if cell is not None and cell.kind is NUMBER:
        number = cell.value
        if type(number) is float and -MAX_FIGURE <= number <= MAX_FIGURE:
            return Parsed(VALUE, number, cell.percent)
    return None


def observe(sheet: Sheet, entries: Iterable[Entry], symbols: Mapping[str, Meaning] | None = None) -> Findings:
    """Parse and check every entry's cells; usable ones become observations, others issues at their cells.

    Plain numbers of percent measures (no % format or sign) come back as written, and in `pending`: their scale is
    decided per measure from all its figures in all inputs (`read.scales`); %-formatted cells and `%` text are
    exact. `symbols` are the template's additions to the statistical symbols.
    """
    found = Findings()
    check = _Checker(sheet, found, symbols)
    parsed = []
    for e in entries:
        value = _plain_number(e.value) or check.parse(e.row, e.value_col, e.value)
        num = den = None
        if e.num_col is not None:
            num = MISSING if e.numerator is None else check.parse(e.row, e.num_col, e.numerator)
        if e.den_col is not None:
            den = MISSING if e.denominator is None else check.parse(e.row, e.den_col, e.denominator)
        if value is None or (e.num_col is not None and num is None) or (e.den_col is not None and den is None):
            continue
        parsed.append((e, value, num, den))
    for e, value, num, den in parsed:
        check.observation(e, value, num, den)
    return found
