"""A measure's statistical process control as Making Data Count shows it (worked out by calc.spc): the XmR chart's
lines and points, the variation and assurance in words, the icon letter of each, and why SPC does not apply."""

from __future__ import annotations

import enum
from dataclasses import dataclass

MIN_POINTS = 15  # figures needed, up to the report period


class Side(enum.Enum):
    """Which side of the centre line a special cause lies on."""

    HIGH = "high"
    LOW = "low"


class Reason(enum.Enum):
    """Why SPC does not apply to a measure; the value is what the key says."""

    FEW = f"fewer than {MIN_POINTS} figures up to the report period"
    CUMULATIVE = "year to date or rolling year (SPC on cumulative figures is wrong)"
    ANNUAL = "annual figures"


@dataclass(frozen=True)
class Limits:
    """An XmR chart's lines: centre, process limits, 2σ lines, and the mean moving range they rest on."""

    mean: float
    mean_range: float
    upper: float
    lower: float
    upper_2s: float
    lower_2s: float


@dataclass(frozen=True)
class Point:
    """One figure on the chart: its period's label, its value, and the sides (high, low) on which a special-cause
    rule flags it, with the rules (`limit`, `shift`, `trend`, `two of three`)."""

    label: str
    value: float
    high: tuple[str, ...] = ()
    low: tuple[str, ...] = ()

    @property
    def special(self) -> bool:
        """True when any rule flags the point."""
        return bool(self.high or self.low)


VARIATION_ICONS = {"Common cause": "~"}
ASSURANCE_ICONS = {"Consistently passing": "P", "Consistently failing": "F", "Hit and miss": "?"}


@dataclass(frozen=True)
class Spc:
    """A measure's SPC as every output shows it: the chart's lines and points (oldest first), its variation and
    assurance in words (`variation` blank, with `reason`, where SPC does not apply; `assurance` blank where there is
    no target or direction)."""

    limits: Limits | None
    points: tuple[Point, ...]
    variation: str
    assurance: str
    reason: Reason | None = None

    @property
    def variation_cell(self) -> str:
        """The Variation cell: its icon's letter and the words, `(H) Special cause improvement (high)`."""
        icon = VARIATION_ICONS.get(self.variation) or ("H" if self.variation.endswith("(high)") else "L")
        return _cell(self.variation, icon)

    @property
    def assurance_cell(self) -> str:
        """The Assurance cell: its icon's letter and the words, `(F) Consistently failing`."""
        return _cell(self.assurance, ASSURANCE_ICONS.get(self.assurance, ""))


def _cell(words: str, icon: str) -> str:
    return f"({icon}) {words}" if words else ""
