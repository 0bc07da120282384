"""Recognise a sheet's shape (month sheet, long, wide, benchmarks) and turn its rows into observations."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ...model import Frequency, Location, MeasureDef, Month, Problem
from ..cells.month_labels import find_month, month_of_cell
from ..cells.period_cells import HeaderColumns, PeriodReader, is_period_cell, label_of
from ..cells.values import clean_text, is_text
from ..figures.observe import Entry, observe, parse_cell, where
from ..figures.scales import BenchmarkFigure, settle_benchmarks
from ..grid import NO_VALUE, TEXT, Cell, Sheet, cell_ref
from .area_columns import unplaced
from .area_table import template_areas
from .headers import (
    ALIASES,
    duplicate_headers,
    headers_missing,
    mapped_row,
    measure_column,
    normalise,
    rival_headers,
    unused_sources,
)
from .sheet_result import MeasureIndex, SheetResult, SheetShape, title_key
from .skip_reasons import no_header_reason, title_period
from .tidy import TidyHeader, find_tidy_header
from .tidy_rows import read_tidy

HEADER_SEARCH_ROWS = 20
_A = {Frequency.MONTH: "a monthly", Frequency.QUARTER: "a quarterly", Frequency.YEAR: "an annual"}
_NAMED_ROLE = {"period": "month"}  # `columns:` roles by the names the header finder gives them
_PERIOD_LABELS = {"period", "month", "reportingperiod", "reportmonth", "monthending", "periodending", "reportingmonth"}


def _find_header(
    sheet: Sheet, find: Callable[[Cell | None], MeasureDef | None], named: Mapping[str, str]
) -> tuple[int, dict[str, int], dict[int, str], Problem | None] | None:
    """The header row (SPEC §3.2), its columns by role and its month headers (wide shape), and the error of two
    measure-like columns naming different measures. Headers the template's `columns:` names (`named`, normalised
    header → role) take their role first; of several measure-like columns (`Code` beside `Measure`), the measure
    column is the one whose cells name template measures (headers.measure_column), unless `columns:` names it."""
    for row in sorted(r for r in sheet.rows if r <= HEADER_SEARCH_ROWS):
        roles: dict[str, tuple[int, int]] = {}
        months: dict[int, str] = {}
        measures: list[tuple[int, int]] = []  # (rank, column) of every measure-like header
        for column, cell in sorted(sheet.rows[row].items()):
            if is_text(cell):
                key = normalise(str(cell.value))
                role = named.get(key)
                hit = (_NAMED_ROLE.get(role, role), -1) if role is not None else ALIASES.get(key)
                if hit and hit[0] == "measure":
                    measures.append((hit[1], column))
                if hit and (hit[0] not in roles or hit[1] < roles[hit[0]][1]):
                    if hit[0] in roles and hit[0] == "measure" and "title" not in roles:
                        roles["title"] = (roles["measure"][0], 99)
                    roles[hit[0]] = (column, hit[1])
                    continue
                if hit and hit[0] == "measure" and "title" not in roles:
                    roles["title"] = (column, 99)
                    continue
            label = label_of(cell)
            if label is not None and is_period_cell(cell):
                months[column] = label
        columns = {role: col for role, (col, _) in roles.items()}
        has_value = "value" in columns or ("numerator" in columns and "denominator" in columns)
        if "measure" in columns and (has_value or months):
            ranked = [c for _, c in sorted(measures)]
            chosen: int | None = columns["measure"]
            problem = None
            if "measure" not in named.values():
                chosen, problem = measure_column(sheet, row, ranked, find, columns["measure"])
            if chosen is not None and chosen != columns["measure"]:
                columns["measure"] = chosen
                if roles.get("title", (0, 0))[1] == 99:
                    del columns["title"]  # another measure-like column is no title to cross-check
            return row, columns, ({} if has_value else months), problem
    return None


def _sheet_label(
    sheet: Sheet, header_row: int, file_month: Month | None, result: SheetResult
) -> tuple[str, Location] | None:
    """The period label of a month sheet and where it is: its name, else a `Period` cell above the header, else the
    file's name; a name and a cell naming different months is a warning, and so is a name mentioning a month other
    than the file name's (`Jul 2016 draft` in `kpis_2016-09.xlsx`)."""
    named = sheet.name is not None and is_period_cell(Cell(TEXT, sheet.name))
    from_name = month_of_cell(Cell(TEXT, sheet.name)) if sheet.name else None
    from_cell: tuple[Month | None, str, str] | None = None
    for row in sorted(r for r in sheet.rows if r < header_row):
        cells = sorted(sheet.rows[row].items())
        for i, (_, cell) in enumerate(cells):
            if is_text(cell) and normalise(str(cell.value)) in _PERIOD_LABELS:
                for next_column, next_cell in cells[i + 1 :]:
                    label = label_of(next_cell)
                    if label is not None and is_period_cell(next_cell):
                        from_cell = (month_of_cell(next_cell), cell_ref(row, next_column), label)
                        break
            if from_cell:
                break
        if from_cell:
            break
    if from_name and from_cell and from_cell[0] and from_cell[0] != from_name:
        result.warnings.append(
            Problem.warning(
                "month-mismatch",
                where(sheet),
                f"the sheet name says {from_name.label} but {from_cell[1]} says {from_cell[0].label}; "
                f"using {from_name.label}",
                "correct the sheet name or the Period cell so that they agree",
            )
        )
    if named and sheet.name is not None:
        return sheet.name, where(sheet)
    if from_cell:
        return from_cell[2], Location(file=sheet.file, sheet=sheet.name, cell=from_cell[1])
    if file_month is None:
        return None
    mentioned = from_name or (find_month(sheet.name) if sheet.name else None)
    if mentioned is not None and mentioned != file_month:
        result.warnings.append(
            Problem.warning(
                "month-mismatch",
                where(sheet),
                f"the sheet name {sheet.name!r} mentions {mentioned.label} but the file name says "
                f"{file_month.label}; using {file_month.label}",
                "rename the sheet or the file so that they agree",
            )
        )
    return file_month.iso, Location(file=sheet.file, sheet=sheet.name)


