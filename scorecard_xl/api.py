"""The operations behind the command line: build and validate, with safe writing of the output."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import template as _template_loading
from ._version import __version__
from .calc import calculate_council, latest_month
from .collecting import release_free_memory
from .errors import InputError, StrictError, TemplateError, UsageError
from .model import (
    Council,
    CouncilScorecard,
    Location,
    Month,
    Problem,
    Provenance,
    Scorecard,
    Status,
    Template,
)
from .read import ReadResult, extract_files, future_months, likely_cause, read_extracts, sheets_read
from .results import BuildResult, CouncilResult, ValidationReport, built, period_ranges
from .template import load_council_or_template
from .write.output import check_html_output, check_output, output_path, pdf_beside, write_safely, write_text_safely

PathLike = str | Path


FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 1900, 9998  # the calculation looks a financial year either side of it


def report_month(period: str | Month) -> Month:
    """`period` as a Month; a text that is not `YYYY-MM`, or a month outside 1900-01 to 9998-12, is a UsageError."""
    if isinstance(period, Month):
        month = period
    else:
        try:
            month = Month.parse_iso(period)
        except ValueError as exc:
            raise UsageError(f"--period {period!r}: expected a month as YYYY-MM, e.g. 2016-09") from exc
    if not FIRST_REPORT_YEAR <= month.year <= LAST_REPORT_YEAR:
        shown = period if isinstance(period, str) else f"{month.year:04d}-{month.month:02d}"
        raise UsageError(
            f"--period {shown!r}: the report month must be from {FIRST_REPORT_YEAR}-01 to {LAST_REPORT_YEAR}-12"
        )
    return month


def _this_month() -> Month:
    """The current month by the computer's clock: figures after it cannot have been published yet."""
    today = dt.date.today()
    return Month(today.year, today.month)


def _period(period: str | Month | None, read: ReadResult, template: Template, now: Month) -> Month:
    """The report month: `period`, or the latest month (not after `now`) with any figure of a monthly measure.

    Raises InputError (`no-figures`) when no input holds a single figure for the template, even with `period`.
    """
    latest = latest_month(read.observations, template, before=now) or latest_month(read.observations, template)
    if latest is None:
        cause, hint = likely_cause(read, template)
        raise InputError(
            Problem.error(
                "no-figures",
                Location(file=", ".join(i.path for i in read.inputs) or "extract"),
                "no figure for any template measure was found" + (f": {cause}" if cause else ""),
                hint,
            )
        )
    return report_month(period) if period else latest


def _provenance(read: ReadResult) -> Provenance:
    """What the reader read, as the About sheet records it: inputs, sheets read and skipped, this version."""
    return Provenance(tuple(read.inputs), tuple(sheets_read(read)), tuple(read.skipped), __version__)


def _narrative_months(template: Template, period: str | Month | None) -> dict[str, Month] | None:
    """For a given report month, each measure's month whose narrative the scorecard shows (its latest period end);
    None when the month is decided from the data, so every narrative is kept."""
    if not period:
        return None
    month = report_month(period)
    return {m.id: m.latest_period_end(month) for m in template.measures}


def bundled_templates() -> list[str]:
    """The names of the templates shipped with the package, each usable as `--template NAME`; the default
    (the one used when no template is named) first, the others by name."""
    names = _template_loading.bundled_templates()
    default = _template_loading.DEFAULT_TEMPLATE
    return [default, *(n for n in names if n != default)] if default in names else names


TemplateLike = PathLike | Template | Council | None


def load_template_or_council(template: TemplateLike, area: str | None = None) -> Template | Council:
    """A template or a council, as given or loaded from a file, folder or bundled name; `area` (from --area), when
    given, in place of the template's own `area:` (for a council, in place of every portfolio's)."""
    pack = _load_pack(template, area)
    return pack.combined if pack.alone else pack


def load_confined(template: PathLike) -> Template | Council:
    """The template or council at `template` confined to its own folder (the drop-in page's uploads): a council's
    portfolios may only be files beside it. Loaded as it is: its area and the rest are checked when it is built."""
    return load_council_or_template(template, confined=True)


def _load_pack(template: TemplateLike, area: str | None = None) -> Council:
    """`load_template_or_council` as a council, a single template being a council of one, so that both take one
    lane to the output."""
    try:
        loaded = template if isinstance(template, (Template, Council)) else load_council_or_template(template)
    except OSError as exc:  # a path the operating system refuses to look at: a name too long, say
        raise UsageError(f"{exc.filename or template}: cannot be read as a template ({exc.strerror})") from exc
    pack = loaded if isinstance(loaded, Council) else Council.of(loaded)
    if area is None or not area.strip():
        _one_area(pack)
        return pack
    return replace(pack, portfolios=tuple(replace(t, area=area.strip()) for t in pack.portfolios))


