"""The `About` sheet: inputs with their SHA-256, template, period, version, the rules in force and every warning."""

from __future__ import annotations

from ..model import CouncilScorecard, RagOn
from . import layout
from .cells import SHEET_ABOUT, Context, print_setup, write_text


def write_about(ctx: Context, council: CouncilScorecard | None = None) -> None:
    """Add the About sheet, a (key, value) line each; for a council, also each portfolio's sheet, template and
    tolerance."""
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
            lines.append(("Tolerance (default)", f"{sheet}: {t.rules.tolerance.text}"))
    lines += [("Input", f"{i.name}  SHA-256 {i.sha256}") for i in sc.inputs]
    compares = "the figure as displayed (rounded)" if rules.rag_on is RagOn.DISPLAYED else "the exact figure"
    lines += [] if council is not None else [("Tolerance (default)", rules.tolerance.text)]
    lines += [
        ("RAG compares", compares),
        ("Trend arrows compare with", layout.trend_words(sc)),
        ("Roll-up", f"{rules.aggregation.value}; Green at {rules.green_threshold:g} or more, Red at "
                    f"{rules.red_threshold:g} or less (Green 3, Amber 2, Red 1)"),
        ("Measure RAG counts", sc.rag_counts().text),
        ("Warnings", str(len(sc.warnings)) if sc.warnings else "none"),
    ]  # fmt: skip
    lines += [("Benchmark source", source) for source in sc.benchmark_sources]
    lines += [("Warning", f"{w.where}: {w.message}") for w in sc.warnings]
    lines += [("Skipped sheet", s) for s in sc.skipped_sheets]
    row = 2
    for key, value in lines:
        write_text(ws, row, 0, key, label)
        write_text(ws, row, 1, value, wrap)
        ws.set_row(row, layout.row_height([(value, 110)]))
        row += 1
    print_setup(ws, None)
