"""Tell which statistical symbol a figure cell holds (`c`, `[x]`, `..`, `<5`, `low`, `12.3 [u]`), if any."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...model import Meaning, Symbol, fold_symbol, symbol_table
from ...numbers import percent_fraction

_SUPPRESSED_BELOW = re.compile(r"<\s*\d{1,3}")  # `<5`: a count below the threshold, suppressed
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "})
_FIGURE = r"(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)\s*(?P<percent>%?)"
_FLAGGED = re.compile(rf"{_FIGURE}\s*(?P<flags>(?:\[\s*[a-z]{{1,3}}\s*\]\s*)+|[a-z]{{1,2}})", re.I)
_BRACKETED = re.compile(r"\[\s*([a-z]{1,3})\s*\]", re.I)


def parse_symbol(text: str, overrides: Mapping[str, str | Meaning] | None = None) -> Symbol | None:
    """The symbol a figure cell holds (`c`, `[x]`, `..`, `<5`, `low`, `12.3 [u]`, `12.3u`), case-insensitive, with or
    without square brackets; None when the cell holds no symbol (a plain number, blank, prose).

    A flag such as `u` beside a figure gives the figure and the flag; `u` alone (a withheld figure) counts as missing,
    while `p` or `r` alone is no symbol; `overrides` are a template's `symbols:` mapping
    (see `symbol_table`), which win over the standard table. Raises SymbolError for a bad `overrides` mapping.
    """
    table = symbol_table(overrides)
    shown = " ".join(text.replace("\u00a0", " ").split())
    code = fold_symbol(shown)
    if not code:
        return None
    if code in table:
        meaning = table[code]
        if meaning.is_flag and meaning is not Meaning.LOW_RELIABILITY:
            return None  # `p` or `r` alone qualifies nothing; only `u` stands in for a withheld figure
        return Symbol(shown, code, meaning)
    if _SUPPRESSED_BELOW.fullmatch(code):
        return Symbol(shown, code.replace(" ", ""), Meaning.CONFIDENTIAL)
    return _flagged(shown, table)


def _flagged(shown: str, table: Mapping[str, Meaning]) -> Symbol | None:
    match = _FLAGGED.fullmatch(shown.translate(_DASHES))
    if not match or not any(ch.isdigit() for ch in match["number"]):
        return None
    raw_flags = match["flags"]
    codes = [code.lower() for code in _BRACKETED.findall(raw_flags)] or [raw_flags.lower()]
    meanings = tuple(table.get(code) for code in codes)
    if any(meaning is None or not meaning.is_flag for meaning in meanings):
        return None
    flags = tuple(meaning for meaning in meanings if meaning is not None)
    number = float(match["number"].replace(",", ""))
    percent = bool(match["percent"])
    main = next((flag for flag in flags if flag is Meaning.LOW_RELIABILITY), flags[0])
    return Symbol(
        shown, codes[flags.index(main)], main, percent_fraction(number) if percent else number, percent, flags
    )
