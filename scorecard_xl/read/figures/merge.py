"""Merge the observations read from every input (one per measure, area and month) and group many problems of one
cause into one line with a count and the first few places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ...model import Location, MeasureDef, Observation, Problem, Status
from ...numbers import as_written


def _same(a: Observation, b: Observation) -> bool:
    if a.status is not b.status:
        return a.status is Status.MISSING or b.status is Status.MISSING
    if a.value is None or b.value is None:
        return True
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))


def merge_duplicates(
    observations: Iterable[Observation], measures: Mapping[str, MeasureDef] | None = None
) -> tuple[list[Observation], list[Problem], list[Problem]]:
    """One observation per (measure, area, month), in reading order, with the errors and warnings found: equal
    repeats merge (the first narrative kept, and a second, different narrative named in a `narrative-differs`
    warning); different figures are `duplicate` errors naming both places. `measures` (by id) lets a quarterly or
    annual figure be named by its period (`Apr–Jun 2016`), not the month it ends in."""
    measures = measures or {}
    kept: dict[tuple[str, str | None, object], Observation] = {}
    issues = []
    warnings = []
    for o in observations:
        key = (o.measure_id, o.area, o.month)
        first = kept.get(key)
        if first is None:
            kept[key] = o
            continue
        if not _same(first, o):
            issues.append(
                Problem.error(
                    "duplicate",
                    o.where,
                    f"{o.measure_id}{_for(o)} for {_period(o, measures)} is given twice with different figures: "
                    f"{_shown(o)} here and {_shown(first)} at {first.where}",
                    "keep one of the two",
                )
            )
            continue
        if first.narrative and o.narrative and first.narrative.strip() != o.narrative.strip():
            warnings.append(
                Problem.warning(
                    "narrative-differs",
                    o.where,
                    f"{o.measure_id}{_for(o)} for {_period(o, measures)} has another narrative in the row at "
                    f"{first.where}; "
                    "that one, read first, is the one shown",
                    "keep the narrative in one input, or make the two the same",
                )
            )
        if first.status is Status.MISSING and o.status is not Status.MISSING:
            kept[key] = _with_narrative(o, first.narrative)
        elif not first.narrative and o.narrative:
            kept[key] = _with_narrative(first, o.narrative)
    return list(kept.values()), issues, warnings


def _period(o: Observation, measures: Mapping[str, MeasureDef]) -> str:
    """The period an observation is for, as its measure's period prints: `Sep 2016`, `Apr–Jun 2016`, `2015/16`."""
    measure = measures.get(o.measure_id)
    return o.month.label if measure is None else measure.period_label(o.month)


def _with_narrative(o: Observation, narrative: str | None) -> Observation:
    return replace(o, narrative=o.narrative or narrative)


def _shown(o: Observation) -> str:
    if o.status is Status.SUPPRESSED:
        return "suppressed"
    return as_written(o.value) if o.value is not None else "blank"


def _for(o: Observation) -> str:
    return f" (comparator {o.area})" if o.area is not None else ""


_GROUP_AT = 5  # more problems than this of one code in one file are printed as one line
_PLACES = 3


def group_problems(problems: list[Problem]) -> list[Problem]:
    """`problems` in order, with each run of more than five of one code and severity in one file replaced by one
    problem located at the first of them: the count, the first message and the first three places
    (`2,654 figures … (first at C2, C5, C9)`)."""
    by_cause: dict[tuple[str, object, str | None], list[Problem]] = defaultdict(list)
    for p in problems:
        by_cause[(p.code, p.severity, p.location.file)].append(p)
    out: list[Problem] = []
    done: set[tuple[str, object, str | None]] = set()
    for p in problems:
        key = (p.code, p.severity, p.location.file)
        group = by_cause[key]
        if len(group) <= _GROUP_AT:
            out.append(p)
            continue
        if key in done:
            continue
        done.add(key)
        places = ", ".join(_place(q.location) for q in group[:_PLACES])
        message = f"{len(group):,} problems of this kind (`{p.code}`); the first: {p.message} (at {places}, …)"
        out.append(replace(p, message=message))  # located at the first of them, so a reader can go straight there
    return out


def _place(location: Location) -> str:
    if location.sheet is not None and location.cell is not None:
        return f"{location.sheet}!{location.cell}"
    return location.cell or location.sheet or str(location)
