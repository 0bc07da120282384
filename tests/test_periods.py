"""Period labels: every form SPEC §3.5 and the real published files use, each error, and round-trip properties."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard_xl.model import Frequency, Month, Period
from scorecard_xl.read.cells.period_labels import (
    PeriodError,
    find_period,
    is_period_label,
    parse_ees_period,
    parse_period,
    period_containing,
)

from .conftest import ROOT

M, Q, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR
REAL = ROOT.parent / "shared" / "real_data"  # beside the checkout, as CI lays it out


def month(text: str) -> Period:
    return parse_period(text, M)


@pytest.mark.parametrize(
    "text",
    [
        "2016-09",
        "Sep 2016",
        "Sep-16",
        "September 2016",
        "Sept 16",
        "09-2016",
        "2016/09",
        "30/09/2016",
        "30 Sep 2016",
        "2016-09-30",
        "2016-09-30 00:00:00",
        "SEP 2016",
        "sep-2016",
        " Sep 2016 ",
        "201609",
    ],
)
def test_month_forms(text: str) -> None:
    assert month(text) == Period(M, Month(2016, 9))


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2023/24", 2024),
        ("2023-24", 2024),
        ("2023/2024", 2024),
        ("2023-2024", 2024),
        ("FY 2023/24", 2024),
        ("FY2023/24", 2024),
        ("Financial year 2023-24", 2024),
        ("2022 to 2023", 2023),
        ("2019", 2019),
        ("201112", 2012),
        ("2010/11", 2011),
        ("2010-11", 2011),
        ("1999/00", 2000),
        ("2016/17 [p]", 2017),
        ("2016/17 (provisional)", 2017),
        ("2023 [note 3]", 2023),
        ("year ending Mar 2024", 2024),
    ],
)
def test_year_forms(text: str, end: int) -> None:
    assert parse_period(text, Y) == Period(Y, Month(end, 3), 3)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Q1 2023/24", Month(2023, 4)),
        ("Q3 2023/24", Month(2023, 10)),
        ("Q4 2023/24", Month(2024, 1)),
        ("2023/24 Q1", Month(2023, 4)),
        ("Q1 2023-24", Month(2023, 4)),
        ("Quarter 1 FY 2023/24", Month(2023, 4)),
        ("2023 Q2", Month(2023, 4)),
        ("Q2 2023", Month(2023, 4)),
        ("2023Q2", Month(2023, 4)),
        ("2023-Q2", Month(2023, 4)),
        ("Q1 2023", Month(2023, 1)),
        ("Apr-Jun 2023", Month(2023, 4)),
        ("Apr–Jun 2023", Month(2023, 4)),
        ("Apr 2023 - Jun 2023", Month(2023, 4)),
        ("April to June 2022 (Q1)", Month(2022, 4)),
        ("April 2022 to June 2022", Month(2022, 4)),
        ("at 30 Jun 2022 (end of Q1 2022/23)", Month(2022, 4)),
        ("Jan-Mar 2024", Month(2024, 1)),
        ("Oct-Dec 2023 (Q3 2023/24)", Month(2023, 10)),
        ("Apr-Jun 2023 (Q2 2023)", Month(2023, 4)),
        ("1 Jan 2024", Month(2024, 1)),
        ("as at 31 March 2024", Month(2024, 1)),
        ("2021-07", Month(2021, 7)),
        ("2021-06-30", Month(2021, 4)),
        ("202202", Month(2022, 1)),
        ("Aug 2023", Month(2023, 7)),
    ],
)
def test_quarter_forms(text: str, start: Month) -> None:
    period = parse_period(text, Q)
    assert period.start == start and period.frequency is Q and len(period) == 3


def test_rolling_ranges() -> None:
    assert parse_period("Jan 2012-Dec 2012", Y, 12) == Period(Y, Month(2012, 12), 12)
    rolling = parse_period("Jan 2012-Dec 2012", M)
    assert rolling == Period(M, Month(2012, 12), rolling=True) and rolling.months[0] == Month(2012, 1)
    assert parse_period("Jan 2012-Dec 2012", Q) == Period(Q, Month(2012, 12), rolling=True)
    assert parse_period("12 months ending Dec 2012", M).start == Month(2012, 1)


def test_snapshot_belongs_to_the_period_containing_it() -> None:
    assert period_containing(dt.date(2024, 1, 1), Q).label == "Jan–Mar 2024"
    assert period_containing(Month(2024, 1), Y).label == "2023/24"
    assert period_containing(Month(2024, 4), Y).label == "2024/25"
    assert period_containing(Month(2016, 9), Y, 8).label == "2016/17"
    assert period_containing(Month(2016, 8), Y, 8).label == "2015/16"
    assert period_containing(Month(2016, 9), Y, 12).label == "2016"
    assert parse_period("at 30 Jun 2022 (end of Q1 2022/23)", M) == Period(M, Month(2022, 6))
    assert parse_period("2021-06-30", Y) == Period(Y, Month(2022, 3))


def test_a_year_ending_in_another_month_is_labelled_by_its_months() -> None:
    """`2022/23` reads as a financial year: a year ending in September is labelled `Oct 2022–Sep 2023`, as its
    benchmarks' labels and Data period are, while financial, academic and calendar years keep their forms."""
    assert Period(Y, Month(2023, 9), 9).label == "Oct 2022–Sep 2023"
    assert Period(Y, Month(2023, 9), 9).description == "Annual (year ending Sep 2023)"
    assert [Period(Y, Month(2023, end), end).label for end in (3, 8, 12)] == ["2022/23", "2022/23", "2023"]


