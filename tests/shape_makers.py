"""Write the bundled sample's figures again in every extract shape SPEC §3.1 lists, for tests/test_shapes.py.

The sample is read once through `scorecard_xl.read_extracts` into `SampleData`; each maker then writes the
same figures into a folder in one shape (xlsxwriter for workbooks, the csv module for CSV) and returns the
EXTRACT arguments to build from. The makers vary what SPEC §3.1–3.3 allows to vary — sheet names, a
`Period`/`Month` label cell, header aliases, column order, how a measure is named (id, number, title), and
how a percent is written (%-formatted fraction, whole percent, `71%` text) — but never the figures: every
written number reads back as exactly the float the sample gave (`exact_whole_percent` checks it).

Also here: `sheet_cells`, the cell-by-cell reading of a built sheet the tests compare.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

import scorecard_xl
from scorecard_xl.model import MeasureDef, Month, Status, Template, Unit

ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL = tuple(calendar.month_name[1:])
TITLE_TEXT = "Children's Services KPI extract"


# --------------------------------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Figure:
    """One sample observation as plain data: what every shape must carry."""

    measure: MeasureDef
    month: Month
    status: Status
    value: float | None
    numerator: float | None
    denominator: float | None
    narrative: str | None

    @property
    def from_parts(self) -> bool:
        """True when the sample gives Numerator and Denominator with Value empty."""
        return self.numerator is not None and self.denominator is not None


@dataclass(frozen=True)
class SampleData:
    """The sample's figures, the template they were read against, and its months."""

    template: Template
    figures: tuple[Figure, ...]

    @property
    def months(self) -> list[Month]:
        return sorted({f.month for f in self.figures})

    def of_month(self, month: Month) -> list[Figure]:
        """The month's figures in template order."""
        return [f for f in self.figures if f.month == month]

    @property
    def measures(self) -> list[MeasureDef]:
        """The measures with figures, in template order."""
        ids = {f.measure.id for f in self.figures}
        return [m for m in self.template.measures if m.id in ids]

    def get(self, measure_id: str, month: Month) -> Figure | None:
        return next((f for f in self.figures if f.measure.id == measure_id and f.month == month), None)

    @property
    def narrated(self) -> list[Figure]:
        """The figures that carry a narrative (in the sample: Sep 2016 only)."""
        return [f for f in self.figures if f.narrative]


def load_sample(sample: Path) -> SampleData:
    """Read the sample extract with the bundled template, as the package itself reads it."""
    template = scorecard_xl.load_template()
    read = scorecard_xl.read_extracts([sample], template)
    by_id = {m.id: m for m in template.measures}
    order = {m.id: i for i, m in enumerate(template.measures)}
    observations = sorted(read.observations, key=lambda o: (o.month, order[o.measure_id]))
    figures = tuple(
        Figure(by_id[o.measure_id], o.month, o.status, o.value, o.numerator, o.denominator, o.narrative)
        for o in observations
    )
    return SampleData(template, figures)


def observation_table(observations: Iterable[Any], parts: bool = True) -> dict[tuple[str, str], tuple]:
    """(measure, month) → (status, value, [numerator, denominator,] narrative), for comparing readings."""
    table = {}
    for o in observations:
        row: tuple = (o.status.value, o.value)
        if parts:
            row += (o.numerator, o.denominator)
        table[(o.measure_id, o.month.iso)] = (*row, o.narrative)
    return table


# ------------------------------------------------------------------------------------------- writing figures


@dataclass(frozen=True)
class AsPercent:
    """A fraction to write as a number under a percent number format (`0%`)."""

    fraction: float


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
MISSING_MARKERS = (None, "-", "n/a", "..", "na")


def value_cell(f: Figure, style: str, missing: str | None = None, parts_given: bool = True) -> object:
    """What to write in the Value cell for `f` on a sheet in percent `style`."""
    if f.status is Status.MISSING:
        return missing
    assert f.value is not None
    if f.from_parts:
        if parts_given:
            return None  # as the BI system gives it: Value empty, Numerator / Denominator
        return AsPercent(f.value)  # no exact whole percent; a %-formatted cell is unambiguous on any sheet
    if f.measure.unit is Unit.PERCENT:
        if style == "format":
            return AsPercent(f.value)
        whole = exact_whole_percent(f.value)
        return whole if style == "whole" else f"{whole:g}%"
    return plain_text(f.value) if style == "text" else f.value


def part_cell(number: float | None, style: str) -> object:
    if number is None:
        return None
    return plain_text(number) if style == "text" else number


def measure_cell(m: MeasureDef, naming: str) -> object:
    """The measure as the sheet names it: id `CS05`, number 5, or its title in other case and spacing."""
    if naming == "id":
        return m.id
    if naming == "number":
        return m.number
    if naming == "title":
        return "  " + "  ".join(m.title.upper().split()) + " "
    raise ValueError(naming)


