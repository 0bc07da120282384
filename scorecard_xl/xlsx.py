"""Read an .xlsx/.xlsm workbook's sheets into grids: values through python-calamine, after checks that keep it safe.

python-calamine reads cell values in Rust, several times faster than any XML parse in Python, but it trusts the
file (SPEC §3.4): it builds a dense grid from a sheet's cell extent, so a cell at XFD1048576 aborts the process;
it reads the whole shared-strings part; and error values, formulas without a saved result and empty strings all
come back as ''. So before calamine opens the file: the zip's members are checked from its central directory
(count, declared sizes, compression ratio, encryption, duplicate names); workbook, relationships and styles are
parsed with defusedxml, DTDs forbidden; the shared strings' prolog is checked for entity declarations; and each
sheet is streamed once, in chunks capped at its declared size, through a byte scan that finds its real cell
extent and what calamine does not say: percent and date styles, formulas with no saved result, error values,
and how many formulas there are and how many point at other workbooks. Calamine 0.9.1 refuses a member that
inflates past its declared size and expands no entities; the hostile-input tests pin both.
"""

from __future__ import annotations

import datetime as dt
import gc
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from python_calamine import CalamineError, CalamineWorkbook

from .errors import InputError, Issue
from .grid import BOOL, DATE, ERROR, NO_VALUE, NUMBER, TEXT, Cell, Sheet

BUILT_BY = "Built by scorecard-xl"  # the writer puts this in every scorecard's document comments
MAX_ENTRIES = 2_000
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # inflated : compressed, for members over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_ROWS = 499_999  # per sheet (and per CSV): a ten-year long extract of 2,000 measures has 240,001
MAX_COLUMNS = 1_000  # ten years of months in the wide shape is 121
MAX_CELLS = 5_000_000  # per workbook, and per sheet for the grid calamine builds from A1 to its last cell

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = "{" + _NS_MAIN + "}"
_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_PERCENT_IDS = {9, 10}
_CHUNK = 1024 * 1024
_EPOCH = dt.datetime(1899, 12, 30)
_NEW = Cell(NO_VALUE, "")  # a marker: no Cell yet for this value
_SHARED_TEXT = 100  # characters: ids, titles, symbols and headers repeat from sheet to sheet; narratives do not
_TOO_BIG = "check the file; an extract of KPI figures is far smaller"
_ROWS_HINT = "an extract holds one row per measure and month; check the file"

# The fast path: cells written as `<c r="B2"…` (Excel, xlsxwriter, LibreOffice); anything else goes to _SLOW.
_REF = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
_COLUMNS = re.compile(rb'<c r="([A-Za-z]+)')
_ROWS = re.compile(rb'<c r="[A-Za-z]+([0-9]+)"')
_ODD_CELL = re.compile(rb'<c(?! r="[A-Za-z]+[0-9]+")[\s/>]')  # a cell tag in any other form
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
_FAR_ROW = re.compile(rb'<row r="0*(?:[5-9][0-9]{5}|[1-9][0-9]{6})')
_FORMULA = re.compile(rb"<f[\s/>]")
_ERROR_TYPE = re.compile(rb' t="e"')
_EXTERNAL = re.compile(rb"\[[0-9]+\]")
_VALUE = re.compile(rb"<v[\s>]")
# The slow path: every row, cell, formula and value tag with any prefix, quoting and spacing, one at a time.
_SLOW = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c|f|v)(?=[\s/>])([^>]*)>|<!(DOCTYPE|ENTITY)?|\x00")
_ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})0*([0-9]{1,7})")


def _odd_spacing(data: bytes) -> bool:
    """True when attributes in the sheet's data may be spaced otherwise than `<c r="A1" s="1">` (a cell tag in
    another form takes the slow path anyway; one whose `s` or `t` alone is odd loses its percent or error mark)."""
    body = max(data.find(b"<sheetData"), 0)
    return data.find(b"\n", body) >= 0 or data.find(b"\r", body) >= 0 or data.find(b"\t", body) >= 0


def _column(letters: bytes | str) -> int:
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper().decode():
        number = number * 26 + ord(ch) - 64
    return number


class _TooBig(Exception):
    pass


