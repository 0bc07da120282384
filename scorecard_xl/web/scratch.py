"""The request folders in the temporary folder (`$TMPDIR`): how they are named, and the sweep of those a server
stopped mid-build (SIGKILL, a power cut) left behind.

A request folder is `scorecard-web-<pid>-<8 random characters>`, `<pid>` the server process that made it, so that
the next server can tell a folder whose owner has gone from one another running server is using. The sweep
removes only directories (never a link, never a file) of that exact name, of this user, whose owner is gone or
that are older than a request can last; folders of the earlier naming (`scorecard-web-<8 random characters>`,
no process recorded) are removed on age alone. Nothing else in the temporary folder is touched.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "scorecard-web-"
_OURS = re.compile(re.escape(PREFIX) + r"(?:(\d{1,10})-)?[a-z0-9_]{8}")  # tempfile's random part: 8 of [a-z0-9_]


@contextmanager
def request_folder() -> Iterator[Path]:
    """A new empty folder of this process's own in the temporary folder, removed with its contents on leaving."""
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as tmp:
        yield Path(tmp)


def is_request_folder_name(name: str) -> bool:
    """Whether `name` is spelt as a request folder's name (either naming)."""
    return _OURS.fullmatch(name) is not None


def sweep(max_age: float, root: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove the stale request folders in `root` (default the temporary folder); the paths removed.

    Call it when a server starts, before it makes any request folder: a folder naming this very process is then
    stale too (a process of an earlier run, in a container say, had the same number). A folder is stale when the
    process it names is gone, or it was last changed more than `max_age` seconds ago (a number reused by an
    unrelated process, or the earlier naming). Never raises: what cannot be read or removed is left as it is.
    """
    folder = Path(root) if root is not None else Path(tempfile.gettempdir())
    now = time.time() if now is None else now
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    removed = []
    for entry in entries:
        found = _OURS.fullmatch(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue
        owner = int(found.group(1)) if found.group(1) else None
        if not (_gone(owner) or now - info.st_mtime > max_age):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        if not os.path.lexists(entry.path):
            removed.append(Path(entry.path))
    return removed


def _gone(pid: int | None) -> bool:
    """Whether the process `pid` (this one included, see sweep) no longer runs; False when it cannot be told
    (on Windows `os.kill(pid, 0)` would send a Ctrl+C, so there age alone decides)."""
    if pid is None or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (OverflowError, OSError):  # another user's process (PermissionError), or not a process number
        return False
    return False
