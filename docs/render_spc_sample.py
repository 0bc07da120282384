"""Render page 1 of the sample's Appendix 1 built with Making Data Count's SPC on (`rules: {spc: true}`), the picture
README shows of the Variation and Assurance columns.

Needs LibreOffice and poppler's pdftoppm: `python docs/render_spc_sample.py` writes `docs/spc_sample_page1.png`. The
template is a copy of the bundled Children's Services one with `spc: true` added to its rules; the bundled template
is not changed.
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
TEMPLATE = ROOT / "templates" / "childrens_services.yaml"
PICTURE = ROOT / "docs" / "spc_sample_page1.png"


def spc_template(folder: Path) -> Path:
    """A copy of the bundled Children's Services template with `spc: true` in its rules, in `folder`."""
    text = TEMPLATE.read_text(encoding="utf-8")
    assert "\nrules:\n" in text
    copy = folder / "childrens_services_spc.yaml"
    copy.write_text(text.replace("\nrules:\n", "\nrules:\n  spc: true\n", 1), encoding="utf-8")
    return copy


def main() -> int:
    """Build the sample with SPC on and --pdf in a temporary folder and picture its first page."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("error: pdftoppm not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = scorecard_xl.build(
            [SAMPLE], template=spc_template(folder), period="2016-09", output=folder / "appendix1.xlsx", pdf=True
        )
        assert result.pdf_path is not None
        stem = folder / "page"
        subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(result.pdf_path),
                        str(stem)], check=True)  # fmt: skip
        shutil.copyfile(stem.with_suffix(".png"), PICTURE)
    print(f"wrote {PICTURE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
