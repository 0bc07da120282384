"""What flows from reading to writing: observations as read, then the calculated scorecard the writer renders."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from .definitions import Arrow, MeasureDef, Rag, Template
from .months import Month
from .problems import Location, Problem
from .spc import Spc
from .symbols import Symbol

EXCEL_CELL_LIMIT = 32_767  # characters in one cell
BUILT_BY = "Built by scorecard-xl"  # in every scorecard's document comments, so a scorecard is never read as input


class Status(enum.Enum):
    """Whether an observation holds a figure."""

    VALUE = "value"
    MISSING = "missing"
    SUPPRESSED = "suppressed"
    NO_FIGURE = "no figure"  # a true figure too small to show (`low`): no RAG, no arrow, but nothing is missing


@dataclass(frozen=True, slots=True)
class Observation:
    """One measure's figure for one month, as read, with where it came from."""

    measure_id: str
    month: Month
    status: Status
    value: float | None
    where: Location
    numerator: float | None = None
    denominator: float | None = None
    narrative: str | None = None
    symbol: Symbol | None = None  # the statistical symbol the cell held, printed as published
    area: str | None = None  # a comparator area's key as the template names it; None for the council's own figure


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as shown: its value (None when blank), whether suppressed, its arrow, and the statistical symbol
    the extract gave in its place (or beside it, `12.3 [u]`), printed as published."""

    value: float | None
    suppressed: bool = False
    arrow: Arrow | None = None
    compared_with: Month | None = None
    symbol: Symbol | None = None

    @property
    def in_place(self) -> str | None:
        """The text shown in place of a figure: the statistical symbol as published (`c`, `[x]`, `low`) when there
        is no figure, `*` when suppressed with no symbol; None when a number (or nothing) is shown."""
        if self.value is None and self.symbol is not None:
            return self.symbol.text
        if self.suppressed:
            return "*"
        return None

    @property
    def flag(self) -> str | None:
        """The statistical symbol's code shown beside a number (`u` of `12.3 [u]`); None when there is none."""
        return self.symbol.code if self.value is not None and self.symbol is not None else None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One period a measure's charts draw: its label (`Sep 2016`, `Jul–Sep 2016`, `2015/16`), the month it ends, the
    figure as shown and the target in force then (None for Monitor or when there is none)."""

    label: str
    end: Month
    figure: Figure
    target: float | None = None

    @property
    def plotted(self) -> float | None:
        """What a chart plots: the value, or None (a gap) for a blank or suppressed figure."""
        return None if self.figure.suppressed else self.figure.value


@dataclass(frozen=True)
class TrendLine:
    """A measure's trend as its charts draw it, oldest first, with the words that describe it: `description`, a
    chart's alt text (`CS05 % repeat referrals, Sep 2015 to Sep 2016, from 31% to 36%`), and `with_target`, the same
    naming the latest target drawn beside it (`…; target 30%`)."""

    measure: MeasureDef
    points: tuple[TrendPoint, ...]
    description: str = ""
    with_target: str = ""


@dataclass(frozen=True)
class MeasureRow:
    """One measure's line of Appendix 1."""

    measure: MeasureDef
    target: float | None
    figures: tuple[Figure, ...]
    rag: Rag | None
    benchmarks: str
    narrative: str
    period_label: str = ""  # the Data period cell when it is not the measure's period type (quarterly, annual)
    latest: Figure = Figure(None)  # the figure the RAG rates: the latest period ending by the report month
    # the cells as displayed, in words (the workbook writes numbers in number formats that print the same)
    period_text: str = ""  # the Data period cell
    good: str = ""  # the Good to be cell: the polarity, blank for a measure unavailable
    target_text: str = ""  # the Target cell: `Monitor`, the target with its own decimals, or blank
    figure_texts: tuple[str, ...] = ()  # each figure cell: `61%`, `12.3 [u]`, `c`, `*` or blank
    compared_text: str = ""  # what the latest figure's arrow compared with, as its period prints (`Apr–Jun 2016`)
    spc: Spc | None = None  # Making Data Count's variation and assurance; None where SPC is not asked for
    latest_text: str = ""  # the latest figure (the one the RAG rates) as displayed, like a figure cell


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
class Provenance:
    """What a scorecard was made from: each input with its SHA-256, the sheets read (with their shape) and those
    skipped (with why), and the version of scorecard-xl that read them. It travels beside the calculation, which
    never reads it, to the About sheet and the workbook's properties."""

    inputs: tuple[InputFile, ...] = ()
    sheets: tuple[str, ...] = ()
    skipped_sheets: tuple[str, ...] = ()
    version: str = ""


class WithProvenance:
    """What a calculated scorecard or pack tells of its provenance: the inputs, skipped sheets and version."""

    provenance: Provenance

    @property
    def inputs(self) -> tuple[InputFile, ...]:
        """The inputs read, with their SHA-256 (from the provenance)."""
        return self.provenance.inputs

    @property
    def skipped_sheets(self) -> tuple[str, ...]:
        """The sheets skipped, each with why (from the provenance)."""
        return self.provenance.skipped_sheets

    @property
    def version(self) -> str:
        """The version of scorecard-xl that read the inputs (from the provenance)."""
        return self.provenance.version


@dataclass(frozen=True)
class Scorecard(WithProvenance):
    """The calculated Appendix 1, resolved: every value an output shows (each row's cells as displayed, the headings'
    roll-ups and counts, the trend lines with their targets, the key, the exceptions, the rules in force), so that
    the workbook, the page's preview and any later rendering only lay it out."""

    template: Template
    period: Month
    columns: tuple[Month, ...]
    outcomes: tuple[OutcomeResult, ...]
    data_months: tuple[Month, ...]
    data: tuple[tuple[MeasureDef, tuple[Figure, ...]], ...]
    warnings: tuple[Problem, ...] = ()
    headers: tuple[str, ...] = ()  # the Appendix table's column headers, left to right
    benchmark_sources: tuple[str, ...] = ()  # where each benchmark computed from comparator areas came from
    # each measure's figures as the scorecard works them out (year to date, rolling year), in the Data months'
    # columns, for its trend periods only: what the Trend and Exceptions charts draw beside the target
    trends: tuple[tuple[MeasureDef, tuple[Figure, ...]], ...] = ()
    # each measure's trend as its charts draw it (13 months, 8 quarters or 5 years, oldest first), with its targets
    trend_lines: tuple[TrendLine, ...] = ()
    trend_months: tuple[Month, ...] = ()  # the data months a monthly measure's trend shows: the last 13
    key: tuple[tuple[str, str], ...] = ()  # the key printed under the table: (symbol, meaning) a line
    # the About sheet's rules in force (tolerance, what the RAG and the arrows compare), and its roll-up, in words
    rules_in_force: tuple[tuple[str, str], ...] = ()
    roll_up: str = ""
    spc: bool = False  # the Appendix shows the Variation and Assurance columns (some measure asks for SPC)
    provenance: Provenance = Provenance()  # what was read, joined to the calculation by the API, never by calc

    @property
    def rows(self) -> tuple[MeasureRow, ...]:
        """Every measure row in print order."""
        return tuple(r for o in self.outcomes for t in o.themes for r in t.rows)

    def rag_counts(self) -> Counts:
        """Counts over every measure's RAG for the period."""
        return Counts.of(r.rag for r in self.rows)

    @property
    def exceptions(self) -> tuple[MeasureRow, ...]:
        """The exceptions: every measure rated Red, in print order."""
        return tuple(r for r in self.rows if r.rag is Rag.RED)
