"""Observations + template + report month → the frozen Scorecard, with every warning collected; no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..model import (
    EXCEL_CELL_LIMIT,
    Benchmark,
    Compute,
    Counts,
    Figure,
    Frequency,
    Location,
    MeasureDef,
    MeasureRow,
    Month,
    Observation,
    OutcomeResult,
    Problem,
    Rag,
    Scorecard,
    Status,
    Template,
    ThemeResult,
)
from ..numbers import format_number
from .comparators import area_benchmarks, comparator_series
from .gaps import figures_outside_columns, missing_months, period_label
from .key import key_lines, roll_up_words, rules_in_force
from .rules import (
    comparison_month,
    figure_for_month,
    measure_rag,
    months_covered,
    report_columns,
    roll_up,
    trend_arrow,
)
from .shown import displayed, table_headers
from .spc import key_lines as spc_key_lines
from .spc import series_spc
from .trend import trend_line, trend_start, trend_window


def latest_month(
    observations: Iterable[Observation], template: Template | None = None, before: Month | None = None
) -> Month | None:
    """The latest month holding any figure (a value or a symbol that is not "missing"), or None.

    With `template`, monthly measures decide when they have figures (a quarterly figure dated January belongs to
    the quarter ending in March, which is not yet the report month); with `before`, later months are passed over.
    """
    monthly = {m.id for m in template.measures if m.frequency is Frequency.MONTH} if template else set()
    missing = Status.MISSING
    # The distinct months (by identity: a sheet's rows share one Month), so that months are compared a few hundred
    # times, not once per observation.
    of_monthly: dict[int, Month] = {}
    of_any: dict[int, Month] = {}
    for o in observations:
        if o.status is not missing:
            (of_monthly if o.measure_id in monthly else of_any)[id(o.month)] = o.month
    for found in (of_monthly, {**of_any, **of_monthly}):
        months = [m for m in found.values() if before is None or m <= before]
        if months:
            return max(months)
    return None


def benchmark_text(measure: MeasureDef, overrides: Mapping[str, Benchmark], computed: Sequence[Benchmark] = ()) -> str:
    """The Benchmarks cell: `Label (Year): value` lines, extract overrides replacing the same label, then the
    benchmarks computed from comparator areas, each followed by its note (a rank among a group) if it has one."""
    if measure.benchmark_text and not overrides and not computed:
        return measure.benchmark_text
    merged = {b.label.casefold(): b for b in measure.benchmarks}
    merged.update({label.casefold(): b for label, b in overrides.items()})
    merged.update({b.label.casefold(): b for b in computed})
    lines = []
    for b in merged.values():
        year = f" ({b.year})" if b.year else ""
        lines.append(f"{b.label}{year}: {format_number(b.value, measure.unit, measure.decimals)}")
        if b.note:
            lines.append(b.note)
    if measure.benchmark_text:
        lines.insert(0, measure.benchmark_text)
    return "\n".join(lines)


_BLANK = Figure(None)
_SUPPRESSED = Status.SUPPRESSED


def _as_read(o: Observation | None) -> Figure:
    """An extract's figure as the Data sheet shows it; one frozen blank Figure serves every empty cell."""
    return _BLANK if o is None else Figure(o.value, o.status is _SUPPRESSED, None, None, o.symbol)


