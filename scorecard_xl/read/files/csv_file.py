"""A CSV extract's bytes → a one-sheet grid of text cells: its encoding recognised, its rows and cells bounded."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator

from ...errors import InputError
from ...model import Location, Problem
from ..grid import TEXT, Cell, Sheet, cell_ref
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
    long line is refused before the csv module splits it. It also keeps where, in the text, the row being read
    began and how far the csv module has read, so that a row it cannot read can be shown."""

    def __init__(self, buffer: io.StringIO, delimiter: str, display: str) -> None:
        self.buffer = buffer
        self.lines = iter(buffer)
        self.delimiter = delimiter
        self.display = display
        self.read = 0  # cells in the rows already read
        self.current = 0  # at most this many in the row being read
        self.row_start = 0  # where in the text the row being read begins
        self.offset = 0  # how much of the text the csv module has been given

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.offset += len(line)
        self.current += line.count(self.delimiter) + 1
        if self.read + self.current > MAX_CELLS:
            raise _error(self.display, "too-many-cells", f"the CSV has more than {MAX_CELLS:,} cells", ROWS_HINT)
        return line

    def row_done(self, cells: int) -> None:
        self.read += cells
        self.current = 0
        self.row_start = self.offset

    def row_text(self) -> str:
        """The text of the row being read, as far as the csv module has been given it."""
        return self.buffer.getvalue()[self.row_start : self.offset]


