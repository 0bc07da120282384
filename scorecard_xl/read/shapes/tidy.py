"""Recognise tidy open data (geography columns beside a period column or period headers) and plan, per template
measure, which rows and column hold its figures: by `source:` filters, a `source: {column: …}`, or a measure cell."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ...model import MeasureDef, Problem
from ..cells.values import clean_text, is_text
from ..grid import NUMBER, TEXT, Cell, Sheet
from .area_table import Unplaced, is_heading_row, is_label_row, period_headers
from .geography import Geography, area_key, geography_of
from .headers import ALIASES, headers_missing, measure_column, normalise
from .sheet_result import MeasureIndex, SheetShape, title_key

HEADER_SEARCH_ROWS = 20
_PERIOD_HEADERS = (
    "timeperiod",
    "period",
    "date",
    "month",
    "monthending",
    "periodending",
    "reportingperiod",
    "quarter",
    "year",
    "financialyear",
    "academicyear",
    "reportingyear",
)  # fmt: skip  (best first)
_IDENTIFIER_HEADERS = {"timeidentifier"}
_TOTALS = {"total", "totals", "all", "persons", "people", "allpersons", "allpeople", "allages", "allsexes"}


@dataclass
class TidyHeader:
    """A tidy sheet's header row: its geography, period, value, measure and dimension columns, or period headers."""

    row: int
    texts: dict[int, str]
    geography: Geography
    shape: SheetShape
    period: int | None = None
    identifier: int | None = None
    value: int | None = None
    measure: int | None = None
    periods: dict[int, str] = field(default_factory=dict)
    problem: Problem | None = None  # two measure-like columns naming different template measures in one row

    def column(self, name: str) -> int | None:
        """The column headed `name` (ignoring case, spaces and punctuation), or None."""
        key = normalise(name)
        return next((c for c, text in sorted(self.texts.items()) if normalise(text) == key), None)

    @property
    def dimensions(self) -> list[int]:
        """Columns that are neither geography, period, value nor the measure column (`measure`, `unit`, `sex`…)."""
        taken = self.geography.columns | {self.period, self.identifier, self.value, self.measure}
        return [c for c in sorted(self.texts) if c not in taken and c not in self.periods]


def find_tidy_header(
    sheet: Sheet,
    area: str | None = None,
    find: Callable[[Cell | None], MeasureDef | None] | None = None,
    roles: Mapping[str, str] | None = None,
    own_periods: frozenset[str] = frozenset(),
    named: frozenset[str] = frozenset(),
) -> TidyHeader | Unplaced | None:
    """The header of a tidy open-data sheet: the first row (of the first 20) with a geography column and either a
    period column or period headers; None when the sheet has none.

    Its measure column is, of the measure-like columns (`Indicator ID`, `Code`, `Indicator Name`…), the one whose
    cells name template measures (`find`), else the best-ranked `measure` header (headers.measure_column).

    A geography column is known by its header, or (SPEC §3.1), where no header names one, by holding the
    council's `area` as a value in a row below. `roles` (the template's `columns:`, normalised header → role)
    names columns first: `area` a geography column, `period`, `value`, `measure`; `own_periods` are headers a
    measure's own `source: {columns: {period: …}}` names, taken as the period column when no other is.

    A header is a row of labels, never a row of figures: a row whose first cells name an area (`named` holds the
    template's areas), or that sits under a row of geography headers, is data whatever its numbers; an area ×
    period table none of whose rows can be its header is `Unplaced`.
    """
    roles = roles or {}
    holding = _columns_holding(sheet, area_key(area)) if area else {}
    above: tuple[dict[int, str], Geography] | None = None  # a row of geography headers with no period headers
    passed: int | None = None  # the first row of figures that could have been taken for a header
    for row in sorted(r for r in sheet.rows if r <= HEADER_SEARCH_ROWS):
        cells = sheet.rows[row]
        texts = {c: str(cell.value).strip() for c, cell in cells.items() if is_text(cell)}
        geography = geography_of(texts)
        by_role = {c: roles[k] for c, t in texts.items() if (k := normalise(t)) in roles}
        for c in sorted(c for c, role in by_role.items() if role == "area" and c not in geography.columns):
            geography.tiers.setdefault(1, []).append(c)
        for c in [c for c in geography.columns if by_role.get(c, "area") != "area"]:
            for tier in list(geography.tiers):
                geography.tiers[tier] = [x for x in geography.tiers[tier] if x != c]
                if not geography.tiers[tier]:
                    del geography.tiers[tier]
        labelled = bool(geography.tiers)
        if not labelled and above is not None:
            periods = period_headers(cells, above[1].columns)
            blank = all(clean_text(cells.get(c)) == "" for c in above[1].columns)
            if periods and (blank or is_label_row(cells, above[1].columns, periods, named)):
                # the lower row of a two-row header: the geography headers above it, the periods in it
                merged = {c: t for c, t in above[0].items() if c in above[1].columns}
                merged.update((c, t) for c, t in texts.items() if c not in periods)
                return TidyHeader(row, merged, above[1], SheetShape.AREA_TABLE, periods=periods)
            if periods and passed is None:
                passed = row  # under the geography headers, a row naming an area: its numbers are figures
            continue
        if not geography.tiers:
            below = [c for c in sorted(texts) if holding.get(c, 0) > row]
            if below:
                geography.tiers[1] = below
        if not geography.tiers:
            continue
        keys = {c: normalise(t) for c, t in texts.items() if c not in geography.columns}
        period = next((c for c, role in sorted(by_role.items()) if role == "period"), None)
        if period is None:
            period = next((c for name in _PERIOD_HEADERS for c, k in sorted(keys.items()) if k == name), None)
        if period is None:
            period = next((c for c, k in sorted(keys.items()) if k in own_periods), None)
        taken = geography.columns if period is None else geography.columns | {period}
        periods = period_headers(cells, taken, prefixed=period is None)
        value = next((c for c, role in sorted(by_role.items()) if role == "value"), None)
        value = _best(keys, "value", exclude={period}) if value is None else value
        identifier = next((c for c, k in keys.items() if k in _IDENTIFIER_HEADERS), None)
        if period is not None and value is not None:
            shape = SheetShape.TIDY
        elif period is not None:
            shape = SheetShape.INDICATORS
        elif periods and (labelled or is_label_row(cells, geography.columns, periods, named)):
            shape = SheetShape.AREA_TABLE
        else:
            if periods and passed is None:
                passed = row
            elif not periods and (labelled or is_heading_row(cells, geography.columns, named)):
                above = (texts, geography)
            continue
        measure = next((c for c, role in sorted(by_role.items()) if role == "measure"), None)
        problem = None
        if measure is None:
            ranked = _best(keys, "measure", exclude={period, value})
            candidates = _ranked(keys, "measure", {period, value}) + _ranked(keys, "title", {period, value})
            measure, problem = (
                measure_column(sheet, row, candidates, find, ranked) if find is not None else (ranked, None)
            )
        texts = {c: t for c, t in texts.items() if c not in periods}
        return TidyHeader(row, texts, geography, shape, period, identifier, value, measure, periods, problem)
    return Unplaced(sheet, passed) if passed is not None else None


