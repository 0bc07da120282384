"""Which period columns of an area × period table a measure reads: those of its block (`source: {block: …}`) when
the sheet sets measures side by side, and of those only the columns of its own frequency (SPEC §3.5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ...model import Location, MeasureDef, Problem
from ..cells.period_cells import PeriodReader
from ..figures.observe import where
from ..grid import Sheet, cell_ref
from .area_table import Block, Unplaced, blocks_of, heading_key
from .sheet_result import SheetResult, SheetShape
from .tidy import sheet_named


def unplaced(found: Unplaced, measures: Iterable[MeasureDef]) -> SheetResult:
    """The result of an area × period table none of whose rows can be its header: an error naming it when a
    measure's `source:` names the sheet, else the sheet skipped with the reason (a table the template does not use
    does not stop the build)."""
    sheet = found.sheet
    if any(m.source is not None and m.source.sheet and sheet_named(sheet, m.source.sheet) for m in measures):
        return SheetResult(SheetShape.AREA_TABLE, issues=[found.problem()])
    return SheetResult(SheetShape.SKIPPED, reason=f"no row can be its header: row {found.row} names an area")


_ADJECTIVE = {"month": "a monthly", "quarter": "a quarterly", "year": "an annual"}


class AreaColumns:
    """The period columns of one area × period table each measure reads; every problem in choosing them goes to
    `result` (a block the sheet does not have, a period the measure would read twice, columns of another
    frequency)."""

    def __init__(
        self, sheet: Sheet, header_row: int, periods: Mapping[int, str], reader: PeriodReader, result: SheetResult
    ) -> None:
        self.sheet = sheet
        self.row = header_row
        self.periods = periods
        self.reader = reader
        self.result = result
        self.places = {c: where(sheet, header_row, c) for c in periods}
        self._blocks: list[Block] | None = None

    @property
    def blocks(self) -> list[Block]:
        """The sheet's measure blocks (found once)."""
        if self._blocks is None:
            self._blocks = blocks_of(self.sheet, self.row, self.periods)
        return self._blocks

    def columns(self, measure: MeasureDef) -> list[int]:
        """The columns `measure` reads, in order: those of its block (`source: {block: …}`, else the one block headed
        by its title or id); none when its block is missing or its periods repeat across blocks it did not choose
        between (each an error), so no figure is ever read from another measure's block."""
        wanted = measure.source.block if measure.source is not None else None
        labels = dict(self.periods)
        if wanted is None and len(self.blocks) > 1:  # an upper header row naming the measure by its title or id
            named = [
                b for b in self.blocks if heading_key(b.heading) in (heading_key(measure.title), measure.id.casefold())
            ]
            wanted = named[0].heading if len(named) == 1 else None
        if wanted is not None:
            found = [b for b in self.blocks if heading_key(b.heading) == heading_key(wanted)]
            if len(found) != 1:
                self._block_error(measure, wanted, twice=bool(found))
                return []
            labels = {c: label for c, label in labels.items() if c in found[0].columns}
        read = self.reader.header_columns(labels, self.places, measure)
        if wanted is None and len(self.blocks) > 1 and len(set(read.reads.values())) < len(read.reads):
            self._block_needed(measure)
            return []
        if read.others:
            cells = [cell_ref(self.row, c) for c in read.others]
            self.result.warnings.append(
                Problem.warning(
                    "other-frequency",
                    self.places[read.others[0]],
                    f"{measure.id} is {_ADJECTIVE[measure.frequency.value]} measure, so the columns headed by periods "
                    f"of another frequency ({_cells(cells)}) are not read",
                    "give the measure the frequency of those columns in the template, or leave them out",
                )
            )
        return list(read.reads)

    def misplaced_blocks(self, measures: Iterable[MeasureDef], shape: str) -> None:
        """An error for each measure whose `source:` names this sheet and a block, where the sheet is `shape`
        (tidy open data, indicator columns): not an area × period table, so it has no blocks to choose from."""
        for m in measures:
            source = m.source
            if (
                source is None
                or source.block is None
                or source.sheet is None
                or not sheet_named(self.sheet, source.sheet)
            ):
                continue
            self.result.issues.append(
                Problem.error(
                    "block-not-found",
                    Location(file=self.sheet.file, sheet=self.sheet.name, measure=m.id),
                    f"{m.id}: source block {source.block!r} names a block of period columns, but sheet "
                    f"{source.sheet!r} is not an area × period table ({shape}), so it has no blocks",
                    "leave `block:` out, or name the sheet that sets the measures side by side",
                )
            )

    def _where(self, measure: MeasureDef) -> Location:
        first = min(self.periods)
        return Location(file=self.sheet.file, sheet=self.sheet.name, cell=cell_ref(self.row, first), measure=measure.id)

    def _headings(self) -> str:
        return ", ".join(f"`{b.heading}` ({b.place.cell})" for b in self.blocks)

    def _block_error(self, measure: MeasureDef, wanted: str, *, twice: bool) -> None:
        name = self.sheet.name or self.sheet.file
        if twice:
            said = f"sheet {name!r} has two blocks headed {wanted!r}, so which is {measure.id}'s cannot be told"
            hint = "give the blocks different headings in the file"
        else:
            has = f"its block headings: {self._headings()}" if self.blocks else "it has no heading row over its periods"
            said = f"sheet {name!r} has no block headed {wanted!r}; {has}"
            hint = "write `block:` as one of those headings (case and spacing do not matter)"
        self.result.issues.append(Problem.error("block-not-found", self._where(measure), f"{measure.id}: {said}", hint))

    def _block_needed(self, measure: MeasureDef) -> None:
        name = self.sheet.name or self.sheet.file
        self.result.issues.append(
            Problem.error(
                "block-needed",
                self._where(measure),
                f"{measure.id}: sheet {name!r} sets measures side by side ({self._headings()}) with the same periods "
                "in each, so which block is the measure's cannot be told",
                f"name the block in the template, e.g. `source: {{sheet: {name}, block: {self.blocks[0].heading}}}`",
            )
        )


def _cells(cells: list[str]) -> str:
    return ", ".join(cells[:8]) + (f", … ({len(cells) - 8} more)" if len(cells) > 8 else "")
