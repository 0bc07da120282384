"""One fuzz case built by the command line in a child process, under a time limit and an address-space cap, and
what came of it: the exit code, a traceback, a hang, the input changed, a warning, and the built workbook's
figures compared with the clean build's.

The figures are what a committee reads: Appendix 1's title, each row's target, month figures (value and the arrow
of the number format) and RAG, and every figure of the Data sheet; the narratives are compared apart.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIME_LIMIT = 60.0  # seconds a build may take before it counts as a hang
MEMORY_LIMIT = 1536 << 20  # bytes of address space (RLIMIT_AS) a build may map

_MONTH = re.compile(r"[A-Z][a-z]{2} \d{4}")
_ARROW = re.compile(r'^"(.) ')


@dataclass(frozen=True)
class Shown:
    """What a built workbook shows: figures (key → value) and narratives (measure id → text)."""

    figures: dict[str, Any]
    texts: dict[str, str]


def read_shown(path: Path) -> Shown:
    """The figures and narratives of a built Appendix 1 workbook, read back with openpyxl."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    figures: dict[str, Any] = {}
    ids: dict[Any, str] = {}
    data = book["Data"]
    header = next(r for r in range(1, 20) if data.cell(r, 1).value == "ID")
    months = [data.cell(header, c).value for c in range(1, data.max_column + 1)]
    for r in range(header + 1, data.max_row + 1):
        measure = data.cell(r, 1).value
        if measure is None:
            continue
        ids[data.cell(r, 2).value] = str(measure)
        for c, month in enumerate(months, start=1):
            if isinstance(month, str) and _MONTH.fullmatch(month):
                figures[f"Data {measure} {month}"] = data.cell(r, c).value
    sheet = book["Appendix 1"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "No.")
    figures["Appendix 1 title"] = " / ".join(str(sheet.cell(r, 1).value) for r in range(1, header))
    labels = [sheet.cell(header, c).value for c in range(1, sheet.max_column + 1)]
    texts: dict[str, str] = {}
    for r in range(header + 1, sheet.max_row + 1):
        first = sheet.cell(r, 1).value
        if first is None:
            continue
        row = ids.get(first, f"{first} {sheet.cell(r, 2).value}")
        for c, label in enumerate(labels, start=1):
            cell = sheet.cell(r, c)
            if label in ("Target", "Latest performance (RAG)"):
                figures[f"Appendix 1 {row} {label}"] = cell.value
            elif isinstance(label, str) and _MONTH.fullmatch(label):
                arrow = _ARROW.match(cell.number_format)
                figures[f"Appendix 1 {row} {label}"] = (cell.value, arrow.group(1) if arrow else None)
            elif label == "Narrative" and cell.value is not None:
                texts[row] = str(cell.value)
    book.close()
    return Shown(figures, texts)


def differences(clean: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """`key: clean → got` for each key whose value differs (a key missing on one side counts)."""
    keys = sorted(set(clean) | set(got))
    return [f"{k}: {clean.get(k)!r} → {got.get(k)!r}" for k in keys if clean.get(k) != got.get(k)]


@dataclass
class Outcome:
    """What became of one case (a plain record: it crosses process boundaries and is written as JSON)."""

    index: int
    kind: str
    oracle: str
    description: str
    exit: int | None = None  # None: it hung and was killed
    traceback: bool = False
    modified: bool = False
    warned: bool = False
    unread: str = ""  # exit 0 but the output could not be read back: why
    figures: list[str] = field(default_factory=list)  # figures that differ from the clean build
    texts: list[str] = field(default_factory=list)  # narratives that differ from the expected ones
    stderr: str = ""
    seconds: float = 0.0

    @property
    def differs(self) -> bool:
        return bool(self.figures or self.unread)

    @property
    def wrong(self) -> bool:
        """A different figure (or, where the input holds the same narratives, a different narrative) where the
        input means the same as the clean one or is damaged: never correct."""
        return self.exit == 0 and self.oracle != "any" and bool(self.figures or self.texts or self.unread)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(repo: Path, source: Path, output: Path, timeout: float = TIME_LIMIT) -> tuple[int | None, str]:
    """`python -m scorecard_xl build SOURCE -o OUTPUT --force --quiet` with `repo` first on the path, in its
    own session (a hang kills the whole group): (exit code or None when it hung, stderr). A negative code is
    the signal that ended it."""
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    argv = [sys.executable, "-m", "scorecard_xl", "build", str(source), "-o", str(output), "--force", "--quiet"]
    with subprocess.Popen(
        argv, cwd=output.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=_limits, start_new_session=True,
    ) as child:  # fmt: skip
        try:
            _, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return None, ""
    return child.returncode, err.decode("utf-8", "replace")


def check(repo: Path, folder: Path, index: int, kind: str, oracle: str, description: str, data: bytes,
          suffix: str, clean: Shown, texts: dict[str, str]) -> Outcome:  # fmt: skip
    """Build one case in `folder` and compare what it shows with `clean` (narratives `texts` overriding)."""
    import time

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"case{suffix}"
    source.write_bytes(data)
    before = sha256(source)
    output = folder / "appendix1.xlsx"
    started = time.monotonic()
    code, err = build(repo, source, output)
    outcome = Outcome(index, kind, oracle, description, code, seconds=round(time.monotonic() - started, 2))
    outcome.stderr = err[-2000:]
    outcome.traceback = "Traceback (most recent call last)" in err or "panicked at" in err
    outcome.modified = not source.exists() or sha256(source) != before
    outcome.warned = any(line.startswith("warning:") for line in err.splitlines())
    if code == 0:
        try:
            shown = read_shown(output)
        except Exception as exc:  # a workbook openpyxl cannot read is itself a finding
            outcome.unread = f"{type(exc).__name__}: {exc}"[:300]
        else:
            outcome.figures = differences(clean.figures, shown.figures)
            if oracle != "any":
                outcome.texts = differences({**clean.texts, **texts}, shown.texts)
    return outcome
