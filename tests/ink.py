"""Does each measure row of a printed Appendix 1 show a drawn line in its Trend cell? (a test helper)

Technique (pdfplumber, MIT, on PyPI; rendering through its pypdfium2 dependency, no system tools):

1. Pages: those with a "No." header word and a "Trend" header word (Appendix pages; other sheets skipped).
2. Trend column x-extent: given, or the vertical rules either side of the "Trend" header word.
3. Rows: each measure label (its number as printed, or its id) is found as a word inside the No. column, below
   the header. The row's box is bounded by the horizontal cell rules that span the Trend column just above and
   below that word, so it does not matter where in a tall row the text sits (xlsxwriter's default is bottom).
4. Ink: the Trend box, inset 1.2 pt from its rules, is rasterised (default 100 dpi) and its dark pixels counted.
   A row "has a line" when dark pixels span at least 25 % of the box width. Rasterising judges what a reader
   sees, whatever LibreOffice emitted (vector paths, an image, or nothing).
5. Containment: every stroke (PDF path) inside the Trend column's x-range must lie inside a single row box, so a
   chart that spills over a neighbouring row or the header fails even when the neighbour has a chart too.

`check()` returns problems: a row expected to have a chart without a line, a row expected empty with ink, an
expected label not found on any page, a stroke crossing a row rule, and "no Appendix page" when nothing matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfplumber.page import Page

INSET_PT = 1.2
DARK = 160  # grey level below which a pixel is ink
MIN_WIDTH_FRACTION = 0.25


@dataclass(frozen=True)
class RowInk:
    """What was found for one measure row on one page."""

    label: str
    page: int  # 1-based
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (origin top left)
    ink_pixels: int
    width_fraction: float  # share of the box's pixel columns holding ink

    @property
    def has_line(self) -> bool:
        """A drawn line: ink across at least a quarter of the cell's width."""
        return self.width_fraction >= MIN_WIDTH_FRACTION


def _dedupe(values: Iterable[float], tol: float = 0.8) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _header_word(page: Page, text: str, near: dict | None = None) -> dict | None:
    """The word ``text``: the topmost one, or with ``near`` the one closest in height to that word (same row)."""
    words = [w for w in page.extract_words() if w["text"] == text]
    if not words:
        return None
    if near is None:
        return min(words, key=lambda w: w["top"])
    return min(words, key=lambda w: abs(w["bottom"] - near["bottom"]))


def trend_extent(page: Page, header: str = "Trend") -> tuple[float, float] | None:
    """The x-range of the column whose header starts with ``header``: the vertical rules either side of it.

    The header word is the one on the table's header row (the row of the "No." header), not a title above it.
    """
    no_word = _header_word(page, "No.")
    word = _header_word(page, header, near=no_word)
    if word is None or no_word is None or abs(word["bottom"] - no_word["bottom"]) > 30:
        return None
    xs = _dedupe(e["x0"] for e in page.edges if e["orientation"] == "v" and e["top"] <= word["bottom"] <= e["bottom"])
    left = [x for x in xs if x <= word["x0"] + 0.5]
    right = [x for x in xs if x >= word["x1"] - 0.5]
    if not left or not right:
        return None
    return left[-1], right[0]


def _h_rules(page: Page, x0: float, x1: float) -> list[float]:
    span = x1 - x0
    return _dedupe(
        e["top"] for e in page.edges
        if e["orientation"] == "h" and e["x0"] <= x0 + 0.1 * span and e["x1"] >= x1 - 0.1 * span
    )  # fmt: skip


def _ink(page: Page, box: tuple[float, float, float, float], dpi: int) -> tuple[int, float]:
    x0, top, x1, bottom = box
    inner = (x0 + INSET_PT, top + INSET_PT, x1 - INSET_PT, bottom - INSET_PT)
    if inner[2] <= inner[0] or inner[3] <= inner[1]:
        return 0, 0.0
    image = page.crop(inner).to_image(resolution=dpi).original.convert("L")
    w, h = image.size
    raw = image.tobytes()  # one byte per pixel, row by row
    dark = 0
    cols = 0
    for x in range(w):
        n = sum(1 for y in range(h) if raw[y * w + x] < DARK)
        dark += n
        cols += n > 0
    return dark, cols / w if w else 0.0


def scan(
    pdf_path: str | Path, labels: Iterable[str], trend_x: tuple[float, float] | None = None, dpi: int = 100
) -> tuple[list[RowInk], list[str]]:
    """Every occurrence of the given measure labels in the No. column of the Appendix pages, with its Trend ink.

    Returns (rows, containment problems).
    """
    wanted = set(labels)
    rows: list[RowInk] = []
    problems: list[str] = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            no_word = _header_word(page, "No.")
            extent = trend_x or trend_extent(page)
            if no_word is None or extent is None:
                continue
            tx0, tx1 = extent
            rules = _h_rules(page, tx0, tx1)
            v_rules = _dedupe(e["x0"] for e in page.edges if e["orientation"] == "v")
            no_right = next((x for x in v_rules if x > no_word["x1"]), no_word["x1"] + 40)
            boxes: list[tuple[float, float]] = []
            for w in page.extract_words():
                if w["text"] not in wanted or w["top"] <= no_word["bottom"]:
                    continue
                if not (no_word["x0"] - 3 <= w["x0"] and w["x1"] <= no_right):
                    continue
                above = [r for r in rules if r <= w["top"] + 0.5]
                below = [r for r in rules if r >= w["bottom"] - 0.5]
                if not above or not below:
                    continue
                box = (tx0, above[-1], tx1, below[0])
                boxes.append((box[1], box[3]))
                dark, frac = _ink(page, box, dpi)
                rows.append(RowInk(w["text"], pno, box, dark, frac))
            # Containment: strokes in the Trend column must each sit inside one row box (or one rule band).
            for obj in [*page.curves, *page.lines]:
                if obj["x0"] < tx0 - 0.5 or obj["x1"] > tx1 + 0.5:
                    continue
                width = obj["x1"] - obj["x0"]
                if width < 0.5 or (obj["bottom"] - obj["top"] < 0.01 and width > 0.9 * (tx1 - tx0)):
                    continue  # the column's own rules
                inside = any(top - 0.5 <= obj["top"] and obj["bottom"] <= bottom + 0.5 for top, bottom in boxes)
                if not inside:
                    problems.append(
                        f"page {pno}: stroke x {obj['x0']:.1f}-{obj['x1']:.1f}, y {obj['top']:.1f}-{obj['bottom']:.1f}"
                        " in the Trend column is not inside one measure row"
                    )
    return rows, problems


def check(
    pdf_path: str | Path, expected: Mapping[str, bool], trend_x: tuple[float, float] | None = None, dpi: int = 100
) -> list[str]:
    """Problems with the Trend column: ``expected`` maps each measure label to whether it must show a line."""
    rows, problems = scan(pdf_path, expected, trend_x, dpi)
    if not rows:
        return ["no Appendix page with a No. column, a Trend column and the expected labels"]
    seen: dict[str, list[RowInk]] = {}
    for r in rows:
        seen.setdefault(r.label, []).append(r)
    for label, want in expected.items():
        found = seen.get(label)
        if not found:
            problems.append(f"measure {label}: row not found in the PDF")
            continue
        for r in found:
            if want and not r.has_line:
                problems.append(f"measure {label} (page {r.page}): no line in the Trend cell ({r.ink_pixels} dark px)")
            if not want and r.ink_pixels:
                problems.append(f"measure {label} (page {r.page}): ink in an empty Trend cell ({r.ink_pixels} dark px)")
    return problems