def interpret(sheet: Sheet, index: MeasureIndex, file_month: Month | None) -> SheetResult:
    """Read one sheet in whichever shape it has; a sheet of no known shape comes back as `skipped`.

    Every period label (sheet name, header, Month/Period cell) is read for each measure's frequency and year end;
    one that reads two ways or names another frequency is an error at its cell, never a guess.
    """
    if not sheet.rows:
        return SheetResult(SheetShape.SKIPPED, reason="empty, or not a worksheet")
    mapping = index.template.columns
    placed = mapped_row(sheet, mapping) if mapping else None
    if placed is not None and placed[1]:
        result = SheetResult(SheetShape.SKIPPED, reason="the headers `columns:` names are not all in it")
        result.issues.append(headers_missing(sheet, placed[0], placed[1], "the template's `columns:`"))
        return result
    tidy = find_tidy_header(
        sheet, index.template.area, index.find, index.roles, index.own_periods, template_areas(index.template)
    )
    if isinstance(tidy, TidyHeader):
        return read_tidy(sheet, tidy, index)
    header = _find_header(sheet, index.find, index.roles)
    if header is None and tidy is not None:
        return unplaced(tidy, index.template.measures)
    if header is None:
        reason = no_header_reason(sheet)
        if mapping and placed is None:
            heads = ", ".join(repr(h) for _, h in mapping)
            reason += f"; it has none of the headers the template's `columns:` names ({heads})"
        return SheetResult(SheetShape.SKIPPED, reason=reason)
    row, columns, months, problem = header
    if {"label", "year", "value"} <= columns.keys():
        return _benchmarks(sheet, row, columns, index)
    result = SheetResult(SheetShape.WIDE if months else (SheetShape.LONG if "month" in columns else SheetShape.MONTH))
    if problem is not None:
        result.issues.append(problem)
        return result
    result.issues.extend(
        unused_sources(sheet, row, columns["measure"], _SHAPE_ROWS[result.shape], index.template.measures)
    )
    duplicate_headers(sheet, row, columns, result.issues)
    rival_headers(sheet, row, columns, result.warnings)
    periods = PeriodReader(result.issues, result.warnings)
    if months:
        entries = _wide_entries(sheet, row, columns, months, index, result, periods)
    elif "month" in columns:
        entries = _long_entries(sheet, row, columns, index, result, periods)
    else:
        found = _sheet_label(sheet, row, file_month, result)
        if found is None:
            result.issues.append(
                Problem.error(
                    "no-month",
                    where(sheet),
                    "cannot tell which month this sheet holds"
                    + (f": the month is only in the title ({title!r})" if (title := title_period(sheet, row)) else ""),
                    "name the sheet after its month (e.g. 'Sep 2016'), or put 'Period' and the month above the header",
                )
            )
            return result
        label, place = found
        ends: dict[int, Month | None] = {}  # the sheet's one label, read once per frequency and year end
        kind_of = index.period_kind

        def month_of_row(_: int, measure: MeasureDef) -> Month | None:
            kind = kind_of[measure.id]
            end = ends.get(kind, ends)
            if end is ends:
                end = ends[kind] = periods.end(label, place, measure)
            return end  # type: ignore[return-value]

        entries = _row_entries(sheet, row, columns, index, result, month_of_row)
        # a month sheet: a quarterly figure in Oct is Oct–Dec's, and is named
        named = periods.month_of(label) if index.has_periods else None
        if named is not None:
            result.warnings.extend(
                _inside(sheet, e.row, e.value_col if e.value is not None else e.num_col, e.measure, e.month, label)
                for e in entries
                if e.month != named and (e.value is not None or e.numerator is not None)
            )
    observed = observe(sheet, entries, index.symbols)
    result.observations.extend(observed.observations)
    result.issues.extend(observed.issues)
    result.warnings.extend(observed.warnings)
    result.pending.extend(observed.pending)
    return result


