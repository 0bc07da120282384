"""Open data on the files as published (`../shared/real_data/`, never copied into the project): Trafford's
corporate-plan CSVs and DfE's children's social care files build for one council without reshaping, and every
figure and comparator benchmark shown equals the one the test reads from the CSV rows itself (csv module)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from scorecard_xl.cli import main

REAL = Path(__file__).resolve().parents[2] / "shared" / "real_data"
TEMPLATES = Path(__file__).parent / "templates"
PERIOD = "2024-03"

pytestmark = pytest.mark.skipif(not REAL.exists(), reason="../shared/real_data is absent")

MonthKey = tuple[int, int]


def month_name(text: str) -> MonthKey:  # `April 2021`
    d = dt.datetime.strptime(text, "%B %Y")
    return d.year, d.month


def span_end(text: str) -> MonthKey:  # `Jan 2012-Dec 2012`
    d = dt.datetime.strptime(text.split("-")[1], "%b %Y")
    return d.year, d.month


def financial_year(text: str) -> MonthKey:  # `2016/17`
    return int(text[:4]) + 1, 3


def quarter_date(text: str) -> MonthKey:  # `2021-06-30`
    return int(text[:4]), int(text[5:7])


def quarter_of_month(text: str) -> MonthKey:  # `2021-07`: the financial quarter holding July ends in September
    year, month = int(text[:4]), int(text[5:7])
    return year, month + (-month) % 3


def reporting_year(end_month: int) -> Callable[[str], MonthKey]:
    return lambda text: (int(text), end_month)


@dataclass(frozen=True)
class Expect:
    """Where the test finds a measure's figures: a file, the council's rows, the filters, the period reader."""

    number: int
    file: str
    value: str
    period: Callable[[str], MonthKey]
    filters: tuple[tuple[str, str], ...]
    percent: bool
    benchmark: tuple[str, tuple[tuple[str, str], ...]] | None = None  # label, the comparator's row filter


TRAFFORD_AREA = (("area_name", "Trafford"),)
ENGLAND = ("England", (("area_name", "England"),))
TRAFFORD = [
    Expect(1, "claimant_count.csv", "value", month_name,
           (*TRAFFORD_AREA, ("indicator", "Claimants as a proportion of residents aged 16-64")), True, ENGLAND),
    Expect(2, "universal_credit.csv", "value", month_name,
           (*TRAFFORD_AREA, ("indicator", "People on Universal Credit"), ("measure", "count")), False,
           ("England", (("area_code", "E92000001"),))),
    Expect(3, "employment_rate.csv", "value", span_end, TRAFFORD_AREA, True, ENGLAND),
    Expect(4, "neet.csv", "value", financial_year,
           (*TRAFFORD_AREA, ("indicator", "16 to 17 year olds not in education, employment or training (NEET) or "
                                          "whose activity is not known")), True, ENGLAND),
    Expect(5, "household_waste_recycling.csv", "value", financial_year, (*TRAFFORD_AREA, ("measure", "Percentage")),
           True, ENGLAND),
    Expect(6, "no2_concentration.csv", "value", quarter_date, (("station_name", "Trafford A56"),), False,
           ("Trafford Moss Park (background)", (("station_name", "Trafford Moss Park"),))),
    Expect(7, "pm10_concentration.csv", "value", quarter_date, (("station_name", "Trafford A56"),), False),
    Expect(8, "electric_vehicle_charging_points.csv", "value", quarter_of_month, TRAFFORD_AREA, False, ENGLAND),
]  # fmt: skip
DFE_AREA = (("geographic_level", "Local authority"), ("new_la_code", "E08000009"))
DFE_ENGLAND = ("England", (("geographic_level", "National"),))
DFE = [
    Expect(1, "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv", "Re_referrals_percent",
           reporting_year(3), DFE_AREA, True, DFE_ENGLAND),
    Expect(2, "b1_children_in_need_2013_to_2024.csv", "At31_episodes_rate", reporting_year(3), DFE_AREA, False,
           DFE_ENGLAND),
    Expect(3, "d3_cpps_subsequent_plan_2013_to_2024.csv", "CPP_subsequent_percent", reporting_year(3), DFE_AREA,
           True, DFE_ENGLAND),
    Expect(4, "csww_indicators_2017_to_2023.csv", "turnover_rate_fte", reporting_year(9), DFE_AREA, True,
           DFE_ENGLAND),
    Expect(5, "csww_indicators_2017_to_2023.csv", "vacancy_rate_fte", reporting_year(9), DFE_AREA, True,
           DFE_ENGLAND),
]  # fmt: skip
NORTH_WEST = ("North West", (("geographic_level", "Regional"), ("region_code", "E12000002")))


AREA_COLUMNS = {"area_name", "area_code", "station_name", "geographic_level", "new_la_code", "region_code"}


def published(folder: Path, e: Expect, area: tuple[tuple[str, str], ...] | None = None) -> dict[MonthKey, float]:
    """The figures of the measure's rows for the council (or for the area `area` filters), by the month their period
    ends, read with the csv module."""
    filters = e.filters if area is None else (*((k, v) for k, v in e.filters if k not in AREA_COLUMNS), *area)
    found: dict[MonthKey, float] = {}
    with (folder / e.file).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if all(row[k] == v for k, v in filters):
                period = row["period"] if "period" in row else row["time_period"]
                month = e.period(period)
                assert month not in found, (e.file, filters, period)
                found[month] = float(row[e.value]) / (100 if e.percent else 1)
    return found


def build(tmp_path: Path, folder: str, template: str) -> tuple[Path, str]:
    out_path = tmp_path / "appendix.xlsx"
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "build",
        str(REAL / folder),
        "--template",
        str(TEMPLATES / template),
        "--period",
        PERIOD,
        "-o",
        str(out_path),
    ]
    code = main(argv, out=out, err=err)
    assert code == 0, err.getvalue()
    assert "error" not in err.getvalue()
    return out_path, out.getvalue()


def shown(path: Path) -> dict[int, tuple[dict[MonthKey, float | None], str]]:
    """Each measure row of Appendix 1: its figure cells by column month, and its Benchmarks cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl does not model sparklines
        sheet = openpyxl.load_workbook(path)["Appendix 1"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "No.")
    months = {}
    for index, text in enumerate(header):
        if isinstance(text, str) and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", text):
            d = dt.datetime.strptime(text, "%b %Y")
            months[index] = (d.year, d.month)
    bench = header.index("Benchmarks")
    return {r[0]: ({m: r[i] for i, m in months.items()}, str(r[bench] or "")) for r in rows if isinstance(r[0], int)}


