"""What the operations return: a build's written workbook and scorecard, a council's pack, a validation report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import CouncilScorecard, Counts, Frequency, MeasureDef, MeasureRow, Month, Problem, Scorecard, month_ranges


def _measures_shown(rows: Sequence[MeasureRow]) -> str:
    """`37 measures (2 unavailable)`."""
    unavailable = sum(1 for r in rows if not r.measure.available)
    return f"{len(rows)} measures" + (f" ({unavailable} unavailable)" if unavailable else "")


def _area(area: str | None) -> str:
    """`, area Hampshire` when an area chose the council's rows in tidy open data; empty otherwise."""
    return f", area {area}" if area else ""


def _counts_text(counts: Counts) -> str:
    """`4 Green, 3 Amber, 10 Red, 18 Monitor`."""
    return f"{counts.green} Green, {counts.amber} Amber, {counts.red} Red, {counts.monitor} Monitor"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and found."""

    path: Path
    scorecard: Scorecard
    pdf_path: Path | None = None
    html_path: Path | None = None

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every warning, reader's first."""
        return self.scorecard.warnings

    def summary(self) -> str:
        """One line for the analyst: period, area (when set), measures shown, RAG counts, warnings, path."""
        sc = self.scorecard
        pdf = "".join(f" and {p}" for p in (self.pdf_path, self.html_path) if p)
        return (
            f"{sc.template.title} for {sc.period.label}{_area(sc.template.area)}: {_measures_shown(sc.rows)}; "
            f"{_counts_text(sc.rag_counts())}; {len(sc.warnings)} warnings; wrote {self.path}{pdf}"
        )


@dataclass(frozen=True)
class CouncilResult:
    """What a council's build wrote and found: the pack, with a scorecard per portfolio."""

    path: Path
    council: CouncilScorecard
    pdf_path: Path | None = None
    html_path: Path | None = None

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every warning, reader's first, then each portfolio's."""
        return self.council.warnings

    @property
    def scorecard(self) -> Scorecard:
        """The whole council as one scorecard (`CouncilScorecard.combined`): every outcome, as a preview shows it."""
        return self.council.combined

    def summary(self) -> str:
        """One line: period, area (when set), measures shown, each portfolio's and the council's RAG counts,
        warnings, path."""
        pack = self.council
        portfolios = "; ".join(
            f"{name} {_counts_text(sc.rag_counts())}"
            for name, sc in zip(pack.council.sheet_names, pack.portfolios, strict=True)
        )
        pdf = "".join(f" and {p}" for p in (self.pdf_path, self.html_path) if p)
        return (
            f"{pack.council.title} for {pack.period.label}{_area(pack.council.combined.area)}: "
            f"{_measures_shown(pack.rows)} in {len(pack.portfolios)} "
            "portfolios "
            f"({portfolios}); {len(pack.warnings)} warnings; wrote {self.path}{pdf}"
        )


def built(
    path: Path, pack: CouncilScorecard, pdf_path: Path | None = None, html_path: Path | None = None
) -> BuildResult | CouncilResult:
    """What a build of `pack` to `path` returns: a council of one's scorecard as a BuildResult, a council's pack
    as a CouncilResult."""
    if pack.council.alone:
        return BuildResult(path, pack.combined, pdf_path, html_path)
    return CouncilResult(path, pack, pdf_path, html_path)


@dataclass(frozen=True)
class ValidationReport:
    """What `validate` found: errors, warnings, skipped sheets, sheets read, and months found per measure; `area` is
    the area whose rows were read from tidy open data, when one was set."""

    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()
    months: dict[str, tuple[Month, ...]] = field(default_factory=dict)
    period: Month | None = None
    files: tuple[str, ...] = ()  # the files read (opened and their sheets interpreted)
    area: str | None = None
    periods: dict[str, str] = field(default_factory=dict)  # per measure, its periods as printed (`2015/16–2016/17`)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 warnings, 2 errors."""
        return 2 if self.errors else (1 if self.warnings else 0)

    def lines(self) -> list[str]:
        """The readable report, a line each."""
        out = [f"errors: {len(self.errors)}"]
        out += [f"  {e}" for e in self.errors]
        out.append(f"warnings: {len(self.warnings)}")
        out += [f"  {w}" for w in self.warnings]
        out.append(f"files read: {len(self.files)}")
        out.append(f"sheets read: {len(self.sheets)}")
        out += [f"  {s}" for s in self.sheets]
        out.append(f"sheets skipped: {len(self.skipped)}")
        out += [f"  {s}" for s in self.skipped]
        if self.area:
            out.append(f"area: {self.area}")
        if self.period:
            out.append(f"report month: {self.period.label}")
        if self.months:
            out.append("periods found per measure:")
            for measure_id, months in self.months.items():
                out.append(f"  {measure_id}: {self.periods.get(measure_id) or month_ranges(months)}")
        return out


def period_ranges(measure: MeasureDef, ends: Sequence[Month]) -> str:
    """The measure's periods ending in the sorted months `ends`, as printed: months as `month_ranges` gives them; a
    quarterly or annual measure's runs of consecutive periods as `2014/15–2016/17`, `Apr–Jun 2016 to Jan–Mar 2017`."""
    if measure.frequency is Frequency.MONTH or not ends:
        return month_ranges(ends)
    step = measure.frequency.length
    runs: list[tuple[Month, Month]] = []
    for end in ends:
        if runs and end.index == runs[-1][1].index + step:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((end, end))
    label = measure.period_label
    joiner = "–" if measure.frequency is Frequency.YEAR and "–" not in label(ends[0]) else " to "
    return ", ".join(label(a) if a == b else f"{label(a)}{joiner}{label(b)}" for a, b in runs)
