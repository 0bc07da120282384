"""Recognise a sheet's shape (month sheet, long, wide, benchmarks) and turn its rows into observations: the header
row and a month sheet's period label are found here, the rows naming measures are read by measure_rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ...model import Location, MeasureDef, Month, Problem
from ..cells.month_labels import find_month, month_of_cell
from ..cells.period_cells import PeriodReader, is_period_cell, label_of
from ..cells.values import clean_text, is_text
from ..figures.observe import observe, parse_cell, where
from ..figures.scales import BenchmarkFigure, settle_benchmarks
from ..grid import TEXT, Cell, Sheet, cell_ref
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
    unheaded_columns,
    unused_sources,
)
from .measure_rows import long_entries, month_entries, unknown_row, wide_entries
from .sheet_result import MeasureIndex, SheetResult, SheetShape
from .skip_reasons import HEADER_SEARCH_ROWS, no_header_reason, title_period
from .tidy import TidyHeader, find_tidy_header
from .tidy_rows import read_tidy

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
    unheaded_columns(sheet, row, columns["measure"], result.warnings)
    periods = PeriodReader(result.issues, result.warnings)
    if months:
        entries = wide_entries(sheet, row, columns, months, index, result, periods)
    elif "month" in columns:
        entries = long_entries(sheet, row, columns, index, result, periods)
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
        entries = month_entries(sheet, row, columns, index, result, periods, *found)
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


def _benchmarks(sheet: Sheet, header_row: int, columns: dict[str, int], index: MeasureIndex) -> SheetResult:
    result = SheetResult(SheetShape.BENCHMARKS)
    figures = []
    header = clean_text(sheet.cell(header_row, columns["value"]))
    for row in sorted(r for r in sheet.rows if r > header_row):
        cells = sheet.rows[row]
        measure = index.find(cells.get(columns["measure"]))
        label = clean_text(cells.get(columns["label"]))
        if measure is None:
            unknown_row(sheet, row, columns["measure"], cells.get(columns["measure"]), bool(label), result)
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
