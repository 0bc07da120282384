"""Calculation through the public API: `scorecard_xl.prepare` (no writing) and `scorecard_xl.build`.

The bundled sample holds month sheets April 2015 – September 2016 (SPEC §7); where a test needs later months
or a gap, it writes a small extract of its own in tmp_path (tests/support/workbooks.py: month sheets, or a long
CSV) and gives it beside the sample. Expected figures are worked out from SPEC §5 and from the sample's
documented figures (`sample_workbooks/make_sample.py`): CS37 adoptions per month 3, 2, 4, 3, 5, 2, 3, 4, 2,
3, 4, 3 over 2015/16 (38) and 5, 4, 4, 2, 3, 2 for April – September 2016; CS01's September 2016 figure 61%.
"""

from __future__ import annotations

import re
import textwrap

import pytest

import scorecard_xl
from scorecard_xl.model import Arrow, Location, Month, Rag

from .conftest import SAMPLE, TEMPLATE
from .support.readback import read_appendix
from .support.workbooks import long_csv, month_sheets

NOV_LABELS = ["Mar 2016", "Jun 2016", "Sep 2016", "Nov 2016", "Dec 2016", "Mar 2017"]
APR_LABELS = ["Mar 2016", "Apr 2016", "Jun 2016", "Sep 2016", "Dec 2016", "Mar 2017"]
RAG_HEADER = "Latest performance (RAG)"


def row_of(scorecard: scorecard_xl.Scorecard, measure_id: str):
    return next(r for r in scorecard.rows if r.measure.id == measure_id)


def figures_by_label(scorecard: scorecard_xl.Scorecard, measure_id: str) -> dict[str, float | None]:
    row = row_of(scorecard, measure_id)
    return {m.label: f.value for m, f in zip(scorecard.columns, row.figures, strict=True)}


def shown_row(rows, number: int):
    return next(r for r in rows if r.kind == "Measure" and r.cells["No."] == number)


# --- November 2016: a report month that is not a quarter end ------------------------------------------------

# CS01 (% audits good or outstanding, high, target 60%, tolerance 10% → Amber from 54%)
# CS05 (% repeat referrals, low, target 25% → Amber up to 27.5%)
# CS37 (adoptions, year to date, summed); CS03 suppressed (`*`) in November
LATER_MONTHS: dict[str, list[tuple[str, float | str]]] = {
    "Oct 2016": [("CS01", 0.50), ("CS05", 0.30), ("CS37", 1), ("CS03", 0.90)],
    "Nov 2016": [("CS01", 0.45), ("CS05", 0.26), ("CS37", 4), ("CS03", "*")],
    # a month after the report month: must not show in the Dec 2016 column of a November scorecard
    "Dec 2016": [("CS01", 0.99), ("CS05", 0.01), ("CS37", 9)],
}


@pytest.fixture(scope="module")
def november(tmp_path_factory: pytest.TempPathFactory) -> scorecard_xl.BuildResult:
    folder = tmp_path_factory.mktemp("november")
    later = month_sheets(folder / "later_months.xlsx", LATER_MONTHS, header=("Measure ID", "Value"))
    return scorecard_xl.build([SAMPLE, later], period="2016-11", output=folder / "appendix1.xlsx")


def test_november_columns(november):
    assert [m.label for m in november.scorecard.columns] == NOV_LABELS
    assert november.scorecard.period == Month(2016, 11)


def test_november_column_holds_novembers_figures(november):
    cs01 = figures_by_label(november.scorecard, "CS01")
    assert cs01["Nov 2016"] == pytest.approx(0.45)
    assert cs01["Sep 2016"] == pytest.approx(0.61)  # the sample's September figure is still shown
    assert figures_by_label(november.scorecard, "CS05")["Nov 2016"] == pytest.approx(0.26)


def test_november_year_to_date_sums_across_both_extracts(november):
    # Apr–Sep 2016 from the sample (5+4+4+2+3+2 = 20), then Oct 1 and Nov 4 from the second extract
    cs37 = figures_by_label(november.scorecard, "CS37")
    assert cs37["Sep 2016"] == 20
    assert cs37["Nov 2016"] == 20 + 1 + 4


def test_november_arrow_compares_with_october(november):
    # auto for a month measure: the previous month, October, though October is not a column
    nov = row_of(november.scorecard, "CS01").figures[NOV_LABELS.index("Nov 2016")]
    assert nov.compared_with == Month(2016, 10)
    assert nov.arrow is Arrow.DOWN  # 45% after 50%, good to be high
    nov5 = row_of(november.scorecard, "CS05").figures[NOV_LABELS.index("Nov 2016")]
    assert nov5.arrow is Arrow.UP  # 26% after 30%, good to be low


