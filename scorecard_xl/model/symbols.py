"""Statistical symbols a figure cell may hold (GSS shorthand and common council usage): each one's meaning and what
it counts as; a template's `symbols:` additions and redefinitions applied to the standard table."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The markers an empty month sheet (new-extract) accepts in its value cells: a few of each kind, easy to type.
ENTRY_MARKERS = ("-", "n/a", "*", "c", "x", "<5")


class Counting(enum.Enum):
    """What a symbol counts as: SUPPRESSED, MISSING (no figure, and a warning naming the periods), NO_FIGURE (a true
    figure too small to show, so no RAG or arrow but nothing is missing) or FIGURE (a number is used)."""

    SUPPRESSED = "suppressed"
    MISSING = "missing"
    NO_FIGURE = "no figure"
    FIGURE = "figure"


class Meaning(enum.Enum):
    """A symbol's meaning; the value is the name a template's `symbols:` mapping uses."""

    CONFIDENTIAL = "confidential"
    NOT_AVAILABLE = "not_available"
    NOT_APPLICABLE = "not_applicable"
    LOW = "low"
    NEGLIGIBLE = "negligible"
    NIL_OR_MISSING = "nil_or_missing"
    NIL = "nil"
    LOW_RELIABILITY = "low_reliability"
    PROVISIONAL = "provisional"
    REVISED = "revised"
    ESTIMATED = "estimated"
    FORECAST = "forecast"
    BREAK_IN_SERIES = "break_in_series"
    EARLIEST_REVISION = "earliest_revision"

    @property
    def text(self) -> str:
        """What the key says the symbol means."""
        return _TEXT[self]

    @property
    def is_flag(self) -> bool:
        """True for meanings that qualify a figure beside them (`12.3 [u]`) rather than replace it."""
        return self in _FLAGS


_TEXT = {
    Meaning.CONFIDENTIAL: "confidential: suppressed to protect individuals",
    Meaning.NOT_AVAILABLE: "not available",
    Meaning.NOT_APPLICABLE: "not applicable",
    Meaning.LOW: "rounds to zero (less than half the last digit shown)",
    Meaning.NEGLIGIBLE: "negligible (less than half the last digit shown)",
    Meaning.NIL_OR_MISSING: "nil or missing (publishers differ)",
    Meaning.NIL: "nil (a true zero)",
    Meaning.LOW_RELIABILITY: "low reliability",
    Meaning.PROVISIONAL: "provisional",
    Meaning.REVISED: "revised",
    Meaning.ESTIMATED: "estimated",
    Meaning.FORECAST: "forecast",
    Meaning.BREAK_IN_SERIES: "break in time series",
    Meaning.EARLIEST_REVISION: "earliest revision",
}
_FLAGS = frozenset(
    {
        Meaning.LOW_RELIABILITY,
        Meaning.PROVISIONAL,
        Meaning.REVISED,
        Meaning.ESTIMATED,
        Meaning.FORECAST,
        Meaning.BREAK_IN_SERIES,
        Meaning.EARLIEST_REVISION,
    }
)
_COUNTS = {
    Meaning.CONFIDENTIAL: Counting.SUPPRESSED,
    Meaning.NOT_AVAILABLE: Counting.MISSING,
    Meaning.NOT_APPLICABLE: Counting.MISSING,
    Meaning.NIL_OR_MISSING: Counting.MISSING,
    Meaning.LOW: Counting.NO_FIGURE,
    Meaning.NEGLIGIBLE: Counting.NO_FIGURE,
    Meaning.NIL: Counting.FIGURE,
}
# The standard table (SPEC §3.5; GSS "Using symbols and shorthand in tables"), keyed by the folded symbol.
_STANDARD: dict[str, Meaning] = {
    "c": Meaning.CONFIDENTIAL,
    "*": Meaning.CONFIDENTIAL,
    "x": Meaning.NOT_AVAILABLE,
    "..": Meaning.NOT_AVAILABLE,
    "n/a": Meaning.NOT_AVAILABLE,
    "na": Meaning.NOT_AVAILABLE,
    "z": Meaning.NOT_APPLICABLE,
    ".": Meaning.NOT_APPLICABLE,
    "low": Meaning.LOW,
    "u": Meaning.LOW_RELIABILITY,
    "-": Meaning.NIL_OR_MISSING,
    "p": Meaning.PROVISIONAL,
    "r": Meaning.REVISED,
    "e": Meaning.ESTIMATED,
    "f": Meaning.FORECAST,
    "b": Meaning.BREAK_IN_SERIES,
    "er": Meaning.EARLIEST_REVISION,
}
_ALIASES = {"suppressed": Meaning.CONFIDENTIAL, "missing": Meaning.NOT_AVAILABLE, "zero": Meaning.NIL}
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "})
_BRACKETED = re.compile(r"\[\s*([a-z]{1,3})\s*\]", re.I)


class SymbolError(ValueError):
    """A template `symbols:` entry that cannot be used: what is wrong (`message`) and what to do (`fix`)."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Symbol:
    """A symbol as published (`text`, printed unchanged), its folded `code`, its meaning, and for a flag beside a
    figure (`12.3 [u]`) the figure (`71%` text gives 0.71 with `percent`) and every flag's meaning."""

    text: str
    code: str
    meaning: Meaning
    figure: float | None = None
    percent: bool = False
    flags: tuple[Meaning, ...] = ()

    @property
    def counts_as(self) -> Counting:
        """SUPPRESSED, MISSING, NO_FIGURE or FIGURE; a flag standing alone (`u` in place of a figure) is MISSING."""
        if self.meaning.is_flag:
            return Counting.FIGURE if self.figure is not None else Counting.MISSING
        return _COUNTS[self.meaning]

    @property
    def value(self) -> float | None:
        """The number the symbol stands for: the flagged figure, 0.0 for nil, None otherwise."""
        return 0.0 if self.meaning is Meaning.NIL else self.figure

    @property
    def key_text(self) -> str:
        """The key's line for this symbol: `[u] low reliability`; a lone `u` adds `(figure withheld)`."""
        alone = self.meaning.is_flag and self.figure is None
        return f"[{self.code}] {self.meaning.text}{' (figure withheld)' if alone else ''}"


