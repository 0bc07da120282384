"""The header names each column role answers to, and the check that no data column is headed twice."""

from __future__ import annotations

import functools
import re

from ..model import Location, Problem
from .grid import Sheet, cell_ref
from .values import is_text

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