def test_november_rag_is_novembers(november):
    # September's 61% would be Green; November's 45% is below 54% (60% − 10% of 60%): Red
    assert row_of(november.scorecard, "CS01").rag is Rag.RED
    # 26% against a low target of 25%: within 27.5%: Amber (September's 36% would be Red)
    assert row_of(november.scorecard, "CS05").rag is Rag.AMBER


def test_november_later_columns_are_blank(november):
    for measure_id in ("CS01", "CS05", "CS37"):
        figures = figures_by_label(november.scorecard, measure_id)
        assert figures["Dec 2016"] is None, measure_id  # even though the extract has December
        assert figures["Mar 2017"] is None, measure_id


def test_november_workbook_reads_back(november):
    _, headers, rows = read_appendix(november.path)
    figure_headers = [h for h in headers if h in NOV_LABELS]
    assert figure_headers == NOV_LABELS
    cs01 = shown_row(rows, 1)
    assert cs01.figures["Nov 2016"].value == pytest.approx(0.45)
    assert cs01.figures["Nov 2016"].text == "45%"
    assert cs01.figures["Nov 2016"].arrow == "↓"
    assert cs01.figures["Dec 2016"].value is None
    assert cs01.figures["Mar 2017"].value is None
    assert cs01.cells[RAG_HEADER] == Rag.RED.value
    assert shown_row(rows, 37).figures["Nov 2016"].value == 25


def test_no_figure_for_the_report_month_warns_and_leaves_the_rag_blank(november):
    # CS02 has figures up to September 2016 in the sample, none for November
    row = row_of(november.scorecard, "CS02")
    assert row.rag is None
    assert row.figures[NOV_LABELS.index("Nov 2016")].value is None
    cs02 = [(w.code, w.message) for w in november.warnings if w.location == Location(measure="CS02")]
    assert cs02 == [("no-figure", "no figure for Nov 2016, so no RAG")]
    _, _, rows = read_appendix(november.path)
    assert shown_row(rows, 2).cells[RAG_HEADER] in (None, "")


def test_suppressed_report_month_shows_star_without_rag_or_arrow(november):
    row = row_of(november.scorecard, "CS03")
    nov = row.figures[NOV_LABELS.index("Nov 2016")]
    assert nov.suppressed
    assert nov.value is None
    assert nov.arrow is None
    assert row.rag is None
    _, _, rows = read_appendix(november.path)
    shown = shown_row(rows, 3)
    assert shown.figures["Nov 2016"].text == "*"
    assert shown.cells[RAG_HEADER] in (None, "")


def test_measures_with_a_figure_give_no_missing_figure_warning(november):
    for measure_id in ("CS01", "CS05", "CS37"):
        assert [w.code for w in november.warnings if w.location == Location(measure=measure_id)] == [], measure_id


# --- April 2016: a new financial year -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def april(tmp_path_factory: pytest.TempPathFactory) -> scorecard_xl.BuildResult:
    out = tmp_path_factory.mktemp("april") / "appendix1.xlsx"
    return scorecard_xl.build([SAMPLE], period="2016-04", output=out)


def test_april_columns(april):
    assert [m.label for m in april.scorecard.columns] == APR_LABELS
    _, headers, _ = read_appendix(april.path)
    assert [h for h in headers if h in APR_LABELS] == APR_LABELS


def test_april_year_to_date_restarts(april):
    cs37 = figures_by_label(april.scorecard, "CS37")
    assert cs37["Apr 2016"] == 5  # April's adoptions alone
    assert cs37["Mar 2016"] == 38  # the whole of 2015/16: 3+2+4+3+5+2+3+4+2+3+4+3
    for later in ("Jun 2016", "Sep 2016", "Dec 2016", "Mar 2017"):
        assert cs37[later] is None, later  # after the report month: blank, though the sample has Jun and Sep
    _, _, rows = read_appendix(april.path)
    shown = shown_row(rows, 37).figures
    assert shown["Apr 2016"].value == 5
    assert shown["Mar 2016"].value == 38


def test_prepare_matches_build(april):
    prepared = scorecard_xl.prepare([SAMPLE], period="2016-04")
    assert prepared.columns == april.scorecard.columns
    assert figures_by_label(prepared, "CS37") == figures_by_label(april.scorecard, "CS37")


# --- the same inputs give the same bytes --------------------------------------------------------------------


def test_builds_are_byte_identical(tmp_path):
    first = scorecard_xl.build([SAMPLE], TEMPLATE, period="2016-09", output=tmp_path / "first.xlsx")
    (tmp_path / "elsewhere").mkdir()
    second = scorecard_xl.build([SAMPLE], TEMPLATE, period="2016-09", output=tmp_path / "elsewhere" / "second.xlsx")
    assert first.path.read_bytes() == second.path.read_bytes()
    third = scorecard_xl.build([SAMPLE], TEMPLATE, period="2016-06", output=tmp_path / "third.xlsx")
    assert third.path.read_bytes() != first.path.read_bytes()


