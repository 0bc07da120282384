"""The bundled sample's figures written again in every extract shape SPEC §3.1 lists, for tests/test_shapes.py.

The sample is read once through `scorecard_xl.read_extracts` into `SampleData` (its observations, as the
package's own `Observation`); each maker then writes the same figures into a folder in one shape (through
`workbooks.write_workbook` and `workbooks.long_csv`) and returns the EXTRACT arguments to build from. The
makers vary what SPEC §3.1–3.3 allows to vary — sheet names, a `Period`/`Month` label cell, header aliases,
column order, how a measure is named (id, number, title), and how a percent is written (%-formatted fraction,
whole percent, `71%` text) — but never the figures: every written number reads back as exactly the float the
sample gave (`exact_whole_percent` checks it).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scorecard_xl
from scorecard_xl.model import MONTH_ABBR, MeasureDef, Month, Observation, Status, Template, Unit

from .workbooks import Fmt, Pct, SheetSpec, long_csv, write_workbook

TITLE_TEXT = "Children's Services KPI extract"


# --------------------------------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class SampleData:
    """The sample's observations (template order within each month) and the template they were read against."""

    template: Template
    observations: tuple[Observation, ...]

    def measure(self, o: Observation) -> MeasureDef:
        """The template's definition of the observation's measure."""
        return next(m for m in self.template.measures if m.id == o.measure_id)

    @property
    def months(self) -> list[Month]:
        return sorted({o.month for o in self.observations})

    def of_month(self, month: Month) -> list[Observation]:
        """The month's observations in template order."""
        return [o for o in self.observations if o.month == month]

    @property
    def measures(self) -> list[MeasureDef]:
        """The measures with figures, in template order."""
        ids = {o.measure_id for o in self.observations}
        return [m for m in self.template.measures if m.id in ids]

    def get(self, measure_id: str, month: Month) -> Observation | None:
        return next((o for o in self.observations if o.measure_id == measure_id and o.month == month), None)

    @property
    def narrated(self) -> list[Observation]:
        """The observations that carry a narrative (in the sample: Sep 2016 only)."""
        return [o for o in self.observations if o.narrative]


def load_sample(sample: Path) -> SampleData:
    """Read the sample extract with the bundled template, as the package itself reads it."""
    template = scorecard_xl.load_template()
    read = scorecard_xl.read_extracts([sample], template)
    order = {m.id: i for i, m in enumerate(template.measures)}
    observations = sorted(read.observations, key=lambda o: (o.month, order[o.measure_id]))
    return SampleData(template, tuple(observations))


def observation_table(observations: Iterable[Observation], parts: bool = True) -> dict[tuple[str, str], tuple]:
    """(measure, month) → (status, value, [numerator, denominator,] narrative), for comparing readings."""
    table = {}
    for o in observations:
        row: tuple = (o.status.value, o.value)
        if parts:
            row += (o.numerator, o.denominator)
        table[(o.measure_id, o.month.iso)] = (*row, o.narrative)
    return table


def from_parts(o: Observation) -> bool:
    """True when the sample gives Numerator and Denominator (the BI system leaves Value empty then)."""
    return o.numerator is not None and o.denominator is not None


# ------------------------------------------------------------------------------------------- writing figures


def exact_whole_percent(fraction: float) -> float:
    """71.0 for 0.71, checked to read back (÷100) as exactly the same float; raises if the sample has no such."""
    whole = round(fraction * 100, 6)
    if whole / 100 != fraction:
        raise ValueError(f"{fraction!r} is not a whole percent that reads back exactly")
    return whole


def plain_text(number: float, thousands: bool = True) -> str:
    """A number as text that reads back exactly: `1,241`, `145.2`."""
    if float(number).is_integer():
        return f"{int(number):,}" if thousands else str(int(number))
    return repr(float(number))


PERCENT_STYLES = ("format", "whole", "text")  # %-formatted fraction · 71 on a whole-percent sheet · "71%"
WRITTEN_MISSING = (None, "-", "n/a", "..", "na")  # how the makers write a missing figure, by turns


def value_cell(o: Observation, unit: Unit, style: str, missing: str | None = None, parts_given: bool = True) -> Any:
    """What to write in the Value cell for `o` on a sheet in percent `style`."""
    if o.status is Status.MISSING:
        return missing
    assert o.value is not None
    if from_parts(o):
        if parts_given:
            return None  # as the BI system gives it: Value empty, Numerator / Denominator
        return Pct(o.value)  # no exact whole percent; a %-formatted cell is unambiguous on any sheet
    if unit is Unit.PERCENT:
        if style == "format":
            return Pct(o.value)
        whole = exact_whole_percent(o.value)
        return whole if style == "whole" else f"{whole:g}%"
    return plain_text(o.value) if style == "text" else o.value