def test_ees_periods() -> None:
    assert parse_ees_period("2024", "Reporting year", Y).label == "2023/24"
    assert parse_ees_period(2023, "Reporting year", Y, 9).description == "Annual (year ending Sep 2023)"
    assert parse_ees_period("202324", "Financial year", Y).label == "2023/24"
    assert parse_ees_period("202324", "Academic year", Y, 8).description == "Annual (academic year 2023/24)"
    assert parse_ees_period("2023", "Calendar year", Y, 12).label == "2023"
    assert parse_ees_period("202324", "Financial year Q1", Q).label == "Apr–Jun 2023"
    assert parse_ees_period("2023", "Calendar year Q2", Q).label == "Apr–Jun 2023"
    assert parse_ees_period("2023", "September", M).label == "Sep 2023"
    assert parse_ees_period("2023", "Decemeber", M).label == "Dec 2023"


@pytest.mark.parametrize(
    ("time_period", "identifier", "frequency", "year_end", "says"),
    [
        ("2023", "Academic year", Y, 8, "6-digit"),
        ("202325", "Financial year", Y, 3, "not a year and the next"),
        ("2023", "Calendar year", Y, 3, "year_end: 12"),
        ("202324", "Academic year", Y, 3, "year_end: 8"),
        ("202324", "Spring term", Y, 3, "not a month, quarter or year"),
        ("2024", "Reporting year", M, 3, "frequency: year"),
        ("2023", "Week 4", M, 3, "not a month"),
        ("202324", "Financial year Q1-2", Q, 3, "not a month"),
    ],
)
def test_ees_errors(time_period: str, identifier: str, frequency: Frequency, year_end: int, says: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_ees_period(time_period, identifier, frequency, year_end)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("text", "frequency", "year_end", "says"),
    [
        ("2010/11", M, 3, "frequency: year"),
        ("2010-11", M, 3, "Nov 2010 or the year 2010/11"),
        ("201112", M, 3, "Dec 2011 or the year 2011/12"),
        ("201112", Q, 3, "Dec 2011"),
        ("2023/24", Q, 3, "frequency: year"),
        ("2019", M, 3, "frequency: year"),
        ("Q1 2023/24", M, 3, "frequency: quarter"),
        ("Apr-Jun 2023", M, 3, "quarter"),
        ("Q2 2023", Y, 3, "frequency: quarter"),
        ("April to June 2022 (Q2)", Q, 3, "disagrees"),
        ("at 31 May 2022 (end of Q1 2022/23)", Q, 3, "disagrees"),
        ("Apr-Jun 2023 (Q1 2024/25)", Q, 3, "disagrees"),
        ("Jan 2012-Dec 2012", Y, 3, "year_end: 12"),
        ("2020/2023", Y, 3, "not the year after"),
        ("2020 to 2022", Y, 3, "not the year after"),
        ("FY 2019", Y, 3, "2018/19 or 2019/20"),
        ("Q1 FY 2023", Q, 3, "which year"),
        ("2023/24", Y, 12, "year_end: 3"),
        ("FY 2023/24", Y, 8, "year_end: 3"),
        ("Jan-Jun 2023", Q, 3, "6 months"),
        ("Jun 2023 - Apr 2023", Q, 3, "ends before"),
        ("May-Jul 2023", Q, 3, "year_end: 7"),
        ("Jun-Aug 2023", Q, 3, "year_end: 8"),
        ("Percentage change from Q4 2021", M, 3, "not a period label"),
        ("Target", Y, 3, "not a period label"),
        ("2016/17 (final figures)", Y, 3, "not a period label"),
        ("", M, 3, "not a period label"),
        ("Q1 2023/24", Q, 12, "year_end: 3"),
    ],
)
def test_errors_name_the_fix(text: str, frequency: Frequency, year_end: int, says: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, frequency, year_end)
    assert says in str(caught.value)
    assert caught.value.fix and caught.value.message


