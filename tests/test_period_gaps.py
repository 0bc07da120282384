"""Period labels at the edges of SPEC §3.5: six digits that are not a month, ranges across the new year, named
kinds of year, and quarters of impossible years. Each reads as one period or is a PeriodError naming the label."""

from __future__ import annotations

import pytest

from scorecard_xl.model import Frequency, Month, Period
from scorecard_xl.read.cells.period_labels import PeriodError, parse_period

M, Q, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR


def refused(text: str, frequency: Frequency, year_end: int = 3) -> PeriodError:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, frequency, year_end)
    assert repr(text) in str(caught.value) or text in str(caught.value)
    assert caught.value.fix
    return caught.value


def test_six_digits_of_consecutive_years_are_a_financial_year() -> None:
    assert parse_period("201213", Y) == Period(Y, Month(2013, 3))
    assert parse_period("201112", Y) == Period(Y, Month(2012, 3))
    assert refused("201213", M).code == "period-frequency"  # never "month 13"
    assert refused("201213", Q).code == "period-frequency"


@pytest.mark.parametrize("frequency", [M, Q, Y])
def test_six_digits_that_are_neither_a_month_nor_two_years_are_refused(frequency: Frequency) -> None:
    error = refused("201613", frequency)  # month 13, and 13 is not the year after 2016
    assert error.code == "bad-period"
    assert "not a period label" in error.message


def test_the_first_month_of_1900_is_ambiguous_for_a_monthly_measure_and_a_year_for_an_annual_one() -> None:
    error = refused("190001", M)
    assert error.code == "ambiguous-period"
    assert "Jan 1900" in error.message and "1900/01" in error.message
    assert parse_period("190001", Y) == Period(Y, Month(1901, 3))


@pytest.mark.parametrize(("text", "months"), [("Oct-Mar 2024", 6), ("Nov - Feb 2024", 4)])
@pytest.mark.parametrize("frequency", [M, Q, Y])
def test_a_range_across_the_new_year_counts_its_months(text: str, months: int, frequency: Frequency) -> None:
    # Oct 2023 – Mar 2024 and Nov 2023 – Feb 2024: neither a month, a quarter nor a year.
    error = refused(text, frequency)
    assert error.code == "bad-period"
    assert f"covers {months} months" in error.message


def test_a_range_across_the_new_year_that_is_a_quarter_is_read() -> None:
    assert parse_period("Nov-Jan 2024", Q, 1) == Period(Q, Month(2024, 1), 1)
    assert parse_period("Jan-Mar 2024", Q) == Period(Q, Month(2024, 3))


@pytest.mark.parametrize("text", ["Calendar year 2023", "CY 2023", "calendar year 2023"])
def test_a_calendar_year_ends_in_december(text: str) -> None:
    assert parse_period(text, Y, 12) == Period(Y, Month(2023, 12), 12)
    error = refused(text, Y, 3)
    assert "calendar year" in error.message and "year_end: 12" in error.fix
    assert refused(text, M).code == "period-frequency"


def test_a_tax_year_is_a_financial_year() -> None:
    assert parse_period("Tax year 2023/24", Y) == Period(Y, Month(2024, 3))
    error = refused("Tax year 2023/24", Y, 12)
    assert "financial year" in error.message and "year_end: 3" in error.fix
    assert refused("Tax year 2023/24", Q).code == "period-frequency"


def test_a_quarter_of_a_named_financial_year() -> None:
    assert parse_period("Q1 FY 2023/24", Q) == Period(Q, Month(2023, 6))
    assert parse_period("Q4 FY 2023/24", Q) == Period(Q, Month(2024, 3))
    assert refused("Q1 FY 2023/24", M).code == "period-frequency"
    assert refused("Q1 FY 2023/24", Y).code == "period-frequency"


@pytest.mark.parametrize("frequency", [M, Q, Y])
def test_a_quarter_of_two_years_that_are_not_consecutive_is_refused(frequency: Frequency) -> None:
    error = refused("Q1 2023-25", frequency)
    assert error.code == "bad-period"
    assert "25 is not the year after 2023" in error.message


def test_a_range_that_starts_and_ends_in_one_month_is_that_month() -> None:
    assert parse_period("Jun-Jun 2023", M) == Period(M, Month(2023, 6))  # not Jun 2022 – Jun 2023
