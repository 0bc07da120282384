"""Benchmarks computed from comparator areas' figures in the same data, exactly as the council's own figure is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import (
    MONTH_ABBR,
    AreaBenchmark,
    Benchmark,
    Location,
    MeasureDef,
    Month,
    Observation,
    PeriodType,
    Problem,
    Status,
    period_ends,
)
from ..numbers import format_number
from .position import competition_rank, rank_text
from .rules import figure_for_month, months_covered

Series = Mapping[Month, Observation]


@dataclass(frozen=True)
class Computed:
    """A benchmark computed from comparators, and the About sheet's line saying where it came from."""

    benchmark: Benchmark
    source: str


def comparator_series(observations: Iterable[Observation]) -> dict[str, dict[str, dict[Month, Observation]]]:
    """Comparator observations by measure id, then area key, then month."""
    series: dict[str, dict[str, dict[Month, Observation]]] = defaultdict(lambda: defaultdict(dict))
    for o in observations:
        if o.area is not None:
            series[o.measure_id][o.area][o.month] = o
    return series


def _key(area: str) -> str:
    return " ".join(area.casefold().split())


def _where(observations: list[Observation]) -> str:
    files = sorted({o.where.file.replace("\\", "/").rsplit("/", 1)[-1] for o in observations if o.where.file})
    cells = [o.where.cell for o in observations if o.where.cell][:3]
    return f"{', '.join(files)}" + (f" ({', '.join(cells)})" if cells else "")


def area_benchmarks(
    measure: MeasureDef,
    by_area: Mapping[str, Series],
    period: Month,
    beside_blank: bool = False,
    own: Series | None = None,
) -> tuple[list[Computed], list[Problem]]:
    """The measure's benchmarks naming comparator areas, each for the period of the council's latest figure or,
    failing that, the latest published before it, named in a `benchmark-earlier` warning (national figures are
    often published later) unless the council's own figure beside it is blank (`beside_blank`: there is no figure
    for it to be earlier than, and the benchmark's label names its period). A year-to-date figure is compared only
    for the same period: an earlier one covers other months, so none is taken.

    Promises: each area's figure is computed as the council's is (`figure_for_month`: reported, year to date or
    rolling year over the area's own rows) and labelled with the months it covers (`Apr 2023–Mar 2024` for a
    rolling year); a group's value is the mean of the members with a figure for the latest period any member has
    one, labelled `mean of k of n` when some have none; a benchmark with no figure at all is a
    `no-benchmark-figure` warning, never a guess. A group with `rank: true` notes the council's rank among it
    (`own`, the council's series, computed the same way for the group's period; none for a measure with no good
    direction, or when the council has no figure for that period).
    """
    computed: list[Computed] = []
    warnings: list[Problem] = []
    months = [m for series in by_area.values() for m in series]
    earliest = min(months) if months else period
    latest = measure.latest_period_end(period)
    back = max(0, (latest.index - earliest.index) // measure.frequency.length + 1)  # periods ending from `earliest`
    every = period_ends(latest, measure.frequency, measure.year_end, back)[::-1]  # latest first
    for bench in measure.area_benchmarks:
        ends = list(every)
        if measure.period_type is PeriodType.YEAR_TO_DATE:
            ends = ends[:1]
        result = _one(measure, bench, by_area, ends, own or {})
        if result is not None and ends and not beside_blank and result.benchmark.year != _span(measure, ends[0]):
            warnings.append(
                Problem.warning(
                    "benchmark-earlier",
                    Location(measure=measure.id),
                    f"benchmark {bench.label!r} is for {result.benchmark.year}, the latest period it has a figure "
                    f"for, not {_span(measure, ends[0])} as the figure beside it",
                    "check for a newer release of the comparators' figures",
                )
            )
        if result is None:
            warnings.append(
                Problem.warning(
                    "no-benchmark-figure",
                    Location(measure=measure.id),
                    f"benchmark {bench.label!r}: no figure for {', '.join(bench.areas)} up to {period.label} in the "
                    f"data read{_latest_said(measure, bench, by_area)}",
                    "check the area names or codes against the file's geography columns",
                )
            )
        else:
            computed.append(result)
    return computed, warnings


def _latest_said(measure: MeasureDef, bench: AreaBenchmark, by_area: Mapping[str, Series]) -> str:
    """When the benchmark's areas' latest figure is (`; its latest figure is for 2023/24`), or that they have none."""
    ends = [m for a in bench.areas for m, o in by_area.get(_key(a), {}).items() if o.status is not Status.MISSING]
    one = len(bench.areas) == 1
    if not ends:
        return f"; the data holds no figure for {'it' if one else 'them'} at all"
    return f"; {'its' if one else 'their'} latest figure is for {measure.period_label(max(ends))}"


def _span(measure: MeasureDef, end: Month) -> str:
    """The months a figure of the measure for `end` covers, as a label: `Sep 2016`, `Jul–Sep 2016`, `2015/16`;
    a year to date or rolling year worked out from its months names them all (`Apr–Sep 2016`,
    `Apr 2023–Mar 2024`)."""
    covered = months_covered(measure, end)  # the ends of the periods the figure is made of
    if len(covered) == 1:
        return measure.period_label(end)
    first = covered[0].shift(1 - measure.frequency.length)  # the first month of the first of them
    return f"{MONTH_ABBR[first.month - 1]}–{end.label}" if first.year == end.year else f"{first.label}–{end.label}"


def _one(
    measure: MeasureDef, bench: AreaBenchmark, by_area: Mapping[str, Series], ends: list[Month], own: Series
) -> Computed | None:
    for end in ends:
        values: list[tuple[str, float]] = []
        used: list[Observation] = []
        for area in bench.areas:
            series = by_area.get(_key(area), {})
            figure = figure_for_month(measure, end, series)
            if figure.value is not None:
                values.append((area, figure.value))
                used += [series[m] for m in months_covered(measure, end) if m in series]
        if not values:
            continue
        label = _span(measure, end)
        value = sum(v for _, v in values) / len(values)
        name = bench.label
        if bench.group and len(values) < len(bench.areas):
            name = f"{bench.label} (mean of {len(values)} of {len(bench.areas)})"
        shown = format_number(value, measure.unit, measure.decimals)
        if bench.group:
            missing = [a for a in bench.areas if a not in {v[0] for v in values}]
            detail = f"mean of {', '.join(a for a, _ in values)}" + (
                f"; no figure for {', '.join(missing)}" if missing else ""
            )
        else:
            detail = bench.areas[0]
        note = _rank(measure, bench, [v for _, v in values], figure_for_month(measure, end, own).value, label)
        source = f"{measure.id} {name} ({label}): {shown}, from {_where(used)} — {detail}"
        return Computed(Benchmark(name, label, value, note), source + (f"; {note}" if note else ""))
    return None


def _rank(measure: MeasureDef, bench: AreaBenchmark, values: list[float], council: float | None, label: str) -> str:
    """The rank line for a group asking for one, or nothing."""
    if not bench.rank or council is None:
        return ""
    rank = competition_rank(council, values, measure.polarity)
    if rank is None:
        return ""
    return rank_text(rank, len(values) + 1, len(bench.areas), bench.label, label)
