"""Recognise a sheet's shape (month sheet, long, wide, benchmarks) and turn its rows into observations."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import Issue
from .grid import NO_VALUE, Cell, Sheet, cell_ref
from .model import Benchmark, MeasureDef, Month, Observation, Status, Template, Unit, Warning_, Where
from .months import find_month, month_of_cell
from .rules import display_round
from .values import CellProblem, Parsed, clean_text, is_text, parse_value

HEADER_SEARCH_ROWS = 20
ROLES = {
    "measure": (
        "id",
        "measureid",
        "ref",
        "measureref",
        "reference",
        "code",
        "measurecode",
        "kpi",
        "kpiid",
        "pi",
        "piref",
        "indicator",
        "indicatorid",
        "measure",
    ),
    "title": ("title", "measuretitle", "measurename", "description", "name", "indicatorname", "kpiname"),
    "value": ("value", "result", "actual", "figure", "performance", "outturn"),
    "numerator": ("numerator", "num"),
    "denominator": ("denominator", "denom", "den"),
    "narrative": ("narrative", "commentary", "comment", "comments"),
    "month": ("month", "period", "date", "monthending"),
    "label": ("label", "benchmark", "comparator"),
    "year": ("year", "benchmarkyear"),
}
_ALIAS = {alias: (role, rank) for role, aliases in ROLES.items() for rank, alias in enumerate(aliases)}
_PERIOD_LABELS = {"period", "month", "reportingperiod", "reportmonth", "monthending", "periodending", "reportingmonth"}
_PERCENT_SLACK = 1e-9


def normalise(text: str) -> str:
    """Lower case, no spaces or punctuation: how headers and labels are matched."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


class MeasureIndex:
    """Finds the template measure a cell names, by id (`CS05`), display number (`5`) or exact title."""

    def __init__(self, template: Template) -> None:
        self.by_id = {m.id.casefold(): m for m in template.measures}
        self.by_number = {str(m.number): m for m in template.measures}
        self.by_title = {_title_key(m.title): m for m in template.measures}

    def find(self, cell: Cell | None) -> MeasureDef | None:
        text = clean_text(cell)
        if not text:
            return None
        key = text.casefold()
        if key in self.by_id:
            return self.by_id[key]
        if re.fullmatch(r"\d+(\.0+)?", key):
            return self.by_number.get(str(int(float(key))))
        return self.by_title.get(_title_key(text))


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class SheetResult:
    """What one sheet gave: its shape, observations, benchmarks, warnings and input problems."""

    shape: str
    observations: list[Observation] = field(default_factory=list)
    benchmarks: dict[str, dict[str, Benchmark]] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    reason: str = ""


@dataclass
class _Entry:
    measure: MeasureDef
    month: Month
    row: int
    value_col: int | None
    value: Cell | None
    numerator: tuple[int, Cell | None] | None
    denominator: tuple[int, Cell | None] | None
    narrative: str
    group: object


def _where(sheet: Sheet, row: int | None = None, column: int | None = None) -> Where:
    cell = cell_ref(row, column) if row is not None and column is not None else None
    return Where(sheet.file, sheet.name, cell)


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int], dict[int, Month]] | None:
    for row in sorted(r for r in sheet.rows if r <= HEADER_SEARCH_ROWS):
        roles: dict[str, tuple[int, int]] = {}
        months: dict[int, Month] = {}
        for column, cell in sorted(sheet.rows[row].items()):
            if is_text(cell):
                hit = _ALIAS.get(normalise(str(cell.value)))
                if hit and (hit[0] not in roles or hit[1] < roles[hit[0]][1]):
                    if hit[0] in roles and hit[0] == "measure" and "title" not in roles:
                        roles["title"] = (roles["measure"][0], 99)
                    roles[hit[0]] = (column, hit[1])
                    continue
                if hit and hit[0] == "measure" and "title" not in roles:
                    roles["title"] = (column, 99)
                    continue
            month = month_of_cell(cell)
            if month is not None:
                months[column] = month
        columns = {role: col for role, (col, _) in roles.items()}
        has_value = "value" in columns or ("numerator" in columns and "denominator" in columns)
        if "measure" in columns and (has_value or months):
            return row, columns, ({} if has_value else months)
    return None


