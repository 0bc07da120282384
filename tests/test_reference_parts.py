"""The bundled sample's and the council pack's worksheet, styles, drawing and chart parts are those committed in
tests/reference_parts/ (regenerate with `python tests/reference_parts.py --update` when a change is meant)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard_xl.write import appendix, cells, charts, data, exceptions, summary  # noqa: F401  (what is pinned)

from .reference_parts import BOOKS, differences, parts


@pytest.mark.parametrize("book", sorted(BOOKS))
def test_the_workbook_parts_are_the_references(book: str, tmp_path: Path) -> None:
    found = parts(BOOKS[book](tmp_path / f"{book}.xlsx"))
    problems = differences(book, found)
    assert not problems, "\n\n".join(problems[:6]) + "\n\n(python tests/reference_parts.py --update if meant)"
