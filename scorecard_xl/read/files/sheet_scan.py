"""One streamed byte scan of a sheet part: its real cell extent, and what python-calamine cannot say about its cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException

from ...errors import InputError
from ...model import Location, Problem
from ..grid import ERROR, NO_VALUE, Cell, Sheet, cell_ref
from .zip_parts import CHUNK, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, ROWS_HINT, Workbook, fail, utf8_head

# The fast path: cells written as `<c r="B2"…` (Excel, xlsxwriter, LibreOffice); anything else goes to _SLOW.
_REF = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
_COLUMNS = re.compile(rb'<c r="([A-Za-z]+)')
_ROWS = re.compile(rb'<c r="[A-Za-z]+([0-9]+)"')
_ODD_CELL = re.compile(rb'<c(?! r="[A-Za-z]+[0-9]+")[\s/>]')  # a cell tag in any other form
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
_FAR_ROW = re.compile(rb'<row r="0*(?:[5-9][0-9]{5}|[1-9][0-9]{6})')
_HIDDEN_ROW = re.compile(rb'<row r="([0-9]+)"[^>]*? hidden="(?:1|true)"')
_FORMULA = re.compile(rb"<f[\s/>]")
_ERROR_TYPE = re.compile(rb' t="e"')
_EXTERNAL = re.compile(rb"\[[0-9]+\]")
_VALUE = re.compile(rb"<v[\s>]")
_DATE_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ABSURD_SERIAL = 1e9  # days: 2.7 million years; a duration past this overflows in calamine, a date panics in chrono
# a shared-string cell whose value is not an index: calamine would quietly give it the first shared string's text
_BAD_SHARED = re.compile(rb' t="s"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>(?![0-9]+</v>)([^<]*)</v>')
# The slow path: every row, cell, formula and value tag with any prefix, quoting and spacing, one at a time.
_SLOW = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c|f|v)(?=[\s/>])([^>]*)>|<!(DOCTYPE|ENTITY)?|\x00")
_ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})0*([0-9]{1,7})")


def odd_spacing(data: bytes) -> bool:
    """True when attributes in the sheet's data may be spaced otherwise than `<c r="A1" s="1">` (a cell tag in
    another form takes the slow path anyway; one whose `s` or `t` alone is odd loses its percent or error mark)."""
    body = max(data.find(b"<sheetData"), 0)
    return data.find(b"\n", body) >= 0 or data.find(b"\r", body) >= 0 or data.find(b"\t", body) >= 0


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper().decode():
        number = number * 26 + ord(ch) - 64
    return number


@dataclass
class SheetScan:
    """What one pass over a sheet part found: its extent, counts, and the cells calamine cannot describe."""

    styles: dict[int, tuple[bool, bool]]  # special style index → (percent, date)
    max_row: int = 0
    max_column: int = 0
    cells: int = 0
    formulas: int = 0
    external: int = 0
    styled: dict[tuple[int, int], tuple[bool, bool]] = field(default_factory=dict)
    marked: dict[tuple[int, int], Cell] = field(default_factory=dict)  # error values, formulas without a value
    bad_shared: dict[tuple[int, int], str] = field(default_factory=dict)  # shared-string cells whose index is not one
    bad_dates: dict[tuple[int, int], str] = field(default_factory=dict)  # date-styled numbers no date can be
    style_pattern: re.Pattern[bytes] | None = None
    hidden_columns: tuple[int, ...] = ()  # from the `<cols>` before the sheet's data
    hidden_rows: set[int] = field(default_factory=set)  # rows marked hidden="1"
    row: int = 0  # the slow path's position: the current row element and the last cell's column
    column: int = 0

    def feed(self, data: bytes) -> None:
        """Scan whole cells (a chunk cut before a `<c`), by the fast path when every cell tag allows it."""
        if b"\x00" in data or b"<!" in data or _ODD_CELL.search(data) or _PREFIXED.search(data) or odd_spacing(data):
            self._slow(data)
            return
        columns = _COLUMNS.findall(data)
        if columns:
            self.cells += len(columns)
            self.max_column = max(self.max_column, max(map(column_number, set(columns))))
            self.max_row = max(self.max_row, max(map(int, set(_ROWS.findall(data)))))
            self.column = column_number(columns[-1])
        last_row = data.rfind(b'<row r="')
        if last_row >= 0:
            number = _ROW_REF.match(data, last_row)
            if number is None:
                raise ValueError("a row number out of place")
            self.row = int(number.group(1)) + data.count(b"<row", last_row + 1)
        else:
            self.row += data.count(b"<row")
        if b'hidden="' in data:
            self.hidden_rows.update(int(row) for row in _HIDDEN_ROW.findall(data))
        if _FAR_ROW.search(data):
            self.max_row = max(self.max_row, max(map(int, _ROW_REF.findall(data))))
        if self.styles:
            if self.style_pattern is None:
                self.style_pattern = re.compile(b' s="(' + b"|".join(b"%d" % s for s in self.styles) + b')"')
            for match in self.style_pattern.finditer(data):
                self._mark_style(data, match.start(), int(match.group(1)))
        for match in _FORMULA.finditer(data):
            self._formula(data, match.start())
        for match in _BAD_SHARED.finditer(data):
            start = data.rfind(b"<c", 0, match.start())
            if b">" not in data[start : match.start()]:
                self.bad_shared[self._at(data, start)] = match.group(1).decode("utf-8", "replace")
        for match in _ERROR_TYPE.finditer(data):
            start = data.rfind(b"<c", 0, match.start())
            end = data.find(b"</c>", match.end())
            value = re.search(rb"<v>([^<]*)</v>", data[start : len(data) if end < 0 else end])
            if value and b">" not in data[start : match.start()]:
                self.marked[self._at(data, start)] = Cell(ERROR, value.group(1).decode("utf-8", "replace"))

    def _at(self, data: bytes, start: int) -> tuple[int, int]:
        match = _REF.match(data, start)
        if match is None:
            raise ValueError("a cell reference out of place")
        return int(match.group(2)), column_number(match.group(1))

    def _mark_style(self, data: bytes, at: int, style: int) -> None:
        start = data.rfind(b"<c", 0, at)
        if start >= 0 and b">" not in data[start:at]:
            cell = self._at(data, start)
            self.styled[cell] = self.styles[style]
            if self.styles[style][1]:
                tag_end = data.find(b">", at)
                tag = data[start : len(data) if tag_end < 0 else tag_end + 1]
                if tag.endswith(b"/>") or (b' t="' in tag and b' t="n"' not in tag):
                    return  # an empty cell (`<c r="C2" s="1"/>`), or a text, error or bool: no date to check
                end = data.find(b"</c>", tag_end)
                value = _DATE_VALUE.search(data, tag_end, len(data) if end < 0 else end)
                if value is not None:
                    self._date(cell, value.group(1))

    def _date(self, cell: tuple[int, int], text: bytes) -> None:
        """A date-styled number of a size no date or duration can have is marked: python-calamine panics (chrono,
        from about 1e12 days) or overflows (durations past 999,999,999 days) on it, where this names the cell. A
        small negative (a duration of -0:30) or a date past 9999 is read as calamine gives it."""
        try:
            number = float(text)
        except ValueError:
            return  # not a number: calamine gives it as it is
        if not abs(number) < _ABSURD_SERIAL:
            self.bad_dates[cell] = text.decode("ascii", "replace")

    def _formula(self, data: bytes, at: int) -> None:
        self.formulas += 1
        end = data.find(b"</c>", at)
        body = data[at : len(data) if end < 0 else end]
        formula_end = body.find(b"</f>")
        if formula_end > 0 and _EXTERNAL.search(body, 0, formula_end):
            self.external += 1
        value = _VALUE.search(body)
        if value is None or body.startswith(b"<v></v>", value.start()):
            self.marked[self._at(data, data.rfind(b"<c", 0, at))] = Cell(NO_VALUE, "", formula=True)

    def _slow(self, data: bytes) -> None:
        """Tag by tag, as calamine places cells: a cell's own reference, else the next column of its row."""
        cell: tuple[int, int] | None = None
        formula = value = error = shared = dated = False
        value_at = 0
        for match in _SLOW.finditer(data):
            closing, tag, attrs = match.group(1), match.group(2), match.group(3)
            if tag is None:
                if match.group(0) == b"\x00":
                    raise ValueError("a NUL byte in a sheet")
                if match.group(4) is not None:
                    raise DefusedXmlException("a DTD or an entity declaration in a sheet")
                continue
            if tag == b"row" and not closing:
                found = dict((k, a or b) for k, a, b in _ATTR.findall(attrs))
                r = found.get(b"r")
                self.row = int(r) if r is not None else self.row + 1
                self.max_row = max(self.max_row, self.row)
                if found.get(b"hidden") in (b"1", b"true"):
                    self.hidden_rows.add(self.row)
                self.column = 0
            elif tag == b"c" and not closing:
                found = dict((k, a or b) for k, a, b in _ATTR.findall(attrs))
                ref = found.get(b"r")
                if ref is not None:
                    parsed = _CELL_REF.fullmatch(ref.decode("ascii", "replace").strip())
                    if parsed is None:
                        raise ValueError(f"not a cell reference: {ref!r}")
                    row, self.column = int(parsed.group(2)), column_number(parsed.group(1))
                else:
                    row, self.column = self.row, self.column + 1
                self.cells += 1
                self.max_row, self.max_column = max(self.max_row, row), max(self.max_column, self.column)
                cell = (row, self.column)
                style = found.get(b"s", b"0")
                dated = False
                if style.isdigit() and int(style) in self.styles:
                    self.styled[cell] = self.styles[int(style)]
                    dated = self.styles[int(style)][1] and found.get(b"t", b"n") == b"n"
                error, shared, formula, value = found.get(b"t") == b"e", found.get(b"t") == b"s", False, False
                if attrs.rstrip().endswith(b"/"):
                    cell = None
            elif tag == b"f" and not closing and cell is not None:
                formula = True
                self.formulas += 1
            elif tag == b"v" and cell is not None:
                if not closing:
                    value_at = match.end()
                elif match.start() > value_at:
                    value = True
                    text = data[value_at : match.start()]
                    if error:
                        self.marked[cell] = Cell(ERROR, text.decode("utf-8", "replace"))
                    elif shared and not text.strip().isdigit():
                        self.bad_shared[cell] = text.decode("utf-8", "replace")
                    elif dated:
                        self._date(cell, text.strip())
            elif tag == b"c" and closing and cell is not None:
                if formula and not value:
                    self.marked[cell] = Cell(NO_VALUE, "", formula=True)
                cell = None


