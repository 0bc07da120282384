"""Render the pictures README shows: page 1 of the sample's Appendix 1, and of the council pack and its Exceptions.

Needs LibreOffice and poppler's pdftoppm: `python docs/render_sample.py` writes `docs/appendix1_page1.png`,
`docs/council_pack_page1.png` and `docs/council_exceptions_page1.png`.
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


def _first_page_of(pdf: Path, words: str) -> int:
    """The number of the first page of `pdf` whose text holds `words`."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return next(i for i, page in enumerate(text.split("\f"), start=1) if words in page)


def main() -> int:
    """Build the sample and the council pack with --pdf in a temporary folder and picture their pages."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("error: pdftoppm not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        single = scorecard_xl.build([SAMPLE], period="2016-09", output=Path(tmp) / "appendix1.xlsx", pdf=True)
        assert single.pdf_path is not None
        _page(pdftoppm, single.pdf_path, 1, DOCS / "appendix1_page1.png")
        pack = scorecard_xl.build(
            [SAMPLES], template="council", period="2016-09", output=Path(tmp) / "pack.xlsx", pdf=True
        )
        assert pack.pdf_path is not None
        _page(pdftoppm, pack.pdf_path, 1, DOCS / "council_pack_page1.png")
        exceptions = _first_page_of(pack.pdf_path, "Exceptions: measures rated Red,")
        _page(pdftoppm, pack.pdf_path, exceptions, DOCS / "council_exceptions_page1.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