def _one_area(council: Council) -> None:
    """A council's extracts are read once, for one area: portfolios naming two would read one's rows wrongly."""
    areas = {" ".join(t.area.casefold().split()): t for t in council.portfolios if t.area}
    if len(areas) > 1:
        shown = ", ".join(f"{t.area!r} ({t.source})" for t in areas.values())
        raise TemplateError(
            Problem.error(
                "council-areas",
                Location(file=council.source),
                f"the portfolios name different areas: {shown}",
                "give every portfolio the same area: (its name or its GSS code), or give --area",
            )
        )


Progress = Callable[[str], None]


def prepare(
    extracts: Sequence[PathLike],
    template: PathLike | Template | None = None,
    period: str | Month | None = None,
    *,
    progress: Progress | None = None,
    area: str | None = None,
) -> Scorecard:
    """Read the extracts and calculate one portfolio's scorecard, writing nothing. Raises ScorecardError
    subclasses; a council's templates are a UsageError here (see `prepare_council`).

    `progress`, when given, is told in a few words what is being done (for a long build's progress line); `area`
    names the council in tidy open data for this build, in place of the template's `area:`.
    """
    pack = _load_pack(template, area)
    if not pack.alone:
        raise UsageError(f"{pack.source}: names a council's portfolios; use prepare_council (or build) for it")
    return _prepare(extracts, pack, period, progress).combined


def prepare_council(
    extracts: Sequence[PathLike],
    council: PathLike | Council,
    period: str | Month | None = None,
    *,
    progress: Progress | None = None,
) -> CouncilScorecard:
    """Read the extracts once against every portfolio's measures and calculate each portfolio's scorecard,
    writing nothing. One extract may hold every portfolio's measures, or each its own. Raises ScorecardError
    subclasses."""
    pack = _load_pack(council)
    if pack.alone:
        raise UsageError(f"{pack.source}: is one template, not a council's portfolios; use prepare")
    return _prepare(extracts, pack, period, progress)


def _prepare(
    extracts: Sequence[PathLike], council: Council, period: str | Month | None, progress: Progress | None
) -> CouncilScorecard:
    """Read the extracts once against every portfolio's measures and calculate the pack, with what was read beside
    it; writing nothing. A council of one's pack holds the template's scorecard as `prepare` gives it."""
    template = council.combined
    read = read_extracts(extracts, template, progress, narratives=_narrative_months(template, period))
    now = _this_month()
    future = future_months(read.observations, now)
    month = _period(period, read, template, now)
    pack = calculate_council(
        council,
        read.observations,
        month,
        benchmarks=read.benchmarks,
        warnings=(*read.warnings, *future),
        comparators=read.comparators,
    )
    return replace(pack, provenance=_provenance(read))


def default_output(pack: CouncilScorecard) -> Path:
    """`appendix1_<template or council file name>_<YYYY-MM>.xlsx` in the current directory."""
    try:
        here = Path.cwd()
    except OSError as exc:  # the current folder was deleted, say
        raise UsageError(f"the current folder cannot be written to ({exc.strerror}); give -o OUT.xlsx") from exc
    return here / f"appendix1_{pack.council.stem}_{pack.period.iso}.xlsx"


def build(
    extracts: Sequence[PathLike],
    template: TemplateLike = None,
    period: str | Month | None = None,
    output: PathLike | None = None,
    *,
    force: bool = False,
    strict: bool = False,
    pdf: bool = False,
    progress: Progress | None = None,
    area: str | None = None,
    html: PathLike | bool = False,
) -> BuildResult | CouncilResult:
    """Build Appendix 1 from the extracts and write it; for a council's templates (a folder or a council.yaml),
    the council's pack, returned as a CouncilResult.

    Promises: inputs are never written; an existing output is replaced only with `force` (also one made while
    the build ran: the check is the step that puts the workbook in place); under `strict`
    any warning raises StrictError and nothing is written; the workbook is written to a temporary file and
    renamed, so a failure leaves any previous output untouched; `area` names the council in tidy open data.
    With `pdf`, the report's tagged PDF/UA-1 print goes beside the workbook (OUT.pdf, through WeasyPrint); with
    `html`, its HTML edition goes beside it (OUT.html) or, given a path, there.
    Raises ScorecardError subclasses only.
    """
    given = output_path(output) if output is not None else None  # a name that is a folder's: before any reading
    card = _prepare(extracts, _load_pack(template, area), period, progress)
    if strict and card.warnings:
        raise StrictError(f"{len(card.warnings)} warnings and --strict was given; nothing was written", card.warnings)
    release_free_memory()  # what reading freed, before the writer's peak
    out = given or default_output(card)
    inputs = [Path(i.path) for i in card.provenance.inputs]
    check_output(out, inputs, force, pdf=pdf)
    html_out = None if not html else (out.with_suffix(".html") if html is True else Path(html))
    if html_out is not None:
        check_html_output(html_out, [*inputs, out, pdf_beside(out)], force)
    edition = ""
    if pdf or html_out is not None:
        from .html import render_html  # only here: a plain build loads no template engine

        edition = render_html(card)
    print_pdf: Callable[[Path], Path] | None = None
    if pdf:
        print_pdf = partial(_print_pdf, edition, shown=pdf_beside(out))

    from .write.workbook import write_pack

    if progress is not None:
        progress(f"writing {len(card.rows)} measures to {out.name}")
    write_safely(out, lambda temp: write_pack(card, temp), pdf=print_pdf, force=force)
    if html_out is not None:
        write_text_safely(html_out, edition, force=force)
    return built(out, card, pdf_beside(out) if pdf else None, html_out)


