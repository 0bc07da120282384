"""The workbook itself prints (LibreOffice's print of it): A4 landscape, one page wide, headers on every page, themes
kept whole; and where `build --pdf` puts its PDF (tests/test_html_pdf.py checks the PDF `--pdf` makes).

The print tests need LibreOffice (`soffice`) and poppler (`pdftotext`, `pdfinfo`); `.ci/run` installs both.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

import scorecard_xl
from scorecard_xl.cli import main

from .conftest import SAMPLE
from .support.cli import tree
from .support.libreoffice import print_workbook
from .support.workbooks import month_workbook


def _run(*args: str) -> str:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is needed for the PDF tests (apt-get install poppler-utils libreoffice-calc-nogui)"
    return subprocess.run([tool, *args[1:]], check=True, capture_output=True, text=True).stdout


def _pages(pdf) -> list[str]:
    return _run("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "appendix1.xlsx"
    result = scorecard_xl.build([SAMPLE], period="2016-09", output=out)
    return result, print_workbook(out)


def _appendix_pages(pages: list[str]) -> list[str]:
    return [p for p in pages if "Appendix 1 - Children's Services Portfolio" in p]


def test_pages_are_a4_landscape(pdf_build):
    info = _run("pdfinfo", "-f", "1", "-l", "100", str(pdf_build[1]))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes
    for width, height in sizes:
        assert float(width) == pytest.approx(841.89, abs=1) and float(height) == pytest.approx(595.28, abs=1)


def test_sensible_page_count_and_headers_on_every_page(pdf_build):
    pages = _pages(pdf_build[1])
    appendix = _appendix_pages(pages)
    assert 2 <= len(appendix) <= 5, len(appendix)
    assert len(pages) <= 12
    for page in appendix:
        # the column headers repeat, and the last column (Narrative) is on the same page: one page wide
        assert "Measure" in page and "Good to" in page and "Narrative" in page and "Benchmarks" in page
        assert re.search(r"Page \d+ of \d+", page)
    for page in pages:  # every sheet prints one page wide: nothing spills onto a page without the header band
        assert re.search(r"Page \d+ of \d+", page)


def test_every_measure_title_is_printed(pdf_build):
    text = " ".join(" ".join(_pages(pdf_build[1])).split())
    for row in pdf_build[0].scorecard.rows:
        words = row.measure.title.split()
        assert " ".join(words[:4]) in text, row.measure.title


def test_no_theme_split_from_its_heading(pdf_build):
    pages = [" ".join(p.split()) for p in _appendix_pages(_pages(pdf_build[1]))]
    for outcome in pdf_build[0].scorecard.outcomes:
        for theme in outcome.themes:
            where = [i for i, p in enumerate(pages) if f"Theme {theme.name}" in p]
            assert where, theme.name
            page = pages[where[0]]
            for row in theme.rows:
                assert " ".join(row.measure.title.split()[:3]) in page, (theme.name, row.measure.title)


def test_long_narrative_prints_whole(tmp_path):
    words = [f"w{i:03d}" for i in range(120)]
    narrative = " ".join(words)  # 599 characters
    assert len(narrative) >= 599
    extra = month_workbook(
        tmp_path / "narrative.xlsx", [["CS02", 0.57, narrative]], header=("Measure ID", "Value", "Narrative")
    )
    out = tmp_path / "long.xlsx"
    err = io.StringIO()
    assert main(["build", str(extra), str(SAMPLE), "--period", "2016-09", "-o", str(out)], io.StringIO(), err) == 0
    text = _run("pdftotext", str(print_workbook(out)), "-")
    found = re.findall(r"w\d{3}", text)
    assert found[:120] == words  # whole on Appendix 1 (and again in the Summary's exceptions)
    assert found[120:] == words


@pytest.fixture
def previous(tmp_path):
    """A previous build's workbook and PDF at OUT.xlsx and OUT.pdf (the PDF stands in: only its bytes matter)."""
    out = tmp_path / "appendix1.xlsx"
    assert main(["build", str(SAMPLE), "--period", "2016-08", "-o", str(out)], io.StringIO(), io.StringIO()) == 0
    out.with_suffix(".pdf").write_bytes(b"%PDF- the previous month's")
    return out


@pytest.mark.parametrize("nested", [False, True], ids=["pdf-is-a-folder", "pdf-in-that-folder-is-a-folder-too"])
def test_a_folder_where_the_pdf_goes_is_a_usage_error(previous, tmp_path, nested):
    taken = previous.with_suffix(".pdf")
    taken.unlink()
    taken.mkdir()
    if nested:
        (taken / taken.name).mkdir()
    before = tree(tmp_path)
    err = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(previous), "--pdf", "--force"], io.StringIO(), err) == 2
    assert err.getvalue() == f"error: {taken}: is a folder; give -o a file name\n"
    assert tree(tmp_path) == before


def test_an_existing_pdf_is_replaced_only_with_force(previous, tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    fresh.with_suffix(".pdf").write_bytes(b"%PDF- kept")
    err = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(fresh), "--pdf"], io.StringIO(), err) == 2
    assert (
        err.getvalue()
        == f"error: {fresh.with_suffix('.pdf')}: already exists; give --force to replace it, or -o for another name\n"
    )
    assert not fresh.exists() and fresh.with_suffix(".pdf").read_bytes() == b"%PDF- kept"
