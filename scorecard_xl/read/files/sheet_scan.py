"""One streamed byte scan of a sheet part: its real cell extent, and what python-calamine cannot say about its cells.

The fast path takes a chunk whose sheet data is as Excel writes it: every cell tag `<c r="B2"…`, no reference,
comment or processing instruction, and every text ending at a `</v>`, `</f>` or `</t>`; anything else goes to
the token-by-token scan (sheet_tags), which checks the sheet data's shape and names the cell calamine would
misread. Rows out of order send the part to the exact scan, which finds a cell or row given twice; cells out
of order in a row are found by the value count (see xlsx)."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field

from ...errors import InputError
from ...model import Location, Problem
from ..grid import ERROR, NO_VALUE, Cell, Sheet, cell_ref
from .sheet_tags import Damaged, TagState, exact, scan_tags
from .zip_parts import CHUNK, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, ROWS_HINT, Workbook, fail, utf8_head

# The fast path: cells written as `<c r="B2"…` (Excel, xlsxwriter, LibreOffice); anything else, token by token.
_REF = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
_COLUMNS = re.compile(rb'<c r="([A-Za-z]+)')
_ROWS = re.compile(rb'<c r="[A-Za-z]+([0-9]+)"')
_ODD_CELL = re.compile(rb'<c(?! r="[A-Za-z]+[0-9]+")[\s/>]')  # a cell tag in any other form
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
# a cell tag with more attributes than Excel writes (r, s, t) or the same one twice after `r`, a row tag with one
# twice: the token path says which (a repeated attribute is not well-formed XML)
_LONG_OR_TWICE = re.compile(rb'<c r="[^"]*" (?:([\w:]+)="[^"]*" \1=|[^<>"]*"[^"]*" [^<>"]*"[^"]*" )')
_ROW_TWICE = re.compile(rb'<row (?:[^<>"]*"[^"]*" )*?([\w:]+)="[^"]*" (?:[^<>"]*"[^"]*" )*?\1=')
_HIDDEN_ROW = re.compile(rb'<row r="([0-9]+)"[^>]*? hidden="(?:1|true)"')
_FORMULA = re.compile(rb"<f[\s/>]")
_ERROR_TYPE = re.compile(rb' t="e"')
_EXTERNAL = re.compile(rb"\[[0-9]+\]")
_VALUE = re.compile(rb"<v[\s>]")
_DATE_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ABSURD_SERIAL = 1e9  # days: 2.7 million years; a duration past this overflows in calamine, a date panics in chrono
# a shared-string cell whose value is not an index: calamine would quietly give it the first shared string's text
_BAD_SHARED = re.compile(rb' t="s"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>(?![0-9]+</v>)([^<]*)</v>')
_ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


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
    values: int = 0  # `<v>`s holding text, and inline-string cells: what calamine should give values for
    inline: int = 0
    row: int = 0  # the slow path's position: the current row element and the last cell's column
    column: int = 0
    tags: TagState = field(default_factory=TagState)

    def feed(self, data: bytes) -> None:
        """Scan whole cells (a chunk cut before a `<c`), by the fast path when every cell tag allows it and the
        sheet's data holds no reference, comment or processing instruction; else token by token."""
        body = None if self.tags.seen is not None else self._body(data)
        closings = 0 if body is None else data.count(b"</v>", body[0], body[1])
        empty = 0 if body is None else data.count(b"></v>", body[0], body[1])  # `<v></v>`: calamine gives ''
        if (
            body is None
            or b"\x00" in data
            or b"<!" in data
            or _ODD_CELL.search(data)
            or _PREFIXED.search(data)
            or odd_spacing(data)
            or data.find(b"&", *body[:2]) >= 0
            or (data.find(b"?", *body[:2]) >= 0 and data.find(b"<?", *body[:2]) >= 0)
            or not _texts_in_leaves(data, body[0], body[1], closings - empty)
            or _odd_tags(data)
        ):
            scan_tags(self, data)
            return
        inside, row_open = body[2], body[3]
        columns = _COLUMNS.findall(data)
        if columns:
            rows = _ROWS.findall(data)
            self.cells += len(columns)
            self.max_column = max(self.max_column, max(map(column_number, set(columns))))
            self.max_row = max(self.max_row, max(map(int, set(rows))))
            self.column = column_number(columns[-1])
            self.tags.last = (int(rows[-1]), self.column)
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
        numbers = list(map(int, _ROW_REF.findall(data)))
        if numbers:
            self.max_row = max(self.max_row, max(numbers))
            if numbers[0] <= self.tags.last_row or any(map(operator.ge, numbers, numbers[1:])):
                self.tags.unordered = True  # a row out of order, or given twice: the exact scan says which
            self.tags.last_row = numbers[-1]
        self.values += closings - empty
        self.tags.in_data, self.tags.stack = inside, [(b"row", b"row")] if row_open else []
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
        self.inline += data.count(b' t="inlineStr"')
        for match in _ERROR_TYPE.finditer(data):
            at = data.rfind(b"<c", 0, match.start())
            close = data.find(b"</c>", match.end())
            value = re.search(rb"<v>([^<]*)</v>", data[at : len(data) if close < 0 else close])
            if value and b">" not in data[at : match.start()]:
                self.marked[self._at(data, at)] = Cell(ERROR, value.group(1).decode("utf-8", "replace"))

    def _body(self, data: bytes) -> tuple[int, int, bool, bool] | None:
        """Where the sheet's data lies in this chunk (start, end), whether it goes on past it and whether a row is
        left open; None when the fast path cannot say (an odd `<sheetData` tag, the data closed inside a row)."""
        start = 0
        if len(self.tags.stack) > 1 or self.tags.cell is not None:
            return None  # the token scan left an element open: it goes on
        if not self.tags.in_data:
            at = data.find(b"<sheetData")
            if at < 0 or data.startswith(b"<sheetData/>", at):
                return len(data), len(data), False, False
            if not data.startswith(b"<sheetData>", at):
                return None
            start = at + len(b"<sheetData>")
        close = data.find(b"</sheetData>", start)
        end = len(data) if close < 0 else close
        opened, closed = data.rfind(b"<row", start, end), data.rfind(b"</row>", start, end)
        row_open = bool(self.tags.stack)
        if opened > closed:
            row_open = data[data.find(b">", opened) - 1] != ord("/")
        elif closed > opened:
            row_open = False
        if close >= 0 and row_open:
            return None
        return start, end, close < 0, row_open

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
                    self.check_date(cell, value.group(1))

    def check_date(self, cell: tuple[int, int], text: bytes) -> None:
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


