"""Merge the observations read from every input (one per measure, area and month) and group many problems of one
cause into one line with a count and the first few places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ...model import Location, Meaning, MeasureDef, Month, Observation, Problem, Status, Symbol, Unit
from ...numbers import as_written, format_number, whole_percent


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
    warning); different figures in one input, or in two inputs whose latest month is the same, are `duplicate`
    errors naming both places; different figures in two inputs whose latest months differ are a revision (SPEC §13):
    the later input's figure is kept, marked revised (`[r]`) unless it carries a flag of its own, with the later
    input's narrative (the earlier one's when it has none), and a `revised` warning names both figures as displayed
    and both places. `measures` (by id) lets a quarterly or annual figure be named by its period (`Apr–Jun 2016`),
    not the month it ends in, and a figure be shown as its measure displays it."""
    measures = measures or {}
    observations = list(observations)
    latest = latest_months(observations)
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
            old_file, new_file = first.where.file or "", o.where.file or ""
            if old_file == new_file or latest.get(old_file) == latest.get(new_file):
                issues.append(_duplicate(first, o, measures, old_file != new_file, latest.get(new_file)))
                continue
            earlier, later = (first, o) if latest[old_file] < latest[new_file] else (o, first)
            warnings.append(_revision(earlier, later, measures, latest[later.where.file or ""]))
            kept[key] = _revised(later, earlier.narrative)
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


def latest_months(observations: Iterable[Observation]) -> dict[str, Month]:
    """Each input's latest month: the latest month any of its figures (a value, suppressed or a symbol; not a
    blank) is for, by the input file (the sheets of one workbook are one extract)."""
    latest: dict[str, Month] = {}
    for o in observations:
        if o.status is Status.MISSING:
            continue
        file = o.where.file or ""
        if file not in latest or latest[file] < o.month:
            latest[file] = o.month
    return latest


def _duplicate(
    first: Observation, o: Observation, measures: Mapping[str, MeasureDef], two_files: bool, latest: Month | None
) -> Problem:
    """The `duplicate` error for two different figures neither of which supersedes the other."""
    both = two_files and latest is not None
    why = f" (both inputs' latest month is {latest.label}, so neither revises the other)" if both and latest else ""
    return Problem.error(
        "duplicate",
        o.where,
        f"{o.measure_id}{_for(o)} for {_period(o, measures)} is given twice with different figures: "
        f"{_shown(o)} here and {_shown(first)} at {first.where}{why}",
        "keep one of the two",
    )


def _revision(earlier: Observation, later: Observation, measures: Mapping[str, MeasureDef], to: Month) -> Problem:
    """The `revised` warning: the measure and period, the old and new figures as displayed, and both places."""
    measure = measures.get(later.measure_id)
    old, new = _displayed(earlier, measure), _displayed(later, measure)
    if old == new:  # a revision below the figure's display precision: show the figures as written
        old, new = _exact(earlier, measure), _exact(later, measure)
    return Problem.warning(
        "revised",
        later.where,
        f"{later.measure_id}{_for(later)} for {_period(later, measures)} is revised from {old} (at {earlier.where}) "
        f"to {new} here, the later extract (its figures run to {to.label}); {new} is used, marked [r]",
        "nothing to do when the revision is expected; otherwise check the two extracts",
    )


_REVISED_MARK = "r"


def _revised(o: Observation, narrative: str | None) -> Observation:
    """The later figure of a revision: marked revised (`12 [r]`, as a publisher marks one) unless the extract gave a
    symbol of its own, with its own narrative or else the earlier one."""
    symbol = o.symbol
    if symbol is None and o.status is Status.VALUE and o.value is not None:
        shown = f"{as_written(o.value)} [{_REVISED_MARK}]"
        symbol = Symbol(shown, _REVISED_MARK, Meaning.REVISED, o.value, False, (Meaning.REVISED,))
    return replace(o, symbol=symbol, narrative=o.narrative or narrative)


def _exact(o: Observation, measure: MeasureDef | None) -> str:
    """A figure as written, a percent as its whole percent (`84.21%`)."""
    if measure is not None and measure.unit is Unit.PERCENT and o.status is Status.VALUE and o.value is not None:
        return f"{as_written(whole_percent(o.value))}%"
    return _shown(o)


def _displayed(o: Observation, measure: MeasureDef | None) -> str:
    """A figure as its measure's cells display it (`84.2%`, `1,241`); as written without its measure."""
    if measure is None or o.status is not Status.VALUE or o.value is None:
        return _shown(o)
    return format_number(o.value, measure.unit, measure.decimals)


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
_EACH = frozenset({"revised"})  # each names a figure the scorecard shows changed: never grouped
_PLACES = 3


def group_problems(problems: list[Problem]) -> list[Problem]:
    """`problems` in order, with each run of more than five of one code and severity in one file replaced by one
    problem located at the first of them: the count, the first message and the first three places
    (`2,654 figures … (first at C2, C5, C9)`); `revised` warnings are each kept, as each names a changed figure."""
    by_cause: dict[tuple[str, object, str | None], list[Problem]] = defaultdict(list)
    for p in problems:
        by_cause[(p.code, p.severity, p.location.file)].append(p)
    out: list[Problem] = []
    done: set[tuple[str, object, str | None]] = set()
    for p in problems:
        key = (p.code, p.severity, p.location.file)
        group = by_cause[key]
        if len(group) <= _GROUP_AT or p.code in _EACH:
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