def part_cell(number: float | None, style: str) -> Any:
    if number is None:
        return None
    return plain_text(number) if style == "text" else number


def measure_cell(m: MeasureDef, naming: str) -> Any:
    """The measure as the sheet names it: id `CS05`, number 5, or its title in other case and spacing."""
    if naming == "id":
        return m.id
    if naming == "number":
        return m.number
    if naming == "title":
        return "  " + "  ".join(m.title.upper().split()) + " "
    raise ValueError(naming)


def first_day(m: Month) -> dt.datetime:
    return dt.datetime(m.year, m.month, 1)


def last_day(m: Month) -> dt.datetime:
    return dt.datetime(m.year, m.month, calendar.monthrange(m.year, m.month)[1])


# ------------------------------------------------------------------------------------------------ month sheets

# Header sets: (role, header) in column order, and how the measure cell names the measure.
HEADER_SETS: tuple[tuple[tuple[tuple[str, str], ...], str], ...] = (
    (
        (
            ("measure", "KPI"),
            ("title", "Measure name"),
            ("value", "Result"),
            ("numerator", "Num"),
            ("denominator", "Denom"),
            ("narrative", "Commentary"),
        ),
        "id",
    ),
    (
        (
            ("measure", "Ref"),
            ("value", "Actual"),
            ("numerator", "Numerator"),
            ("denominator", "Den"),
            ("narrative", "Comments"),
            ("title", "Description"),
        ),
        "number",
    ),
    (
        (
            ("narrative", "Commentary"),
            ("measure", "Measure ID"),
            ("title", "Title"),
            ("denominator", "Denominator"),
            ("numerator", "Num"),
            ("value", "Value"),
        ),
        "id",
    ),
    (
        (
            ("measure", "Indicator"),
            ("value", "Outturn"),
            ("numerator", "Num"),
            ("denominator", "Denom"),
            ("narrative", "Narrative"),
        ),
        "title",
    ),
    (
        (
            ("measure", "PI"),
            ("title", "Name"),
            ("value", "Figure"),
            ("numerator", "NUM"),
            ("denominator", "denom."),
            ("narrative", "Comment"),
        ),
        "id",
    ),
)


def month_table(
    name: str,
    data: SampleData,
    figures: Sequence[Observation],
    header_set: int,
    style: str,
    missing: str | None,
    *,
    header_row: int = 0,
    above: Sequence[Sequence[Any]] = (),
    hidden: bool = False,
) -> SheetSpec:
    """A sheet holding a header from HEADER_SETS and one row per figure."""
    columns, naming = HEADER_SETS[header_set % len(HEADER_SETS)]
    rows = []
    for o in figures:
        m = data.measure(o)
        cells = {
            "measure": measure_cell(m, naming),
            "title": m.title,
            "value": value_cell(o, m.unit, style, missing),
            "numerator": part_cell(o.numerator, style),
            "denominator": part_cell(o.denominator, style),
            "narrative": o.narrative,
        }
        rows.append([cells[role] for role, _ in columns])
    header = [h for _, h in columns]
    return SheetSpec(name, rows, header=header, header_row=header_row, above=above, hidden=hidden)


def _name_abbr_yy(m: Month) -> str:
    return f"{MONTH_ABBR[m.month - 1]}-{m.year % 100:02d}"  # Sep-16


def _name_full(m: Month) -> str:
    return f"{calendar.month_name[m.month]} {m.year}"  # September 2016


def _name_mm_yyyy(m: Month) -> str:
    return f"{m.month:02d}-{m.year}"  # 09-2016


def _name_sept_yy(m: Month) -> str:
    return f"{'Sept' if m.month == 9 else MONTH_ABBR[m.month - 1]} {m.year % 100:02d}"  # Sept 16


# None: the sheet is `Sheet<n>` and a Period (date) or Month (text) label cell says the month.
SHEET_NAMINGS: tuple[Callable[[Month], str] | str, ...] = (
    lambda m: m.iso,  # 2016-09
    _name_abbr_yy,
    _name_full,
    _name_mm_yyyy,
    "period-date",
    _name_sept_yy,
    lambda m: m.label,  # Sep 2016
    "month-text",
)