def _odd_tags(data: bytes) -> bool:
    """True when a cell or row tag may hold an attribute twice (`r` more often than there are cell and row tags, a
    cell tag with more attributes than usual or one repeated, a row tag with one repeated), or a row may lack its
    `</row>` (a `<row` right after a cell): the token path checks them."""
    if data.count(b' r="') > data.count(b'<c r="') + data.count(b'<row r="'):
        return True
    if _LONG_OR_TWICE.search(data) or _ROW_TWICE.search(data) or b"</c><row" in data:
        return True
    at = data.find(b"/><row")
    while at >= 0:
        if data.startswith(b"<c", data.rfind(b"<", 0, at)):
            return True
        at = data.find(b"/><row", at + 1)
    return False


def _texts_in_leaves(data: bytes, start: int, end: int, values: int) -> bool:
    """True when every text in data[start:end] ends at a `</v>` (`values` of them hold text), `</f>` or `</t>`:
    each other `<` follows a `>` (text anywhere else, `<c r="B2">36</c>`, is passed over by calamine)."""
    if start == end:
        return True
    if data[end - 1] != ord(">"):
        return False
    texts = data.count(b"<", start, end) - data.count(b"><", max(start - 1, 0), end) - (start == 0)
    texts -= values
    for leaf in (b"</f>", b"</t>"):
        if texts > 0 and data.find(leaf, start, end) >= 0:
            texts -= data.count(leaf, start, end) - data.count(b">" + leaf, start, end)
    return texts == 0


