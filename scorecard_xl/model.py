"""Frozen data passed between the stages: months, template definitions, observations and the scorecard."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ordered, hashable, and printed the way committees read it (`Sep 2016`)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def parse_iso(cls, text: str) -> Month:
        """Parse `YYYY-MM`; raises ValueError otherwise."""
        year, _, month = text.strip().partition("-")
        if len(year) != 4 or not year.isdigit() or not month.isdigit() or len(month) not in (1, 2):
            raise ValueError(f"expected YYYY-MM, found {text!r}")
        return cls(int(year), int(month))

    @property
    def index(self) -> int:
        """Months since year 0, so that `a.index - b.index` counts the months between."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        """The inverse of `index`."""
        return cls(index // 12, index % 12 + 1)

    def shift(self, months: int) -> Month:
        """The month `months` later (earlier when negative)."""
        return Month.from_index(self.index + months)

    @property
    def fy_start(self) -> Month:
        """April of the financial year (April–March) this month falls in."""
        return Month(self.year if self.month >= 4 else self.year - 1, 4)

    @property
    def label(self) -> str:
        """`Sep 2016`."""
        return f"{MONTH_ABBR[self.month - 1]} {self.year}"

    @property
    def iso(self) -> str:
        """`2016-09`."""
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.iso


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


@dataclass(frozen=True)
class Tolerance:
    """The Amber band: `relative` (fraction of target), `points` (percentage points) or `units`."""

    kind: str
    amount: float

    def width(self, target: float) -> float:
        """The band's width for this target, in the figure's own scale (percents as fractions)."""
        if self.kind == "relative":
            return abs(target) * self.amount
        if self.kind == "points":
            return self.amount / 100.0
        return self.amount

    @property
    def text(self) -> str:
        """How the template wrote it: `10%`, `5pp`, `3`."""
        if self.kind == "relative":
            return f"{_trim(self.amount * 100)}% of target"
        if self.kind == "points":
            return f"{_trim(self.amount)} percentage points"
        return f"{_trim(self.amount)} units"


def _trim(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Rules:
    """Scoring rules in force for a measure (template defaults, then the measure's overrides)."""

    tolerance: Tolerance = Tolerance("relative", 0.10)
    floor: float | None = None
    rag_on: str = "displayed"
    trend_basis: TrendBasis = TrendBasis.AUTO
    aggregation: Aggregation = Aggregation.MEAN
    green_threshold: float = 2.5
    red_threshold: float = 1.5


@dataclass(frozen=True)
class Benchmark:
    """One comparator figure, e.g. National Average (2015): 24%."""

    label: str
    year: str
    value: float


@dataclass(frozen=True)
class Target:
    """A measure's target: a number (by financial year if need be), or Monitor.

    `by_year` maps a financial year label such as `2016/17` to its value; `value` applies otherwise.
    """

    value: float | None = None
    by_year: tuple[tuple[str, float], ...] = ()
    monitor: bool = False
    decimals: int | None = None

    def for_month(self, month: Month) -> float | None:
        """The target in force in `month`'s financial year."""
        label = fy_label(month)
        for year, value in self.by_year:
            if year == label:
                return value
        return self.value


def fy_label(month: Month) -> str:
    """`2016/17` for any month from April 2016 to March 2017."""
    start = month.fy_start.year
    return f"{start}/{(start + 1) % 100:02d}"


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

    @property
    def measures(self) -> tuple[MeasureDef, ...]:
        """Every measure in print order."""
        return tuple(m for o in self.outcomes for t in o.themes for m in t.measures)


@dataclass(frozen=True)
class Where:
    """A place in an input: file, and sheet and cell where there is one."""

    file: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is None:
            return f"{self.file} {self.cell}" if self.cell else self.file
        if self.cell is None:
            return f"{self.file} {self.sheet}"
        return f"{self.file} {self.sheet}!{self.cell}"


class Status(enum.Enum):
    """Whether an observation holds a figure."""

    VALUE = "value"
    MISSING = "missing"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Observation:
    """One measure's figure for one month, as read, with where it came from."""

    measure_id: str
    month: Month
    status: Status
    value: float | None
    where: Where
    numerator: float | None = None
    denominator: float | None = None
    narrative: str | None = None


@dataclass(frozen=True)
class Warning_:
    """A finding that does not stop the build: where, and what."""

    where: str
    message: str
    code: str = "warning"

    def __str__(self) -> str:
        return f"warning: {self.where}: {self.message}"


@dataclass(frozen=True)
class Figure:
    """A figure as shown: its value (None when blank), whether suppressed, and its arrow."""

    value: float | None
    suppressed: bool = False
    arrow: Arrow | None = None
    compared_with: Month | None = None


@dataclass(frozen=True)
class MeasureRow:
    """One measure's line of Appendix 1."""

    measure: MeasureDef
    target: float | None
    figures: tuple[Figure, ...]
    rag: Rag | None
    benchmarks: str
    narrative: str


@dataclass(frozen=True)
class Counts:
    """How many Green, Amber, Red and Monitor a heading rests on."""

    green: int = 0
    amber: int = 0
    red: int = 0
    monitor: int = 0

    @classmethod
    def of(cls, rags: Iterable[Rag | None]) -> Counts:
        """How many of each RAG; blanks and `Rag.NONE` are not counted."""
        items = list(rags)
        return cls(items.count(Rag.GREEN), items.count(Rag.AMBER), items.count(Rag.RED), items.count(Rag.MONITOR))

    @property
    def text(self) -> str:
        """`2 Green · 2 Red · 1 Monitor`; `nothing rated` when all are zero."""
        parts = [
            f"{n} {w}"
            for n, w in (
                (self.green, "Green"),
                (self.amber, "Amber"),
                (self.red, "Red"),
                (self.monitor, "Monitor"),
            )
            if n
        ]
        return " · ".join(parts) if parts else "nothing rated"


@dataclass(frozen=True)
class ThemeResult:
    """A theme with its measure rows, RAG and counts."""

    name: str
    rag: Rag
    counts: Counts
    rows: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class OutcomeResult:
    """An outcome with its themes, RAG and counts."""

    name: str
    rag: Rag
    counts: Counts
    themes: tuple[ThemeResult, ...]


@dataclass(frozen=True)
class InputFile:
    """An input as recorded on the About sheet: its file name (not its folder, so that the same file gives
    the same workbook wherever it is kept) and SHA-256; `path` is where it was read from."""

    name: str
    sha256: str
    path: str = ""


@dataclass(frozen=True)
class Scorecard:
    """The calculated Appendix 1: everything the writer renders, and nothing it must compute."""

    template: Template
    period: Month
    columns: tuple[Month, ...]
    outcomes: tuple[OutcomeResult, ...]
    data_months: tuple[Month, ...]
    data: tuple[tuple[MeasureDef, tuple[Figure, ...]], ...]
    warnings: tuple[Warning_, ...] = ()
    inputs: tuple[InputFile, ...] = ()
    skipped_sheets: tuple[str, ...] = ()
    version: str = ""

    @property
    def rows(self) -> tuple[MeasureRow, ...]:
        """Every measure row in print order."""
        return tuple(r for o in self.outcomes for t in o.themes for r in t.rows)

    def rag_counts(self) -> Counts:
        """Counts over every measure's RAG for the period."""
        return Counts.of(r.rag for r in self.rows)
