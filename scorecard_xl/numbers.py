"""Numbers as people write and read them: one grammar for figures written as text, and rounding as displayed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .model import Unit

# sign · whole part (optionally with thousands commas) · fraction · suffix
_WRITTEN = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?\s*(%|pp)?$")


@dataclass(frozen=True)
class WrittenNumber:
    """A number read from text: its value as written (`71` for `71%`), digits after the point, and suffix."""

    value: float
    decimals: int
    suffix: str  # "", "%" or "pp"


def read_number(
    text: str, *, thousands: bool = False, suffixes: tuple[str, ...] = ("%",), empty_fraction: bool = False
) -> WrittenNumber | None:
    """The number `text` writes (`1,241`, `71%`, `-0.5`, `.5`, `5pp`), or None when it is not one.

    `thousands` allows commas between groups of three digits; `suffixes` are the units allowed after it;
    `empty_fraction` allows a point with no digits after it (`60.`). Outer spaces are ignored.
    """
    match = _WRITTEN.match(text.strip())
    if not match:
        return None
    sign, whole, fraction, suffix = match.groups()
    suffix = suffix or ""
    if suffix and suffix not in suffixes:
        return None
    if "," in whole and not thousands:
        return None
    if fraction is not None and fraction == "" and not empty_fraction:
        return None
    if not whole and not fraction:
        return None
    value = float(sign + (whole.replace(",", "") or "0") + ("." + fraction if fraction else ""))
    return WrittenNumber(value, len(fraction or ""), suffix)


def percent_fraction(whole: float) -> float:
    """The fraction a whole percent stands for, as the float nearest the decimal written: 4.85 → 0.0485.

    `4.85 / 100` is 0.04849999999999999, which rounds as displayed to 4.8% where 4.85% rounds half up to 4.9%; the
    shortest text of `whole` (what was written) is scaled instead, so both roundings agree.
    """
    if whole != whole or whole in (float("inf"), float("-inf")):
        return whole / 100.0
    return float(Decimal(repr(float(whole))).scaleb(-2))


def whole_percent(fraction: float) -> float:
    """The inverse of `percent_fraction`: the whole percent a fraction stands for, from its decimal text (0.07 → 7,
    not 7.000000000000001)."""
    return float(Decimal(repr(float(fraction))).scaleb(2))


def display_round(value: float, unit: Unit, decimals: int) -> float:
    """`value` rounded half away from zero as displayed: percents (held as fractions) at `decimals` of the %."""
    exact = Decimal(repr(value))
    if unit is Unit.PERCENT:
        exact *= 100
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if unit is Unit.PERCENT:
        rounded /= 100
    return float(rounded)


def format_number(value: float, unit: Unit, decimals: int) -> str:
    """A figure as text the way the sheet shows it: `24%`, `52.1`, `1,241`."""
    if unit is Unit.PERCENT:
        return f"{display_round(value, unit, decimals) * 100:.{decimals}f}%"
    return f"{display_round(value, unit, decimals):,.{decimals}f}"


def as_written(x: float) -> str:
    """A number for a message, as people write it: `2,255,825`, `0.063`, `-12.5` (never `2.25582e+06`)."""
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    if float(x).is_integer():
        return f"{int(x):,}"
    return format(Decimal(repr(float(x))), ",f")
