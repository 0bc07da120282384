"""What the reading's results say beyond their figures: sheets holding figures for months yet to come, and the
likeliest reason no figure for the template was found."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Location, Month, Observation, Problem, Status, Template
from .extracts import ReadResult


def future_months(observations: Sequence[Observation], now: Month) -> list[Problem]:
    """A warning for each sheet (or file) holding figures for months after `now`, in the order first met."""
    found: list[Problem] = []
    seen: set[tuple[str | None, str | None]] = set()
    distinct = {id(o.month): o.month for o in observations}  # a sheet's rows share one Month
    later = {key for key, month in distinct.items() if month > now}
    missing = Status.MISSING
    for o in observations if later else ():
        if id(o.month) in later and o.status is not missing and (o.where.file, o.where.sheet) not in seen:
            seen.add((o.where.file, o.where.sheet))
            found.append(
                Problem.warning(
                    "future-month",
                    Location(file=o.where.file, sheet=o.where.sheet),
                    f"holds figures for {o.month.label}, after this month ({now.label}); it is not taken as the "
                    "report month",
                    "check the sheet's name or month cells; give --period to report on a later month",
                )
            )
    return found


_NOT_DATA = ("(empty, or not a worksheet)", "(no header row with a measure column", "(a scorecard built by")


def likely_cause(read: ReadResult, template: Template) -> tuple[str, str]:
    """The likeliest reason no figure was found, and what to do: only comparators' rows; a sheet skipped for a
    reason of its own (no period label, the month only in the title, a measure column naming no measure); rows
    naming no template measure; figures that are all blanks or symbols; else the generic advice."""
    if read.comparators:
        return (
            f"the files hold comparator areas' figures but none for {template.area!r}",
            "check `area:` in the template (or --area) against the file's area names and codes",
        )
    skipped = [s for s in read.skipped if not any(mark in s for mark in _NOT_DATA)]
    others = len(skipped) - 1
    more = f" (and {others:,} more sheet{'s' if others > 1 else ''} skipped)" if others else ""
    if skipped:
        return f"{skipped[0]} was skipped{more}", "give the sheet what its reason says it lacks (`validate` lists each)"
    unknown = next((w for w in read.warnings if w.code == "unknown-measure"), None)
    if unknown is not None:
        return (
            f"{unknown.location} {unknown.message}",
            "name each measure in the measure column by its id, number or exact title in the template",
        )
    if read.observations:
        return (
            f"the {len(read.observations):,} figure cells found are all blank or symbols",
            "check the value column and the period of the figures",
        )
    return "", "check the sheets have a Measure column naming the template's measures and a Value column"