def fold_symbol(text: str) -> str:
    """The key a symbol is looked up by: dashes made plain, spaces collapsed, case folded, brackets removed."""
    folded = " ".join(text.translate(_DASHES).split()).casefold()
    inner = _BRACKETED.fullmatch(folded) or re.fullmatch(r"\[\s*(.+?)\s*\]", folded)
    return inner.group(1) if inner else folded


def symbol_table(overrides: Mapping[str, str | Meaning] | None = None) -> dict[str, Meaning]:
    """The standard table with a template's `symbols:` additions and redefinitions applied, keyed by folded symbol.

    Raises SymbolError for an empty symbol, a symbol that reads as a number, or a meaning name not in `Meaning`.
    """
    table = dict(_STANDARD)
    for raw, meaning in (overrides or {}).items():
        code = fold_symbol(str(raw))
        if not code or (re.fullmatch(r"[+-]?[\d.,]+%?", code) and any(ch.isdigit() for ch in code)):
            raise SymbolError(f"symbols: {raw!r} cannot be a symbol", "use text that is not a number, e.g. 'N/R'")
        if isinstance(meaning, Meaning):
            table[code] = meaning
            continue
        name = str(meaning).strip().lower().replace(" ", "_").replace("-", "_")
        known = {m.value: m for m in Meaning} | _ALIASES
        if name not in known:
            allowed = ", ".join(sorted(m.value for m in Meaning))
            raise SymbolError(f"symbols: {raw!r} has the unknown meaning {meaning!r}", f"use one of: {allowed}")
        table[code] = known[name]
    return table


def key_lines(symbols: Iterable[Symbol]) -> list[str]:
    """The key's lines for the symbols that appear, once each, in the order of first appearance."""
    lines: list[str] = []
    for symbol in symbols:
        line = symbol.key_text
        if line not in lines:
            lines.append(line)
    return lines