def month_sheet(
    data: SampleData, month: Month, variant: int, *, name: str | None = None, hidden: bool = False
) -> SheetSpec:
    """One month sheet, its name, title rows, header set and percent style all chosen by `variant`."""
    naming = SHEET_NAMINGS[variant % len(SHEET_NAMINGS)]
    style = PERCENT_STYLES[variant % len(PERCENT_STYLES)]
    missing = WRITTEN_MISSING[variant % len(WRITTEN_MISSING)]
    if name is None:
        name = naming(month) if callable(naming) else f"Sheet{variant + 1}"
    above: list[list[Any]] = []
    header_row = 0
    if naming == "period-date":
        above = [[TITLE_TEXT], ["Period", Fmt(first_day(month), "mmm yyyy")]]
        header_row = 3
    elif naming == "month-text":
        above = [[TITLE_TEXT], [], [None, "Month", _name_full(month)]]
        header_row = 4
    elif variant % 2:
        above = [[TITLE_TEXT]]
        header_row = 2
    return month_table(
        name, data, data.of_month(month), variant, style, missing, header_row=header_row, above=above, hidden=hidden
    )


def month_sheets_workbook(data: SampleData, path: Path, months: Sequence[Month] | None = None) -> Path:
    """Every month as its own sheet, newest first, in the varied names and layouts of SHEET_NAMINGS."""
    months = list(months if months is not None else data.months)
    variants = {m: i for i, m in enumerate(data.months)}
    return write_workbook(path, [month_sheet(data, m, variants[m]) for m in reversed(months)])


# ------------------------------------------------------------------------------------------------------ long


def sample_long_csv(data: SampleData, path: Path, months: Sequence[Month] | None = None) -> Path:
    """`Measure,Month,Value,Numerator,Denominator,Narrative`, months as `2016-09` or `Sep 2016` by turns."""
    months = list(months if months is not None else data.months)
    rows = []
    for i, m in enumerate(data.months):
        if m not in months:
            continue
        label = m.iso if i % 2 == 0 else m.label
        for o in data.of_month(m):
            value = None if o.status is Status.MISSING or from_parts(o) else o.value
            rows.append(
                [
                    o.measure_id,
                    label,
                    None if value is None else plain_text(value, thousands=False),
                    None if o.numerator is None else plain_text(o.numerator, thousands=False),
                    None if o.denominator is None else plain_text(o.denominator, thousands=False),
                    o.narrative,
                ]
            )
    return long_csv(path, rows, header=("Measure", "Month", "Value", "Numerator", "Denominator", "Narrative"))


def long_sheet(data: SampleData, name: str, months: Sequence[Month]) -> SheetSpec:
    """A long sheet under a title row: `Code | Month ending | Performance | Num | Denom | Commentary`.

    Measures named by their number, months as real end-of-month dates, percents as whole percents.
    """
    rows = []
    for m in months:
        for o in data.of_month(m):
            measure = data.measure(o)
            rows.append(
                [
                    measure.number,
                    Fmt(last_day(m), "dd/mm/yyyy"),
                    value_cell(o, measure.unit, "whole"),
                    o.numerator,
                    o.denominator,
                    o.narrative,
                ]
            )
    header = ("Code", "Month ending", "Performance", "Num", "Denom", "Commentary")
    return SheetSpec(name, rows, header=header, header_row=2, above=[[TITLE_TEXT]])


# ------------------------------------------------------------------------------------------------------ wide


def wide_sheet(data: SampleData, name: str, months: Sequence[Month], headers: str) -> SheetSpec:
    """A Measure column and a column per month; values only (Wide cannot carry parts or narrative).

    `headers="dates"`: real first-of-month dates, percents %-formatted. `headers="text"`: month text
    (`Apr 2015`, `2015-05` by turns) under a title row, with a title column, percents as whole percents.
    """
    dates = headers == "dates"
    style, missing = ("format", None) if dates else ("whole", "-")
    rows = []
    for measure in data.measures:
        cells: list[Any] = [measure.id] if dates else [measure.id, measure.title]
        for m in months:
            o = data.get(measure.id, m)
            cells.append(None if o is None else value_cell(o, measure.unit, style, missing, parts_given=False))
        rows.append(cells)
    if dates:
        return SheetSpec(name, rows, header=["Measure", *(Fmt(first_day(m), "mmm-yy") for m in months)])
    labels = [m.label if i % 2 == 0 else m.iso for i, m in enumerate(months)]
    return SheetSpec(name, rows, header=["KPI", "Measure title", *labels], header_row=1, above=[[TITLE_TEXT]])


def narratives_csv(data: SampleData, path: Path) -> Path:
    """A small long CSV carrying the narratives (with their figures, equal to the others given)."""
    rows = [[o.measure_id, o.month.label, repr(o.value), o.narrative] for o in data.narrated]
    return long_csv(path, rows, header=("Measure", "Month", "Value", "Narrative"))


