"""Render a Scorecard, or a council's pack of them, to the workbook (.xlsx): its settings, then each sheet in order."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import replace

import xlsxwriter

from ..collecting import paused
from ..model import BUILT_BY, CouncilScorecard, Scorecard
from . import layout
from .about import write_about
from .appendix import write_appendix
from .cells import context
from .chart_data import write_chart_data
from .council_summary import write_council_summary
from .data import write_data
from .exceptions import write_exceptions
from .summary import write_summary


def open_workbook(path: str) -> xlsxwriter.Workbook:
    """A workbook at `path` with the settings every workbook we write shares: text never turned into formulas,
    numbers or links; Arial 10 (with a metric twin wherever LibreOffice is, so widths print the same)."""
    return xlsxwriter.Workbook(
        path,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": layout.FONT, "font_size": layout.FONT_SIZE},
            "default_row_height": 17,
        },
    )


def write_workbook(scorecard: Scorecard, path: str) -> None:
    """Write the Appendix 1, Summary, Data and About sheets of `scorecard` to `path` (overwriting it).

    Promises: the same scorecard gives a byte-identical file (no wall-clock time inside); figures and targets
    are numbers; every text is written as a string, never a formula. Any XlsxWriter warning (which would
    otherwise silently drop a feature) is raised as an error.
    """
    creation = scorecard.period.shift(1)
    with warnings.catch_warnings(), paused():
        warnings.simplefilter("error")
        wb = open_workbook(path)
        tpl = scorecard.template
        wb.set_properties(
            {
                "title": f"{tpl.title}: {tpl.portfolio}" if tpl.portfolio else tpl.title,
                "subject": f"Performance scorecard to {scorecard.period.label}",
                "author": tpl.author,
                "keywords": "performance, scorecard, RAG",
                "comments": f"{BUILT_BY} {scorecard.version}",
                "created": dt.datetime(creation.year, creation.month, 1),
            }
        )
        # The Data rows are laid out first so that the Appendix's Trend charts can point at them.
        ctx = context(wb, scorecard)
        write_appendix(ctx)
        write_summary(ctx)
        write_data(ctx)
        write_about(ctx)
        write_chart_data(ctx)
        wb.close()


def write_council_workbook(council: CouncilScorecard, path: str) -> None:
    """Write a council's pack to `path`: Council summary, Exceptions, a sheet per portfolio laid out exactly as
    its own Appendix 1 (same cells), then one Data, one About and the hidden Chart data for the whole council.

    Promises as `write_workbook`: byte-identical for the same inputs, numbers as numbers, text as text, and
    any XlsxWriter warning raised as an error.
    """
    creation = council.period.shift(1)
    whole = council.combined
    with warnings.catch_warnings(), paused():
        warnings.simplefilter("error")
        wb = open_workbook(path)
        c = council.council
        wb.set_properties(
            {
                "title": ": ".join(filter(None, (c.title, c.name))),
                "subject": f"Performance scorecards to {council.period.label}: {', '.join(c.sheet_names)}",
                "author": c.name,
                "keywords": "performance, scorecard, RAG, council",
                "comments": f"{BUILT_BY} {council.version}",
                "created": dt.datetime(creation.year, creation.month, 1),
            }
        )
        ctx = context(wb, whole)
        write_council_summary(ctx, council)
        names = dict(zip((id(sc) for sc in council.portfolios), c.sheet_names, strict=True))
        write_exceptions(ctx, [(names[id(sc)], row) for sc, row in council.reds])
        for sheet, portfolio in zip(c.sheet_names, council.portfolios, strict=True):
            write_appendix(replace(ctx, scorecard=portfolio), sheet)
        write_data(ctx)
        write_about(ctx, council)
        write_chart_data(ctx)
        wb.close()
