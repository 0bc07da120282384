"""Read the period a sheet name, header or Month/Period cell gives, for each measure's frequency and year end,
reporting a label that reads two ways or names another frequency once, at its cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ...model import MONTH_ABBR, Frequency, Location, MeasureDef, Month, Period, Problem
from ..grid import DATE, NUMBER, TEXT, Cell
from .month_labels import excel_date
from .period_labels import PeriodError, find_period, is_period_label
from .period_text import PeriodError as _TextError
from .period_text import YearText, read_label


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


def is_bare_year(label: str) -> bool:
    """True for a year written as four digits and nothing to say which kind (`2017`, `2017 [p]`): not `2016/17`,
    `FY 2017` or `calendar year 2017`."""
    try:
        found = read_label(label)
    except _TextError:
        return False
    reading = found.reading if found is not None else None
    return isinstance(reading, YearText) and not reading.split and reading.ends is None


def once_per_measure(warnings: list[Problem]) -> list[Problem]:
    """`warnings` with only the first `bare-year` warning of each measure, however many sheets and files gave it."""
    seen: set[str | None] = set()
    kept = []
    for w in warnings:
        if w.code == "bare-year":
            if w.location.measure in seen:
                continue
            seen.add(w.location.measure)
        kept.append(w)
    return kept


@dataclass
class HeaderColumns:
    """The columns of a header row of period labels that one measure reads, with the last month of each one's
    period (`reads`), the month a month header names where it lies inside that period (`inside`), and the columns
    of another frequency it must not read (`others`)."""

    reads: dict[int, Month] = field(default_factory=dict)
    inside: dict[int, Month] = field(default_factory=dict)
    others: list[int] = field(default_factory=list)


class PeriodReader:
    """Resolves period labels for measures; each problem is added to `issues` once per (code, place).

    Each (label, frequency, year end) is read once: a month sheet's label serves every row, a wide sheet's header
    every row under it. A bare year (`2017`) read for an annual measure whose years do not end in December is a
    warning in `warnings` (when given), once per measure: `2017` is read as the year ending in its `year_end`.
    """

    def __init__(self, issues: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.issues = issues
        self.warnings = warnings
        self.bare_years: set[str] = set()  # measures already warned about a bare year
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
        if period is None:
            return None
        if measure.frequency is Frequency.YEAR and measure.year_end != 12 and self.warnings is not None:
            self._bare_year(label, where, measure, period.end)
        return period.end

    def _bare_year(self, label: str, where: Location, measure: MeasureDef, end: Month) -> None:
        if measure.id in self.bare_years or not is_bare_year(label):
            return
        assert self.warnings is not None
        self.bare_years.add(measure.id)
        shown = " ".join(label.split())
        self.warnings.append(
            Problem.warning(
                "bare-year",
                replace(where, measure=measure.id),
                f"{measure.id}: '{shown}' is read as {measure.period_label(end)} (the year ending in "
                f"{end.label}), as the measure's years end in {MONTH_ABBR[measure.year_end - 1]}; public-health "
                f"and ONS files write '{shown}' for the calendar year",
                f"if these are calendar years set `year_end: 12` for {measure.id}; if not, label the periods "
                f"{end.year - 1}/{end.year % 100:02d} so that they say which year",
            )
        )

    def header_columns(
        self, labels: Mapping[int, str], places: Mapping[int, Location], measure: MeasureDef
    ) -> HeaderColumns:
        """The columns of a header row of period labels (column → label, each label's place) that `measure` reads:
        those of its own frequency (SPEC §3.5). A quarterly or annual measure reads month headers only where the
        row has no header of its own frequency, each as the period holding that month; the columns of another
        frequency are listed in `others`, never read."""
        found = HeaderColumns()
        monthly = measure.frequency is Frequency.MONTH
        own = not monthly and any(
            self.month_of(label) is None and self.end(label, places[column], measure, quiet_frequency=True) is not None
            for column, label in labels.items()
        )
        for column, label in sorted(labels.items()):
            named = None if monthly else self.month_of(label)
            if named is not None and own:
                found.others.append(column)
                continue
            month = self.end(label, places[column], measure, quiet_frequency=True)
            if month is not None:
                found.reads[column] = month
                if named is not None and named != month:
                    found.inside[column] = named
            elif self.names_period(label, measure):
                found.others.append(column)
        return found

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
