"""Settle the scale of every percent measure's plain figures from all of them in all inputs (SPEC §3.3), then
check each figure as a percent: two scales and impossible percents are errors at their cells."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ..model import Location, MeasureDef, Observation, Problem
from .observe import Pending, disagreement
from .percent_scale import PlainFigure, ScaleDecision, decide_percent_scale

_SLACK = 1e-9


def _target(measure: MeasureDef) -> float | None:
    target = measure.target
    if target.value is not None:
        return target.value
    return target.by_year[-1][1] if target.by_year else None


def _decide(measure: MeasureDef, items: list[Pending], by_column: dict[object, list[Pending]]) -> ScaleDecision:
    figures = [PlainFigure(p.observation.value or 0.0, str(p.observation.where)) for p in items]
    columns = {p.column for p in items}
    others = [o.observation.value or 0.0 for column in columns for o in by_column[column] if o.measure.id != measure.id]
    return decide_percent_scale(
        measure.id,
        figures,
        setting=measure.rules.percent_scale,
        hints=sorted({p.header for p in items if p.header}),
        column_figures=others,
        target=_target(measure),
    )


def _error_place(items: list[Pending], decision: ScaleDecision) -> Location:
    """The cell an error names first: a fraction-looking figure for two scales, else the largest figure."""
    small = [p for p in items if 0 < abs(p.observation.value or 0.0) <= 1]
    if decision.reason == "figures on two scales" and small:
        return small[0].observation.where
    return max(items, key=lambda p: abs(p.observation.value or 0.0)).observation.where


def settle_scales(
    observations: list[Observation], pending: Iterable[Pending]
) -> tuple[list[Observation], list[Problem], list[Problem]]:
    """`observations` with each pending plain figure (held there as written) replaced by its fraction, in the same
    order, or left out when it is in error; with the errors and warnings found.

    Promises: one scale per measure in each input file (so that a CSV of fractions and a workbook of whole
    percents merge), decided from all its plain figures there, their headers, the other figures in the same
    columns and the target, or the template's `percent_scale`; where an input cannot settle it, the measure's
    settled reading in another input is taken; figures of one measure on two scales are an error (`two-scales`, or
    `percent-scale` against the template's setting) naming both cells; a reading nothing settles is taken and named
    in a `percent-scale-assumed` warning (none when every figure is 0, which reads the same either way); each
    figure is then checked to lie within 0–100%.
    """
    items = list(pending)
    by_group: dict[tuple[str, str], list[Pending]] = defaultdict(list)
    by_column: dict[object, list[Pending]] = defaultdict(list)
    for p in items:
        by_group[(p.measure.id, p.observation.where.file or "")].append(p)
        by_column[p.column].append(p)
    decisions = {key: _decide(group[0].measure, group, by_column) for key, group in by_group.items()}
    settled = {key[0]: d for key, d in decisions.items() if not d.warning and not d.error}
    replaced: dict[int, Observation | None] = {id(p.observation): None for p in items}
    issues: list[Problem] = []
    warnings: list[Problem] = []
    for key, measure_items in by_group.items():
        measure = measure_items[0].measure
        decision = decisions[key]
        if decision.warning and key[0] in settled:
            decision = settled[key[0]]  # the measure's figures in another input settle what this one cannot
        if decision.error:
            code = "percent-scale" if measure.rules.percent_scale else "two-scales"
            hint = "write every figure of the measure the same way, or set percent_scale: whole or fraction"
            issues.append(Problem.error(code, _error_place(measure_items, decision), decision.error, hint))
            continue
        if decision.warning and any(p.observation.value for p in measure_items):
            warnings.append(Problem.warning("percent-scale-assumed", Location(measure=measure.id), decision.warning))
        for p in measure_items:
            o = p.observation
            value = decision.as_fraction(o.value or 0.0)
            if not -_SLACK <= value <= 1 + _SLACK:
                issues.append(
                    Problem.error(
                        "percent-out-of-range",
                        o.where,
                        f"the percentage {value * 100:g}% is outside 0–100% (read as {decision.scale.value} "
                        f"percents: {decision.reason})",
                        "enter a percentage between 0% and 100%, or set percent_scale for the measure",
                    )
                )
                continue
            if o.numerator is not None and o.denominator is not None:
                warning = disagreement(measure, value, o.numerator, o.denominator, o.where)
                if warning:
                    warnings.append(warning)
            replaced[id(o)] = replace(o, value=value)
    kept = [replaced.get(id(o), o) for o in observations]
    return [o for o in kept if o is not None], issues, warnings
