"""The hidden temporary folder a build writes in beside its output, and the sweeping away of those that builds
stopped without warning (killed, or the computer switched off) left behind.

A folder is named `.~scorecard-<pid>-<8 random characters>` and holds an `owner` file naming the computer and
the process that made it. Only folders of that name (or of the earlier `.~scorecard-<8 random characters>`),
owned by this user and holding nothing but the files a build writes, are ever removed: those whose process, on
this computer, has ended, and any not touched for an hour (a build is in its writing step for minutes at most).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

PREFIX = ".~scorecard-"
OWNER = "owner"
STALE_SECONDS = 3600.0
_NAME = re.compile(r"\.~scorecard-(?:\d+-)?[a-z0-9_]{8}")  # tempfile.mkdtemp's random part: 8 of [a-z0-9_]
_OURS = frozenset({"scorecard.xlsx", "scorecard.pdf", "previous.pdf", OWNER})
_LOCK = ".~lock.scorecard."  # LibreOffice's lock file, left when it is killed while printing the workbook


def make_temp_folder(beside: Path) -> Path:
    """A new temporary folder in `beside`, with its owner file written. Raises OSError (nothing left behind)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=beside))
    try:
        with open(folder / OWNER, "x", encoding="utf-8") as handle:
            handle.write(f"{socket.gethostname()} {os.getpid()}\n")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def sweep_stale(beside: Path, now: float | None = None) -> list[Path]:
    """Remove the stale temporary folders of earlier builds in `beside` (see the module's description) and
    return those removed. Never raises: a folder that cannot be looked at or removed is left as it is."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        with os.scandir(beside) as found:
            entries = list(found)
    except OSError:
        return removed
    for entry in entries:
        if _NAME.fullmatch(entry.name) and _stale(Path(entry.path), now):
            with contextlib.suppress(OSError):  # sweeping is a courtesy, never a reason to fail
                with os.scandir(entry.path) as items:
                    for item in items:
                        os.unlink(item.path)
                os.rmdir(entry.path)
                removed.append(Path(entry.path))
    return removed


def _stale(folder: Path, now: float) -> bool:
    """Whether `folder` is one of ours that no running build is using."""
    try:
        st = folder.lstat()
        if not folder.is_dir() or folder.is_symlink() or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return False
        newest = st.st_mtime
        with os.scandir(folder) as items:
            for item in items:
                if not item.is_file(follow_symlinks=False) or not (item.name in _OURS or item.name.startswith(_LOCK)):
                    return False  # not only what a build writes: not ours to remove
                newest = max(newest, item.stat(follow_symlinks=False).st_mtime)
        owner = (folder / OWNER).read_text(encoding="utf-8").split() if (folder / OWNER).is_file() else []
    except (OSError, UnicodeDecodeError):
        return False
    if now - newest > STALE_SECONDS:
        return True
    return len(owner) == 2 and owner[0] == socket.gethostname() and owner[1].isdigit() and not _running(int(owner[1]))


def _running(pid: int) -> bool:
    """Whether process `pid` of this computer is running; True when that cannot be told (Windows, where signal 0
    would end the process)."""
    if os.name == "nt" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: running, as another user
        return True
    return True
