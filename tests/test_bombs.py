"""Bombs are refused, cleanly and within 300 MB of address space (SPEC §3.4).

Each bomb is generated in tmp_path, cheaply: the 1 GB shared-strings part is streamed through the compressor
(about 8 MB on disk at compression level 1), the million-row sheet is 27 MB of `<row>` elements, and the billion
laughs is a few hundred bytes of nested entities. The fourth goes past those three: two million cells in 130
rows. The zip's central directory refuses the first, second and fourth before a byte is inflated
(declared size, or a compression ratio past 100:1). A CSV has the same cell bound as a workbook: a 31 MB one of
15.5 million cells in one row is refused as it is read, before the csv module splits that row.

The rest are python-calamine's own hazards (SPEC §3.4): it builds a dense grid from a sheet's cell extent, so a
2 KB sheet with cells at A1 and XFD1048576 would abort the whole process (SIGABRT, which no `except` catches).
The sheet scan must find that extent first however the far cell is written: upper case, lower case, zero-padded,
with a namespace prefix, with no reference at all (placed by its row), or inside the row and column bounds but
spanning a grid past the cell bound.

Each is run through `scorecard_xl.cli.main` in a fresh `python -c` subprocess whose address space is capped at
300 MB by `resource.setrlimit(RLIMIT_AS)`, the child's first statement, before it imports anything; the peak RSS
is also measured, for that child alone (not the test process, as a forked child's would), from the rusage
`os.wait4` returns, in KiB on Linux. Wall time is printed with the figures (`pytest -s` shows the bomb table)
but never asserted; a child still running after KILL_AFTER is killed so that a hang fails the test instead of
stalling the suite.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from .support.zips import NS_MAIN, raw_workbook, raw_workbook_parts, stream_part

MEMORY_LIMIT = 300 * 2**20
KILL_AFTER = 60.0  # a bomb still running by then has hung; stop it so the suite goes on
# The child caps its own address space before it imports anything. Its peak RSS is its own high-water mark
# (VmHWM, written to the file named by PEAK_FILE as it exits): the rusage of a forked child also counts the image
# of the test process it was forked from, which would hide the child's own figure behind pytest's.
CAP = f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
_PEAK = (
    "import atexit, os; atexit.register(lambda: open(os.environ['PEAK_FILE'], 'w').write("
    "next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])); "
)
CHILD = CAP + _PEAK + "from scorecard_xl.cli import main; sys.exit(main(sys.argv[1:]))"
_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_SHEET_HEAD = _XML + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'.encode()
_SHEET_TAIL = b"</sheetData></worksheet>"


class Outcome(NamedTuple):
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_kib: int
    killed: bool


def run_capped(argv: list[str], folder: Path) -> Outcome:
    """`scorecard-xl ARGV` in a subprocess capped at 300 MB of address space; its exit, output, time and RSS."""
    out_path, err_path = folder / "child.out", folder / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.monotonic()
        peak = folder / "child.peak"
        environment = {**os.environ, "PEAK_FILE": str(peak)}
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, *argv], stdout=out, stderr=err, cwd=folder, env=environment
        )
        killed = threading.Event()
        reaped = threading.Event()

        def kill() -> None:
            if not reaped.is_set():
                killed.set()
                os.kill(proc.pid, signal.SIGKILL)

        timer = threading.Timer(KILL_AFTER, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            reaped.set()
            timer.cancel()
        seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen so it does not wait again
    return Outcome(
        proc.returncode,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
        seconds,
        int(peak.read_text()) if peak.exists() else usage.ru_maxrss,  # rusage (an overcount) if it did not exit
        killed.is_set(),
    )


def _shared_strings_1gb(folder: Path) -> Path:
    parts = raw_workbook_parts(shared_strings="")
    del parts["xl/sharedStrings.xml"]
    head = _XML + f'<sst xmlns="{NS_MAIN}">'.encode()
    return stream_part(
        folder / "sst_1gb.xlsx",
        "xl/sharedStrings.xml",
        head,
        b"<si><t>lollollollollol</t></si>",
        1 << 30,
        b"</sst>",
        others=parts,
    )


def _million_rows(folder: Path) -> Path:
    parts = raw_workbook_parts()
    del parts["xl/worksheets/sheet1.xml"]
    return stream_part(
        folder / "million_rows.xlsx",
        "xl/worksheets/sheet1.xml",
        _SHEET_HEAD,
        b"<row><c><v>1</v></c></row>",
        27_000_000,
        _SHEET_TAIL,
        others=parts,
    )


def _billion_laughs(folder: Path) -> Path:
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    sst = (
        f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">{entities}]>'
        f'<sst xmlns="{NS_MAIN}"><si><t>&lol9;</t></si></sst>'
    )
    return raw_workbook(folder / "laughs.xlsx", shared_strings=sst)


def _two_million_cells(folder: Path) -> Path:
    parts = raw_workbook_parts()
    del parts["xl/worksheets/sheet1.xml"]
    row = b"<row>" + b"<c><v>1</v></c>" * 16_000 + b"</row>"
    return stream_part(
        folder / "cells.xlsx", "xl/worksheets/sheet1.xml", _SHEET_HEAD, row, 32_000_000, _SHEET_TAIL, others=parts
    )


def _csv_one_long_row(folder: Path) -> Path:
    """A 31 MB CSV (under the 32 MiB bound for a CSV) whose one row holds 15.5 million one-character cells."""
    path = folder / "cells.csv"
    with path.open("wb") as handle:
        handle.write(b"Measure,Month,Value\nCS01,2016-09,0.61\n")
        for _ in range(155):
            handle.write(b"1," * 100_000)
        handle.write(b"1\n")
    return path


def _far_cell(name: str, far: str, row: str = '<row r="3">') -> Callable[[Path], Path]:
    """A 2 KB sheet: the usual header and CS01 row, then `far` (a cell written to lie far away) in `row`."""

    def make(folder: Path) -> Path:
        body = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Measure</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Value</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>CS01</t></is></c><c r="B2"><v>0.71</v></c></row>'
            f"{row}{far}</row>"
        )
        sheet = _SHEET_HEAD + body.encode() + _SHEET_TAIL
        return raw_workbook(folder / name, sheet=sheet)

    return make


class Bomb(NamedTuple):
    id: str
    make: Callable[[Path], Path]
    what: str  # regex the one-line message must match


BOMBS = [
    Bomb("shared-strings-1gb", _shared_strings_1gb, r"past the [\d,]+-byte bound"),
    Bomb("sheet-of-a-million-rows", _million_rows, r"more than [\d,]+ rows|compression bound"),
    Bomb("billion-laughs", _billion_laughs, r"entities|DTD"),
    Bomb("sheet-of-two-million-cells", _two_million_cells, r"cells|past the|too (many|large)|rows"),
    Bomb("cell-at-XFD1048576", _far_cell("xfd.xlsx", '<c r="XFD1048576"><v>1</v></c>'), r"rows|column"),
    Bomb("cell-at-xfd1048576-lower-case", _far_cell("lower.xlsx", '<c r="xfd1048576"><v>1</v></c>'), r"rows|column"),
    Bomb("cell-at-A0001048576-zero-padded", _far_cell("zeros.xlsx", '<c r="A0001048576"><v>1</v></c>'), r"rows"),
    Bomb(
        "cell-at-XFD1048576-prefixed",
        _far_cell("prefix.xlsx", f"<x:c xmlns:x=\"{NS_MAIN}\" r = 'XFD1048576'><x:v>1</x:v></x:c>"),
        r"rows|column",
    ),
    Bomb(
        "cell-without-reference-in-row-1048576",
        _far_cell("no_ref.xlsx", "<c><v>1</v></c>", row='<row r="1048576">'),
        r"rows",
    ),
    Bomb("cells-spanning-ALL499999", _far_cell("area.xlsx", '<c r="ALL499999"><v>1</v></c>'), r"cell bound"),
    Bomb("csv-of-15-million-cells-in-one-row", _csv_one_long_row, r"more than 5,000,000 cells"),
]


@pytest.mark.parametrize("bomb", BOMBS, ids=[b.id for b in BOMBS])
def test_bomb_refused_within_300mb(bomb: Bomb, tmp_path: Path) -> None:
    path = bomb.make(tmp_path)
    out = tmp_path / "out.xlsx"

    got = run_capped(["build", str(path), "-o", str(out)], tmp_path)

    figures = f"{bomb.id}: exit {got.code}, {got.seconds:.2f} s, peak RSS {got.peak_rss_kib / 1024:.0f} MB"
    print(figures)
    assert not got.killed, f"{figures}: still running after {KILL_AFTER:.0f} s, killed"
    assert got.code == 2, f"{figures}\n{got.stderr}"
    assert "Traceback" not in got.stdout + got.stderr
    lines = got.stderr.splitlines()
    assert len(lines) == 1, f"{figures}: expected one line:\n{got.stderr}"
    assert lines[0].startswith(f"error: {path}"), lines[0]
    assert "MemoryError" not in lines[0], f"{figures}: ran out of memory instead of refusing: {lines[0]}"
    assert re.search(bomb.what, lines[0]), lines[0]
    assert got.peak_rss_kib * 1024 < MEMORY_LIMIT, figures
    assert not out.exists()


def test_the_memory_cap_leaves_room_for_a_real_build(tmp_path: Path) -> None:
    """The 300 MB cap is not what refuses the bombs: the bundled sample builds under it."""
    from .conftest import SAMPLE

    out = tmp_path / "sample.xlsx"
    got = run_capped(["build", str(SAMPLE), "--period", "2016-09", "-o", str(out)], tmp_path)
    assert got.code == 0, got.stderr
    assert out.stat().st_size > 0
    assert got.peak_rss_kib * 1024 < MEMORY_LIMIT


def test_the_cap_holds(tmp_path: Path) -> None:
    """The child's first statement really caps it: 400 MB cannot be had under it."""
    done = subprocess.run(
        [sys.executable, "-c", CAP + "b = bytearray(400 * 2**20)"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode != 0 and "MemoryError" in done.stderr
