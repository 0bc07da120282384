"""What a template defines: measures, their units, polarity, targets and rules, grouped into themes and outcomes."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .months import Month
from .periods import Frequency, Period, is_period_end, latest_period_end, previous_period, year_label
from .sources import AreaBenchmark, Columns, Source
from .symbols import Meaning


class Polarity(enum.Enum):
    """Which way is good; the value is what the `Good to be` column shows."""

    HIGH = "High"
    LOW = "Low"
    TARGET = "Target"
    NONE = ""


class PeriodType(enum.Enum):
    """What a monthly figure covers; the value is the `Data period` label."""

    MONTH = "Month only (not quarterly data)"
    ROLLING_YEAR = "Average, rolling year"
    YEAR_TO_DATE = "Cumulative (year to date)"


class PercentScale(enum.Enum):
    """How a percent measure's plain figures (no % format or sign) are written; the value is the template word."""

    WHOLE = "whole"
    FRACTION = "fraction"


class Unit(enum.Enum):
    """The unit of a measure's figures; percents are held as fractions."""

    PERCENT = "percent"
    COUNT = "count"
    RATE = "rate"
    DAYS = "days"
    NUMBER = "number"


class Compute(enum.Enum):
    """How a month's figure is made from the extract."""

    REPORTED = "reported"
    SUM = "sum"
    RATIO = "ratio"
    MEAN = "mean"


class TrendBasis(enum.Enum):
    """What a figure is compared with for its arrow."""

    AUTO = "auto"
    PREVIOUS_MONTH = "previous_month"
    PREVIOUS_COLUMN = "previous_column"
    SAME_MONTH_LAST_YEAR = "same_month_last_year"

    def resolve(self, period_type: PeriodType) -> TrendBasis:
        """This basis with `auto` resolved: the same month a year earlier for year-to-date figures, the previous
        month for the others."""
        if self is not TrendBasis.AUTO:
            return self
        if period_type is PeriodType.YEAR_TO_DATE:
            return TrendBasis.SAME_MONTH_LAST_YEAR
        return TrendBasis.PREVIOUS_MONTH


class Aggregation(enum.Enum):
    """How measure RAGs roll up to a theme, and themes to an outcome."""

    MEAN = "mean"
    WORST = "worst"


class Rag(enum.Enum):
    """A RAG status; the value is the text shown in the cell (glyph and word, readable in greyscale)."""

    GREEN = "★ Green"
    AMBER = "● Amber"
    RED = "■ Red"
    MONITOR = "□ Monitor"
    NONE = "None"

    @property
    def word(self) -> str:
        """`Green`, `Amber`, `Red`, `Monitor` or `None`."""
        return self.value.split(" ")[-1]


class Arrow(enum.Enum):
    """A trend arrow; the value is the glyph."""

    UP = "↑"
    DOWN = "↓"
    SAME = "→"

    @property
    def meaning(self) -> str:
        """`improved`, `worsened` or `unchanged`."""
        return {"↑": "improved", "↓": "worsened", "→": "unchanged"}[self.value]


class ToleranceKind(enum.Enum):
    """How a tolerance is measured: a fraction of the target, percentage points, or the figure's own units."""

    RELATIVE = "relative"
    POINTS = "points"
    UNITS = "units"


class RagOn(enum.Enum):
    """What the RAG compares with the target: the figure as displayed (rounded) or the exact figure."""

    DISPLAYED = "displayed"
    EXACT = "exact"


@dataclass(frozen=True)
class Tolerance:
    """The Amber band: `relative` (fraction of target), `points` (percentage points) or `units`."""

    kind: ToleranceKind
    amount: float

    def width(self, target: float) -> float:
        """The band's width for this target, in the figure's own scale (percents as fractions)."""
        if self.kind is ToleranceKind.RELATIVE:
            return abs(target) * self.amount
        if self.kind is ToleranceKind.POINTS:
            return self.amount / 100.0
        return self.amount

    @property
    def text(self) -> str:
        """How the template wrote it: `10%`, `5pp`, `3`."""
        if self.kind is ToleranceKind.RELATIVE:
            return f"{_trim(self.amount * 100)}% of target"
        if self.kind is ToleranceKind.POINTS:
            return f"{_trim(self.amount)} percentage points"
        return f"{_trim(self.amount)} units"


