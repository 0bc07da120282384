"""A council's portfolios reported together: the council as defined, and its calculated pack.

A single template is a council of one (`Council.of`): it is read, calculated and written along the same lane,
and renders as that template's own Appendix 1."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .definitions import MeasureDef, Template
from .months import Month
from .problems import Problem
from .scorecard import Counts, MeasureRow, Provenance, Scorecard, WithProvenance


@dataclass(frozen=True)
class Council:
    """A council's portfolios in print order, each with its sheet name (≤ 31 characters, unique)."""

    name: str
    title: str
    portfolios: tuple[Template, ...]
    sheet_names: tuple[str, ...]
    source: str = ""
    sha256: str = ""
    stem: str = "council"  # the name of its file, for the default output name
    # a single template taken as a council of one: read as that template and written as its own Appendix 1, with
    # no council summary (a council file naming one portfolio is a council all the same)
    alone: bool = False
    warnings: tuple[Problem, ...] = ()  # found in loading it (a sheet name worked out for a long portfolio name)

    @classmethod
    def of(cls, template: Template) -> Council:
        """`template` alone, as a council of one."""
        return cls(
            name=template.portfolio,
            title=template.title,
            portfolios=(template,),
            sheet_names=("Appendix 1",),
            source=template.source,
            sha256=template.sha256,
            stem=template.stem,
            alone=True,
        )

    @property
    def measures(self) -> tuple[MeasureDef, ...]:
        """Every measure of every portfolio, in print order."""
        return tuple(m for t in self.portfolios for m in t.measures)

    @property
    def combined(self) -> Template:
        """One template holding every portfolio's outcomes: what the extracts are read against.

        Measure ids are unique across a council's portfolios; display numbers need not be. A council of one
        (`alone`) is its template.
        """
        first = self.portfolios[0]
        if self.alone:
            return first
        return Template(
            name=self.stem,
            title=self.title,
            portfolio=self.name or self.title,  # a folder of templates names no council
            author=self.name,
            rules=first.rules,
            outcomes=tuple(o for t in self.portfolios for o in t.outcomes),
            source=self.source,
            sha256=self.sha256,
            symbols=tuple({k: v for t in self.portfolios for k, v in t.symbols}.items()),
            area=next((t.area for t in self.portfolios if t.area), None),  # one at most (checked on loading)
            columns=tuple({k: v for t in self.portfolios for k, v in t.columns}.items()),
        )


@dataclass(frozen=True)
class PortfolioLine:
    """One portfolio's line of the Council summary: its sheet name, RAG counts, how many measures it shows, and its
    outcomes' RAGs in words (`■ Red: Safe children (1 Green · 3 Red)`, a line each)."""

    sheet: str
    counts: Counts
    measures: int
    outcomes: str


@dataclass(frozen=True)
class CouncilScorecard(WithProvenance):
    """The calculated pack: one Scorecard per portfolio, and the whole council's inputs and warnings."""

    council: Council
    period: Month
    portfolios: tuple[Scorecard, ...]
    warnings: tuple[Problem, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)  # what was read, joined to the calculation by the API
    summary: tuple[PortfolioLine, ...] = ()  # the Council summary's portfolio lines, in portfolio order
    chart_description: str = ""  # the Council summary chart's alt text

    @classmethod
    def of(cls, scorecard: Scorecard) -> CouncilScorecard:
        """One scorecard as the pack of a council of one; its `combined` is `scorecard`."""
        return cls(
            Council.of(scorecard.template), scorecard.period, (scorecard,), scorecard.warnings, scorecard.provenance
        )

    def __post_init__(self) -> None:
        """The pack's one Data sheet lays every portfolio's figures under the same months: they must agree."""
        if len({sc.data_months for sc in self.portfolios}) > 1:
            raise ValueError("the portfolios' Data months differ, so one Data sheet cannot hold their figures")

    @property
    def rows(self) -> tuple[MeasureRow, ...]:
        """Every portfolio's measure rows, in print order."""
        return tuple(r for sc in self.portfolios for r in sc.rows)

    def rag_counts(self) -> Counts:
        """Counts over every measure of the council."""
        return Counts.of(r.rag for sc in self.portfolios for r in sc.rows)

    @property
    def exceptions(self) -> tuple[tuple[str, MeasureRow], ...]:
        """The exceptions: every measure rated Red, with its portfolio's sheet name, in print order."""
        return tuple(
            (name, r) for name, sc in zip(self.council.sheet_names, self.portfolios, strict=True) for r in sc.exceptions
        )

    @property
    def combined(self) -> Scorecard:
        """The whole council as one scorecard (every outcome, every measure's data): what the Data, About and
        Chart data sheets show. A council of one's is its portfolio's, with every warning and the provenance."""
        first = self.portfolios[0]
        if self.council.alone:
            return replace(first, warnings=self.warnings, provenance=self.provenance)
        return Scorecard(
            template=self.council.combined,
            period=self.period,
            columns=first.columns,
            headers=first.headers,
            outcomes=tuple(o for sc in self.portfolios for o in sc.outcomes),
            data_months=first.data_months,
            data=tuple(row for sc in self.portfolios for row in sc.data),
            trends=tuple(row for sc in self.portfolios for row in sc.trends),
            trend_lines=tuple(line for sc in self.portfolios for line in sc.trend_lines),
            trend_months=first.trend_months,
            roll_up=first.roll_up,  # the combined template's rules are the first portfolio's
            warnings=self.warnings,
            provenance=self.provenance,
        )
