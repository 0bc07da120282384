"""Page headers cut to Excel's limit: a long template title feeds them, cut once, at the end, never looping."""

from __future__ import annotations

import dataclasses
import re
import signal
import zipfile
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.model import Location, Month, Observation, Status
from scorecard_xl.write.cells import escape_header
from scorecard_xl.write.workbook import write_workbook

from .test_calc_gaps import MIXED

TITLE = "Performance scorecard for the committee " * 7  # 280 characters, more than a header holds


def _cut_within_seconds(text: str, seconds: int = 5) -> str:
    """escape_header(text), or a failure (not a hang) when it has not returned within `seconds`."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"escape_header did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return escape_header(text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("text", [TITLE[:250], TITLE, "A & B " * 50, "&" * 250, "x" * 201])
def test_a_long_header_is_cut_to_its_room_at_the_end(text: str) -> None:
    cut = _cut_within_seconds(text)
    assert len(cut) <= 200
    assert len(cut) >= 190  # cut no more than it must (an escaped `&&` may leave one character spare)
    assert cut.endswith("…")
    kept = cut[:-1].replace("&&", "&")
    assert text.startswith(kept)
    assert "&" not in cut.replace("&&", "")  # every `&` escaped, none split from its pair


@pytest.mark.parametrize("text", ["", "Appendix 1", "x" * 200, "a & b"])
def test_a_header_that_fits_is_only_escaped(text: str) -> None:
    assert escape_header(text) == text.replace("&", "&&")


def test_a_small_room_is_kept() -> None:
    assert escape_header("abcdefghij", room=5) == "abcd…"


def test_a_250_character_title_feeds_the_page_header_cut_to_fit(tmp_path: Path) -> None:
    template = dataclasses.replace(MIXED, title=TITLE[:250])
    observations = [Observation("M1", Month(2024, 2), Status.VALUE, 5.0, Location(file="e.csv"))]
    scorecard = scorecard_xl.calculate(template, observations, Month(2024, 2))
    out = tmp_path / "out.xlsx"
    write_workbook(scorecard, str(out))
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    header = re.search(r"<oddHeader>(.*?)</oddHeader>", sheet)
    assert header is not None
    text = header.group(1).replace("&amp;", "&")
    assert text.startswith("&C&B") and text.endswith("…")
    assert len(text) <= 255
    assert TITLE[:150] in text
