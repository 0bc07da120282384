"""Helpers for the drop-in page's tests: a live server in a thread, Debian's chromium, and the files they upload."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import SAMPLE
from .support.workbooks import SheetSpec, write_workbook
from .support.zips import NS_MAIN, ole_file, raw_workbook_parts, stream_part

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "/usr/bin/chromium")
WAIT_MS = 20_000  # every browser wait is bounded by this (a build of the sample takes well under a second)


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a daemon thread of this process, configured as
    `serve` configures it (a deadline of `header_seconds` for each request's headers)."""

    def __init__(self, app: Any, header_seconds: float | None = None) -> None:
        import uvicorn

        from scorecard_xl.web.server import uvicorn_config

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        timing = {} if header_seconds is None else {"header_seconds": header_seconds}
        self.server = uvicorn.Server(uvicorn_config(app, lifespan="off", **timing))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start within 15 s")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()


@contextmanager
def live_server(header_seconds: float | None = None, **options: Any) -> Iterator[LiveServer]:
    """`create_app(**options)` served on a free port for the length of the `with`."""
    from scorecard_xl.web.app import create_app

    with LiveServer(create_app(**options), header_seconds) as server:
        yield server


def chromium_path() -> str:
    """Debian's chromium; skips the test where there is none, except in CI, where its absence is a failure."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
    pytest.skip("the browser tests need Debian's chromium: apt-get install chromium")


def summary_counts(summary: str) -> dict[str, int]:
    """`… 4 Green, 3 Amber, 10 Red, 18 Monitor; …` (the command line's summary line) → {"Green": 4, …}."""
    return {word: int(n) for n, word in re.findall(r"(\d+) (Green|Amber|Red|Monitor)\b", summary)}


def messy_extract(folder: Path) -> Path:
    """An extract with things to warn about: a row naming no template measure, a hidden month sheet, a notes sheet."""
    return write_workbook(
        folder / "messy.xlsx",
        [
            SheetSpec("Sep 2016", [("CS01", 0.71), ("CS99", 12), ("CS02", 0.65)]),
            SheetSpec("Aug 2016", [("CS01", 0.70), ("CS02", 0.66)], hidden=True),
            SheetSpec("Notes", [("Figures from the BI team",)], header=None),
        ],
    )


def encrypted_workbook(folder: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE file with EncryptionInfo and EncryptedPackage."""
    return ole_file(folder / "protected.xlsx", ("EncryptionInfo", "EncryptedPackage"))


def zip_bomb(folder: Path) -> Path:
    """A workbook whose shared-strings part inflates to 1 GB from about 8 MB on disk."""
    parts = raw_workbook_parts(shared_strings="")
    del parts["xl/sharedStrings.xml"]
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS_MAIN}">'.encode()
    return stream_part(
        folder / "bomb.xlsx", "xl/sharedStrings.xml", head, b"<si><t>lollollollollol</t></si>", 1 << 30, b"</sst>",
        others=parts,
    )  # fmt: skip


__all__ = [
    "SAMPLE",
    "WAIT_MS",
    "LiveServer",
    "chromium_path",
    "encrypted_workbook",
    "live_server",
    "messy_extract",
    "summary_counts",
    "zip_bomb",
]


def first_stderr_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The first line `proc` writes to stderr, waiting at most `timeout` seconds."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stderr.readline() if proc.stderr else ""), daemon=True)
    reader.start()
    reader.join(timeout)
    assert lines, f"serve said nothing within {timeout} s"
    return lines[0]