class Rfc4180(csv.Dialect):
    """CSV as RFC 4180 writes it (and Excel saves it): a field holding the delimiter, a quote or a line break is
    quoted with `"`, and a quote inside it is doubled; anything else after a closing quote, or a quote never
    closed, is an error. Spaces after a delimiter are passed over (a cell's spaces are never part of its value)."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = True
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True


DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}
SHOWN = 60  # characters of a field an error quotes


def dialect_for(sample: str) -> type[Rfc4180]:
    """RFC 4180 with the delimiter the sample uses most consistently (comma, semicolon, tab or bar; comma when
    none stands out). Only the delimiter is taken from the sample: a sample without quotes says nothing of how
    quotes further on are written."""
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        delimiter = ","
    if delimiter == ",":
        return Rfc4180
    return type("Rfc4180", (Rfc4180,), {"delimiter": delimiter})


def read_csv(data: bytes, display: str) -> Sheet:
    """A CSV file as a one-sheet grid of text cells (UTF-8 with or without BOM, UTF-16, UTF-32 or Windows-1252),
    read as RFC 4180 (see `Rfc4180`) with the delimiter its first 8 KB use.

    Raises InputError for text that cannot be decoded, past MAX_ROWS rows or MAX_CELLS cells, or that is not
    RFC 4180 CSV (a quote never closed, text after a closing quote, a field past the csv module's limit): the
    error names the cell, quotes the start of its field and says how the file was read."""
    text = csv_text(data, display)
    del data
    sheet = Sheet(display, None)
    dialect = dialect_for(text[:8192])
    lines = _Bounded(io.StringIO(text, newline=""), dialect.delimiter, display)
    del text
    row_number = 0
    widths: dict[int, int] = {}  # each non-empty row's number of fields
    try:
        for row_number, row in enumerate(csv.reader(lines, dialect), start=1):
            if row_number > MAX_ROWS:
                raise _error(display, "too-many-rows", f"the CSV has more than {MAX_ROWS:,} rows", ROWS_HINT)
            lines.row_done(len(row))
            cells = {c: Cell(TEXT, v) for c, v in enumerate(row, start=1) if v.strip() != ""}
            if cells:
                sheet.rows[row_number] = cells
                widths[row_number] = len(row)
    except csv.Error as exc:
        raise _unreadable(display, dialect.delimiter, row_number + 1, lines.row_text(), exc) from exc
    check_widths(sheet, widths, dialect.delimiter)
    return sheet


WIDTH_SAMPLE = 50  # the first non-empty rows whose most common number of fields every row must have


def check_widths(sheet: Sheet, widths: dict[int, int], delimiter: str) -> None:
    """Every non-empty row from the first of the usual width on has the usual number of fields (the most common
    among the first WIDTH_SAMPLE non-empty rows, the larger on a tie), or more whose extra fields are empty; a
    row before it (a title) may have fewer. A row with another number is an InputError naming its line: a line
    break inside a field (`38.4` written `3` and `8.4` on the next line) splits a row in two, and each part
    would be read as a row of its own, its figures in the wrong columns or dropped."""
    counts = Counter(list(widths.values())[:WIDTH_SAMPLE])
    if not counts:
        return
    usual = max(counts, key=lambda width: (counts[width], width))
    started = False
    for row_number, width in widths.items():
        started = started or width == usual
        extra = [c for c in sheet.rows[row_number] if c > usual]
        if not started or width == usual or (width > usual and not extra):
            continue
        separated = DELIMITERS.get(delimiter, repr(delimiter))
        has = f"{width} field{'s' if width != 1 else ''}" if not extra else f"a value past field {usual}"
        where = Location(file=sheet.file, cell=cell_ref(row_number, min(extra) if extra else width))
        message = (
            f"line (row) {row_number} has {has} where its other rows have {usual} (fields separated by {separated})"
        )
        hint = "a line break inside a field splits its row: join the row's lines, or export the CSV again"
        raise InputError(Problem.error("bad-csv", where, message, hint))


def _unreadable(display: str, delimiter: str, row: int, text: str, exc: csv.Error) -> InputError:
    """The error for a row the csv module cannot read: the cell whose field it stopped in, the field's start."""
    column, start, why = failing_field(text, delimiter, csv.field_size_limit())
    field = text[start:]
    shown = repr(field[:SHOWN] + "…" if len(field) > SHOWN else field)
    quote_hint = "close the quote, double each quote inside it, or export the CSV again"
    what, hint = {
        "open": (f"the quoted field beginning {shown} has no closing quote", quote_hint),
        "after": (f"the quoted field beginning {shown} has more text after its closing quote", quote_hint),
        "long": (
            f"the field beginning {shown} is longer than {csv.field_size_limit():,} characters",
            "a cell holds at most 32,767 characters: shorten it, or export the CSV again",
        ),
    }.get(why, (f"the row cannot be read ({exc})", "export the CSV again"))
    separated = DELIMITERS.get(delimiter, repr(delimiter))
    return InputError(
        Problem.error(
            "bad-csv",
            Location(file=display, cell=cell_ref(row, column)),
            f"{what} (read as RFC 4180 CSV: fields separated by {separated}, a quote inside a quoted field "
            'doubled: "")',
            hint,
        )
    )


def failing_field(text: str, delimiter: str, limit: int) -> tuple[int, int, str]:
    """Where, in the text of a row the csv module stopped in, the field it stopped at begins: (its column, its
    index in `text`, why: "open" a quote never closed, "after" text after a closing quote, "long" a field longer
    than `limit`, "" none of these, the row's last field)."""
    column, i, n = 1, 0, len(text)
    while True:
        while i < n and text[i] == " ":  # spaces after a delimiter are passed over, as Rfc4180 does
            i += 1
        start = i
        if text.startswith('"', i):
            i = _closing_quote(text, i + 1)
            if i < 0:
                return column, start, "open"
            i += 1
            if i < n and text[i] not in (delimiter, "\r", "\n"):
                return column, start, "after"
        else:
            ends = [found for found in (text.find(c, i) for c in (delimiter, "\r", "\n")) if found >= 0]
            i = min(ends, default=n)
        if i - start > limit:
            return column, start, "long"
        if i >= n or text[i] != delimiter:
            return column, start, ""
        i += 1
        column += 1


def _closing_quote(text: str, i: int) -> int:
    """The index of the quote closing a quoted field whose text begins at `i` (doubled quotes are part of it),
    or -1 when it is never closed."""
    while True:
        i = text.find('"', i)
        if i < 0 or not text.startswith('""', i):
            return i
        i += 2
