"""Pure scoring rules: report columns, a measure's figure for a month, trend arrows, RAG and roll-up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ..model import (
    Aggregation,
    Arrow,
    Compute,
    Frequency,
    MeasureDef,
    Month,
    Observation,
    PeriodType,
    Polarity,
    Rag,
    RagOn,
    Rules,
    Status,
    Symbol,
    TrendBasis,
    Unit,
    year_start,
)
from ..numbers import display_round

_EPSILON = 1e-9
_SCORES = {Rag.GREEN: 3, Rag.AMBER: 2, Rag.RED: 1}
_BY_SCORE = {3: Rag.GREEN, 2: Rag.AMBER, 1: Rag.RED}


def report_columns(period: Month) -> tuple[Month, ...]:
    """The figure columns for report month `period`.

    March of the previous financial year, then June, September, December and March of this one; when
    `period` is not a quarter end, its own column is inserted after the last quarter end before it.
    """
    start = period.fy_start
    columns = [start.shift(-1), start.shift(2), start.shift(5), start.shift(8), start.shift(11)]
    if period not in columns:
        columns.append(period)
        columns.sort()
    return tuple(columns)


@dataclass(frozen=True)
class MonthFigure:
    """A measure's figure for one month: a value, or suppressed, or blank with the months it lacked; `symbol` is
    the statistical symbol the extract gave for it (the first one that stops a combined figure)."""

    value: float | None
    suppressed: bool = False
    missing: tuple[Month, ...] = ()
    symbol: Symbol | None = None


def months_covered(measure: MeasureDef, month: Month) -> tuple[Month, ...]:
    """The period ends whose extract figures make the figure of the period ending in `month`, oldest first.

    Year to date: each period of the measure's year up to `month` (months, or quarters, from April for a financial
    year); rolling year: the last twelve months or four quarters; `reported`: the period itself.
    """
    single = measure.compute is Compute.REPORTED or measure.frequency is Frequency.YEAR
    year_to_date = measure.period_type is PeriodType.YEAR_TO_DATE
    return _months_covered(single, year_to_date, measure.frequency.length, measure.year_end, month)


@lru_cache(maxsize=8192)
def _months_covered(single: bool, year_to_date: bool, step: int, year_end: int, month: Month) -> tuple[Month, ...]:
    """`months_covered` from the parts of the measure it depends on, remembered: every row asks for the same few."""
    if single:
        return (month,)
    if year_to_date:
        start = year_start(month, year_end)
        count = (month.index - start.index) // step + 1
    else:
        count = 12 // step
    return tuple(month.shift(-step * back) for back in range(count - 1, -1, -1))


def figure_for_month(measure: MeasureDef, month: Month, series: Mapping[Month, Observation]) -> MonthFigure:
    """The figure of `measure` for `month` from its observations by month (SPEC §5.2).

    `reported` takes the month's own figure; `sum`, `ratio` and `mean` combine the months of the year to date
    or rolling year. Any needed month missing gives no figure and names the months; any suppressed gives a
    suppressed figure.
    """
    needed = months_covered(measure, month)
    found = [series.get(m) for m in needed]
    for o in found:
        if o is not None and o.status in (Status.SUPPRESSED, Status.NO_FIGURE):
            return MonthFigure(None, suppressed=o.status is Status.SUPPRESSED, symbol=o.symbol)
    if measure.compute is Compute.RATIO:
        missing = tuple(
            m for m, o in zip(needed, found, strict=True) if o is None or o.numerator is None or o.denominator is None
        )
    else:
        missing = tuple(m for m, o in zip(needed, found, strict=True) if o is None or o.value is None)
    if missing:
        symbol = next((o.symbol for o in found if o is not None and o.symbol is not None), None)
        return MonthFigure(None, missing=missing, symbol=symbol)
    observations = [o for o in found if o is not None]
    if measure.compute is Compute.REPORTED:
        return MonthFigure(observations[0].value, symbol=observations[0].symbol)
    if measure.compute is Compute.SUM:
        return MonthFigure(float(sum(Decimal(repr(o.value)) for o in observations if o.value is not None)))
    if measure.compute is Compute.MEAN:
        values = [o.value for o in observations if o.value is not None]
        return MonthFigure(sum(values) / len(values))
    numerator = sum(o.numerator for o in observations if o.numerator is not None)
    denominator = sum(o.denominator for o in observations if o.denominator is not None)
    if denominator == 0:
        return MonthFigure(None, missing=())
    return MonthFigure(measure.from_parts(numerator, denominator))


def comparison_month(
    measure: MeasureDef, month: Month, columns: Sequence[Month] = (), basis: TrendBasis | None = None
) -> Month | None:
    """The month a figure for `month` is compared with for its arrow, under the measure's trend basis.

    `auto` is the previous month (the previous quarter or year for quarterly or annual measures) for month and
    rolling-year measures and the same month a year earlier for year-to-date ones; `previous_column` is the column
    to the left in `columns` (None for the first).
    """
    basis = measure.trend_basis if basis is None else basis.resolve(measure.period_type)
    if basis is TrendBasis.PREVIOUS_MONTH:
        return month.shift(-measure.frequency.length)
    if basis is TrendBasis.SAME_MONTH_LAST_YEAR:
        return month.shift(-12)
    if month in columns:
        position = list(columns).index(month)
        return columns[position - 1] if position > 0 else None
    return None


def trend_arrow(
    polarity: Polarity,
    current: float | None,
    previous: float | None,
    unit: Unit,
    decimals: int,
    target: float | None = None,
) -> Arrow | None:
    """The arrow for `current` against `previous`, both compared as displayed.

    `↑` improved (higher for high, lower for low, closer to target for target), `↓` worsened, `→` equal.
    No arrow when either figure is missing, the measure has no polarity, or a target measure has no target.
    """
    if current is None or previous is None or polarity is Polarity.NONE:
        return None
    now = display_round(current, unit, decimals)
    before = display_round(previous, unit, decimals)
    if polarity is Polarity.TARGET:
        if target is None:
            return None
        now, before = -abs(now - target), -abs(before - target)
    elif polarity is Polarity.LOW:
        now, before = -now, -before
    if abs(now - before) <= _EPSILON * max(1.0, abs(now), abs(before)):
        return Arrow.SAME
    return Arrow.UP if now > before else Arrow.DOWN


def measure_rag(polarity: Polarity, value: float, target: float, rules: Rules, unit: Unit, decimals: int) -> Rag:
    """The RAG of figure `value` against `target` (SPEC §5.4).

    high: ≥ T Green, ≥ T − tol Amber, else Red; low mirrors it; target: |v − T| ≤ tol Green, ≤ 2·tol Amber.
    With a floor F instead of a tolerance, Amber runs from the target to F inclusive. Under
    `rag_on: displayed` the figure is rounded as displayed first. Boundaries are inclusive.
    """
    v = display_round(value, unit, decimals) if rules.rag_on is RagOn.DISPLAYED else value
    slack = _EPSILON * max(1.0, abs(target))
    if polarity is Polarity.TARGET:
        width = rules.tolerance.width(target)
        distance = abs(v - target)
        if distance <= width + slack:
            return Rag.GREEN
        return Rag.AMBER if distance <= 2 * width + slack else Rag.RED
    sign = 1.0 if polarity is Polarity.HIGH else -1.0
    if sign * (v - target) >= -slack:
        return Rag.GREEN
    if rules.floor is not None:
        return Rag.AMBER if sign * (v - rules.floor) >= -slack else Rag.RED
    width = rules.tolerance.width(target)
    return Rag.AMBER if sign * (v - target) >= -width - slack else Rag.RED


def roll_up(rags: Iterable[Rag | None], aggregation: Aggregation, green: float = 2.5, red: float = 1.5) -> Rag:
    """The RAG of a heading from its members' RAGs (SPEC §5.5).

    Green 3, Amber 2, Red 1; Monitor, None and blanks left out. `mean`: mean ≥ `green` is Green, ≤ `red` is
    Red, else Amber (compared exactly). `worst`: the lowest. Nothing rated: `Rag.NONE`.
    """
    scores = [_SCORES[r] for r in rags if r in _SCORES]
    if not scores:
        return Rag.NONE
    if aggregation is Aggregation.WORST:
        return _BY_SCORE[min(scores)]
    mean = Fraction(sum(scores), len(scores))
    if mean >= Fraction(str(green)):
        return Rag.GREEN
    if mean <= Fraction(str(red)):
        return Rag.RED
    return Rag.AMBER
