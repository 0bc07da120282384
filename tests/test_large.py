"""The council-scale extract's shape, built small: ten years of month sheets, checked against figures computed here.

`tests/benchmark.py` builds L (2,000 measures × 120 months) by hand; this test builds the same generator's
extract at 25 measures × 120 months (five of each kind: a percent written with a percent format, a count, a
year-to-date sum, a rolling-year ratio given as numerator and denominator, and days) and checks every
measure's quarter-end figures, trend arrows and September 2016 RAG against values computed in the test from
the generated workbook, read back with openpyxl rather than through the tool's reader.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import scorecard_xl

from .benchmark import MONTH_ABBR, Size, template_yaml, write_extract
from .support.readback import read_appendix

SIZE = Size("L-shaped", 25, 120)
COLUMNS = [(2016, 3), (2016, 6), (2016, 9)]
RAG_WORDS = {"★ Green": "Green", "● Amber": "Amber", "■ Red": "Red", "□ Monitor": "Monitor"}


def _label(year: int, month: int) -> str:
    return f"{MONTH_ABBR[month - 1]} {year}"


def _back(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 - months
    return index // 12, index % 12 + 1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[tuple[int, int], list[Any]]]]:
    """The built Appendix 1, and the generated figures: measure → (year, month) → [value, numerator, denominator]."""
    folder = tmp_path_factory.mktemp("large")
    extract, template = folder / "extract.xlsx", folder / "template.yaml"
    write_extract(SIZE, extract)
    template.write_text(template_yaml(SIZE), encoding="utf-8")
    result = scorecard_xl.build([extract], template, "2016-09", folder / "appendix1.xlsx")
    assert not result.warnings, result.warnings[:3]
    figures: dict[str, dict[tuple[int, int], list[Any]]] = {}
    book = openpyxl.load_workbook(extract, read_only=True)
    for ws in book.worksheets:
        abbr, year = ws.title.split()
        month = (int(year), MONTH_ABBR.index(abbr) + 1)
        for row in ws.iter_rows(min_row=2, values_only=True):
            figures.setdefault(str(row[0]), {})[month] = list(row[2:5])
    book.close()
    assert len(figures) == SIZE.measures and all(len(f) == SIZE.months for f in figures.values())
    return result.path, figures


def _shown(value: float, decimals: int, percent: bool) -> Decimal:
    """The figure as displayed: half up to the measure's decimals (of the percent, for a percent)."""
    exact = Decimal(repr(value * 100 if percent else value))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _figure(kind: int, months: dict[tuple[int, int], list[Any]], at: tuple[int, int]) -> float:
    if kind == 2:  # year to date: April of the financial year to the month
        start = (at[0] if at[1] >= 4 else at[0] - 1, 4)
        span = (at[0] - start[0]) * 12 + at[1] - start[1] + 1
        return float(sum(months[_back(*at, k)][0] for k in range(span)))
    if kind == 3:  # rolling year ratio: twelve months of numerators over twelve of denominators
        last12 = [months[_back(*at, k)] for k in range(12)]
        return sum(m[1] for m in last12) / sum(m[2] for m in last12)
    return float(months[at][0])


# kind → (percent, decimals, good to be, target, tolerance); the template benchmark.py writes
KINDS = {
    0: (True, 0, "high", 0.60, 0.06),
    1: (False, 0, "low", 120.0, 12.0),
    2: (False, 0, "high", None, None),
    3: (True, 1, "high", 0.75, 0.075),
    4: (False, 1, "low", 30.0, 3.0),
}


def _arrow(kind: int, now: float, before: float) -> str:
    percent, decimals, good, _, _ = KINDS[kind]
    a, b = _shown(now, decimals, percent), _shown(before, decimals, percent)
    if a == b:
        return "→"
    return "↑" if (a > b) == (good == "high") else "↓"