class Book:
    """An xlsxwriter workbook with the few formats the makers use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb = xlsxwriter.Workbook(str(path))
        self.wb.set_properties({"created": dt.datetime(2016, 10, 3)})
        self.percent = self.wb.add_format({"num_format": "0%"})
        self.month_format = self.wb.add_format({"num_format": "mmm yyyy"})
        self.short_month = self.wb.add_format({"num_format": "mmm-yy"})
        self.day_format = self.wb.add_format({"num_format": "dd/mm/yyyy"})

    def sheet(self, name: str, hidden: bool = False) -> Any:
        ws = self.wb.add_worksheet(name)
        if hidden:
            ws.hide()
        return ws

    def put(self, ws: Any, row: int, col: int, value: object, date_format: Any = None) -> None:
        """Write at 1-based (row, col); None writes nothing."""
        r, c = row - 1, col - 1
        if value is None:
            return
        if isinstance(value, AsPercent):
            ws.write_number(r, c, value.fraction, self.percent)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, value, date_format or self.month_format)
        elif isinstance(value, str):
            ws.write_string(r, c, value)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value)
        else:
            raise TypeError(value)

    def close(self) -> Path:
        self.wb.close()
        return self.path


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


def write_month_table(
    book: Book,
    ws: Any,
    header_row: int,
    figures: Sequence[Figure],
    header_set: int,
    style: str,
    missing: str | None,
) -> dict[str, int]:
    """The header and one row per figure; returns the row each measure id was written on."""
    columns, naming = HEADER_SETS[header_set % len(HEADER_SETS)]
    for c, (_, header) in enumerate(columns, start=1):
        book.put(ws, header_row, c, header)
    rows = {}
    for r, f in enumerate(figures, start=header_row + 1):
        rows[f.measure.id] = r
        cells = {
            "measure": measure_cell(f.measure, naming),
            "title": f.measure.title,
            "value": value_cell(f, style, missing),
            "numerator": part_cell(f.numerator, style),
            "denominator": part_cell(f.denominator, style),
            "narrative": f.narrative,
        }
        for c, (role, _) in enumerate(columns, start=1):
            book.put(ws, r, c, cells[role])
    return rows


def _name_iso(m: Month) -> str:
    return f"{m.year}-{m.month:02d}"  # 2016-09


def _name_abbr_yy(m: Month) -> str:
    return f"{ABBR[m.month - 1]}-{m.year % 100:02d}"  # Sep-16


def _name_full(m: Month) -> str:
    return f"{FULL[m.month - 1]} {m.year}"  # September 2016


def _name_mm_yyyy(m: Month) -> str:
    return f"{m.month:02d}-{m.year}"  # 09-2016


def _name_sept_yy(m: Month) -> str:
    return f"{'Sept' if m.month == 9 else ABBR[m.month - 1]} {m.year % 100:02d}"  # Sept 16


def _name_abbr_yyyy(m: Month) -> str:
    return f"{ABBR[m.month - 1]} {m.year}"  # Sep 2016


# None: the sheet is `Sheet<n>` and a Period (date) or Month (text) label cell says the month.
SHEET_NAMINGS: tuple[Callable[[Month], str] | str, ...] = (
    _name_iso,
    _name_abbr_yy,
    _name_full,
    _name_mm_yyyy,
    "period-date",
    _name_sept_yy,
    _name_abbr_yyyy,
    "month-text",
)


def add_month_sheet(
    book: Book,
    data: SampleData,
    month: Month,
    variant: int,
    *,
    name: str | None = None,
    hidden: bool = False,
) -> tuple[str, dict[str, int]]:
    """One month sheet, its name, title rows, header set and percent style all chosen by `variant`."""
    naming = SHEET_NAMINGS[variant % len(SHEET_NAMINGS)]
    style = PERCENT_STYLES[variant % len(PERCENT_STYLES)]
    missing = MISSING_MARKERS[variant % len(MISSING_MARKERS)]
    if name is None:
        name = naming(month) if callable(naming) else f"Sheet{variant + 1}"
    ws = book.sheet(name, hidden=hidden)
    if naming == "period-date":
        book.put(ws, 1, 1, TITLE_TEXT)
        book.put(ws, 2, 1, "Period")
        book.put(ws, 2, 2, first_day(month))
        header_row = 4
    elif naming == "month-text":
        book.put(ws, 1, 1, TITLE_TEXT)
        book.put(ws, 3, 2, "Month")
        book.put(ws, 3, 3, _name_full(month))
        header_row = 5
    elif variant % 2:
        book.put(ws, 1, 1, TITLE_TEXT)
        header_row = 3
    else:
        header_row = 1
    rows = write_month_table(book, ws, header_row, data.of_month(month), variant, style, missing)
    return name, rows


def month_sheets_workbook(data: SampleData, path: Path, months: Sequence[Month] | None = None) -> Path:
    """Every month as its own sheet, newest first, in the varied names and layouts of SHEET_NAMINGS."""
    book = Book(path)
    months = list(months if months is not None else data.months)
    variants = {m: i for i, m in enumerate(data.months)}
    for m in reversed(months):
        add_month_sheet(book, data, m, variants[m])
    return book.close()


# ------------------------------------------------------------------------------------------------------ long


def long_csv(data: SampleData, path: Path, months: Sequence[Month] | None = None) -> Path:
    """`Measure,Month,Value,Numerator,Denominator,Narrative`, months as `2016-09` or `Sep 2016` by turns."""
    months = list(months if months is not None else data.months)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Measure", "Month", "Value", "Numerator", "Denominator", "Narrative"])
        for i, m in enumerate(data.months):
            if m not in months:
                continue
            label = _name_iso(m) if i % 2 == 0 else _name_abbr_yyyy(m)
            for f in data.of_month(m):
                value = "" if f.status is Status.MISSING or f.from_parts else plain_text(f.value, thousands=False)
                writer.writerow(
                    [
                        f.measure.id,
                        label,
                        value,
                        "" if f.numerator is None else plain_text(f.numerator, thousands=False),
                        "" if f.denominator is None else plain_text(f.denominator, thousands=False),
                        f.narrative or "",
                    ]
                )
    return path


def add_long_sheet(book: Book, data: SampleData, name: str, months: Sequence[Month]) -> None:
    """A long sheet under a title row: `Code | Month ending | Performance | Num | Denom | Commentary`.

    Measures named by their number, months as real end-of-month dates, percents as whole percents.
    """
    ws = book.sheet(name)
    book.put(ws, 1, 1, TITLE_TEXT)
    for c, header in enumerate(("Code", "Month ending", "Performance", "Num", "Denom", "Commentary"), start=1):
        book.put(ws, 3, c, header)
    row = 4
    for m in months:
        for f in data.of_month(m):
            cells = (
                f.measure.number,
                last_day(m),
                value_cell(f, "whole"),
                f.numerator,
                f.denominator,
                f.narrative,
            )
            for c, value in enumerate(cells, start=1):
                book.put(ws, row, c, value, date_format=book.day_format)
            row += 1


def long_workbook(data: SampleData, path: Path) -> Path:
    book = Book(path)
    add_long_sheet(book, data, "KPI data", data.months)
    return book.close()


# ------------------------------------------------------------------------------------------------------ wide


def add_wide_sheet(book: Book, data: SampleData, name: str, months: Sequence[Month], headers: str) -> None:
    """A Measure column and a column per month; values only (Wide cannot carry parts or narrative).

    `headers="dates"`: real first-of-month dates, percents %-formatted. `headers="text"`: month text
    (`Apr 2015`, `2015-05` by turns) under a title row, with a title column, percents as whole percents.
    """
    ws = book.sheet(name)
    if headers == "dates":
        header_row, first_col, style = 1, 2, "format"
        book.put(ws, header_row, 1, "Measure")
        for c, m in enumerate(months, start=first_col):
            book.put(ws, header_row, c, first_day(m), date_format=book.short_month)
    else:
        header_row, first_col, style = 2, 3, "whole"
        book.put(ws, 1, 1, TITLE_TEXT)
        book.put(ws, header_row, 1, "KPI")
        book.put(ws, header_row, 2, "Measure title")
        for i, m in enumerate(months):
            book.put(ws, header_row, first_col + i, _name_abbr_yyyy(m) if i % 2 == 0 else _name_iso(m))
    for r, measure in enumerate(data.measures, start=header_row + 1):
        book.put(ws, r, 1, measure.id)
        if headers != "dates":
            book.put(ws, r, 2, measure.title)
        for c, m in enumerate(months, start=first_col):
            f = data.get(measure.id, m)
            if f is not None:
                book.put(ws, r, c, value_cell(f, style, "-" if headers != "dates" else None, parts_given=False))


def narratives_csv(data: SampleData, path: Path) -> Path:
    """A small long CSV carrying the narratives (with their figures, equal to the others given)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Measure", "Month", "Value", "Narrative"])
        for f in data.narrated:
            writer.writerow([f.measure.id, _name_abbr_yyyy(f.month), repr(f.value), f.narrative])
    return path


