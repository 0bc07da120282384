"""Read period labels (months, quarters, years, ranges, EES time periods) into the Period of a measure's frequency."""

from __future__ import annotations

from ...model import MONTH_ABBR, YEAR_KIND, Frequency, Month, Period, check_year_end, on_quarter_grid, period_containing
from .period_text import (
    AllQuarters,
    EitherText,
    EndOf,
    Label,
    MonthText,
    PeriodError,
    QuarterNumber,
    QuarterText,
    Reading,
    SpanText,
    YearText,
    read_label,
)

__all__ = ["PeriodError", "find_period", "is_period_label", "parse_ees_period", "parse_period", "period_containing"]


_FIX = {
    Frequency.MONTH: "set `frequency: month` for this measure",
    Frequency.QUARTER: "set `frequency: quarter` for this measure",
    Frequency.YEAR: "set `frequency: year` for this measure",
}
_A = {Frequency.MONTH: "a monthly", Frequency.QUARTER: "a quarterly", Frequency.YEAR: "an annual"}


def _year_end_of(year: YearText, year_end: int, text: str) -> Month:
    """The last month of the year `year` names, for a measure whose years end in `year_end`."""
    if year.ends is not None and year.ends != year_end:
        raise PeriodError(
            f"'{text}' is a {YEAR_KIND[year.ends]}, but this measure's years end in {MONTH_ABBR[year_end - 1]}",
            f"set `year_end: {year.ends}` for this measure",
        )
    if year.split and year_end == 12:
        raise PeriodError(
            f"'{text}' spans two calendar years, but this measure's years are calendar years (year_end 12)",
            "set `year_end: 3` (financial years) or `year_end: 8` (academic years) for this measure",
        )
    return Month(year.end_year, year_end)


def _quarter_end(quarter: QuarterText, year_end: int, text: str) -> Month:
    """The last month of a quarter label: Q1 of a year ending in March 2024 ends in June 2023."""
    counted_from = quarter.year.ends if quarter.year.ends is not None else year_end
    if quarter.year.split and counted_from == 12:
        _year_end_of(quarter.year, 12, text)  # raises: a split year cannot be a calendar year
    return Month(quarter.year.end_year, counted_from).shift(3 * quarter.number - 12)


def _span(reading: Reading, year_end: int, text: str) -> tuple[Month, Month]:
    """The months a reading covers in itself, before the measure's frequency is applied."""
    if isinstance(reading, MonthText):
        return reading.month, reading.month
    if isinstance(reading, SpanText):
        return reading.start, reading.end
    if isinstance(reading, QuarterText):
        end = _quarter_end(reading, year_end, text)
        return end.shift(-2), end
    if isinstance(reading, EitherText):
        raise _either_error(reading, text)
    end = _year_end_of(reading, year_end, text)
    return end.shift(-11), end


def _either_error(reading: EitherText, text: str) -> PeriodError:
    year = reading.year.end_year
    return PeriodError(
        f"'{text}' could be {reading.month.label} or the year {year - 1}/{year % 100:02d}",
        f"write the month as {reading.month.label}, or {_FIX[Frequency.YEAR]} if it is a year",
        code="ambiguous-period",
    )


def _quarter_number(end: Month, year_end: int) -> int:
    return ((end.month - year_end - 1) % 12) // 3 + 1


def _check_qualifiers(label: Label, year_end: int, text: str) -> None:
    if not label.qualifiers:
        return
    start, end = _span(label.reading, year_end, text)
    for qualifier in label.qualifiers:
        if isinstance(qualifier, AllQuarters):
            agrees = isinstance(label.reading, YearText)
            said = "Q1 to Q4 (a whole year)"
        elif isinstance(qualifier, QuarterNumber):
            quarter = period_containing(end, Frequency.QUARTER, year_end)
            agrees = start >= quarter.start and _quarter_number(quarter.end, year_end) == qualifier.number
            said = f"Q{qualifier.number}"
        elif isinstance(qualifier, EndOf):
            agrees = end == _span(qualifier.reading, year_end, text)[1]
            said = "the end of " + _plain(qualifier.reading, year_end, text)
        else:
            agrees = (start, end) == _span(qualifier, year_end, text)
            said = _plain(qualifier, year_end, text)
        if not agrees:
            raise PeriodError(
                f"'{text}': the bracket says {said}, which disagrees with the period before it",
                "correct the label or the bracket so that they name the same period",
            )


def _plain(reading: Reading, year_end: int, text: str) -> str:
    start, end = _span(reading, year_end, text)
    return end.label if start == end else f"{start.label}–{end.label}"


def _resolve(reading: Reading, frequency: Frequency, year_end: int, text: str) -> Period:
    """The period of `frequency` that `reading` names, or PeriodError saying why it names none."""
    if isinstance(reading, EitherText):
        if frequency is not Frequency.YEAR:
            raise _either_error(reading, text)
        reading = reading.year
    if isinstance(reading, MonthText):
        return period_containing(reading.month, frequency, year_end)
    if isinstance(reading, YearText):
        if frequency is not Frequency.YEAR:
            raise PeriodError(
                f"'{text}' is a year, but this is {_A[frequency]} measure",
                _FIX[Frequency.YEAR],
                code="period-frequency",
            )
        return Period(frequency, _year_end_of(reading, year_end, text), year_end)
    start, end = _span(reading, year_end, text)
    length = end.index - start.index + 1
    if length == 1:
        return period_containing(end, frequency, year_end)
    if length == 3:
        if frequency is not Frequency.QUARTER:
            raise PeriodError(
                f"'{text}' is a quarter, but this is {_A[frequency]} measure",
                _FIX[Frequency.QUARTER],
                code="period-frequency",
            )
        return _quarter(end, year_end, text, rolling=False)
    if length == 12 and isinstance(reading, SpanText):
        if frequency is Frequency.MONTH:
            return Period(frequency, end, year_end, rolling=True)
        if frequency is Frequency.QUARTER:
            return _quarter(end, year_end, text, rolling=True)
        if end.month != year_end:
            raise PeriodError(
                f"'{text}' is a year ending in {MONTH_ABBR[end.month - 1]}, "
                f"but this measure's years end in {MONTH_ABBR[year_end - 1]}",
                f"set `year_end: {end.month}`, or a monthly or quarterly frequency if it is a rolling year",
            )
        return Period(frequency, end, year_end)
    raise PeriodError(
        f"'{text}' covers {length} months, which is not a month, a quarter or a year",
        "give one figure per month, quarter or year",
    )


