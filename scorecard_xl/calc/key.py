"""The key printed under Appendix 1 and the About sheet's rules in force, in words, from the rules, frequencies and
symbols actually in force on a scorecard; pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Aggregation, Compute, Frequency, MeasureDef, Rag, RagOn, Rules, Scorecard, TrendBasis, Unit
from ..numbers import as_written, whole_percent

_PREVIOUS = {Frequency.MONTH: "the previous month", Frequency.QUARTER: "the previous quarter",
             Frequency.YEAR: "the previous year"}  # fmt: skip
_YEAR_EARLIER = {Frequency.MONTH: "the same month a year earlier", Frequency.QUARTER: "the same quarter a year earlier",
                 Frequency.YEAR: "the previous year"}  # fmt: skip
_WHICH = {Frequency.MONTH: "monthly and rolling-year measures", Frequency.QUARTER: "quarterly measures",
          Frequency.YEAR: "annual measures"}  # fmt: skip


def trend_words(scorecard: Scorecard) -> str:
    """What the arrows compare with, as the key states it, from the bases and frequencies actually in force: a
    quarterly measure's arrow compares with the previous quarter, an annual one's with the previous year.

    Each comparison is named once, with what it applies to when there are several: the kinds of measure `auto`
    resolves for, and the ids of measures whose own `trend_basis` differs from the template's."""
    default = scorecard.template.rules.trend_basis
    phrases: dict[str, tuple[list[str], list[str], list[bool]]] = {}  # phrase → kinds, measure ids, by default
    for row in scorecard.rows:
        m = row.measure
        basis, frequency = m.rules.trend_basis, m.frequency
        kind: str | None = None
        if basis is TrendBasis.AUTO:
            year_to_date = m.trend_basis is TrendBasis.SAME_MONTH_LAST_YEAR
            phrase = _YEAR_EARLIER[frequency] if year_to_date else _PREVIOUS[frequency]
            kind = "year-to-date measures" if year_to_date else _WHICH[frequency]
        elif basis is TrendBasis.PREVIOUS_COLUMN:
            phrase = "the figure in the column to its left"
        elif basis is TrendBasis.PREVIOUS_MONTH:
            phrase = _PREVIOUS[frequency]
        else:
            phrase = _YEAR_EARLIER[frequency]
        kinds, ids, by_default = phrases.setdefault(phrase, ([], [], []))
        if kind is not None:
            if kind not in kinds:
                kinds.append(kind)
        elif basis is default:
            by_default.append(True)
        else:
            ids.append(m.id)
    if len(phrases) < 2:
        return next(iter(phrases), "the previous month")
    return "; ".join(
        phrase if by_default else f"{phrase} ({', '.join(kinds + ids)})"
        for phrase, (kinds, ids, by_default) in phrases.items()
    )


def symbol_lines(scorecard: Scorecard) -> list[tuple[str, str]]:
    """The key's lines for the statistical symbols the Appendix shows, once each, in order of first appearance:
    (symbol as published, its meaning); none when no symbol appears."""
    lines: dict[str, str] = {}
    for row in scorecard.rows:
        for figure in row.figures:
            symbol = figure.symbol
            if symbol is None and figure.suppressed and figure.value is None:
                lines.setdefault("*", "suppressed to protect confidentiality (small numbers): no RAG, no arrow")
            elif symbol is not None:
                shown = symbol.text if figure.value is None else f"[{symbol.code}]"
                effect = "beside a figure" if figure.value is not None else "no figure: no RAG, no arrow"
                lines.setdefault(shown, f"{symbol.meaning.text} ({effect})")
    return list(lines.items())


