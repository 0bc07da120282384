"""Turn a template's YAML data into a validated Template, collecting every problem with its YAML line."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import Any

from ..model import (
    Aggregation,
    AreaBenchmark,
    Benchmark,
    Columns,
    Compute,
    Meaning,
    MeasureDef,
    OutcomeDef,
    PercentScale,
    PeriodType,
    Polarity,
    RagOn,
    Rules,
    Target,
    Template,
    ThemeDef,
    ToleranceKind,
    TrendBasis,
    Unit,
)
from ..numbers import as_written, whole_percent
from .keys import (
    BENCHMARK_KEYS,
    COMPUTE_FOR,
    MEASURE_KEYS,
    MEASURE_REQUIRED,
    OUTCOME_KEYS,
    RULE_KEYS,
    THEME_KEYS,
    TOP_KEYS,
)
from .open_data_keys import (
    area,
    area_benchmark,
    columns,
    is_area_benchmark,
    source,
)
from .reading_keys import reading_rules, symbols
from .spc_keys import spc_rules
from .values import MAX_NUMBER, ValueChecker, large_number
from .yaml_nodes import List, Map


class Checker(ValueChecker):
    """Checks a template's data part by part into a Template; `problems` collects every problem found."""

    def rules(self, data: Map, base: Rules, what: str, percent: bool | None) -> Rules:
        """`base` with the overrides `data` gives; a bad override is recorded and the base value kept.

        `percent` says whether the measure is a percent one; None for `rules:`, whose floor is read for each measure
        instead. The reading keys come first: a percent measure's floor is read on its `percent_scale`.
        """
        rules = spc_rules(self, data, reading_rules(self, data, base))
        if "tolerance" in data:
            line = self.line_of(data, "tolerance")
            rules = replace(
                rules, tolerance=self.attempt(lambda: self.tolerance(data["tolerance"], line), rules.tolerance)
            )
        if "floor" in data and percent is not None:
            line = self.line_of(data, "floor")
            scale = rules.percent_scale
            floor = self.attempt(lambda: self.number(data["floor"], line, "floor", percent, scale)[0], None)
            rules = replace(rules, floor=floor)
        rules = replace(
            rules, rag_on=self.attempt(lambda: self.choice(data, "rag_on", RagOn, rules.rag_on), rules.rag_on)
        )
        basis = self.attempt(lambda: self.choice(data, "trend_basis", TrendBasis, rules.trend_basis), rules.trend_basis)
        rules = replace(rules, trend_basis=basis)
        aggregation = self.attempt(
            lambda: self.choice(data, "aggregation", Aggregation, rules.aggregation), rules.aggregation
        )
        rules = replace(rules, aggregation=aggregation)
        if "thresholds" in data:
            rules = self.attempt(lambda: self.thresholds(data, rules, what), rules)
        return rules

    def thresholds(self, data: Map, rules: Rules, what: str) -> Rules:
        line = self.line_of(data, "thresholds")
        th = self.mapping(data["thresholds"], {"green", "red"}, f"{what} thresholds", line)
        green = th.get("green", rules.green_threshold)
        red = th.get("red", rules.red_threshold)
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (green, red)):
            raise self.fail(line, "thresholds green and red must be numbers between 1 and 3")
        if not 1 <= red < green <= 3:
            raise self.fail(line, f"thresholds need 1 ≤ red < green ≤ 3, found red {red}, green {green}")
        return replace(rules, green_threshold=float(green), red_threshold=float(red))

    def target(self, data: Map, unit: Unit, scale: PercentScale | None) -> Target:
        line = self.line_of(data, "target")
        raw = data.get("target")
        percent = unit is Unit.PERCENT
        if raw is None or (isinstance(raw, str) and raw.strip().lower() == "monitor"):
            return Target(monitor=True)  # `target: null` says "no target", as `note: null` says "no note"
        if isinstance(raw, Map):
            pairs = []
            decimals = None
            for year, value in raw.items():
                if not re.fullmatch(r"\d{4}/\d{2}", str(year)):
                    raise self.fail(
                        raw.key_lines.get(year, line), f"target year must look like 2016/17, found {year!r}"
                    )
                number, decimals = self.number(value, raw.key_lines.get(year, line), "target", percent, scale)
                pairs.append((str(year), number))
            return Target(by_year=tuple(pairs), decimals=decimals)
        value, decimals = self.number(raw, line, "target", percent, scale)
        return Target(value=value, decimals=decimals)

    def benchmarks(
        self, data: Map, unit: Unit, scale: PercentScale | None
    ) -> tuple[tuple[Benchmark, ...], str | None, tuple[AreaBenchmark, ...]]:
        raw = data.get("benchmarks")
        if raw is None:
            return (), None, ()
        if isinstance(raw, str):
            return (), raw.strip(), ()
        if not isinstance(raw, List):
            raise self.fail(self.line_of(data, "benchmarks"), "benchmarks must be a list or free text")
        items = []
        areas = []
        for item in raw:
            if is_area_benchmark(item):
                areas.append(area_benchmark(self, item, raw.line))
                continue
            b = self.mapping(item, BENCHMARK_KEYS, "benchmark", raw.line)
            line = self.line_of(b, "value")
            value, _ = self.number(b.get("value"), line, "benchmark value", unit is Unit.PERCENT, scale)
            items.append(Benchmark(self.text(b, "label", "benchmark"), str(b.get("year", "")).strip(), value))
        return tuple(items), None, tuple(areas)

    def measure(self, data: Any, rules: Rules, line: int) -> MeasureDef:
        """One measure; problems in its fields are recorded and checking goes on with the next field."""
        m = self.mapping(data, MEASURE_KEYS, "measure", line)
        missing = [key for key in MEASURE_REQUIRED if key not in m]
        for key in missing[1:]:
            self.problems.append(self.fail(m.line, f"measure needs '{key}'").problem)
        if missing:
            raise self.fail(m.line, f"measure needs '{missing[0]}'")
        mid = self.text(m, "id", "measure")
        what = f"measure {mid}"
        number = m["number"]
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= MAX_NUMBER:
            shown = large_number(number) if isinstance(number, int) and number > MAX_NUMBER else repr(number)
            self.problems.append(
                self.fail(
                    self.line_of(m, "number"),
                    f"{what}: number must be a whole number from 0 to {MAX_NUMBER:,}, found {shown}",
                ).problem
            )
            number = 0
        unit = self.attempt(lambda: self.choice(m, "unit", Unit, Unit.NUMBER), Unit.NUMBER)
        decimals = m.get("decimals", 0)
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            self.problems.append(
                self.fail(self.line_of(m, "decimals"), f"{what}: decimals must be 0 to 6, found {decimals!r}").problem
            )
            decimals = 0
        status = str(m.get("status", "available")).strip().lower()
        if status not in ("available", "unavailable"):
            self.problems.append(
                self.fail(self.line_of(m, "status"), f"{what}: status must be available or unavailable").problem
            )
        available = status != "unavailable"
        polarity = self.attempt(lambda: self.choice(m, "good_to_be", Polarity, Polarity.NONE), Polarity.NONE)
        period_type = self.attempt(
            lambda: self.choice(m, "period_type", PeriodType, PeriodType.MONTH), PeriodType.MONTH
        )
        compute = self.attempt(lambda: self.choice(m, "compute", Compute, Compute.REPORTED), Compute.REPORTED)
        if compute not in COMPUTE_FOR[period_type]:
            allowed = ", ".join(sorted(c.value for c in COMPUTE_FOR[period_type]))
            self.problems.append(
                self.fail(
                    self.line_of(m, "compute"),
                    f"{what}: compute {compute.value} does not fit period_type {period_type.name.lower()} "
                    f"(allowed: {allowed})",
                ).problem
            )
        measure_rules = self.measure_rules(m, rules, what, unit)
        target = self.measure_target(m, what, unit, available, polarity, measure_rules.percent_scale)
        if measure_rules.floor is not None and polarity not in (Polarity.HIGH, Polarity.LOW):
            self.problems.append(
                self.fail(self.line_of(m, "floor"), f"{what}: a floor needs good_to_be high or low").problem
            )
        no_benchmarks: tuple[tuple[Benchmark, ...], str | None, tuple[AreaBenchmark, ...]] = ((), None, ())
        benchmarks, benchmark_text, area_benchmarks = self.attempt(
            lambda: self.benchmarks(m, unit, measure_rules.percent_scale), no_benchmarks
        )
        note = m.get("note")
        per = self.attempt(lambda: self.per(m, what, unit, compute), None)
        return MeasureDef(
            id=mid,
            number=number,
            title=self.attempt(lambda: self.text(m, "title", what), ""),
            polarity=polarity,
            period_type=period_type,
            unit=unit,
            decimals=decimals,
            target=target,
            compute=compute,
            rules=measure_rules,
            benchmarks=benchmarks,
            benchmark_text=benchmark_text,
            available=available,
            note=str(note).strip() if note is not None else None,
            line=m.line,
            source=self.attempt(lambda: source(self, m, what), None),
            area_benchmarks=area_benchmarks,
            per=per,
        )

    def per(self, m: Map, what: str, unit: Unit, compute: Compute) -> float | None:
        """`per:` (1,000, 10,000, 100,000): a rate's figure from numerator and denominator is n ÷ d × per. A percent
        measure has none (it is held as a fraction); a rate worked out as a ratio must have one."""
        if "per" not in m:
            if unit is Unit.RATE and compute is Compute.RATIO:
                raise self.fail(
                    self.line_of(m, "compute"),
                    f"{what}: a rate worked out as a ratio needs 'per' (e.g. per: 10000 for a rate per 10,000)",
                )
            return None
        line = self.line_of(m, "per")
        raw = m["per"]
        if unit is Unit.PERCENT:
            raise self.fail(line, f"{what}: 'per' is for rates; a percent measure is worked out as a fraction")
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not raw > 0:
            raise self.fail(line, f"{what}: per must be a positive number such as 10000, found {raw!r}")
        return self.figure(raw, line, f"{what}: per")

    def measure_rules(self, m: Map, rules: Rules, what: str, unit: Unit) -> Rules:
        """The rules in force for the measure `m`: the template's, with its own overrides.

        A floor in `rules:` is read again for each measure, on its unit and percent scale. On a percent measure a
        tolerance in units (a plain number) would be a fraction (3 = 300 points), and on any other measure one in
        percentage points (`5pp`) would be 0.05 of its units: each is a problem.
        """
        percent = unit is Unit.PERCENT
        measure_rules = self.rules(m, rules, what, percent)
        if "floor" not in m and self.rules_floor is not None:
            raw, line = self.rules_floor
            scale = measure_rules.percent_scale
            floor = self.attempt(lambda: self.number(raw, line, "the floor in rules:", percent, scale)[0], None)
            measure_rules = replace(measure_rules, floor=floor)
        tolerance = measure_rules.tolerance
        shown = as_written(tolerance.amount)
        misfit: tuple[str, str] | None = None  # (what its own tolerance is, what the rules' is) on this measure
        if percent and tolerance.kind is ToleranceKind.UNITS and tolerance.amount != 0:
            points = as_written(whole_percent(tolerance.amount))
            misfit = (
                f"tolerance {shown} on a percent measure would be {points} percentage points; write {shown}pp "
                "(percentage points) or a share of the target such as 10%",
                f"the rules' tolerance {shown} applies to this percent measure, where it would be {points} "
                f"percentage points; write {shown}pp or a share of the target such as 10% (in rules: or on the "
                "measure)",
            )
        elif not percent and tolerance.kind is ToleranceKind.POINTS and tolerance.amount != 0:
            misfit = (
                f"tolerance {shown}pp is percentage points, but the measure is not a percent one; write {shown} "
                f"({unit.value} units) or a share of the target such as 10%",
                f"the rules' tolerance {shown}pp (percentage points) applies to this measure, which is not a percent "
                f"one; write {shown} ({unit.value} units) or a share of the target such as 10% (in rules: or on the "
                "measure)",
            )
        if misfit is not None and "tolerance" in m:
            self.problems.append(self.fail(self.line_of(m, "tolerance"), f"{what}: {misfit[0]}").problem)
        elif misfit is not None and measure_rules.floor is None:  # a floor of its own replaces the band
            self.problems.append(self.fail(m.line, f"{what}: {misfit[1]}").problem)
        return measure_rules

    def measure_target(
        self, m: Map, what: str, unit: Unit, available: bool, polarity: Polarity, scale: PercentScale | None
    ) -> Target:
        """The measure's target; a numeric target needs a polarity to be rated against."""
        if "target" in m:
            target = self.attempt(lambda: self.target(m, unit, scale), Target(monitor=True))
        elif available:
            self.problems.append(self.fail(m.line, f"{what} needs a target (a number, '60%', or Monitor)").problem)
            return Target(monitor=True)
        else:
            return Target(monitor=True)
        if not target.monitor and polarity is Polarity.NONE:
            self.problems.append(
                self.fail(
                    self.line_of(m, "target"), f"{what}: a numeric target needs good_to_be high, low or target"
                ).problem
            )
        return target

    def template(self, data: Any, name: str, sha: str) -> Template:
        """The whole template; raise nothing, but read `problems` afterwards (the result is unusable if any)."""
        top = self.mapping(data, TOP_KEYS, "the template", 1)
        rules = Rules()
        if "rules" in top:
            line = self.line_of(top, "rules")
            rules_map = self.attempt(lambda: self.mapping(top["rules"], RULE_KEYS, "rules", line), None)
            if rules_map is not None:
                rules = self.rules(rules_map, rules, "rules", None)
                if "floor" in rules_map:  # read for each measure on its unit and scale, not once for all
                    self.rules_floor = (rules_map["floor"], self.line_of(rules_map, "floor"))
        seen = _Seen()
        outcomes = []
        for item in self.attempt(lambda: self.sequence(top, "outcomes", "the template"), List()):
            outcome = self.attempt(partial(self.outcome, item, top.line, rules, seen), None)
            if outcome is not None:
                outcomes.append(outcome)
        title = self.attempt(lambda: self.text(top, "title", "the template", default="Appendix 1"), "Appendix 1")
        portfolio = str(top.get("portfolio") or "").strip()
        author = str(top.get("author") or portfolio or title).strip()
        none: tuple[tuple[str, Meaning], ...] = ()
        table = self.attempt(lambda: symbols(self, top), none)
        short_name = str(top.get("short_name") or "").strip()
        council_area = self.attempt(lambda: area(self, top), None)
        no_roles: Columns = ()
        roles = self.attempt(lambda: columns(self, top, "the template"), no_roles)
        return Template(
            name,
            title,
            portfolio,
            author,
            rules,
            tuple(outcomes),
            self.source,
            sha,
            table,
            short_name=short_name,
            area=council_area,
            columns=roles,
        )

    def outcome(self, data: Any, line: int, rules: Rules, seen: _Seen) -> OutcomeDef:
        """One outcome and its themes."""
        o = self.mapping(data, OUTCOME_KEYS, "outcome", line)
        themes = []
        for item in self.attempt(lambda: self.sequence(o, "themes", "an outcome"), List()):
            theme = self.attempt(partial(self.theme, item, o.line, rules, seen), None)
            if theme is not None:
                themes.append(theme)
        return OutcomeDef(self.attempt(lambda: self.text(o, "name", "an outcome"), ""), tuple(themes))

    def theme(self, data: Any, line: int, rules: Rules, seen: _Seen) -> ThemeDef:
        """One theme and its measures; a measure id, number or title given before is a problem."""
        t = self.mapping(data, THEME_KEYS, "theme", line)
        measures = []
        for item in self.attempt(lambda: self.sequence(t, "measures", "a theme"), List()):
            measure = self.attempt(partial(self.measure, item, rules, t.line), None)
            if measure is None:
                continue
            if measure.id in seen.ids:
                first = seen.ids[measure.id]
                self.problems.append(
                    self.fail(measure.line, f"duplicate measure id {measure.id} (first at line {first})").problem
                )
            if measure.number in seen.numbers:
                first = seen.numbers[measure.number]
                message = f"duplicate measure number {measure.number} (first at line {first})"
                self.problems.append(self.fail(measure.line, message).problem)
            title = " ".join(measure.title.casefold().split())  # as an extract's measure cell is matched
            if title and title in seen.titles:
                other, first = seen.titles[title]
                message = (
                    f"measure {measure.id} has the title {measure.title!r}, as {other} (line {first}) has, so a row "
                    "naming it by title could be either's; give each measure its own title"
                )
                self.problems.append(self.fail(measure.line, message, "duplicate-title").problem)
            seen.ids.setdefault(measure.id, measure.line)
            seen.numbers.setdefault(measure.number, measure.line)
            seen.titles.setdefault(title, (measure.id, measure.line))
            measures.append(measure)
        return ThemeDef(self.attempt(lambda: self.text(t, "name", "a theme"), ""), tuple(measures))


class _Seen:
    """The measure ids, numbers and titles met so far, with the line of each (and a title's measure id)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.numbers: dict[int, int] = {}
        self.titles: dict[str, tuple[str, int]] = {}
