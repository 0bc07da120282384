"""The template keys for tidy open data: `area:` (top level), a measure's `source:` and benchmarks naming comparator
areas (`{label: England, area: England}`, `{label: …, areas: [...]}`), each checked with its YAML line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import AreaBenchmark, Source
from .yaml_nodes import List, Map

if TYPE_CHECKING:
    from .checks import Checker

OPEN_DATA_TOP_KEYS = {"area"}
OPEN_DATA_MEASURE_KEYS = {"source"}
AREA_BENCHMARK_KEYS = {"label", "area", "areas"}


def _scalar(value: Any) -> str | None:
    """A YAML scalar as text (numbers as written), or None for a mapping, list or null."""
    if value is None or isinstance(value, (Map, List, dict, list)):
        return None
    return str(value).strip() or None


def area(checker: Checker, top: Map) -> str | None:
    """The template's `area:` (the council's area name or GSS code), or None when not given."""
    if "area" not in top:
        return None
    text = _scalar(top["area"])
    if text is None:
        raise checker.fail(
            checker.line_of(top, "area"),
            "area must be the council's area name or GSS code, e.g. 'Trafford' or E08000009",
        )
    return text


def source(checker: Checker, m: Map, what: str) -> Source | None:
    """A measure's `source:`: `column:` and `sheet:` name a column or sheet, `block:` (with `sheet:`) the heading
    of the measure's block of period columns on that sheet; every other key is a column → value
    filter (`indicator: Claimant count`, `measure: Percentage`)."""
    if "source" not in m:
        return None
    raw = m["source"]
    line = checker.line_of(m, "source")
    if not isinstance(raw, Map) or not raw:
        raise checker.fail(
            line,
            f"{what}: source must be a mapping such as {{indicator: Claimant count, measure: Percentage}} or "
            "{column: Re_referrals_percent}",
        )
    filters: list[tuple[str, str]] = []
    column = sheet = block = None
    for key, value in raw.items():
        text = _scalar(value)
        if text is None:
            raise checker.fail(raw.key_lines.get(key, line), f"{what}: source {key!r} must be a single value")
        if key == "column":
            column = text
        elif key == "sheet":
            sheet = text
        elif key == "block":
            block = text
        else:
            filters.append((str(key).strip(), text))
    if block is not None and sheet is None:
        raise checker.fail(
            raw.key_lines.get("block", line),
            f"{what}: source block {block!r} needs the sheet it is on, e.g. {{sheet: Table_5, block: {block}}}",
        )
    return Source(tuple(filters), column, sheet, block)


def is_area_benchmark(item: Any) -> bool:
    """True when a benchmarks item names areas (`area:` or `areas:`) rather than giving a value."""
    return isinstance(item, Map) and ("area" in item or "areas" in item)


def area_benchmark(checker: Checker, item: Map, line: int) -> AreaBenchmark:
    """One benchmark computed from comparator areas: `{label, area}` or `{label, areas: [...]}`."""
    b = checker.mapping(item, AREA_BENCHMARK_KEYS, "benchmark naming areas", line)
    label = checker.text(b, "label", "benchmark")
    if "area" in b and "areas" in b:
        raise checker.fail(checker.line_of(b, "areas"), f"benchmark {label!r}: give either area or areas, not both")
    if "area" in b:
        one = _scalar(b["area"])
        if one is None:
            raise checker.fail(checker.line_of(b, "area"), f"benchmark {label!r}: area must be an area name or code")
        return AreaBenchmark(label, (one,))
    raw = b["areas"]
    members = [_scalar(a) for a in raw] if isinstance(raw, List) else []
    if not members or any(a is None for a in members):
        raise checker.fail(
            checker.line_of(b, "areas"), f"benchmark {label!r}: areas must be a list of area names or codes"
        )
    return AreaBenchmark(label, tuple(a for a in members if a is not None), group=True)
