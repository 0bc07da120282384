"""The report as one self-contained HTML document (styles inline, no external requests): for a council, its summary
and each portfolio's Appendix; each portfolio's Summary and exceptions; the key; About. It lays out what the pack
carries, as displayed, and decides nothing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..model import Arrow, CouncilScorecard, Counts, Figure, OutcomeResult, Rag, Scorecard, TrendLine
from .svg import trend_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Portfolio:
    """One portfolio as the document shows it: its section id, sheet name, scorecard and trend charts by measure."""

    slug: str
    sheet: str
    scorecard: Scorecard
    charts: dict[str, Markup]
    alts: dict[str, str]


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rag_glyph"] = rag_glyph
    env.filters["rag_word"] = rag_word
    env.filters["rag_class"] = rag_class
    env.globals["figure_cell"] = figure_cell
    env.globals["headings"] = headings
    return env


def rag_glyph(rag: Rag | None) -> str:
    """The RAG's symbol (`★`), blank when it has none."""
    if rag is None or " " not in rag.value:
        return ""
    return rag.value.split(" ")[0]


def rag_word(rag: Rag | None) -> str:
    """The RAG's word (`Green`), blank for no RAG."""
    return "" if rag is None else rag.word


def rag_class(rag: Rag | None) -> str:
    """The CSS class of a RAG cell (`rag-green`)."""
    return "" if rag is None else f"rag-{rag.name.lower()}"


def figure_cell(figure: Figure, text: str) -> Markup:
    """A figure as displayed (`↑ 61%`), the arrow hidden from assistive technology and its meaning given in words."""
    if figure.arrow is None or not text:
        return Markup.escape(text)
    arrow: Arrow = figure.arrow
    return Markup(
        '<span class="arrow arrow-{cls}" aria-hidden="true">{glyph}</span>'
        '<span class="visually-hidden">{meaning}, </span> {text}'
    ).format(cls=arrow.name.lower(), glyph=arrow.value, meaning=arrow.meaning, text=text)


def headings(outcome: OutcomeResult) -> list[tuple[str, str, Rag, Counts]]:
    """The Summary's lines of `outcome`: the outcome, then each of its themes, with RAG and counts."""
    return [("Outcome", outcome.name, outcome.rag, outcome.counts)] + [
        ("Theme", t.name, t.rag, t.counts) for t in outcome.themes
    ]


def _portfolio(index: int, sheet: str, sc: Scorecard) -> Portfolio:
    lines: dict[str, TrendLine] = {line.measure.id: line for line in sc.trend_lines}
    charts: dict[str, Markup] = {}
    alts: dict[str, str] = {}
    for row in sc.rows:
        line = lines.get(row.measure.id)
        if line is None or not row.measure.available:
            continue
        svg = trend_svg(line, f"trend-{index}-{row.measure.id}")
        if svg:
            charts[row.measure.id] = svg
            alts[row.measure.id] = line.with_target or line.description
    return Portfolio(f"portfolio-{index}", sheet, sc, charts, alts)


def document_title(pack: CouncilScorecard) -> str:
    """The document's title: the council's (or the template's, with its portfolio) and the report month."""
    if pack.council.alone:
        tpl = pack.portfolios[0].template
        name = f"{tpl.title} - {tpl.portfolio}" if tpl.portfolio else tpl.title
    else:
        name = pack.council.title
    return f"{name}, performance to {pack.period.label}"


def render_html(pack: CouncilScorecard) -> str:
    """The HTML edition of `pack`: the same pack gives the same text, byte for byte."""
    portfolios = [
        _portfolio(i, sheet, sc)
        for i, (sheet, sc) in enumerate(zip(pack.council.sheet_names, pack.portfolios, strict=True), 1)
    ]
    env = _environment()
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        pack=pack,
        combined=pack.combined,
        portfolios=portfolios,
        title=document_title(pack),
        css=Markup(css),
    )