def scan_sheet(book: Workbook, name: str, styles: dict[int, tuple[bool, bool]]) -> SheetScan:
    """Stream a part through SheetScan in chunks cut before a `<c` (or any tag), never holding more than two."""
    scan = SheetScan(styles)
    with book.archive.open(book.names[name]) as raw:  # zipfile stops at the declared size and checks the CRC
        carry = utf8_head(raw.read(CHUNK))
        scan.hidden_columns = hidden_columns(carry)
        while True:
            chunk = raw.read(CHUNK)
            data = carry + chunk
            if not chunk:
                scan.feed(data)
                break
            cut = data.rfind(b"<c")
            if cut <= 0 or len(data) - cut > CHUNK:
                cut = data.rfind(b"<")
                if cut <= 0 or len(data) - cut > CHUNK:
                    raise ValueError("a megabyte of text without markup")
            scan.feed(data[:cut])
            carry = data[cut:]
    return scan


_COL = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?col\s([^>]*)>")


def hidden_columns(head: bytes) -> tuple[int, ...]:
    """The columns a sheet hides, from the `<col min max hidden>` ranges at its head (before `<sheetData`)."""
    end = head.find(b"sheetData")
    found: set[int] = set()
    for match in _COL.finditer(head[: end if end >= 0 else len(head)]):
        attrs = {m[0].split(b":")[-1]: m[1] or m[2] for m in _ATTR.findall(match[1])}
        if attrs.get(b"hidden") not in (b"1", b"true"):
            continue
        try:
            low, high = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
        except ValueError:
            continue
        found.update(range(max(low, 1), min(high, MAX_COLUMNS) + 1))
    return tuple(sorted(found))


