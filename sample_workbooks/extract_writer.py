"""The workbook writer shared by the sample generators `make_sample.py` and `make_adults_sample.py`.

Both samples are laid out alike: one sheet per month from April 2015 to September 2016 (`Apr 2015` ...
`Sep 2016`, oldest first), each with a title, a `Period` date and a table `Measure ID | Title | Value |
Numerator | Denominator | Narrative`, one row per available measure of the template. What differs between them
(the service named in the titles and properties, the number formats, the title column's width and whether
titles wrap) is an `ExtractLayout`. The creation date is fixed and nothing depends on the clock, so two runs
give byte-identical files. Besides the writer: the months, the template's measures as the generators read them
(`load_measures`), the row as written (`Entry`), and the command line and run the generators share
(`sample_parser`, `write_sample`).

The generators import this module by its name: run as scripts, their own folder is first on `sys.path`, from
whatever folder they are run.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = [(2015 + (m >= 9), (m + 3) % 12 + 1) for m in range(18)]  # Apr 2015 .. Sep 2016
PERIOD = "April 2015 to September 2016"
COLUMN_NAMES = ("Measure ID", "Title", "Value", "Numerator", "Denominator", "Narrative")
NARRATIVE_WIDTH = 70  # the Narrative column's width, and the characters a wrapped line of it holds
LINE_HEIGHT = 15  # points a wrapped line adds to a row
CREATED = datetime.datetime(2016, 10, 1)


def label(index: int) -> str:
    """`Sep 2016` for MONTHS[index]."""
    year, month = MONTHS[index]
    return f"{MONTH_ABBR[month - 1]} {year}"


@dataclass(frozen=True)
class Measure:
    """What the generators need of a template measure (the writer reads id, title, unit, decimals, available)."""

    id: str
    number: int
    title: str
    good_to_be: str
    period_type: str
    unit: str
    decimals: int
    compute: str
    target: Any
    tolerance: str | None
    available: bool


def load_measures(template: Path) -> list[Measure]:
    """The template's measures in print order, with the template's defaults where a key is left out."""
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    return [
        Measure(
            id=m["id"],
            number=m["number"],
            title=m["title"],
            good_to_be=str(m.get("good_to_be", "none")),
            period_type=m.get("period_type", "month"),
            unit=m["unit"],
            decimals=m.get("decimals", 0),
            compute=m.get("compute", "reported"),
            target=m.get("target"),
            tolerance=m.get("tolerance"),
            available=m.get("status", "available") == "available",
        )
        for outcome in data["outcomes"]
        for theme in outcome["themes"]
        for m in theme["measures"]
    ]


@dataclass(frozen=True)
class Entry:
    """One row of one month sheet, as written: value (percents as fractions), numerator, denominator."""

    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    narrative: str | None = None


def lines_of(text: str, width: int) -> int:
    """How many lines `text` takes wrapped at `width` characters a line (at least 1)."""
    return max(1, -(-len(text) // width))


@dataclass(frozen=True)
class ExtractLayout:
    """What differs between the samples' workbooks.

    `service` names the service in the sheet title, the document title and the author; `generated_by` is the
    generator named in the document comments. `percent_formats[d]` is the number format of a percent with
    `d` decimals and `count_format` that of a whole number (values of 0 decimals, numerators and
    denominators); one-decimal figures are `0.0`. `title_width` is the Title column's width; with
    `wrap_titles` a title wraps at it and its row is made tall enough for its lines (as for a narrative).
    """

    service: str
    generated_by: str
    percent_formats: tuple[str, ...]
    count_format: str
    title_width: int
    wrap_titles: bool


def write_workbook(
    path: Path,
    layout: ExtractLayout,
    measures: Sequence[Measure],
    entries: Mapping[str, Sequence[Entry]],
) -> None:
    """Write `path`: one sheet per month of MONTHS, oldest first, a row per available measure in the order of
    `measures`, from `entries[measure id][month index]`. Unavailable measures are left out; an absent value,
    numerator/denominator pair or narrative leaves its cells empty. A percent, or another figure, with more
    decimals than `layout` has formats for raises IndexError."""
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    workbook.set_properties(
        {
            "title": f"{layout.service} performance extract, {PERIOD}",
            "subject": "Sample monthly KPI extracts for scorecard-xl",
            "author": f"{layout.service} Performance Team",
            "comments": f"Generated by {layout.generated_by}",
            "created": CREATED,
        }
    )
    # xlsxwriter numbers the formats in the order cells first use them: the order of the writes below is part of
    # the samples' bytes.
    bold = workbook.add_format({"bold": True})
    title_fmt = workbook.add_format({"bold": True, "font_size": 14})
    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    month_fmt = workbook.add_format({"num_format": "mmm yyyy", "align": "left"})
    text_fmt = workbook.add_format({"valign": "top"})
    wrap_fmt = workbook.add_format({"text_wrap": True, "valign": "top"})
    percent_fmts = [workbook.add_format({"num_format": f, "valign": "top"}) for f in layout.percent_formats]
    number_fmts = [workbook.add_format({"num_format": f, "valign": "top"}) for f in (layout.count_format, "0.0")]
    measure_title_fmt = wrap_fmt if layout.wrap_titles else text_fmt
    for i, (year, month) in enumerate(MONTHS):
        sheet = workbook.add_worksheet(label(i))
        sheet.write_string(0, 0, f"{layout.service} performance extract", title_fmt)
        sheet.write_string(1, 0, "Period", bold)
        sheet.write_datetime(1, 1, datetime.datetime(year, month, 1), month_fmt)
        for col, name in enumerate(COLUMN_NAMES):
            sheet.write_string(3, col, name, header)
        row = 4
        for m in measures:
            if not m.available:
                continue
            entry = entries[m.id][i]
            sheet.write_string(row, 0, m.id, text_fmt)
            sheet.write_string(row, 1, m.title, measure_title_fmt)
            if entry.value is not None:
                fmt = percent_fmts[m.decimals] if m.unit == "percent" else number_fmts[m.decimals]
                sheet.write_number(row, 2, entry.value, fmt)
            if entry.numerator is not None and entry.denominator is not None:
                sheet.write_number(row, 3, entry.numerator, number_fmts[0])
                sheet.write_number(row, 4, entry.denominator, number_fmts[0])
            lines = lines_of(m.title, layout.title_width) if layout.wrap_titles else 1
            if entry.narrative:
                sheet.write_string(row, 5, entry.narrative, wrap_fmt)
                lines = max(lines, lines_of(entry.narrative, NARRATIVE_WIDTH))
            if lines > 1:
                sheet.set_row(row, LINE_HEIGHT * lines)
            row += 1
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, layout.title_width)
        sheet.set_column(2, 2, 10)
        sheet.set_column(3, 4, 13)
        sheet.set_column(5, 5, NARRATIVE_WIDTH)
        sheet.freeze_panes(4, 0)
    workbook.close()


def sample_parser(doc: str | None, default_out: Path, default_template: Path) -> argparse.ArgumentParser:
    """The generators' shared command line, `[OUT.xlsx] [--template TEMPLATE.yaml]`, described by the first line
    of `doc`: OUT defaults to `default_out` and the template to `default_template`. A generator adds its own
    options before parsing."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("output", nargs="?", type=Path, default=default_out, help=f"default {default_out.name}")
    parser.add_argument("--template", type=Path, default=default_template, help="template YAML")
    return parser


def write_sample(
    args: argparse.Namespace,
    layout: ExtractLayout,
    generate: Callable[[list[Measure]], dict[str, list[Entry]]],
    check: Callable[[list[Measure], dict[str, list[Entry]]], object],
) -> int:
    """Load the measures of `args.template`, `generate` their entries and pass them to `check`, which raises if
    they are not what the sample is meant to show (then nothing is written); write them to `args.output` laid
    out as `layout` and say so on stderr. Returns the exit status, 0."""
    measures = load_measures(args.template)
    entries = generate(measures)
    check(measures, entries)
    write_workbook(args.output, layout, measures, entries)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
