"""The template's numbers (SPEC §4, §3.3, §5.4): targets, floors, tolerances, benchmark values and display numbers
must be finite and of a sensible size; a percent measure's plain numbers are read on its `percent_scale`, and one
that could mean two percents is an error naming its YAML line, never a silently wrong target or RAG."""

from __future__ import annotations

import re

import pytest

from scorecard_xl import calculate
from scorecard_xl.errors import TemplateError
from scorecard_xl.model import Location, Month, Observation, Rag, Status, Tolerance, ToleranceKind
from scorecard_xl.template import parse_template

from .test_template import changed, error_of, inserted_after, line_of

BIG = "9" * 400

# --- finite and sensible ------------------------------------------------------------------------------------

HUGE = [".inf", "-.inf", ".nan", "1.0e+400", BIG, f"'{BIG}%'", "1.0e+15"]


def _on_line(text: str, needle: str, pattern: str) -> None:
    error = error_of(text)
    assert f"test.yaml line {line_of(text, needle)}:" in error, error
    assert re.search(pattern, error), error


@pytest.mark.parametrize("written", HUGE)
def test_a_target_must_be_finite_and_sensible(written):
    _on_line(changed("target: 10", f"target: {written}"), f"target: {written}", r"finite|too large")


@pytest.mark.parametrize("written", HUGE)
def test_a_target_by_year_must_be_finite_and_sensible(written):
    text = changed("target: 10", f'target: {{"2015/16": 9, "2016/17": {written}}}')
    _on_line(text, '"2016/17"', r"finite|too large")


@pytest.mark.parametrize("written", [*HUGE, "'1e400%'"])
@pytest.mark.parametrize("where", ["rules", "measure"])
def test_a_tolerance_must_be_finite_and_sensible(written, where):
    if where == "rules":
        text = changed("tolerance: 10%", f"tolerance: {written}")
    else:
        text = inserted_after("target: 10", f"tolerance: {written}")
    _on_line(text, f"tolerance: {written}", r"finite|too large|tolerance must be like")


@pytest.mark.parametrize("written", HUGE)
def test_a_floor_must_be_finite_and_sensible(written):
    _on_line(inserted_after("target: 10", f"floor: {written}"), f"floor: {written}", r"finite|too large")


@pytest.mark.parametrize("written", HUGE)
def test_a_benchmark_value_must_be_finite_and_sensible(written):
    text = inserted_after("target: 10", f"benchmarks: [{{label: England, year: 2015, value: {written}}}]")
    _on_line(text, "benchmarks:", r"finite|too large")


@pytest.mark.parametrize("written", [BIG, "18446744073709551617", "1000000001"])
def test_a_display_number_must_be_sensible(written):
    _on_line(changed("number: 2", f"number: {written}"), f"number: {written}", r"whole number from 0 to 1,000,000,000")


def test_an_integer_too_long_for_python_names_its_line():
    text = changed("target: 10", f"target: {'9' * 5000}")
    _on_line(text, "target: 999", r"over 4,300 digits")


def test_a_nan_tolerance_no_longer_turns_amber_into_red():
    # 55% against 60% with `tolerance: .nan` was Red (every comparison with nan is false); now the template is refused
    text = changed("tolerance: 10%", "tolerance: .nan")
    _on_line(text, "tolerance: .nan", r"tolerance must be a finite number")


def test_sensible_large_figures_are_kept():
    template = parse_template(changed("target: 10", "target: 250000000"), "test.yaml", "test")
    assert template.measures[1].target.value == 250_000_000


def _measure_scale(text: str, scale: str) -> str:
    """`text` with `percent_scale: scale` on its first percent measure, at the measure's indent."""
    return re.sub(r"(?m)^( +)unit: percent$", rf"\1unit: percent\n\1percent_scale: {scale}", text, count=1)


# --- plain numbers on percent measures ----------------------------------------------------------------------