def trend_words_key(scorecard: Scorecard) -> str:
    """What the Trend column's line shows, naming the months it spans."""
    months = scorecard.data_months[-13:]
    span = f"{months[0].label} to {months[-1].label}" if months else "the last 13 months"
    others = {row.measure.frequency for row in scorecard.rows} - {Frequency.MONTH}
    periods = ""
    if others:
        periods = " (quarterly measures: their last 8 quarters; annual measures: their last 5 years)"
        periods = periods if len(others) == 2 else periods.replace("; annual measures: their last 5 years", "")
        if others == {Frequency.YEAR}:
            periods = " (annual measures: their last 5 years)"
    worked_out = any(row.measure.compute is not Compute.REPORTED for row in scorecard.rows)
    kind = "figures as shown (year to date, rolling year)" if worked_out else "monthly figures"
    return (
        f"a line of the measure's {kind}, {span}{periods}, scaled to its own lowest and highest figure "
        "so the shape shows (not comparable between rows); a gap is a period with no figure"
    )


def key_lines(scorecard: Scorecard) -> list[tuple[str, str]]:
    """The key printed under the table: (symbol, meaning) pairs."""
    rules = scorecard.template.rules
    tolerances = sorted({r.measure.rules.tolerance.text for r in scorecard.rows if r.measure.rules.floor is None})
    floors = any(r.measure.rules.floor is not None for r in scorecard.rows)
    tolerance = " or ".join(tolerances) if tolerances else rules.tolerance.text
    if floors:
        tolerance += "; or down to the measure's floor where one is set"
    aggregation = (
        f"mean of Green 3, Amber 2, Red 1: {rules.green_threshold:g} or more Green, {rules.red_threshold:g} or less Red"
        if rules.aggregation is Aggregation.MEAN
        else "the worst of its measures"
    )
    return [
        (Rag.GREEN.value, "on target or better"),
        (Rag.AMBER.value, f"short of target by no more than the tolerance ({tolerance})"),
        (Rag.RED.value, "short of target by more than the tolerance"),
        (Rag.MONITOR.value, "no target: shown for information"),
        (
            "↑ ↓ →",
            f"improved, worsened or unchanged (at the precision shown), compared with {trend_words(scorecard)}",
        ),
        *symbol_lines(scorecard),
        ("Trend", trend_words_key(scorecard)),
        ("Theme / Outcome", f"RAG from its measures' (or themes') RAGs, Monitor not counted: {aggregation}"),
        ("Figures", f"quarter-end months of the financial year; the latest is {scorecard.period.label}"),
    ]


def _band(measure: MeasureDef) -> str:
    """The measure's Amber band as the template states it: `10% of target`, `5 percentage points`, `floor 70%`."""
    floor = measure.rules.floor
    if floor is None:
        return measure.rules.tolerance.text
    if measure.unit is Unit.PERCENT:
        return f"floor {as_written(whole_percent(floor))}%"
    return f"floor {as_written(floor)}"


def _compares(rag_on: RagOn) -> str:
    """What the RAG compares with the target, in words."""
    return "the figure as displayed (rounded)" if rag_on is RagOn.DISPLAYED else "the exact figure"


def in_force(default: str, measures: Sequence[MeasureDef], rule: Callable[[MeasureDef], str]) -> str:
    """The default, then each other value some measures have with the measures it applies to:
    `10% of target; 5 percentage points for CS01, CS02; floor 70% for CS05`."""
    others: dict[str, list[str]] = {}
    for m in measures:
        text = rule(m)
        if text != default:
            others.setdefault(text, []).append(m.id)
    return "; ".join([default, *(f"{text} for {', '.join(ids)}" for text, ids in others.items())])


def rules_in_force(sc: Scorecard) -> list[tuple[str, str]]:
    """One portfolio's rules in force, as the About sheet states them: tolerance, what the RAG compares and what
    the arrows compare with."""
    rules, measures = sc.template.rules, sc.template.measures
    return [
        ("Tolerance", in_force(rules.tolerance.text, measures, _band)),
        ("RAG compares", in_force(_compares(rules.rag_on), measures, lambda m: _compares(m.rules.rag_on))),
        ("Trend arrows compare with", trend_words(sc)),
    ]


def roll_up_words(rules: Rules) -> str:
    """How a theme's and an outcome's RAG is rolled up, as the About sheet states it."""
    return (
        f"{rules.aggregation.value}; Green at {rules.green_threshold:g} or more, Red at "
        f"{rules.red_threshold:g} or less (Green 3, Amber 2, Red 1)"
    )