def _columns_holding(sheet: Sheet, key: str) -> dict[int, int]:
    """Each column holding the area `key` (names and codes ignoring case), with the last row it is in: one pass."""
    found: dict[int, int] = {}
    for row, cells in sheet.rows.items():
        for column, cell in cells.items():
            if is_text(cell) and area_key(clean_text(cell)) == key:
                found[column] = max(found.get(column, 0), row)
    return found


def _best(keys: dict[int, str], role: str, exclude: set[int | None]) -> int | None:
    """The column whose header is the best-ranked alias of `role`."""
    found = [(ALIASES[k][1], c) for c, k in keys.items() if c not in exclude and ALIASES.get(k, ("", 0))[0] == role]
    return min(found)[1] if found else None


def _ranked(keys: dict[int, str], role: str, exclude: set[int | None]) -> list[int]:
    """The columns headed by an alias of `role`, best-ranked first."""
    found = [(ALIASES[k][1], c) for c, k in keys.items() if c not in exclude and ALIASES.get(k, ("", 0))[0] == role]
    return [c for _, c in sorted(found)]


def is_total(cell: Cell | None) -> bool:
    """True for a dimension value that means everyone: `Total`, `All`, `All ages`, `Persons`…, or a blank cell
    (public-health exports leave the category of the whole-population row empty)."""
    key = normalise(clean_text(cell))
    return not key or key in _TOTALS or key.startswith("total") or clean_text(cell).casefold().startswith("all ")


_ATTRIBUTE = re.compile(
    r"(lower|upper).*(ci|limit|bound|interval)|confidence|standarderror|stderr|^se$|^counts?$|numerator"
    r"|denominator|samplesize|note|flag|marker|trend|^comparedto|significan|sortable"
    r"|^timeperiodrange$|^newdata$"
)
_NUMBER_TEXT = re.compile(r"[-+]?(\d[\d,]*(\.\d*)?|\.\d+)(e[-+]?\d+)?%?")


def is_figure_attribute(header: str) -> bool:
    """True for a column that says something about the figure beside it rather than which figure a row is:
    confidence limits, counts, numerators, denominators, notes, trend and comparison text (`Lower CI 95.0 limit`,
    `Value note`, `Recent trend`, `Compared to England value or percentiles`)."""
    return bool(_ATTRIBUTE.search(normalise(header)))


def is_number_cell(cell: Cell | None) -> bool:
    """True for a cell holding a number (or a number written as text, as every CSV cell is)."""
    if cell is None:
        return False
    if cell.kind is NUMBER:
        return True
    return cell.kind is TEXT and _NUMBER_TEXT.fullmatch(clean_text(cell).casefold()) is not None


