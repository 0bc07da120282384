"""The one place where the page turns findings, errors and a scorecard into plain display data for its HTML.

Everything the templates show comes through here, as frozen dataclasses of strings: a finding's place and
message (with the request's temporary folder taken out, so the page names the uploaded file, never a path),
the validation report, and the Appendix 1 preview with the workbook's figures, arrows, RAG and colours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scorecard_xl import ScorecardError, ValidationReport
from scorecard_xl.errors import InputError, TemplateError
from scorecard_xl.model import Arrow, Counts, Figure, MeasureRow, Problem, Rag, Scorecard, month_ranges

# The workbook's colours (its layout module holds the same values): text on fill, each at least 4.5:1.
RAG_CLASS = {Rag.GREEN: "rag-green", Rag.AMBER: "rag-amber", Rag.RED: "rag-red", Rag.MONITOR: "rag-monitor"}
ARROW_CLASS = {Arrow.UP: "arrow-up", Arrow.DOWN: "arrow-down", Arrow.SAME: "arrow-same"}


@dataclass(frozen=True)
class Finding:
    """One error or warning as the page lists it: where (file, sheet!cell), what, and what to do."""

    where: str
    message: str
    hint: str = ""
    code: str = ""

    @property
    def line(self) -> str:
        """The whole finding on one line, as the command line prints it (without `error:`)."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} — {self.hint}" if self.hint else text


@dataclass(frozen=True)
class MonthsFound:
    """The months one measure has figures for, as ranges (`Apr 2015–Sep 2016`)."""

    measure_id: str
    ranges: str


@dataclass(frozen=True)
class Report:
    """The validation report as shown: errors, warnings, sheets read and skipped, months per measure."""

    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    sheets: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    months: tuple[MonthsFound, ...] = ()
    period: str = ""


@dataclass(frozen=True)
class RagCell:
    """A RAG as shown: glyph and word (readable without colour) and the CSS class that colours it."""

    text: str
    word: str
    css: str


@dataclass(frozen=True)
class FigureCell:
    """A figure as shown: the number as the workbook formats it, its arrow and what the arrow means."""

    text: str
    arrow: str = ""
    meaning: str = ""
    css: str = ""


@dataclass(frozen=True)
class MeasureLine:
    """One measure row of the preview."""

    number: str
    title: str
    good: str
    period: str
    target: str
    figures: tuple[FigureCell, ...]
    rag: RagCell | None
    benchmarks: str
    narrative: str
    available: bool
    trend: str
    variation: str = ""  # the Variation and Assurance cells, shown when the scorecard has SPC
    assurance: str = ""


@dataclass(frozen=True)
class Heading:
    """An outcome or theme heading row: level, name, RAG and the counts it rests on."""

    level: str
    name: str
    rag: RagCell
    counts: str
    rows: tuple[MeasureLine, ...] = ()


@dataclass(frozen=True)
class Preview:
    """Appendix 1 as the page's table shows it, with the RAG counts and the download file names."""

    title: str
    portfolio: str
    period: str
    columns: tuple[str, ...]
    outcomes: tuple[tuple[Heading, tuple[Heading, ...]], ...]
    counts: tuple[tuple[RagCell, int], ...]
    measures: int
    unavailable: int
    warnings: int
    spc: bool = False  # the Variation and Assurance columns follow the RAG


def clean(text: str, folders: Sequence[str]) -> str:
    """`text` with each of the request's temporary folders (and the separator after it) taken out."""
    for folder in folders:
        for variant in (folder.rstrip("/\\") + "/", folder.rstrip("/\\") + "\\", folder):
            text = text.replace(variant, "")
    return text


def finding(found: Problem, folders: Sequence[str]) -> Finding:
    """An error or warning as the page lists it, with the request's folders taken out of it."""
    return Finding(clean(found.where, folders), clean(found.message, folders), clean(found.hint, folders), found.code)


def error(exc: ScorecardError, folders: Sequence[str]) -> tuple[Finding, ...]:
    """Any ScorecardError as one finding per line it would print on the command line."""
    if isinstance(exc, (InputError, TemplateError)):
        return tuple(finding(p, folders) for p in exc.problems)
    return tuple(Finding("", clean(line, folders)) for line in exc.lines())


def message(text: str) -> Finding:
    """A problem found by the page itself (a size limit, no file chosen)."""
    return Finding("", text)