_SHAPE_ROWS = {
    SheetShape.MONTH: "a month sheet (a row per measure)",
    SheetShape.LONG: "a long sheet (a row per measure and month)",
    SheetShape.WIDE: "a wide sheet (a row per measure, a column per period)",
}


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
            _unknown_row(sheet, row, mcol, cells.get(mcol), has_data, result)
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


def _long_entries(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, int],
    index: MeasureIndex,
    result: SheetResult,
    periods: PeriodReader,
) -> list[Entry]:
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


def _wide_entries(
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


def _unknown_row(sheet: Sheet, row: int, column: int, cell: Cell | None, has_data: bool, result: SheetResult) -> None:
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


def _benchmarks(sheet: Sheet, header_row: int, columns: dict[str, int], index: MeasureIndex) -> SheetResult:
    result = SheetResult(SheetShape.BENCHMARKS)
    figures = []
    header = clean_text(sheet.cell(header_row, columns["value"]))
    for row in sorted(r for r in sheet.rows if r > header_row):
        cells = sheet.rows[row]
        measure = index.find(cells.get(columns["measure"]))
        label = clean_text(cells.get(columns["label"]))
        if measure is None:
            _unknown_row(sheet, row, columns["measure"], cells.get(columns["measure"]), bool(label), result)
            continue
        parsed = parse_cell(sheet, row, columns["value"], cells.get(columns["value"]), result.issues)
        if parsed is None or parsed.number is None or not label:
            continue
        year = clean_text(cells.get(columns["year"]))
        place = where(sheet, row, columns["value"])
        # parse_cell holds a % figure as its fraction already; a plain one as written, for settle_benchmarks
        figures.append(BenchmarkFigure(measure, label, year, parsed.number, parsed.percent, place, header))
    result.benchmarks, issues, warnings = settle_benchmarks(figures)
    result.issues.extend(issues)
    result.warnings.extend(warnings)
    return result
