"""The council's rank among a group of comparator areas (`rank: true`), on small tidy CSVs the tests write: ties
ranked equal, members with no figure left out and said, polarity high and low, and the Benchmarks cell read back
from a built workbook."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.calc.position import competition_rank
from scorecard_xl.cli import main
from scorecard_xl.errors import TemplateError
from scorecard_xl.model import Polarity, Scorecard

# the council, then four neighbours; a figure per area for March 2024 (None: no row)
FIGURES = {"Trafford": 3.0, "Bury": 2.0, "Stockport": 3.0, "Solihull": 4.0, "York": 5.0}


def tidy(path: Path, figures: dict[str, float | None]) -> Path:
    """area_name, period, indicator, value: one row per area with a figure, for January to March 2024."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area_name", "period", "indicator", "value"])
        for area, value in figures.items():
            if value is None:
                continue
            for month in ("January", "February", "March"):
                writer.writerow([area, f"{month} 2024", "Claimant rate", value])
    return path


def template(tmp_path: Path, good: str = "low", rank: str = "true") -> Path:
    text = f"""\
title: Appendix 1
portfolio: Position
area: Trafford
outcomes:
  - name: Outcome
    themes:
      - name: Theme
        measures:
          - id: P1
            number: 1
            title: Claimants (% of residents)
            good_to_be: {good}
            unit: percent
            decimals: 1
            target: Monitor
            percent_scale: whole
            source: {{indicator: Claimant rate}}
            benchmarks:
              - {{label: Neighbours, areas: [Bury, Stockport, Solihull, York], rank: {rank}}}
"""
    path = tmp_path / "position.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cell(card: Scorecard) -> list[str]:
    return card.rows[0].benchmarks.splitlines()


def test_competition_ranking_ties_share_a_rank_and_the_next_is_skipped() -> None:
    # 2, 3, 3, 4: both 3s rank 2, the 4 ranks 4 ("1224")
    assert competition_rank(3.0, [2.0, 3.0, 4.0], Polarity.LOW) == 2
    assert competition_rank(4.0, [2.0, 3.0, 3.0], Polarity.LOW) == 4
    assert competition_rank(2.0, [3.0, 3.0, 4.0], Polarity.LOW) == 1
    # a sum's float noise does not break a tie
    assert competition_rank(0.1 + 0.2, [0.3], Polarity.HIGH) == 1
    assert competition_rank(0.3, [0.1 + 0.2], Polarity.LOW) == 1


def test_polarity_high_mirrors_low_and_no_direction_has_no_rank() -> None:
    assert competition_rank(3.0, [2.0, 3.0, 4.0], Polarity.HIGH) == 2
    assert competition_rank(4.0, [2.0, 3.0, 3.0], Polarity.HIGH) == 1
    assert competition_rank(2.0, [3.0, 3.0, 4.0], Polarity.HIGH) == 4
    assert competition_rank(2.0, [3.0], Polarity.TARGET) is None
    assert competition_rank(2.0, [3.0], Polarity.NONE) is None


def test_rank_low_with_a_tie_in_the_cell(tmp_path: Path) -> None:
    card = scorecard_xl.prepare([tidy(tmp_path / "c.csv", FIGURES)], template(tmp_path), "2024-03")
    assert cell(card) == ["Neighbours (Mar 2024): 3.5%", "Rank 2 of 5: the council and Neighbours, Mar 2024"]
    assert card.benchmark_sources[0].endswith("; Rank 2 of 5: the council and Neighbours, Mar 2024")
    assert not card.warnings


def test_rank_high(tmp_path: Path) -> None:
    card = scorecard_xl.prepare([tidy(tmp_path / "c.csv", FIGURES)], template(tmp_path, "high"), "2024-03")
    assert cell(card)[1] == "Rank 3 of 5: the council and Neighbours, Mar 2024"  # 5 and 4 above, Stockport level


def test_a_member_with_no_figure_is_left_out_and_said(tmp_path: Path) -> None:
    figures = {**FIGURES, "Bury": None}
    card = scorecard_xl.prepare([tidy(tmp_path / "c.csv", figures)], template(tmp_path), "2024-03")
    assert cell(card) == [
        "Neighbours (mean of 3 of 4) (Mar 2024): 4.0%",
        "Rank 1 of 4 with a figure (5 in all): the council and Neighbours, Mar 2024",
    ]


@pytest.mark.parametrize("good", ["target", "none"])
def test_no_rank_without_a_good_direction(tmp_path: Path, good: str) -> None:
    card = scorecard_xl.prepare([tidy(tmp_path / "c.csv", FIGURES)], template(tmp_path, good), "2024-03")
    assert cell(card) == ["Neighbours (Mar 2024): 3.5%"]


def test_no_rank_unless_asked(tmp_path: Path) -> None:
    card = scorecard_xl.prepare([tidy(tmp_path / "c.csv", FIGURES)], template(tmp_path, rank="false"), "2024-03")
    assert cell(card) == ["Neighbours (Mar 2024): 3.5%"]


def test_rank_must_be_a_boolean(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="rank must be true or false"):
        scorecard_xl.prepare([tidy(tmp_path / "c.csv", FIGURES)], template(tmp_path, rank="maybe"), "2024-03")


def test_build_writes_the_rank_in_the_benchmarks_cell(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    code = main(["build", str(tidy(tmp_path / "c.csv", FIGURES)), "--template", str(template(tmp_path)),
                 "--period", "2024-03", "-o", str(out)])  # fmt: skip
    assert code in (0, 1)
    ws = openpyxl.load_workbook(out)["Appendix 1"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Neighbours (Mar 2024): 3.5%\nRank 2 of 5: the council and Neighbours, Mar 2024" in texts
