"""Rule paths the bundled sample never takes, each pinned end to end with expectations worked out by hand.

The sample's template uses `trend_basis: auto`, one target per measure, list benchmarks and short narratives;
these tests build small templates and extracts of their own so that `previous_column` arrows, a per-year target
with no entry for the report year (for a high and a target-polarity measure), a ratio whose denominators
total 0 or 1, free-text benchmarks beside a benchmarks-sheet override, a narrative of exactly Excel's cell
limit, and the warning codes `missing-months`, `no-target` and `unavailable-has-data` each have a test that
fails when its path breaks. Every expected figure is written out below from the extract's own numbers.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.model import (
    EXCEL_CELL_LIMIT,
    Arrow,
    Benchmark,
    Location,
    MeasureRow,
    Month,
    Observation,
    Rag,
    Status,
    Template,
)
from scorecard_xl.template import load_template

from .support.readback import read_appendix
from .support.workbooks import long_csv

SEP_2016 = Month(2016, 9)
COLUMNS = ["Mar 2016", "Jun 2016", "Sep 2016", "Dec 2016", "Mar 2017"]  # Sep 2016 is a quarter end

TEMPLATE = textwrap.dedent(
    """\
    title: Appendix 1
    portfolio: Test Portfolio
    outcomes:
      - name: Paths the sample does not take
        themes:
          - name: Arrows and targets
            measures:
              - id: PC1
                number: 1
                title: Count compared with the column to its left
                good_to_be: high
                period_type: month
                unit: count
                decimals: 0
                target: 10
                compute: reported
                trend_basis: previous_column
              - id: PC2
                number: 7
                title: Count summed over the year to date, compared with the column to its left
                good_to_be: high
                period_type: year_to_date
                unit: count
                decimals: 0
                target: 5
                compute: sum
                trend_basis: previous_column
              - id: NT1
                number: 2
                title: Percent with a target for 2015/16 only
                good_to_be: high
                period_type: month
                unit: percent
                decimals: 0
                target: {"2015/16": 60%}
                compute: reported
              - id: TP1
                number: 3
                title: Count near a target for 2015/16 only
                good_to_be: target
                period_type: month
                unit: count
                decimals: 0
                target: {"2015/16": 50}
                compute: reported
              - id: RT1
                number: 4
                title: Percent of cases, year to date
                good_to_be: high
                period_type: year_to_date
                unit: percent
                decimals: 0
                target: 50%
                compute: ratio
              - id: BM1
                number: 5
                title: Count with free-text benchmarks
                good_to_be: low
                period_type: month
                unit: count
                decimals: 1
                target: 20
                compute: reported
                benchmarks: "Best in region: 12 (2015)"
              - id: UA1
                number: 6
                title: A measure not yet available
                good_to_be: high
                period_type: month
                unit: count
                decimals: 0
                target: 5
                compute: reported
                status: unavailable
    """
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("paths") / "paths.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return load_template(path)


def _obs(measure_id: str, month: Month, value: float | None, **parts: float | str | None) -> Observation:
    status = Status.VALUE if value is not None or parts.get("numerator") is not None else Status.MISSING
    return Observation(measure_id, month, status, value, Location(file="hand", measure=measure_id), **parts)  # type: ignore[arg-type]


def _row(card: scorecard_xl.Scorecard, measure_id: str) -> MeasureRow:
    return next(r for r in card.rows if r.measure.id == measure_id)


def _warnings(card: scorecard_xl.Scorecard, measure_id: str) -> list[str]:
    return [w.code for w in card.warnings if w.location == Location(measure=measure_id)]


# --- trend_basis: previous_column, end to end -----------------------------------------------------------------

# PC1 by month: Mar 2016 8, Jun 2016 12, Sep 2016 12 (and a May figure no column shows).
PC1 = [("PC1", "2016-03", 8), ("PC1", "2016-05", 30), ("PC1", "2016-06", 12), ("PC1", "2016-09", 12)]
# PC2: 1 every month from Apr 2015 to Sep 2016, so its year-to-date sums are Mar 2016 12, Jun 2016 3, Sep 2016 6.
PC2 = [("PC2", Month(2015, 4).shift(i).iso, 1) for i in range(18)]


def test_previous_column_arrows_end_to_end(tmp_path: Path) -> None:
    template = tmp_path / "paths.yaml"
    template.write_text(TEMPLATE, encoding="utf-8")
    extract = long_csv(tmp_path / "pc.csv", PC1 + PC2)
    result = scorecard_xl.build([extract], template, period="2016-09", output=tmp_path / "out.xlsx")
    row = _row(result.scorecard, "PC1")
    assert [m.label for m in result.scorecard.columns] == COLUMNS
    mar, jun, sep = row.figures[:3]
    # the first column has no column to its left: a figure, no arrow (and no crash)
    assert (mar.value, mar.arrow, mar.compared_with) == (8, None, None)
    # Jun 12 against the Mar column's 8 (not May's 30): up, good to be high
    assert (jun.value, jun.arrow, jun.compared_with) == (12, Arrow.UP, Month(2016, 3))
    # Sep 12 against the Jun column's 12: the same
    assert (sep.value, sep.arrow, sep.compared_with) == (12, Arrow.SAME, Month(2016, 6))
    assert row.rag is Rag.GREEN  # 12 against a high target of 10
    # a year-to-date measure: the first column's figure (the whole of 2015/16) is compared with nothing;
    # Jun's 3 is down on Mar's 12, Sep's 6 up on Jun's 3 (not on the same month last year, nor on August)
    pc2 = _row(result.scorecard, "PC2").figures
    assert [(f.value, f.arrow, f.compared_with) for f in pc2[:3]] == [
        (12, None, None),
        (3, Arrow.DOWN, Month(2016, 3)),
        (6, Arrow.UP, Month(2016, 6)),
    ]
    assert [f.value for f in pc2[3:]] == [None, None]  # after the report month
    _, _, shown = read_appendix(result.path)
    figures = next(r for r in shown if r.cells.get("No.") == 1).figures
    assert [figures[label].arrow for label in COLUMNS[:3]] == [None, "↑", "→"]
    figures = next(r for r in shown if r.cells.get("No.") == 7).figures
    assert [figures[label].arrow for label in COLUMNS[:3]] == [None, "↓", "↑"]


# --- a per-year target with no entry for the report year ------------------------------------------------------


def test_per_year_target_without_the_report_year_warns_no_target(template: Template) -> None:
    observations = [
        _obs("NT1", Month(2016, 3), 0.55),  # 2015/16: against 60%, 55% is Amber — but the report is in 2016/17
        _obs("NT1", Month(2016, 8), 0.70),
        _obs("NT1", SEP_2016, 0.72),
    ]
    card = scorecard_xl.calculate(template, observations, SEP_2016)
    row = _row(card, "NT1")
    assert row.rag is None  # no target for 2016/17: no RAG, not a crash and not Red
    assert row.target is None
    assert _warnings(card, "NT1") == ["no-target"]
    problem = next(w for w in card.warnings if w.code == "no-target")
    assert problem.location == Location(measure="NT1")
    assert problem.message == "no target for Sep 2016, so no RAG"
    # the arrow needs no target for a high measure: 72% after August's 70%
    assert row.figures[2].arrow is Arrow.UP


def test_target_polarity_without_a_target_has_no_arrow(template: Template) -> None:
    # TP1 is good near its target, which is set for 2015/16 only. In 2015/16 (Mar 2016) the arrow is
    # measured against the 50: Feb 40 → Mar 45 is closer, up. In 2016/17 there is no target: no arrow, no RAG.
    observations = [
        _obs("TP1", Month(2016, 2), 40),
        _obs("TP1", Month(2016, 3), 45),
        _obs("TP1", Month(2016, 5), 40),
        _obs("TP1", Month(2016, 6), 60),
        _obs("TP1", Month(2016, 8), 40),
        _obs("TP1", SEP_2016, 45),
    ]
    card = scorecard_xl.calculate(template, observations, SEP_2016)
    row = _row(card, "TP1")
    assert [(f.value, f.arrow) for f in row.figures[:3]] == [(45, Arrow.UP), (60, None), (45, None)]
    assert row.rag is None
    assert _warnings(card, "TP1") == ["no-target"]


# --- a ratio whose denominators total 0 or 1 -------------------------------------------------------------------


def _ratio(months: list[tuple[int, float, float]]) -> list[Observation]:
    return [_obs("RT1", Month(2016, m), None, numerator=n, denominator=d) for m, n, d in months]  # Apr–Sep 2016


def test_ratio_with_denominators_totalling_zero_has_no_figure(template: Template) -> None:
    card = scorecard_xl.calculate(template, _ratio([(m, 0, 0) for m in range(4, 10)]), SEP_2016)
    row = _row(card, "RT1")
    assert row.figures[2].value is None  # 0 / 0 over the year to date: blank, not a ZeroDivisionError
    assert row.rag is None
    assert _warnings(card, "RT1") == ["no-figure"]  # nothing was missing, so no missing-months warning


def test_ratio_with_denominators_totalling_one(template: Template) -> None:
    months = [(m, 0, 0) for m in range(4, 9)] + [(9, 1, 1)]
    row = _row(scorecard_xl.calculate(template, _ratio(months), SEP_2016), "RT1")
    assert row.figures[2].value == 1.0  # 1 / 1
    assert row.rag is Rag.GREEN


def test_ratio_with_a_month_missing_warns_missing_months(template: Template) -> None:
    months = [(m, 1, 4) for m in range(4, 10) if m != 7]  # no July
    card = scorecard_xl.calculate(template, _ratio(months), SEP_2016)
    assert _row(card, "RT1").figures[2].value is None
    missing = [w for w in card.warnings if w.code == "missing-months" and w.location.measure is not None]
    assert [(w.location, w.message) for w in missing] == [
        (Location(measure="RT1"), "no figure for Sep 2016: missing Jul 2016")
    ]
    # and, because no measure has a July figure, the gap in the months the scorecard uses is named once for the extract
    gaps = [w for w in card.warnings if w.code == "missing-months" and w.location.measure is None]
    assert [w.message.split(",")[0] for w in gaps] == ["no figure at all for Jul 2016"]
    assert _warnings(card, "RT1") == ["missing-months", "no-figure"]


def test_ratio_year_to_date_sums_parts(template: Template) -> None:
    # (1+2+3+4+5+6) / (4+4+4+4+4+4) = 21/24 = 87.5%
    months = [(m, m - 3, 4) for m in range(4, 10)]
    row = _row(scorecard_xl.calculate(template, _ratio(months), SEP_2016), "RT1")
    assert row.figures[2].value == pytest.approx(21 / 24)


# --- free-text benchmarks with a benchmarks-sheet override -----------------------------------------------------


def test_free_text_benchmark_keeps_its_text_beside_an_override(template: Template) -> None:
    observations = [_obs("BM1", SEP_2016, 15)]
    plain = scorecard_xl.calculate(template, observations, SEP_2016)
    assert _row(plain, "BM1").benchmarks == "Best in region: 12 (2015)"
    override = {"BM1": {"national average": Benchmark("National Average", "2016", 17.25)}}
    card = scorecard_xl.calculate(template, observations, SEP_2016, benchmarks=override)
    # the free text first, then the sheet's figure at the measure's one decimal
    assert _row(card, "BM1").benchmarks == "Best in region: 12 (2015)\nNational Average (2016): 17.3"


# --- a narrative of exactly Excel's cell limit -----------------------------------------------------------------


@pytest.mark.parametrize(("length", "warned"), [(EXCEL_CELL_LIMIT - 1, False), (EXCEL_CELL_LIMIT, False),
                                                 (EXCEL_CELL_LIMIT + 1, True)])  # fmt: skip
def test_narrative_at_the_cell_limit(template: Template, length: int, warned: bool) -> None:
    assert EXCEL_CELL_LIMIT == 32_767
    where = Location(file="extract.xlsx", sheet="Sep 2016", cell="B2")
    narrative = "n" * length
    observations = [Observation("BM1", SEP_2016, Status.VALUE, 15.0, where, narrative=narrative)]
    card = scorecard_xl.calculate(template, observations, SEP_2016)
    assert len(_row(card, "BM1").narrative) == min(length, 32_767)
    too_long = [(w.code, w.location) for w in card.warnings if w.code == "narrative-too-long"]
    assert too_long == ([("narrative-too-long", where)] if warned else [])


# --- an unavailable measure with figures ------------------------------------------------------------------------


def test_unavailable_measure_with_figures_warns_and_shows_none(template: Template) -> None:
    card = scorecard_xl.calculate(template, [_obs("UA1", SEP_2016, 7)], SEP_2016)
    row = _row(card, "UA1")
    assert [f.value for f in row.figures] == [None] * 5
    assert row.rag is None
    assert _warnings(card, "UA1") == ["unavailable-has-data"]
    only_missing = scorecard_xl.calculate(template, [_obs("UA1", SEP_2016, None)], SEP_2016)
    assert "unavailable-has-data" not in [w.code for w in only_missing.warnings]


# --- the default report month -------------------------------------------------------------------------------


def test_latest_month_is_the_latest_with_a_figure_or_a_suppressed_marker() -> None:
    aug, sep = Month(2016, 8), SEP_2016
    missing_in_sep = [_obs("PC1", aug, 3), _obs("PC1", sep, None)]
    assert scorecard_xl.calc.latest_month(missing_in_sep) == aug  # a blank September is not a figure
    suppressed = Observation("PC1", sep, Status.SUPPRESSED, None, Location(file="hand"))
    assert scorecard_xl.calc.latest_month([_obs("PC1", aug, 3), suppressed]) == sep
    assert scorecard_xl.calc.latest_month([_obs("PC1", sep, None)]) is None
