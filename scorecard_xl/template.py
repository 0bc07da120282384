"""Load and validate a YAML scorecard template; every error names the file and the YAML line."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from .errors import TemplateError
from .model import (
    Aggregation,
    Benchmark,
    Compute,
    MeasureDef,
    OutcomeDef,
    PeriodType,
    Polarity,
    Rules,
    Target,
    Template,
    ThemeDef,
    Tolerance,
    TrendBasis,
    Unit,
)

DEFAULT_TEMPLATE = "childrens_services"
MAX_TEMPLATE_BYTES = 1024 * 1024

TOP_KEYS = {"title", "portfolio", "author", "rules", "outcomes"}
RULE_KEYS = {"tolerance", "floor", "rag_on", "trend_basis", "aggregation", "thresholds"}
OUTCOME_KEYS = {"name", "themes"}
THEME_KEYS = {"name", "measures"}
MEASURE_KEYS = {
    "id", "number", "title", "good_to_be", "period_type", "unit", "decimals", "target", "compute",
    "benchmarks", "status", "note", "tolerance", "floor", "rag_on", "trend_basis",
}  # fmt: skip
MEASURE_REQUIRED = ("id", "number", "title", "unit")
BENCHMARK_KEYS = {"label", "year", "value"}
COMPUTE_FOR = {
    PeriodType.MONTH: {Compute.REPORTED},
    PeriodType.YEAR_TO_DATE: {Compute.REPORTED, Compute.SUM, Compute.RATIO},
    PeriodType.ROLLING_YEAR: {Compute.REPORTED, Compute.MEAN, Compute.RATIO},
}
_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.(\d*))?)\s*(%|pp)?\s*$")


class _Map(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _NodeProblem(Exception):
    """A YAML problem found while converting nodes: a repeated key or an alias."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _List(list[Any]):
    """A YAML sequence that remembers its line."""

    line: int = 0


def _to_data(loader: yaml.SafeLoader, node: yaml.Node, seen: set[int] | None = None) -> Any:
    seen = set() if seen is None else seen
    line = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:  # an alias (*name): refused, so that no template can expand exponentially
            raise _NodeProblem(line, "YAML aliases (*name) are not allowed in a template; write the value out")
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result = _Map()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if str(key) in result:
                first = result.key_lines[str(key)]
                raise _NodeProblem(key_node.start_mark.line + 1, f"'{key}' is given twice (first at line {first})")
            result[str(key)] = _to_data(loader, value_node, seen)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = _List(_to_data(loader, n, seen) for n in node.value)
        items.line = line
        return items
    return loader.construct_object(node, deep=True)