def test_2010_11_is_never_november() -> None:
    for text in ("2010/11", "2010-11", "201011"):
        assert parse_period(text, Y) == Period(Y, Month(2011, 3))
        with pytest.raises(PeriodError):
            parse_period(text, M)


def test_headers_are_periods_only_as_a_whole() -> None:
    assert not is_period_label("Percentage change from Q4 2021")
    assert not is_period_label("2023/24 target")
    assert not is_period_label("Value")
    assert not is_period_label("12345")
    assert is_period_label("Q4 2021") and is_period_label("2023/24 [p]")
    assert is_period_label("FY 2019")  # a period label, though an ambiguous one
    assert find_period("Percentage change from Q4 2021", Q) is None
    assert find_period("Q4 2021", Q) == Period(Q, Month(2021, 12))


def test_labels_and_descriptions() -> None:
    assert Period(M, Month(2016, 9)).label == "Sep 2016"
    assert Period(Q, Month(2016, 9)).description == "Quarterly (Jul–Sep 2016)"
    assert Period(Y, Month(2016, 3)).description == "Annual (financial year 2015/16)"
    assert Period(Y, Month(2019, 12), 12).description == "Annual (calendar year 2019)"
    assert Period(Q, Month(2017, 2), 8).label == "Dec 2016–Feb 2017"
    assert Period(M, Month(2012, 12), rolling=True).description == "Rolling year (Jan 2012–Dec 2012)"


def test_period_shape_and_order() -> None:
    quarter = Period(Q, Month(2016, 9))
    assert quarter.months == (Month(2016, 7), Month(2016, 8), Month(2016, 9))
    assert Month(2016, 8) in quarter and Month(2016, 10) not in quarter
    assert quarter.shift(-1) == Period(Q, Month(2016, 6)) and quarter.shift(2).label == "Jan–Mar 2017"
    assert sorted([Period(Y, Month(2016, 3)), quarter, Period(M, Month(2016, 1))])[0] == Period(M, Month(2016, 1))
    with pytest.raises(ValueError):
        Period(Y, Month(2016, 4))
    with pytest.raises(ValueError):
        Period(Q, Month(2016, 8))
    with pytest.raises(ValueError):
        Period(M, Month(2016, 8), 13)


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sorted({row[name] for row in csv.DictReader(handle)})


