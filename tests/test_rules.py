"""Truth tables for the pure scoring rules in `scorecard_xl.calc.rules` (SPEC §5).

Every expected value below is worked out from the SPEC by hand, not copied from the code's output:

* §5.1 report columns: March of the previous financial year, then June, September, December and March of this
  one, with the report month inserted after the last quarter end before it when it is not a quarter end.
* §5.2 a measure's figure: `reported`, year-to-date `sum`/`ratio` from April, rolling-year `mean`/`ratio`
  over the 12 months ending at the month; a needed month missing gives no figure and names the months.
* §5.3 trend arrows, compared at the displayed precision, and the month each figure is compared with.
* §5.4 a measure's RAG: high / low / target polarity, tolerance (relative, points, units) or floor, boundaries
  inclusive, the figure rounded as displayed under `rag_on: displayed`.
* §5.5 roll-up of RAGs to themes and outcomes (Green 3, Amber 2, Red 1; mean ≥ 2.5 Green, ≤ 1.5 Red).
"""

from __future__ import annotations

import dataclasses

import pytest

from scorecard_xl.calc.rules import (
    comparison_month,
    figure_for_month,
    measure_rag,
    report_columns,
    roll_up,
    trend_arrow,
)
from scorecard_xl.model import (
    Aggregation,
    Arrow,
    Compute,
    Counts,
    Location,
    MeasureDef,
    Month,
    Observation,
    PeriodType,
    Polarity,
    Rag,
    RagOn,
    Rules,
    Status,
    Target,
    Tolerance,
    ToleranceKind,
    TrendBasis,
    Unit,
)
from scorecard_xl.numbers import display_round

G, A, R, M = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.MONITOR
HIGH, LOW, TARGET, NONE = Polarity.HIGH, Polarity.LOW, Polarity.TARGET, Polarity.NONE
UP, DOWN, SAME = Arrow.UP, Arrow.DOWN, Arrow.SAME


def month(iso: str) -> Month:
    return Month.parse_iso(iso)


def months(*isos: str) -> tuple[Month, ...]:
    return tuple(month(i) for i in isos)


def measure(
    compute: Compute = Compute.REPORTED,
    period_type: PeriodType = PeriodType.MONTH,
    unit: Unit = Unit.COUNT,
    decimals: int = 0,
    polarity: Polarity = Polarity.HIGH,
    trend_basis: TrendBasis = TrendBasis.AUTO,
) -> MeasureDef:
    """A measure with just the fields the rules look at; the rest are plausible fillers."""
    return MeasureDef(
        id="M1",
        number=1,
        title="Test measure",
        polarity=polarity,
        period_type=period_type,
        unit=unit,
        decimals=decimals,
        target=Target(value=10.0),
        compute=compute,
        rules=dataclasses.replace(Rules(), trend_basis=trend_basis),
    )


def obs(
    iso: str,
    value: float | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    status: Status = Status.VALUE,
) -> Observation:
    return Observation("M1", month(iso), status, value, Location("t.xlsx", "S", "C5"), numerator, denominator)


def series_of(*observations: Observation) -> dict[Month, Observation]:
    return {o.month: o for o in observations}


def fy_months(first_iso: str, count: int) -> list[Month]:
    first = month(first_iso)
    return [first.shift(i) for i in range(count)]


# --- §5.1 report columns ------------------------------------------------------------------------------------

QUARTERS_2016_17 = ("2016-03", "2016-06", "2016-09", "2016-12", "2017-03")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # quarter ends: just the five columns
        ("2016-06", QUARTERS_2016_17),
        ("2016-09", QUARTERS_2016_17),
        ("2016-12", QUARTERS_2016_17),
        ("2017-03", QUARTERS_2016_17),  # the last month of FY 2016/17 is still in 2016/17
        # not a quarter end: P inserted after the last quarter end before it
        ("2016-04", ("2016-03", "2016-04", "2016-06", "2016-09", "2016-12", "2017-03")),  # new financial year
        ("2016-05", ("2016-03", "2016-05", "2016-06", "2016-09", "2016-12", "2017-03")),
        ("2016-11", ("2016-03", "2016-06", "2016-09", "2016-11", "2016-12", "2017-03")),
        ("2017-01", ("2016-03", "2016-06", "2016-09", "2016-12", "2017-01", "2017-03")),
        ("2017-02", ("2016-03", "2016-06", "2016-09", "2016-12", "2017-02", "2017-03")),
        # March 2016 closes FY 2015/16, so its columns start at March 2015
        ("2016-03", ("2015-03", "2015-06", "2015-09", "2015-12", "2016-03")),
    ],
)
def test_report_columns(period, expected):
    assert report_columns(month(period)) == months(*expected)