def narratives_workbook(data: SampleData, path: Path) -> Path:
    """A small month sheet (`Sep 2016`) carrying the narratives, figures %-formatted, equal to the others."""
    book = Book(path)
    months = sorted({f.month for f in data.narrated})
    for m in months:
        ws = book.sheet(_name_abbr_yyyy(m))
        for c, header in enumerate(("Measure", "Value", "Narrative"), start=1):
            book.put(ws, 1, c, header)
        for r, f in enumerate((f for f in data.narrated if f.month == m), start=2):
            book.put(ws, r, 1, f.measure.id)
            book.put(ws, r, 2, value_cell(f, "format", parts_given=False))
            book.put(ws, r, 3, f.narrative)
    return book.close()


# ---------------------------------------------------------------------------------------------------- makers


def make_month_sheets(data: SampleData, folder: Path) -> list[Path]:
    return [month_sheets_workbook(data, folder / "extracts.xlsx")]


def make_long_csv(data: SampleData, folder: Path) -> list[Path]:
    return [long_csv(data, folder / "kpis_long.csv")]


def make_long_sheet(data: SampleData, folder: Path) -> list[Path]:
    return [long_workbook(data, folder / "kpis_long.xlsx")]


def make_wide_dates(data: SampleData, folder: Path) -> list[Path]:
    book = Book(folder / "kpis_wide.xlsx")
    add_wide_sheet(book, data, "Trend", data.months, headers="dates")
    return [book.close(), narratives_csv(data, folder / "narratives.csv")]


