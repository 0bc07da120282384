"""The council's pack (SPEC §8): the bundled council.yaml builds Children's Services and Adult Social Care into one
workbook whose summary agrees with each portfolio and whose portfolio sheets are each portfolio's own Appendix 1."""

from __future__ import annotations

import hashlib
import io

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.model import Rag

from .conftest import ROOT, SAMPLE
from .support.templates import one_theme

ADULTS = ROOT / "sample_workbooks" / "adult_social_care_extract.xlsx"
COUNCIL = ROOT / "templates" / "council.yaml"
SHEETS = ["Children's Services Portfolio", "Adult Social Care Portfolio"]
ALONE = {SHEETS[0]: ("childrens_services", SAMPLE), SHEETS[1]: ("adult_social_care", ADULTS)}


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("council") / "pack.xlsx"
    return scorecard_xl.build([SAMPLE, ADULTS], template=COUNCIL, period="2016-09", output=out)


@pytest.fixture(scope="module")
def book(pack):
    return openpyxl.load_workbook(pack.path)


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """Each portfolio built on its own from its own extract: name → (BuildResult, workbook)."""
    folder = tmp_path_factory.mktemp("alone")
    built = {}
    for sheet, (template, extract) in ALONE.items():
        result = scorecard_xl.build([extract], template=template, period="2016-09", output=folder / f"{template}.xlsx")
        built[sheet] = (result, openpyxl.load_workbook(result.path))
    return built


def test_sheets_in_order_and_one_line_summary(pack, book):
    assert isinstance(pack, scorecard_xl.CouncilResult)
    assert book.sheetnames == ["Council summary", "Exceptions", *SHEETS, "Data", "About", "Chart data"]
    assert book["Chart data"].sheet_state == "hidden"
    assert all(len(name) <= 31 for name in book.sheetnames)
    line = pack.summary()
    assert "Children's Services Portfolio 4 Green, 3 Amber, 10 Red, 18 Monitor" in line
    assert "Adult Social Care Portfolio 8 Green, 6 Amber, 5 Red, 3 Monitor" in line
    assert pack.warnings == ()


def test_summary_counts_equal_each_portfolio_built_alone(book, alone):
    ws = book["Council summary"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Portfolio")
    assert [ws.cell(header, c).value for c in range(1, 6)] == ["Portfolio", "Green", "Amber", "Red", "Monitor"]
    totals = [0, 0, 0, 0]
    for offset, sheet in enumerate(SHEETS, start=1):
        assert ws.cell(header + offset, 1).value == sheet
        shown = [ws.cell(header + offset, c).value for c in range(2, 6)]
        assert all(isinstance(n, int) for n in shown)  # numbers, not text
        counts = alone[sheet][0].scorecard.rag_counts()
        assert shown == [counts.green, counts.amber, counts.red, counts.monitor]
        outcomes = ws.cell(header + offset, 7).value
        for outcome in alone[sheet][0].scorecard.outcomes:
            assert f"{outcome.rag.value}: {outcome.name}" in outcomes
        totals = [a + b for a, b in zip(totals, shown, strict=True)]
    assert ws.cell(header + 3, 1).value == "Council"
    assert [ws.cell(header + 3, c).value for c in range(2, 6)] == totals == [12, 9, 15, 21]


def test_every_red_of_the_council_is_listed(book, alone):
    ws = book["Council summary"]
    start = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Exceptions:"))
    assert ws.cell(start, 1).value == "Exceptions: measures rated Red (15)"
    headers = [ws.cell(start + 1, c).value for c in range(1, 8)]
    assert headers == ["Measure", "No.", "Latest", "Target", "Compared with", "Portfolio", "Narrative"]
    listed = [
        (ws.cell(r, 6).value, ws.cell(r, 2).value, ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 4).value)
        for r in range(start + 2, ws.max_row + 1)
        if ws.cell(r, 1).value
    ]
    expected = []
    for sheet in SHEETS:
        sc = alone[sheet][0].scorecard
        for row in sc.rows:
            if row.rag is Rag.RED:
                latest = row.figures[sc.columns.index(sc.period)].value
                expected.append((sheet, row.measure.number, row.measure.title, latest, row.target))
    assert [row[:3] for row in listed] == [row[:3] for row in expected] and len(expected) == 15
    for shown, wanted in zip(listed, expected, strict=True):
        assert shown[3:] == pytest.approx(wanted[3:], rel=1e-12)
    arrows = [ws.cell(r, 3).number_format for r in range(start + 2, start + 2 + 15)]
    assert all(fmt.startswith('"') for fmt in arrows)  # the arrow is in the number format