@pytest.mark.parametrize("period", [month("2016-04").shift(i) for i in range(12)], ids=str)
def test_report_columns_always_hold_the_report_month_in_order(period):
    columns = report_columns(period)
    assert period in columns
    assert list(columns) == sorted(set(columns))
    assert set(months(*QUARTERS_2016_17)) <= set(columns)


# --- display rounding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (0.5996, Unit.PERCENT, 0, 0.60),  # 59.96% shows as 60%
        (0.605, Unit.PERCENT, 0, 0.61),  # 60.5% half up to 61%
        (0.604, Unit.PERCENT, 0, 0.60),
        (0.285, Unit.PERCENT, 0, 0.29),  # 0.285 * 100 is 28.499999… in binary; shown 29% all the same
        (0.6055, Unit.PERCENT, 1, 0.606),  # 60.55% at one decimal → 60.6%
        (147.65, Unit.RATE, 1, 147.7),  # half up, not to even, not down through binary error
        (147.64, Unit.RATE, 1, 147.6),
        (2.5, Unit.COUNT, 0, 3.0),  # half up, not banker's rounding
        (1.005, Unit.NUMBER, 2, 1.01),
        (1241.0, Unit.COUNT, 0, 1241.0),
        # negatives: Excel shows -147.65 as -147.7 (halves away from zero, the mirror of the positives)
        (-147.65, Unit.NUMBER, 1, -147.7),
        (-0.605, Unit.PERCENT, 0, -0.61),
        (-2.5, Unit.COUNT, 0, -3.0),
        (-2.4, Unit.COUNT, 0, -2.0),
    ],
)
def test_display_round(value, unit, decimals, expected):
    assert display_round(value, unit, decimals) == pytest.approx(expected, abs=1e-12)


# --- §5.4 a measure's RAG -----------------------------------------------------------------------------------

REL10 = Tolerance(ToleranceKind.RELATIVE, 0.10)
PP5 = Tolerance(ToleranceKind.POINTS, 5)
UNITS3 = Tolerance(ToleranceKind.UNITS, 3)


def rules(tolerance: Tolerance = REL10, floor: float | None = None, rag_on: RagOn = RagOn.DISPLAYED) -> Rules:
    return dataclasses.replace(Rules(), tolerance=tolerance, floor=floor, rag_on=rag_on)


