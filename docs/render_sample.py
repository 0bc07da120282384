"""Render the pictures README shows: page 1 of the sample's Appendix 1 and of the council pack and its Exceptions,
as the workbook prints (through LibreOffice); and page 1 of the sample as the workbook prints beside page 1 of the
PDF `--pdf` makes (through WeasyPrint).

Needs LibreOffice and poppler's pdftoppm: `python docs/render_sample.py` writes `docs/appendix1_page1.png`,
`docs/council_pack_page1.png`, `docs/council_exceptions_page1.png`, `docs/pdf_before_libreoffice.png` and
`docs/pdf_after_weasyprint.png`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import scorecard_xl

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"
SAMPLE = SAMPLES / "childrens_services_extract.xlsx"
DOCS = ROOT / "docs"


def _page(pdftoppm: str, pdf: Path, page: int, picture: Path) -> None:
    """Page `page` of `pdf` as a PNG at `picture`."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run([pdftoppm, "-png", "-r", "110", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(stem)], check=True)  # fmt: skip
        shutil.copyfile(stem.with_suffix(".png"), picture)
    print(f"wrote {picture}")


def _printed(workbook: Path) -> Path:
    """The workbook as LibreOffice prints it: a PDF beside it."""
    soffice = shutil.which("soffice") or "soffice"
    command = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(workbook.parent), str(workbook)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return workbook.with_suffix(".pdf")


def _small(pdftoppm: str, pdf: Path, picture: Path) -> None:
    """Page 1 of `pdf` as a small PNG at `picture`, for a side-by-side comparison."""
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(picture.with_suffix(""))], check=True)  # fmt: skip


def _first_page_of(pdf: Path, words: str) -> int:
    """The number of the first page of `pdf` whose text holds `words`."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return next(i for i, page in enumerate(text.split("\f"), start=1) if words in page)


def main() -> int:
    """Build the sample (with --pdf) and the council pack in a temporary folder, print the workbooks through
    LibreOffice, and picture their pages."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("error: pdftoppm not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        single = scorecard_xl.build([SAMPLE], period="2016-09", output=Path(tmp) / "appendix1.xlsx", pdf=True)
        assert single.pdf_path is not None
        tagged = single.pdf_path.rename(Path(tmp) / "tagged.pdf")
        workbook_print = _printed(single.path)
        _page(pdftoppm, workbook_print, 1, DOCS / "appendix1_page1.png")
        _small(pdftoppm, workbook_print, DOCS / "pdf_before_libreoffice.png")
        _small(pdftoppm, tagged, DOCS / "pdf_after_weasyprint.png")
        pack = scorecard_xl.build([SAMPLES], template="council", period="2016-09", output=Path(tmp) / "pack.xlsx")
        pack_print = _printed(pack.path)
        _page(pdftoppm, pack_print, 1, DOCS / "council_pack_page1.png")
        exceptions = _first_page_of(pack_print, "Exceptions: measures rated Red,")
        _page(pdftoppm, pack_print, exceptions, DOCS / "council_exceptions_page1.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
