"""Numbers in a template: finite and of a sensible size, percents read on the measure's percent_scale, tolerances."""

from __future__ import annotations

import math
from typing import Any

from ..model import PercentScale, Tolerance, ToleranceKind
from ..numbers import as_written, percent_fraction, read_number, whole_percent
from .base import BaseChecker

MAX_FIGURE = 1e15  # a target, floor, tolerance or benchmark this large is a typing slip, not a figure
MAX_NUMBER = 1_000_000_000  # the largest display number (No. column)


class ValueChecker(BaseChecker):
    """Reads the numbers a template writes (targets, floors, tolerances, benchmark values)."""

    def figure(self, raw: float, line: int, what: str) -> float:
        """`raw` as a float when it is finite and of a size a scorecard figure can have (under 10^15)."""
        if raw != raw or raw in (math.inf, -math.inf):
            raise self.fail(line, f"{what} must be a finite number, found {raw!r}")
        if abs(raw) >= MAX_FIGURE:
            raise self.fail(line, f"{what} is too large to be a scorecard figure, found {large_number(raw)}")
        return float(raw)

    def number(
        self, raw: Any, line: int, what: str, percent: bool, scale: PercentScale | None = None
    ) -> tuple[float, int | None]:
        """A number as written: `60%`, `0.6`, `147.7`; returns the value (percent as fraction) and its decimals.
        A % sign on a measure that is not a percent one is a problem (`60%` would be 0.6 of a count).

        On a percent measure (`percent`) a number without a % sign is read on the measure's `scale`: `fraction`
        (at most 1), `whole` (above 1; 0.6 could be 0.6% or 60%, so a % sign is asked for) or, unset, above 1 is
        whole percents, below 1 a fraction and 1 itself ambiguous; the percent must be 0% to 100%.
        """
        if isinstance(raw, bool) or raw is None:
            raise self.fail(line, f"{what} must be a number, found {raw!r}")
        if isinstance(raw, (int, float)):
            value, decimals, suffix = self.figure(raw, line, what), _decimals_written(raw), ""
        else:
            written = read_number(str(raw), empty_fraction=True)
            if written is None:
                raise self.fail(line, f"{what} must be a number such as 60% or 147.7, found {raw!r}")
            value, decimals, suffix = self.figure(written.value, line, what), written.decimals, written.suffix
        if suffix == "%":
            fraction = percent_fraction(value)
            if not percent:
                raise self.fail(
                    line, f"{what} {raw} has a % sign, but the measure is not a percent one; write the number itself"
                )
        elif not percent:
            return value, decimals  # a target keeps the decimals it is written with (20.5 shows 20.5)
        else:
            fraction = self.plain_percent(value, line, what, scale)
            if fraction == value:
                decimals = None  # written as a fraction: no decimals of the percent to keep
        if not 0 <= fraction <= 1:
            raise self.fail(line, f"{what} must be a percent from 0% to 100%, found {raw!r}")
        return fraction, decimals

    def plain_percent(self, value: float, line: int, what: str, scale: PercentScale | None) -> float:
        """The fraction a percent written without a % sign stands for, read on the measure's `percent_scale`."""
        shown = as_written(value)
        if scale is PercentScale.FRACTION:
            if value > 1:
                raise self.fail(
                    line,
                    f"{what} {shown} is above 100% with percent_scale: fraction; write it as a fraction such as 0.6, "
                    f"or with a % sign ({shown}%)",
                )
            return value
        if scale is PercentScale.WHOLE:
            if 0 < value <= 1:
                raise self.fail(
                    line,
                    f"{what} {shown} could be {shown}% or {as_written(whole_percent(value))}%; write it with a % sign",
                )
            return percent_fraction(value) if value > 1 else value
        if value == 1:
            raise self.fail(line, f"{what} 1 could be 1% or 100%; write it with a % sign")
        return percent_fraction(value) if value > 1 else value

    def tolerance(self, raw: Any, line: int) -> Tolerance:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            amount = self.figure(raw, line, "tolerance")
            if amount < 0:
                raise self.fail(line, f"tolerance must not be negative, found {raw!r}")
            return Tolerance(ToleranceKind.UNITS, amount)
        written = read_number(str(raw), suffixes=("%", "pp"), empty_fraction=True)
        if written is None or written.value < 0:
            raise self.fail(line, f"tolerance must be like 10% (of target), 5pp or 3 (units), found {raw!r}")
        amount = self.figure(written.value, line, "tolerance")
        if written.suffix == "%":
            return Tolerance(ToleranceKind.RELATIVE, percent_fraction(amount))
        if written.suffix == "pp":
            return Tolerance(ToleranceKind.POINTS, amount)
        return Tolerance(ToleranceKind.UNITS, amount)


def _decimals_written(raw: float) -> int | None:
    """The digits after the point of a YAML number as written (`20.5` → 1); None for a whole number (`20`)."""
    if isinstance(raw, int):
        return None
    text = repr(raw)
    return len(text.partition(".")[2]) if "." in text and "e" not in text else None


def large_number(number: float) -> str:
    """A number too large to print whole, for a message: `1.84e+19`, or `a 400-digit number` (no float holds it)."""
    if isinstance(number, int):
        digits = len(str(abs(number)))
        return f"{'an' if digits in (11, 18) or str(digits).startswith('8') else 'a'} {digits}-digit number"
    return f"{number:.3g}"
