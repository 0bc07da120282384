"""Percent scale per measure (SPEC §3.3): whole percents or fractions, from the figures and the evidence around them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard_xl.read.figures.percent_scale import PlainFigure, Scale, decide_percent_scale


def figs(*values: float) -> list[PlainFigure]:
    return [PlainFigure(v, f"x.xlsx {2016 + i // 12}-{i % 12 + 1:02d}!C5") for i, v in enumerate(values)]


def test_a_figure_above_one_and_a_half_means_whole() -> None:
    decision = decide_percent_scale("CS05", figs(71, 68, 73))
    assert decision.scale is Scale.WHOLE and decision.warning is None and decision.error is None
    assert decision.as_fraction(71) == pytest.approx(0.71)


def test_ward_claimant_rate_of_one_beside_one_point_two_is_whole() -> None:
    decision = decide_percent_scale("Timperley claimant rate", figs(1.0, 1.2))
    assert decision.scale is Scale.WHOLE and decision.warning is None
    assert decision.as_fraction(1.0) == pytest.approx(0.01)  # 1.0%, never 100%


def test_ward_rate_of_one_alone_is_settled_by_the_unit_or_the_column() -> None:
    assert decide_percent_scale("Timperley", figs(1.0), hints=["Percentage"]).scale is Scale.WHOLE
    by_column = decide_percent_scale("Timperley", figs(1.0), column_figures=[2.0, 5.6, 7.0, 1.2])
    assert by_column.scale is Scale.WHOLE and by_column.warning is None


def test_two_scales_are_an_error_naming_both_places() -> None:
    decision = decide_percent_scale("CS05", figs(0.71, 71))
    assert decision.error is not None
    assert "x.xlsx 2016-01!C5" in decision.error and "x.xlsx 2016-02!C5" in decision.error


def test_small_whole_percents_beside_larger_ones_are_not_two_scales() -> None:
    decision = decide_percent_scale("Rare events", figs(0.5, 2.0, 3.1))
    assert decision.scale is Scale.WHOLE and decision.error is None


def test_fractions_settled_by_column_or_hint_or_target() -> None:
    assert decide_percent_scale("CS05", figs(0.71, 0.68), column_figures=[0.5, 0.9, 0.33]).warning is None
    assert decide_percent_scale("CS05", figs(0.71, 0.68), hints=["Value (0-1)"]).scale is Scale.FRACTION
    by_target = decide_percent_scale("CS05", figs(0.71, 0.68), target=0.6)
    assert by_target.scale is Scale.FRACTION and by_target.warning is None
    low_target = decide_percent_scale("Claimants", figs(0.9, 1.0), target=0.015)
    assert low_target.scale is Scale.WHOLE and low_target.warning is None


def test_undecidable_is_taken_as_fractions_with_a_warning() -> None:
    decision = decide_percent_scale("CS05", figs(0.71, 0.68))
    assert decision.scale is Scale.FRACTION and decision.error is None
    assert decision.warning is not None and "CS05" in decision.warning and "fractions" in decision.warning


def test_conflicting_evidence_warns() -> None:
    decision = decide_percent_scale("CS05", figs(0.71), hints=["%"], column_figures=[0.2, 0.3, 0.9])
    assert decision.scale is Scale.WHOLE and decision.warning is not None and "disagrees" in decision.warning


def test_the_template_setting_settles_it() -> None:
    assert decide_percent_scale("CS05", figs(0.71, 0.68), setting="whole").scale is Scale.WHOLE
    assert decide_percent_scale("CS05", figs(1.0, 1.2), setting=Scale.WHOLE).warning is None
    assert decide_percent_scale("CS05", figs(0.71, 71), setting="whole").error is None
    contradicted = decide_percent_scale("CS05", figs(0.71, 71), setting="fraction")
    assert contradicted.error is not None and "x.xlsx 2016-02!C5" in contradicted.error
    with pytest.raises(ValueError):
        decide_percent_scale("CS05", figs(0.5), setting="percent")


def test_no_figures_at_all() -> None:
    decision = decide_percent_scale("CS05", [])
    assert decision.scale is Scale.FRACTION and decision.warning is not None
    assert decide_percent_scale("CS05", [], hints=["%"]).warning is None


@settings(derandomize=True, max_examples=300)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=24))
def test_whole_series_read_back_the_same(values: list[float]) -> None:
    decision = decide_percent_scale("M", figs(*values))
    if max(values) > 1.5:
        assert decision.scale is Scale.WHOLE or decision.error is not None
    assert (decision.warning is None) or decision.scale is Scale.FRACTION


@settings(derandomize=True, max_examples=300)
@given(st.lists(st.floats(0.02, 1, allow_nan=False), min_size=1, max_size=12))
def test_the_same_series_on_two_scales_is_always_an_error(values: list[float]) -> None:
    decision = decide_percent_scale("M", figs(*values, *(v * 100 for v in values)))
    assert decision.error is not None


# Pinned by mutation testing (tests/mutate.py): the "within a factor of two" bounds of two scales, the partner
# named, and the figures as written in the message.


def test_two_scales_start_at_half_the_smallest_whole_figure() -> None:
    assert decide_percent_scale("M", figs(71, 0.355)).error is not None  # 35.5 is half of 71: two scales
    assert decide_percent_scale("M", figs(71, 80, 0.3)).error is None  # 30 is under half of 71: a small whole 0.3%


def test_two_scales_end_at_twice_the_largest_whole_figure() -> None:
    assert decide_percent_scale("M", figs(20, 30, 0.6)).error is not None  # 60 is twice 30: two scales
    assert decide_percent_scale("M", figs(20, 30, 0.8)).error is None  # 80 is past twice 30: a small whole 0.8%


def test_two_scales_name_the_nearest_whole_figure_as_written() -> None:
    decision = decide_percent_scale("M", figs(40, 80, 0.75))
    assert decision.error is not None
    assert "x.xlsx 2016-03!C5" in decision.error and "x.xlsx 2016-02!C5" in decision.error  # 0.75 beside 80
    assert "x.xlsx 2016-01!C5" not in decision.error
    assert "0.75" in decision.error and "80" in decision.error