def test_native_charts_are_present(book):
    summary_charts = book["Council summary"]._charts
    assert len(summary_charts) == 1 and summary_charts[0].tagname == "barChart"
    series = summary_charts[0].series
    assert [s.tx.v for s in series] == ["Green", "Amber", "Red", "Monitor"]
    assert [s.val.numRef.f for s in series] == [f"'Council summary'!${c}$5:${c}$6" for c in "BCDE"]
    assert all(s.dLbls is not None and s.dLbls.showVal for s in series)  # counts as labels: greyscale-readable
    exceptions = book["Exceptions"]._charts
    assert len(exceptions) == 15
    assert all(len(chart.series) == 2 for chart in exceptions)  # the figures and the target line


@pytest.mark.parametrize("sheet", SHEETS)
def test_each_portfolio_sheet_matches_the_portfolio_built_alone_cell_for_cell(book, alone, sheet):
    mine, theirs = book[sheet], alone[sheet][1]["Appendix 1"]
    assert (mine.max_row, mine.max_column) == (theirs.max_row, theirs.max_column)
    for row_a, row_b in zip(mine.iter_rows(), theirs.iter_rows(), strict=True):
        for a, b in zip(row_a, row_b, strict=True):
            assert (a.value, a.number_format, a.font.b, a.fill.fgColor.rgb) == (
                b.value, b.number_format, b.font.b, b.fill.fgColor.rgb,
            ), a.coordinate  # fmt: skip
    for r in range(1, mine.max_row + 1):
        assert mine.row_dimensions[r].height == theirs.row_dimensions[r].height, r
    assert mine.print_title_rows == theirs.print_title_rows
    assert mine.oddHeader.center.text == theirs.oddHeader.center.text
    anchors = [(c.anchor._from.row, c.anchor._from.col) for c in mine._charts]
    assert anchors == [(c.anchor._from.row, c.anchor._from.col) for c in theirs._charts] and anchors


def test_two_builds_are_byte_identical(pack, tmp_path):
    again = scorecard_xl.build([SAMPLE, ADULTS], template=COUNCIL, period="2016-09", output=tmp_path / "again.xlsx")
    assert hashlib.sha256(again.path.read_bytes()).digest() == hashlib.sha256(pack.path.read_bytes()).digest()


def test_bundled_council_by_name_and_a_folder_of_templates(tmp_path):
    by_name = scorecard_xl.prepare_council([SAMPLE, ADULTS], "council", period="2016-09")
    folder = tmp_path / "portfolios"
    folder.mkdir()
    for name in ("b_childrens.yaml", "a_adults.yaml"):
        source = "childrens_services.yaml" if "childrens" in name else "adult_social_care.yaml"
        (folder / name).write_text((ROOT / "templates" / source).read_text(encoding="utf-8"), encoding="utf-8")
    from_folder = scorecard_xl.prepare_council([SAMPLE, ADULTS], folder, period="2016-09")
    assert by_name.council.sheet_names == tuple(SHEETS)
    assert from_folder.council.sheet_names == tuple(reversed(SHEETS))  # name order: a_adults first
    assert from_folder.rag_counts() == by_name.rag_counts()


def test_one_extract_holding_every_portfolio_validates(tmp_path):
    report = scorecard_xl.validate([SAMPLE, ADULTS], COUNCIL, period="2016-09")
    assert report.exit_code == 0, report.lines()
    assert {"CS01", "AS01"} <= set(report.months) and len(report.months) == 57  # 61 measures, 4 unavailable


def test_readme_second_command_builds_the_council_pack(tmp_path, monkeypatch):
    from scorecard_xl.cli import main

    command = "scorecard-xl build sample_workbooks/ --template templates/council.yaml --force"
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    code = main(
        ["build", "sample_workbooks/", "--template", "templates/council.yaml", "-o", str(tmp_path / "p.xlsx")], out
    )
    assert code == 0 and out.getvalue().count("\n") == 1
    assert "in 2 portfolios" in out.getvalue() and (tmp_path / "p.xlsx").exists()


def test_exceptions_print_two_charts_a_page(book):
    ws = book["Exceptions"]
    charts = sorted(c.anchor._from.row for c in ws._charts)
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) == 7  # 15 charts, two a page
    pages = [sum(1 for row in charts if lo <= row < hi) for lo, hi in zip([0, *breaks], [*breaks, 10**6], strict=True)]
    assert pages == [2] * 7 + [1]


MONTHLY_PORTFOLIO = one_theme(
    "{id: M1, number: 1, title: Monthly count, good_to_be: high, unit: count, target: 10}",
    portfolio="Monthly portfolio",
)
ANNUAL_PORTFOLIO = one_theme(
    "{id: Y1, number: 1, title: Annual count, good_to_be: high, unit: count, target: 1000, frequency: year}",
    portfolio="Annual portfolio",
)


