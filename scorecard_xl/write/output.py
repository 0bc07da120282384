"""Where a workbook may be written, and writing it so that a failure leaves any previous file as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import OutputError, UsageError


def pdf_beside(out: Path) -> Path:
    """Where `--pdf` puts the PDF of the workbook `out`: beside it, the same name with .pdf."""
    return out.with_suffix(".pdf")


def check_output(out: Path, inputs: Sequence[Path], force: bool, *, pdf: bool = False) -> None:
    """Raise OutputError (or UsageError) unless `out` may be written: an .xlsx, not an input, in a folder that
    exists, not open in Excel, and new unless `force`; with `pdf`, the same for the PDF beside it. A path the
    operating system refuses to look at (a name too long, say) is a UsageError naming it."""
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: the output must be an .xlsx file")
    try:
        _check_places(out, inputs, force, pdf)
    except OSError as exc:
        raise UsageError(f"{exc.filename or out}: cannot be used as the output ({exc.strerror})") from exc


def _check_places(out: Path, inputs: Sequence[Path], force: bool, pdf: bool) -> None:
    targets = [out, pdf_beside(out)] if pdf else [out]
    resolved = {target.resolve(): target for target in targets}
    for path in inputs:
        if path.resolve() in resolved:
            raise OutputError(
                f"{resolved[path.resolve()]}: this is an input; the output is never written over an input — "
                "choose another name"
            )
    folder = out.parent
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{out}: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise OutputError(f"{out}: the folder {folder} does not exist")
    for lock in (folder / f"~${out.name}", folder / f"~${out.name[2:]}"):
        if _exists(lock):
            raise OutputError(f"{out}: the file is open in Excel (lock file {lock.name}); close it, then build again")
    for target in targets:
        if target.is_dir():
            raise UsageError(f"{target}: is a folder; give -o a file name")
        if target.exists() and not force:
            raise OutputError(f"{target}: already exists; give --force to replace it, or -o for another name")


def check_html_output(out: Path, taken: Sequence[Path], force: bool) -> None:
    """Raise OutputError (or UsageError) unless the HTML edition may be written at `out`: an .html or .htm file,
    none of `taken` (the inputs and the other outputs), in a folder that exists, and new unless `force`."""
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"{out}: the HTML edition must be an .html file")
    try:
        if any(out.resolve() == path.resolve() for path in taken):
            raise OutputError(f"{out}: this is an input or another output of the build — choose another name")
        if not out.parent.is_dir():
            raise OutputError(f"{out}: the folder {out.parent} does not exist")
        if out.is_dir():
            raise UsageError(f"{out}: is a folder; give --html a file name")
        if out.exists() and not force:
            raise OutputError(f"{out}: already exists; give --force to replace it, or --html for another name")
    except OSError as exc:
        raise UsageError(f"{exc.filename or out}: cannot be used as the output ({exc.strerror})") from exc


def write_text_safely(out: Path, text: str) -> None:
    """Write `text` (UTF-8, as given: no newline translation) to a temporary file beside `out`, then rename it over
    `out`, so a failure leaves any previous file as it was."""

    def write(temp: str) -> None:
        Path(temp).write_bytes(text.encode("utf-8"))

    write_safely(out, write)


def _exists(lock: Path) -> bool:
    """Whether Excel's lock file is there; a lock name the file system cannot hold (too long) is not there."""
    try:
        return lock.exists()
    except OSError:
        return False


def write_safely(out: Path, write: Callable[[str], None], *, pdf: Callable[[Path], Path] | None = None) -> None:
    """Call `write(temp_path)` for a temporary file beside `out`, then rename it over `out`; with `pdf`, first
    `pdf(temp_path)`, which makes the PDF beside the temporary file and returns its path, renamed over the PDF
    beside `out`.

    A failure anywhere leaves `out` (and its PDF) as they were and removes the temporary files: with `pdf`,
    neither is replaced unless both were made, and a workbook that cannot be put in place takes its PDF back.
    """
    try:
        folder = Path(tempfile.mkdtemp(prefix=".~scorecard-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write in {out.parent} ({exc.strerror}); is the folder read-only?") from exc
    try:
        temp = folder / f"scorecard{out.suffix}"  # short: LibreOffice cannot print a name near the 255-byte limit
        write(str(temp))
        mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
        if pdf is None:
            os.replace(temp, out)
        else:
            _replace_both(temp, pdf(temp), out, folder, mode)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the file ({exc.strerror})") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _replace_both(workbook: Path, made: Path, out: Path, folder: Path, mode: int) -> None:
    """Rename the new PDF and then the new workbook over `out`'s; the previous PDF is kept aside in `folder` first,
    and put back if the workbook's rename fails, so the two files in place are always from the same build."""
    target = pdf_beside(out)
    kept = folder / "previous.pdf"
    os.chmod(made, mode)
    had_pdf = target.exists()
    try:
        if had_pdf:
            os.replace(target, kept)
        os.replace(made, target)
        os.replace(workbook, out)
    except OSError as exc:
        if kept.exists():
            os.replace(kept, target)  # the previous PDF back beside the previous workbook
        elif not had_pdf:
            target.unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot write the workbook and its PDF ({exc.strerror})") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