@pytest.mark.parametrize(
    ("polarity", "tolerance", "target", "value", "expected"),
    [
        # relative 10% of a count target of 100: tol = 10
        (HIGH, REL10, 100, 100, G),  # exactly on T
        (HIGH, REL10, 100, 101, G),  # just above
        (HIGH, REL10, 100, 99, A),  # just below
        (HIGH, REL10, 100, 90, A),  # exactly on T − tol
        (HIGH, REL10, 100, 89, R),  # just beyond
        (LOW, REL10, 100, 100, G),
        (LOW, REL10, 100, 99, G),  # just below is better for low
        (LOW, REL10, 100, 101, A),
        (LOW, REL10, 100, 110, A),  # exactly on T + tol
        (LOW, REL10, 100, 111, R),
        (TARGET, REL10, 100, 100, G),
        (TARGET, REL10, 100, 110, G),  # |v − T| = tol
        (TARGET, REL10, 100, 90, G),
        (TARGET, REL10, 100, 111, A),  # just beyond tol
        (TARGET, REL10, 100, 120, A),  # |v − T| = 2·tol
        (TARGET, REL10, 100, 80, A),
        (TARGET, REL10, 100, 121, R),  # just beyond 2·tol
        (TARGET, REL10, 100, 79, R),
        # 5 percentage points around a percent target of 60% (held as 0.60): T − tol = 55%
        (HIGH, PP5, 0.60, 0.60, G),
        (HIGH, PP5, 0.60, 0.61, G),
        (HIGH, PP5, 0.60, 0.59, A),
        (HIGH, PP5, 0.60, 0.55, A),
        (HIGH, PP5, 0.60, 0.54, R),
        (LOW, PP5, 0.25, 0.25, G),
        (LOW, PP5, 0.25, 0.24, G),
        (LOW, PP5, 0.25, 0.26, A),
        (LOW, PP5, 0.25, 0.30, A),
        (LOW, PP5, 0.25, 0.31, R),
        (TARGET, PP5, 0.50, 0.55, G),
        (TARGET, PP5, 0.50, 0.45, G),
        (TARGET, PP5, 0.50, 0.56, A),
        (TARGET, PP5, 0.50, 0.60, A),
        (TARGET, PP5, 0.50, 0.40, A),
        (TARGET, PP5, 0.50, 0.61, R),
        (TARGET, PP5, 0.50, 0.39, R),
        # 3 units around a target of 20 (days)
        (HIGH, UNITS3, 20, 20, G),
        (HIGH, UNITS3, 20, 21, G),
        (HIGH, UNITS3, 20, 19, A),
        (HIGH, UNITS3, 20, 17, A),
        (HIGH, UNITS3, 20, 16, R),
        (LOW, UNITS3, 20, 20, G),
        (LOW, UNITS3, 20, 19, G),
        (LOW, UNITS3, 20, 21, A),
        (LOW, UNITS3, 20, 23, A),
        (LOW, UNITS3, 20, 24, R),
        (TARGET, UNITS3, 20, 23, G),
        (TARGET, UNITS3, 20, 17, G),
        (TARGET, UNITS3, 20, 24, A),
        (TARGET, UNITS3, 20, 26, A),
        (TARGET, UNITS3, 20, 14, A),
        (TARGET, UNITS3, 20, 27, R),
        (TARGET, UNITS3, 20, 13, R),
    ],
)
def test_measure_rag_tolerance(polarity, tolerance, target, value, expected):
    unit = Unit.PERCENT if tolerance is PP5 else Unit.COUNT
    assert measure_rag(polarity, value, target, rules(tolerance), unit, 0) is expected


@pytest.mark.parametrize(
    ("polarity", "target", "floor", "value", "expected"),
    [
        # high, target 60%, floor 50%: Amber from 50% to 60% inclusive
        (HIGH, 0.60, 0.50, 0.60, G),
        (HIGH, 0.60, 0.50, 0.61, G),
        (HIGH, 0.60, 0.50, 0.59, A),
        (HIGH, 0.60, 0.50, 0.52, A),  # Red under the default 10% tolerance (54%): the floor replaces it
        (HIGH, 0.60, 0.50, 0.50, A),  # exactly on the floor
        (HIGH, 0.60, 0.50, 0.49, R),
        (HIGH, 0.60, 0.58, 0.57, R),  # a floor tighter than 10% makes 57% Red
        # low, target 25%, floor 35%: Amber from 25% to 35% inclusive
        (LOW, 0.25, 0.35, 0.25, G),
        (LOW, 0.25, 0.35, 0.24, G),
        (LOW, 0.25, 0.35, 0.26, A),
        (LOW, 0.25, 0.35, 0.35, A),
        (LOW, 0.25, 0.35, 0.36, R),
    ],
)
def test_measure_rag_floor(polarity, target, floor, value, expected):
    assert measure_rag(polarity, value, target, rules(floor=floor), Unit.PERCENT, 0) is expected


