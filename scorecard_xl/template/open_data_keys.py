"""The template keys for tidy open data: `area:` (top level), a measure's `source:` and benchmarks naming comparator
areas (`{label: England, area: England}`, `{label: …, areas: [...]}`), each checked with its YAML line."""

from __future__ import annotations

from typing import Any

from ..model import COLUMN_ROLES, AreaBenchmark, Columns, Source
from .base import BaseChecker
from .yaml_nodes import List, Map

OPEN_DATA_TOP_KEYS = {"area", "columns"}
OPEN_DATA_MEASURE_KEYS = {"source"}
AREA_BENCHMARK_KEYS = {"label", "area", "areas", "rank"}
SOURCE_ROLES = ("measure", "value", "period")  # the column roles a measure's own `source: {columns: …}` may name


def _scalar(value: Any) -> str | None:
    """A YAML scalar as text (numbers as written), or None for a mapping, list or null."""
    if value is None or isinstance(value, (Map, List, dict, list)):
        return None
    return str(value).strip() or None


def area(checker: BaseChecker, top: Map) -> str | None:
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


def source(checker: BaseChecker, m: Map, what: str) -> Source | None:
    """A measure's `source:`: `column:` and `sheet:` name a column or sheet, `block:` (with `sheet:`) the heading
    of the measure's block of period columns on that sheet, `columns:` the headers of its own column roles; every
    other key is a column → value filter (`indicator: Claimant count`, `measure: Percentage`; `Category: ""`
    chooses the rows left blank)."""
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
    roles: Columns = ()
    for key, value in raw.items():
        if key == "columns":
            roles = columns(checker, raw, f"{what}: source", SOURCE_ROLES)
            continue
        text = _scalar(value)
        if text is None and isinstance(value, str) and key not in ("column", "sheet", "block"):
            filters.append((str(key).strip(), ""))  # `Category: ""`: the row whose cell is blank (the total)
            continue
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
    return Source(tuple(filters), column, sheet, roles, block)


def columns(checker: BaseChecker, data: Map, what: str, allowed: tuple[str, ...] = COLUMN_ROLES) -> Columns:
    """`columns:` (top level or in a `source:`): column role → the header a publisher gives it, for headers SPEC
    §3.2 does not list (`{measure: Service, value: "Rate per 1,000", period: Year}`); a source's own may name the
    roles one measure reads its own way (`allowed`: measure, value, period)."""
    if "columns" not in data:
        return ()
    raw = data["columns"]
    line = checker.line_of(data, "columns")
    if not isinstance(raw, Map) or not raw:
        raise checker.fail(
            line, f"{what} columns must be a mapping of column roles to headers, e.g. {{measure: Service, value: Rate}}"
        )
    pairs: list[tuple[str, str]] = []
    for role, header in raw.items():
        where = raw.key_lines.get(role, line)
        if str(role) not in allowed:
            said = "unknown role" if str(role) not in COLUMN_ROLES else "a role a measure cannot read its own way"
            raise checker.fail(
                where,
                f"{what} columns: {said} {role!r}; the roles are {', '.join(allowed)}"
                + ("" if allowed == COLUMN_ROLES else " (give the others in the template's own `columns:`)"),
            )
        text = _scalar(header)
        if text is None:
            raise checker.fail(where, f"{what} columns: {role} must be the header of one column, as the file writes it")
        pairs.append((str(role), text))
    headers = [h.casefold() for _, h in pairs]
    twice = next((h for h in headers if headers.count(h) > 1), None)
    if twice is not None:
        raise checker.fail(line, f"{what} columns: one header ({twice!r}) is named for two roles")
    return tuple(pairs)


def is_area_benchmark(item: Any) -> bool:
    """True when a benchmarks item names areas (`area:` or `areas:`) rather than giving a value."""
    return isinstance(item, Map) and ("area" in item or "areas" in item)


def area_benchmark(checker: BaseChecker, item: Map, line: int) -> AreaBenchmark:
    """One benchmark computed from comparator areas: `{label, area}` or `{label, areas: [...]}`; a group may ask
    for the council's rank among it with `rank: true`."""
    b = checker.mapping(item, AREA_BENCHMARK_KEYS, "benchmark naming areas", line)
    label = checker.text(b, "label", "benchmark")
    if "area" in b and "areas" in b:
        raise checker.fail(checker.line_of(b, "areas"), f"benchmark {label!r}: give either area or areas, not both")
    rank = b.get("rank", False)
    if not isinstance(rank, bool) or (rank and "areas" not in b):
        raise checker.fail(
            checker.line_of(b, "rank"), f"benchmark {label!r}: rank must be true or false, and only with areas"
        )
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
    return AreaBenchmark(label, tuple(a for a in members if a is not None), group=True, rank=rank)
