"""Why a sheet was not read, in the sheet's own terms: a geography column with no period label in its header row,
the period only in a title above the header, a measure column naming no template measure (and the nearest)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ...model import MeasureDef
from ..cells.month_labels import find_month
from ..cells.values import clean_text, is_text
from ..grid import Sheet
from .geography import geography_of
from .headers import ALIASES, normalise

HEADER_SEARCH_ROWS = 20
_YEAR = re.compile(r"\b(19|20)\d\d([/-]\d\d(\d\d)?)?\b")
_SHOWN = 6


def _listed(texts: Iterable[str]) -> str:
    items = list(texts)
    more = f", … ({len(items) - _SHOWN} more)" if len(items) > _SHOWN else ""
    return ", ".join(repr(t) for t in items[:_SHOWN]) + more


def title_period(sheet: Sheet, header_row: int) -> str | None:
    """A text above the header row naming a month or a year (`Claimant count, September 2016`), or None."""
    for row in sorted(r for r in sheet.rows if r < header_row):
        for cell in sheet.rows[row].values():
            text = clean_text(cell) if is_text(cell) else ""
            if text and (find_month(text) is not None or _YEAR.search(text)):
                return text[:80]
    return None


def no_header_reason(sheet: Sheet) -> str:
    """Why no header row of a known shape was found: a geography column whose row holds no period label (and the
    period only in the title, where a title names one), a measure column with no value column, or no header."""
    for row in sorted(r for r in sheet.rows if r <= HEADER_SEARCH_ROWS):
        texts = {c: str(cell.value).strip() for c, cell in sorted(sheet.rows[row].items()) if is_text(cell)}
        geography = geography_of(texts)
        if not geography.tiers:
            continue
        area = texts[min(geography.columns)]
        roles = {ALIASES.get(normalise(t), ("", 0))[0] for t in texts.values()}
        title = title_period(sheet, row)
        if "value" in roles:
            where = f"the period only in the title ({title!r})" if title else "no period anywhere"
            return (
                f"rows per area ({area!r}, row {row}) with a value column but no period column: {where}; add a "
                "Period column"
            )
        said = f"; the title names one ({title!r}), but no column does" if title else ""
        return (
            f"a geography column ({area!r}, row {row}) but the header row holds no period label (its headers: "
            f"{_listed(t for c, t in texts.items() if c not in geography.columns)}){said}"
        )
    for row in sorted(r for r in sheet.rows if r <= HEADER_SEARCH_ROWS):
        heads = [str(cell.value).strip() for _, cell in sorted(sheet.rows[row].items()) if is_text(cell)]
        if any(ALIASES.get(normalise(t), ("", 0))[0] == "measure" for t in heads):
            return (
                f"a measure column in row {row} but no value column and no period headers (its headers: "
                f"{_listed(heads)})"
            )
    return f"no header row with a measure column and a value column in its first {HEADER_SEARCH_ROWS} rows"


def nearest_measure(values: Iterable[str], measures: Iterable[MeasureDef]) -> str:
    """The value nearest a template measure's title or id, and that measure, for a message: `'Claimant count'
    (CC1 is 'Claimant count (16-64)')`; "" when nothing is near."""
    names = {m.title.casefold(): m for m in measures} | {m.id.casefold(): m for m in measures}
    best: tuple[float, str, MeasureDef] | None = None
    for value in values:
        for name, measure in names.items():
            ratio = difflib.SequenceMatcher(None, value.casefold(), name).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, value, measure)
    if best is None or best[0] < 0.5:
        return ""
    return f"{best[1]!r} ({best[2].id} is {best[2].title!r})"
