"""A council's pack calculated: each portfolio's scorecard from the same observations; pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import (
    Benchmark,
    Council,
    CouncilScorecard,
    InputFile,
    Month,
    Observation,
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
    inputs: Iterable[InputFile] = (),
    skipped_sheets: Iterable[str] = (),
    version: str = "",
    comparators: Iterable[Observation] = (),
) -> CouncilScorecard:
    """Every portfolio's Scorecard for report month `period`, exactly as each would be calculated alone from
    the same observations (so each portfolio's sheet is the same as its own Appendix 1).

    Promises: the warnings are the council's own (from loading it), the reader's `warnings` once, then each
    portfolio's own in portfolio order; every portfolio has the same data months. Pure: reads and writes nothing.
    """
    seen, others = tuple(observations), tuple(comparators)
    read_warnings, files, skipped = tuple(warnings), tuple(inputs), tuple(skipped_sheets)

    def portfolio(template: Template, data_from: Month | None = None) -> Scorecard:
        return calculate(
            template,
            seen,
            period,
            benchmarks=benchmarks,
            inputs=files,
            skipped_sheets=skipped,
            version=version,
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
    return CouncilScorecard(
        council=council,
        period=period,
        portfolios=portfolios,
        warnings=(*council.warnings, *read_warnings, *(w for sc in portfolios for w in sc.warnings)),
        inputs=files,
        skipped_sheets=skipped,
        version=version,
    )