def make_wide_text(data: SampleData, folder: Path) -> list[Path]:
    book = Book(folder / "kpis_wide.xlsx")
    add_wide_sheet(book, data, "Monthly figures", data.months, headers="text")
    return [book.close(), narratives_workbook(data, folder / "commentary.xlsx")]


def folder_file_name(m: Month, i: int) -> str:
    """`kpis_2016-09.xlsx`, `kpis_May_2015.xlsx` or `kpis 06-2015.xlsx` by turns (Sep 2016 is the first)."""
    return (
        f"kpis_{ABBR[m.month - 1]}_{m.year}.xlsx",
        f"kpis {m.month:02d}-{m.year}.xlsx",
        f"kpis_{_name_iso(m)}.xlsx",
    )[i % 3]


def make_folder(data: SampleData, folder: Path) -> list[Path]:
    """A folder of one-month files whose only month is in the file name (sheet `Sheet1`, no Period cell)."""
    target = folder / "monthly"
    target.mkdir()
    for i, m in enumerate(data.months):
        book = Book(target / folder_file_name(m, i))
        ws = book.sheet("Sheet1")
        header_row = 1
        if i % 2:
            book.put(ws, 1, 1, TITLE_TEXT)
            header_row = 3
        style = PERCENT_STYLES[i % len(PERCENT_STYLES)]
        write_month_table(book, ws, header_row, data.of_month(m), i, style, MISSING_MARKERS[i % 5])
        book.close()
    return [target]


def make_merged(data: SampleData, folder: Path) -> list[Path]:
    """Month sheets up to Jan 2016 in one file and a long CSV from Dec 2015 in another: two months overlap."""
    months = data.months
    first = month_sheets_workbook(data, folder / "to_jan_2016.xlsx", months[:10])
    second = long_csv(data, folder / "from_dec_2015.csv", months[8:])
    return [first, second]


def make_mixed_workbook(data: SampleData, folder: Path) -> list[Path]:
    """One workbook mixing the shapes: month sheets, a long sheet, a wide sheet, and Sep 2016's month sheet."""
    months = data.months
    book = Book(folder / "mixed.xlsx")
    for i, m in enumerate(months[:9]):
        add_month_sheet(book, data, m, i)
    add_long_sheet(book, data, "Long", months[9:15])
    add_wide_sheet(book, data, "Wide", months[15:17], headers="dates")
    add_month_sheet(book, data, months[17], 17)
    return [book.close()]


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


# --------------------------------------------------------------------------------------------- reading back


def sheet_cells(path: Path, sheet: str, formats: bool = True) -> dict[str, tuple[object, str] | object]:
    """Every non-empty cell of `sheet` (or with a non-General format): coordinate → (value, number format)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    cells: dict[str, Any] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and (not formats or cell.number_format == "General"):
                continue
            cells[cell.coordinate] = (cell.value, cell.number_format) if formats else cell.value
    wb.close()
    return cells


def differences(expected: dict[str, Any], got: dict[str, Any], limit: int = 25) -> list[str]:
    """Readable cell differences, `A7: expected … got …`, at most `limit` of them plus a count."""
    keys = sorted(set(expected) | set(got), key=_cell_order)
    out = [f"{k}: expected {expected.get(k)!r}, got {got.get(k)!r}" for k in keys if expected.get(k) != got.get(k)]
    if len(out) > limit:
        out = [*out[:limit], f"... and {len(out) - limit} more"]
    return out


def _cell_order(ref: str) -> tuple[int, int]:
    from scorecard_xl.read.grid import parse_ref

    return parse_ref(ref)
