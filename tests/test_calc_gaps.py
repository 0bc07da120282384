"""The report month chosen when measures of several frequencies meet, and a free-text benchmark beside
benchmarks computed from comparator areas."""

from __future__ import annotations

import dataclasses

from scorecard_xl.calc.scorecard import benchmark_text, latest_month
from scorecard_xl.model import Benchmark, Location, Month, Observation, Status
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme

FEB, MAR = Month(2024, 2), Month(2024, 3)
MIXED = parse_template(
    one_theme(
        "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}",
        "{id: Q1, number: 2, title: Quarterly count, good_to_be: high, unit: count, target: 10, frequency: quarter}",
    ),
    "t.yaml",
    "t",
)


def _obs(measure: str, month: Month, value: float | None = 5.0) -> Observation:
    status = Status.VALUE if value is not None else Status.MISSING
    return Observation(measure, month, status, value, Location(file="extract.csv"))


def test_the_default_report_month_is_the_monthly_measures_latest_not_a_later_quarter() -> None:
    observations = [_obs("M1", Month(2024, 1)), _obs("M1", FEB), _obs("Q1", Month(2023, 12)), _obs("Q1", MAR)]
    assert latest_month(observations, MIXED) == FEB
    assert latest_month(observations) == MAR  # without the template every figure counts
    assert latest_month(observations, MIXED, before=Month(2024, 1)) == Month(2024, 1)
    assert latest_month(observations, MIXED, before=FEB) == FEB


def test_a_monthly_blank_does_not_move_the_report_month_on() -> None:
    observations = [_obs("M1", FEB), _obs("M1", MAR, None), _obs("Q1", MAR)]
    assert latest_month(observations, MIXED) == FEB


def test_with_no_monthly_figure_the_latest_quarter_is_the_report_month() -> None:
    observations = [_obs("Q1", Month(2023, 12)), _obs("Q1", MAR), _obs("M1", MAR, None)]
    assert latest_month(observations, MIXED) == MAR
    assert latest_month(observations, MIXED, before=Month(2024, 2)) == Month(2023, 12)


def test_a_free_text_benchmark_keeps_the_computed_benchmarks_beside_it() -> None:
    measure = dataclasses.replace(MIXED.measures[0], benchmark_text="Best in region: 12 (2015)")
    computed = (Benchmark("England", "Mar 2024", 7.0), Benchmark("North West", "Mar 2024", 8.0))
    assert benchmark_text(measure, {}, computed) == (
        "Best in region: 12 (2015)\nEngland (Mar 2024): 7\nNorth West (Mar 2024): 8"
    )
    assert benchmark_text(measure, {}, ()) == "Best in region: 12 (2015)"
    plain = dataclasses.replace(MIXED.measures[0], benchmark_text=None)
    assert benchmark_text(plain, {}, computed) == "England (Mar 2024): 7\nNorth West (Mar 2024): 8"