def _rag(kind: int, figure: float) -> str:
    percent, decimals, good, target, tolerance = KINDS[kind]
    if target is None or tolerance is None:
        return "Monitor"
    shown = float(_shown(figure, decimals, percent)) / (100 if percent else 1)
    if good == "high":
        return "Green" if shown >= target else "Amber" if shown >= target - tolerance else "Red"
    return "Green" if shown <= target else "Amber" if shown <= target + tolerance else "Red"


def test_every_measure_shows_the_figures_arrows_and_rag_computed_here(built):
    path, figures = built
    _, _, rows = read_appendix(path)
    measures = [r for r in rows if r.kind == "Measure"]
    assert len(measures) == SIZE.measures
    for i, row in enumerate(measures):
        kind = i % 5
        months = figures[f"BM{i + 1:04d}"]
        for column in COLUMNS:
            expected = _figure(kind, months, column)
            shown = row.figures[_label(*column)]
            where = f"BM{i + 1:04d} {_label(*column)}"
            assert shown.value == pytest.approx(expected, rel=1e-12), where
            compared = _back(*column, 12 if kind == 2 else 1)
            assert shown.arrow == _arrow(kind, expected, _figure(kind, months, compared)), where
        rag = RAG_WORDS[row.cells["Latest performance (RAG)"]]
        assert rag == _rag(kind, _figure(kind, months, (2016, 9))), f"BM{i + 1:04d} RAG"


def test_percent_formatted_cells_are_read_as_fractions(built):
    path, figures = built
    _, _, rows = read_appendix(path)
    first = next(r for r in rows if r.kind == "Measure")
    assert first.figures["Sep 2016"].value == pytest.approx(figures["BM0001"][(2016, 9)][0])
    assert first.figures["Sep 2016"].text is not None and first.figures["Sep 2016"].text.endswith("%")


def test_the_data_sheet_holds_the_months_used_and_no_earlier(built):
    """Ten years are read, but the Data sheet starts where the figures shown start: the March 2016 column's
    year-to-date sum is compared with March 2015's, which covers April 2014 on; so April 2014 – September 2016."""
    path, figures = built
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book["Data"].iter_rows(values_only=True)]
    book.close()
    header = next(r for r in rows if r[0] == "ID")
    months = [m for m in header[4:] if m is not None]
    expected = [_label(*_back(2016, 9, back)) for back in range(29, -1, -1)]
    assert months == expected
    for row in rows[rows.index(header) + 1 :]:
        if not row or row[0] is None:
            continue
        generated = figures[str(row[0])]
        for label, shown in zip(months, row[4:], strict=False):
            abbr, year = label.split()
            value, numerator, denominator = generated[(int(year), MONTH_ABBR.index(abbr) + 1)]
            want = value if value is not None else numerator / denominator
            assert shown == pytest.approx(want, rel=1e-12), f"{row[0]} {label}"


def test_each_measure_shows_the_report_months_narrative(built):
    """Only the report month's narratives are held while ten years are read; each row shows its own."""
    path, _ = built
    _, _, rows = read_appendix(path)
    measures = [r for r in rows if r.kind == "Measure"]
    for i, row in enumerate(measures):
        assert str(row.cells["Narrative"]).startswith(f"Sep 2016, measure {i + 1}: "), f"BM{i + 1:04d}"


def test_given_the_report_months_the_reader_keeps_only_their_narratives(tmp_path):
    extract = tmp_path / "extract.xlsx"
    write_extract(Size("small", 10, 14), extract)
    (tmp_path / "t.yaml").write_text(template_yaml(Size("small", 10, 14)), encoding="utf-8")
    template = scorecard_xl.load_template(tmp_path / "t.yaml")
    months = {m.id: scorecard_xl.Month(2016, 3 if m.number % 2 else 9) for m in template.measures}
    read = scorecard_xl.read_extracts([extract], template, narratives=months)
    kept = {(o.measure_id, o.month) for o in read.observations if o.narrative}
    assert kept == set(months.items())
    everything = scorecard_xl.read_extracts([extract], template)
    assert sum(1 for o in everything.observations if o.narrative) == 10 * 14
