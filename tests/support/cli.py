"""The command line run in this process, and what the tests check on disk: file hashes and folder snapshots."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

from scorecard_xl.cli import main


def run_cli(argv: Sequence[object]) -> tuple[int, str, str]:
    """`scorecard-xl ARGV` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    """Every entry under `root` (recursively) → the SHA-256 of its bytes, `dir`, or `special` (FIFO, socket…),
    so that two snapshots compare equal exactly when nothing was added, removed or changed."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "link:" + str(path.readlink())
        elif path.is_dir():
            found[key] = "dir"
        elif path.is_file():
            found[key] = sha256(path)
        else:
            found[key] = "special"
    return found