@pytest.mark.skipif(not REAL.exists(), reason="real published files not present")
@pytest.mark.parametrize(
    ("name", "frequency", "year_end", "first", "count"),
    [
        ("claimant_count.csv", M, 3, "Apr 2021", 37),
        ("universal_credit.csv", M, 3, "Apr 2021", 37),
        ("electric_vehicle_charging_points.csv", Q, 3, "Jul–Sep 2021", 12),
        ("no2_concentration.csv", Q, 3, "Apr–Jun 2021", 12),
        ("pm10_concentration.csv", Q, 3, "Apr–Jun 2021", 12),
        ("household_waste_recycling.csv", Y, 3, "2010/11", 12),
        ("employment_rate.csv", Y, 12, "2012", 12),
    ],
)
def test_real_trafford_labels(name: str, frequency: Frequency, year_end: int, first: str, count: int) -> None:
    labels = _column(REAL / "trafford_corporate_plan" / name, "period")
    periods = sorted({parse_period(label, frequency, year_end) for label in labels})
    assert len(periods) == count and periods[0].label == first


@pytest.mark.skipif(not REAL.exists(), reason="real published files not present")
def test_real_neet_mixes_two_year_forms() -> None:
    labels = _column(REAL / "trafford_corporate_plan" / "neet.csv", "period")
    split = [parse_period(label, Y) for label in labels if "/" in label]
    single = [parse_period(label, Y) for label in labels if "/" not in label]
    assert [p.label for p in split][:2] == ["2016/17", "2017/18"] and single[0].label == "2018/19"
    for label in labels:
        with pytest.raises(PeriodError):
            parse_period(label, M)


@pytest.mark.skipif(not REAL.exists(), reason="real published files not present")
def test_real_dfe_reporting_years() -> None:
    for path in sorted((REAL / "dfe_childrens_social_care").glob("*.csv")):
        assert _column(path, "time_identifier") == ["Reporting year"]
        years = [parse_ees_period(tp, "Reporting year", Y) for tp in _column(path, "time_period")]
        assert years[-1].label == ("2022/23" if path.name.startswith("csww") else "2023/24")


years = st.integers(1901, 2098)
frequencies = st.sampled_from(list(Frequency))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    frequency = draw(frequencies)
    year_end = draw(st.integers(1, 12))
    rolling = frequency is not Y and draw(st.booleans())
    end = period_containing(Month(draw(years), draw(st.integers(1, 12))), frequency, year_end).end
    return Period(frequency, end, year_end, rolling)


@settings(derandomize=True, max_examples=400)
@given(periods())
def test_label_round_trips(period: Period) -> None:
    assert parse_period(period.label, period.frequency, period.year_end) == period


@settings(derandomize=True, max_examples=300)
@given(years, st.integers(1, 12), frequencies, st.integers(1, 12))
def test_containing_period_contains(year: int, number: int, frequency: Frequency, year_end: int) -> None:
    when = Month(year, number)
    period = period_containing(when, frequency, year_end)
    assert when in period and len(period.months) == frequency.length
    assert parse_period(when.label, frequency, year_end) == period
    if number != (year + 1) % 100:  # 2011-12 could be the year 2011/12: see test_errors_name_the_fix
        assert parse_period(when.iso, frequency, year_end) == period


@settings(derandomize=True, max_examples=500)
@given(st.text(alphabet="0123456789QqFYAprJunSe/- ()[]toat", max_size=24), frequencies, st.integers(1, 12))
def test_any_text_reads_or_fails_cleanly(text: str, frequency: Frequency, year_end: int) -> None:
    try:
        period = find_period(text, frequency, year_end)
    except PeriodError as error:
        assert error.fix
        assert is_period_label(text)
    else:
        assert (period is not None) == is_period_label(text)


# Pinned by mutation testing (tests/mutate.py): each of these failed to be caught before.


