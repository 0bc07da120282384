"""Geography columns of tidy open data: which headers name areas, how specific each is, and which area a row is."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..cells.values import clean_text
from ..grid import Cell
from .headers import SHORT_TEXT, normalise

# Tiers, most specific first: a row is the area of the most specific tier it has a value in (an EES national row
# has only country columns filled; a local-authority row has la_name too).
_TIER_PATTERNS = (
    (0, r"(ward|station|site|lsoa|msoa|oa|output ?area|neighbourhood|school|urn|postcode)(\d+)?(code|name|nm|cd|id)?"),
    (
        1,
        r"(area|geography|geog|la|lad|utla|ltla|ctyua|newla|oldla|localauthority|authority|borough|district|"
        r"council|gss|ons|organisation|org)(\d+)?(code|name|nm|cd|id)?",
    ),
    (2, r"(region|rgn|gor|combinedauthority|cauth)(\d+)?(code|name|nm|cd|id)?"),
    (3, r"(country|ctry|nation)(\d+)?(code|name|nm|cd|id)?"),
)
_LEVEL_HEADERS = {"geographiclevel", "geographylevel", "geographytype", "areatype", "arealevel", "geogtype"}
_CODE = re.compile(r"^[a-z]\d{8}$")  # a GSS code: E08000009


_TIERS = tuple((tier, re.compile(pattern.replace(" ", ""))) for tier, pattern in _TIER_PATTERNS)


def geography_tier(header: str) -> int | None:
    """How specific a geography header is (0 ward or station … 3 country), or None when it names no geography;
    each header text is judged once, however many sheets head a column with it (a long text names none)."""
    return _tier(header) if len(header) <= SHORT_TEXT else None


@functools.lru_cache(maxsize=4096)
def _tier(header: str) -> int | None:
    key = normalise(header)
    for tier, pattern in _TIERS:
        if pattern.fullmatch(key):
            return tier
    return None


def is_level_header(header: str) -> bool:
    """True for a `geographic_level` column: it says the kind of area, not which one."""
    return normalise(header) in _LEVEL_HEADERS


def area_key(text: str) -> str:
    """How area names and codes are matched: ignoring case and outer (and doubled) spaces."""
    return " ".join(text.casefold().split())


@dataclass
class Geography:
    """A sheet's geography columns by tier, and the areas its rows were found to be."""

    tiers: dict[int, list[int]] = field(default_factory=dict)
    level: int | None = None
    names: dict[str, str] = field(default_factory=dict)  # area key → the name shown in messages

    @property
    def columns(self) -> set[int]:
        """Every geography column, the level column included."""
        found = {c for cols in self.tiers.values() for c in cols}
        return found | ({self.level} if self.level is not None else set())

    def identity(self, cells: dict[int, Cell]) -> frozenset[str]:
        """The keys (names and codes) of the area a row is: those of its most specific tier holding a value."""
        for tier in sorted(self.tiers):
            values = [clean_text(cells.get(c)) for c in self.tiers[tier]]
            keys = frozenset(area_key(v) for v in values if v)
            if keys:
                shown = next((v for v in values if v and not _CODE.match(v.casefold())), None)
                shown = shown or next(v for v in values if v)
                for key in keys:
                    self.names.setdefault(key, shown)
                return keys
        return frozenset()

    def shown(self, keys: frozenset[str]) -> str:
        """The area's name as the file writes it."""
        names = [self.names.get(k, k) for k in sorted(keys)]
        plain = [n for n in names if not _CODE.match(n.casefold())]
        return (plain or names)[0] if names else "(no area)"


def geography_of(header: dict[int, str]) -> Geography:
    """The geography columns among a header row's texts (column → header text)."""
    geography = Geography()
    for column, text in sorted(header.items()):
        if is_level_header(text):
            geography.level = column
            continue
        tier = geography_tier(text)
        if tier is not None:
            geography.tiers.setdefault(tier, []).append(column)
    return geography
