"""The workbook as LibreOffice prints it (`soffice --headless --convert-to pdf`), for the tests that check the
workbook itself prints: A4 landscape, one page wide, headers on every page, the Trend charts drawn. `.ci/run`
installs LibreOffice; the package's own `--pdf` does not need it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180


def soffice() -> str:
    """LibreOffice's soffice on the PATH; the tests that need it fail clearly where it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "these tests need LibreOffice (apt-get install libreoffice-calc-nogui)"
    return found


def print_workbook(workbook: Path) -> Path:
    """Print `workbook` to a PDF beside it (same name, .pdf) with a throw-away LibreOffice profile; its path."""
    with tempfile.TemporaryDirectory(prefix="scorecard-soffice-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        command = [
            soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(workbook.parent), str(workbook),
        ]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
    made = workbook.with_suffix(".pdf")
    assert made.is_file(), f"LibreOffice made no PDF of {workbook}"
    return made
