"""`build --pdf` through LibreOffice: A4 landscape, one page wide, headers on every page, themes kept whole.

These tests need LibreOffice (`soffice`) and poppler (`pdftotext`, `pdfinfo`); `.ci/run` installs both.
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
    result = scorecard_xl.build([SAMPLE], period="2016-09", output=out, pdf=True)
    assert result.pdf_path == out.with_suffix(".pdf")
    return result


def _appendix_pages(pages: list[str]) -> list[str]:
    return [p for p in pages if "Appendix 1 - Children's Services Portfolio" in p]


def test_pages_are_a4_landscape(pdf_build):
    info = _run("pdfinfo", "-f", "1", "-l", "100", str(pdf_build.pdf_path))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes
    for width, height in sizes:
        assert float(width) == pytest.approx(841.89, abs=1) and float(height) == pytest.approx(595.28, abs=1)


def test_sensible_page_count_and_headers_on_every_page(pdf_build):
    pages = _pages(pdf_build.pdf_path)
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
    text = " ".join(" ".join(_pages(pdf_build.pdf_path)).split())
    for row in pdf_build.scorecard.rows:
        words = row.measure.title.split()
        assert " ".join(words[:4]) in text, row.measure.title


def test_no_theme_split_from_its_heading(pdf_build):
    pages = [" ".join(p.split()) for p in _appendix_pages(_pages(pdf_build.pdf_path))]
    for outcome in pdf_build.scorecard.outcomes:
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
    assert (
        main(["build", str(extra), str(SAMPLE), "--period", "2016-09", "-o", str(out), "--pdf"], io.StringIO(), err)
        == 0
    )
    text = _run("pdftotext", str(out.with_suffix(".pdf")), "-")
    found = re.findall(r"w\d{3}", text)
    assert found[:120] == words  # whole on Appendix 1 (and again in the Summary's exceptions)
    assert found[120:] == words


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_SOFFICE", str(tmp_path / "no-such-soffice"))
    monkeypatch.setenv("PATH", str(tmp_path))
    err = io.StringIO()
    out = tmp_path / "x.xlsx"
    assert main(["build", str(SAMPLE), "-o", str(out), "--pdf"], io.StringIO(), err) == 2
    assert err.getvalue().startswith("error: --pdf needs LibreOffice")
    assert err.getvalue().count("\n") == 1
    assert not out.exists()


@pytest.fixture
def previous(tmp_path):
    """A previous build's workbook and PDF at OUT.xlsx and OUT.pdf (the PDF stands in: only its bytes matter)."""
    out = tmp_path / "appendix1.xlsx"
    assert main(["build", str(SAMPLE), "--period", "2016-08", "-o", str(out)], io.StringIO(), io.StringIO()) == 0
    out.with_suffix(".pdf").write_bytes(b"%PDF- the previous month's")
    return out


def _fake_soffice(folder, body: str):
    script = folder / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("echo 'Error: source file could not be loaded' >&2; exit 1", "could not make the PDF (Error: source file"),
        ("exec sleep 30", "did not finish the PDF within 1 s"),
    ],
    ids=["libreoffice-fails", "libreoffice-times-out"],
)
def test_a_failed_pdf_replaces_neither_previous_output(previous, tmp_path, monkeypatch, body, message):
    """The PDF is made from the new workbook before either is renamed into place: when LibreOffice fails, the
    previous workbook and PDF are both left as they were, and nothing else is left behind."""
    import scorecard_xl.write.pdf as pdf

    monkeypatch.setenv("SCORECARD_SOFFICE", str(_fake_soffice(tmp_path, body)))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    before = tree(tmp_path)
    err = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(previous), "--pdf", "--force"], io.StringIO(), err) == 2
    assert err.getvalue().count("\n") == 1, err.getvalue()
    assert err.getvalue().startswith(f"error: {previous.with_suffix('.pdf')}: LibreOffice"), err.getvalue()
    assert message in err.getvalue()
    assert tree(tmp_path) == before


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


def test_a_workbook_that_cannot_be_put_in_place_takes_its_pdf_back(previous, tmp_path, monkeypatch):
    """The PDF is renamed into place first; if the workbook's rename then fails, the previous PDF goes back, so
    the two files in place are always of one build."""
    import os

    import scorecard_xl.write.output as output

    soffice = _fake_soffice(tmp_path, "printf '%%PDF- new' > \"$8/scorecard.pdf\"")  # $8: its --outdir
    monkeypatch.setenv("SCORECARD_SOFFICE", str(soffice))
    real = os.replace

    def failing(src, dst):
        if str(dst) == str(previous):
            raise OSError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", failing)
    before = tree(tmp_path)
    err = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(previous), "--pdf", "--force"], io.StringIO(), err) == 2
    assert "Permission denied" in err.getvalue()
    assert tree(tmp_path) == before