def _sheet_month(sheet: Sheet, header_row: int, file_month: Month | None, result: SheetResult) -> Month | None:
    from_name = month_of_cell(Cell("s", sheet.name)) if sheet.name else None
    from_cell: tuple[Month, str] | None = None
    for row in sorted(r for r in sheet.rows if r < header_row):
        cells = sorted(sheet.rows[row].items())
        for i, (_, cell) in enumerate(cells):
            if is_text(cell) and normalise(str(cell.value)) in _PERIOD_LABELS:
                for next_column, next_cell in cells[i + 1 :]:
                    month = month_of_cell(next_cell)
                    if month is not None:
                        from_cell = (month, cell_ref(row, next_column))
                        break
            if from_cell:
                break
        if from_cell:
            break
    if from_name and from_cell and from_cell[0] != from_name:
        result.warnings.append(
            Warning_(
                str(_where(sheet)),
                f"the sheet name says {from_name.label} but {from_cell[1]} says {from_cell[0].label}; "
                f"using {from_name.label}",
                "month-mismatch",
            )
        )
    return from_name or (from_cell[0] if from_cell else None) or file_month


def interpret(sheet: Sheet, index: MeasureIndex, file_month: Month | None) -> SheetResult:
    """Read one sheet in whichever shape it has; a sheet of no known shape comes back as `skipped`."""
    if not sheet.rows:
        return SheetResult("skipped", reason="empty, or not a worksheet")
    header = _find_header(sheet)
    if header is None:
        return SheetResult(
            "skipped",
            reason=f"no header row with a measure column and a value column in its first {HEADER_SEARCH_ROWS} rows",
        )
    row, columns, months = header
    if {"label", "year", "value"} <= columns.keys():
        return _benchmarks(sheet, row, columns, index)
    result = SheetResult("wide" if months else ("long" if "month" in columns else "month"))
    if months:
        entries = _wide_entries(sheet, row, columns, months, index, result)
    elif "month" in columns:
        entries = _long_entries(sheet, row, columns, index, result)
    else:
        month = _sheet_month(sheet, row, file_month, result)
        if month is None:
            result.issues.append(
                Issue(
                    "no-month",
                    str(_where(sheet)),
                    "cannot tell which month this sheet holds",
                    "name the sheet after its month (e.g. 'Sep 2016'), or put 'Period' and the month above the header",
                )
            )
            return result
        entries = _row_entries(sheet, row, columns, index, result, lambda r: month, group="sheet")
    _observe(sheet, entries, result)
    return result


def _row_entries(sheet, header_row, columns, index, result, month_of_row, group) -> list[_Entry]:  # type: ignore[no-untyped-def]
    entries = []
    mcol = columns["measure"]
    for row in sorted(r for r in sheet.rows if r > header_row):
        cells = sheet.rows[row]
        data_cols = [columns[k] for k in ("value", "numerator", "denominator", "narrative") if k in columns]
        has_data = any(cells.get(c) is not None and clean_text(cells.get(c)) != "" for c in data_cols)
        measure = index.find(cells.get(mcol))
        if measure is None:
            _unknown_row(sheet, row, mcol, cells.get(mcol), has_data, result)
            continue
        _check_title(sheet, row, columns, measure, cells, result)
        month = month_of_row(row)
        if month is None:
            continue
        entries.append(
            _Entry(
                measure,
                month,
                row,
                columns.get("value"),
                cells.get(columns["value"]) if "value" in columns else None,
                (columns["numerator"], cells.get(columns["numerator"])) if "numerator" in columns else None,
                (columns["denominator"], cells.get(columns["denominator"])) if "denominator" in columns else None,
                _narrative(sheet, row, columns, cells, result),
                group,
            )
        )
    return entries


def _long_entries(sheet, header_row, columns, index, result) -> list[_Entry]:  # type: ignore[no-untyped-def]
    mcol = columns["month"]

    def month_of_row(row: int) -> Month | None:
        cell = sheet.cell(row, mcol)
        month = month_of_cell(cell)
        if month is None:
            result.issues.append(
                Issue(
                    "bad-month",
                    str(_where(sheet, row, mcol)),
                    f"the month cell holds {clean_text(cell)!r}, not a month" if cell else "the month cell is empty",
                    "write the month as a date or like 'Sep 2016' or '2016-09'",
                )
            )
        return month

    return _row_entries(sheet, header_row, columns, index, result, month_of_row, group="sheet")