def test_portfolios_whose_figures_reach_back_differently_share_one_aligned_data_sheet(tmp_path):
    """An annual measure's trend reaches back five years, a monthly one's about two: the pack's one Data sheet
    takes the earlier start for every portfolio, so each figure stands under its own month."""
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "a_monthly.yaml").write_text(MONTHLY_PORTFOLIO, encoding="utf-8")
    (folder / "b_annual.yaml").write_text(ANNUAL_PORTFOLIO, encoding="utf-8")
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    months = [f"{names[(9 + i) % 12]} {2010 + (9 + i) // 12}" for i in range(72)]  # Oct 2010 … Sep 2016
    monthly = {label: 100 + i for i, label in enumerate(months)}
    annual = {f"Mar {2011 + i}": (f"{2010 + i}/{11 + i}", 1000 + i) for i in range(6)}  # 2010/11 … 2015/16
    extract = tmp_path / "extract.csv"
    lines = ["Measure,Period,Value"]
    lines += [f"M1,{label},{value}" for label, value in monthly.items()]
    lines += [f"Y1,{year},{value}" for year, value in annual.values()]
    extract.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = scorecard_xl.build([extract], template=folder, period="2016-09", output=tmp_path / "pack.xlsx")
    assert len({sc.data_months for sc in result.council.portfolios}) == 1
    book = openpyxl.load_workbook(result.path, read_only=True)
    rows = [list(r) for r in book["Data"].iter_rows(values_only=True)]
    book.close()
    header = next(r for r in rows if r[0] == "ID")
    labels = header[4:]
    assert labels[0] == "Mar 2012" and labels[-1] == "Sep 2016"  # the fifth year back ends in March 2012
    by_id = {r[0]: r[4:] for r in rows[rows.index(header) + 1 :] if r and r[0] in ("M1", "Y1")}
    for j, label in enumerate(labels):
        assert by_id["M1"][j] == monthly[label], label
        assert by_id["Y1"][j] == (annual[label][1] if label in annual else None), label
    assert by_id["Y1"][labels.index("Mar 2016")] == 1005


def test_about_names_the_area_read(tmp_path):
    """`--area X` on a council's pack: About's Area line and the summary name it."""
    out = tmp_path / "areas.xlsx"
    same = scorecard_xl.build([SAMPLE, ADULTS], template=COUNCIL, period="2016-09", output=out, area="X")
    about = openpyxl.load_workbook(same.path)["About"]
    assert [r[1] for r in about.iter_rows(values_only=True) if r[0] == "Area"] == ["X"]
    assert ", area X: " in same.summary()


def test_portfolios_naming_different_areas_are_refused_unless_area_is_given(tmp_path):
    """The extracts are read once, for one area: a council whose portfolios name Trafford and Stockport would read
    one portfolio's rows from the other's area. It is an error naming both; `--area` settles it for all."""
    from scorecard_xl import api
    from scorecard_xl.errors import TemplateError

    from .support.templates import one_theme

    folder = tmp_path / "council"
    folder.mkdir()
    for name, area, mid in (("a", "Trafford", "A1"), ("b", "Stockport", "B1")):
        measure = f"{{id: {mid}, number: 1, title: {mid}, good_to_be: high, unit: count, target: 5}}"
        (folder / f"{name}.yaml").write_text(f"area: {area}\n" + one_theme(measure, portfolio=name), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        api.load_template_or_council(folder)
    assert caught.value.problems[0].code == "council-areas"
    assert "'Trafford'" in caught.value.problems[0].message and "'Stockport'" in caught.value.problems[0].message
    settled = api.load_template_or_council(folder, area="Trafford")
    assert {t.area for t in settled.portfolios} == {"Trafford"}


def test_a_single_template_is_a_council_of_one_rendered_as_its_own_appendix(tmp_path):
    """One lane: a template read, calculated and written as a pack of one gives exactly its own Appendix 1."""
    from scorecard_xl.model import Council, CouncilScorecard
    from scorecard_xl.write.workbook import write_pack

    template = scorecard_xl.load_template()
    assert Council.of(template).combined is template
    card = scorecard_xl.prepare([SAMPLE], period="2016-09")
    one = CouncilScorecard.of(card)
    assert one.combined == card
    write_pack(one, str(tmp_path / "pack.xlsx"))
    built = scorecard_xl.build([SAMPLE], period="2016-09", output=tmp_path / "alone.xlsx")
    assert isinstance(built, scorecard_xl.BuildResult)
    assert (tmp_path / "pack.xlsx").read_bytes() == built.path.read_bytes()
    assert openpyxl.load_workbook(built.path).sheetnames[:2] == ["Appendix 1", "Summary"]


def test_a_council_file_naming_one_portfolio_is_still_a_council(tmp_path):
    """Only a template taken alone renders as a single Appendix 1; a council.yaml of one portfolio is a pack."""
    (tmp_path / "council.yaml").write_text(
        "council: Anytown Council\ntitle: Cabinet pack\nportfolios:\n  - childrens_services\n", encoding="utf-8"
    )
    built = scorecard_xl.build(
        [SAMPLE], template=tmp_path / "council.yaml", period="2016-09", output=tmp_path / "p.xlsx"
    )
    assert isinstance(built, scorecard_xl.CouncilResult)
    assert openpyxl.load_workbook(built.path).sheetnames[0] == "Council summary"