def report(found: ValidationReport, folders: Sequence[str]) -> Report:
    """The validation report as the page shows it."""
    return Report(
        errors=tuple(finding(e, folders) for e in found.errors),
        warnings=tuple(finding(w, folders) for w in found.warnings),
        sheets=tuple(clean(s, folders) for s in found.sheets),
        skipped=tuple(clean(s, folders) for s in found.skipped),
        months=tuple(MonthsFound(k, found.periods.get(k) or month_ranges(v)) for k, v in found.months.items()),
        period=found.period.label if found.period else "",
    )


def months_found(found: ValidationReport) -> list[tuple[str, str]]:
    """Every month any measure has a figure for, latest first, as (YYYY-MM, `Sep 2016`) choices."""
    months = sorted({m for ms in found.months.values() for m in ms}, reverse=True)
    return [(m.iso, m.label) for m in months]


def rag(value: Rag) -> RagCell:
    """A RAG's glyph and word, and its colour class (none for `None`)."""
    return RagCell(value.value, value.word, RAG_CLASS.get(value, "rag-none"))


def figure(value: Figure, text: str) -> FigureCell:
    """A figure cell as the workbook shows it, `text` as the scorecard displays it (a statistical symbol as
    published in place of a figure, `*` when suppressed, blank when missing, else the number with any flag such as
    `[u]` beside it), with what it means and its arrow."""
    symbol = value.symbol
    if value.value is None and symbol is not None:
        return FigureCell(text, meaning=symbol.meaning.text)
    if value.suppressed:
        return FigureCell(text, meaning="suppressed")
    if value.value is None:
        return FigureCell(text)
    arrow = value.arrow
    return FigureCell(
        text,
        arrow.value if arrow else "",
        arrow.meaning if arrow else "",
        ARROW_CLASS[arrow] if arrow else "",
    )


def svg_points(values: Iterable[float | None], width: float = 80, height: float = 18) -> str:
    """SVG polyline points for a trend's figures (gaps skipped); empty when fewer than two."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or 1.0
    last = max(i for i, _ in points) or 1
    return " ".join(
        f"{2 + i * (width - 4) / last:.1f},{height - 2 - (v - low) * (height - 4) / span:.1f}" for i, v in points
    )


def measure(row: MeasureRow, trend: Sequence[float | None]) -> MeasureLine:
    """One measure row as the preview shows it; `trend` is what its Trend chart plots."""
    m = row.measure
    return MeasureLine(
        number=str(m.number),
        title=m.title,
        good=row.good,
        period=row.period_text,
        target=row.target_text,
        figures=tuple(figure(f, text) for f, text in zip(row.figures, row.figure_texts, strict=True)),
        rag=rag(row.rag) if row.rag else None,
        benchmarks=row.benchmarks,
        narrative=row.narrative,
        available=m.available,
        trend=svg_points(trend) if m.available else "",
        variation=row.spc.variation_cell if row.spc else "",
        assurance=row.spc.assurance_cell if row.spc else "",
    )


def counts(found: Counts) -> tuple[tuple[RagCell, int], ...]:
    """Green, Amber, Red and Monitor with how many of each."""
    return (
        (rag(Rag.GREEN), found.green),
        (rag(Rag.AMBER), found.amber),
        (rag(Rag.RED), found.red),
        (rag(Rag.MONITOR), found.monitor),
    )


def preview(card: Scorecard) -> Preview:
    """Appendix 1 as the page's table shows it: the workbook's columns, headings, rows and RAG counts."""
    trends = {  # what each measure's Trend chart draws in the workbook: 13 months, 8 quarters or 5 years
        line.measure.id: tuple(p.plotted for p in line.points) for line in card.trend_lines
    }
    outcomes = tuple(
        (
            Heading("Outcome", o.name, rag(o.rag), o.counts.text),
            tuple(
                Heading(
                    "Theme",
                    t.name,
                    rag(t.rag),
                    t.counts.text,
                    tuple(measure(r, trends.get(r.measure.id, ())) for r in t.rows),
                )
                for t in o.themes
            ),
        )
        for o in card.outcomes
    )
    rows = card.rows
    return Preview(
        title=card.template.title,
        portfolio=card.template.portfolio,
        period=card.period.label,
        columns=card.headers,
        outcomes=outcomes,
        counts=counts(card.rag_counts()),
        measures=len(rows),
        unavailable=sum(1 for r in rows if not r.measure.available),
        warnings=len(card.warnings),
        spc=card.spc,
    )
