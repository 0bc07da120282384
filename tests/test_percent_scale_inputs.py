"""Plain percents read across inputs (SPEC §3.3): one decision per measure over every file, so a folder of one-month
files reads as one workbook does; two sources on two scales merge only when each settles its own and they agree."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scorecard_xl
from scorecard_xl.model import Month, Unit
from scorecard_xl.numbers import display_round, percent_fraction
from scorecard_xl.read.extracts import ReadResult
from scorecard_xl.template.loading import parse_template

from .support.templates import one_theme
from .support.workbooks import month_sheets

SEP, AUG = Month(2016, 9), Month(2016, 8)
WARDS = [f"{{id: W{i}, number: {i}, title: Ward {i} claimant rate, good_to_be: low, unit: percent, decimals: 1, "
         f"target: Monitor}}" for i in (1, 2, 3, 4)]  # fmt: skip


def _template(*measures: str) -> scorecard_xl.Template:
    return parse_template(one_theme(*measures), "t.yaml", "t")


def _one_month_files(folder: Path, figures: dict[str, list[float]]) -> list[Path]:
    folder.mkdir()
    for month, values in figures.items():
        month_sheets(folder / f"kpis_{month}.xlsx", {month: [[f"W{i}", v] for i, v in enumerate(values, 1)]})
    return [folder]


def _values(result: ReadResult, month: Month) -> dict[str, float]:
    return {o.measure_id: o.value for o in result.observations if o.month == month and o.value is not None}


def test_tiny_whole_percents_in_one_months_file_read_as_the_other_months_show(tmp_path: Path) -> None:
    """August's 1.3, 1.2, 1.6, 1.1 are whole percents, so September's 1.0, 0.8, 0.9, 0.7 in their own file are too
    (1.0%, never 100%), exactly as when both months are sheets of one workbook; the file that alone would read
    as fractions is named in a warning."""
    figures = {"2016-08": [1.3, 1.2, 1.6, 1.1], "2016-09": [1.0, 0.8, 0.9, 0.7]}
    template = _template(*WARDS)
    result = scorecard_xl.read_extracts(_one_month_files(tmp_path / "folder", figures), template)
    assert _values(result, SEP) == pytest.approx({"W1": 0.010, "W2": 0.008, "W3": 0.009, "W4": 0.007})
    sheets = {month: [[f"W{i}", v] for i, v in enumerate(values, 1)] for month, values in figures.items()}
    one = month_sheets(tmp_path / "one.xlsx", sheets)
    assert _values(scorecard_xl.read_extracts([one], template), SEP) == pytest.approx(_values(result, SEP))
    differs = [w for w in result.warnings if w.code == "percent-scale-differs"]
    assert len(differs) == 4 and all("kpis_2016-09.xlsx" in str(w.location) for w in differs)


def test_sources_on_two_scales_that_agree_once_read_merge(tmp_path: Path) -> None:
    """A file of whole percents (71, 40, 50, 60) and another whose figures are all fractions (0.72, 0.41, …): each
    settles its own scale and the figures agree (71% then 72%), so both are read, each on its own scale."""
    result = scorecard_xl.read_extracts(
        _one_month_files(tmp_path / "f", {"2016-08": [71, 40, 50, 60], "2016-09": [0.72, 0.41, 0.52, 0.61]}),
        _template(*WARDS),
    )
    assert _values(result, AUG) == pytest.approx({"W1": 0.71, "W2": 0.40, "W3": 0.50, "W4": 0.60})
    assert _values(result, SEP) == pytest.approx({"W1": 0.72, "W2": 0.41, "W3": 0.52, "W4": 0.61})


def test_sources_whose_own_readings_disagree_are_not_each_taken_their_own_way(tmp_path: Path) -> None:
    """One file says whole percents by its header (0.9 = 0.9%), the other's column says fractions (0.5 = 50%):
    read on their own scales they would be 50 times apart, so the measure is not split between two scales; the
    figures are read one way and the reading is named in a warning."""
    folder = tmp_path / "f"
    folder.mkdir()
    month_sheets(folder / "a.xlsx", {"2016-08": [["W1", 0.9]]}, header=("Measure", "Value (%)"))
    month_sheets(folder / "b.xlsx", {"2016-09": [["W1", 0.5], ["W2", 0.4], ["W3", 0.6], ["W4", 0.3]]})
    result = scorecard_xl.read_extracts([folder], _template(*WARDS))
    aug, sep = _values(result, AUG)["W1"], _values(result, SEP)["W1"]
    assert aug * 100 == pytest.approx(sep * 100 * 0.9 / 0.5)  # one scale for both files
    assert any(w.code == "percent-scale-assumed" and w.location.measure == "W1" for w in result.warnings)


HALF_WAY = "{id: H1, number: 1, title: Half way, good_to_be: high, unit: percent, decimals: 1, target: 4.9%}"


def test_a_half_way_whole_percent_rounds_as_written_however_it_is_written(tmp_path: Path) -> None:
    """4.85 (whole percents), `4.85%` (text) and 0.0485 (%-formatted) are one figure: held as 0.0485, shown 4.9%,
    Green against 4.9%. Dividing 4.85 by 100 gives 0.04849999999999999, which showed 4.8% and rated Amber."""
    from .support.workbooks import Pct

    template = _template(HALF_WAY.replace("target: 4.9%", "target: 4.9%, percent_scale: whole"))
    sheets = {"2016-07": [["H1", 4.85]], "2016-08": [["H1", "4.85%"]], "2016-09": [["H1", Pct(0.0485)]]}
    result = scorecard_xl.read_extracts([month_sheets(tmp_path / "x.xlsx", sheets)], template)
    held = sorted((o.month.index, o.value) for o in result.observations)
    assert [value for _, value in held] == [0.0485, 0.0485, 0.0485]


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=4))
def test_whole_percents_round_as_their_decimal_text_does(hundredths: int, decimals: int) -> None:
    """For every whole percent with two decimals, the fraction held rounds as displayed exactly as the written
    decimal does (half up), at every number of decimals."""
    written = Decimal(hundredths).scaleb(-2)
    expected = float(written.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) / 100)
    assert display_round(percent_fraction(float(written)), Unit.PERCENT, decimals) == expected


def test_fractions_in_one_file_beside_small_whole_percents_in_another_are_each_read_their_way(tmp_path: Path) -> None:
    """August's whole percents 1.3, 1.2, 1.6, 1.1 and September's fractions 0.013, 0.012, 0.016, 0.011 (a column of
    fractions, settled on its own): read each its own way they agree (1.3% then 1.3%), so both are; one reading for
    both would print September's as 0.013%."""
    figures = {"2016-08": [1.3, 1.2, 1.6, 1.1], "2016-09": [0.013, 0.012, 0.016, 0.011]}
    result = scorecard_xl.read_extracts(_one_month_files(tmp_path / "folder", figures), _template(*WARDS))
    assert _values(result, SEP) == pytest.approx({"W1": 0.013, "W2": 0.012, "W3": 0.016, "W4": 0.011})
    assert _values(result, AUG) == pytest.approx({"W1": 0.013, "W2": 0.012, "W3": 0.016, "W4": 0.011})
    assert not [w for w in result.warnings if w.code.startswith("percent-scale")]
