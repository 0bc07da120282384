"""Where a workbook may be written, and writing it so that a failure leaves any previous file as it was."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import OutputError, UsageError


def check_output(out: Path, inputs: Sequence[Path], force: bool) -> None:
    """Raise OutputError (or UsageError) unless `out` may be written: an .xlsx, not an input, in a folder that
    exists, not open in Excel, and new unless `force`."""
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: the output must be an .xlsx file")
    resolved = out.resolve()
    for path in inputs:
        if path.resolve() == resolved:
            raise OutputError(
                f"{out}: this is an input; the output is never written over an input — choose another name"
            )
    folder = out.parent
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{out}: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise OutputError(f"{out}: the folder {folder} does not exist")
    for lock in (folder / f"~${out.name}", folder / f"~${out.name[2:]}"):
        if lock.exists():
            raise OutputError(f"{out}: the file is open in Excel (lock file {lock.name}); close it, then build again")
    if out.is_dir():
        raise OutputError(f"{out}: is a folder")
    if out.exists() and not force:
        raise OutputError(f"{out}: already exists; give --force to replace it, or -o for another name")


def write_safely(out: Path, write: Callable[[str], None]) -> None:
    """Call `write(temp_path)` for a temporary file beside `out`, then rename it over `out`.

    A failure anywhere leaves `out` as it was and removes the temporary file.
    """
    try:
        handle, temp = tempfile.mkstemp(prefix=".~scorecard-", suffix=out.suffix, dir=out.parent)
        os.close(handle)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write in {out.parent} ({exc.strerror}); is the folder read-only?") from exc
    try:
        write(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the file ({exc.strerror})") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