def _wide_entries(sheet, header_row, columns, months, index, result) -> list[_Entry]:  # type: ignore[no-untyped-def]
    entries = []
    mcol = columns["measure"]
    for row in sorted(r for r in sheet.rows if r > header_row):
        cells = sheet.rows[row]
        has_data = any(cells.get(c) is not None for c in months)
        measure = index.find(cells.get(mcol))
        if measure is None:
            _unknown_row(sheet, row, mcol, cells.get(mcol), has_data, result)
            continue
        _check_title(sheet, row, columns, measure, cells, result)
        for column, month in sorted(months.items()):
            entries.append(_Entry(measure, month, row, column, cells.get(column), None, None, "", column))
    return entries


def _narrative(sheet: Sheet, row: int, columns: dict[str, int], cells: dict[int, Cell], result: SheetResult) -> str:
    if "narrative" not in columns:
        return ""
    cell = cells.get(columns["narrative"])
    if cell is not None and cell.kind == NO_VALUE:
        result.warnings.append(
            Warning_(
                str(_where(sheet, row, columns["narrative"])),
                "the narrative is a formula with no saved result, so it is left out; "
                "type it as text, or open and save the workbook in Excel",
                "narrative-formula",
            )
        )
    return clean_text(cell)


def _unknown_row(sheet: Sheet, row: int, column: int, cell: Cell | None, has_data: bool, result: SheetResult) -> None:
    if not has_data:
        return
    text = clean_text(cell)
    message = (
        f"row names no template measure ({text[:60]!r}); its figures are not used"
        if text
        else "row has figures but no measure; they are not used"
    )
    result.warnings.append(Warning_(str(_where(sheet, row, column)), message, "unknown-measure"))


def _check_title(sheet: Sheet, row: int, columns: dict[str, int], measure: MeasureDef, cells, result) -> None:  # type: ignore[no-untyped-def]
    if "title" not in columns or columns["title"] == columns["measure"]:
        return
    title = clean_text(cells.get(columns["title"]))
    if title and _title_key(title) != _title_key(measure.title):
        result.warnings.append(
            Warning_(
                str(_where(sheet, row, columns["title"])),
                f"title {title[:60]!r} differs from the template's {measure.title[:60]!r} for {measure.id}; "
                "check the row is the right measure",
                "title-mismatch",
            )
        )


def _parse(sheet: Sheet, row: int, column: int | None, cell: Cell | None, result: SheetResult) -> Parsed | None:
    try:
        return parse_value(cell)
    except CellProblem as problem:
        result.issues.append(Issue(problem.code, str(_where(sheet, row, column)), problem.message, problem.hint))
        return None


def _observe(sheet: Sheet, entries: Iterable[_Entry], result: SheetResult) -> None:
    parsed = []
    for e in entries:
        value = _parse(sheet, e.row, e.value_col, e.value, result)
        numerator = _parse(sheet, e.row, e.numerator[0], e.numerator[1], result) if e.numerator else None
        denominator = _parse(sheet, e.row, e.denominator[0], e.denominator[1], result) if e.denominator else None
        if value is None or (e.numerator and numerator is None) or (e.denominator and denominator is None):
            continue
        parsed.append((e, value, numerator, denominator))
    whole_percent: dict[object, bool] = defaultdict(bool)
    for e, value, _, _ in parsed:
        if e.measure.unit is Unit.PERCENT and value.number is not None and not value.percent and value.number > 1.5:
            whole_percent[e.group] = True
    for e, value, numerator, denominator in parsed:
        observation = _observation(sheet, e, value, numerator, denominator, whole_percent[e.group], result)
        if observation is not None:
            result.observations.append(observation)