class _Checker:
    """Turns the YAML data into a Template, raising TemplateError with the line of the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, line: int, message: str) -> TemplateError:
        return TemplateError(f"{self.source} line {line}: {message}")

    def line_of(self, mapping: _Map, key: str) -> int:
        return mapping.key_lines.get(key, mapping.line)

    def mapping(self, data: Any, keys: set[str], what: str, line: int) -> _Map:
        if not isinstance(data, _Map):
            raise self.fail(getattr(data, "line", line), f"{what} must be a mapping of keys to values")
        for key in data:
            if key not in keys:
                guess = difflib.get_close_matches(key, sorted(keys), n=1)
                hint = f" (did you mean '{guess[0]}'?)" if guess else f" (expected one of: {', '.join(sorted(keys))})"
                raise self.fail(self.line_of(data, key), f"unknown key '{key}' in {what}{hint}")
        return data

    def sequence(self, data: _Map, key: str, what: str) -> _List:
        value = data.get(key)
        if not isinstance(value, _List) or not value:
            raise self.fail(self.line_of(data, key), f"{what} needs a non-empty list '{key}'")
        return value

    def text(self, data: _Map, key: str, what: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None or (isinstance(value, (dict, list))) or str(value).strip() == "":
            raise self.fail(self.line_of(data, key), f"{what} needs '{key}' as text")
        return str(value).strip()

    def choice(self, data: _Map, key: str, enum_type: Any, default: Any) -> Any:
        if key not in data:
            return default
        raw = str(data[key]).strip().lower()
        for member in enum_type:
            name = member.name.lower()
            if raw in (name, str(member.value).lower()):
                return member
        options = ", ".join(m.name.lower() for m in enum_type)
        raise self.fail(self.line_of(data, key), f"'{key}' is {data[key]!r}; expected one of: {options}")

    # --- values ---------------------------------------------------------------------------------------------
    def number(self, raw: Any, line: int, what: str, percent: bool) -> tuple[float, int | None]:
        """A number as written: `60%`, `0.6`, `147.7`; returns the value (percent as fraction) and its decimals."""
        if isinstance(raw, bool) or raw is None:
            raise self.fail(line, f"{what} must be a number, found {raw!r}")
        if isinstance(raw, (int, float)):
            value = float(raw)
            if percent and value > 1.5:
                return value / 100.0, None
            return value, None
        match = _NUMBER.match(str(raw))
        if not match or match.group(3) == "pp":
            raise self.fail(line, f"{what} must be a number such as 60% or 147.7, found {raw!r}")
        value = float(match.group(1))
        decimals = len(match.group(2)) if match.group(2) is not None else 0
        if match.group(3) == "%":
            return value / 100.0, decimals
        if percent and value > 1.5:
            return value / 100.0, decimals
        return value, None

    def tolerance(self, raw: Any, line: int) -> Tolerance:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if raw < 0:
                raise self.fail(line, f"tolerance must not be negative, found {raw!r}")
            return Tolerance("units", float(raw))
        match = _NUMBER.match(str(raw))
        if not match or float(match.group(1)) < 0:
            raise self.fail(line, f"tolerance must be like 10% (of target), 5pp or 3 (units), found {raw!r}")
        amount = float(match.group(1))
        if match.group(3) == "%":
            return Tolerance("relative", amount / 100.0)
        if match.group(3) == "pp":
            return Tolerance("points", amount)
        return Tolerance("units", amount)

    def rules(self, data: _Map, base: Rules, what: str, percent: bool = True) -> Rules:
        rules = base
        if "tolerance" in data:
            rules = replace(rules, tolerance=self.tolerance(data["tolerance"], self.line_of(data, "tolerance")))
        if "floor" in data:
            value, _ = self.number(data["floor"], self.line_of(data, "floor"), "floor", percent)
            rules = replace(rules, floor=value)
        if "rag_on" in data:
            rag_on = str(data["rag_on"]).strip().lower()
            if rag_on not in ("displayed", "exact"):
                raise self.fail(self.line_of(data, "rag_on"), f"rag_on must be displayed or exact, found {rag_on!r}")
            rules = replace(rules, rag_on=rag_on)
        rules = replace(rules, trend_basis=self.choice(data, "trend_basis", TrendBasis, rules.trend_basis))
        rules = replace(rules, aggregation=self.choice(data, "aggregation", Aggregation, rules.aggregation))
        if "thresholds" in data:
            line = self.line_of(data, "thresholds")
            th = self.mapping(data["thresholds"], {"green", "red"}, f"{what} thresholds", line)
            green = th.get("green", rules.green_threshold)
            red = th.get("red", rules.red_threshold)
            if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (green, red)):
                raise self.fail(line, "thresholds green and red must be numbers between 1 and 3")
            if not 1 <= red < green <= 3:
                raise self.fail(line, f"thresholds need 1 ≤ red < green ≤ 3, found red {red}, green {green}")
            rules = replace(rules, green_threshold=float(green), red_threshold=float(red))
        return rules

    def target(self, data: _Map, unit: Unit) -> Target:
        line = self.line_of(data, "target")
        raw = data.get("target")
        percent = unit is Unit.PERCENT
        if isinstance(raw, str) and raw.strip().lower() == "monitor":
            return Target(monitor=True)
        if isinstance(raw, _Map):
            pairs = []
            decimals = None
            for year, value in raw.items():
                if not re.fullmatch(r"\d{4}/\d{2}", str(year)):
                    raise self.fail(
                        raw.key_lines.get(year, line), f"target year must look like 2016/17, found {year!r}"
                    )
                number, decimals = self.number(value, raw.key_lines.get(year, line), "target", percent)
                pairs.append((str(year), number))
            return Target(by_year=tuple(pairs), decimals=decimals)
        value, decimals = self.number(raw, line, "target", percent)
        return Target(value=value, decimals=decimals)

    def benchmarks(self, data: _Map, unit: Unit) -> tuple[tuple[Benchmark, ...], str | None]:
        raw = data.get("benchmarks")
        if raw is None:
            return (), None
        if isinstance(raw, str):
            return (), raw.strip()
        if not isinstance(raw, _List):
            raise self.fail(self.line_of(data, "benchmarks"), "benchmarks must be a list or free text")
        items = []
        for item in raw:
            b = self.mapping(item, BENCHMARK_KEYS, "benchmark", raw.line)
            value, _ = self.number(b.get("value"), self.line_of(b, "value"), "benchmark value", unit is Unit.PERCENT)
            items.append(Benchmark(self.text(b, "label", "benchmark"), str(b.get("year", "")).strip(), value))
        return tuple(items), None

    def measure(self, data: Any, rules: Rules, line: int) -> MeasureDef:
        m = self.mapping(data, MEASURE_KEYS, "measure", line)
        for key in MEASURE_REQUIRED:
            if key not in m:
                raise self.fail(m.line, f"measure needs '{key}'")
        mid = self.text(m, "id", "measure")
        what = f"measure {mid}"
        number = m["number"]
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise self.fail(self.line_of(m, "number"), f"{what}: number must be a whole number, found {number!r}")
        unit = self.choice(m, "unit", Unit, Unit.NUMBER)
        decimals = m.get("decimals", 0)
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            raise self.fail(self.line_of(m, "decimals"), f"{what}: decimals must be 0 to 6, found {decimals!r}")
        status = str(m.get("status", "available")).strip().lower()
        if status not in ("available", "unavailable"):
            raise self.fail(self.line_of(m, "status"), f"{what}: status must be available or unavailable")
        available = status == "available"
        polarity = self.choice(m, "good_to_be", Polarity, Polarity.NONE)
        period_type = self.choice(m, "period_type", PeriodType, PeriodType.MONTH)
        compute = self.choice(m, "compute", Compute, Compute.REPORTED)
        if compute not in COMPUTE_FOR[period_type]:
            allowed = ", ".join(sorted(c.value for c in COMPUTE_FOR[period_type]))
            raise self.fail(
                self.line_of(m, "compute"),
                f"{what}: compute {compute.value} does not fit period_type {period_type.name.lower()} "
                f"(allowed: {allowed})",
            )
        if "target" in m:
            target = self.target(m, unit)
        elif available:
            raise self.fail(m.line, f"{what} needs a target (a number, '60%', or Monitor)")
        else:
            target = Target(monitor=True)
        if not target.monitor and polarity is Polarity.NONE:
            raise self.fail(self.line_of(m, "target"), f"{what}: a numeric target needs good_to_be high, low or target")
        measure_rules = self.rules(m, rules, what, unit is Unit.PERCENT)
        if measure_rules.floor is not None and polarity not in (Polarity.HIGH, Polarity.LOW):
            raise self.fail(self.line_of(m, "floor"), f"{what}: a floor needs good_to_be high or low")
        benchmarks, benchmark_text = self.benchmarks(m, unit)
        note = m.get("note")
        return MeasureDef(
            id=mid,
            number=number,
            title=self.text(m, "title", what),
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
        )

    def template(self, data: Any, name: str, sha: str) -> Template:
        top = self.mapping(data, TOP_KEYS, "the template", 1)
        rules = Rules()
        if "rules" in top:
            rules = self.rules(
                self.mapping(top["rules"], RULE_KEYS, "rules", self.line_of(top, "rules")), rules, "rules"
            )
        outcomes = []
        seen_ids: dict[str, int] = {}
        seen_numbers: dict[int, int] = {}
        for o in self.sequence(top, "outcomes", "the template"):
            o = self.mapping(o, OUTCOME_KEYS, "outcome", top.line)
            themes = []
            for t in self.sequence(o, "themes", "an outcome"):
                t = self.mapping(t, THEME_KEYS, "theme", o.line)
                measures = []
                for m in self.sequence(t, "measures", "a theme"):
                    measure = self.measure(m, rules, t.line)
                    if measure.id in seen_ids:
                        raise self.fail(
                            measure.line,
                            f"duplicate measure id {measure.id} (first at line {seen_ids[measure.id]})",
                        )
                    if measure.number in seen_numbers:
                        raise self.fail(
                            measure.line,
                            f"duplicate measure number {measure.number} (first at line {seen_numbers[measure.number]})",
                        )
                    seen_ids[measure.id] = measure.line
                    seen_numbers[measure.number] = measure.line
                    measures.append(measure)
                themes.append(ThemeDef(self.text(t, "name", "a theme"), tuple(measures)))
            outcomes.append(OutcomeDef(self.text(o, "name", "an outcome"), tuple(themes)))
        title = self.text(top, "title", "the template", default="Appendix 1")
        portfolio = str(top.get("portfolio") or "").strip()
        author = str(top.get("author") or portfolio or title).strip()
        return Template(name, title, portfolio, author, rules, tuple(outcomes), self.source, sha)


def _bundled_folder() -> Traversable:
    """The installed package's templates, or `templates/` beside the package in a source checkout."""
    try:
        return resources.files("scorecard_xl.templates")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"


