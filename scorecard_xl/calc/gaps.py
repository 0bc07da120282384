"""Pure checks on what a measure's figures cover: the `Data period` wording for quarterly and annual measures,
figures that land in no column, and months with no figure at all inside the Data sheet's months."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import (
    Compute,
    Figure,
    Frequency,
    Location,
    MeasureDef,
    Month,
    Observation,
    Period,
    PeriodType,
    Problem,
    Status,
    Template,
    year_start,
)

_ADJECTIVE = {Frequency.QUARTER: "quarterly", Frequency.YEAR: "annual"}


def period_label(measure: MeasureDef, end: Month, *, plain: bool = False) -> str:
    """The `Data period` cell for the measure's latest period ending in `end` (SPEC §5.6).

    Monthly measures keep the seed's wording (`Month only (not quarterly data)`, `Cumulative (year to date)`), or
    with `plain` the month (`Sep 2016`); quarterly and annual ones name their period: `Quarterly (Jul–Sep 2016)`,
    `Annual (financial year 2015/16)`, `Cumulative (year to date), quarterly (Apr–Sep 2016)`; with `plain` the
    period alone (`Jul–Sep 2016`, `2015/16`).
    """
    if plain:
        return measure.period_label(end)
    if measure.frequency is Frequency.MONTH:
        return measure.period_type.value
    period = Period(measure.frequency, end, measure.year_end)
    if measure.compute is Compute.REPORTED or measure.frequency is Frequency.YEAR:
        return period.description
    year_to_date = measure.period_type is PeriodType.YEAR_TO_DATE
    first = year_start(end, measure.year_end) if year_to_date else end.shift(-11)
    span = Period(Frequency.MONTH, end).label if first == end else f"{first.label}–{end.label}"
    return f"{measure.period_type.value}, {_ADJECTIVE[measure.frequency]} ({span})"


def figures_outside_columns(
    measure: MeasureDef,
    series: Mapping[Month, Observation],
    figures: Sequence[Figure],
    columns: Sequence[Month],
    period: Month,
) -> Problem | None:
    """A warning when the measure has figures up to `period` but not one column shows a figure or symbol for it
    (figures for months between the quarter ends, or an annual measure whose year ends in no column)."""
    if not measure.available or any(f.value is not None or f.symbol is not None or f.suppressed for f in figures):
        return None  # checked first: the common case, which needs no look at the series
    held = sorted(m for m, o in series.items() if m <= period and o.status is not Status.MISSING)
    if not held or set(held) & set(columns):
        return None  # some do land in a column: a figure there is missing for another reason, warned about already
    shown = ", ".join(m.label for m in held[-4:])
    more = f" (and {len(held) - 4} earlier)" if len(held) > 4 else ""
    return Problem.warning(
        "figures-outside-columns",
        series[held[-1]].where,
        f"{measure.id} has figures for {shown}{more}, but none of them lands in a column of this scorecard "
        f"({', '.join(c.label for c in columns)})",
        "check the measure's frequency and year_end in the template, and the periods in the extract",
    )


def missing_months(
    template: Template, series: Mapping[str, Mapping[Month, Observation]], months: Sequence[Month]
) -> Problem | None:
    """A warning naming the months inside `months` (between the first and the last holding a figure) for which no
    monthly measure has anything at all: a month sheet or rows left out of the extract."""
    monthly = [m.id for m in template.measures if m.frequency is Frequency.MONTH and m.available]
    seen = {month.index for mid in monthly for month in series.get(mid, {})}  # int keys hash cheaply
    inside = [m for m in months if seen and min(seen) <= m.index <= max(seen)]
    gaps = [m for m in inside if m.index not in seen]
    if not gaps:
        return None
    first_file = next((o.where.file for mid in monthly for o in series.get(mid, {}).values() if o.where.file), None)
    return Problem.warning(
        "missing-months",
        Location(file=first_file),
        f"no figure at all for {', '.join(m.label for m in gaps)}, inside the months the scorecard uses "
        f"({inside[0].label}–{inside[-1].label}); arrows and year-to-date figures that need them are left blank",
        "add the missing month sheets (or rows) to the extract",
    )
