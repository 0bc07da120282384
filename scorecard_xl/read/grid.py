"""The sheet-of-cells form every input (workbook sheet or CSV) is turned into before it is interpreted."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field


class CellKind(enum.Enum):
    """What the file said a cell holds."""

    NUMBER = "n"
    TEXT = "s"
    BOOL = "b"
    ERROR = "e"
    DATE = "d"
    NO_VALUE = "f"  # a formula with no cached value


NUMBER = CellKind.NUMBER
TEXT = CellKind.TEXT
BOOL = CellKind.BOOL
ERROR = CellKind.ERROR
DATE = CellKind.DATE
NO_VALUE = CellKind.NO_VALUE


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen init costs 4× as much, per cell; never changed
class Cell:
    """One non-empty cell: its kind, its value, and whether it is formatted as a percent or is a formula."""

    kind: CellKind
    value: float | str | bool
    percent: bool = False
    formula: bool = False


@dataclass
class Sheet:
    """A sheet (or CSV file) as rows of cells, 1-based: `rows[row][column]`."""

    file: str
    name: str | None
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    hidden: bool = False
    hidden_columns: tuple[int, ...] = ()  # columns the sheet hides (1-based)
    hidden_rows: tuple[int, ...] = ()  # rows the sheet hides (1-based)
    formulas: int = 0
    external_formulas: int = 0

    def cell(self, row: int, column: int) -> Cell | None:
        """The cell at (row, column), or None when empty."""
        return self.rows.get(row, {}).get(column)

    @property
    def max_row(self) -> int:
        """The last row holding anything (0 when empty)."""
        return max(self.rows, default=0)


@functools.lru_cache(maxsize=1024)
def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@functools.lru_cache(maxsize=1 << 16)
def cell_ref(row: int, column: int) -> str:
    """(5, 3) → C5; each sheet's references repeat on the next, so one string serves them all."""
    return f"{column_letter(column)}{row}"


def parse_ref(ref: str) -> tuple[int, int]:
    """C5 → (5, 3); raises ValueError for anything else."""
    letters = ""
    i = 0
    while i < len(ref) and ref[i].isalpha():
        letters += ref[i].upper()
        i += 1
    digits = ref[i:]
    if not letters or not digits.isdigit() or len(letters) > 3:
        raise ValueError(f"not a cell reference: {ref!r}")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits), column