def bundled_templates() -> list[str]:
    """Names of the templates shipped with the package."""
    return sorted(p.name.removesuffix(".yaml") for p in _bundled_folder().iterdir() if p.name.endswith(".yaml"))


def parse_template(text: str, source: str = "<template>", name: str = "template") -> Template:
    """Parse template YAML text into a validated Template; raises TemplateError naming `source` and the line."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise TemplateError(f"{source}: the template is empty")
            data = _to_data(loader, node)
        except _NodeProblem as exc:
            raise TemplateError(f"{source} line {exc.line}: {exc.message}") from exc
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TemplateError(f"{source}{where}: not valid YAML: {problem}") from exc
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _Checker(source).template(data, name, sha)


def load_template(path: str | Path | None = None) -> Template:
    """Load the template at `path` (a file), or the bundled one named `path`, or the default bundled template."""
    if path is None or (isinstance(path, str) and not Path(path).exists() and path in bundled_templates()):
        name = DEFAULT_TEMPLATE if path is None else str(path)
        resource = _bundled_folder() / f"{name}.yaml"
        return parse_template(resource.read_text(encoding="utf-8"), f"{name}.yaml (bundled)", name)
    file = Path(path)
    if file.is_dir():
        raise TemplateError(
            f"{file}: is a folder; give one template .yaml file (a folder of templates is not supported yet)"
        )
    try:
        if file.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"{file}: the template is over {MAX_TEMPLATE_BYTES:,} bytes; is this the right file?")
        raw = file.read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError(
            f"{file}: template not found; give a .yaml file or one of: {', '.join(bundled_templates())}"
        ) from exc
    except OSError as exc:
        raise TemplateError(f"{file}: cannot read the template: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{file}: the template is not UTF-8 text") from exc
    name = file.stem
    return parse_template(text, str(file), name)