@pytest.mark.parametrize(
    ("polarity", "target", "value", "unit", "decimals", "displayed", "exact"),
    [
        (HIGH, 0.60, 0.5996, Unit.PERCENT, 0, G, A),  # shown 60%, on target; exactly 59.96%, within 10%
        (HIGH, 0.60, 0.535, Unit.PERCENT, 0, A, R),  # shown 54% = T − tol; exactly 53.5% beyond it
        (LOW, 0.25, 0.2549, Unit.PERCENT, 0, G, A),  # shown 25%; exactly 25.49% just over
        (LOW, 0.25, 0.2751, Unit.PERCENT, 1, A, R),  # shown 27.5% = T + tol; exactly just beyond
        (HIGH, 147.7, 147.65, Unit.RATE, 1, G, A),  # shown 147.7
        (TARGET, 0.50, 0.5549, Unit.PERCENT, 0, G, A),  # shown 55%, |v − T| = tol exactly
    ],
)
def test_measure_rag_displayed_or_exact(polarity, target, value, unit, decimals, displayed, exact):
    assert measure_rag(polarity, value, target, rules(rag_on=RagOn.DISPLAYED), unit, decimals) is displayed
    assert measure_rag(polarity, value, target, rules(rag_on=RagOn.EXACT), unit, decimals) is exact


def test_default_tolerance_is_ten_percent_of_target():
    # SPEC §5.4: "tol the tolerance (default 10% of T)"
    assert Rules().tolerance.width(0.60) == pytest.approx(0.06)
    assert measure_rag(HIGH, 0.54, 0.60, Rules(), Unit.PERCENT, 0) is A
    assert measure_rag(HIGH, 0.53, 0.60, Rules(), Unit.PERCENT, 0) is R


@pytest.mark.parametrize(
    ("rag", "shown"),
    [(G, "★ Green"), (A, "● Amber"), (R, "■ Red"), (M, "□ Monitor")],
)
def test_rag_is_shown_as_glyph_and_word(rag, shown):
    assert rag.value == shown


# --- §5.3 trend arrows --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "current", "previous", "unit", "decimals", "target", "expected"),
    [
        # high: up is good
        (HIGH, 0.72, 0.70, Unit.PERCENT, 0, None, UP),
        (HIGH, 0.68, 0.70, Unit.PERCENT, 0, None, DOWN),
        (HIGH, 0.711, 0.709, Unit.PERCENT, 0, None, SAME),  # both show 71%
        (HIGH, 0.715, 0.709, Unit.PERCENT, 0, None, UP),  # 72% (half up) against 71%
        (HIGH, 147.65, 147.7, Unit.RATE, 1, None, SAME),  # both show 147.7
        (HIGH, 1349, 1241, Unit.COUNT, 0, None, UP),
        # low: down is good
        (LOW, 0.33, 0.36, Unit.PERCENT, 0, None, UP),
        (LOW, 0.36, 0.33, Unit.PERCENT, 0, None, DOWN),
        (LOW, 0.331, 0.329, Unit.PERCENT, 0, None, SAME),
        (LOW, 21, 20, Unit.DAYS, 0, None, DOWN),
        # target: closer to the target is good
        (TARGET, 0.52, 0.56, Unit.PERCENT, 0, 0.50, UP),  # 2 points away, was 6
        (TARGET, 0.49, 0.45, Unit.PERCENT, 0, 0.50, UP),  # approaching from below
        (TARGET, 0.58, 0.52, Unit.PERCENT, 0, 0.50, DOWN),  # moving away
        (TARGET, 0.55, 0.45, Unit.PERCENT, 0, 0.50, SAME),  # crossed the target to the same distance
        (TARGET, 0.50, 0.50, Unit.PERCENT, 0, 0.50, SAME),
        (TARGET, 105, 110, Unit.COUNT, 0, 100, UP),
        # no arrow
        (NONE, 0.72, 0.70, Unit.PERCENT, 0, None, None),  # good to be: none
        (HIGH, None, 0.70, Unit.PERCENT, 0, None, None),  # no current figure
        (HIGH, 0.72, None, Unit.PERCENT, 0, None, None),  # no comparison value
        (LOW, None, None, Unit.PERCENT, 0, None, None),
    ],
)
def test_trend_arrow(polarity, current, previous, unit, decimals, target, expected):
    assert trend_arrow(polarity, current, previous, unit, decimals, target) is expected


# --- §5.3 what a figure is compared with --------------------------------------------------------------------

NOV_COLUMNS = months("2016-03", "2016-06", "2016-09", "2016-11", "2016-12", "2017-03")