def _observation(sheet, e: _Entry, value: Parsed, numerator, denominator, whole: bool, result) -> Observation | None:  # type: ignore[no-untyped-def]
    where = _where(sheet, e.row, e.value_col if e.value_col is not None else (e.numerator or (None,))[0])
    unit = e.measure.unit
    number = value.number
    if number is not None and unit is Unit.PERCENT and not value.percent and whole:
        number = number / 100.0
    num = numerator.number if numerator and numerator.status is Status.VALUE else None
    den = denominator.number if denominator and denominator.status is Status.VALUE else None
    bad = len(result.issues)
    for part, figure in (("numerator", num), ("denominator", den)):
        if figure is not None and figure < 0:
            column = (e.numerator if part == "numerator" else e.denominator or (None,))[0]  # type: ignore[index]
            result.issues.append(
                Issue(
                    "negative",
                    str(_where(sheet, e.row, column)),
                    f"the {part} is negative ({figure:g})",
                    "a numerator or denominator counts things and cannot be below 0",
                )
            )
    if num is not None and den is not None and unit is Unit.PERCENT and num > den:
        result.issues.append(
            Issue(
                "numerator-over-denominator",
                str(_where(sheet, e.row, e.numerator[0])),  # type: ignore[index]
                f"the numerator ({num:g}) is larger than the denominator ({den:g})",
                "a percentage's numerator counts part of its denominator; check the two columns",
            )
        )
    status = value.status
    if number is None and status is Status.MISSING:
        if any(p is not None and p.status is Status.SUPPRESSED for p in (numerator, denominator)):
            status = Status.SUPPRESSED
        elif num is not None and den is not None:
            if den == 0:
                result.issues.append(
                    Issue(
                        "zero-denominator",
                        str(_where(sheet, e.row, e.denominator[0])),  # type: ignore[index]
                        "the denominator is 0, so the figure cannot be worked out",
                        "enter the figure in Value, or leave all three blank when there is none",
                    )
                )
                return None
            number, status = num / den, Status.VALUE
    if number is not None:
        if unit in (Unit.COUNT, Unit.RATE, Unit.DAYS) and number < 0:
            result.issues.append(
                Issue(
                    "negative",
                    str(where),
                    f"the figure is negative ({number:g}) for a {unit.value} measure",
                    "counts, rates and days cannot be below 0; check the figure",
                )
            )
        if unit is Unit.PERCENT and not -_PERCENT_SLACK <= number <= 1 + _PERCENT_SLACK:
            shown = f"{number * 100:g}%"
            result.issues.append(
                Issue(
                    "percent-out-of-range",
                    str(where),
                    f"the percentage {shown} is outside 0–100%",
                    "enter a percentage between 0% and 100% (as 71%, 0.71, or 71 on a sheet of whole percents)",
                )
            )
        if value.number is not None and num is not None and den is not None and den != 0:
            half_unit = 0.5 * 10**-e.measure.decimals * (0.01 if unit is Unit.PERCENT else 1)
            if abs(display_round(number, unit, e.measure.decimals) - num / den) > half_unit + 1e-12:
                result.warnings.append(
                    Warning_(
                        str(where),
                        f"the value ({number:g}) disagrees with numerator/denominator "
                        f"({num:g}/{den:g} = {num / den:.4g}); the value is used",
                        "value-disagrees",
                    )
                )
    if len(result.issues) > bad:
        return None
    return Observation(
        e.measure.id, e.month, status, number if status is Status.VALUE else None, where, num, den, e.narrative or None
    )


def _benchmarks(sheet: Sheet, header_row: int, columns: dict[str, int], index: MeasureIndex) -> SheetResult:
    result = SheetResult("benchmarks")
    rows = []
    for row in sorted(r for r in sheet.rows if r > header_row):
        cells = sheet.rows[row]
        measure = index.find(cells.get(columns["measure"]))
        label = clean_text(cells.get(columns["label"]))
        if measure is None:
            _unknown_row(sheet, row, columns["measure"], cells.get(columns["measure"]), bool(label), result)
            continue
        parsed = _parse(sheet, row, columns["value"], cells.get(columns["value"]), result)
        if parsed is None or parsed.number is None or not label:
            continue
        rows.append((measure, label, clean_text(cells.get(columns["year"])), parsed))
    whole = any(m.unit is Unit.PERCENT and not p.percent and (p.number or 0) > 1.5 for m, _, _, p in rows)
    for measure, label, year, parsed in rows:
        number = parsed.number or 0.0
        if measure.unit is Unit.PERCENT and not parsed.percent and whole:
            number /= 100.0
        result.benchmarks.setdefault(measure.id, {})[label] = Benchmark(label, year, number)
    return result


def file_month(name: str) -> Month | None:
    """The month a file's name carries (`kpis_2016-09.xlsx`), used when a sheet says none."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return find_month(stem)
