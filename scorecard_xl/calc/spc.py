"""Statistical process control as Making Data Count defines it: an XmR chart of a measure's reported figures, each
point's special causes, and the measure's variation and assurance in words; pure, no I/O.

Centre line: the mean of the baseline figures (all figures up to the report period, or the first `spc_baseline`).
Moving ranges |xᵢ − xᵢ₋₁| of consecutive figures (gaps skipped), not screened. Process limits: mean ± 2.66 × the mean
moving range; 2σ lines: mean ± 1.773 × it. Special cause at a point: (a) strictly beyond a process limit; (b) one of
7 or more consecutive points strictly on one side of the mean (a point on the mean breaks the run); (c) one of 7 or
more consecutive points each strictly higher (or lower) than the one before; (d) beyond a 2σ line (the limit
counts too) in a window of 3 consecutive points of which 2 or more are beyond that same line and all 3 on its side
of the mean.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from ..model import Compute, Frequency, MeasureDef, MeasureRow, Month, Observation, PeriodType, Polarity
from ..model.spc import MIN_POINTS, Limits, Point, Reason, Side, Spc
from .rules import figure_for_month

LIMIT_FACTOR = 2.66  # process limits: mean ± 2.66 × the mean moving range
TWO_SIGMA_FACTOR = 1.773  # 2σ lines: mean ± 1.773 × the mean moving range
RUN = 7  # consecutive points that make a shift or a trend


def limits(values: Sequence[float], baseline: int | None = None) -> Limits:
    """The XmR lines of `values` (two or more), from the first `baseline` of them (all when None)."""
    base = list(values if baseline is None else values[:baseline])
    mean = sum(base) / len(base)
    ranges = [abs(b - a) for a, b in itertools.pairwise(base)]
    mean_range = sum(ranges) / len(ranges) if ranges else 0.0
    return Limits(
        mean,
        mean_range,
        mean + LIMIT_FACTOR * mean_range,
        mean - LIMIT_FACTOR * mean_range,
        mean + TWO_SIGMA_FACTOR * mean_range,
        mean - TWO_SIGMA_FACTOR * mean_range,
    )


def _runs(flags: Sequence[bool]) -> list[bool]:
    """Each index that lies in a run of `RUN` or more consecutive True values."""
    marked = [False] * len(flags)
    start = 0
    for i in range(len(flags) + 1):
        if i == len(flags) or not flags[i]:
            if i - start >= RUN:
                marked[start:i] = [True] * (i - start)
            start = i + 1
    return marked


def _trend(values: Sequence[float], rising: bool) -> list[bool]:
    """Each index in a run of `RUN` or more points each strictly higher (`rising`) or lower than the one before."""
    marked = [False] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        moved = i < len(values) and (values[i] > values[i - 1] if rising else values[i] < values[i - 1])
        if not moved:
            if i - start >= RUN:
                marked[start:i] = [True] * (i - start)
            start = i
    return marked


def _two_of_three(values: Sequence[float], line: float, mean: float, high: bool) -> list[bool]:
    """Each index beyond the 2σ `line` in a window of 3 with 2 or more beyond it, all 3 on its side of the mean."""
    beyond = [v > line if high else v < line for v in values]
    side = [v > mean if high else v < mean for v in values]
    marked = [False] * len(values)
    for i in range(len(values) - 2):
        window = range(i, i + 3)
        if all(side[j] for j in window) and sum(beyond[j] for j in window) >= 2:
            for j in window:
                marked[j] = marked[j] or beyond[j]
    return marked


def points(labels: Sequence[str], values: Sequence[float], lines: Limits) -> tuple[Point, ...]:
    """Each figure with the rules that flag it, by side."""
    mean = lines.mean
    above = _runs([v > mean for v in values])
    below = _runs([v < mean for v in values])
    rising, falling = _trend(values, True), _trend(values, False)
    two_high = _two_of_three(values, lines.upper_2s, mean, True)
    two_low = _two_of_three(values, lines.lower_2s, mean, False)
    result = []
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        high = [r for r, hit in (("limit", v > lines.upper), ("shift", above[i]), ("trend", rising[i]),
                                 ("two of three", two_high[i])) if hit]  # fmt: skip
        low = [r for r, hit in (("limit", v < lines.lower), ("shift", below[i]), ("trend", falling[i]),
                                ("two of three", two_low[i])) if hit]  # fmt: skip
        result.append(Point(label, v, tuple(high), tuple(low)))
    return tuple(result)


def variation(latest: Point, polarity: Polarity) -> str:
    """The variation of a measure, its latest point's: `Common cause`; `Special cause improvement (high)` /
    `Special cause concern (low)` by polarity (improvement wins when both sides are flagged); `Special cause (high)`
    for a measure with no good direction (good to be target or none)."""
    if not latest.special:
        return "Common cause"
    good = {Polarity.HIGH: Side.HIGH, Polarity.LOW: Side.LOW}.get(polarity)
    flagged = [s for s, hit in ((Side.HIGH, latest.high), (Side.LOW, latest.low)) if hit]
    if good is None:
        return f"Special cause ({flagged[0].value})"
    if good in flagged:
        return f"Special cause improvement ({good.value})"
    return f"Special cause concern ({flagged[0].value})"


def assurance(polarity: Polarity, target: float | None, lines: Limits, band: float | None = None) -> str:
    """Whether the process reliably meets its target. Good to be high: target above the upper limit `Consistently
    failing`, below the lower limit `Consistently passing`, else `Hit and miss`; low mirrors it. Good to be target:
    both limits within the Green band (target ± `band`) `Consistently passing`, the band wholly outside the limits
    `Consistently failing`, else `Hit and miss`. Blank with no target or no direction."""
    if target is None:
        return ""
    if polarity is Polarity.HIGH:
        fail, passing = target > lines.upper, target < lines.lower
    elif polarity is Polarity.LOW:
        fail, passing = target < lines.lower, target > lines.upper
    elif polarity is Polarity.TARGET and band is not None:
        passing = target - band <= lines.lower and lines.upper <= target + band
        fail = target + band < lines.lower or target - band > lines.upper
    else:
        return ""
    return "Consistently failing" if fail else "Consistently passing" if passing else "Hit and miss"


def measure_spc(
    labels: Sequence[str],
    values: Sequence[float],
    polarity: Polarity,
    target: float | None,
    *,
    baseline: int | None = None,
    band: float | None = None,
) -> Spc:
    """The SPC of a measure's figures (oldest first, gaps already skipped) up to the report period: fewer than
    `MIN_POINTS` gives no chart, with the reason. A `baseline` longer than the figures uses them all."""
    if len(values) < MIN_POINTS:
        return not_applied(Reason.FEW)
    if baseline is not None and baseline >= len(values):
        baseline = None
    lines = limits(values, baseline)
    drawn = points(labels, values, lines)
    return Spc(lines, drawn, variation(drawn[-1], polarity), assurance(polarity, target, lines, band))


def not_applied(reason: Reason) -> Spc:
    """The SPC of a measure it does not apply to: blank cells, and why."""
    return Spc(None, (), "", "", reason)


def series_spc(measure: MeasureDef, series: Mapping[Month, Observation], last: Month, target: float | None) -> Spc:
    """The SPC of `measure` from its observations, over its periods up to `last` (the latest period ending by the
    report month): a monthly or quarterly measure whose figures are reported, every period with a figure taken in
    order (blank, missing and suppressed periods skipped). Year to date, rolling year and annual measures, and those
    with fewer than `MIN_POINTS` figures, get none, with the reason."""
    if measure.period_type is not PeriodType.MONTH or measure.compute is not Compute.REPORTED:
        return not_applied(Reason.CUMULATIVE)
    if measure.frequency is Frequency.YEAR:
        return not_applied(Reason.ANNUAL)
    labels: list[str] = []
    values: list[float] = []
    months = [m for m in series if m <= last]
    month = min(months, default=last)
    while month <= last:
        if measure.is_period_end(month):
            value = figure_for_month(measure, month, series).value
            if value is not None:
                labels.append(measure.period_label(month))
                values.append(value)
        month = month.shift(1)
    band = measure.rules.tolerance.width(target) if target is not None else None
    return measure_spc(labels, values, measure.polarity, target, baseline=measure.rules.spc_baseline, band=band)


def key_lines(rows: Sequence[MeasureRow]) -> list[tuple[str, str]]:
    """The key's lines for the Variation and Assurance columns, and why some rows are blank (naming the measures);
    none when no row has SPC."""
    asked = [r for r in rows if r.spc is not None]
    if not asked:
        return []
    lines = [
        ("Variation", "Making Data Count's SPC of the measure's monthly or quarterly figures (XmR chart: mean ± 2.66 × "
         "mean moving range), at its latest figure: (~) common cause, (H)/(L) special cause high or low — "
         "improvement or concern by Good to be; special cause = beyond a process limit, 7 or more in a row on one "
         "side of the mean, 7 or more in a row rising or falling, or 2 of 3 beyond the 2σ line"),
        ("Assurance", "the target against the process limits: (P) consistently passing, (F) consistently failing, "
         "(?) hit and miss (the target lies between the limits); blank with no target or no direction"),
    ]  # fmt: skip
    blank = []
    for reason in Reason:
        ids = [r.measure.id for r in asked if r.spc is not None and r.spc.reason is reason]
        if ids:
            blank.append(f"{reason.value}: {', '.join(ids)}")
    unasked = [r.measure.id for r in rows if r.spc is None and r.measure.available]
    if unasked:
        blank.append(f"not asked for (spc: false): {', '.join(unasked)}")
    if blank:
        lines.append(("SPC blank", "; ".join(blank)))
    return lines
