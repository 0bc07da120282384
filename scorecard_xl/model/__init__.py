"""Frozen data passed between the stages: months, template definitions, problems, observations and the scorecard.

Nothing here reads or writes files, and nothing here imports the rest of the package.
"""

from __future__ import annotations

from .council import Council, CouncilScorecard
from .definitions import (
    Aggregation,
    Arrow,
    Benchmark,
    Compute,
    MeasureDef,
    OutcomeDef,
    PeriodType,
    Polarity,
    Rag,
    RagOn,
    Rules,
    Target,
    Template,
    ThemeDef,
    Tolerance,
    ToleranceKind,
    TrendBasis,
    Unit,
)
from .months import MONTH_ABBR, Month, fy_label
from .problems import Location, Problem, Severity
from .scorecard import (
    BUILT_BY,
    EXCEL_CELL_LIMIT,
    Counts,
    Figure,
    InputFile,
    MeasureRow,
    Observation,
    OutcomeResult,
    Scorecard,
    Status,
    ThemeResult,
)
from .symbols import ENTRY_MARKERS, MISSING_MARKERS, SUPPRESSED_MARKERS

__all__ = [
    "BUILT_BY",
    "ENTRY_MARKERS",
    "EXCEL_CELL_LIMIT",
    "MISSING_MARKERS",
    "MONTH_ABBR",
    "SUPPRESSED_MARKERS",
    "Aggregation",
    "Arrow",
    "Benchmark",
    "Compute",
    "Council",
    "CouncilScorecard",
    "Counts",
    "Figure",
    "InputFile",
    "Location",
    "MeasureDef",
    "MeasureRow",
    "Month",
    "Observation",
    "OutcomeDef",
    "OutcomeResult",
    "PeriodType",
    "Polarity",
    "Problem",
    "Rag",
    "RagOn",
    "Rules",
    "Scorecard",
    "Severity",
    "Status",
    "Target",
    "Template",
    "ThemeDef",
    "ThemeResult",
    "Tolerance",
    "ToleranceKind",
    "TrendBasis",
    "Unit",
    "fy_label",
]