class _Calculator:
    def __init__(
        self,
        template: Template,
        observations: Iterable[Observation],
        period: Month,
        benchmark_overrides: Mapping[str, Mapping[str, Benchmark]],
        comparators: Iterable[Observation] = (),
    ) -> None:
        self.template = template
        self.comparators = comparator_series(comparators)
        self.benchmark_sources: list[str] = []
        self.benchmark_overrides = benchmark_overrides
        self.period = period
        self.columns = report_columns(period)
        self.series: dict[str, dict[Month, Observation]] = defaultdict(dict)
        months: dict[int, Month] = {}  # the distinct months read, by identity: a sheet's rows share one Month
        for o in observations:
            self.series[o.measure_id][o.month] = o
            months[id(o.month)] = o.month
        self.months_read = set(months.values())
        self.warnings: list[Problem] = []
        self.first_used = period  # the earliest month whose figures a shown figure or arrow is made of

    def use(self, measure: MeasureDef, month: Month) -> None:
        """Note that the figure of `measure` for `month` is worked out, so the months it covers are used."""
        first = months_covered(measure, month)[0]
        if first < self.first_used:
            self.first_used = first

    def warn(self, measure: MeasureDef, message: str, code: str, where: Location | None = None) -> None:
        self.warnings.append(Problem.warning(code, where or Location(measure=measure.id), message))

    def figure(self, measure: MeasureDef, month: Month) -> Figure:
        """The figure of the measure's period ending in `month` (blank when none of its periods ends then); a
        year-to-date or rolling figure missing some (not all) periods is a warning."""
        if not measure.is_period_end(month):
            return Figure(None)
        self.use(measure, month)
        result = figure_for_month(measure, month, self.series.get(measure.id, {}))
        if result.missing and len(result.missing) < len(months_covered(measure, month)):
            names = ", ".join(m.label for m in result.missing)
            self.warn(measure, f"no figure for {month.label}: missing {names}", "missing-months")
        if result.value is None:
            return Figure(None, suppressed=result.suppressed, symbol=result.symbol)
        return Figure(result.value, symbol=result.symbol)

    def row(self, measure: MeasureDef) -> MeasureRow:
        latest_end = measure.latest_period_end(self.period)
        target = measure.target.for_month(latest_end, measure.year_end)
        series = self.series.get(measure.id, {})
        if not measure.available:
            if series and any(o.status is not Status.MISSING for o in series.values()):
                self.warn(
                    measure,
                    "the template marks this measure unavailable, so its figures in the extract are not shown",
                    "unavailable-has-data",
                )
            blank = tuple(Figure(None) for _ in self.columns)
            return displayed(MeasureRow(measure, None, blank, None, "", measure.note or ""))
        figures = []
        for month in self.columns:
            if month > self.period:
                figures.append(Figure(None))
                continue
            shown = self.figure(measure, month)
            figures.append(self.with_arrow(measure, month, shown, figures))
        if latest_end in self.columns:
            latest = figures[self.columns.index(latest_end)]
        else:
            latest = self.figure(measure, latest_end)
        rag = self.rag(measure, latest, target, latest_end)
        narrative = self.narrative(measure, latest_end)
        outside = figures_outside_columns(measure, series, figures, self.columns, self.period)
        if outside:
            self.warnings.append(outside)
        no_figure = latest.value is None and latest.symbol is None and not latest.suppressed
        computed, missing = area_benchmarks(
            measure, self.comparators.get(measure.id, {}), self.period, no_figure, series
        )
        self.warnings.extend(missing)
        self.benchmark_sources += [c.source for c in computed]
        benchmarks = benchmark_text(
            measure, self.benchmark_overrides.get(measure.id, {}), [c.benchmark for c in computed]
        )
        spc = series_spc(measure, series, latest_end, target) if measure.rules.spc else None
        return displayed(MeasureRow(
            measure, None if measure.target.monitor else target, tuple(figures), rag, benchmarks, narrative,
            period_label(measure, latest_end), latest, spc=spc,
        ))  # fmt: skip

    def with_arrow(self, measure: MeasureDef, month: Month, shown: Figure, left: list[Figure]) -> Figure:
        if shown.value is None:
            return shown
        compare = comparison_month(measure, month, self.columns)
        if compare is None:
            return shown
        if compare in self.columns and compare < month and self.columns.index(compare) < len(left):
            previous = left[self.columns.index(compare)].value
        else:
            self.use(measure, compare)
            previous = figure_for_month(measure, compare, self.series.get(measure.id, {})).value
        target = measure.target.for_month(month, measure.year_end)
        arrow = trend_arrow(measure.polarity, shown.value, previous, measure.unit, measure.decimals, target)
        return Figure(shown.value, arrow=arrow, compared_with=compare if arrow else None, symbol=shown.symbol)

    def rag(self, measure: MeasureDef, latest: Figure, target: float | None, end: Month) -> Rag | None:
        label = period_label(measure, end, plain=True)
        if latest.suppressed:
            self.warn(measure, f"the figure for {label} is suppressed, so no RAG", "suppressed")
        elif latest.value is None:
            said = f" (the extract gives '{latest.symbol.text}', {latest.symbol.meaning.text})" if latest.symbol else ""
            rated = "Monitor shows no figure" if measure.target.monitor else "so no RAG"
            self.warn(measure, f"no figure for {label}{said}, {rated}", "no-figure")
        if measure.target.monitor:
            return Rag.MONITOR
        if latest.value is None:
            return None
        if target is None:
            self.warn(measure, f"no target for {label}, so no RAG", "no-target")
            return None
        return measure_rag(measure.polarity, latest.value, target, measure.rules, measure.unit, measure.decimals)

    def narrative(self, measure: MeasureDef, end: Month) -> str:
        observation = self.series.get(measure.id, {}).get(end)
        text = observation.narrative if observation and observation.narrative else ""
        if len(text) > EXCEL_CELL_LIMIT:
            self.warn(
                measure,
                f"narrative is {len(text):,} characters, over Excel's {EXCEL_CELL_LIMIT:,}-character cell limit; "
                f"the scorecard shows the first {EXCEL_CELL_LIMIT:,}",
                "narrative-too-long",
                observation.where if observation else None,
            )
            text = text[:EXCEL_CELL_LIMIT]
        return text

    def trend(self, measure: MeasureDef) -> dict[Month, Figure]:
        """The measure's figures for its trend periods (the last 13 months, 8 quarters or 5 years), worked out as
        its shown figures are; the months they are made of are used (so the Data sheet holds them). No warnings:
        a trend period whose months are not all there is a gap in the line."""
        trend: dict[Month, Figure] = {}
        if not measure.available:
            return trend
        series = self.series.get(measure.id, {})
        reported = measure.compute is Compute.REPORTED  # the figure is the extract's own: as the Data sheet has it
        month = trend_start(measure, self.period)
        while month <= self.period:
            if measure.is_period_end(month):
                if reported:
                    trend[month] = _as_read(series.get(month))
                else:
                    self.use(measure, month)
                    result = figure_for_month(measure, month, series)
                    trend[month] = Figure(result.value, suppressed=result.suppressed, symbol=result.symbol)
            month = month.shift(1)
        return trend

    def data_start(self) -> Month:
        """The first month any shown figure, arrow or trend of this template is made of (once its rows are made)."""
        used = min((trend_start(m, self.period) for m in self.template.measures if m.available), default=self.period)
        return min(used, self.first_used)

    def data(
        self, start: Month | None = None
    ) -> tuple[tuple[Month, ...], tuple[tuple[MeasureDef, tuple[Figure, ...]], ...]]:
        """The Data sheet: the months from `data_start` (or `start`, when earlier) or the earliest read, whichever
        is later, to the report month, and each measure's figure for each of them."""
        last = self.period.index
        used = self.data_start() if start is None else min(start, self.data_start())
        first_index = max(min((i for m in self.months_read if (i := m.index) <= last), default=last), used.index)
        first = self.period.shift(first_index - last)
        data_months = tuple(first.shift(i) for i in range(last - first_index + 1))
        rows = []
        for measure in self.template.measures:
            series = self.series.get(measure.id, {}) if measure.available else {}
            # the months shown, not every month read (ten years, say)
            rows.append((measure, tuple(_as_read(series.get(month)) for month in data_months)))
        gap = missing_months(self.template, self.series, data_months)
        if gap:
            self.warnings.append(gap)
        return data_months, tuple(rows)

    @staticmethod
    def aligned(
        trends: Mapping[str, dict[Month, Figure]], template: Template, months: Sequence[Month]
    ) -> tuple[tuple[MeasureDef, tuple[Figure, ...]], ...]:
        """Each measure's trend figures in the Data months' columns, blank elsewhere."""
        return tuple((m, tuple(trends.get(m.id, {}).get(month, _BLANK) for month in months)) for m in template.measures)


