"""The header names each column role answers to, and the checks that no data column is headed twice or twice over."""

from __future__ import annotations

import functools
import re

from ...model import Location, Problem
from ..cells.values import is_text
from ..grid import Sheet, cell_ref, column_letter

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