def test_the_fourth_quarter_of_a_financial_year_is_q4() -> None:
    assert parse_period("Jan-Mar 2023 (Q4)", Q) == Period(Q, Month(2023, 3))
    with pytest.raises(PeriodError):
        parse_period("Jan-Mar 2023 (Q3)", Q)  # a qualifier that disagrees with the period


@pytest.mark.parametrize("text", ["AY 2022/23", "Academic year 2022/23", "School year 2022/23"])
def test_an_academic_year_label_needs_an_august_year_end(text: str) -> None:
    assert parse_period(text, Y, year_end=8) == Period(Y, Month(2023, 8), 8)
    with pytest.raises(PeriodError):
        parse_period(text, Y, year_end=3)


def test_a_date_that_does_not_exist_is_no_period() -> None:
    assert find_period("31/02/2016", M) is None
    assert find_period("30/09/2016", M) == Period(M, Month(2016, 9))


def test_a_bare_fiscal_year_names_both_readings() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("FY 2019", Y)
    assert caught.value.code == "ambiguous-period"
    assert "2018/19 or 2019/20" in caught.value.message
    assert "e.g. 2018/19" in caught.value.fix


@pytest.mark.parametrize("text", ["2000-01", "2010-11", "2011-12"])
def test_a_year_and_month_that_could_be_a_split_year_is_ambiguous_for_a_monthly_measure(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, M)
    assert caught.value.code == "ambiguous-period"


def test_the_calendar_has_one_home_in_model() -> None:
    """Year starts and labels, period ends and the previous period, as every layer uses them (model.periods)."""
    from scorecard_xl.model import (
        Frequency,
        Month,
        is_period_end,
        latest_period_end,
        period_ends,
        previous_period,
        year_label,
        year_start,
    )

    sep, q = Month(2016, 9), Frequency.QUARTER
    assert year_start(sep, 3) == Month(2016, 4) and year_start(Month(2016, 3), 3) == Month(2015, 4)
    assert year_start(sep, 8) == Month(2016, 9) and year_start(Month(2016, 8), 8) == Month(2015, 9)
    assert [year_label(m, 3) for m in (Month(2016, 3), Month(2016, 4))] == ["2015/16", "2016/17"]
    assert [year_label(m, 8) for m in (Month(2016, 8), Month(2016, 9))] == ["2015/16", "2016/17"]
    assert year_label(Month(2016, 12), 12) == "2016/17"  # a target names any other year by the financial year
    assert is_period_end(Month(2016, 6), q, 3) and not is_period_end(Month(2016, 7), q, 3)
    assert latest_period_end(Month(2016, 8), q, 3) == Month(2016, 6)
    assert latest_period_end(Month(2016, 8), Frequency.YEAR, 3) == Month(2016, 3)
    assert previous_period(Month(2016, 9), q, 3).label == "Apr–Jun 2016"
    assert previous_period(Month(2016, 10), q, 3).label == "Jul–Sep 2016"
    assert previous_period(Month(2016, 9), Frequency.MONTH, 3).label == "Aug 2016"
    assert period_ends(Month(2016, 8), q, 3, 3) == [Month(2015, 12), Month(2016, 3), Month(2016, 6)]
    assert period_ends(Month(2016, 8), Frequency.YEAR, 8, 2) == [Month(2015, 8), Month(2016, 8)]
    assert period_ends(Month(2016, 8), q, 3, 0) == []


def test_a_figure_says_what_is_shown_in_its_place_or_beside_it() -> None:
    from scorecard_xl.model import Figure, Meaning, Symbol

    meaning = next(iter(Meaning))
    c, u = Symbol("c", "c", meaning), Symbol("[u]", "u", meaning)
    assert (Figure(None, symbol=c).in_place, Figure(None, symbol=c).flag) == ("c", None)
    assert (Figure(12.3, symbol=u).in_place, Figure(12.3, symbol=u).flag) == (None, "u")
    assert (Figure(None, suppressed=True).in_place, Figure(None).in_place, Figure(1.0).flag) == ("*", None, None)