def calculate(
    template: Template,
    observations: Iterable[Observation],
    period: Month,
    *,
    benchmarks: Mapping[str, Mapping[str, Benchmark]] | None = None,
    warnings: Iterable[Problem] = (),
    comparators: Iterable[Observation] = (),
    data_from: Month | None = None,
) -> Scorecard:
    """Build the Scorecard for report month `period`.

    Promises: every figure, arrow, RAG and roll-up follows `rules`; each problem that does not stop the build
    (no figure for the period, missing months, figures for an unavailable measure, an over-long narrative)
    is a warning on the result, after the reader's `warnings`. `comparators` (observations with an `area`) give the
    benchmarks that name comparator areas, computed as the council's figure is. The Data months start where the
    first shown figure, arrow or trend draws from, or at `data_from` when that is earlier (a council's portfolios
    share the earliest of theirs). Pure: reads and writes nothing.
    """
    calc = _Calculator(template, observations, period, benchmarks or {}, comparators)
    rules = template.rules

    def rated(rags: list[Rag | None]) -> tuple[Rag, Counts]:
        return roll_up(rags, rules.aggregation, rules.green_threshold, rules.red_threshold), Counts.of(rags)

    outcomes = []
    for outcome in template.outcomes:
        themes = []
        for theme in outcome.themes:
            rows = tuple(calc.row(m) for m in theme.measures)
            themes.append(ThemeResult(theme.name, *rated([r.rag for r in rows]), rows))
        outcomes.append(OutcomeResult(outcome.name, *rated([t.rag for t in themes]), tuple(themes)))
    spc = any(m.rules.spc for m in template.measures)
    trends = {m.id: calc.trend(m) for m in template.measures}
    data_months, data = calc.data(data_from)
    aligned = calc.aligned(trends, template, data_months)
    card = Scorecard(
        template=template,
        period=period,
        columns=calc.columns,
        headers=table_headers(calc.columns, spc=spc),
        spc=spc,
        outcomes=tuple(outcomes),
        data_months=data_months,
        data=data,
        warnings=(*tuple(warnings), *calc.warnings),
        benchmark_sources=tuple(calc.benchmark_sources),
        trends=aligned,
        trend_lines=tuple(trend_line(m, data_months, figures) for m, figures in aligned),
        trend_months=tuple(data_months[i] for i in trend_window(data_months)),
    )
    return replace(
        card,
        key=(*key_lines(card), *spc_key_lines(card.rows)),
        rules_in_force=tuple(rules_in_force(card)),
        roll_up=roll_up_words(rules),
    )
