"""The Appendix table as displayed, in words: its headers, and each row's Data period, Good to be, Target and figures;
pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Figure, MeasureRow, Month, Unit
from ..numbers import format_number

UNAVAILABLE = "Data currently unavailable"


def table_headers(columns: Sequence[Month], *, spc: bool = False) -> tuple[str, ...]:
    """The Appendix 1 table's column headers, left to right, with a figure column per report month; with `spc`,
    `Variation` and `Assurance` after the RAG."""
    return (
        "No.",
        "Measure",
        "Good to be",
        "Data period",
        "Target",
        *(m.label for m in columns),
        "Trend (13 months)",
        "Latest performance (RAG)",
        *(("Variation", "Assurance") if spc else ()),
        "Benchmarks",
        "Narrative",
    )


def figure_text(figure: Figure, unit: Unit, decimals: int) -> str:
    """A figure cell as displayed: its symbol or `*` in place of it (`Figure.in_place`), blank when missing, else
    the number at the measure's decimals with any symbol's code beside it (`12.3 [u]`)."""
    shown = figure.in_place
    if shown is not None:
        return shown
    if figure.value is None:
        return ""
    flag = figure.flag
    return format_number(figure.value, unit, decimals) + (f" [{flag}]" if flag is not None else "")


def displayed(row: MeasureRow) -> MeasureRow:
    """`row` with its cells as displayed: the Data period (`Data currently unavailable` for a measure unavailable),
    Good to be, the target (`Monitor`, or at the decimals it was written with), every figure, the latest figure,
    and what the latest figure's arrow compared with."""
    m = row.measure
    figures = tuple(figure_text(f, m.unit, m.decimals) for f in row.figures)
    compared = row.latest.compared_with
    latest = figure_text(row.latest, m.unit, m.decimals)
    if not m.available:
        return replace(row, period_text=UNAVAILABLE, figure_texts=figures, latest_text=latest)
    decimals = m.target.decimals if m.target.decimals is not None else m.decimals
    if m.target.monitor:
        target = "Monitor"
    else:
        target = "" if row.target is None else format_number(row.target, m.unit, decimals)
    return replace(
        row,
        period_text=row.period_label or m.period_type.value,
        good=m.polarity.value,
        target_text=target,
        figure_texts=figures,
        latest_text=latest,
        compared_text="" if compared is None else m.period_label(compared),
    )
