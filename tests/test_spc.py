"""Making Data Count's SPC (SPEC §11): the XmR lines against NHSRplotthedots' published tests, each special-cause rule
on a hand-worked series with its boundary, the variation and assurance words, and when SPC does not apply."""

from __future__ import annotations

from itertools import pairwise

import pytest

import scorecard_xl
from scorecard_xl.calc.spc import assurance, limits, measure_spc, points, variation
from scorecard_xl.errors import TemplateError
from scorecard_xl.model import Limits, Location, Month, Observation, Polarity, SpcPoint, SpcReason, Status
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme

# R's rnorm(20) after set.seed(123): the series of NHSRplotthedots' tests/testthat/test-ptd_spc_standard.R, whose
# snapshot (_snaps/ptd_spc_standard.md) prints mean 0.142, lpl -3.01, upl 3.29 (no moving range is screened out).
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123, -0.68685285,
    -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
    0.70135590, -0.47279141,
]  # fmt: skip

# The hand-worked base: 14 points alternating 10, 12 (never 7 on one side, never a trend). As the baseline
# (`spc_baseline: 14`) it fixes mean 11, mean moving range 2: limits 11 ± 5.32 (5.68, 16.32), 2σ lines 11 ± 3.546.
BASE = [10.0, 12.0] * 7
LINES = limits(BASE)


def flags(tail: list[float]) -> list[SpcPoint]:
    """The points of BASE + `tail` on BASE's fixed lines, only the tail's."""
    values = BASE + tail
    return list(points([str(i) for i in range(len(values))], values, LINES))[len(BASE) :]


def test_the_nhsrplotthedots_reference_limits() -> None:
    lines = limits(RNORM_123)
    assert round(lines.mean, 3) == 0.142
    assert round(lines.lower, 2) == -3.01
    assert round(lines.upper, 2) == 3.29
    assert lines.upper - lines.mean == pytest.approx(2.66 * lines.mean_range)
    assert lines.upper_2s - lines.mean == pytest.approx(1.773 * lines.mean_range)
    spc = measure_spc([str(i) for i in range(20)], RNORM_123, Polarity.NONE, None)
    assert spc.variation == "Common cause"  # no point beyond the limits, no run of 7, no trend, no 2 of 3
    assert not any(p.special for p in spc.points)


# NHSRplotthedots' README example: NHSRdatasets' ae_attendances, University Hospitals Birmingham (org_code RRK),
# type 1 departments, four-hour breaches, Apr 2016 - Mar 2018, lower is better, target 1200; its published reading is
# common cause and hit and miss.
AE_RRK_BREACHES = [
    1195, 1843, 1397, 1333, 1771, 1751, 2013, 1759, 2179, 2585, 1654, 1543,  # Apr 2016 - Mar 2017
    1632, 1558, 1190, 1357, 1279, 1683, 2190, 1804, 986, 2181, 2048, 2154,  # Apr 2017 - Mar 2018
]  # fmt: skip


def test_the_nhsrplotthedots_readme_example() -> None:
    values = [float(v) for v in AE_RRK_BREACHES]
    spc = measure_spc([str(i) for i in range(24)], values, Polarity.LOW, 1200.0)
    assert spc.limits is not None
    assert spc.limits.mean == pytest.approx(41085 / 24)  # 1711.875
    ranges = [abs(b - a) for a, b in pairwise(values)]
    assert spc.limits.mean_range == pytest.approx(8325 / 23) == pytest.approx(sum(ranges) / 23)
    assert (round(spc.limits.lower, 1), round(spc.limits.upper, 1)) == (749.1, 2674.7)
    assert (spc.variation, spc.assurance) == ("Common cause", "Hit and miss")  # as the README reads it
    assert spc.variation_cell == "(~) Common cause" and spc.assurance_cell == "(?) Hit and miss"
    # NHSRplotthedots screens moving ranges above 3.267 times their mean by default (one here, 1195); MDC's rule
    # as SPEC 11 states it does not, and the reading is the same either way
    screened = [r for r in ranges if r <= 3.267 * spc.limits.mean_range]
    assert len(screened) == 22
    width = 2.66 * sum(screened) / len(screened)
    assert spc.limits.mean - width < 1200 < spc.limits.mean + width


def test_the_base_lines_by_hand() -> None:
    assert (LINES.mean, LINES.mean_range) == (11.0, 2.0)
    assert (LINES.upper, LINES.lower) == pytest.approx((16.32, 5.68))
    assert (LINES.upper_2s, LINES.lower_2s) == pytest.approx((14.546, 7.454))


