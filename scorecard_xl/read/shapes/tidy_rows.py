"""Read a tidy open-data sheet: the council's rows (chosen by the template's `area:`) and the comparator areas'
rows its benchmarks name become observations; rows for other areas are passed over, never errors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Location, MeasureDef, Month, Problem
from ..cells.period_cells import PeriodReader, label_of
from ..cells.period_labels import PeriodError, parse_ees_period
from ..cells.values import clean_text
from ..figures.observe import Entry, observe, where
from ..grid import Cell, Sheet, cell_ref
from .area_columns import AreaColumns
from .geography import area_key
from .headers import normalise
from .sheet_result import MeasureIndex, SheetResult, SheetShape
from .skip_reasons import nearest_measure
from .tidy import Plan, TidyHeader, flow_text, is_figure_attribute, is_number_cell, is_total, plan_measures

_SHOWN = 8  # areas or values named in a message before "…"


@dataclass
class _Candidate:
    """One figure cell that belongs to a measure, for the council (`area` None) or a comparator area."""

    plan: Plan
    area: str | None
    row: int
    column: int
    label: str | None
    place: Location
    identity: frozenset[str]


def _listed(items: list[str], total: int | None = None) -> str:
    total = len(items) if total is None else total
    shown = ", ".join(items[:_SHOWN])
    return shown + (f", … ({total - _SHOWN:,} more)" if total > _SHOWN else "")


class _TidyReader:
    def __init__(self, sheet: Sheet, header: TidyHeader, index: MeasureIndex) -> None:
        self.sheet = sheet
        self.header = header
        self.index = index
        self.result = SheetResult(header.shape)
        self.periods = PeriodReader(self.result.issues, self.result.warnings)
        area = index.template.area
        self.council = area_key(area) if area else None
        self.area_text = area or ""
        self.tables = AreaColumns(sheet, header.row, header.periods, self.periods, self.result)
        self.columns: dict[str, list[int]] = {}  # an area × period table's columns each measure reads

    def figure_cells(self, plan: Plan, cells: dict[int, Cell], row: int) -> Iterator[tuple[int, str | None, Location]]:
        """(value column, period label, where the label is) for each figure the row gives the measure."""
        header = self.header
        if header.shape is SheetShape.AREA_TABLE:
            if plan.measure.id not in self.columns:
                self.columns[plan.measure.id] = self.tables.columns(plan.measure)
            for column in self.columns[plan.measure.id]:
                yield column, header.periods[column], where(self.sheet, header.row, column)
            return
        assert plan.period is not None and plan.value is not None
        yield plan.value, label_of(cells.get(plan.period)), where(self.sheet, row, plan.period)

    def candidates(self, plans: list[Plan]) -> tuple[list[_Candidate], set[frozenset[str]]]:
        """Every figure cell of a planned measure for the council or a named comparator, and the areas matched."""
        found: list[_Candidate] = []
        areas: set[frozenset[str]] = set()
        header = self.header
        for row in sorted(r for r in self.sheet.rows if r > header.row):
            cells = self.sheet.rows[row]
            named: dict[int | None, MeasureDef | None] = {}
            identity: frozenset[str] | None = None
            for plan in plans:
                column = plan.measure_col
                if column not in named:
                    named[column] = self.index.find(cells.get(column)) if column is not None else None
                if not plan.matches(cells, named[column]):
                    continue
                if identity is None:
                    identity = header.geography.identity(cells)
                areas.add(identity)
                keys: list[str | None] = []
                if plan.geo_filters:
                    if plan.is_council(cells):
                        keys.append(None)
                elif self.council is None or self.council in identity:
                    keys.append(None)
                keys += sorted(plan.comparators & identity)
                for key in keys:
                    for column, label, place in self.figure_cells(plan, cells, row):
                        found.append(_Candidate(plan, key, row, column, label, place, identity))
        return found, areas

    def month(self, c: _Candidate) -> Month | None:
        """The end of the period the candidate's label names for its measure (EES time_period with time_identifier)."""
        measure = c.plan.measure
        if c.label is None:
            message = "the period cell is empty" if c.place.cell else "no period"
            self.periods.report(PeriodError(message, "give every row its period"), c.place)
            return None
        identifier = self.header.identifier
        if identifier is not None and self.header.shape is not SheetShape.AREA_TABLE:
            kind = clean_text(self.sheet.cell(c.row, identifier))
            try:
                return parse_ees_period(c.label, kind, measure.frequency, measure.year_end).end
            except PeriodError as exc:
                self.periods.report(exc, c.place)
                return None
        return self.periods.end(c.label, c.place, measure)

    def geography_place(self) -> Location:
        first = min(self.header.geography.columns)
        return Location(file=self.sheet.file, sheet=self.sheet.name, cell=cell_ref(self.header.row, first))

    def geography_names(self) -> str:
        return ", ".join(f"`{self.header.texts[c]}`" for c in sorted(self.header.geography.columns))

    def several_areas(self, areas: set[frozenset[str]]) -> None:
        names = sorted({self.header.geography.shown(a) for a in areas})
        self.result.issues.append(
            Problem.error(
                "several-areas",
                self.geography_place(),
                f"column {self.geography_names()} holds {len(names):,} areas ({_listed(names)}), so whose figures "
                "are the council's cannot be told",
                "name the council with `area:` in the template (its name or GSS code, e.g. `area: "
                f"{names[0]}`), or with --area for one build",
            )
        )

    def area_missing(self, areas: set[frozenset[str]], comparators_only: bool) -> None:
        names = sorted({self.header.geography.shown(a) for a in areas})
        said = f"holds no rows for {self.area_text!r} (its areas: {_listed(names)})"
        if comparators_only:
            self.result.warnings.append(
                Problem.warning(
                    "area-not-in-file", self.geography_place(), said + "; only comparators' figures are read"
                )
            )
            return
        self.result.issues.append(
            Problem.error(
                "area-not-found",
                self.geography_place(),
                said,
                "check the spelling of `area:` in the template (or --area), or give the area's GSS code",
            )
        )

    def chosen(self, found: list[_Candidate]) -> list[tuple[_Candidate, Month]]:
        """One candidate per (measure, area, period): where several rows give one, the one at its total in every
        dimension column they differ in; otherwise the ambiguity is an error (one per measure and columns).

        A dimension is a text column that tells rows apart: a column of numbers, or one whose header names an
        attribute of the figure (confidence limits, count, denominator, note, trend or comparison), is not one;
        a blank dimension cell is the whole population's row, as `Total` is."""
        groups: dict[tuple[str, str | None, Month], list[_Candidate]] = defaultdict(list)
        for c in found:
            month = self.month(c)
            if month is not None:
                groups[(c.plan.measure.id, c.area, month)].append(c)
        kept: list[tuple[_Candidate, Month]] = []
        ambiguous: dict[tuple[str, tuple[int, ...]], list[list[_Candidate]]] = defaultdict(list)
        texts = self.header.texts
        for (measure_id, _, month), group in groups.items():
            if len(group) == 1:
                kept.append((group[0], month))
                continue
            plan = group[0].plan
            dims = [c for c in self.header.dimensions if c not in plan.filtered and not is_figure_attribute(texts[c])]
            differing = [d for d in dims if self._tells_apart(group, d)]
            totals = [c for c in group if all(is_total(self.sheet.cell(c.row, d)) for d in differing)]
            if not differing:
                kept += [(c, month) for c in group]  # the same row twice: equal figures merge, others are errors
            elif len(totals) == 1:
                kept.append((totals[0], month))
            else:
                ambiguous[(measure_id, tuple(differing))].append(group)
        for (measure_id, columns), groups_of in ambiguous.items():
            self.ambiguity(measure_id, columns, groups_of)
        return kept

    def _tells_apart(self, group: list[_Candidate], column: int) -> bool:
        """True when the rows' text in `column` differs (numbers, and blanks beside numbers, are figures)."""
        cells = [self.sheet.cell(c.row, column) for c in group]
        if len({clean_text(cell) for cell in cells}) < 2:
            return False
        return not all(cell is None or is_number_cell(cell) for cell in cells)

    def _one_each(self, groups: list[list[_Candidate]], differing: tuple[int, ...]) -> list[str] | None:
        """Values of the differing columns, taken from one row, that pick exactly one row of every group: the
        filter a hint may suggest (totals first); None when no row's values do."""
        sheet = self.sheet

        def values(c: _Candidate) -> list[str]:
            return [clean_text(sheet.cell(c.row, d)) for d in differing]

        rows = sorted(groups[0], key=lambda c: (sum(not is_total(sheet.cell(c.row, d)) for d in differing), values(c)))
        for c in rows:
            wanted = [area_key(v) for v in values(c)]
            if all(
                sum([area_key(clean_text(sheet.cell(o.row, d))) for d in differing] == wanted for o in g) == 1
                for g in groups
            ):
                return values(c)
        return None

    def ambiguity(self, measure_id: str, differing: tuple[int, ...], groups: list[list[_Candidate]]) -> None:
        first = groups[0]
        names = ", ".join(f"`{self.header.texts.get(d, cell_ref(self.header.row, d))}`" for d in differing)
        values = {d: sorted({clean_text(self.sheet.cell(c.row, d)) for g in groups for c in g}) for d in differing}
        said = "; ".join(
            f"{self.header.texts.get(d, '')}: {_listed([v or '(blank)' for v in vs])}" for d, vs in values.items()
        )
        source = first[0].plan.measure.source
        written = [f"{k}: {flow_text(v)}" for k, v in (source.filters if source else ())]
        chosen = self._one_each(groups, differing)
        if chosen is not None:
            example = ", ".join(
                written
                + [
                    f"{self.header.texts.get(d, 'column')}: {flow_text(v)}"
                    for d, v in zip(differing, chosen, strict=True)
                ]
            )
            hint = f"say which in the template, e.g. `source: {{{example}}}`"
        else:
            hint = f"say which in the template: a `source:` filter on {names} that leaves one row per period"
        own = sum(1 for g in groups if g[0].area is None)
        whose = "for the council" + (f" (and {len(groups) - own:,} for comparator areas)" if own < len(groups) else "")
        if not own:
            whose = "for comparator areas"
        self.result.issues.append(
            Problem.error(
                "ambiguous-rows",
                Location(file=self.sheet.file, sheet=self.sheet.name, cell=first[1].place.cell, measure=measure_id),
                f"{measure_id}: {own or len(groups):,} periods have {len(first)} rows each {whose}, differing in "
                f"{names} ({said}), so which is the measure's cannot be told",
                hint,
            )
        )

    def why_none(self, plans: list[Plan]) -> str:
        """Why no row of this tidy sheet is a template measure's, in the sheet's terms (for the skipped list)."""
        header = self.header
        shape = f"{header.shape.value} (row {header.row})"
        column = header.measure
        if column is not None and any(p.by_name for p in plans):
            values = sorted({t for cells in self.sheet.rows.values() if (t := clean_text(cells.get(column)))})
            values = [v for v in values if normalise(v) != normalise(header.texts.get(column, ""))][:200]
            near = nearest_measure(values, self.index.template.measures)
            return f"{shape}: the measure column ({header.texts.get(column, '')!r}) names no template measure" + (
                f" — nearest: {near}" if near else f" (it holds {_listed(values)})"
            )
        filtered = [p for p in plans if p.filters or p.geo_filters]
        if filtered:
            source = filtered[0].measure.source
            return f"{shape}: no row matches {filtered[0].measure.id}'s `source: {{{source.text if source else ''}}}`"
        if header.shape is SheetShape.INDICATORS:
            return (
                f"{shape}: no column is headed by a template measure's id or title, or named by a measure's "
                "`source: {column: …}`"
            )
        headers = _listed([t for c, t in sorted(header.texts.items())])
        return f"{shape} with no measure column, and no measure's `source:` names its rows (its headers: {headers})"

    def read(self) -> SheetResult:
        plans = plan_measures(self.sheet, self.header, self.index, self.result.issues)
        if self.header.shape is not SheetShape.AREA_TABLE:
            self.tables.misplaced_blocks(self.index.template.measures, self.header.shape.value)
        if self.header.problem is not None and any(p.by_name for p in plans):
            self.result.issues.append(self.header.problem)
            return self.result
        found, areas = self.candidates(plans)
        if not areas:
            return SheetResult(SheetShape.SKIPPED, issues=self.result.issues, reason=self.why_none(plans))
        own = [c for c in found if c.area is None]
        if self.council is None and len({c.identity for c in own if not c.plan.geo_filters}) > 1:
            self.several_areas({c.identity for c in own})
            return self.result
        held = self.header.shape is SheetShape.AREA_TABLE and any(self.council in a for a in areas)
        if self.council is not None and not own and not held:  # (a table's columns refused are errors already)
            named = frozenset().union(*(p.comparators for p in plans))
            self.area_missing(areas, comparators_only=all(identity & named for identity in areas))
        entries = []
        for c, month in self.chosen(found):
            header = self.header.texts.get(c.column) or self.header.periods.get(c.column, "")
            cell = self.sheet.cell(c.row, c.column)
            entries.append(
                Entry(c.plan.measure, month, c.row, c.column, cell, group=c.column, header=header, area=c.area)
            )
        observed = observe(self.sheet, entries, self.index.symbols)
        self.result.observations.extend(observed.observations)
        self.result.issues.extend(observed.issues)
        self.result.warnings.extend(observed.warnings)
        self.result.pending.extend(observed.pending)
        return self.result


def read_tidy(sheet: Sheet, header: TidyHeader, index: MeasureIndex) -> SheetResult:
    """Read a tidy sheet for the template's measures.

    Promises: the council's rows are those of the template's `area:` (or a measure's geography filter); without
    `area:` a sheet whose measures' rows span several areas is one `several-areas` error listing them; rows of
    areas the template does not name are passed over; several rows for one measure, area and period are resolved
    to the one at its total in the dimension columns they differ in, or one `ambiguous-rows` error per measure.
    """
    return _TidyReader(sheet, header, index).read()
