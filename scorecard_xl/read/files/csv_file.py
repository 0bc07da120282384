"""A CSV extract's bytes → a one-sheet grid of text cells: its encoding recognised, its rows and cells bounded."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ...errors import InputError
from ...model import Location, Problem
from ..grid import TEXT, Cell, Sheet
from .zip_parts import MAX_CELLS, MAX_ROWS, ROWS_HINT

# byte order marks, longest first: UTF-32's little-endian mark begins with UTF-16's
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
_SAVE_AS_UTF8 = "save it again as UTF-8 CSV (Excel: File › Save As › CSV UTF-8 (Comma delimited))"


def has_bom(head: bytes) -> bool:
    """Whether `head` begins with a UTF-16 or UTF-32 byte order mark (text, though it holds zero bytes)."""
    return head.startswith(tuple(bom for bom, _, _ in BOMS))


def _error(display: str, code: str, message: str, hint: str) -> InputError:
    return InputError(Problem.error(code, Location(file=display), message, hint))


def csv_text(data: bytes, display: str) -> str:
    """The CSV's text: UTF-32 or UTF-16 by its byte order mark, else UTF-8 (with or without BOM), else Windows-1252.

    A file whose byte order mark names an encoding its bytes do not follow (cut short, say) is an InputError.
    """
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _error(
                    display,
                    "bad-encoding",
                    f"the text cannot be decoded: it begins with the {name} byte order mark, but byte {exc.start:,} "
                    f"is not {name} ({exc.reason})",
                    _SAVE_AS_UTF8,
                ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _Bounded:
    """The CSV's lines, handed to the csv module one at a time, refused as soon as the cells they can hold pass
    MAX_CELLS: the rows read so far count their cells, the row being read its delimiters (an upper bound), so one
    long line is refused before the csv module splits it."""

    def __init__(self, lines: Iterable[str], delimiter: str, display: str) -> None:
        self.lines = iter(lines)
        self.delimiter = delimiter
        self.display = display
        self.read = 0  # cells in the rows already read
        self.current = 0  # at most this many in the row being read

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.current += line.count(self.delimiter) + 1
        if self.read + self.current > MAX_CELLS:
            raise _error(self.display, "too-many-cells", f"the CSV has more than {MAX_CELLS:,} cells", ROWS_HINT)
        return line

    def row_done(self, cells: int) -> None:
        self.read += cells
        self.current = 0


def read_csv(data: bytes, display: str) -> Sheet:
    """A CSV file as a one-sheet grid of text cells (UTF-8 with or without BOM, UTF-16, UTF-32 or Windows-1252).

    Raises InputError for text that cannot be decoded, past MAX_ROWS rows or MAX_CELLS cells, or that the csv
    module cannot read."""
    text = csv_text(data, display)
    del data
    sheet = Sheet(display, None)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    lines = _Bounded(io.StringIO(text, newline=""), dialect.delimiter, display)
    del text
    try:
        for row_number, row in enumerate(csv.reader(lines, dialect), start=1):
            if row_number > MAX_ROWS:
                raise _error(display, "too-many-rows", f"the CSV has more than {MAX_ROWS:,} rows", ROWS_HINT)
            lines.row_done(len(row))
            cells = {c: Cell(TEXT, v) for c, v in enumerate(row, start=1) if v.strip() != ""}
            if cells:
                sheet.rows[row_number] = cells
    except csv.Error as exc:
        raise _error(display, "bad-csv", f"the CSV cannot be read ({exc})", "export it again") from exc
    return sheet
