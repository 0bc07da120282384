"""The keys a template may hold at each level, and which computations fit which kind of figure."""

from __future__ import annotations

from ..model import Compute, PeriodType
from .open_data_keys import OPEN_DATA_MEASURE_KEYS, OPEN_DATA_TOP_KEYS
from .reading_keys import READING_KEYS
from .spc_keys import SPC_KEYS

TOP_KEYS = {"title", "portfolio", "short_name", "author", "rules", "outcomes", "symbols", *OPEN_DATA_TOP_KEYS}
RULE_KEYS = {"tolerance", "floor", "rag_on", "trend_basis", "aggregation", "thresholds", *READING_KEYS, *SPC_KEYS}
OUTCOME_KEYS = {"name", "themes"}
THEME_KEYS = {"name", "measures"}
MEASURE_KEYS = {
    "id", "number", "title", "good_to_be", "period_type", "unit", "decimals", "target", "compute",
    "benchmarks", "status", "note", "tolerance", "floor", "rag_on", "trend_basis", "per", *READING_KEYS, *SPC_KEYS,
    *OPEN_DATA_MEASURE_KEYS,
}  # fmt: skip
MEASURE_REQUIRED = ("id", "number", "title", "unit")
BENCHMARK_KEYS = {"label", "year", "value"}
COMPUTE_FOR = {
    PeriodType.MONTH: {Compute.REPORTED},
    PeriodType.YEAR_TO_DATE: {Compute.REPORTED, Compute.SUM, Compute.RATIO},
    PeriodType.ROLLING_YEAR: {Compute.REPORTED, Compute.MEAN, Compute.RATIO},
}
