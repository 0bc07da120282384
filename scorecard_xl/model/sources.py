"""Where a measure's figures sit in published open data, and benchmarks that name comparator areas of that data."""

from __future__ import annotations

from dataclasses import dataclass

COLUMN_ROLES = ("measure", "title", "value", "period", "area", "numerator", "denominator", "narrative")
Columns = tuple[tuple[str, str], ...]  # (role, header) pairs a template's `columns:` names


@dataclass(frozen=True)
class Source:
    """How a measure's rows or column are chosen in a tidy file (template `source:`).

    `filters` are (column header, value) pairs a row must hold, any columns (`indicator: Claimant count`,
    `measure: Percentage`); `column` names the column holding the measure's figures in a file with a column per
    indicator (`Re_referrals_percent`); `sheet` names the sheet (or CSV file name) the measure is read from;
    `columns` names the headers of the measure's own column roles (`value: Rate per 1,000`) in tidy data.
    `block` the heading of the measure's block of period columns on a sheet that sets several side by side.
    """

    filters: tuple[tuple[str, str], ...] = ()
    column: str | None = None
    sheet: str | None = None
    columns: Columns = ()
    block: str | None = None

    @property
    def text(self) -> str:
        """The source as the template wrote it, for messages: `indicator: Claimant count, measure: Percentage`."""
        parts = [f"{k}: {v}" for k, v in self.filters]
        if self.column:
            parts.append(f"column: {self.column}")
        if self.sheet:
            parts.append(f"sheet: {self.sheet}")
        if self.columns:
            parts.append("columns: {" + ", ".join(f"{k}: {v}" for k, v in self.columns) + "}")
        if self.block:
            parts.append(f"block: {self.block}")
        return ", ".join(parts)


@dataclass(frozen=True)
class AreaBenchmark:
    """A benchmark computed from the figures of other areas in the same data (`{label: England, area: England}`, or
    `{label: Statistical neighbours (mean), areas: [...]}`: the mean of the members that have a figure)."""

    label: str
    areas: tuple[str, ...]
    group: bool = False
    rank: bool = False  # `rank: true`: the Benchmarks cell also gives the council's rank among the group
