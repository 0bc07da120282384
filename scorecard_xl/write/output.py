"""Where a workbook may be written, and writing it so that a failure leaves any previous file as it was."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import OutputError, UsageError
from ..stopping import held
from .temp_folders import make_temp_folder, sweep_stale


def output_path(output: str | os.PathLike[str]) -> Path:
    """`output` as a Path; a name ending in a folder separator (`-o adir.xlsx/`), `.` or `..` names a folder and
    is a UsageError (a Path would drop the separator and write a file called `adir.xlsx`)."""
    text = os.fspath(output)
    if text and os.path.basename(text) in ("", ".", ".."):
        raise UsageError(f"{text}: names a folder; give -o a file name, such as appendix1.xlsx")
    return Path(text)


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


def write_text_safely(out: Path, text: str, *, force: bool = False) -> None:
    """Write `text` (UTF-8, as given: no newline translation) to a temporary file beside `out`, then put it in
    place as `write_safely` does (replacing a file there only with `force`), so a failure leaves any previous file
    as it was."""

    def write(temp: str) -> None:
        Path(temp).write_bytes(text.encode("utf-8"))

    write_safely(out, write, force=force)


def _exists(lock: Path) -> bool:
    """Whether Excel's lock file is there; a lock name the file system cannot hold (too long) is not there."""
    try:
        return lock.exists()
    except OSError:
        return False


def write_safely(
    out: Path,
    write: Callable[[str], None],
    *,
    pdf: Callable[[Path], Path] | None = None,
    force: bool = False,
) -> None:
    """Call `write(temp_path)` for a temporary file beside `out`, then put it in place at `out`; with `pdf`, first
    `pdf(temp_path)`, which makes the PDF beside the temporary file and returns its path, put in place beside
    `out`. Stale temporary folders of earlier builds, killed while writing, are swept away first.

    Without `force` the file is put in place only if there is none at `out`: the check is the step itself (a hard
    link, or an exclusive create where there are none), so a file made there while this one was written is never
    replaced (an OutputError). With `force`, it is renamed over any file there.

    A failure anywhere (a full disk included) leaves `out` (and its PDF) as they were and removes the temporary
    files: with `pdf`, neither is put in place unless both were made, and a workbook that cannot be put in place
    takes its PDF back. The step putting them in place runs whole, with Ctrl+C and SIGTERM held until it ends.
    """
    sweep_stale(out.parent)
    try:
        folder = make_temp_folder(out.parent)
    except OSError as exc:
        raise _cannot(out, exc, f"write in {out.parent}", "is the folder read-only?") from exc
    try:
        temp = folder / f"scorecard{out.suffix}"  # short: LibreOffice cannot print a name near the 255-byte limit
        write(str(temp))
        mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
        made = pdf(temp) if pdf is not None else None
        with held():
            if made is None:
                _place(temp, out, force)
                _record(out)
            else:
                os.chmod(made, mode)
                _place_both(temp, made, out, folder, force)
                _record(out, pdf_beside(out))
    except OSError as exc:
        raise _cannot(out, exc, "write the file") from exc
    finally:
        with held():
            shutil.rmtree(folder, ignore_errors=True)


_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def _cannot(out: Path, exc: OSError, doing: str, hint: str = "") -> OutputError:
    """The one-line error for a step the operating system refused."""
    if exc.errno in _FULL:
        return OutputError(
            f"{out}: cannot {doing}: the disk is full ({exc.strerror}); nothing was replaced — free some space, or "
            "give -o a folder on another disk"
        )
    return OutputError(f"{out}: cannot {doing} ({exc.strerror})" + (f"; {hint}" if hint else ""))


def store(path: str | Path, data: bytes | memoryview) -> None:
    """Write `data` to a new file at `path` (which must not exist) and wait until it is on the disk, so that a
    full disk shows here, as an OSError, and never after the file has been put in place (a file system that
    cannot wait, a few network ones, is not waited for). A failure leaves the file part-written, for the caller
    to remove."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        try:
            os.fsync(fd)
        except OSError as exc:
            if exc.errno not in _NO_SYNC:
                raise
    finally:
        os.close(fd)


_NO_SYNC = frozenset(getattr(errno, name) for name in ("EINVAL", "ENOTSUP", "EOPNOTSUPP") if hasattr(errno, name))


_NO_HARD_LINKS = frozenset(
    getattr(errno, name) for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EINVAL", "EXDEV")
    if hasattr(errno, name)
)  # fmt: skip


def _taken(target: Path) -> OutputError:
    return OutputError(
        f"{target}: already exists (it was made while this build ran); give --force to replace it, or -o for "
        "another name"
    )


def _place(made: Path, target: Path, force: bool) -> None:
    """Put the file `made` at `target` in one step: with `force` renamed over any file there; else only where
    there is none, or an OutputError. Where the file system has no hard links, the name is claimed by an
    exclusive create and the file renamed over the claim."""
    if force:
        os.replace(made, target)
        return
    try:
        os.link(made, target)
    except FileExistsError as exc:
        raise _taken(target) from exc
    except (OSError, AttributeError) as exc:
        if isinstance(exc, OSError) and exc.errno not in _NO_HARD_LINKS:
            raise
        _claim_and_rename(made, target)
    else:
        os.unlink(made)


def _claim_and_rename(made: Path, target: Path) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise _taken(target) from exc
    try:
        claim = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        os.replace(made, target)
    except BaseException:
        with contextlib.suppress(OSError):
            if os.path.samestat(os.stat(target), claim):
                os.unlink(target)  # our own empty claim, not anyone's file
        raise


def _place_both(workbook: Path, made: Path, out: Path, folder: Path, force: bool) -> None:
    """Put the new PDF and then the new workbook in place (as `_place`); with `force` the previous PDF is kept
    aside in `folder` first and put back, and without it the new PDF taken away, if the workbook cannot be put in
    place, so the two files in place are always from the same build."""
    target = pdf_beside(out)
    kept = folder / "previous.pdf"
    if force and target.exists():
        os.replace(target, kept)
    try:
        _place(made, target, force)
        try:
            _place(workbook, out, force)
        except BaseException:
            target.unlink(missing_ok=True)  # the new PDF, just put there
            raise
    except BaseException:
        if kept.exists():
            os.replace(kept, target)  # the previous PDF back beside the previous workbook
        raise


_WRITTEN: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar("written", default=None)


@contextlib.contextmanager
def recording(written: list[Path]) -> Iterator[list[Path]]:
    """Within the block, every file `write_safely` puts in place is appended to `written` as soon as it is there,
    so that a command stopped after that can say what it wrote."""
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def _record(*paths: Path) -> None:
    written = _WRITTEN.get()
    if written is not None:
        written.extend(paths)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