def test_two_points_near_opposite_limits_are_common_cause() -> None:
    """NHSRplotthedots' test: 1, -1 alternating for 16 points, the 15th 5.5 and the 16th -5.5: each is beyond its
    2σ line but the two are on opposite sides of the mean, so neither is a special cause."""
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    drawn = points([str(i) for i in range(16)], values, limits(values))
    assert values[14] > limits(values).upper_2s and values[15] < limits(values).lower_2s
    assert [p.special for p in drawn[-2:]] == [False, False]


# The NHSRplotthedots assurance tests (test-ptd_calculate_assurance_type.R): lpl, mean, upl and a target of 4.
@pytest.mark.parametrize(
    ("lower", "mean", "upper", "high", "low"),
    [
        (1, 2, 3, "Consistently failing", "Consistently passing"),
        (5, 6, 7, "Consistently passing", "Consistently failing"),
        (1, 4, 5, "Hit and miss", "Hit and miss"),
    ],
)
def test_assurance_as_nhsrplotthedots(lower: float, mean: float, upper: float, high: str, low: str) -> None:
    lines = Limits(mean, 0, upper, lower, upper, lower)
    assert assurance(Polarity.HIGH, 4, lines) == high
    assert assurance(Polarity.LOW, 4, lines) == low
    assert assurance(Polarity.NONE, 4, lines) == ""  # neutral: no assurance
    assert assurance(Polarity.HIGH, None, lines) == ""  # no target


def test_assurance_of_a_measure_good_to_be_on_target() -> None:
    """Good to be target: passing when both limits lie inside the Green band, failing when the band lies wholly
    outside the limits, else hit and miss."""
    lines = Limits(10, 1, 12, 8, 11, 9)
    assert assurance(Polarity.TARGET, 10, lines, band=2) == "Consistently passing"  # band 8..12 holds 8..12
    assert assurance(Polarity.TARGET, 10, lines, band=1.9) == "Hit and miss"
    assert assurance(Polarity.TARGET, 15, lines, band=2) == "Consistently failing"  # band 13..17 beyond 12
    assert assurance(Polarity.TARGET, 14, lines, band=2) == "Hit and miss"  # band 12..16 touches the limit
    assert assurance(Polarity.TARGET, 10, lines) == ""  # no band: no assurance


def test_rule_a_a_point_strictly_beyond_a_limit() -> None:
    on, _, _, beyond, _, _, below = flags([LINES.upper, 10.0, 10.0, LINES.upper + 0.01, 10.0, 10.0, LINES.lower - 0.01])
    assert not on.special  # on the limit is not beyond it
    assert beyond.high == ("limit",) and not beyond.low
    assert below.low == ("limit",) and not below.high


def test_rule_b_a_shift_of_seven_not_six() -> None:
    assert not any(p.special for p in flags([10.0] + [11.5] * 6 + [10.0]))
    seven = flags([10.0] + [11.5] * 7 + [10.0])
    assert [p.high for p in seven] == [()] + [("shift",)] * 7 + [()]  # every point of the run
    below = flags([12.0] + [10.5] * 7)
    assert [p.low for p in below] == [()] + [("shift",)] * 7


def test_rule_b_a_point_on_the_mean_breaks_the_run() -> None:
    assert not any(p.special for p in flags([10.0] + [11.5] * 3 + [11.0] + [11.5] * 4 + [10.0]))


def test_rule_c_a_trend_of_seven_not_six() -> None:
    # BASE ends on 12, so the run starts at 9.5; the points cross the mean, so no shift
    six = flags([9.5, 10.0, 10.5, 11.5, 12.0, 12.5, 11.0])
    assert not any(p.special for p in six)
    seven = flags([9.5, 10.0, 10.5, 11.5, 12.0, 12.5, 13.0, 11.0])
    assert [p.high for p in seven] == [("trend",)] * 7 + [()]
    falling = flags([12.5, 12.0, 11.5, 10.5, 10.0, 9.5, 9.0])
    assert [p.low for p in falling] == [("trend",)] * 7  # 12.5 is higher than BASE's last 12: the run starts there


def test_rule_c_an_equal_neighbour_breaks_the_trend() -> None:
    assert not any(p.special for p in flags([9.5, 10.0, 10.5, 10.5, 11.5, 12.0, 12.5, 13.0, 11.0]))


