"""The header names each column role answers to, and the checks that no data column is headed twice or twice over."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Sequence

from ...model import Location, MeasureDef, Problem
from ..cells.values import clean_text, is_text
from ..grid import Cell, Sheet, cell_ref, column_letter

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
ALIASES = {alias: (role, rank) for role, aliases in ROLES.items() for rank, alias in enumerate(aliases)}


HEADER_ROWS = 20  # the header row is one of the first 20 (SPEC §3.2)
_NOT_KEPT = re.compile(r"[^0-9a-z]")
SHORT_TEXT = 100  # characters: headers and labels are shorter; narratives, seldom repeated, are not remembered


def normalise(text: str) -> str:
    """Lower case, no spaces or punctuation: how headers and labels are matched. A short text is worked out once
    however many sheets repeat it; a long one (a narrative in a sheet's first rows) each time, and not kept."""
    return _normalised(text) if len(text) <= SHORT_TEXT else _NOT_KEPT.sub("", text.casefold())


@functools.lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    return _NOT_KEPT.sub("", text.casefold())


_DATA_ROLES = ("value", "numerator", "denominator", "narrative", "month")


def duplicate_headers(sheet: Sheet, row: int, columns: dict[str, int], issues: list[Problem]) -> None:
    """Two header cells naming the same data column (two `Value` columns): an error naming both, never a choice."""
    for role in _DATA_ROLES:
        if role not in columns:
            continue
        name = normalise(str(sheet.rows[row][columns[role]].value))
        twins = [
            c for c, cell in sorted(sheet.rows[row].items()) if is_text(cell) and normalise(str(cell.value)) == name
        ]
        if len(twins) > 1:
            refs = " and ".join(cell_ref(row, c) for c in twins)
            issues.append(
                Problem.error(
                    "duplicate-header",
                    Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(row, twins[1])),
                    f"two columns are headed {str(sheet.rows[row][twins[0]].value).strip()!r} ({refs}), so which "
                    "holds the figures cannot be told",
                    "rename or delete one of them",
                )
            )


def rival_headers(sheet: Sheet, row: int, columns: dict[str, int], warnings: list[Problem]) -> None:
    """A second header naming a data column another way (`Value` and `Result`): the column taken is the one whose
    name comes first in ROLES, and the other is named in a warning, so its figures are never passed over silently."""
    for role in _DATA_ROLES:
        taken = columns.get(role)
        if taken is None:
            continue
        taken_name = normalise(str(sheet.rows[row][taken].value))
        for column, cell in sorted(sheet.rows[row].items()):
            if column == taken or not is_text(cell):
                continue
            name = normalise(str(cell.value))
            found = ALIASES.get(name)
            if found is None or found[0] != role or name == taken_name:
                continue  # not another name for this column (the same name twice is duplicate_headers' error)
            warnings.append(
                Problem.warning(
                    "rival-header",
                    Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(row, column)),
                    f"column {column_letter(column)} is headed {str(cell.value).strip()!r}, another name for the "
                    f"{role} column; column {column_letter(taken)} ({str(sheet.rows[row][taken].value).strip()!r}) "
                    "is read and this one is not",
                    "rename or delete the column that is not read",
                )
            )


def measure_column(
    sheet: Sheet,
    row: int,
    candidates: list[int],
    find: Callable[[Cell | None], MeasureDef | None],
    fallback: int | None = None,
) -> tuple[int | None, Problem | None]:
    """Of a header's measure-like columns (`candidates`, best-ranked header first), the one whose cells below `row`
    name the most template measures (by id, number or title), not merely the best-ranked header: `Measure` holding
    the template's titles beside a `Code` of the publisher's own. None of them naming any: `fallback`.

    Two columns that both name template measures and name different ones in one row: the chosen column, and an
    error naming both columns and that row (which measure the row's figures are cannot be told)."""
    if len(candidates) < 2 and (not candidates or candidates[0] == fallback):
        return fallback, None
    named: dict[int, dict[int, MeasureDef]] = {c: {} for c in candidates}
    for r in sorted(r for r in sheet.rows if r > row):
        cells = sheet.rows[r]
        for c in candidates:
            found = find(cells.get(c))
            if found is not None:
                named[c][r] = found
    matching = [c for c in candidates if named[c]]
    if not matching:
        return fallback, None
    best = max(matching, key=lambda c: len(named[c]))  # the first of equals: the best-ranked header
    for other in matching:
        rows = [r for r, m in named[best].items() if other != best and r in named[other] and named[other][r] is not m]
        if rows:
            r = rows[0]
            head = sheet.rows[row]
            more = f" (and {len(rows) - 1:,} more rows)" if len(rows) > 1 else ""
            return best, Problem.error(
                "measure-columns-disagree",
                Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(r, other)),
                f"row {r} names {named[best][r].id} in column {column_letter(best)} "
                f"({str(head[best].value).strip()!r}) but {named[other][r].id} in column {column_letter(other)} "
                f"({str(head[other].value).strip()!r}){more}, so which measure its figures are cannot be told",
                "correct the row, or say which column names the measures with `columns: {measure: …}` in the template",
            )
    return best, None