# (percent_scale, the target as written, the fraction it stands for or the error it gives)
PERCENTS = [
    (None, "60%", 0.60),
    (None, "60", 0.60),
    (None, "0.6", 0.60),
    (None, "1.5", 0.015),  # whole percents: 1.5%, not 150%
    (None, "1.2", 0.012),
    (None, "100", 1.0),
    (None, "0", 0.0),
    (None, "'4.85'", 0.0485),
    (None, "1", r"1 could be 1% or 100%; write it with a % sign"),
    (None, "1.0", r"1 could be 1% or 100%"),
    (None, "150", r"0% to 100%"),
    (None, "-5", r"0% to 100%"),
    (None, "120%", r"0% to 100%"),
    (None, "-1%", r"0% to 100%"),
    ("fraction", "0.6", 0.60),
    ("fraction", "1", 1.0),
    ("fraction", "0", 0.0),
    ("fraction", "60%", 0.60),
    ("fraction", "60", r"60 is above 100% with percent_scale: fraction"),
    ("fraction", "1.5", r"1.5 is above 100% with percent_scale: fraction"),
    ("whole", "60", 0.60),
    ("whole", "1.5", 0.015),
    ("whole", "4.85", 0.0485),
    ("whole", "100", 1.0),
    ("whole", "0", 0.0),
    ("whole", "60%", 0.60),
    ("whole", "0.5%", 0.005),
    ("whole", "1", r"1 could be 1% or 100%; write it with a % sign"),
    ("whole", "0.6", r"0.6 could be 0.6% or 60%; write it with a % sign"),
    ("whole", "150", r"0% to 100%"),
]


@pytest.mark.parametrize(("scale", "written", "expected"), PERCENTS)
def test_a_percent_target_is_read_on_the_measure_scale(scale, written, expected):
    text = changed("target: 60%", f"target: {written}")
    if scale is not None:
        text = _measure_scale(text, scale)
    if isinstance(expected, float):
        target = parse_template(text, "test.yaml", "test").measures[0].target
        assert target.value == expected  # exact: whole percents are scaled from the decimal written
    else:
        _on_line(text, f"target: {written}", expected)


@pytest.mark.parametrize(("scale", "written", "expected"), PERCENTS)
def test_percent_scale_in_rules_reads_the_target_too(scale, written, expected):
    text = changed("target: 60%", f"target: {written}")
    if scale is not None:
        text = text.replace("rag_on: displayed\n", f"rag_on: displayed\n  percent_scale: {scale}\n", 1)
    if isinstance(expected, float):
        assert parse_template(text, "test.yaml", "test").measures[0].target.value == expected
    else:
        _on_line(text, f"target: {written}", expected)


def test_the_measure_scale_overrides_the_rules_scale():
    text = changed("target: 60%", "target: 0.6").replace(
        "rag_on: displayed\n", "rag_on: displayed\n  percent_scale: whole\n"
    )
    text = _measure_scale(text, "fraction")
    assert parse_template(text, "test.yaml", "test").measures[0].target.value == 0.6


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("floor: 50", 0.5),
        ("floor: 0.5", 0.5),
        ("benchmarks: [{label: England, year: 2015, value: 24}]", 0.24),
        ("benchmarks: [{label: England, year: 2015, value: 1.2}]", 0.012),
    ],
)
def test_floors_and_benchmarks_of_a_percent_measure_read_as_targets(line, value):
    measure = parse_template(inserted_after("target: 60%", line), "test.yaml", "test").measures[0]
    assert (measure.rules.floor if line.startswith("floor") else measure.benchmarks[0].value) == value


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("floor: 1", r"floor 1 could be 1% or 100%"),
        ("floor: 120", r"floor must be a percent from 0% to 100%"),
        ("benchmarks: [{label: England, year: 2015, value: 1}]", r"benchmark value 1 could be 1% or 100%"),
    ],
)
def test_floors_and_benchmarks_of_a_percent_measure_are_checked_as_targets(line, message):
    _on_line(inserted_after("target: 60%", line), line.split(":")[0] + ":", message)


