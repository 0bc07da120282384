"""Settle the scale of every percent measure's plain figures from all of them in all inputs (SPEC §3.3), then
check each figure as a percent: two scales and impossible percents are errors at their cells."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...model import Benchmark, Location, MeasureDef, Observation, Problem, Unit
from .observe import Pending, disagreement
from .percent_scale import PlainFigure, Scale, ScaleDecision, decide_percent_scale

_SLACK = 1e-9


def _target(measure: MeasureDef) -> float | None:
    target = measure.target
    if target.value is not None:
        return target.value
    return target.by_year[-1][1] if target.by_year else None


def _decision(
    measure: MeasureDef, figures: list[PlainFigure], headers: Iterable[str], others: list[float]
) -> ScaleDecision:
    """`decide_percent_scale` for the measure's plain figures, with what the measure itself says: the template's
    `percent_scale` and its target; `headers` and `others` (figures of other measures in the same columns) are the
    evidence around the figures."""
    return decide_percent_scale(
        measure.id,
        figures,
        setting=measure.rules.percent_scale,
        hints=sorted({h for h in headers if h}),
        column_figures=others,
        target=_target(measure),
    )


def _scale_error(measure: MeasureDef, where: Location, message: str, hint: str) -> Problem:
    """A decision's error: against the template's `percent_scale`, or figures on two scales."""
    code = "percent-scale" if measure.rules.percent_scale else "two-scales"
    return Problem.error(code, where, message, hint)


def _decide(measure: MeasureDef, items: list[Pending], by_column: dict[object, list[Pending]]) -> ScaleDecision:
    figures = [PlainFigure(p.observation.value or 0.0, str(p.observation.where)) for p in items]
    columns = {p.column for p in items}
    others = [o.observation.value or 0.0 for column in columns for o in by_column[column] if o.measure.id != measure.id]
    return _decision(measure, figures, (p.header for p in items), others)


def _error_place(items: list[Pending], decision: ScaleDecision) -> Location:
    """The cell an error names first: a fraction-looking figure for two scales, else the largest figure."""
    small = [p for p in items if 0 < abs(p.observation.value or 0.0) <= 1]
    if decision.reason == "figures on two scales" and small:
        return small[0].observation.where
    return max(items, key=lambda p: abs(p.observation.value or 0.0)).observation.where


def _settled(decision: ScaleDecision) -> bool:
    return decision.warning is None and decision.error is None


def _decisions(
    measure: MeasureDef, items: list[Pending], by_column: dict[object, list[Pending]], warnings: list[Problem]
) -> list[tuple[list[Pending], ScaleDecision]]:
    """The measure's figures in groups, each with the scale it is read on.

    The measure is decided from all its figures in all inputs. When every input settles its own figures and,
    read so, they agree (a CSV of fractions and a workbook of whole percents: 0.013 and 1.3 are both 1.3%), each
    input is read on its own scale, unless the whole settles it too and its figures agree that way. Otherwise the
    whole's reading is taken; where an input on its own would read the other way, a warning names that input.
    """
    pooled = _decide(measure, items, by_column)
    by_file: dict[str, list[Pending]] = defaultdict(list)
    for p in items:
        by_file[p.observation.where.file or ""].append(p)
    if len(by_file) == 1:
        return [(items, pooled)]
    own = {file: _decide(measure, group, by_column) for file, group in by_file.items()}
    # each input settles its own and they agree: read each its way, unless the whole settles it and agrees too
    whole_agrees = _settled(pooled) and _agree(by_file, dict.fromkeys(own, pooled))
    if all(_settled(d) for d in own.values()) and _agree(by_file, own) and not whole_agrees:
        return [(by_file[file], decision) for file, decision in own.items()]
    if _settled(pooled):
        for file, decision in own.items():
            if _settled(decision) and decision.scale is not pooled.scale:
                warnings.append(
                    Problem.warning(
                        "percent-scale-differs",
                        Location(file=file, measure=measure.id),
                        f"{measure.id}: read alone, this file's plain figures would be "
                        f"{_NAMES[decision.scale]} ({decision.reason}), but the measure's figures in all inputs "
                        f"are {_NAMES[pooled.scale]} ({pooled.reason}); read as {_NAMES[pooled.scale]}",
                        "check this file's figures; set percent_scale: whole or fraction on the measure to settle it",
                    )
                )
    return [(items, pooled)]


def _agree(by_file: dict[str, list[Pending]], own: dict[str, ScaleDecision]) -> bool:
    """Whether the inputs, each read on its own scale, give figures of one size: their middle figures within a
    factor of 4 (71 in one and 0.72 in the other agree; 0.9 read as 0.9% and 0.5 read as 50% do not)."""
    middles = []
    for file, group in by_file.items():
        values = [abs(own[file].as_fraction(p.observation.value or 0.0)) for p in group]
        if any(values):
            middles.append(statistics.median(v for v in values if v))
    return not middles or max(middles) <= 4 * min(middles)


_NAMES = {Scale.WHOLE: "whole percents", Scale.FRACTION: "fractions"}


def settle_scales(
    observations: list[Observation], pending: Iterable[Pending]
) -> tuple[list[Observation], list[Problem], list[Problem]]:
    """`observations` with each pending plain figure (held there as written) replaced by its fraction, in the same
    order, or left out when it is in error; with the errors and warnings found.

    Promises: one scale per measure, decided from all its plain figures in all inputs (SPEC §3.3), their headers,
    the other figures in the same columns and the target, or the template's `percent_scale`, so a folder of
    one-month files is read as one workbook is; inputs are read on their own scales only when the whole cannot
    settle it and each input settles its own (see `_decisions`); figures of one measure on two scales are an
    error (`two-scales`, or `percent-scale` against the template's setting) naming both cells; a reading nothing
    settles is taken and named in a `percent-scale-assumed` warning (none when every figure is 0, which reads the
    same either way); each figure is then checked to lie within 0–100%.
    """
    items = list(pending)
    by_measure: dict[str, list[Pending]] = defaultdict(list)
    by_column: dict[object, list[Pending]] = defaultdict(list)
    for p in items:
        by_measure[p.measure.id].append(p)
        by_column[p.column].append(p)
    replaced: dict[int, Observation | None] = {id(p.observation): None for p in items}
    issues: list[Problem] = []
    warnings: list[Problem] = []
    groups = [
        group for measure_items in by_measure.values()
        for group in _decisions(measure_items[0].measure, measure_items, by_column, warnings)
    ]  # fmt: skip
    for measure_items, decision in groups:
        measure = measure_items[0].measure
        if decision.error:
            hint = "write every figure of the measure the same way, or set percent_scale: whole or fraction"
            issues.append(_scale_error(measure, _error_place(measure_items, decision), decision.error, hint))
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


@dataclass(frozen=True)
class BenchmarkFigure:
    """One figure of a Benchmarks sheet: `percent` when a % format or sign says so (`number` is then its fraction);
    otherwise `number` is as written."""

    measure: MeasureDef
    label: str
    year: str
    number: float
    percent: bool
    where: Location
    header: str


def settle_benchmarks(
    figures: list[BenchmarkFigure],
) -> tuple[dict[str, dict[str, Benchmark]], list[Problem], list[Problem]]:
    """The Benchmarks sheet's figures by measure and label, percents as fractions, with the errors and warnings found.

    Plain percent figures are decided per measure as extract figures are (SPEC §3.3): the template's
    `percent_scale`, a figure above 1, the header, the other measures' plain percents in the column, the target;
    two scales are an error naming both cells, a reading nothing settles is a warning naming the measure, and a
    percent outside 0–100% is an error at its cell.
    """
    plain: dict[str, list[BenchmarkFigure]] = defaultdict(list)
    for f in figures:
        if f.measure.unit is Unit.PERCENT and not f.percent:
            plain[f.measure.id].append(f)
    decisions: dict[str, ScaleDecision] = {}
    issues: list[Problem] = []
    warnings: list[Problem] = []
    for measure_id, items in plain.items():
        measure = items[0].measure
        others = [f.number for key, group in plain.items() if key != measure_id for f in group]
        written = [PlainFigure(f.number, str(f.where)) for f in items]
        decision = _decision(measure, written, (f.header for f in items), others)
        if decision.error:
            hint = "write every benchmark of the measure the same way, or set percent_scale: whole or fraction"
            issues.append(_scale_error(measure, items[0].where, decision.error, hint))
        elif decision.warning and any(f.number for f in items):
            warnings.append(
                Problem.warning(
                    "percent-scale-assumed", Location(measure=measure_id), f"benchmarks: {decision.warning}"
                )
            )
        decisions[measure_id] = decision
    found: dict[str, dict[str, Benchmark]] = {}
    for f in figures:
        taken = decisions.get(f.measure.id)
        if taken is not None and taken.error:
            continue
        value = f.number  # a figure written with % is its fraction already
        if f.measure.unit is Unit.PERCENT:
            if taken is not None and not f.percent:
                value = taken.as_fraction(f.number)
            if not -_SLACK <= value <= 1 + _SLACK:
                issues.append(
                    Problem.error(
                        "percent-out-of-range",
                        f.where,
                        f"the benchmark {value * 100:g}% for {f.measure.id} is outside 0–100%",
                        "enter a percentage between 0% and 100%, or set percent_scale for the measure",
                    )
                )
                continue
        found.setdefault(f.measure.id, {})[f.label] = Benchmark(f.label, f.year, value)
    return found, issues, warnings
