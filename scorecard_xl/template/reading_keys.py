"""The template keys that say how a measure's extract figures are read: `frequency`, `year_end`, `percent_scale`
(in `rules:` or per measure) and `symbols:` (top level), each checked with its YAML line."""

from __future__ import annotations

from dataclasses import replace

from ..model import Frequency, Meaning, PercentScale, Rules, SymbolError, fold_symbol, symbol_table
from .base import BaseChecker
from .yaml_nodes import Map

READING_KEYS = {"frequency", "year_end", "percent_scale"}
_YEAR_END_WORDS = {"financial": 3, "march": 3, "academic": 8, "august": 8, "calendar": 12, "december": 12}


def year_end(checker: BaseChecker, data: Map) -> int:
    """`year_end` as a month number: 1–12, or `financial` (3), `academic` (8), `calendar` (12), or a month name."""
    raw = data["year_end"]
    line = checker.line_of(data, "year_end")
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 12:
        return raw
    word = str(raw).strip().lower()
    if word in _YEAR_END_WORDS:
        return _YEAR_END_WORDS[word]
    raise checker.fail(
        line,
        f"year_end is {raw!r}; expected a month number 1-12, or financial (March), academic (August) or calendar "
        "(December)",
    )


def reading_rules(checker: BaseChecker, data: Map, rules: Rules) -> Rules:
    """`rules` with the `frequency`, `year_end` and `percent_scale` that `data` gives; a bad one is recorded and the
    base value kept."""
    frequency = checker.attempt(lambda: checker.choice(data, "frequency", Frequency, rules.frequency), rules.frequency)
    ends = checker.attempt(lambda: year_end(checker, data), rules.year_end) if "year_end" in data else rules.year_end
    scale = checker.attempt(
        lambda: checker.choice(data, "percent_scale", PercentScale, rules.percent_scale), rules.percent_scale
    )
    return replace(rules, frequency=frequency, year_end=ends, percent_scale=scale)


def symbols(checker: BaseChecker, top: Map) -> tuple[tuple[str, Meaning], ...]:
    """The template's `symbols:` mapping (symbol → meaning name), checked against the standard table."""
    raw = top.get("symbols")
    if raw is None:
        return ()
    line = checker.line_of(top, "symbols")
    if not isinstance(raw, Map):
        raise checker.fail(line, 'symbols must be a mapping such as {"-": negligible, "N/R": not_available}')
    pairs: list[tuple[str, Meaning]] = []
    for symbol, meaning in raw.items():
        where = raw.key_lines.get(symbol, line)
        try:
            table = symbol_table({str(symbol): str(meaning)})
        except SymbolError as exc:
            checker.problems.append(checker.fail(where, f"{exc.message} — {exc.fix}", "bad-symbol").problem)
            continue
        pairs.append((str(symbol), table[fold_symbol(str(symbol))]))
    return tuple(pairs)