def test_rule_d_two_of_three_beyond_the_same_2_sigma_line() -> None:
    two = flags([10.0, 15.0, 11.5, 15.0, 10.0])
    assert [p.high for p in two] == [(), ("two of three",), (), ("two of three",), ()]  # the points beyond 2σ only
    assert not any(p.special for p in flags([10.0, 15.0, 10.5, 15.0, 10.0]))  # the middle one below the mean
    assert not any(p.special for p in flags([10.0, 15.0, 11.5, 11.5, 10.0]))  # one of three
    assert not any(p.special for p in flags([10.0, LINES.upper_2s, 11.5, 15.0, 10.0]))  # on the line is not beyond
    low = flags([10.0, 7.0, 7.0, 12.0])
    assert [p.low for p in low] == [(), ("two of three",), ("two of three",), ()]
    # beyond the limit counts as beyond the 2σ line too
    assert flags([10.0, 17.0, 11.5, 15.0, 10.0])[1].high == ("limit", "two of three")


@pytest.mark.parametrize(
    ("polarity", "high", "low", "words"),
    [
        (Polarity.HIGH, True, False, "Special cause improvement (high)"),
        (Polarity.HIGH, False, True, "Special cause concern (low)"),
        (Polarity.LOW, True, False, "Special cause concern (high)"),
        (Polarity.LOW, False, True, "Special cause improvement (low)"),
        (Polarity.HIGH, True, True, "Special cause improvement (high)"),  # improvement wins
        (Polarity.LOW, True, True, "Special cause improvement (low)"),
        (Polarity.NONE, True, False, "Special cause (high)"),
        (Polarity.TARGET, False, True, "Special cause (low)"),
        (Polarity.HIGH, False, False, "Common cause"),
    ],
)
def test_variation_words(polarity: Polarity, high: bool, low: bool, words: str) -> None:
    point = SpcPoint("Sep 2016", 1.0, ("trend",) if high else (), ("shift",) if low else ())
    assert variation(point, polarity) == words


def test_cells_carry_an_icon_letter() -> None:
    values = [*BASE, 17.0]
    spc = measure_spc([str(i) for i in range(15)], values, Polarity.LOW, 20.0, baseline=14)
    assert spc.variation_cell == "(H) Special cause concern (high)"
    assert spc.assurance_cell == "(P) Consistently passing"  # 20 above the upper limit 16.32, lower is better
    spc = measure_spc([str(i) for i in range(15)], [*BASE, 11.0], Polarity.HIGH, 11.0, baseline=14)
    assert (spc.variation_cell, spc.assurance_cell) == ("(~) Common cause", "(?) Hit and miss")


def test_fifteen_figures_needed() -> None:
    assert measure_spc(["x"] * 14, BASE, Polarity.HIGH, 1.0).reason is SpcReason.FEW
    assert measure_spc(["x"] * 14, BASE, Polarity.HIGH, 1.0).variation_cell == ""
    assert measure_spc(["x"] * 15, [*BASE, 11.0], Polarity.HIGH, 1.0).variation == "Common cause"


def test_the_baseline_fixes_the_lines() -> None:
    values = [*BASE, 30.0]
    assert measure_spc(["x"] * 15, values, Polarity.HIGH, None, baseline=14).limits == LINES
    assert measure_spc(["x"] * 15, values, Polarity.HIGH, None).limits == limits(values)


# --- through the calculation: the template keys, gaps, and the measures SPC does not apply to ---------------------


def _card(measures: list[str], series: dict[str, dict[Month, float]], rules: str = "rules: {spc: true}\n"):  # type: ignore[no-untyped-def]
    text = one_theme(*measures).replace("outcomes:", rules + "outcomes:", 1)
    template = parse_template(text, "t.yaml", "t")
    observations = [
        Observation(mid, month, Status.VALUE, v, Location())
        for mid, figures in series.items()
        for month, v in figures.items()
    ]
    return scorecard_xl.calculate(template, observations, Month(2016, 9))


MONTHS = [Month(2015, 4).shift(i) for i in range(18)]  # Apr 2015 – Sep 2016


