"""The header of an area × period table (a row per authority, a column per period): which row is a row of labels
and never a row of figures, its period headers (`2019`, `Q1 2022/23`, `Total receipts … - 2022 to 2023`), and the
measure blocks side by side under a heading row (`Children adopted` over its quarters, then the next measure's)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from ...model import Location, Problem, Template
from ..cells.period_cells import is_period_cell, label_of
from ..cells.values import clean_text, is_text
from ..grid import NUMBER, TEXT, Cell, Sheet, cell_ref
from .geography import area_key

_CODE = re.compile(r"[a-z]\d{8}")  # a GSS code: E08000009
_NATIONS_AND_REGIONS = (
    "United Kingdom|UK|Great Britain|England and Wales|England|Wales|Scotland|Northern Ireland|North East|North West|"
    "Yorkshire and The Humber|Yorkshire and Humber|East Midlands|West Midlands|East of England|East|London|"
    "Inner London|Outer London|South East|South West"
)  # which head so many tables' first rows
_KNOWN_AREAS = frozenset(area_key(name) for name in _NATIONS_AND_REGIONS.split("|"))
# `Total receipts … financial year - 2022 to 2023`: the period after a dash, when two headers or more of the row
# share what comes before it and it compares nothing
_DASH = re.compile(r"\s+[-\u2013\u2014:]\s+")
_COMPARING = re.compile(
    r"\b(change|changes|difference|compared|comparison|growth|increase|decrease|variance|versus|vs|since|from|"
    r"rank|ranking|percentile)\b",
    re.I,
)


def template_areas(template: Template) -> frozenset[str]:
    """The area keys a template names: its `area:` and every comparator area of its benchmarks."""
    named = {area_key(a) for m in template.measures for b in m.area_benchmarks for a in b.areas}
    if template.area:
        named.add(area_key(template.area))
    return frozenset(named)


def names_area(cell: Cell | None, named: frozenset[str]) -> bool:
    """True when the cell names an area: a GSS code, a nation or English region, or an area the template names."""
    key = area_key(clean_text(cell))
    return bool(key) and (bool(_CODE.fullmatch(key)) or key in _KNOWN_AREAS or key in named)


def is_plain_number(cell: Cell | None) -> bool:
    """True for a number cell, or text that is only a number (`1920` in a CSV): a year, or a figure."""
    if cell is None:
        return False
    if cell.kind == NUMBER:
        return True
    return is_text(cell) and bool(re.fullmatch(r"\d+(\.\d+)?", clean_text(cell)))


def period_headers(cells: Mapping[int, Cell], exclude: Iterable[int], *, prefixed: bool = True) -> dict[int, str]:
    """The row's period headers (column → label): each cell that is wholly a period label (SPEC §3.5), and (when
    `prefixed`, for an area × period table) the period ending a long header (`Total receipts … financial year -
    2022 to 2023 (Q1 to Q4)`) where at least two headers of the row share the words before its dash and those
    words compare nothing (`Change - …`, `Percentage change from …`)."""
    skipped = set(exclude)
    found = {
        c: label
        for c, cell in sorted(cells.items())
        if c not in skipped and (label := label_of(cell)) is not None and is_period_cell(cell)
    }
    if not prefixed:
        return found
    by_words: dict[str, dict[int, str]] = {}
    for c, cell in sorted(cells.items()):
        if c in skipped or c in found or not is_text(cell):
            continue
        split = _prefixed(clean_text(cell))
        if split is not None:
            by_words.setdefault(" ".join(split[0].casefold().split()), {})[c] = split[1]
    for group in by_words.values():
        if len(group) >= 2:
            found.update(group)
    return dict(sorted(found.items()))


def _prefixed(text: str) -> tuple[str, str] | None:
    """(words, period) for a header that is words, a dash and a period label (split at the first dash after which
    the rest is one: `Receipts - Apr 2023 - Jun 2023`), the words comparing nothing; None otherwise."""
    for dash in _DASH.finditer(text):
        words, period = text[: dash.start()], text[dash.end() :]
        if words and not _COMPARING.search(words) and is_period_cell(Cell(TEXT, period)):
            return words, period
    return None


def is_label_row(
    cells: Mapping[int, Cell], geography: Iterable[int], periods: Mapping[int, str], named: frozenset[str]
) -> bool:
    """True when a row whose geography column is known only by holding the council's area below can head the
    table (`Agency | 2019 | 2020`): its first cells name no area, and its years are labels (`2019/20`, `Q1
    2022/23`) or, where written as plain numbers (which a row of figures holds as well as a row of years), a run
    of consecutive years, as headers have and a row of figures (England's 1920, 1940, 2060) does not."""
    if any(names_area(cells.get(c), named) for c in geography):
        return False
    plain = [int(float(clean_text(cells.get(c)))) for c in sorted(periods) if is_plain_number(cells.get(c))]
    return not plain or (len(plain) >= 2 and all(b - a == 1 for a, b in pairwise(plain)))


def is_heading_row(cells: Mapping[int, Cell], geography: Iterable[int], named: frozenset[str]) -> bool:
    """True for the upper row of a two-row header whose area column is known only by holding the council's area
    (`Agency | Children adopted`, the periods in the row below): text only, naming no area, no number in it."""
    if any(names_area(cells.get(c), named) for c in geography):
        return False
    return all(is_text(cell) and not is_plain_number(cell) for cell in cells.values())


@dataclass(frozen=True)
class Unplaced:
    """An area × period table none of whose rows can be taken for its header with certainty: `row` names an area
    and holds year-like numbers, so it is a row of figures, and no row above heads the period columns."""

    sheet: Sheet
    row: int

    def problem(self) -> Problem:
        """The error naming the sheet and the row of figures that is not a header."""
        cells = self.sheet.rows[self.row]
        shown = ", ".join(clean_text(cells[c]) for c in sorted(cells)[:5])
        return Problem.error(
            "no-header-row",
            Location(file=self.sheet.file, sheet=self.sheet.name, cell=cell_ref(self.row, min(cells))),
            f"no row can be taken for the header of this area × period table: row {self.row} ({shown}, …) names "
            "an area, so it is a row of figures (its numbers are not years), and no row above it heads the period "
            "columns",
            "give the table a header row above its first area: the area column headed `Area`, `Local authority` "
            "or `LA code`, and a period label over each column (`2019`, `2019/20`, `Q1 2022/23`)",
        )


def heading_key(text: str) -> str:
    """How a block heading is matched: ignoring case and spacing."""
    return "".join(text.casefold().split())


@dataclass(frozen=True)
class Block:
    """A measure's block of period columns: its heading as written, where the heading is, and its columns."""

    heading: str
    place: Location
    columns: tuple[int, ...]


def blocks_of(sheet: Sheet, header_row: int, periods: Mapping[int, str]) -> list[Block]:
    """The measure blocks over the period columns: the nearest row above the header holding a cell over them is the
    heading row, and each heading's block runs from its column to the next heading (a merged heading is written in
    its range's first cell only); none when no row above has text over the period columns."""
    if not periods:
        return []
    first, last = min(periods), max(periods)
    for row in sorted((r for r in sheet.rows if r < header_row), reverse=True):
        cells = sheet.rows[row]
        over = {c: cell for c, cell in cells.items() if first <= c <= last}
        if not over:
            if any(clean_text(cell) for cell in cells.values()):
                return []  # a title or note beside the table, not a heading row
            continue
        headings = sorted((c, clean_text(cell)) for c, cell in over.items() if is_text(cell) and clean_text(cell))
        blocks = []
        for i, (column, text) in enumerate(headings):
            end = headings[i + 1][0] if i + 1 < len(headings) else last + 1
            columns = tuple(c for c in sorted(periods) if column <= c < end)
            place = Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(row, column))
            blocks.append(Block(text, place, columns))
        return blocks
    return []