class _BoundedStream:
    """A read-only stream over a zip member that fails once more than `limit` bytes come out of it."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(_CHUNK if size is None or size < 0 else min(size, _CHUNK))
        self.count += len(chunk)
        if self.count > self.limit:
            raise _TooBig
        return chunk


@dataclass(frozen=True)
class WorkbookInfo:
    """What the workbook says about itself that matters to trust in its figures."""

    recalc_on_load: bool
    has_external_links: bool
    built_by_us: bool = False


def _fail(file: str, message: str, hint: str = "", code: str = "unreadable", sheet: str | None = None) -> InputError:
    where = file if sheet is None else f"{file} {sheet}"
    return InputError(Issue(code, where, message, hint))


@dataclass
class _Scan:
    """What one pass over a sheet part found: its extent, counts, and the cells calamine cannot describe."""

    styles: dict[int, tuple[bool, bool]]  # special style index → (percent, date)
    max_row: int = 0
    max_column: int = 0
    cells: int = 0
    formulas: int = 0
    external: int = 0
    styled: dict[tuple[int, int], tuple[bool, bool]] = field(default_factory=dict)
    marked: dict[tuple[int, int], Cell] = field(default_factory=dict)  # error values, formulas without a value
    style_pattern: re.Pattern[bytes] | None = None
    row: int = 0  # the slow path's position: the current row element and the last cell's column
    column: int = 0

    def feed(self, data: bytes) -> None:
        """Scan whole cells (a chunk cut before a `<c`), by the fast path when every cell tag allows it."""
        if b"\x00" in data or b"<!" in data or _ODD_CELL.search(data) or _PREFIXED.search(data) or _odd_spacing(data):
            self._slow(data)
            return
        columns = _COLUMNS.findall(data)
        if columns:
            self.cells += len(columns)
            self.max_column = max(self.max_column, max(map(_column, set(columns))))
            self.max_row = max(self.max_row, max(map(int, set(_ROWS.findall(data)))))
            self.column = _column(columns[-1])
        last_row = data.rfind(b'<row r="')
        if last_row >= 0:
            number = _ROW_REF.match(data, last_row)
            if number is None:
                raise ValueError("a row number out of place")
            self.row = int(number.group(1)) + data.count(b"<row", last_row + 1)
        else:
            self.row += data.count(b"<row")
        if _FAR_ROW.search(data):
            self.max_row = max(self.max_row, max(map(int, _ROW_REF.findall(data))))
        if self.styles:
            if self.style_pattern is None:
                self.style_pattern = re.compile(b' s="(' + b"|".join(b"%d" % s for s in self.styles) + b')"')
            for match in self.style_pattern.finditer(data):
                self._mark_style(data, match.start(), int(match.group(1)))
        for match in _FORMULA.finditer(data):
            self._formula(data, match.start())
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
        return int(match.group(2)), _column(match.group(1))

    def _mark_style(self, data: bytes, at: int, style: int) -> None:
        start = data.rfind(b"<c", 0, at)
        if start >= 0 and b">" not in data[start:at]:
            self.styled[self._at(data, start)] = self.styles[style]

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
        formula = value = error = False
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
                self.column = 0
            elif tag == b"c" and not closing:
                found = dict((k, a or b) for k, a, b in _ATTR.findall(attrs))
                ref = found.get(b"r")
                if ref is not None:
                    parsed = _CELL_REF.fullmatch(ref.decode("ascii", "replace").strip())
                    if parsed is None:
                        raise ValueError(f"not a cell reference: {ref!r}")
                    row, self.column = int(parsed.group(2)), _column(parsed.group(1))
                else:
                    row, self.column = self.row, self.column + 1
                self.cells += 1
                self.max_row, self.max_column = max(self.max_row, row), max(self.max_column, self.column)
                cell = (row, self.column)
                style = found.get(b"s", b"0")
                if style.isdigit() and int(style) in self.styles:
                    self.styled[cell] = self.styles[int(style)]
                error, formula, value = found.get(b"t") == b"e", False, False
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
                    if error:
                        self.marked[cell] = Cell(ERROR, data[value_at : match.start()].decode("utf-8", "replace"))
            elif tag == b"c" and closing and cell is not None:
                if formula and not value:
                    self.marked[cell] = Cell(NO_VALUE, "", formula=True)
                cell = None


def _utf8(head: bytes) -> bytes:
    """The start of a part, refused unless it is UTF-8 (byte patterns could not see through another encoding)."""
    declared = re.match(rb"""(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""", head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        declared and declared.group(1).lower() not in (b"utf-8", b"utf8")
    ):
        raise ValueError("a part not in UTF-8")
    return head


def _scan(book: _Workbook, name: str, styles: dict[int, tuple[bool, bool]]) -> _Scan:
    """Stream a part through _Scan in chunks cut before a `<c` (or any tag), never holding more than two."""
    scan = _Scan(styles)
    with book.archive.open(book.names[name]) as raw:  # zipfile stops at the declared size and checks the CRC
        carry = _utf8(raw.read(_CHUNK))
        while True:
            chunk = raw.read(_CHUNK)
            data = carry + chunk
            if not chunk:
                scan.feed(data)
                break
            cut = data.rfind(b"<c")
            if cut <= 0 or len(data) - cut > _CHUNK:
                cut = data.rfind(b"<")
                if cut <= 0 or len(data) - cut > _CHUNK:
                    raise ValueError("a megabyte of text without markup")
            scan.feed(data[:cut])
            carry = data[cut:]
    return scan


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, file: str) -> None:
        self.archive = archive
        self.file = file
        infos = archive.infolist()
        self.names = {info.filename: info for info in infos}
        if len(infos) > MAX_ENTRIES:
            raise _fail(file, f"the workbook holds {len(infos):,} parts, more than the {MAX_ENTRIES:,} bound",
                        _TOO_BIG, "too-large")  # fmt: skip
        if len(self.names) != len(infos):
            raise _fail(file, "the workbook holds two parts of the same name", "re-save it from Excel", "corrupt")

    def check_sizes(self) -> None:
        """Refuse, from the central directory alone, encryption and parts too large or too compressed."""
        for info in self.names.values():
            if info.flag_bits & 0x1:
                raise _fail(self.file, "the workbook is password-protected", "save an unprotected copy", "encrypted")
            if info.file_size > MAX_PART_BYTES:
                raise _fail(self.file, f"part {info.filename} would decompress to {info.file_size:,} bytes, past the "
                            f"{MAX_PART_BYTES:,}-byte bound for an extract", _TOO_BIG, "too-large")  # fmt: skip
        total = sum(info.file_size for info in self.names.values())
        if total > MAX_TOTAL_BYTES:
            raise _fail(self.file, f"the workbook would decompress to {total:,} bytes, past the "
                        f"{MAX_TOTAL_BYTES:,}-byte bound", _TOO_BIG, "too-large")  # fmt: skip
        for info in self.names.values():
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _fail(self.file, f"part {info.filename} would decompress to {info.file_size:,} bytes from "
                            f"{info.compress_size:,}, past the {MAX_RATIO}:1 compression bound", _TOO_BIG,
                            "too-large")  # fmt: skip

    def parse(self, name: str) -> Element:
        if name not in self.names:
            raise _fail(self.file, f"the workbook has no part {name}", "re-save it from Excel", "corrupt")
        with self.archive.open(self.names[name]) as raw:
            tree = SafeET.parse(_BoundedStream(raw, MAX_PART_BYTES), forbid_dtd=True)
        return tree.getroot()  # type: ignore[no-any-return]

    def check_prolog(self, name: str) -> None:
        """Refuse a DTD or entity declaration in the shared strings' prolog (calamine expands no entities)."""
        with self.archive.open(self.names[name]) as raw:
            head = _utf8(raw.read(65536))
        root = re.search(rb"<(?:[A-Za-z_][\w.\-]*:)?[A-Za-z_]", head)
        if b"\x00" in head or b"<!DOCTYPE" in head[: root.start() if root else None] or b"<!ENTITY" in head:
            raise DefusedXmlException("a DTD or an entity declaration")


def _rels(book: _Workbook, part: str) -> tuple[dict[str, str], dict[str, str]]:
    """The internal relationships of `part`: target paths by relationship id, and by type (`styles`, …)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    by_id: dict[str, str] = {}
    by_type: dict[str, str] = {}
    if rels_name not in book.names:
        return by_id, by_type
    for rel in book.parse(rels_name).iter("{" + _NS_PKG_REL + "}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        by_id[rel.get("Id", "")] = path
        by_type[rel.get("Type", "").rsplit("/", 1)[-1]] = path
    return by_id, by_type


def _strip_format(code: str) -> str:
    code = re.sub(r'"[^"]*"', "", code)
    code = re.sub(r"\[[^\]]*\]", "", code)
    return re.sub(r"\\.|_.|\*.", "", code)


def _styles(book: _Workbook, path: str | None) -> dict[int, tuple[bool, bool]]:
    """The cell style indexes that mark a percent or a date: index → (is percent, is date)."""
    if path is None or path not in book.names:
        return {}
    root = book.parse(path)
    custom: dict[int, str] = {}
    numfmts = root.find(_M + "numFmts")
    for nf in numfmts.findall(_M + "numFmt") if numfmts is not None else []:
        try:
            custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "")
        except ValueError:
            continue
    special: dict[int, tuple[bool, bool]] = {}
    xfs = root.find(_M + "cellXfs")
    for index, xf in enumerate(xfs.findall(_M + "xf") if xfs is not None else []):
        try:
            fid = int(xf.get("numFmtId", "0"))
        except ValueError:
            fid = 0
        if fid in custom:
            code = _strip_format(custom[fid]).lower()
            percent = "%" in code
            date = not percent and code != "general" and bool(re.search(r"[dmyhs]", code))
        else:
            percent, date = fid in _PERCENT_IDS, fid in _DATE_IDS
        if percent or date:
            special[index] = (percent, date)
    return special


def _check_extent(sheet: Sheet, scan: _Scan) -> None:
    if scan.max_row > MAX_ROWS:
        raise _fail(sheet.file, f"sheet has more than {MAX_ROWS:,} rows (a cell or row numbered {scan.max_row:,})",
                    _ROWS_HINT, "too-many-rows", sheet.name)  # fmt: skip
    if scan.max_column > MAX_COLUMNS:
        raise _fail(sheet.file, f"sheet goes past column {MAX_COLUMNS:,} (to column {scan.max_column:,})",
                    "an extract needs a column per figure (or per month in the wide shape); check the file",
                    "too-many-columns", sheet.name)  # fmt: skip
    if scan.max_row * scan.max_column > MAX_CELLS:
        raise _fail(sheet.file, f"sheet spans {scan.max_row:,} rows by {scan.max_column:,} columns, past the "
                    f"{MAX_CELLS:,}-cell bound", _ROWS_HINT, "too-many-cells", sheet.name)  # fmt: skip


def _check_dimension(sheet: Sheet, book: _Workbook, path: str) -> None:
    """Refuse a sheet that declares more rows than an extract may hold (the declaration is never relied on)."""
    with book.archive.open(book.names[path]) as raw:
        head = raw.read(4096)
    found = re.search(rb'<dimension ref="[A-Za-z]*[0-9]*:?[A-Za-z]*0*([0-9]+)"', head)
    if found and int(found.group(1)) > MAX_ROWS:
        raise _fail(sheet.file, f"sheet declares {int(found.group(1)):,} rows, more than the {MAX_ROWS:,} an "
                    "extract may hold", _ROWS_HINT, "too-many-rows", sheet.name)  # fmt: skip


def _serial(value: dt.date | dt.time | dt.timedelta) -> float:
    """An Excel serial number (1900 system, as calamine reads it) for a date, time or duration."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    days = (moment - _EPOCH).total_seconds() / 86400
    return days - 1 if moment < dt.datetime(1900, 3, 1) else days


def _fill(
    sheet: Sheet, grid: list[list[Any]], start: tuple[int, int], scan: _Scan, cells: dict[Any, Cell | None]
) -> None:
    """Calamine's values as Cells, then what the scan saw: styles, error values, formulas with no result.

    `cells` is the workbook's one Cell per distinct value ('' maps to None), texts past _SHARED_TEXT characters
    (narratives, seldom repeated) left out; a bool never takes a number's Cell (True == 1.0).
    """
    rows = sheet.rows
    get = cells.get
    for r, values in enumerate(grid, start=start[0] + 1):
        row: dict[int, Cell] = {}
        for c, value in enumerate(values, start=start[1] + 1):
            cell = get(value, _NEW)
            if cell is None:
                continue
            if cell is _NEW or type(value) is bool:
                cell = _cell(value)
                if type(value) is not bool and (type(value) is not str or len(value) <= _SHARED_TEXT):
                    cells[value] = cell
            row[c] = cell
        if row:
            rows[r] = row
    for (r, c), (percent, date) in scan.styled.items():
        found = rows.get(r, {}).get(c)
        if found is not None and found.kind == NUMBER:
            rows[r][c] = Cell(DATE, found.value) if date else Cell(NUMBER, found.value, percent=percent)
    for (r, c), marked in scan.marked.items():
        rows.setdefault(r, {})[c] = marked


def _cell(value: object) -> Cell:
    if type(value) is str:
        return Cell(TEXT, value)
    if isinstance(value, str):
        return Cell(TEXT, value)
    if isinstance(value, bool):
        return Cell(BOOL, value)
    if isinstance(value, int | float):
        return Cell(NUMBER, float(value))
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return Cell(DATE, _serial(value))
    raise ValueError(f"a value calamine should not give: {type(value).__name__}")


def read_workbook(path: str, display: str) -> tuple[list[Sheet], WorkbookInfo]:
    """Every worksheet of the workbook at `path` as a Sheet, in workbook order, with workbook flags.

    Promises: reads the file only; refuses encrypted, oversized and entity-laden files with an InputError
    naming `display`; any damage in the file is an InputError too, never another exception.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            book = _Workbook(archive, display)
            book.check_sizes()
            return _read(book, path)
    except InputError:
        raise
    except _TooBig as exc:
        raise _fail(display, f"a part of the workbook decompresses past the {MAX_PART_BYTES:,}-byte bound",
                    _TOO_BIG, "too-large") from exc  # fmt: skip
    except DefusedXmlException as exc:
        raise _fail(display, "the workbook's XML declares entities or a DTD, which are refused",
                    "re-save it from Excel", "xml-entities") from exc  # fmt: skip
    except RuntimeError as exc:
        if "encrypted" in str(exc) or "password" in str(exc):
            raise _fail(display, "the workbook is password-protected", "save an unprotected copy", "encrypted") from exc
        raise _fail(display, f"the workbook is damaged ({exc})", "re-save it from Excel", "corrupt") from exc
    except CalamineError as exc:
        raise _fail(display, f"the workbook is damaged ({type(exc).__name__}: {str(exc)[:200]})",
                    "re-save it from Excel", "corrupt") from exc  # fmt: skip
    except Exception as exc:  # zipfile, zlib and XML faults, and a reference out of place
        raise _fail(display, f"the workbook is damaged ({type(exc).__name__})", "re-save it from Excel",
                    "corrupt") from exc  # fmt: skip
    except BaseException as exc:  # a panic in calamine's Rust comes up as pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        raise _fail(display, "the workbook is damaged (the reader gave up on it)", "re-save it from Excel",
                    "corrupt") from exc  # fmt: skip


def _read(book: _Workbook, path: str) -> tuple[list[Sheet], WorkbookInfo]:
    workbook_part = "xl/workbook.xml"
    if workbook_part not in book.names:
        root_rels, _ = _rels(book, "")
        workbook_part = next((p for p in root_rels.values() if p.endswith("workbook.xml")), workbook_part)
    if workbook_part not in book.names:
        raise _fail(book.file, _what_zip(book), "give an .xlsx or .xlsm workbook, or a .csv", "not-a-workbook")
    if _built_by_scorecard_xl(book):
        return [], WorkbookInfo(recalc_on_load=False, has_external_links=False, built_by_us=True)
    root = book.parse(workbook_part)
    rels, by_type = _rels(book, workbook_part)
    strings = by_type.get("sharedStrings")
    styles = _styles(book, by_type.get("styles"))
    calc = root.find(_M + "calcPr")
    info = WorkbookInfo(
        recalc_on_load=calc is not None and calc.get("fullCalcOnLoad") in ("1", "true"),
        has_external_links=any(n.startswith("xl/externalLinks/") for n in book.names),
    )
    sheets: list[tuple[Sheet, str | None]] = []
    sheets_elem = root.find(_M + "sheets")
    for s in sheets_elem.findall(_M + "sheet") if sheets_elem is not None else []:
        name = s.get("name", "")
        target = rels.get(s.get("{" + _NS_REL + "}id", ""), "")
        sheet = Sheet(book.file, name, hidden=s.get("state", "visible") != "visible")
        if target in book.names and "worksheets/" in target:
            sheets.append((sheet, target))
        elif target not in book.names and not any(
            k in target for k in ("chartsheets/", "dialogsheets/", "macrosheets/")
        ):
            raise _fail(book.file, f"the part for sheet {name!r} is missing", "re-save the workbook from Excel",
                        "corrupt")  # fmt: skip
        else:
            sheets.append((sheet, None))  # a chart or dialog sheet is kept empty, so that it is listed as skipped
    if not any(part for _, part in sheets):
        return [sheet for sheet, _ in sheets], info
    if strings is not None and strings in book.names:
        book.check_prolog(strings)
    scans: dict[str, _Scan] = {}
    for sheet, part in sheets:
        if part is not None:
            _check_dimension(sheet, book, part)
            scans[part] = _scan(book, part, styles)
            _check_extent(sheet, scans[part])
    for other in book.names:  # every other XML part too, lest calamine find a sheet where we do not
        if other != strings and other not in scans and other.lower().endswith((".xml", ".rels")):
            _check_extent(Sheet(book.file, other), _scan(book, other, {}))
    cells = sum(scan.cells for scan in scans.values())
    if cells > MAX_CELLS:
        raise _fail(book.file, f"the workbook has more than {MAX_CELLS:,} cells ({cells:,})", _ROWS_HINT,
                    "too-many-cells")  # fmt: skip
    cache: dict[Any, Cell | None] = {"": None}
    collecting = gc.isenabled()
    gc.disable()  # a million Cells and row dicts, none in a cycle: collections while they are made are wasted
    try:
        _values(path, sheets, scans, cache)
    finally:
        if collecting:
            gc.enable()
    return [sheet for sheet, _ in sheets], info


def _values(
    path: str, sheets: list[tuple[Sheet, str | None]], scans: dict[str, _Scan], cache: dict[Any, Cell | None]
) -> None:
    """Each worksheet's values through calamine, laid into its Sheet with what the scan found."""
    with CalamineWorkbook.from_path(path) as values:
        for sheet, part in sheets:
            if part is None:
                continue
            scan = scans[part]
            sheet.formulas, sheet.external_formulas = scan.formulas, scan.external
            found = values.get_sheet_by_name(sheet.name or "")
            if found.start is not None:
                _fill(sheet, found.to_python(skip_empty_area=True), found.start, scan, cache)
            elif scan.marked:
                _fill(sheet, [], (0, 0), scan, cache)


def _built_by_scorecard_xl(book: _Workbook) -> bool:
    """True for a workbook this tool wrote (its document comments say so): a scorecard, not an extract."""
    core = book.names.get("docProps/core.xml")
    if core is None or core.file_size > 65536:
        return False
    with book.archive.open(core) as f:
        return BUILT_BY.encode() in f.read(65536)


def _what_zip(book: _Workbook) -> str:
    if "mimetype" in book.names:
        with book.archive.open(book.names["mimetype"]) as f:
            kind = f.read(100).decode("ascii", "replace")
        if "opendocument.spreadsheet" in kind:
            return "this is an OpenDocument spreadsheet (.ods), not an .xlsx workbook"
        return f"this is an OpenDocument file ({kind.strip()}), not an .xlsx workbook"
    if "word/document.xml" in book.names:
        return "this is a Word document, not an .xlsx workbook"
    if "ppt/presentation.xml" in book.names:
        return "this is a PowerPoint file, not an .xlsx workbook"
    return "this is a zip file with no workbook inside"
