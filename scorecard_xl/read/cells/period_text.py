"""Read what a period label literally says (a month or date, a span of months, a quarter or a year), before any
measure's frequency or year end is applied."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ...model import MONTH_WORDS as _NAMES
from ...model import Month

# The four month/date forms, the one grammar for months: `months.parse_month` and `months.find_month` use them too.
# `2010/11` and `2010-11` (consecutive years) are read as years by both, never silently as November 2010.
_SEP = r"[\s\-_/.,']*"
_WORD = "|".join(sorted(_NAMES, key=len, reverse=True))
_YEAR4 = r"(?:19|20)\d\d"
MONTH_FORMS = (  # also what `months.find_month` searches file and sheet names with
    # 2016-09, 2016/9, 2016-09-30, 2016-09-30T00:00:00
    re.compile(rf"(?P<y>{_YEAR4})[\-_/.](?P<m>1[0-2]|0?[1-9])(?![0-9])(?:[\-_/.](?P<d>\d{{1,2}}))?(?:[T ]\S*)?"),
    # Sep 2016, Sep-16, September 2016, Sept 16, 30 Sep 2016, 1st April 2024
    re.compile(rf"(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_SEP})?(?P<name>{_WORD}){_SEP}(?P<y>(?:19|20)?\d\d)", re.I),
    # 30/09/2016 (UK day-first date)
    re.compile(rf"(?P<d>\d{{1,2}})[/.\-](?P<m>1[0-2]|0?[1-9])[/.\-](?P<y>{_YEAR4})"),
    # 09-2016, 9/2016
    re.compile(rf"(?P<m>1[0-2]|0?[1-9])[\-_/.](?P<y>{_YEAR4})"),
)
_KIND = (
    r"(?P<kind>fy|ay|cy|financial\s+year|fin\.?\s*year|academic\s+year|school\s+year|tax\s+year|calendar\s+year|year)"
)
_KIND_ENDS = {
    "fy": 3,
    "financial": 3,
    "fin": 3,
    "tax": 3,
    "ay": 8,
    "academic": 8,
    "school": 8,
    "cy": 12,
    "calendar": 12,
}
_SPLIT_YEAR = re.compile(rf"(?:{_KIND}\s*:?\s*)?(?P<a>{_YEAR4})\s*(?P<sep>/|-|to)\s*(?P<b>{_YEAR4}|\d\d)", re.I)
_ONE_YEAR = re.compile(rf"(?:{_KIND}\s*:?\s*)?(?P<a>{_YEAR4})", re.I)
_Q = r"(?:q|quarter\s*)(?P<n>[1-4])"
_Q_YEAR = rf"(?:{_KIND}\s*)?(?P<a>{_YEAR4})(?:\s*(?P<sep>/|-)\s*(?P<b>{_YEAR4}|\d\d))?"
_QUARTER_FORMS = (
    re.compile(rf"{_Q}\s*[,\-:]?\s*{_Q_YEAR}", re.I),  # Q1 2023/24, Q2 2023, Quarter 1 FY 2023-24
    re.compile(rf"{_Q_YEAR}\s*[,\-:]?\s*{_Q}", re.I),  # 2023 Q2, 2023/24 Q1, 2023Q2
)
_BARE_QUARTER = re.compile(_Q, re.I)
_ALL_QUARTERS = r"q(?:uarter)?\s*1\s*(?:-|to)\s*q(?:uarter)?\s*4"  # `Q1-Q4`, `Q1 to Q4`: the whole year
_WHOLE_YEAR_FORMS = (
    re.compile(rf"{_ALL_QUARTERS}\s*[,:]?\s*(?P<rest>.+)", re.I),  # Q1-Q4 2022/23
    re.compile(rf"(?P<rest>.+?)\s*[,:]?\s*{_ALL_QUARTERS}", re.I),  # 2022/23 Q1-Q4
)
_SNAPSHOT = re.compile(r"(?:as\s+(?:at|of)|at|position\s+at|snapshot\s+at)\s+(?P<rest>.+)", re.I)
_YEAR_ENDING = re.compile(
    r"(?:(?:the\s+)?(?:12|twelve)\s+months|(?:rolling\s+)?year)\s+(?:ending|ended|to)\s+(?P<rest>.+)", re.I
)
_RANGE_SEP = re.compile(r"\s*(?:-|\bto\b)\s*", re.I)
_TRAILING = re.compile(r"(?P<main>.*?)\s*(?:\((?P<round>[^()]*)\)|\[(?P<square>[^\[\]]*)\])\s*")
_STATUS = re.compile(r"p|r|e|provisional|revised|estimated?|final|notes?\s*\d+(?:\s*(?:,|and)\s*\d+)*", re.I)
_END_OF = re.compile(r"end\s+of\s+(?P<rest>.+)", re.I)
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " "})


class PeriodError(ValueError):
    """A period label that cannot be read for this measure: what is wrong (`message`), what to do (`fix`), and a
    problem `code`: `ambiguous-period` (it reads two ways), `period-frequency` (a period of another frequency than
    the measure's) or `bad-period`."""

    def __init__(self, message: str, fix: str, code: str = "bad-period") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.code = code

    def __str__(self) -> str:
        return f"{self.message}; {self.fix}"


@dataclass(frozen=True)
class MonthText:
    """A month, or a date in it (a snapshot such as `at 30 Jun 2022` belongs to its month)."""

    month: Month


@dataclass(frozen=True)
class SpanText:
    """An explicit run of months from `start` to `end` inclusive (`Apr-Jun 2023`, `Jan 2012-Dec 2012`)."""

    start: Month
    end: Month


@dataclass(frozen=True)
class YearText:
    """A year ending in calendar year `end_year`; `split` when written as two years (`2023/24`); `ends` is the month
    a named kind of year ends in (12 calendar, 3 financial or tax, 8 academic), None when the label does not say."""

    end_year: int
    split: bool
    ends: int | None = None


@dataclass(frozen=True)
class QuarterText:
    """Quarter `number` (1–4) of `year`, counted from the start of that year."""

    number: int
    year: YearText


@dataclass(frozen=True)
class EitherText:
    """Text that reads two ways: `2011-12` and `201112` are December 2011 or the year 2011/12."""

    month: Month
    year: YearText


Reading = MonthText | SpanText | YearText | QuarterText | EitherText


@dataclass(frozen=True)
class EndOf:
    """A qualifier `(end of Q1 2022/23)`: the label's month must be the last month of this period."""

    reading: Reading


@dataclass(frozen=True)
class QuarterNumber:
    """A qualifier `(Q1)`: the label's period must be this quarter of its year."""

    number: int


@dataclass(frozen=True)
class AllQuarters:
    """A qualifier `(Q1 to Q4)`: the label's period must be a whole year."""


Qualifier = Reading | EndOf | QuarterNumber | AllQuarters


@dataclass(frozen=True)
class Label:
    """A whole label's reading and its bracketed qualifiers, which must agree with it."""

    reading: Reading
    qualifiers: tuple[Qualifier, ...] = ()


def year_of(text: str) -> int:
    """A year as written, four digits or two (`16` is 2016, `99` is 1999)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _kind_ends(kind: str | None) -> int | None:
    word = re.match(r"[a-z]+", kind.lower()) if kind else None
    return _KIND_ENDS.get(word.group()) if word else None


def read_month(text: str) -> MonthText | None:
    """The month (or date) `text` names as a whole, in the forms month_labels.py reads; None when it names none."""
    for pattern in MONTH_FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groupdict()
        number = _NAMES[groups["name"].lower()] if groups.get("name") else int(groups["m"])
        year = year_of(groups["y"])
        if not 1900 <= year <= 2099:
            return None
        day = groups.get("d")
        if day is not None:
            try:
                dt.date(year, number, int(day))
            except ValueError:
                return None
        return MonthText(Month(year, number))
    return None


def _split_year(a: str, b: str, sep: str, kind: str | None, text: str) -> YearText | None:
    """The year `a/b` names when b follows a; None when `b` is not the next year and the text may be a month."""
    first = int(a)
    second = int(b) if len(b) == 4 else None
    consecutive = second == first + 1 if second is not None else int(b) == (first + 1) % 100
    if consecutive:
        return YearText(first + 1, split=True, ends=_kind_ends(kind))
    if second is not None or kind or sep.lower() == "to":
        raise PeriodError(
            f"'{text}' does not name one year: {b} is not the year after {a}",
            "write one year, e.g. 2023/24 or 2023-24 (the year ending in 2024)",
        )
    return None


def _read_year(text: str) -> YearText | EitherText | None:
    match = _SPLIT_YEAR.fullmatch(text)
    if match:
        year = _split_year(match["a"], match["b"], match["sep"], match["kind"], text)
        if year is None:
            return None
        number = int(match["b"])
        if match["sep"] == "-" and not match["kind"] and len(match["b"]) == 2 and 1 <= number <= 12:
            return EitherText(Month(int(match["a"]), number), year)
        return year
    match = _ONE_YEAR.fullmatch(text)
    if not match:
        return None
    ends = _kind_ends(match["kind"])
    if ends is not None and ends != 12:
        named = int(match["a"])
        raise PeriodError(
            f"'{text}' could be {named - 1}/{named % 100:02d} or {named}/{(named + 1) % 100:02d}",
            f"write the year in full, e.g. {named - 1}/{named % 100:02d}",
            code="ambiguous-period",
        )
    return YearText(int(match["a"]), split=False, ends=ends)


def _read_whole_year(text: str) -> YearText | None:
    """`Q1-Q4 2022/23`, `2022/23 Q1 to Q4`: the four quarters of a year are that year (of one calendar year, as
    `Q2 2023` is a calendar quarter, `Q1-Q4 2022` is the calendar year 2022); None for other text."""
    for pattern in _WHOLE_YEAR_FORMS:
        match = pattern.fullmatch(text)
        year = _read_year(match["rest"]) if match else None
        if isinstance(year, EitherText):
            return year.year
        if year is not None:
            return year if year.split or year.ends is not None else YearText(year.end_year, split=False, ends=12)
    return None


def _read_quarter(text: str) -> QuarterText | None:
    for pattern in _QUARTER_FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        number = int(match["n"])
        if match["b"] is None:
            ends = _kind_ends(match["kind"])
            if ends is not None and ends != 12:
                raise PeriodError(
                    f"'{text}' does not say which year {match['kind']} {match['a']} is",
                    f"write the year in full, e.g. Q{number} {int(match['a']) - 1}/{match['a'][2:]}",
                )
            return QuarterText(number, YearText(int(match["a"]), split=False, ends=12))
        year = _split_year(match["a"], match["b"], match["sep"], match["kind"] or "year", text)
        assert year is not None  # a kind was passed, so a non-consecutive pair raised
        return QuarterText(number, year)
    return None


def _read_six_digits(text: str) -> MonthText | YearText | EitherText | None:
    first, last = int(text[:4]), int(text[4:])
    if not 1900 <= first <= 2099:
        return None
    month = MonthText(Month(first, last)) if 1 <= last <= 12 else None
    year = YearText(first + 1, split=True) if last == (first + 1) % 100 else None
    if month and year:
        return EitherText(month.month, year)
    return month or year


def _read_range(text: str) -> SpanText | None:
    readings: set[SpanText] = set()
    for sep in _RANGE_SEP.finditer(text):
        left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
        end = read_month(right)
        if not left or end is None:
            continue
        start = read_month(left)
        if start is not None:
            readings.add(SpanText(start.month, end.month))
        elif left.lower() in _NAMES:
            number = _NAMES[left.lower()]
            year = end.month.year if number <= end.month.month else end.month.year - 1
            readings.add(SpanText(Month(year, number), end.month))
    if len(readings) > 1:
        raise PeriodError(
            f"'{text}' can be split into a range more than one way",
            "write it as Apr 2023 - Jun 2023",
            "ambiguous-period",
        )
    if not readings:
        return None
    span = readings.pop()
    if span.end < span.start:
        raise PeriodError(f"'{text}' ends before it starts", "write the earlier month first")
    return span


def read_reading(text: str) -> Reading | None:
    """What `text` (no brackets) says as a whole; None when it is not a period label.

    Raises PeriodError for text that is plainly meant as a period but names none or several (`2020/2023`, `FY 2019`).
    """
    text = " ".join(text.translate(_DASHES).split())
    if not text:
        return None
    if text.isdigit():
        if len(text) == 4:
            return _read_year(text)
        return _read_six_digits(text) if len(text) == 6 else None
    snapshot = _SNAPSHOT.fullmatch(text)
    if snapshot:
        month = read_month(snapshot["rest"])
        return MonthText(month.month) if month else None
    ending = _YEAR_ENDING.fullmatch(text)
    if ending:
        month = read_month(ending["rest"])
        return SpanText(month.month.shift(-11), month.month) if month else None
    found = _read_year(text) or _read_whole_year(text) or _read_quarter(text)
    if found is not None:
        return found
    return _read_range(text) or read_month(text)


def _read_qualifier(inner: str) -> Qualifier | None:
    inner = " ".join(inner.translate(_DASHES).split())
    end_of = _END_OF.fullmatch(inner)
    if end_of:
        reading = read_reading(end_of["rest"])
        return EndOf(reading) if reading is not None else None
    if re.fullmatch(_ALL_QUARTERS, inner, re.I):
        return AllQuarters()
    bare = _BARE_QUARTER.fullmatch(inner)
    if bare:
        return QuarterNumber(int(bare["n"]))
    return read_reading(inner)


def read_label(text: str) -> Label | None:
    """The reading of a whole label with its bracketed qualifiers; None when `text` is not a period label.

    Status and note markers (`[p]`, `(provisional)`, `[note 3]`) are dropped; any other bracket must itself read as a
    period (`(Q1)`, `(end of Q1 2022/23)`), or the text is not a label. Raises PeriodError as `read_reading` does.
    """
    main = text.translate(_DASHES).strip()
    qualifiers: list[Qualifier] = []
    while True:
        match = _TRAILING.fullmatch(main)
        if not match:
            break
        inner = match["round"] if match["round"] is not None else match["square"] or ""
        main = match["main"]
        if _STATUS.fullmatch(inner.strip()):
            continue
        qualifier = _read_qualifier(inner)
        if qualifier is None:
            return None
        qualifiers.insert(0, qualifier)
    reading = read_reading(main)
    if isinstance(reading, EitherText) and any(isinstance(q, AllQuarters) for q in qualifiers):
        reading = reading.year  # `2022-23 (Q1 to Q4)`: the four quarters say it is the year, not Mar 2022
    return Label(reading, tuple(qualifiers)) if reading is not None else None