@dataclass
class Plan:
    """How one measure's figures are found in a tidy sheet: rows by filters or by the measure cell, a value column
    (or, in an area × period table, the period columns); geography filters choose the council's own rows."""

    measure: MeasureDef
    filters: list[tuple[int, str]]
    geo_filters: list[tuple[int, str]]
    value: int | None
    by_name: bool
    comparators: frozenset[str]
    measure_col: int | None = None  # the column naming the measure, when by_name
    period: int | None = None  # the period column (the measure's own, or the sheet's)

    def matches(self, cells: dict[int, Cell], named: MeasureDef | None) -> bool:
        """True when the row is one of this measure's rows (any area); `named` is the measure its measure cell
        names."""
        if self.by_name and named is not self.measure:
            return False
        return all(area_key(clean_text(cells.get(c))) == v for c, v in self.filters)

    def is_council(self, cells: dict[int, Cell]) -> bool:
        """True when the measure's geography filters (if any) choose this row as the council's."""
        return all(area_key(clean_text(cells.get(c))) == v for c, v in self.geo_filters)

    @property
    def filtered(self) -> set[int]:
        """The columns the measure filters on."""
        return {c for c, _ in self.filters} | {c for c, _ in self.geo_filters}


def sheet_named(sheet: Sheet, wanted: str) -> bool:
    """True when the sheet (or a CSV, by its file name) is the one `wanted` names, ignoring case and punctuation."""
    name = sheet.name if sheet.name is not None else sheet.file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return normalise(name) == normalise(wanted)


def plan_measures(sheet: Sheet, header: TidyHeader, index: MeasureIndex, issues: list[Problem]) -> list[Plan]:
    """The plan of each template measure this sheet holds; a measure whose `source:` names a column the sheet does
    not have is not read here (another file may hold it)."""
    plans = []
    for measure in index.template.measures:
        source = measure.source
        comparators = frozenset(area_key(a) for b in measure.area_benchmarks for a in b.areas)
        if source is not None and source.sheet is not None and not sheet_named(sheet, source.sheet):
            continue
        filters: list[tuple[int, str]] = []
        geo_filters: list[tuple[int, str]] = []
        complete = True
        for name, value in source.filters if source else ():
            column = header.column(name)
            if column is None:
                complete = False
                break
            (geo_filters if column in header.geography.columns else filters).append((column, area_key(value)))
        if not complete:
            continue
        own = dict(source.columns) if source else {}
        placed = {role: header.column(name) for role, name in own.items()}
        if any(c is None for c in placed.values()):
            if _holds(sheet, header, index, measure, filters + geo_filters):  # else another file's columns
                missing = [(role, own[role]) for role, c in placed.items() if c is None]
                issues.append(headers_missing(sheet, header.row, missing, f"{measure.id}'s `source: {{columns: …}}`"))
            continue
        value_col = header.value
        if "value" in placed:
            value_col = placed["value"]
        elif source is not None and source.column is not None:
            value_col = header.column(source.column)
            if value_col is None:
                continue
        elif header.shape is SheetShape.INDICATORS:
            value_col = header.column(measure.id) or header.column(measure.title)
            if value_col is None:
                continue
        chosen = source is not None and (source.column is not None or source.sheet is not None)
        measure_col = placed.get("measure") or header.measure
        by_name = "measure" in placed or (not filters and not chosen and header.shape is not SheetShape.INDICATORS)
        if by_name and measure_col is None:
            continue
        period = placed.get("period") or header.period
        if period is None and header.shape is not SheetShape.AREA_TABLE:
            continue
        plans.append(Plan(measure, filters, geo_filters, value_col, by_name, comparators, measure_col, period))
    return plans


def _holds(
    sheet: Sheet, header: TidyHeader, index: MeasureIndex, measure: MeasureDef, filters: list[tuple[int, str]]
) -> bool:
    """True when the sheet is the measure's: its `source: {sheet: …}` names it, or rows match its filters, or (with
    none) its measure column names it."""
    if measure.source is not None and measure.source.sheet is not None:
        return True
    rows = (cells for r, cells in sheet.rows.items() if r > header.row)
    if filters:
        return any(all(area_key(clean_text(cells.get(c))) == v for c, v in filters) for cells in rows)
    column = header.measure
    return column is not None and any(index.find(cells.get(column)) is measure for cells in rows)


def title_of(cell: Cell | None) -> str:
    """A measure cell's text as matched (for messages)."""
    return title_key(clean_text(cell))


_PLAIN = re.compile(r"[^\s:,{}\[\]#&*!|>'\"%@`?-][^:,{}\[\]#]*(?<!\s)")


def flow_text(text: str) -> str:
    """`text` as a value in a YAML flow mapping a message may suggest: plain when it can be, else quoted (`""`)."""
    return text if _PLAIN.fullmatch(text) and not _NUMBER_TEXT.fullmatch(text) else json.dumps(text)