def check(path: Path, folder: Path, expects: list[Expect]) -> int:
    """Assert every figure cell against the CSV rows, and each England (or named) benchmark; the figures checked."""
    table = shown(path)
    assert sorted(table) == [e.number for e in expects]
    checked = 0
    for e in expects:
        figures, benchmarks = table[e.number]
        own = published(folder, e)
        for month, value in figures.items():
            if value is None:
                assert own.get(month) is None, (e.number, month)
                continue
            assert value == pytest.approx(own[month], abs=1e-12), (e.number, month)
            checked += 1
        assert checked
        if e.benchmark is not None:
            label, filters = e.benchmark
            theirs = published(folder, e, filters)
            latest = max(m for m in theirs if m <= (int(PERIOD[:4]), int(PERIOD[5:])))
            match = re.search(rf"^{re.escape(label)} \(([^)]*)\): ([\d,.]+)(%?)$", benchmarks, re.MULTILINE)
            assert match, (e.number, benchmarks)
            number = float(match.group(2).replace(",", "")) / (100 if match.group(3) else 1)
            decimals = len(match.group(2).partition(".")[2]) + (2 if match.group(3) else 0)
            assert number == pytest.approx(theirs[latest], abs=0.5 * 10**-decimals + 1e-12), (e.number, benchmarks)
    return checked


def test_trafford_corporate_plan_as_published(tmp_path: Path) -> None:
    path, summary = build(tmp_path, "trafford_corporate_plan", "trafford_corporate_plan.yaml")
    assert "8 measures" in summary
    assert (
        check(path, REAL / "trafford_corporate_plan", TRAFFORD) == 27
    )  # the figures of the five columns Mar 2023 – Mar 2024 that the files hold


def test_dfe_childrens_social_care_for_one_authority(tmp_path: Path) -> None:
    path, _ = build(tmp_path, "dfe_childrens_social_care", "dfe_childrens_social_care.yaml")
    folder = REAL / "dfe_childrens_social_care"
    assert check(path, folder, DFE) >= 5
    _, benchmarks = shown(path)[1]
    region = published(folder, DFE[0], NORTH_WEST[1])[(2024, 3)]
    assert f"North West (2023/24): {region * 100:.1f}%" in benchmarks.splitlines()


def test_without_area_each_file_is_one_error_naming_its_areas(tmp_path: Path) -> None:
    text = (TEMPLATES / "trafford_corporate_plan.yaml").read_text(encoding="utf-8")
    template = tmp_path / "no_area.yaml"
    template.write_text(text.replace("area: Trafford\n", ""), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", str(REAL / "trafford_corporate_plan"), "--template", str(template)], out=out, err=err)
    lines = out.getvalue().splitlines()
    errors = [line for line in lines if line.startswith("  error:")]
    assert code == 2
    assert len(errors) == 6  # one per file holding several areas; the station files name their station
    assert all("several areas" not in e and "areas (" in e and "--area" in e for e in errors)
    assert "claimant_count.csv A1: column `area_code`, `area_name` holds 38 areas" in errors[0]
    assert "files read: 8" in lines and "sheets read: 8" in lines
    code = main(["validate", str(REAL / "trafford_corporate_plan"), "--template", str(template), "--area", "E08000009"],
                out=io.StringIO(), err=io.StringIO())  # fmt: skip
    assert code in (0, 1)