@pytest.mark.parametrize(
    ("period_type", "basis", "at", "expected"),
    [
        # auto: the previous month for month and rolling-year measures …
        (PeriodType.MONTH, TrendBasis.AUTO, "2016-09", "2016-08"),
        (PeriodType.MONTH, TrendBasis.AUTO, "2016-04", "2016-03"),
        (PeriodType.MONTH, TrendBasis.AUTO, "2017-01", "2016-12"),  # across the calendar year
        (PeriodType.ROLLING_YEAR, TrendBasis.AUTO, "2016-09", "2016-08"),
        # … and the same month a year earlier for year-to-date ones
        (PeriodType.YEAR_TO_DATE, TrendBasis.AUTO, "2016-09", "2015-09"),
        (PeriodType.YEAR_TO_DATE, TrendBasis.AUTO, "2017-03", "2016-03"),
        # explicit bases override the period type
        (PeriodType.YEAR_TO_DATE, TrendBasis.PREVIOUS_MONTH, "2016-09", "2016-08"),
        (PeriodType.MONTH, TrendBasis.SAME_MONTH_LAST_YEAR, "2016-09", "2015-09"),
        # previous column: the column to the left
        (PeriodType.MONTH, TrendBasis.PREVIOUS_COLUMN, "2016-06", "2016-03"),
        (PeriodType.MONTH, TrendBasis.PREVIOUS_COLUMN, "2016-11", "2016-09"),  # inserted column: Sep to its left
        (PeriodType.MONTH, TrendBasis.PREVIOUS_COLUMN, "2016-12", "2016-11"),  # Nov is left of Dec
        (PeriodType.YEAR_TO_DATE, TrendBasis.PREVIOUS_COLUMN, "2017-03", "2016-12"),
        (PeriodType.MONTH, TrendBasis.PREVIOUS_COLUMN, "2016-03", None),  # the first column has none
    ],
)
def test_comparison_month(period_type, basis, at, expected):
    m = measure(period_type=period_type, trend_basis=basis)
    found = comparison_month(m, month(at), NOV_COLUMNS)
    assert found == (month(expected) if expected else None)


def test_comparison_month_basis_argument_overrides_the_measure():
    m = measure(period_type=PeriodType.MONTH, trend_basis=TrendBasis.AUTO)
    at = month("2016-09")
    assert comparison_month(m, at, NOV_COLUMNS, TrendBasis.SAME_MONTH_LAST_YEAR) == month("2015-09")
    assert comparison_month(m, at, NOV_COLUMNS, TrendBasis.PREVIOUS_COLUMN) == month("2016-06")


# --- §5.2 a measure's figure for a month --------------------------------------------------------------------

YTD_SUM = measure(Compute.SUM, PeriodType.YEAR_TO_DATE)
YTD_RATIO = measure(Compute.RATIO, PeriodType.YEAR_TO_DATE, Unit.PERCENT)
ROLLING_MEAN = measure(Compute.MEAN, PeriodType.ROLLING_YEAR, Unit.DAYS, 1)
ROLLING_RATIO = measure(Compute.RATIO, PeriodType.ROLLING_YEAR, Unit.PERCENT)


def test_reported_takes_the_months_own_figure():
    series = series_of(obs("2016-08", 0.70), obs("2016-09", 0.61), obs("2016-10", 0.50))
    assert figure_for_month(measure(unit=Unit.PERCENT), month("2016-09"), series).value == 0.61


def test_reported_without_the_month_is_blank():
    series = series_of(obs("2016-08", 0.70))
    result = figure_for_month(measure(), month("2016-09"), series)
    assert result.value is None
    assert not result.suppressed


def test_reported_suppressed():
    series = series_of(obs("2016-09", status=Status.SUPPRESSED))
    result = figure_for_month(measure(), month("2016-09"), series)
    assert result.value is None
    assert result.suppressed


