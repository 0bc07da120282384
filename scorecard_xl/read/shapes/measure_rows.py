"""The rows of a month, long or wide sheet that name template measures, as entries for their periods: a row per
measure (month sheet, wide), or a row per measure and period (long); rows naming no measure, titles differing
from the template's and narratives given as formulas are warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ...model import Frequency, Location, MeasureDef, Month, Problem
from ..cells.period_cells import HeaderColumns, PeriodReader, is_period_cell, label_of
from ..cells.values import clean_text
from ..figures.observe import Entry, where
from ..grid import NO_VALUE, Cell, Sheet, cell_ref
from .sheet_result import MeasureIndex, SheetResult, title_key

_A = {Frequency.MONTH: "a monthly", Frequency.QUARTER: "a quarterly", Frequency.YEAR: "an annual"}


def _measure_rows(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    data_cols: list[int],
    index: MeasureIndex,
    result: SheetResult,
) -> Iterator[tuple[int, dict[int, Cell], MeasureDef]]:
    """The rows below the header that name a template measure; a row with figures naming none is a warning."""
    mcol = columns["measure"]
    for row in sorted(r for r in sheet.rows if r > header_row):
        cells = sheet.rows[row]
        measure = index.find(cells.get(mcol))
        if measure is None:
            has_data = any(clean_text(cells.get(c)) != "" for c in data_cols)
            unknown_row(sheet, row, mcol, cells.get(mcol), has_data, result)
            continue
        _check_title(sheet, row, columns, measure, cells, result)
        yield row, cells, measure


def _row_entries(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    index: MeasureIndex,
    result: SheetResult,
    month_of_row: Callable[[int, MeasureDef], Month | None],
) -> list[Entry]:
    entries = []
    value_col, num_col, den_col = columns.get("value"), columns.get("numerator"), columns.get("denominator")
    data_cols = [columns[k] for k in ("value", "numerator", "denominator", "narrative") if k in columns]
    header = clean_text(sheet.cell(header_row, value_col)) if value_col else ""
    narratives = index.narrative_index
    month_col, has_narrative = columns.get("month"), "narrative" in columns
    for row, cells, measure in _measure_rows(sheet, header_row, columns, data_cols, index, result):
        if month_col is not None and month_col not in cells and all(c not in cells for c in data_cols):
            continue  # a long-shape row with neither month nor figures: nothing to read
        month = month_of_row(row, measure)
        if month is None:
            continue
        narrative = ""
        if has_narrative:
            keep = narratives is None or narratives.get(measure.id) == month.index
            narrative = _narrative(sheet, row, columns, cells, result, keep)
        entries.append(
            Entry(
                measure,
                month,
                row,
                value_col,
                cells.get(value_col) if value_col else None,
                num_col,
                cells.get(num_col) if num_col else None,
                den_col,
                cells.get(den_col) if den_col else None,
                narrative,
                header=header,
            )
        )
    return entries


def month_entries(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    index: MeasureIndex,
    result: SheetResult,
    periods: PeriodReader,
    label: str,
    place: Location,
) -> list[Entry]:
    """A month sheet's rows: each figure is for the period the sheet's one `label` (at `place`) names, the label
    read once per frequency and year end. A quarterly or annual figure whose month is inside its period, not at
    its end, is read as that period's and named in a warning."""
    ends: dict[int, Month | None] = {}  # the sheet's one label, read once per frequency and year end
    kind_of = index.period_kind

    def month_of_row(_: int, measure: MeasureDef) -> Month | None:
        kind = kind_of[measure.id]
        end = ends.get(kind, ends)
        if end is ends:
            end = ends[kind] = periods.end(label, place, measure)
        return end  # type: ignore[return-value]

    entries = _row_entries(sheet, header_row, columns, index, result, month_of_row)
    # a month sheet: a quarterly figure in Oct is Oct–Dec's, and is named
    named = periods.month_of(label) if index.has_periods else None
    if named is not None:
        result.warnings.extend(
            _inside(sheet, e.row, e.value_col if e.value is not None else e.num_col, e.measure, e.month, label)
            for e in entries
            if e.month != named and (e.value is not None or e.numerator is not None)
        )
    return entries


def long_entries(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    index: MeasureIndex,
    result: SheetResult,
    periods: PeriodReader,
) -> list[Entry]:
    """A long sheet's rows: each figure is for the period its row's Month cell names, read for the measure's
    frequency and year end; a month cell that is empty or holds no period is an error at that cell."""
    mcol = columns["month"]

    def month_of_row(row: int, measure: MeasureDef) -> Month | None:
        cell = sheet.cell(row, mcol)
        label = label_of(cell)
        if label is not None and is_period_cell(cell):
            return periods.end(label, where(sheet, row, mcol), measure)
        result.issues.append(
            Problem.error(
                "bad-month",
                where(sheet, row, mcol),
                f"the month cell holds {clean_text(cell)!r}, not a month" if cell else "the month cell is empty",
                "write the month as a date or like 'Sep 2016' or '2016-09' (a quarter like 'Q1 2023/24', a "
                "year like '2023/24')",
            )
        )
        return None

    return _row_entries(sheet, header_row, columns, index, result, month_of_row)


