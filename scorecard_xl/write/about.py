"""The `About` sheet: inputs with their SHA-256, template, area, period, version, the rules in force (with each
measure's overrides) and every warning as the command line prints it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import CouncilScorecard, MeasureDef, RagOn, Scorecard, Unit
from ..numbers import as_written, whole_percent
from . import layout
from .cells import SHEET_ABOUT, Context, print_setup, write_text


def _band(measure: MeasureDef) -> str:
    """The measure's Amber band as the template states it: `10% of target`, `5 percentage points`, `floor 70%`."""
    floor = measure.rules.floor
    if floor is None:
        return measure.rules.tolerance.text
    if measure.unit is Unit.PERCENT:
        return f"floor {as_written(whole_percent(floor))}%"
    return f"floor {as_written(floor)}"


def _compares(rag_on: RagOn) -> str:
    """What the RAG compares with the target, in words."""
    return "the figure as displayed (rounded)" if rag_on is RagOn.DISPLAYED else "the exact figure"


def in_force(default: str, measures: Sequence[MeasureDef], rule: Callable[[MeasureDef], str]) -> str:
    """The default, then each other value some measures have with the measures it applies to:
    `10% of target; 5 percentage points for CS01, CS02; floor 70% for CS05`."""
    others: dict[str, list[str]] = {}
    for m in measures:
        text = rule(m)
        if text != default:
            others.setdefault(text, []).append(m.id)
    return "; ".join([default, *(f"{text} for {', '.join(ids)}" for text, ids in others.items())])


def _rules(sc: Scorecard) -> list[tuple[str, str]]:
    """One portfolio's rules in force: tolerance, what the RAG compares and what the arrows compare with."""
    rules, measures = sc.template.rules, sc.template.measures
    return [
        ("Tolerance", in_force(rules.tolerance.text, measures, _band)),
        ("RAG compares", in_force(_compares(rules.rag_on), measures, lambda m: _compares(m.rules.rag_on))),
        ("Trend arrows compare with", layout.trend_words(sc)),
    ]


def _areas(sc: Scorecard) -> list[tuple[str, str]]:
    """The area whose rows were read from tidy open data (`--area` or the template's `area:`), when one is set (a
    council's portfolios name one at most)."""
    return [("Area", sc.template.area)] if sc.template.area else []


def _revisions(sc: Scorecard) -> list[tuple[str, str]]:
    """Every figure a later extract revised (SPEC §13), where and from what to what, after their count."""
    revised = [f"{w.location}: {w.message}" for w in sc.warnings if w.code == "revised"]
    return [("Revised figures", str(len(revised))), *(("Revised figure", r) for r in revised)] if revised else []


def write_about(ctx: Context, council: CouncilScorecard | None = None) -> None:
    """Add the About sheet, a (key, value) line each; for a council, also each portfolio's sheet, template and
    rules."""
    sc, f = ctx.scorecard, ctx.formats
    ws = ctx.workbook.add_worksheet(SHEET_ABOUT)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 110)
    write_text(ws, 0, 0, "About this scorecard", f(bold=True, font_size=14))
    ws.set_row(0, layout.TITLE_HEIGHT)
    tpl = sc.template
    rules = tpl.rules
    label = f(bold=True)
    wrap = f(text_wrap=True)
    lines: list[tuple[str, str]] = [
        ("Title", tpl.title),
        ("Portfolio", tpl.portfolio),
        *_areas(sc),
        ("Report month", sc.period.label),
        ("Columns", ", ".join(m.label for m in sc.columns)),
        ("Template", f"{tpl.source}"),
        ("Template SHA-256", tpl.sha256),
        ("Built by", f"scorecard-xl {sc.version}"),
    ]
    if council is not None:
        for sheet, portfolio in zip(council.council.sheet_names, council.portfolios, strict=True):
            t = portfolio.template
            lines.append(("Portfolio sheet", f"{sheet}: {t.portfolio}; template {t.source}  SHA-256 {t.sha256}"))
            lines += [(key, f"{sheet}: {value}") for key, value in _rules(portfolio)]
    lines += [("Input", f"{i.name}  SHA-256 {i.sha256}") for i in sc.inputs]
    lines += [] if council is not None else _rules(sc)
    lines += [
        ("Roll-up", f"{rules.aggregation.value}; Green at {rules.green_threshold:g} or more, Red at "
                    f"{rules.red_threshold:g} or less (Green 3, Amber 2, Red 1)"),
        ("Measure RAG counts", sc.rag_counts().text),
        ("Warnings", str(len(sc.warnings)) if sc.warnings else "none"),
    ]  # fmt: skip
    lines += [("Benchmark source", source) for source in sc.benchmark_sources]
    lines += _revisions(sc)
    lines += [("Warning", w.text) for w in sc.warnings]  # as the command line prints it, hint and all
    lines += [("Skipped sheet", s) for s in sc.skipped_sheets]
    row = 2
    for key, value in lines:
        write_text(ws, row, 0, key, label)
        write_text(ws, row, 1, value, wrap)
        ws.set_row(row, layout.row_height([(value, 110)]))
        row += 1
    print_setup(ws, None)
