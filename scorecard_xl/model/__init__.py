"""Frozen data passed between the stages: months, template definitions, problems, observations and the scorecard.

Nothing here reads or writes files, and nothing here imports the rest of the package.
"""

from __future__ import annotations

from .codes import Code, Severity
from .council import Council, CouncilScorecard
from .definitions import (
    Aggregation,
    Arrow,
    Benchmark,
    Compute,
    MeasureDef,
    OutcomeDef,
    PercentScale,
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
from .months import MONTH_ABBR, MONTH_WORDS, Month, fy_label, month_ranges
from .periods import YEAR_KIND, Frequency, Period, check_year_end, on_quarter_grid, period_containing
from .problems import Location, Problem
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
from .sources import COLUMN_ROLES, AreaBenchmark, Columns, Source
from .symbols import ENTRY_MARKERS, Counting, Meaning, Symbol, SymbolError, fold_symbol, symbol_table

__all__ = [
    "BUILT_BY",
    "COLUMN_ROLES",
    "ENTRY_MARKERS",
    "EXCEL_CELL_LIMIT",
    "MONTH_ABBR",
    "MONTH_WORDS",
    "YEAR_KIND",
    "Aggregation",
    "AreaBenchmark",
    "Arrow",
    "Benchmark",
    "Code",
    "Columns",
    "Compute",
    "Council",
    "CouncilScorecard",
    "Counting",
    "Counts",
    "Figure",
    "Frequency",
    "InputFile",
    "Location",
    "Meaning",
    "MeasureDef",
    "MeasureRow",
    "Month",
    "Observation",
    "OutcomeDef",
    "OutcomeResult",
    "PercentScale",
    "Period",
    "PeriodType",
    "Polarity",
    "Problem",
    "Rag",
    "RagOn",
    "Rules",
    "Scorecard",
    "Severity",
    "Source",
    "Status",
    "Symbol",
    "SymbolError",
    "Target",
    "Template",
    "ThemeDef",
    "ThemeResult",
    "Tolerance",
    "ToleranceKind",
    "TrendBasis",
    "Unit",
    "check_year_end",
    "fold_symbol",
    "fy_label",
    "month_ranges",
    "on_quarter_grid",
    "period_containing",
    "symbol_table",
]