def _quarter(end: Month, year_end: int, text: str, *, rolling: bool) -> Period:
    if not on_quarter_grid(end, year_end):
        raise PeriodError(
            f"'{text}' ends in {MONTH_ABBR[end.month - 1]}, which ends no quarter of a year ending in "
            f"{MONTH_ABBR[year_end - 1]}",
            f"set `year_end: {_fitting_year_end(end)}` (or another month its quarters end in)",
        )
    return Period(Frequency.QUARTER, end, year_end, rolling)


def _fitting_year_end(end: Month) -> int:
    """A usual year end whose quarters include one ending in `end`'s month: 3, 8 or 12 when one fits."""
    return next((month for month in (3, 8, 12) if (end.month - month) % 3 == 0), end.month)


def find_period(text: str, frequency: Frequency, year_end: int = 3) -> Period | None:
    """The period `text` names as a whole for a measure of `frequency`; None when `text` is not a period label.

    Raises PeriodError when `text` is a period label that is ambiguous, self-contradictory or of another frequency.
    """
    check_year_end(year_end)
    label = read_label(text)
    if label is None:
        return None
    shown = " ".join(text.split())
    _check_qualifiers(label, year_end, shown)
    return _resolve(label.reading, frequency, year_end, shown)


def parse_period(text: str, frequency: Frequency, year_end: int = 3) -> Period:
    """The period `text` names for a measure of `frequency` whose years end in month `year_end`.

    Reads only what can mean one thing (SPEC §3.5); raises PeriodError(message, fix) for anything else, including text
    that is not a period label at all.
    """
    period = find_period(text, frequency, year_end)
    if period is None:
        raise PeriodError(
            f"'{' '.join(text.split())}' is not a period label",
            "write a month (Sep 2016), a quarter (Q1 2023/24, Apr-Jun 2023) or a year (2023/24)",
        )
    return period


def is_period_label(text: str) -> bool:
    """True when the whole of `text` is a period label (even one this measure could not use); False for headers that
    merely mention a period, such as `Percentage change from Q4 2021`."""
    try:
        return read_label(text) is not None
    except PeriodError:
        return True


_EES_YEARS = {
    "calendar year": (4, 12),
    "reporting year": (4, None),
    "financial year": (6, 3),
    "tax year": (6, 3),
    "academic year": (6, 8),
}
_EES_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}  # fmt: skip
_EES_MONTHS["decemeber"] = 12  # spelled so in the EES screener's own list of identifiers


def parse_ees_period(time_period: str | int, time_identifier: str, frequency: Frequency, year_end: int = 3) -> Period:
    """The period an Explore Education Statistics row names by `time_period` and `time_identifier`.

    `Calendar year` and `Reporting year` take four digits (`2024`: a reporting year is the year ending in the
    measure's `year_end` of 2024); `Financial year`, `Tax year` and `Academic year` take six (`202324`); their
    `… Q1`–`Q4` forms name quarters; month names take four digits. Raises PeriodError otherwise.
    """
    check_year_end(year_end)
    digits = str(time_period).strip()
    identifier = " ".join(time_identifier.split()).lower()
    text = f"{digits} {time_identifier.strip()}"
    base, _, quarter = identifier.rpartition(" q") if identifier[-3:-1] == " q" else (identifier, "", "")
    reading: Reading
    if base in _EES_YEARS and (not quarter or quarter in "1234"):
        size, ends = _EES_YEARS[base]
        year = _ees_year(digits, size, ends, text)
        reading = QuarterText(int(quarter), year) if quarter else year
    elif identifier in _EES_MONTHS:
        year = _ees_year(digits, 4, None, text)
        reading = MonthText(Month(year.end_year, _EES_MONTHS[identifier]))
    else:
        raise PeriodError(
            f"'{text}': the time identifier '{time_identifier}' is not a month, quarter or year",
            "choose rows whose time_identifier is a month, a quarter or a year, or sum them into one",
        )
    return _resolve(reading, frequency, year_end, text)


def _ees_year(digits: str, size: int, ends: int | None, text: str) -> YearText:
    if not digits.isdigit() or len(digits) != size:
        raise PeriodError(
            f"'{text}': this time identifier takes a {size}-digit time_period, not '{digits}'",
            "check the file's time_period and time_identifier columns",
        )
    if size == 4:
        return YearText(int(digits), split=False, ends=ends)
    first, last = int(digits[:4]), int(digits[4:])
    if last != (first + 1) % 100:
        raise PeriodError(
            f"'{text}': {digits} is not a year and the next (e.g. 202324)",
            "check the file's time_period column",
        )
    return YearText(first + 1, split=True, ends=ends)
