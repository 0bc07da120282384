"""A council's pack calculated: each portfolio's scorecard from the same observations; pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..model import (
    Benchmark,
    Council,
    CouncilScorecard,
    Month,
    Observation,
    PortfolioLine,
    Problem,
    Scorecard,
    Template,
)
from .scorecard import calculate


def calculate_council(
    council: Council,
    observations: Iterable[Observation],
    period: Month,
    *,
    benchmarks: Mapping[str, Mapping[str, Benchmark]] | None = None,
    warnings: Iterable[Problem] = (),
    comparators: Iterable[Observation] = (),
) -> CouncilScorecard:
    """Every portfolio's Scorecard for report month `period`, exactly as each would be calculated alone from
    the same observations (so each portfolio's sheet is the same as its own Appendix 1).

    Promises: the warnings are the council's own (from loading it), the reader's `warnings` once, then each
    portfolio's own in portfolio order; every portfolio has the same data months. Pure: reads and writes nothing.
    """
    seen = observations if isinstance(observations, Sequence) else tuple(observations)  # read once per portfolio
    others = tuple(comparators)
    read_warnings = tuple(warnings)

    def portfolio(template: Template, data_from: Month | None = None) -> Scorecard:
        return calculate(
            template,
            seen,
            period,
            benchmarks=benchmarks,
            comparators=others,
            data_from=data_from,
        )

    portfolios = tuple(portfolio(template) for template in council.portfolios)
    # One Data sheet serves the pack, so every portfolio's Data months start at the earliest any of them needs (an
    # annual measure's five years reach back further than a monthly one's thirteen months).
    start = min((sc.data_months[0] for sc in portfolios if sc.data_months), default=None)
    portfolios = tuple(
        sc if not sc.data_months or sc.data_months[0] == start else portfolio(sc.template, start) for sc in portfolios
    )
    lines = _summary(council, portfolios)
    return CouncilScorecard(
        council=council,
        period=period,
        portfolios=portfolios,
        warnings=(*council.warnings, *read_warnings, *(w for sc in portfolios for w in sc.warnings)),
        summary=lines,
        chart_description="Measures by status and portfolio: " + "; ".join(
            f"{line.sheet} {line.counts.green} Green, {line.counts.amber} Amber, {line.counts.red} Red, "
            f"{line.counts.monitor} Monitor"
            for line in lines
        ),
    )  # fmt: skip


def _summary(council: Council, portfolios: Sequence[Scorecard]) -> tuple[PortfolioLine, ...]:
    """The Council summary's line for each portfolio: sheet name, RAG counts, measures, outcomes' RAGs in words."""
    return tuple(
        PortfolioLine(
            name,
            sc.rag_counts(),
            len(sc.rows),
            "\n".join(f"{o.rag.value}: {o.name} ({o.counts.text})" for o in sc.outcomes),
        )
        for name, sc in zip(council.sheet_names, portfolios, strict=True)
    )