def _print_pdf(edition: str, workbook: Path, shown: Path) -> Path:
    """The PDF of the report's HTML `edition`, made beside the temporary `workbook` (same name, .pdf)."""
    from .html import write_pdf

    return write_pdf(edition, workbook.with_suffix(".pdf"), shown)


def pdf_available() -> bool:
    """Whether `build(pdf=True)` can print: WeasyPrint imports, with the Pango library it needs."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def validate(
    extracts: Sequence[PathLike],
    template: TemplateLike = None,
    period: str | Month | None = None,
    *,
    area: str | None = None,
) -> ValidationReport:
    """Run everything but the writer and report what it found; input problems come back as errors, with the sheets
    and files that were read still counted. A council's templates are validated together: every portfolio's
    measures, from the same extracts."""
    if period:
        report_month(period)  # a bad month is a usage error before any extract is read
    pack = _load_pack(template, area)
    tpl = pack.combined
    try:
        read = read_extracts(extracts, tpl)
    except InputError as exc:
        return ValidationReport(
            errors=tuple(exc.problems),
            warnings=exc.warnings,
            sheets=exc.sheets,
            skipped=exc.skipped,
            files=exc.files,
            area=tpl.area,
        )
    now = _this_month()
    read_warnings = (*read.warnings, *future_months(read.observations, now))
    found = _provenance(read)
    try:
        month = _period(period, read, tpl, now)
    except InputError as exc:
        return ValidationReport(
            errors=tuple(exc.problems),
            warnings=read_warnings,
            skipped=found.skipped_sheets,
            sheets=found.sheets,
            files=tuple(i.path for i in found.inputs),
            area=tpl.area,
        )
    warnings = calculate_council(
        pack, read.observations, month, benchmarks=read.benchmarks, warnings=read_warnings,
        comparators=read.comparators,
    ).warnings  # fmt: skip
    months: dict[str, list[Month]] = defaultdict(list)
    for o in read.observations:
        if o.status is not Status.MISSING:
            months[o.measure_id].append(o.month)
    return ValidationReport(
        warnings=warnings,
        skipped=found.skipped_sheets,
        sheets=found.sheets,
        files=tuple(i.path for i in found.inputs),
        months={m.id: tuple(sorted(months.get(m.id, []))) for m in tpl.measures if m.available},
        periods={m.id: period_ranges(m, sorted(months.get(m.id, []))) for m in tpl.measures if m.available},
        period=month,
        area=tpl.area,
    )


def new_extract(
    period: str | Month,
    output: PathLike,
    *,
    template: TemplateLike = None,
    previous: Sequence[PathLike] | None = None,
    force: bool = False,
) -> Path:
    """Write an empty month sheet for `period` to `output`; with `previous` extracts, last month's figures beside.

    Promises: the sheet lists every template measure by id and title under a header the reader recognises (for
    a council, every portfolio's, grouped under a heading row per portfolio), and once filled in builds as it is.
    A quarterly or annual measure's previous figure is its last quarter's or year's. The same safe writing as
    `build`: never over an input, `force` to replace.
    """
    from .write.new_extract import write_new_extract

    month = report_month(period)
    pack = _load_pack(template)
    tpl = pack.combined
    groups = (
        None
        if pack.alone
        else [(t.portfolio or name, t.measures) for name, t in zip(pack.sheet_names, pack.portfolios, strict=True)]
    )
    out = output_path(output)
    inputs = extract_files(previous) if previous else []
    check_output(out, inputs, force)
    figures: dict[str, tuple[float | None, bool]] = {}
    if previous:
        prior = {m.id: m.previous_period(month).end for m in tpl.measures}
        for o in read_extracts(previous, tpl).observations:
            if o.month == prior.get(o.measure_id):
                figures[o.measure_id] = (o.value, o.status is Status.SUPPRESSED)
    write_safely(out, lambda temp: write_new_extract(temp, tpl, month, figures, groups), force=force)
    return out
