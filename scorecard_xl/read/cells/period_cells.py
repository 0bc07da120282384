"""Read the period a sheet name, header or Month/Period cell gives, for each measure's frequency and year end,
reporting a label that reads two ways or names another frequency once, at its cell."""

from __future__ import annotations

import datetime as dt

from ...model import Frequency, Location, MeasureDef, Month, Period, Problem
from ..grid import DATE, NUMBER, TEXT, Cell
from .month_labels import excel_date
from .period_labels import PeriodError, find_period, is_period_label


def label_of(cell: Cell | None) -> str | None:
    """The text of a cell that may hold a period label: text as written, a date as `YYYY-MM-DD`, a whole number of
    four or six digits (`2019`, `201609`) as its digits; None for anything else."""
    if cell is None:
        return None
    if cell.kind == TEXT and isinstance(cell.value, str):
        return cell.value
    if cell.kind == DATE:
        if isinstance(cell.value, str):
            return cell.value[:10]
        date = excel_date(float(cell.value))
        return date.isoformat() if isinstance(date, dt.date) else None
    if cell.kind == NUMBER and isinstance(cell.value, float) and cell.value.is_integer():
        number = int(cell.value)
        if 1900 <= number <= 2099 or 190001 <= number <= 209912:
            return str(number)
    return None


def is_period_cell(cell: Cell | None) -> bool:
    """True when the whole cell is a period label (a header such as `Change from Q4 2021` is not)."""
    label = label_of(cell)
    return label is not None and is_period_label(label)


class PeriodReader:
    """Resolves period labels for measures; each problem is added to `issues` once per (code, place).

    Each (label, frequency, year end) is read once: a month sheet's label serves every row, a wide sheet's header
    every row under it.
    """

    def __init__(self, issues: list[Problem]) -> None:
        self.issues = issues
        self.seen: set[tuple[str, Location]] = set()
        self.read: dict[tuple[str, Frequency, int], Period | PeriodError | None] = {}
        self.months: dict[str, Month | None] = {}

    def _find(self, label: str, measure: MeasureDef) -> Period | None:
        """`find_period` for the measure, remembered per label, frequency and year end; raises its PeriodError."""
        key = (label, measure.frequency, measure.year_end)
        found = self.read.get(key, key)
        if found is key:
            try:
                found = self.read[key] = find_period(label, measure.frequency, measure.year_end)
            except PeriodError as exc:
                self.read[key] = exc
                raise
        if isinstance(found, PeriodError):
            raise found.with_traceback(None)
        return found  # type: ignore[return-value]

    def end(self, label: str, where: Location, measure: MeasureDef, *, quiet_frequency: bool = False) -> Month | None:
        """The last month of the period of `measure`'s frequency that `label` names; None when `label` names none.

        A label that reads two ways, or names a period of another frequency, is an error at `where` (unless
        `quiet_frequency`, for a header row mixing frequencies, where each measure reads only its own columns).
        """
        try:
            period = self._find(label, measure)
        except PeriodError as exc:
            if quiet_frequency and exc.code == "period-frequency":
                return None
            self.report(exc, where)
            return None
        return period.end if period is not None else None

    def report(self, exc: PeriodError, where: Location) -> None:
        """Record `exc` as an error at `where`, once."""
        key = (exc.code, where)
        if key not in self.seen:
            self.seen.add(key)
            self.issues.append(Problem.error(exc.code, where, exc.message, exc.fix))

    def month_of(self, label: str) -> Month | None:
        """The month `label` names when it is a month label (`May 2016`, `2016-05`, a date); None for a quarter, a
        year, a range or no period. Remembered per label."""
        found = self.months.get(label, self)
        if found is self:
            try:
                period = find_period(label, Frequency.MONTH)
            except PeriodError:
                period = None
            found = self.months[label] = period.end if period is not None and not period.rolling else None
        return found  # type: ignore[return-value]

    def names_period(self, label: str, measure: MeasureDef) -> bool:
        """True when `label` is a period label of another frequency than `measure`'s (a column it must not read)."""
        try:
            self._find(label, measure)
        except PeriodError as exc:
            return exc.code == "period-frequency"
        return False
