"""The council's rank among a group of comparator areas, by the measure's polarity."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Polarity

_NOISE = 10  # decimal places figures are compared at: equal figures computed by different sums rank equal


def competition_rank(own: float, others: Sequence[float], polarity: Polarity) -> int | None:
    """The rank of `own` among itself and `others`, 1 the best by `polarity` (the highest when good to be high, the
    lowest when low); equal figures rank equal and the next rank is skipped ("1224" competition ranking). None for
    a measure with no good direction (target or none)."""
    if polarity is Polarity.HIGH:
        better = sum(1 for v in others if round(v, _NOISE) > round(own, _NOISE))
    elif polarity is Polarity.LOW:
        better = sum(1 for v in others if round(v, _NOISE) < round(own, _NOISE))
    else:
        return None
    return better + 1


def rank_text(rank: int, ranked: int, members: int, label: str, period: str) -> str:
    """The Benchmarks cell's rank line: `Rank 2 of 7: the council and CIPFA neighbours, Mar 2024`, where `ranked` is
    the council and the members with a figure and `members` the group's size; members with no figure are left out
    and said: `Rank 2 of 6 with a figure (7 in all): …`."""
    every = members + 1
    counted = f"{ranked}" if ranked == every else f"{ranked} with a figure ({every} in all)"
    return f"Rank {rank} of {counted}: the council and {label}, {period}"