# Monthly counts Mar 2015 .. Sep 2016: 1, 2, 3, … in order, plus a large March 2015 that must never be summed.
YTD_SERIES = series_of(
    obs("2015-03", 1000),
    *(obs(m.iso, float(i + 1)) for i, m in enumerate(fy_months("2015-04", 12))),  # Apr 2015 = 1 … Mar 2016 = 12
    obs("2016-04", 5),
    obs("2016-05", 4),
    obs("2016-06", 4),
)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2015-04", 1),  # April alone
        ("2015-06", 1 + 2 + 3),
        ("2016-03", sum(range(1, 13))),  # March: the whole of FY 2015/16, Apr..Mar = 78, not March 2015's 1000
        ("2016-04", 5),  # April resets: April alone, not 78 + 5
        ("2016-05", 5 + 4),  # May 2016 does not include March 2016
        ("2016-06", 5 + 4 + 4),
    ],
)
def test_year_to_date_sum_resets_in_april(at, expected):
    assert figure_for_month(YTD_SUM, month(at), YTD_SERIES).value == expected


def test_year_to_date_sum_with_a_month_missing():
    series = {m: o for m, o in YTD_SERIES.items() if m != month("2015-05")}
    result = figure_for_month(YTD_SUM, month("2015-07"), series)
    assert result.value is None
    assert result.missing == (month("2015-05"),)


def test_year_to_date_ratio_sums_numerators_and_denominators():
    # Apr 1/2 (50%), May 3/8 (37.5%): 4/10 = 40%, not the mean of the two ratios (43.75%)
    series = series_of(obs("2016-03", 0.9, 9, 10), obs("2016-04", 0.5, 1, 2), obs("2016-05", 0.375, 3, 8))
    assert figure_for_month(YTD_RATIO, month("2016-05"), series).value == pytest.approx(0.4)
    assert figure_for_month(YTD_RATIO, month("2016-04"), series).value == pytest.approx(0.5)


# Oct 2015 .. Sep 2016 = 1 … 12, with Sep 2015 = 100 just outside the rolling year ending Sep 2016.
ROLLING_MONTHS = fy_months("2015-10", 12)
ROLLING_SERIES = series_of(
    obs("2015-09", 100, 50, 100),
    *(obs(m.iso, float(i + 1), i + 1, 20) for i, m in enumerate(ROLLING_MONTHS)),
)


def test_rolling_year_mean_over_twelve_months():
    # (1 + … + 12) / 12 = 6.5; Sep 2015's 100 is outside the window
    assert figure_for_month(ROLLING_MEAN, month("2016-09"), ROLLING_SERIES).value == pytest.approx(6.5)


def test_rolling_year_ratio_over_twelve_months():
    # numerators 1 … 12 = 78 over twelve denominators of 20 = 240
    assert figure_for_month(ROLLING_RATIO, month("2016-09"), ROLLING_SERIES).value == pytest.approx(78 / 240)


def test_rolling_year_window_moves_with_the_month():
    # the year ending Aug 2016 is Sep 2015 .. Aug 2016: 100 + (1 + … + 11) = 166 over 12
    assert figure_for_month(ROLLING_MEAN, month("2016-08"), ROLLING_SERIES).value == pytest.approx(166 / 12)


def test_rolling_year_with_one_month_missing():
    series = {m: o for m, o in ROLLING_SERIES.items() if m != month("2016-01")}
    result = figure_for_month(ROLLING_MEAN, month("2016-09"), series)
    assert result.value is None
    assert not result.suppressed
    assert result.missing == (month("2016-01"),)


def test_rolling_year_with_a_blank_value_counts_it_missing():
    series = dict(ROLLING_SERIES)
    series[month("2016-02")] = obs("2016-02", None, status=Status.MISSING)
    result = figure_for_month(ROLLING_MEAN, month("2016-09"), series)
    assert result.value is None
    assert result.missing == (month("2016-02"),)


def test_rolling_ratio_with_a_month_lacking_its_denominator():
    series = dict(ROLLING_SERIES)
    series[month("2016-03")] = obs("2016-03", 0.5, 6, None)
    result = figure_for_month(ROLLING_RATIO, month("2016-09"), series)
    assert result.value is None
    assert result.missing == (month("2016-03"),)