def unused_sources(
    sheet: Sheet, header_row: int, measure_col: int, shape: str, measures: Sequence[MeasureDef]
) -> list[Problem]:
    """An error for each measure whose `source:` filters or column name a column of this sheet (or whose `sheet:`
    names it) when the sheet's shape chooses rows by the measure cell alone: the filter would do nothing, and the
    measure show nothing, silently; and for each whose `source:` names this sheet and a `block:`, which such a
    sheet has none of."""
    headers = {normalise(str(c.value)): col for col, c in sheet.rows[header_row].items() if is_text(c)}
    found = []
    for measure in measures:
        source = measure.source
        if source is None:
            continue
        own = source.sheet is not None and sheet.name is not None and normalise(source.sheet) == normalise(sheet.name)
        if own and source.block is not None:
            found.append(
                Problem.error(
                    "block-not-found",
                    Location(
                        file=sheet.file, sheet=sheet.name, cell=cell_ref(header_row, measure_col), measure=measure.id
                    ),
                    f"{measure.id}: source block {source.block!r} names a block of period columns, but sheet "
                    f"{source.sheet!r} is read as {shape}, which has no blocks",
                    "leave `block:` out, or name the sheet that sets the measures side by side",
                )
            )
        if not (source.filters or source.column or source.columns):
            continue
        named = [k for k, _ in source.filters] + ([source.column] if source.column else [])
        named += [h for _, h in source.columns]
        hit = next((headers[normalise(k)] for k in named if normalise(k) in headers), None)
        if hit is None and not own:
            continue
        measure_header = str(sheet.rows[header_row][measure_col].value).strip()
        found.append(
            Problem.error(
                "source-not-used",
                Location(
                    file=sheet.file,
                    sheet=sheet.name,
                    cell=cell_ref(header_row, hit if hit is not None else measure_col),
                    measure=measure.id,
                ),
                f"{measure.id}: `source: {{{source.text}}}` chooses rows by their columns, but this sheet is read as "
                f"{shape}, whose rows are chosen by the measure column ({measure_header!r}) alone, so "
                "the filter would do nothing",
                f"name the measure in column {column_letter(measure_col)} by its id or title and drop the filter, or "
                "give the figures as tidy rows (a geography and a period column)",
            )
        )
    return found


def named_roles(columns: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A template's `columns:` as normalised header → role, for the header finders (they win over SPEC §3.2)."""
    return {normalise(header): role for role, header in columns}


def mapped_row(sheet: Sheet, columns: Sequence[tuple[str, str]]) -> tuple[int, list[tuple[str, str]]] | None:
    """The row (of the first 20) holding the most headers `columns` names, and the (role, header) pairs it lacks;
    None when no row holds any of them."""
    wanted = {normalise(h) for _, h in columns}
    best: tuple[int, int] | None = None  # (headers found, row)
    for row in sorted(r for r in sheet.rows if r <= HEADER_ROWS):
        found = {normalise(str(c.value)) for c in sheet.rows[row].values() if is_text(c)} & wanted
        if found and (best is None or len(found) > best[0]):
            best = (len(found), row)
    if best is None:
        return None
    row = best[1]
    have = {normalise(str(c.value)) for c in sheet.rows[row].values() if is_text(c)}
    return row, [(role, h) for role, h in columns if normalise(h) not in have]


def headers_missing(sheet: Sheet, row: int, missing: Sequence[tuple[str, str]], what: str) -> Problem:
    """The error for headers a `columns:` mapping names that the sheet's header row does not have: each with the
    nearest header the row has, and the row's headers."""
    heads = [str(c.value).strip() for _, c in sorted(sheet.rows.get(row, {}).items()) if is_text(c)]
    said = []
    for role, header in missing:
        near = difflib.get_close_matches(header, heads, n=1, cutoff=0.5)
        said.append(f"{role} {header!r}" + (f" (nearest: {near[0]!r})" if near else ""))
    shown = ", ".join(repr(h) for h in heads[:12]) + (", …" if len(heads) > 12 else "")
    return Problem.error(
        "column-not-found",
        Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(row, 1)),
        f"{what} names {'; '.join(said)}, but the header row (row {row}) has no such header; its headers: {shown}",
        f"write the header as the sheet has it in {what}",
    )


def unheaded_columns(sheet: Sheet, row: int, measure_col: int, warnings: list[Problem]) -> None:
    """Columns with an empty header cell that hold something in the table's rows (those below the header whose
    measure cell is filled): one warning for the sheet naming each such column's first filled cell, since no
    figure of theirs is read. Columns empty below the header say nothing."""
    headed = {c for c, cell in sheet.rows[row].items() if clean_text(cell) != ""}
    first: dict[int, int] = {}  # column → first table row holding something in it
    for below in sorted(r for r in sheet.rows if r > row):
        cells = sheet.rows[below]
        if clean_text(cells.get(measure_col)) == "":
            continue  # not a row of the table (a note, a gap)
        for column in cells.keys() - headed - first.keys():  # most rows: every cell under a header, none left
            if clean_text(cells[column]) != "":
                first[column] = below
    if not first:
        return
    refs = [cell_ref(first[c], c) for c in sorted(first)]
    columns = ", ".join(f"column {column_letter(c)} (from {cell_ref(first[c], c)})" for c in sorted(first))
    warnings.append(
        Problem.warning(
            "unheaded-column",
            Location(file=sheet.file, sheet=sheet.name, cell=refs[0]),
            f"{columns} {'has' if len(first) == 1 else 'have'} no header in row {row}, so "
            f"{'its' if len(first) == 1 else 'their'} figures are not read",
            "give the column a header (Value, Numerator, Denominator, Narrative…), or delete it",
        )
    )