def wide_entries(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    months: dict[int, str],
    index: MeasureIndex,
    result: SheetResult,
    periods: PeriodReader,
) -> list[Entry]:
    """Each measure reads the header columns of its own frequency; figures under another frequency's headers (the
    year's total beside four quarters; for a quarterly or annual measure, months beside quarter or year headers)
    are named in a warning, never read into the wrong period. Where the header has only months, a quarterly or
    annual figure under a month that ends none of its periods is read as the period holding it, and named."""
    entries = []
    by_kind: dict[int, HeaderColumns] = {}  # per kind of period (frequency and year end): the columns it reads
    places = {column: where(sheet, header_row, column) for column in months}
    for row, cells, measure in _measure_rows(sheet, header_row, columns, sorted(months), index, result):
        kind = index.period_kind[measure.id]
        if kind not in by_kind:
            by_kind[kind] = periods.header_columns(months, places, measure)
        read = by_kind[kind]
        others = [column for column in read.others if column in cells]
        inside: Problem | None = None  # the row's first figure for a month inside one of its periods
        for column, month in read.reads.items():
            entries.append(Entry(measure, month, row, column, cells.get(column), group=column))
            if inside is None and column in read.inside and column in cells:
                inside = _inside(sheet, row, column, measure, month, months[column])
        if inside is not None:
            result.warnings.append(inside)
        if others:
            result.warnings.append(
                Problem.warning(
                    "other-frequency",
                    where(sheet, row, others[0]),
                    f"{measure.id} is {_A[measure.frequency]} measure, so the figures under headers of another "
                    f"frequency ({', '.join(cell_ref(row, c) for c in others)}) are not read",
                    "give the measure the frequency of those columns in the template, or leave them out",
                )
            )
    return entries


def _inside(sheet: Sheet, row: int, column: int | None, measure: MeasureDef, end: Month, label: str) -> Problem:
    """The warning for a quarterly or annual figure given for a month that ends none of its periods."""
    period = measure.period_label(end)
    return Problem.warning(
        "inside-period",
        where(sheet, row, column),
        f"{measure.id} is {_A[measure.frequency]} measure: the "
        f"figure for {label} is taken as {period}'s, the period holding that month",
        f"give it for {end.label}, the period's last month, or check the measure's frequency in the template",
    )


def _narrative(
    sheet: Sheet, row: int, columns: dict[str, int], cells: dict[int, Cell], result: SheetResult, keep: bool
) -> str:
    """The row's narrative (the sheet has a Narrative column) as written when `keep` (else "": no scorecard shows
    it); a formula is a warning."""
    cell = cells.get(columns["narrative"])
    if cell is not None and cell.kind == NO_VALUE:
        result.warnings.append(
            Problem.warning(
                "narrative-formula",
                where(sheet, row, columns["narrative"]),
                "the narrative is a formula with no saved result, so it is left out; "
                "type it as text, or open and save the workbook in Excel",
            )
        )
    return clean_text(cell) if keep else ""


def unknown_row(sheet: Sheet, row: int, column: int, cell: Cell | None, has_data: bool, result: SheetResult) -> None:
    """A row naming no template measure in `cell` is a warning at that cell when it `has_data`; else nothing."""
    if not has_data:
        return
    text = clean_text(cell)
    message = (
        f"row names no template measure ({text[:60]!r}); its figures are not used"
        + ("; where portfolios share numbers, name the measure by its id" if text.isdigit() else "")
        if text
        else "row has figures but no measure; they are not used"
    )
    result.warnings.append(Problem.warning("unknown-measure", where(sheet, row, column), message))


def _check_title(
    sheet: Sheet, row: int, columns: dict[str, int], measure: MeasureDef, cells: dict[int, Cell], result: SheetResult
) -> None:
    if "title" not in columns or columns["title"] == columns["measure"]:
        return
    cell = cells.get(columns["title"])
    if cell is None or cell.value == measure.title:
        return  # the common case: the title as the template writes it
    title = clean_text(cell)
    if title and title_key(title) != title_key(measure.title):
        result.warnings.append(
            Problem.warning(
                "title-mismatch",
                where(sheet, row, columns["title"]),
                f"title {title[:60]!r} differs from the template's {measure.title[:60]!r} for {measure.id}; "
                "check the row is the right measure",
            )
        )
