"""The periods a measure's figures belong to: the month, quarter or year (ending in the measure's year end)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .months import MONTH_ABBR, Month

YEAR_KIND = {3: "financial year", 8: "academic year", 12: "calendar year"}


class Frequency(enum.Enum):
    """How often a measure has a figure; the value is the template's `frequency:` word."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def length(self) -> int:
        """Months in one period: 1, 3 or 12."""
        return {"month": 1, "quarter": 3, "year": 12}[self.value]


@dataclass(frozen=True, slots=True)
class Period:
    """The months a figure belongs to: the month, quarter or year ending in `end`.

    Years end in `year_end` (3 financial, 8 academic, 12 calendar); quarters are the quarters of such a year. A
    `rolling` period is a month or quarter whose figure covers the twelve months ending in `end` (`Jan 2012-Dec 2012`
    read for a monthly or quarterly measure): it takes that month's or quarter's place.
    """

    frequency: Frequency
    end: Month
    year_end: int = 3
    rolling: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.year_end <= 12:
            raise ValueError(f"year_end out of range: {self.year_end}")
        if self.frequency is Frequency.YEAR and (self.end.month != self.year_end or self.rolling):
            raise ValueError(f"a year ending in month {self.year_end} cannot end in {self.end.label}")
        if self.frequency is Frequency.QUARTER and not on_quarter_grid(self.end, self.year_end):
            raise ValueError(f"no quarter of a year ending in month {self.year_end} ends in {self.end.label}")

    @property
    def start(self) -> Month:
        """The first month the figure covers."""
        return self.end.shift(1 - len(self))

    @property
    def months(self) -> tuple[Month, ...]:
        """Every month the figure covers, in order."""
        return tuple(self.end.shift(-back) for back in range(len(self) - 1, -1, -1))

    def __len__(self) -> int:
        return 12 if self.rolling else self.frequency.length

    def __contains__(self, month: object) -> bool:
        return isinstance(month, Month) and self.start <= month <= self.end

    @property
    def label(self) -> str:
        """How the period prints: `Sep 2016`, `Jul–Sep 2016`, `2015/16` (financial or academic), `2019` (calendar),
        `Oct 2022–Sep 2023` (a year ending in another month), `Jan 2012–Dec 2012` (rolling)."""
        if self.frequency is Frequency.MONTH and not self.rolling:
            return self.end.label
        if self.frequency is Frequency.YEAR:
            if self.year_end == 12:
                return str(self.end.year)
            if self.year_end not in YEAR_KIND:  # `2022/23` would read as a financial year
                return f"{self.start.label}–{self.end.label}"
            return f"{self.end.year - 1}/{self.end.year % 100:02d}"
        if self.start.year == self.end.year and not self.rolling:
            return f"{MONTH_ABBR[self.start.month - 1]}–{self.end.label}"
        return f"{self.start.label}–{self.end.label}"

    @property
    def description(self) -> str:
        """The `Data period` wording: `Quarterly (Jul–Sep 2016)`, `Annual (financial year 2015/16)`."""
        if self.rolling:
            return f"Rolling year ({self.label})"
        if self.frequency is Frequency.MONTH:
            return f"Monthly ({self.label})"
        if self.frequency is Frequency.QUARTER:
            return f"Quarterly ({self.label})"
        kind = YEAR_KIND.get(self.year_end)
        return f"Annual ({kind} {self.label})" if kind else f"Annual (year ending {self.end.label})"

    def shift(self, periods: int) -> Period:
        """The period `periods` later (earlier when negative) of the same frequency: previous quarter is `shift(-1)`."""
        return Period(self.frequency, self.end.shift(periods * self.frequency.length), self.year_end, self.rolling)

    def _key(self) -> tuple[Month, int, bool, int]:
        return (self.end, len(self), self.rolling, self.year_end)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()


def year_start(month: Month, year_end: int) -> Month:
    """The first month of the year (ending in month `year_end`) that `month` falls in: April for financial years."""
    return month.shift(-((month.month - year_end - 1) % 12))


def year_label(month: Month, year_end: int = 3) -> str:
    """`2016/17`, the year `month` falls in as a target names it: the academic year (September–August) for a
    year ending in August, the financial year (April–March) for any other year end."""
    last = 8 if year_end == 8 else 3
    end_year = month.year + (1 if month.month > last else 0)
    return f"{end_year - 1}/{end_year % 100:02d}"


def is_period_end(month: Month, frequency: Frequency, year_end: int) -> bool:
    """True when a period of `frequency` (in years ending in month `year_end`) ends in `month`; every month does
    for a monthly frequency."""
    return (month.month - year_end) % frequency.length == 0


def latest_period_end(month: Month, frequency: Frequency, year_end: int) -> Month:
    """The end of the latest period of `frequency` ending at or before `month` (SPEC §5.6)."""
    return month.shift(-((month.month - year_end) % frequency.length))


def previous_period(month: Month, frequency: Frequency, year_end: int) -> Period:
    """The latest period of `frequency` ended before `month`: last month, or the last quarter or year to have ended."""
    return Period(frequency, latest_period_end(month.shift(-1), frequency, year_end), year_end)


def period_ends(last: Month, frequency: Frequency, year_end: int, count: int) -> list[Month]:
    """The ends of the `count` latest periods of `frequency` ending at or before `last`, oldest first."""
    end = latest_period_end(last, frequency, year_end)
    return [end.shift(-frequency.length * back) for back in reversed(range(count))]


def on_quarter_grid(end: Month, year_end: int) -> bool:
    return (end.month - year_end) % 3 == 0


def check_year_end(year_end: int) -> None:
    if not isinstance(year_end, int) or not 1 <= year_end <= 12:
        raise ValueError(f"year_end must be a month number 1-12, not {year_end!r}")


def period_containing(when: Month | dt.date, frequency: Frequency, year_end: int = 3) -> Period:
    """The period of `frequency` that contains the month or date `when` (1 Jan 2024 → Jan–Mar 2024 for a quarter)."""
    check_year_end(year_end)
    month = when if isinstance(when, Month) else Month(when.year, when.month)
    if frequency is Frequency.MONTH:
        return Period(frequency, month, year_end)
    step = 3 if frequency is Frequency.QUARTER else 12
    ahead = (year_end - month.month) % step
    return Period(frequency, month.shift(ahead), year_end)