def test_a_whole_scale_reads_a_floor_as_whole_percents():
    text = inserted_after("target: 60%", "percent_scale: whole", "floor: 1.5")
    assert parse_template(text, "test.yaml", "test").measures[0].rules.floor == 0.015


def test_a_floor_in_rules_is_read_for_each_measure_on_its_unit():
    # `floor: 50` in rules: is 50% for the percent T01 and 50 for the count T02 (it was 0.5 for both)
    first, second = parse_template(changed("tolerance: 10%", "floor: 50"), "test.yaml", "test").measures
    assert first.rules.floor == 0.5
    assert second.rules.floor == 50


def test_a_small_whole_percent_target_rates_as_written():
    # target 1.2 (whole percents) on a low-is-good measure: 1.4% is above it; read as 120% it was Green
    text = changed("target: 60%", "target: 1.2").replace("good_to_be: high", "good_to_be: low", 1)
    text = text.replace("decimals: 0", "decimals: 1", 1)
    template = parse_template(text, "test.yaml", "test")
    month = Month.parse_iso("2016-09")
    figure = Observation("T01", month, Status.VALUE, 0.014, Location("t.xlsx", "S", "C5"))
    row = next(r for r in calculate(template, [figure], month).rows if r.measure.id == "T01")
    assert row.target == 0.012
    assert row.rag is Rag.RED  # 1.4% is 0.2 points over 1.2%, beyond the 10% band (0.12 points)


# --- tolerances on percent measures -------------------------------------------------------------------------


def test_a_plain_tolerance_on_a_percent_measure_names_its_line():
    text = inserted_after("target: 60%", "tolerance: 3")
    _on_line(text, "tolerance: 3", r"measure T01: tolerance 3 on a percent measure would be 300 percentage points")
    assert "3pp" in error_of(text) and "10%" in error_of(text)


def test_a_plain_tolerance_in_rules_names_each_percent_measure_it_reaches():
    text = changed("tolerance: 10%", "tolerance: 3")
    error = error_of(text)
    assert f"test.yaml line {line_of(text, 'id: T01')}:" in error, error
    assert "measure T01: the rules' tolerance 3 applies to this percent measure" in error
    assert "T02" not in error  # a count measure takes units as they are


@pytest.mark.parametrize("line", ["tolerance: 3pp", "tolerance: 10%", "tolerance: 0", "floor: 50%"])
def test_a_percent_measure_may_set_its_own_band_under_a_plain_rules_tolerance(line):
    text = inserted_after("target: 60%", line).replace("tolerance: 10%", "tolerance: 3", 1)
    second = parse_template(text, "test.yaml", "test").measures[1]
    assert second.rules.tolerance == Tolerance(ToleranceKind.UNITS, 3)


@pytest.mark.parametrize(("written", "decimals"), [("20.5", 1), ("'20.5'", 1), ("42.25", 2), ("20", None), ("13.0", 1)])
def test_a_target_that_is_no_percent_keeps_the_decimals_it_is_written_with(written, decimals):
    """A days target of 20.5 on a measure shown to 0 decimals prints 20.5, not 21 (which sat beside a figure of
    21 rated Amber), as `55.0%` keeps its decimal."""
    from scorecard_xl.write.layout import target_format

    template = parse_template(changed("target: 10", f"target: {written}"), "test.yaml", "test")
    count = template.measures[1]
    assert count.target.decimals == decimals
    assert target_format(count) == ("#,##0" if decimals is None else "#,##0." + "0" * decimals)


def test_a_bad_floor_in_rules_is_one_problem_however_many_measures_it_reaches():
    """`floor: 1` in `rules:` is ambiguous for each percent measure it reaches: one error on its line, not one per
    measure."""
    text = changed("tolerance: 10%", "floor: 1")
    text = text.replace("unit: count", "unit: percent").replace("target: 10\n", "target: 10%\n")
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "test.yaml", "test")
    lines = caught.value.lines()
    assert lines == [
        f"test.yaml line {line_of(text, 'floor: 1')}: the floor in rules: 1 could be 1% or 100%; write it with a % sign"
    ]
