"""A council's portfolios reported together: the council as defined, and its calculated pack."""

from __future__ import annotations

from dataclasses import dataclass

from .definitions import MeasureDef, Rag, Template
from .months import Month
from .problems import Problem
from .scorecard import Counts, InputFile, MeasureRow, Scorecard


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
    warnings: tuple[Problem, ...] = ()  # found in loading it (a sheet name worked out for a long portfolio name)

    @property
    def measures(self) -> tuple[MeasureDef, ...]:
        """Every measure of every portfolio, in print order."""
        return tuple(m for t in self.portfolios for m in t.measures)

    @property
    def combined(self) -> Template:
        """One template holding every portfolio's outcomes: what the extracts are read against.

        Measure ids are unique across a council's portfolios; display numbers need not be.
        """
        first = self.portfolios[0]
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
class CouncilScorecard:
    """The calculated pack: one Scorecard per portfolio, and the whole council's inputs and warnings."""

    council: Council
    period: Month
    portfolios: tuple[Scorecard, ...]
    warnings: tuple[Problem, ...] = ()
    inputs: tuple[InputFile, ...] = ()
    skipped_sheets: tuple[str, ...] = ()
    version: str = ""

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
    def reds(self) -> tuple[tuple[Scorecard, MeasureRow], ...]:
        """Every measure rated Red, with its portfolio's scorecard, in print order."""
        return tuple((sc, r) for sc in self.portfolios for r in sc.rows if r.rag is Rag.RED)

    @property
    def combined(self) -> Scorecard:
        """The whole council as one scorecard (every outcome, every measure's data): what the Data, About and
        Chart data sheets show."""
        first = self.portfolios[0]
        return Scorecard(
            template=self.council.combined,
            period=self.period,
            columns=first.columns,
            outcomes=tuple(o for sc in self.portfolios for o in sc.outcomes),
            data_months=first.data_months,
            data=tuple(row for sc in self.portfolios for row in sc.data),
            trends=tuple(row for sc in self.portfolios for row in sc.trends),
            warnings=self.warnings,
            inputs=self.inputs,
            skipped_sheets=self.skipped_sheets,
            version=self.version,
        )
