"""Render page 1 of the bundled sample's PDF to `docs/appendix1_page1.png`, the picture README shows.

Needs LibreOffice and poppler's pdftoppm: `python docs/render_sample.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import scorecard_xl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "childrens_services_extract.xlsx"
PICTURE = ROOT / "docs" / "appendix1_page1.png"


def main() -> int:
    """Build the sample with --pdf in a temporary folder and turn its first page into a PNG."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("error: pdftoppm not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        result = scorecard_xl.build([SAMPLE], period="2016-09", output=Path(tmp) / "appendix1.xlsx", pdf=True)
        assert result.pdf_path is not None
        stem = Path(tmp) / "page"
        subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(result.pdf_path),
                        str(stem)], check=True)  # fmt: skip
        shutil.copyfile(stem.with_suffix(".png"), PICTURE)
    print(f"wrote {PICTURE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