def narratives_workbook(data: SampleData, path: Path) -> Path:
    """A small month sheet (`Sep 2016`) carrying the narratives, figures %-formatted, equal to the others."""
    sheets = []
    for m in sorted({o.month for o in data.narrated}):
        rows = [
            [o.measure_id, value_cell(o, data.measure(o).unit, "format", parts_given=False), o.narrative]
            for o in data.narrated
            if o.month == m
        ]
        sheets.append(SheetSpec(m.label, rows, header=("Measure", "Value", "Narrative")))
    return write_workbook(path, sheets)


# ---------------------------------------------------------------------------------------------------- makers


def make_month_sheets(data: SampleData, folder: Path) -> list[Path]:
    return [month_sheets_workbook(data, folder / "extracts.xlsx")]


def make_long_csv(data: SampleData, folder: Path) -> list[Path]:
    return [sample_long_csv(data, folder / "kpis_long.csv")]


def make_long_sheet(data: SampleData, folder: Path) -> list[Path]:
    return [write_workbook(folder / "kpis_long.xlsx", [long_sheet(data, "KPI data", data.months)])]


def make_wide_dates(data: SampleData, folder: Path) -> list[Path]:
    wide = write_workbook(folder / "kpis_wide.xlsx", [wide_sheet(data, "Trend", data.months, headers="dates")])
    return [wide, narratives_csv(data, folder / "narratives.csv")]


def make_wide_text(data: SampleData, folder: Path) -> list[Path]:
    sheet = wide_sheet(data, "Monthly figures", data.months, headers="text")
    return [write_workbook(folder / "kpis_wide.xlsx", [sheet]), narratives_workbook(data, folder / "commentary.xlsx")]


def folder_file_name(m: Month, i: int) -> str:
    """`kpis_2016-09.xlsx`, `kpis_May_2015.xlsx` or `kpis 06-2015.xlsx` by turns (Sep 2016 is the first)."""
    return (
        f"kpis_{MONTH_ABBR[m.month - 1]}_{m.year}.xlsx",
        f"kpis {m.month:02d}-{m.year}.xlsx",
        f"kpis_{m.iso}.xlsx",
    )[i % 3]


def make_folder(data: SampleData, folder: Path) -> list[Path]:
    """A folder of one-month files whose only month is in the file name (sheet `Sheet1`, no Period cell)."""
    target = folder / "monthly"
    target.mkdir()
    for i, m in enumerate(data.months):
        above, header_row = ([[TITLE_TEXT]], 2) if i % 2 else ([], 0)
        style = PERCENT_STYLES[i % len(PERCENT_STYLES)]
        missing = WRITTEN_MISSING[i % len(WRITTEN_MISSING)]
        sheet = month_table("Sheet1", data, data.of_month(m), i, style, missing, header_row=header_row, above=above)
        write_workbook(target / folder_file_name(m, i), [sheet])
    return [target]


def make_merged(data: SampleData, folder: Path) -> list[Path]:
    """Month sheets up to Jan 2016 in one file and a long CSV from Dec 2015 in another: two months overlap."""
    months = data.months
    first = month_sheets_workbook(data, folder / "to_jan_2016.xlsx", months[:10])
    second = sample_long_csv(data, folder / "from_dec_2015.csv", months[8:])
    return [first, second]


def make_mixed_workbook(data: SampleData, folder: Path) -> list[Path]:
    """One workbook mixing the shapes: month sheets, a long sheet, a wide sheet, and Sep 2016's month sheet."""
    months = data.months
    sheets = [month_sheet(data, m, i) for i, m in enumerate(months[:9])]
    sheets.append(long_sheet(data, "Long", months[9:15]))
    sheets.append(wide_sheet(data, "Wide", months[15:17], headers="dates"))
    sheets.append(month_sheet(data, months[17], 17))
    return [write_workbook(folder / "mixed.xlsx", sheets)]


@dataclass(frozen=True)
class Shape:
    """A way of writing the sample: its maker, and whether every numerator and denominator is carried."""

    make: Callable[[SampleData, Path], list[Path]]
    keeps_parts: bool = True


SHAPES: dict[str, Shape] = {
    "month-sheets": Shape(make_month_sheets),
    "long-csv": Shape(make_long_csv),
    "long-sheet": Shape(make_long_sheet),
    "wide-date-headers": Shape(make_wide_dates, keeps_parts=False),
    "wide-text-headers": Shape(make_wide_text, keeps_parts=False),
    "folder-of-month-files": Shape(make_folder),
    "merged-extracts": Shape(make_merged),
    "mixed-workbook": Shape(make_mixed_workbook, keeps_parts=False),
}