def test_gaps_are_skipped_and_the_moving_range_spans_them() -> None:
    figures = dict(zip(MONTHS, [10.0, 12.0] * 9, strict=True))
    del figures[MONTHS[3]]  # a 12 missing: Jun then Aug 2015 are consecutive figures, both 10
    row = _card(["{id: M1, number: 1, title: Count, good_to_be: high, unit: count, target: 11}"], {"M1": figures}).rows[
        0
    ]
    assert row.spc is not None and row.spc.limits is not None
    values = [figures[m] for m in MONTHS if m in figures]
    assert row.spc.limits == limits(values)
    assert len(row.spc.points) == 17 and row.spc.points[-1].label == "Sep 2016"


def test_year_to_date_and_few_figures_are_blank_and_say_why() -> None:
    card = _card(
        [
            "{id: M1, number: 1, title: Count, good_to_be: high, unit: count, target: 11}",
            "{id: M2, number: 2, title: To date, good_to_be: high, unit: count, target: 11, period_type: year_to_date,"
            " compute: sum}",
        ],
        {
            "M1": dict(zip(MONTHS[-14:], [10.0, 12.0] * 7, strict=True)),
            "M2": dict(zip(MONTHS, [1.0] * 18, strict=True)),
        },
    )
    m1, m2 = card.rows
    assert m1.spc is not None and m1.spc.reason is SpcReason.FEW and m1.spc.variation_cell == ""
    assert m2.spc is not None and m2.spc.reason is SpcReason.CUMULATIVE
    key = dict(card.key)
    assert "Variation" in key and "Assurance" in key
    assert key["SPC blank"] == (
        "fewer than 15 figures up to the report period: M1; "
        "year to date or rolling year (SPC on cumulative figures is wrong): M2"
    )
    assert "Latest performance (RAG)" in card.headers
    rag = card.headers.index("Latest performance (RAG)")
    assert card.headers[rag + 1 : rag + 3] == ("Variation", "Assurance")


def test_spc_is_off_by_default_and_per_measure() -> None:
    measures = [
        "{id: M1, number: 1, title: Count, good_to_be: high, unit: count, target: 11}",
        "{id: M2, number: 2, title: Other, good_to_be: low, unit: count, target: 11, spc: true, spc_baseline: 14}",
    ]
    figures = dict(zip(MONTHS, [10.0, 12.0] * 8 + [30.0, 30.0], strict=True))
    off = _card(measures[:1], {"M1": figures}, rules="")
    assert off.rows[0].spc is None and "Variation" not in off.headers and "Variation" not in dict(off.key)
    card = _card(measures, {"M1": figures, "M2": figures}, rules="")
    assert card.rows[0].spc is None
    assert dict(card.key)["SPC blank"] == "not asked for (spc: false): M1"  # its blank cells are explained
    m2 = card.rows[1].spc
    assert m2 is not None and m2.limits == LINES  # the first 14 figures
    assert m2.variation == "Special cause concern (high)"  # 30 beyond the upper limit, lower is better


@pytest.mark.parametrize(
    ("key", "message"), [("spc: yes please", "spc is 'yes please'"), ("spc_baseline: 1", "spc_baseline is 1")]
)
def test_bad_spc_keys_name_their_line(key: str, message: str) -> None:
    text = one_theme(f"{{id: M1, number: 1, title: Count, unit: count, target: 1,\n{key}}}")
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "t.yaml", "t")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.location.line == text.splitlines().index(next(s for s in text.splitlines() if key in s)) + 1


def test_a_quarterly_measure_charts_its_quarters_and_an_annual_one_none() -> None:
    ends = [Month(2012, 12).shift(3 * i) for i in range(16)]  # Oct–Dec 2012 … Jul–Sep 2016
    quarterly = dict(zip(ends, [10.0, 12.0] * 8, strict=True))
    years = {Month(2001 + i, 3): 10.0 + i % 2 for i in range(16)}
    card = _card(
        [
            "{id: Q1, number: 1, title: Quarterly, good_to_be: high, unit: count, target: 11, frequency: quarter}",
            "{id: Y1, number: 2, title: Annual, good_to_be: high, unit: count, target: 11, frequency: year}",
        ],
        {"Q1": quarterly, "Y1": years},
    )
    q1, y1 = card.rows
    assert q1.spc is not None and len(q1.spc.points) == 16
    assert (q1.spc.points[0].label, q1.spc.points[-1].label) == ("Oct–Dec 2012", "Jul–Sep 2016")
    assert q1.spc.limits == limits([10.0, 12.0] * 8)
    assert q1.spc.assurance == "Hit and miss"
    assert y1.spc is not None and y1.spc.reason is SpcReason.ANNUAL and y1.spc.variation == ""