# --- a rolling year with a month missing --------------------------------------------------------------------

ROLLING_TEMPLATE = textwrap.dedent(
    """\
    title: Appendix 1
    portfolio: Test Portfolio
    outcomes:
      - name: Children are placed quickly
        themes:
          - name: Placement
            measures:
              - id: RY1
                number: 1
                title: Average days to placement (with a gap)
                good_to_be: low
                period_type: rolling_year
                unit: days
                decimals: 1
                target: 150
                compute: mean
              - id: RY2
                number: 2
                title: Average days to placement (complete)
                good_to_be: low
                period_type: rolling_year
                unit: days
                decimals: 1
                target: 150
                compute: mean
    """
)
FIRST = Month(2015, 4)
MONTHS = [FIRST.shift(i) for i in range(18)]  # Apr 2015 .. Sep 2016
GAP = Month(2016, 1)


def days(m: Month) -> float:
    """Each month's figure: 100 in April 2015, one more every month."""
    return 100.0 + (m.index - FIRST.index)


@pytest.fixture(scope="module")
def rolling(tmp_path_factory: pytest.TempPathFactory) -> scorecard_xl.Scorecard:
    folder = tmp_path_factory.mktemp("rolling")
    template = folder / "rolling.yaml"
    template.write_text(ROLLING_TEMPLATE, encoding="utf-8")
    rows = [("RY1", m.iso, days(m)) for m in MONTHS if m != GAP] + [("RY2", m.iso, days(m)) for m in MONTHS]
    extract = long_csv(folder / "extract.csv", rows)
    return scorecard_xl.prepare([extract], template, period="2016-09")


def test_rolling_year_complete(rolling):
    figures = figures_by_label(rolling, "RY2")
    # the year ending Sep 2016 is Oct 2015 (106) .. Sep 2016 (117): mean 111.5
    assert figures["Sep 2016"] == pytest.approx(111.5)
    # ending Jun 2016: Jul 2015 (103) .. Jun 2016 (114): 108.5; ending Mar 2016: Apr 2015 .. Mar 2016: 105.5
    assert figures["Jun 2016"] == pytest.approx(108.5)
    assert figures["Mar 2016"] == pytest.approx(105.5)
    row = row_of(rolling, "RY2")
    # 111.5 after August's 110.5 (Sep 2015 .. Aug 2016), good to be low: worsened
    assert row.figures[2].arrow is Arrow.DOWN
    assert row.rag is Rag.GREEN  # 111.5 days against a low target of 150


def test_rolling_year_with_a_month_missing_has_no_figure(rolling):
    figures = figures_by_label(rolling, "RY1")
    # every column's year (Apr 2015–Mar 2016, Jul 2015–Jun 2016, Oct 2015–Sep 2016) needs January 2016
    assert figures["Mar 2016"] is None
    assert figures["Jun 2016"] is None
    assert figures["Sep 2016"] is None
    assert row_of(rolling, "RY1").rag is None


def test_rolling_year_with_a_month_missing_warns_naming_it(rolling):
    ry1 = [(w.code, w.message) for w in rolling.warnings if w.location == Location(measure="RY1")]
    # one missing-months warning per column month up to the report month, each naming January 2016 only; then
    # no RAG for September
    assert ry1 == [
        ("missing-months", f"no figure for {month}: missing {GAP.label}")
        for month in ("Mar 2016", "Jun 2016", "Sep 2016")
    ] + [("no-figure", "no figure for Sep 2016, so no RAG")]
    assert [w for w in rolling.warnings if w.location == Location(measure="RY2")] == []


def test_rolling_year_gap_warning_reaches_the_built_workbook(tmp_path):
    template = tmp_path / "rolling.yaml"
    template.write_text(ROLLING_TEMPLATE, encoding="utf-8")
    rows = [("RY1", m.iso, days(m)) for m in MONTHS if m != GAP] + [("RY2", m.iso, days(m)) for m in MONTHS]
    extract = long_csv(tmp_path / "extract.csv", rows)
    result = scorecard_xl.build([extract], template, period="2016-09", output=tmp_path / "out.xlsx")
    _, headers, shown = read_appendix(result.path)
    month_headers = [h for h in headers if h and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", h)]
    assert month_headers == ["Mar 2016", "Jun 2016", "Sep 2016", "Dec 2016", "Mar 2017"]  # a quarter end: 5 columns
    assert shown_row(shown, 1).figures["Sep 2016"].value is None
    assert shown_row(shown, 2).figures["Sep 2016"].value == pytest.approx(111.5)
    assert ("missing-months", Location(measure="RY1")) in [(w.code, w.location) for w in result.warnings]
    assert any(GAP.label in w.message for w in result.warnings if w.code == "missing-months")