def _trim(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Rules:
    """Scoring rules in force for a measure (template defaults, then the measure's overrides)."""

    tolerance: Tolerance = Tolerance(ToleranceKind.RELATIVE, 0.10)
    floor: float | None = None
    rag_on: RagOn = RagOn.DISPLAYED
    trend_basis: TrendBasis = TrendBasis.AUTO
    aggregation: Aggregation = Aggregation.MEAN
    green_threshold: float = 2.5
    red_threshold: float = 1.5
    frequency: Frequency = Frequency.MONTH
    year_end: int = 3
    percent_scale: PercentScale | None = None
    spc: bool = False  # Making Data Count's SPC (variation and assurance) for this measure
    spc_baseline: int | None = None  # the first N figures make the SPC centre line and limits; None: all of them


@dataclass(frozen=True)
class Benchmark:
    """One comparator figure, e.g. National Average (2015): 24%."""

    label: str
    year: str
    value: float
    note: str = ""  # a line the Benchmarks cell gives under it: the council's rank among a group


@dataclass(frozen=True)
class Target:
    """A measure's target: a number (by financial year if need be), or Monitor.

    `by_year` maps a financial year label such as `2016/17` to its value; `value` applies otherwise.
    """

    value: float | None = None
    by_year: tuple[tuple[str, float], ...] = ()
    monitor: bool = False
    decimals: int | None = None

    def for_month(self, month: Month, year_end: int = 3) -> float | None:
        """The target in force in `month`'s year, `2016/17` naming the year that ends in `year_end` of 2017: the
        financial year (March, the default) or the academic year (August); other year ends use the financial year."""
        label = year_label(month, year_end)
        for year, value in self.by_year:
            if year == label:
                return value
        return self.value


@dataclass(frozen=True)
class MeasureDef:
    """One measure of the template."""

    id: str
    number: int
    title: str
    polarity: Polarity
    period_type: PeriodType
    unit: Unit
    decimals: int
    target: Target
    compute: Compute
    rules: Rules
    benchmarks: tuple[Benchmark, ...] = ()
    benchmark_text: str | None = None
    available: bool = True
    note: str | None = None
    line: int = 0
    source: Source | None = None
    area_benchmarks: tuple[AreaBenchmark, ...] = ()
    per: float | None = None  # a rate per 10,000 (say): its figure from numerator and denominator is n ÷ d × per

    def from_parts(self, numerator: float, denominator: float) -> float:
        """The figure a numerator and denominator give: n ÷ d, times `per` for a rate per 1,000, 10,000, …"""
        return numerator / denominator if self.per is None else numerator / denominator * self.per

    @property
    def trend_basis(self) -> TrendBasis:
        """The trend basis in force for this measure, `auto` resolved."""
        return self.rules.trend_basis.resolve(self.period_type)

    @property
    def frequency(self) -> Frequency:
        """How often the measure has a figure: month, quarter or year."""
        return self.rules.frequency

    @property
    def year_end(self) -> int:
        """The month (1–12) the measure's years end in: 3 financial, 8 academic, 12 calendar."""
        return self.rules.year_end

    def period_label(self, end: Month) -> str:
        """How the measure's period ending in `end` prints: `Sep 2016`, `Apr–Jun 2016`, `2015/16`; a month that
        ends none of its periods prints as the month."""
        if self.frequency is Frequency.MONTH:
            return end.label
        try:
            return Period(self.frequency, end, self.year_end).label
        except ValueError:
            return end.label

    def is_period_end(self, month: Month) -> bool:
        """True when one of the measure's periods ends in `month` (every month for a monthly measure)."""
        return is_period_end(month, self.frequency, self.year_end)

    def latest_period_end(self, month: Month) -> Month:
        """The end of the measure's latest period ending at or before `month` (SPEC §5.6)."""
        return latest_period_end(month, self.frequency, self.year_end)

    def period_ending(self, month: Month) -> Period | None:
        """The measure's period ending in `month` (the month itself for a monthly measure); None when none of its
        quarters or years ends then: a figure typed for `month` would be filed under the period containing it
        (SPEC §5.6) and shown only at that period's end. The period a new extract for `month` asks for."""
        return Period(self.frequency, month, self.year_end) if self.is_period_end(month) else None

    def previous_period(self, month: Month) -> Period:
        """The measure's latest period ended before `month`: last month, or the last quarter or year to have ended."""
        return previous_period(month, self.frequency, self.year_end)


@dataclass(frozen=True)
class ThemeDef:
    """A theme: a named group of measures."""

    name: str
    measures: tuple[MeasureDef, ...]


@dataclass(frozen=True)
class OutcomeDef:
    """An outcome: a named group of themes."""

    name: str
    themes: tuple[ThemeDef, ...]


@dataclass(frozen=True)
class Template:
    """A loaded, validated scorecard template."""

    name: str
    title: str
    portfolio: str
    author: str
    rules: Rules
    outcomes: tuple[OutcomeDef, ...]
    source: str = ""
    sha256: str = ""
    symbols: tuple[tuple[str, Meaning], ...] = ()
    short_name: str = ""  # the portfolio's sheet name in a council's pack, when its own name is too long
    area: str | None = None  # the council's area (name or GSS code) in tidy open data
    columns: Columns = ()  # `columns:` (role, header) pairs: headers of column roles SPEC §3.2 does not list

    @property
    def measures(self) -> tuple[MeasureDef, ...]:
        """Every measure in print order."""
        return tuple(m for o in self.outcomes for t in o.themes for m in t.measures)

    @property
    def stem(self) -> str:
        """The name of its file, for the default output name, as a council's `stem`."""
        return self.name