def check_cells(sheet: Sheet, scan: SheetScan) -> None:
    """Cells python-calamine would misread or fail on are errors naming the cell, before it reads them: a
    shared-string cell whose value is not an index (`<v>x</v>`, `<v>-1</v>`: calamine gives the first shared
    string, a text the cell never held), and a date-styled number no date can be (calamine panics or overflows)."""
    if scan.bad_shared:
        (row, column), text = min(scan.bad_shared.items())
        where = Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(row, column))
        message = f"the cell's text is a damaged reference ({text[:40]!r} is not a shared-string index)"
        raise InputError(Problem.error("corrupt", where, message, "re-save the workbook from Excel"))
    if scan.bad_dates:
        (row, column), text = min(scan.bad_dates.items())
        where = Location(file=sheet.file, sheet=sheet.name, cell=cell_ref(row, column))
        message = f"the cell holds {text[:40]} under a date or time format, which no date or duration can be"
        hint = "enter the figure as a plain number (Format Cells → General), or the date it should be"
        raise InputError(Problem.error("bad-date", where, message, hint))


def check_extent(sheet: Sheet, scan: SheetScan) -> None:
    if scan.max_row > MAX_ROWS:
        raise fail(sheet.file, f"sheet has more than {MAX_ROWS:,} rows (a cell or row numbered {scan.max_row:,})",
                    ROWS_HINT, "too-many-rows", sheet.name)  # fmt: skip
    if scan.max_column > MAX_COLUMNS:
        raise fail(sheet.file, f"sheet goes past column {MAX_COLUMNS:,} (to column {scan.max_column:,})",
                    "an extract needs a column per figure (or per month in the wide shape); check the file",
                    "too-many-columns", sheet.name)  # fmt: skip
    if scan.max_row * scan.max_column > MAX_CELLS:
        raise fail(sheet.file, f"sheet spans {scan.max_row:,} rows by {scan.max_column:,} columns, past the "
                    f"{MAX_CELLS:,}-cell bound", ROWS_HINT, "too-many-cells", sheet.name)  # fmt: skip