def test_suppressed_month_inside_the_window_suppresses_the_figure():
    series = dict(ROLLING_SERIES)
    series[month("2016-05")] = obs("2016-05", status=Status.SUPPRESSED)
    result = figure_for_month(ROLLING_MEAN, month("2016-09"), series)
    assert result.value is None
    assert result.suppressed


def test_suppressed_month_inside_year_to_date_suppresses_the_figure():
    series = dict(YTD_SERIES)
    series[month("2016-04")] = obs("2016-04", status=Status.SUPPRESSED)
    assert figure_for_month(YTD_SUM, month("2016-06"), series).suppressed
    # … but not a figure whose window does not reach it (March 2016 closes the previous year)
    assert figure_for_month(YTD_SUM, month("2016-03"), series).value == sum(range(1, 13))


# --- §5.5 roll-up -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "rags", "expected"),
    [
        # the five roll-ups the published seed shows
        ("Quality", (G, R, G, R), A),  # mean 2.0
        ("Voice of the child", (A, R, R, A), R),  # mean 1.5: ≤ 1.5 is Red
        ("Reviewing", (R, G, G), A),  # mean 7/3 ≈ 2.33
        ("Timeliness", (R, R, A, R), R),  # mean 1.25
        ("the outcome", (A, R, A, R, R), R),  # mean 7/5 = 1.4
        # Monitor and blanks are left out
        ("Monitor left out", (G, G, M), G),
        ("None left out", (G, None, R, None), A),
        ("NONE left out", (R, Rag.NONE, R), R),
        ("nothing rated", (M, None, Rag.NONE), Rag.NONE),
        ("empty", (), Rag.NONE),
        # thresholds are inclusive
        ("mean exactly 2.5", (G, A), G),
        ("mean exactly 1.5", (A, R), R),
        ("mean just under 2.5", (G, G, G, A, A, A, A), A),  # 17/7 ≈ 2.43
        ("mean just over 1.5", (A, A, A, R, R), A),  # 8/5 = 1.6
        ("single", (A,), A),
    ],
)
def test_roll_up_mean(name, rags, expected):
    assert roll_up(rags, Aggregation.MEAN) is expected, name


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        ((G, G, A), A),
        ((G, R, G), R),
        ((G, G, M), G),
        ((A, None), A),
        ((M,), Rag.NONE),
        ((), Rag.NONE),
    ],
)
def test_roll_up_worst(rags, expected):
    assert roll_up(rags, Aggregation.WORST) is expected


@pytest.mark.parametrize(
    ("rags", "green", "red", "expected"),
    [
        ((G, G, A), 2.8, 1.2, A),  # 2.67 is short of a 2.8 green bar
        ((G, G, G, G, A), 2.8, 1.2, G),  # 2.8 exactly
        ((R, R, A), 2.8, 1.2, A),  # 1.33 is above a 1.2 red bar
        ((R, R, R, R, A), 2.8, 1.2, R),  # 1.2 exactly
        ((G, R), 2.0, 1.0, G),  # 2.0 meets a green bar of 2.0
        ((A, R, R), 2.5, 1.7, R),  # 1.67 is under a red bar of 1.7
    ],
)
def test_roll_up_custom_thresholds(rags, green, red, expected):
    assert roll_up(rags, Aggregation.MEAN, green, red) is expected


@pytest.mark.parametrize(
    ("rags", "expected", "text"),
    [
        ((G, R, G, R, M), Counts(2, 0, 2, 1), "2 Green · 2 Red · 1 Monitor"),
        ((A, R, R, A), Counts(0, 2, 2, 0), "2 Amber · 2 Red"),
        ((G, None, Rag.NONE, G, A), Counts(2, 1, 0, 0), "2 Green · 1 Amber"),
        ((M, M), Counts(0, 0, 0, 2), "2 Monitor"),
        ((G, A, R, M), Counts(1, 1, 1, 1), "1 Green · 1 Amber · 1 Red · 1 Monitor"),
    ],
)
def test_count_rags_and_text(rags, expected, text):
    counts = Counts.of(rags)
    assert counts == expected
    assert counts.text == text


def test_count_rags_leaves_out_blanks():
    assert Counts.of([None, Rag.NONE, None]) == Counts(0, 0, 0, 0)
