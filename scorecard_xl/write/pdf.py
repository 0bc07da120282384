"""Print the built workbook to PDF through a LibreOffice found on the machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OutputError, UsageError

CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
TIMEOUT_SECONDS = 180


def find_soffice() -> str:
    """The path of LibreOffice's `soffice`; $SCORECARD_SOFFICE wins. Raises UsageError when there is none."""
    override = os.environ.get("SCORECARD_SOFFICE")
    for candidate in (override,) if override else CANDIDATES:
        found = shutil.which(candidate) or (candidate if _is_file(candidate) else None)
        if found:
            return found
    raise UsageError(
        "--pdf needs LibreOffice, and none was found; install it (Debian/Ubuntu: apt-get install "
        "libreoffice-calc-nogui) or set SCORECARD_SOFFICE to its soffice program"
    )


def _is_file(candidate: str) -> bool:
    try:
        return Path(candidate).is_file()
    except OSError:  # a name too long for the file system, say: no LibreOffice there
        return False


def to_pdf(workbook: Path, shown: Path) -> Path:
    """Convert `workbook` to a PDF in the same folder (same name, .pdf) and return its path; `shown` is the PDF's
    place, named in messages.

    Runs LibreOffice headless with a throw-away profile, so it neither needs nor disturbs a user's own. The caller
    gives a workbook in a folder of its own (a temporary one beside the outputs) and renames what is made into place.
    Raises UsageError when there is no LibreOffice, OutputError when the conversion fails or times out.
    """
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="scorecard-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(workbook.parent), str(workbook),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(f"{shown}: LibreOffice did not finish the PDF within {TIMEOUT_SECONDS} s") from exc
        except OSError as exc:
            raise OutputError(f"{shown}: LibreOffice ({soffice}) could not be started ({exc.strerror})") from exc
    made = workbook.with_suffix(".pdf")
    if done.returncode != 0 or not made.is_file():
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise OutputError(f"{shown}: LibreOffice could not make the PDF ({detail[-1] if detail else 'no output'})")
    return made
