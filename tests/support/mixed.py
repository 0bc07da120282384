"""A small scorecard of every kind: monthly, quarterly, annual and unavailable measures, and a measure per
statistical symbol, as a template and a long CSV extract made in a test's folder."""

from __future__ import annotations

import csv
from pathlib import Path

from .templates import one_theme

SYMBOLS = ("c", "[c]", "*", "<5", "x", "[x]", "..", "n/a", "z", ".", "low", "u", "-")


def _quarter_ends() -> list[str]:
    months, year, month = [], 2014, 3
    for _ in range(11):
        months.append(f"{year}-{month:02d}")
        month += 3
        if month > 12:
            year, month = year + 1, month - 12
    return months


def mixed_scorecard(folder: Path) -> tuple[Path, Path]:
    """(extract, template) for Sep 2016: M1 a monthly percent, Q1 quarterly, Y1 annual, U1 unavailable, and
    S1 … S13 monthly counts whose Sep 2016 figure is each statistical symbol in turn (Aug 2016 a number)."""
    measures = [
        "{id: M1, number: 1, title: Monthly rate, good_to_be: high, unit: percent, target: 0.5}",
        "{id: Q1, number: 2, title: Quarterly count, good_to_be: high, unit: count, target: 15, frequency: quarter}",
        "{id: Y1, number: 3, title: Annual count, good_to_be: low, unit: count, target: 90, frequency: year}",
        "{id: U1, number: 4, title: Not yet collected, good_to_be: high, unit: count, target: 1, status: unavailable}",
    ]
    measures += [
        f"{{id: S{i}, number: {4 + i}, title: Symbol {i}, good_to_be: high, unit: count, target: Monitor}}"
        for i in range(1, len(SYMBOLS) + 1)
    ]
    template = folder / "mixed.yaml"
    template.write_text(one_theme(*measures, portfolio="Mixed portfolio"), encoding="utf-8")
    extract = folder / "mixed.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Measure", "Period", "Value"])
        writer.writerows(("M1", f"{2015 + (8 + i) // 12}-{(8 + i) % 12 + 1:02d}", 0.3 + i / 50) for i in range(13))
        writer.writerows(("Q1", month, 11 + i) for i, month in enumerate(_quarter_ends()))
        writer.writerows(("Y1", f"{2011 + i}/{(12 + i) % 100:02d}", 101 + i) for i in range(5))
        for i, symbol in enumerate(SYMBOLS, 1):
            writer.writerow((f"S{i}", "2016-08", 10 + i))
            writer.writerow((f"S{i}", "2016-09", symbol))
    return extract, template
