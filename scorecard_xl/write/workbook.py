"""Render a pack (a council of one or more portfolios) to the workbook (.xlsx): its settings, then each sheet."""

from __future__ import annotations

import datetime as dt
import io
import traceback
import warnings
from dataclasses import replace

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

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
from .output import store
from .summary import write_summary


def open_workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    """A workbook made in `buffer` (see `save_workbook`) with the settings every workbook we write shares: text
    never turned into formulas, numbers or links; Arial 10 (with a metric twin wherever LibreOffice is, so widths
    print the same)."""
    return xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": layout.FONT, "font_size": layout.FONT_SIZE},
            "default_row_height": 17,
        },
    )


def save_workbook(wb: xlsxwriter.Workbook, buffer: io.BytesIO, path: str) -> None:
    """Finish `wb` in its `buffer`, then write the bytes to a new file at `path` (see `store`).

    The zip is made in memory, so a disk that fills up fails one write of ours, an OSError, and never inside
    xlsxwriter's zip file (whose clean-up would then fail again, noisily, when it is collected).
    """
    try:
        wb.close()
    except FileCreateError as exc:  # xlsxwriter's wrapping of an OSError
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        for tb in (exc.__traceback__, cause.__traceback__):  # the frames holding the zip file it left open:
            traceback.clear_frames(tb)  # cleared, so that the zip is closed now, into memory, not when collected
        raise cause from exc
    with buffer.getbuffer() as view:
        store(path, view)


def write_workbook(scorecard: Scorecard, path: str) -> None:
    """Write one portfolio's scorecard to `path` as its Appendix 1: `write_pack` for a council of one."""
    write_pack(CouncilScorecard.of(scorecard), path)


def _properties(pack: CouncilScorecard) -> dict[str, object]:
    """The workbook's document properties: a portfolio's alone, or the council's for its pack."""
    creation = pack.period.shift(1)
    common = {
        "comments": f"{BUILT_BY} {pack.provenance.version}",
        "created": dt.datetime(creation.year, creation.month, 1),
    }
    c = pack.council
    if c.alone:
        tpl = c.portfolios[0]
        return {
            "title": f"{tpl.title}: {tpl.portfolio}" if tpl.portfolio else tpl.title,
            "subject": f"Performance scorecard to {pack.period.label}",
            "author": tpl.author,
            "keywords": "performance, scorecard, RAG",
            **common,
        }
    return {
        "title": ": ".join(filter(None, (c.title, c.name))),
        "subject": f"Performance scorecards to {pack.period.label}: {', '.join(c.sheet_names)}",
        "author": c.name,
        "keywords": "performance, scorecard, RAG, council",
        **common,
    }


def write_pack(pack: CouncilScorecard, path: str) -> None:
    """Write a pack to `path`. A council of one: its Appendix 1, Summary, Data, About and the hidden Chart data
    sheet. A council: Council summary, Exceptions, a sheet per portfolio laid out exactly as its own Appendix 1
    (same cells), then one Data, one About and the hidden Chart data for the whole council.

    Promises: the same pack gives a byte-identical file (no wall-clock time inside); figures and targets are
    numbers; every text is written as a string, never a formula. Any XlsxWriter warning (which would otherwise
    silently drop a feature) is raised as an error.
    """
    whole = pack.combined
    alone = pack.council.alone
    with warnings.catch_warnings(), paused():
        warnings.simplefilter("error")
        buffer = io.BytesIO()
        wb = open_workbook(buffer)
        wb.set_properties(_properties(pack))
        # The Data rows are laid out first so that the Appendix's Trend charts can point at them.
        ctx = context(wb, whole)
        if not alone:
            write_council_summary(ctx, pack)
            write_exceptions(ctx, pack.exceptions)
        for sheet, portfolio in zip(pack.council.sheet_names, pack.portfolios, strict=True):
            write_appendix(replace(ctx, scorecard=whole if alone else portfolio), sheet)
        if alone:
            write_summary(ctx)
        write_data(ctx)
        write_about(ctx, None if alone else pack)
        write_chart_data(ctx)
        save_workbook(wb, buffer, path)
