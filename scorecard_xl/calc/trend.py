"""Which periods a measure's trend shows: its last 13 months, 8 quarters or 5 years; pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Figure, Frequency, MeasureDef, Month, TrendLine, TrendPoint
from ..numbers import format_number

TREND_MONTHS = 13
TREND_PERIODS = {Frequency.MONTH: TREND_MONTHS, Frequency.QUARTER: 8, Frequency.YEAR: 5}


def trend_window(months: Sequence[Month]) -> range:
    """The indexes of the data months a monthly Trend chart shows: the last 13 (or all, when there are fewer)."""
    return range(max(0, len(months) - TREND_MONTHS), len(months))


def trend_start(measure: MeasureDef, period: Month) -> Month:
    """The first data month a measure's trend can show for report month `period`: 12 months before it for a
    monthly measure; the end of the 8th latest quarter, or of the 5th latest year, for a quarterly or annual one."""
    if measure.frequency is Frequency.MONTH:
        return period.shift(1 - TREND_MONTHS)
    length = measure.frequency.length
    return measure.latest_period_end(period).shift(-length * (TREND_PERIODS[measure.frequency] - 1))


def trend_points(measure: MeasureDef, months: Sequence[Month], figures: Sequence[Figure]) -> tuple[TrendPoint, ...]:
    """The points a measure's charts draw, oldest first: the last 13 months of a monthly measure, the last 8
    quarters of a quarterly one, the last 5 years of an annual one (fewer where the data is shorter), each with the
    target in force in its period (none for Monitor).

    `figures` are in the columns of `months` (the Data months); a quarterly or annual figure sits in the column of
    its period's last month, and its label names the period (`Jul–Sep 2016`, `2015/16`).
    """
    frequency = measure.frequency
    if frequency is Frequency.MONTH:
        at = list(trend_window(months))
    else:
        ends = [i for i, m in enumerate(months) if measure.is_period_end(m)]
        at = ends[-TREND_PERIODS[frequency] :]
    target = measure.target
    return tuple(
        TrendPoint(
            months[i].label if frequency is Frequency.MONTH else measure.period_label(months[i]),
            months[i],
            figures[i],
            None if target.monitor else target.for_month(months[i], measure.year_end),
        )
        for i in at
    )


def trend_description(
    name: str, labels: Sequence[str], values: Sequence[float | None], number_text: Callable[[float], str]
) -> str:
    """Alt text such as `CS05 % repeat referrals, Sep 2015 to Sep 2016, from 31% to 36%`.

    The months named are those of the first and last figure; missing months are counted when there are any.
    """
    points = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not points:
        return f"{name}: no figures"
    (first_label, first), (last_label, last) = points[0], points[-1]
    text = f"{name}, {first_label} to {last_label}, from {number_text(first)} to {number_text(last)}"
    missing = sum(1 for v in values if v is None)
    if missing:
        text += f" ({missing} month{'s' if missing != 1 else ''} missing)"
    return text


def trend_line(measure: MeasureDef, months: Sequence[Month], figures: Sequence[Figure]) -> TrendLine:
    """The measure's trend line (`trend_points`) with its alt text, and the same naming its latest target."""
    points = trend_points(measure, months, figures)

    def number(value: float) -> str:
        return format_number(value, measure.unit, measure.decimals)

    text = trend_description(
        f"{measure.id} {measure.title}", [p.label for p in points], [p.plotted for p in points], number
    )
    targets = [p.target for p in points if p.target is not None]
    return TrendLine(measure, points, text, f"{text}; target {number(targets[-1])}" if targets else text)
