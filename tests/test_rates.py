"""A rate per 1,000, 10,000 or 100,000 (SPEC §3.3, §4): from numerator and denominator its figure is n ÷ d × per;
without `per:` such a figure is an error at its cell, never a rate per 1 printed as 0.0 and rated Green."""

from __future__ import annotations

from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.model import Month, Observation, Status
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .support.workbooks import month_sheets
from .test_template import error_of

RATE = "{id: R1, number: 1, title: Children in need per 10000, good_to_be: low, unit: rate, decimals: 1, target: 300"
HEADER = ("Measure", "Value", "Numerator", "Denominator")


def _template(extra: str = "") -> scorecard_xl.Template:
    return parse_template(one_theme(RATE + extra + "}"), "t.yaml", "t")


def test_a_rates_figure_from_its_parts_is_per_its_base(tmp_path: Path) -> None:
    """276 of 100,000 children, per 10,000: 27.6 (it was 0.00276, shown 0.0 and Green against a low target)."""
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["R1", None, 276, 100_000]]}, header=HEADER)
    result = scorecard_xl.read_extracts([path], _template(", per: 10000"))
    assert [o.value for o in result.observations] == pytest.approx([27.6])


def test_a_rate_from_its_parts_without_per_is_an_error_at_the_cell(tmp_path: Path) -> None:
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["R1", None, 276, 100_000]]}, header=HEADER)
    with pytest.raises(scorecard_xl.InputError) as caught:
        scorecard_xl.read_extracts([path], _template())
    assert [(p.code, p.location.cell) for p in caught.value.problems] == [("rate-needs-per", "C2")]
    assert "per: 10000" in caught.value.problems[0].hint


def test_a_rate_given_as_a_value_needs_no_per(tmp_path: Path) -> None:
    path = month_sheets(tmp_path / "x.xlsx", {"Sep 2016": [["R1", 27.6, 276, 100_000]]}, header=HEADER)
    result = scorecard_xl.read_extracts([path], _template(", per: 10000"))
    assert [o.value for o in result.observations] == [27.6] and result.warnings == []  # 276/100000 × 10000 agrees
    disagreeing = month_sheets(tmp_path / "y.xlsx", {"Sep 2016": [["R1", 30.1, 276, 100_000]]}, header=HEADER)
    warned = scorecard_xl.read_extracts([disagreeing], _template(", per: 10000")).warnings
    assert [w.code for w in warned] == ["value-disagrees"] and "= 27.6)" in warned[0].message


def test_a_rolling_year_rate_as_a_ratio_sums_the_parts_then_scales() -> None:
    """Twelve months of 23 in 100,000 per 10,000: 276 ÷ 1,200,000 × 10,000 = 2.3."""
    template = parse_template(
        one_theme(RATE + ", per: 10000, period_type: rolling_year, compute: ratio}"), "t.yaml", "t"
    )
    months = [Month(2015, 10).shift(i) for i in range(12)]
    observations = [Observation("R1", m, Status.VALUE, None, scorecard_xl.Location(), 23.0, 100_000.0) for m in months]
    scorecard = scorecard_xl.calculate(template, observations, Month(2016, 9))
    sep = scorecard.columns.index(Month(2016, 9))
    assert scorecard.rows[0].figures[sep].value == pytest.approx(2.3)


@pytest.mark.parametrize(
    ("extra", "pattern"),
    [
        (", per: 0", "per must be a positive number"),
        (", per: lots", "per must be a positive number"),
        (", per: .inf", "finite"),
        (", period_type: rolling_year, compute: ratio", "a rate worked out as a ratio needs 'per'"),
    ],
)
def test_per_must_be_a_positive_number_and_a_ratio_rate_needs_one(extra: str, pattern: str) -> None:
    assert pattern in error_of(one_theme(RATE + extra + "}"))


def test_a_percent_measure_has_no_per() -> None:
    text = one_theme("{id: P1, number: 1, title: P, good_to_be: high, unit: percent, target: 60%, per: 100}")
    assert "'per' is for rates" in error_of(text)