def scan_sheet(book: Workbook, name: str, styles: dict[int, tuple[bool, bool]]) -> SheetScan:
    """Stream a part through SheetScan in chunks cut before a `<c` (or any tag), never holding more than two.

    Raises Damaged for a sheet's data calamine would misread; when a row or cell is out of order, the part is
    read again token by token to find any given twice (calamine keeps the last)."""
    scan = _stream(book, name, SheetScan(styles))
    if scan.tags.unordered and scan.max_row * scan.max_column <= MAX_CELLS:
        exact_scan(book, name, scan.max_row, scan.max_column)
    return scan


def exact_scan(book: Workbook, name: str, max_row: int, max_column: int) -> None:
    """Read the part token by token, every cell and row checked against those before it: raises Damaged for
    anything calamine would misread, a cell or row given twice included (`max_row` by `max_column` is the
    sheet's extent, from a first scan, at most MAX_CELLS)."""
    scan = SheetScan({})
    exact(scan.tags, max_row, max_column)
    _stream(book, name, scan)


def _stream(book: Workbook, name: str, scan: SheetScan) -> SheetScan:
    with book.archive.open(book.names[name]) as raw:  # zipfile stops at the declared size and checks the CRC
        carry = utf8_head(raw.read(CHUNK))
        scan.hidden_columns = hidden_columns(carry)
        stage = 0
        while True:
            chunk = raw.read(CHUNK)
            data = carry + chunk
            if not chunk:
                _feed(scan, data, stage)
                break
            cut = data.rfind(b"<c")
            if cut <= 0 or len(data) - cut > CHUNK:
                cut = data.rfind(b"<")
                if cut <= 0 or len(data) - cut > CHUNK:
                    raise ValueError("a megabyte of text without markup")
            stage = _feed(scan, data[:cut], stage)
            carry = data[cut:]
    if scan.tags.in_data:
        raise Damaged("the sheet's data has no end (no </sheetData>)", None, scan.row)
    return scan


_ROOT_END = re.compile(rb"</(?:[A-Za-z_][\w.\-]*:)?worksheet\s*>")
_SECOND_ROOT = "more XML after the sheet's end (a second root element)"


def _feed(scan: SheetScan, data: bytes, stage: int) -> int:
    """Feed `data` to the scan, unless anything but white space follows the sheet's root element (a second root
    is not well-formed XML). `stage` says how far the part has gone: 0 before `</sheetData>`, 1 past it, 2 past
    the root's end; the stage after `data` is returned."""
    if stage == 2 and data.strip():
        raise Damaged(_SECOND_ROOT, None, 0)
    start = 0
    if stage == 0:
        start = data.find(b"</sheetData>")
        stage = 1 if start >= 0 else 0
    if stage == 1:
        end = _ROOT_END.search(data, max(start, 0))
        if end is not None:
            if data[end.end() :].strip():
                raise Damaged(_SECOND_ROOT, None, 0)
            stage = 2
    scan.feed(data)
    return stage


def damaged_error(sheet: Sheet, exc: Damaged) -> InputError:
    """The error naming the sheet, and the cell where there is one, for XML calamine would misread."""
    where = Location(file=sheet.file, sheet=sheet.name, cell=exc.where)
    at = "at this cell" if exc.cell is not None else f"in row {exc.row}" if exc.row else "in its data"
    message = f"the sheet's XML is damaged {at}: {exc.what}"
    return InputError(Problem.error("corrupt", where, message, "re-save the workbook in Excel"))


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
