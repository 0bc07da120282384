"""Decide, per measure, whether its plain (unformatted, no `%`) percent figures are whole percents or fractions."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...model import PercentScale as Scale
from ...numbers import percent_fraction

__all__ = ["PlainFigure", "Scale", "ScaleDecision", "decide_percent_scale"]

WHOLE_ABOVE = 1.5  # SPEC §3.3: a plain figure above this is a whole percent
_WHOLE_HINT = re.compile(r"%|\bper\s*cent\b|\bpercent(age)?s?\b|\bpct\b", re.I)
_FRACTION_HINT = re.compile(r"\bfraction\b|\bdecimal\b|\b0\s*(?:-|to)\s*1\b", re.I)
_FEW = 3  # a column must hold at least this many non-zero figures, all at most 1, to count as fractions


@dataclass(frozen=True)
class PlainFigure:
    """One plain figure of the measure and where it is (`extract.xlsx 2016-09!C5`), for messages."""

    value: float
    where: str


@dataclass(frozen=True)
class ScaleDecision:
    """The scale taken and why; `warning` when the evidence could not settle it; `error` when the figures are on two
    scales (or contradict the template's setting), naming both places."""

    scale: Scale
    reason: str
    warning: str | None = None
    error: str | None = None

    def as_fraction(self, value: float) -> float:
        """`value` as the fraction the scorecard holds (71 → 0.71 for whole percents; 0.71 stays 0.71)."""
        return percent_fraction(value) if self.scale is Scale.WHOLE else value


def _show(value: float) -> str:
    return f"{value:g}"


def _hint_votes(hints: Iterable[str]) -> set[Scale]:
    votes: set[Scale] = set()
    for hint in hints:
        if _FRACTION_HINT.search(hint):
            votes.add(Scale.FRACTION)
        elif _WHOLE_HINT.search(hint):
            votes.add(Scale.WHOLE)
    return votes


def _two_scales(figures: Sequence[PlainFigure]) -> tuple[PlainFigure, PlainFigure] | None:
    """A fraction-looking figure (0 < |v| ≤ 1) whose percent lies among the whole ones (within a factor of 2)."""
    whole = [f for f in figures if abs(f.value) > WHOLE_ABOVE]
    if not whole:
        return None
    low = min(abs(f.value) for f in whole) / 2
    high = max(abs(f.value) for f in whole) * 2
    for small in figures:
        if 0 < abs(small.value) <= 1 and low <= abs(small.value) * 100 <= high:
            partner = min(whole, key=lambda f: abs(math.log(abs(f.value) / (abs(small.value) * 100))))
            return small, partner
    return None


def _target_vote(values: Sequence[float], target: float | None) -> Scale | None:
    """The reading that puts the figures' median within an order of magnitude nearer the target (held as a fraction)."""
    middle = statistics.median(abs(v) for v in values) if values else 0.0
    if not target or not middle:
        return None
    as_whole = abs(math.log10(middle / 100 / abs(target)))
    as_fraction = abs(math.log10(middle / abs(target)))
    if as_fraction - as_whole >= 1:
        return Scale.WHOLE
    if as_whole - as_fraction >= 1:
        return Scale.FRACTION
    return None


def decide_percent_scale(
    measure: str,
    figures: Sequence[PlainFigure],
    *,
    setting: Scale | str | None = None,
    hints: Iterable[str] = (),
    column_figures: Iterable[float] = (),
    target: float | None = None,
) -> ScaleDecision:
    """Decide the scale of `measure`'s plain figures per SPEC §3.3, from strongest evidence to weakest.

    `setting` (the template's `percent_scale:`) settles it, unless a figure above 1.5 contradicts `fraction` (an
    error). Otherwise: figures on two scales (0.71 one month, 71 the next) are an error naming both places; a figure
    above 1.5 means whole; a figure above 1 means whole (as a fraction it would pass 100%); then the header or unit
    `hints` (`%`, `percent`, `percentage` → whole; `fraction`, `decimal`, `0-1` → fraction), `column_figures` (the
    plain figures of other percent measures or areas in the same column of the same file: one above 1 → whole; at
    least three non-zero, all at most 1 → fraction) and the `target` (as a fraction, 0.6 for 60%: the reading an order
    of magnitude nearer wins). Conflicting or no evidence: the reading taken (the first vote, else fractions) and a
    warning naming the measure and the reading. Raises ValueError for a `setting` that is not `whole` or `fraction`.
    """
    chosen = Scale(setting.strip().lower()) if isinstance(setting, str) else setting
    biggest = max(figures, key=lambda f: abs(f.value), default=None)
    if chosen is not None:
        if chosen is Scale.FRACTION and biggest is not None and abs(biggest.value) > WHOLE_ABOVE:
            return ScaleDecision(
                chosen,
                "percent_scale: fraction in the template",
                error=f"{measure}: percent_scale is fraction, but {biggest.where} holds {_show(biggest.value)} "
                f"({_show(biggest.value * 100)}%); correct the figure or set percent_scale: whole",
            )
        return ScaleDecision(chosen, f"percent_scale: {chosen.value} in the template")
    pair = _two_scales(figures)
    if pair is not None:
        small, big = pair
        return ScaleDecision(
            Scale.WHOLE,
            "figures on two scales",
            error=f"{measure}: figures on two scales: {_show(small.value)} at {small.where} is a fraction "
            f"({_show(small.value * 100)}%) but {_show(big.value)} at {big.where} is a whole percent; write every "
            "figure the same way, or set percent_scale for the measure",
        )
    if biggest is not None and abs(biggest.value) > WHOLE_ABOVE:
        return ScaleDecision(Scale.WHOLE, f"a figure above 1.5 ({_show(biggest.value)} at {biggest.where})")
    if biggest is not None and abs(biggest.value) > 1:
        return ScaleDecision(
            Scale.WHOLE,
            f"{_show(biggest.value)} at {biggest.where} would be above 100% as a fraction",
        )
    votes: list[tuple[Scale, str]] = [(vote, "the header or unit text") for vote in sorted(_hint_votes(hints), key=str)]
    column = [abs(v) for v in column_figures if v]
    if any(v > 1 for v in column):
        votes.append((Scale.WHOLE, "other figures in the same column are above 1, so whole percents"))
    elif len(column) >= _FEW and all(v <= 1 for v in column):
        votes.append((Scale.FRACTION, "other figures in the same column are all at most 1"))
    by_target = _target_vote([f.value for f in figures], target)
    if by_target is not None:
        votes.append((by_target, "the target's magnitude"))
    scales = {vote for vote, _ in votes}
    if len(scales) == 1:
        return ScaleDecision(votes[0][0], "; ".join(reason for _, reason in votes))
    taken = votes[0][0] if votes else Scale.FRACTION
    why = "the evidence disagrees" if votes else "nothing shows which"
    example = _show(biggest.value) if biggest is not None else "its figures"
    shown_as = f"{_show(biggest.value * (100 if taken is Scale.FRACTION else 1))}%" if biggest is not None else ""
    return ScaleDecision(
        taken,
        f"assumed ({why})",
        warning=f"{measure}: {why} whether plain figures such as {example} are fractions or whole percents; read as "
        f"{'fractions' if taken is Scale.FRACTION else 'whole percents'}"
        f"{f' ({example} = {shown_as})' if shown_as else ''}; set percent_scale: whole or fraction to settle it",
    )
