"""The report's HTML edition and its tagged PDF/UA-1 print (`build --html`, `build --pdf`, through WeasyPrint): the
validators pass, the structure tree holds real tables and every trend chart's alt text, axe-core finds nothing in
the HTML, the PDF's text holds every figure, RAG and arrow of the workbook, and two builds give the same bytes.

Needs poppler (`pdftotext`), WeasyPrint's Pango, page-validation, pdfua, pikepdf and Debian's chromium."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import page as page_validation
import pikepdf
import pytest

import scorecard_xl
from scorecard_xl.cli import main
from scorecard_xl.model import Arrow, Rag

from .conftest import ROOT, SAMPLE
from .pack_helpers import trend_expectations
from .support.cli import tree
from .support.mixed import SYMBOLS, mixed_scorecard
from .support.readback import read_appendix

ADULTS = ROOT / "sample_workbooks" / "adult_social_care_extract.xlsx"
COUNCIL = ROOT / "templates" / "council.yaml"
CASES = ("sample", "council", "mixed")


def _inputs(case: str, folder: Path) -> tuple[list[Path], Path | None]:
    if case == "sample":
        return [SAMPLE], None
    if case == "council":
        return [SAMPLE, ADULTS], COUNCIL
    extract, template = mixed_scorecard(folder)
    return [extract], template


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def built(case: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp(case)
    extracts, template = _inputs(case, folder)
    return scorecard_xl.build(extracts, template, "2016-09", folder / "out.xlsx", pdf=True, html=True)


def _pdftotext(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed (apt-get install poppler-utils)"
    return subprocess.run([tool, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _elements(node: Any) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `node`, depth first."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _charts(result: Any) -> int:
    """How many trend charts the report draws: one per measure row with figures, in every portfolio."""
    cards = result.council.portfolios if isinstance(result, scorecard_xl.CouncilResult) else [result.scorecard]
    return sum(sum(trend_expectations(sc).values()) for sc in cards)


def test_page_validation_finds_no_failed_rule(built: Any) -> None:
    report = page_validation.validate_pdf(str(built.pdf_path), profile="ua1")
    assert report.rules.failed == 0 and report.rules.passed > 100, [f.message for f in report.failures]


def test_pdfua_finds_no_error(built: Any) -> None:
    tool = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    done = subprocess.run([tool, "check", str(built.pdf_path)], capture_output=True, text=True, check=False)
    assert "errors=0" in done.stdout and done.returncode in (0, 2), done.stdout  # 2: warnings only


def test_the_structure_tree_has_real_tables_and_each_trend_charts_alt_text(built: Any) -> None:
    charts = {line.with_target or line.description for line in built.scorecard.trend_lines}
    expected = _charts(built)
    with pikepdf.open(built.pdf_path) as pdf:
        elements = list(_elements(pdf.Root.StructTreeRoot))
        tags = [str(e.S) for e in elements]
        assert "/Table" in tags and "/THead" in tags and "/TH" in tags
        scopes = {str(e.A.Scope) for e in elements if str(e.S) == "/TH"}
        assert scopes == {"/Column", "/Row"}
        alts = [str(e.Alt) for e in elements if str(e.S) == "/Figure"]
    assert len(alts) == expected and expected > 0
    assert set(alts) <= charts


def test_the_pdf_text_holds_every_figure_rag_and_arrow_of_the_workbook(built: Any) -> None:
    text = " ".join(_pdftotext(built.pdf_path).split())
    sheets = built.council.council.sheet_names if isinstance(built, scorecard_xl.CouncilResult) else ["Appendix 1"]
    shown = [r for sheet in sheets for r in read_appendix(built.path, sheet)[2] if r.kind == "Measure"]
    assert shown
    for row in shown:
        for figure in row.figures.values():
            if figure.text:
                assert figure.text in text, (row.cells["Measure"], figure.text)
            if figure.arrow:
                meaning = next(a.meaning for a in Arrow if a.value == figure.arrow)
                assert f"{meaning}, {figure.text}" in text, (row.cells["Measure"], figure.text)
        rag = row.cells["Latest performance (RAG)"]
        if rag:
            assert rag.split(" ")[-1] in text, (row.cells["Measure"], rag)
    for r in built.scorecard.rows:  # every portfolio: each RAG word and each figure as displayed
        if r.rag is not None:
            assert r.rag.word in text
        for figure, figure_text in zip(r.figures, r.figure_texts, strict=True):
            if figure_text:
                assert figure_text in text, (r.measure.title, figure_text)
            if figure.arrow is not None:
                assert f"{figure.arrow.meaning}, {figure_text}" in text


def test_the_pdf_is_a4_landscape_with_page_n_of_m_and_headers_on_every_page(built: Any) -> None:
    pages = _pdftotext(built.pdf_path).split("\f")[:-1]
    with pikepdf.open(built.pdf_path) as pdf:
        boxes = {tuple(round(float(v)) for v in p.MediaBox) for p in pdf.pages}
    assert boxes == {(0, 0, 842, 595)}
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page
    summary = next(i for i, p in enumerate(pages) if "Summary and exceptions" in p)
    titles = [" ".join(r.measure.title.split()[:3]) for r in built.scorecard.rows]
    flat = [" ".join(p.split()) for p in pages[:summary]]
    appendix = [p for p in flat if any(t in p for t in titles)]  # the Appendix's pages: the column headers on each
    assert appendix and all("Good to" in p and "Narrative" in p and "Benchmarks" in p for p in appendix)


def test_two_builds_give_identical_pdf_and_html_bytes(case: str, built: Any, tmp_path: Path) -> None:
    extracts, template = _inputs(case, tmp_path)
    again = scorecard_xl.build(extracts, template, "2016-09", tmp_path / "again.xlsx", pdf=True, html=True)
    assert again.pdf_path.read_bytes() == built.pdf_path.read_bytes()
    assert again.html_path.read_bytes() == built.html_path.read_bytes()
    assert b"CreationDate" not in again.pdf_path.read_bytes()


def test_the_html_edition_is_self_contained_and_marked_up(built: Any) -> None:
    html = built.html_path.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">') and "<title>" in html
    assert not re.search(r"<link|<script|\bsrc=|url\(|@import", html)
    assert not re.search(r'href="(?!#)', html)  # links only within the document
    assert '<th scope="col">' in html and '<th scope="row">' in html and "<caption>" in html
    assert html.count("<svg ") == _charts(built)
    assert html.count("<title id=") == html.count("<svg ")
    for rag in Rag:
        if rag is not Rag.NONE and any(r.rag is rag for r in built.scorecard.rows):
            glyph, word = rag.value.split(" ")
            assert f'<span aria-hidden="true">{glyph}</span> {word}' in html


def test_axe_finds_no_violation_in_the_html_edition(built: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from axe_playwright_python.sync_playwright import Axe

    from .web_support import WAIT_MS, chromium_path

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, timeout=WAIT_MS)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(built.html_path.as_uri())
            violations = Axe().run(tab).response["violations"]
        finally:
            browser.close()
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_the_mixed_scorecard_shows_every_symbol_and_kind(tmp_path: Path) -> None:
    extract, template = mixed_scorecard(tmp_path)
    result = scorecard_xl.build([extract], template, "2016-09", tmp_path / "m.xlsx", pdf=True)
    text = _pdftotext(result.pdf_path)
    for symbol in SYMBOLS:
        assert re.search(rf"(^|\s){re.escape(symbol)}(\s|$)", text, re.M), symbol
    assert "Data currently unavailable" in " ".join(text.split())
    assert any(r.rag is Rag.RED for r in result.scorecard.rows)


def test_html_goes_where_given_and_is_not_replaced_without_force(tmp_path: Path) -> None:
    out, page = tmp_path / "a.xlsx", tmp_path / "edition.html"
    assert main(["build", str(SAMPLE), "--period", "2016-09", "-o", str(out), "--html", str(page)]) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and not out.with_suffix(".html").exists()
    err = io.StringIO()
    again = ["build", str(SAMPLE), "--period", "2016-09", "-o", str(tmp_path / "b.xlsx"), "--html", str(page)]
    assert main(again, io.StringIO(), err) == 2
    assert err.getvalue() == (
        f"error: {page}: already exists; give --force to replace it, or --html for another name\n"
    )
    assert not (tmp_path / "b.xlsx").exists()


def test_pdf_without_weasyprint_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    err = io.StringIO()
    out = tmp_path / "x.xlsx"
    assert main(["build", str(SAMPLE), "-o", str(out), "--pdf"], io.StringIO(), err) == 2
    assert err.getvalue().startswith(f"error: {out.with_suffix('.pdf')}: --pdf needs WeasyPrint and Pango")
    assert err.getvalue().count("\n") == 1
    assert tree(tmp_path) == {}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A previous build's workbook and PDF at OUT.xlsx and OUT.pdf (the PDF stands in: only its bytes matter)."""
    out = tmp_path / "appendix1.xlsx"
    assert main(["build", str(SAMPLE), "--period", "2016-08", "-o", str(out)], io.StringIO(), io.StringIO()) == 0
    out.with_suffix(".pdf").write_bytes(b"%PDF- the previous month's")
    return out


def test_a_failed_pdf_replaces_neither_previous_output(
    previous: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scorecard_xl.html.pdf as pdf

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "_header_scopes", full)
    before = tree(tmp_path)
    err = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(previous), "--pdf", "--force"], io.StringIO(), err) == 2
    assert err.getvalue() == f"error: {previous.with_suffix('.pdf')}: cannot write the PDF (No space left on device)\n"
    assert tree(tmp_path) == before


def test_a_workbook_that_cannot_be_put_in_place_takes_its_pdf_back(
    previous: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF is renamed into place first; if the workbook's rename then fails, the previous PDF goes back, so
    the two files in place are always of one build."""
    import os

    import scorecard_xl.write.output as output

    real = os.replace

    def failing(src: object, dst: object) -> None:
        if str(dst) == str(previous):
            raise OSError(13, "Permission denied")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(output.os, "replace", failing)
    before = tree(tmp_path)
    err = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(previous), "--pdf", "--force"], io.StringIO(), err) == 2
    assert "Permission denied" in err.getvalue()
    assert tree(tmp_path) == before
