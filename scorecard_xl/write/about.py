"""The `About` sheet: inputs with their SHA-256, template, area, period, version, the rules in force (with each
measure's overrides) and every warning as the command line prints it."""

from __future__ import annotations

from ..model import CouncilScorecard, Scorecard
from . import layout
from .cells import SHEET_ABOUT, Context, print_setup, write_text


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
        ("Built by", f"scorecard-xl {sc.provenance.version}"),
    ]
    if council is not None:
        for sheet, portfolio in zip(council.council.sheet_names, council.portfolios, strict=True):
            t = portfolio.template
            lines.append(("Portfolio sheet", f"{sheet}: {t.portfolio}; template {t.source}  SHA-256 {t.sha256}"))
            lines += [(key, f"{sheet}: {value}") for key, value in portfolio.rules_in_force]
    lines += [("Input", f"{i.name}  SHA-256 {i.sha256}") for i in sc.provenance.inputs]
    lines += [] if council is not None else sc.rules_in_force
    lines += [
        ("Roll-up", sc.roll_up),
        ("Measure RAG counts", sc.rag_counts().text),
        ("Warnings", str(len(sc.warnings)) if sc.warnings else "none"),
    ]
    lines += [("Benchmark source", source) for source in sc.benchmark_sources]
    lines += _revisions(sc)
    lines += [("Warning", w.text) for w in sc.warnings]  # as the command line prints it, hint and all
    lines += [("Skipped sheet", s) for s in sc.provenance.skipped_sheets]
    row = 2
    for key, value in lines:
        write_text(ws, row, 0, key, label)
        write_text(ws, row, 1, value, wrap)
        ws.set_row(row, layout.row_height([(value, 110)]))
        row += 1
    print_setup(ws, None)
