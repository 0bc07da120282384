"""The About sheet, read back: the rules in force with each measure's overrides, and every warning as printed."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from .support.cli import run_cli
from .support.templates import one_theme
from .support.workbooks import SheetSpec, write_workbook

OVERRIDES = one_theme(
    "{id: P1, number: 1, title: P1, good_to_be: high, unit: percent, target: 60%, tolerance: 5pp}",
    "{id: P2, number: 2, title: P2, good_to_be: high, unit: percent, target: 60%, tolerance: 5pp}",
    "{id: P3, number: 3, title: P3, good_to_be: high, unit: percent, target: 89%, floor: 70%}",
    "{id: C1, number: 4, title: C1, good_to_be: low, unit: count, target: 100, tolerance: 3, rag_on: exact}",
    "{id: C2, number: 5, title: C2, good_to_be: low, unit: count, target: 100}",
)


def about(path: Path) -> list[tuple[str, str]]:
    """The About sheet's (key, value) lines."""
    ws = openpyxl.load_workbook(path)["About"]
    return [(str(k), str(v)) for k, v in ws.iter_rows(min_row=3, max_col=2, values_only=True) if k]


def build(tmp_path: Path, *sheets: SheetSpec) -> tuple[list[tuple[str, str]], str]:
    """Build OVERRIDES from `sheets`: the About lines and what the command line printed to stderr."""
    template = tmp_path / "t.yaml"
    template.write_text(OVERRIDES, encoding="utf-8")
    extract = write_workbook(tmp_path / "extract.xlsx", sheets)
    out = tmp_path / "out.xlsx"
    code, _, err = run_cli(["build", extract, "--template", template, "-o", out])
    assert code == 0, err
    return about(out), err


ROWS: list[list[object]] = [["P1", 0.6], ["P2", 0.6], ["P3", 0.9], ["C1", 90], ["C2", 90]]


def test_the_rules_in_force_name_each_override_and_its_measures(tmp_path: Path) -> None:
    lines = dict(build(tmp_path, SheetSpec("Sep 2016", ROWS))[0])
    assert lines["Tolerance"] == "10% of target; 5 percentage points for P1, P2; floor 70% for P3; 3 units for C1"
    assert lines["RAG compares"] == "the figure as displayed (rounded); the exact figure for C1"


def test_every_warning_is_written_as_the_command_line_printed_it(tmp_path: Path) -> None:
    lines, err = build(
        tmp_path, SheetSpec("Sep 2016", [*ROWS[:-1], ["Nope", 1]]), SheetSpec("Aug 2016", ROWS, hidden=True)
    )
    printed = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(printed) >= 2 and any(" — " in line for line in printed)  # a hint after the dash
    assert [f"warning: {v}" for k, v in lines if k == "Warning"] == printed
