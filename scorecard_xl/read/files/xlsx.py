"""Read an .xlsx/.xlsm workbook's sheets into grids: values through python-calamine, after checks that keep it safe.

python-calamine reads cell values in Rust, several times faster than any XML parse in Python, but it trusts the
file (SPEC §3.4): it builds a dense grid from a sheet's cell extent, so a cell at XFD1048576 aborts the process;
it reads the whole shared-strings part; and error values, formulas without a saved result and empty strings all
come back as ''. So before calamine opens the file: the zip's members are checked from its central directory
(count, declared sizes, compression ratio, encryption, duplicate names); workbook, relationships and styles are
parsed with defusedxml, DTDs forbidden; the shared strings' prolog is checked for entity declarations; and each
sheet is streamed once, in chunks capped at its declared size, through a byte scan that finds its real cell
extent and what calamine does not say: percent and date styles, formulas with no saved result, error values,
and how many formulas there are and how many point at other workbooks. It refuses, naming the cell, what calamine
would misread (sheet_tags: a value in pieces, `<v>1&#48;9</v>`; a cell or row given twice; a misspelt tag); a
sheet calamine fails on, or gives another count of values than the scan made, is read again token by token to
name the damage. A shared-strings part declaring more strings than it can hold is refused (calamine reserves room
for them all first). Calamine 0.9.1 refuses a member that inflates past its declared size and expands no
entities; the hostile-input tests pin both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import zipfile
from collections.abc import Iterator
from typing import Any

from defusedxml import DefusedXmlException
from python_calamine import CalamineError, CalamineWorkbook

from ...errors import InputError
from ..grid import BOOL, DATE, ERROR, NO_VALUE, NUMBER, TEXT, Cell, Sheet
from .sheet_scan import SheetScan, check_cells, check_extent, damaged_error, exact_scan, scan_sheet
from .sheet_tags import Damaged
from .zip_parts import (
    MAIN,
    MAX_CELLS,
    MAX_PART_BYTES,
    NS_REL,
    ROWS_HINT,
    TOO_BIG,
    TooBig,
    Workbook,
    WorkbookInfo,
    built_by_scorecard_xl,
    fail,
    relationships,
    styles_of,
    what_zip,
)

_EPOCH = dt.datetime(1899, 12, 30)
_NEW = Cell(NO_VALUE, "")  # a marker: no Cell yet for this value
_SHARED_TEXT = 100  # characters: ids, titles, symbols and headers repeat from sheet to sheet; narratives do not


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
    sheet: Sheet, grid: list[list[Any]], start: tuple[int, int], scan: SheetScan, cells: dict[Any, Cell | None]
) -> int:
    """Calamine's values as Cells, then what the scan saw: styles, error values, formulas with no result; returns
    how many values calamine gave.

    `cells` is the workbook's one Cell per distinct value ('' maps to None), texts past _SHARED_TEXT characters
    (narratives, seldom repeated) left out; a bool never takes a number's Cell (True == 1.0).
    """
    rows = sheet.rows
    get = cells.get
    given = 0
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
            given += len(row)
    for (r, c), (percent, date) in scan.styled.items():
        found = rows.get(r, {}).get(c)
        if found is not None and found.kind == NUMBER:
            rows[r][c] = Cell(DATE, found.value) if date else Cell(NUMBER, found.value, percent=percent)
    for (r, c), marked in scan.marked.items():
        rows.setdefault(r, {})[c] = marked
    return given


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


def read_sheets(path: str, display: str) -> tuple[WorkbookInfo, Iterator[Sheet]]:
    """The workbook's flags and its worksheets, in workbook order, each filled only when it is taken.

    Promises: reads the file only; every check on the file is made before this returns, so a refused file
    (encrypted, oversized, entity-laden) never reaches calamine and is an InputError naming `display`; damage found
    while a sheet is filled is an InputError raised as that sheet is taken, never another exception.
    A caller that lets each sheet go before taking the next holds one sheet's cells at a time.
    """
    with _translated(display), zipfile.ZipFile(path) as archive:
        book = Workbook(archive, display)
        book.check_sizes()
        sheets, scans, info = _read(book)
    return info, _filled(path, display, sheets, scans)


@contextlib.contextmanager
def _translated(display: str) -> Iterator[None]:
    """Any fault in reading the file, as the InputError naming `display` that says what is wrong."""
    try:
        yield
    except InputError:
        raise
    except TooBig as exc:
        raise fail(display, f"a part of the workbook decompresses past the {MAX_PART_BYTES:,}-byte bound",
                    TOO_BIG, "too-large") from exc  # fmt: skip
    except DefusedXmlException as exc:
        raise fail(display, "the workbook's XML declares entities or a DTD, which are refused",
                    "re-save it from Excel", "xml-entities") from exc  # fmt: skip
    except RuntimeError as exc:
        if "encrypted" in str(exc) or "password" in str(exc):
            raise fail(display, "the workbook is password-protected", "save an unprotected copy", "encrypted") from exc
        raise fail(display, f"the workbook is damaged ({exc})", "re-save it from Excel", "corrupt") from exc
    except CalamineError as exc:
        raise fail(display, f"the workbook is damaged ({type(exc).__name__}: {str(exc)[:200]})",
                    "re-save it from Excel", "corrupt") from exc  # fmt: skip
    except Exception as exc:  # zipfile, zlib and XML faults, and a reference out of place
        raise fail(display, f"the workbook is damaged ({type(exc).__name__})", "re-save it from Excel",
                    "corrupt") from exc  # fmt: skip
    except BaseException as exc:  # a panic in calamine's Rust comes up as pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        raise fail(display, "the workbook is damaged (the reader gave up on it)", "re-save it from Excel",
                    "corrupt") from exc  # fmt: skip


def _read(book: Workbook) -> tuple[list[tuple[Sheet, str | None]], dict[str, SheetScan], WorkbookInfo]:
    """The workbook's sheets (each with its worksheet part, or None for a chart or dialog sheet), each part's scan
    and the workbook's flags, every check made; no cell is read yet."""
    workbook_part = "xl/workbook.xml"
    if workbook_part not in book.names:
        root_rels, _ = relationships(book, "")
        workbook_part = next((p for p in root_rels.values() if p.endswith("workbook.xml")), workbook_part)
    if workbook_part not in book.names:
        raise fail(book.file, what_zip(book), "give an .xlsx or .xlsm workbook, or a .csv", "not-a-workbook")
    if built_by_scorecard_xl(book):
        return [], {}, WorkbookInfo(recalc_on_load=False, has_external_links=False, built_by_us=True)
    root = book.parse(workbook_part)
    rels, by_type = relationships(book, workbook_part)
    strings = by_type.get("sharedStrings")
    styles = styles_of(book, by_type.get("styles"))
    calc = root.find(MAIN + "calcPr")
    info = WorkbookInfo(
        recalc_on_load=calc is not None and calc.get("fullCalcOnLoad") in ("1", "true"),
        has_external_links=any(n.startswith("xl/externalLinks/") for n in book.names),
    )
    sheets: list[tuple[Sheet, str | None]] = []
    sheets_elem = root.find(MAIN + "sheets")
    for s in sheets_elem.findall(MAIN + "sheet") if sheets_elem is not None else []:
        name = s.get("name", "")
        target = rels.get(s.get("{" + NS_REL + "}id", ""), "")
        sheet = Sheet(book.file, name, hidden=s.get("state", "visible") != "visible")
        if target in book.names and "worksheets/" in target:
            sheets.append((sheet, target))
        elif target not in book.names and not any(
            k in target for k in ("chartsheets/", "dialogsheets/", "macrosheets/")
        ):
            raise fail(book.file, f"the part for sheet {name!r} is missing", "re-save the workbook from Excel",
                        "corrupt")  # fmt: skip
        else:
            sheets.append((sheet, None))  # a chart or dialog sheet is kept empty, so that it is listed as skipped
    named: dict[str, int] = {}
    for number, (sheet, _) in enumerate(sheets, start=1):
        first = named.setdefault(sheet.name or "", number)
        if first != number:  # calamine finds a sheet by name: the second would be read as the first, silently
            raise fail(book.file, f"sheets {first} and {number} are both named {sheet.name!r}, which Excel does "
                       "not allow", "rename one of them in Excel and save", "duplicate-sheet-names")  # fmt: skip
    if not any(part for _, part in sheets):
        return sheets, {}, info
    for name in book.names:  # calamine reads xl/sharedStrings.xml (in any case) whatever the relationships say
        if name == strings or name.lower() == "xl/sharedstrings.xml":
            book.check_prolog(name)
    scans: dict[str, SheetScan] = {}
    for sheet, part in sheets:
        if part is not None:
            try:
                scans[part] = scan_sheet(book, part, styles)
            except Damaged as exc:
                raise damaged_error(sheet, exc) from exc
            check_extent(sheet, scans[part])
            check_cells(sheet, scans[part])
            sheet.hidden_columns = scans[part].hidden_columns
            sheet.hidden_rows = tuple(sorted(scans[part].hidden_rows))
    for other in book.names:  # every other XML part too, lest calamine find a sheet where we do not
        if other != strings and other not in scans and other.lower().endswith((".xml", ".rels")):
            check_extent(Sheet(book.file, other), scan_sheet(book, other, {}))
    cells = sum(scan.cells for scan in scans.values())
    if cells > MAX_CELLS:
        raise fail(book.file, f"the workbook has more than {MAX_CELLS:,} cells ({cells:,})", ROWS_HINT,
                    "too-many-cells")  # fmt: skip
    for sheet, part in sheets:
        if part is not None:
            sheet.formulas, sheet.external_formulas = scans[part].formulas, scans[part].external
    return sheets, scans, info


def _filled(
    path: str, display: str, sheets: list[tuple[Sheet, str | None]], scans: dict[str, SheetScan]
) -> Iterator[Sheet]:
    """Each sheet in turn with calamine's values laid in with what the scan found; the sheets already given are
    not held here."""
    if not scans:
        yield from (sheet for sheet, _ in sheets)
        return
    cache: dict[Any, Cell | None] = {"": None}  # one Cell per distinct value, shared by all the sheets
    with _translated(display):
        values = CalamineWorkbook.from_path(path)
    try:
        while sheets:
            sheet, part = sheets.pop(0)
            if part is not None:
                with _translated(display):
                    _values(values, sheet, part, scans.pop(part), cache, path)
            yield sheet
            del sheet
    finally:
        values.close()


def _values(
    values: CalamineWorkbook, sheet: Sheet, part: str, scan: SheetScan, cache: dict[Any, Cell | None], path: str
) -> None:
    """The worksheet's values through calamine, laid into `sheet` with what the scan found.

    When calamine fails on the sheet, or gives another number of values than the scan counted (`</v>` closings
    and inline strings, less error values, which calamine gives as ''), the part is read again token by token,
    so that damage calamine passed over is an error naming the sheet and cell; found none, a failure stands and
    a differing count is let be (an empty value or shared string gives '' too)."""
    collecting = gc.isenabled()
    gc.disable()  # thousands of Cells and row dicts, none in a cycle: collections while they are made are wasted
    try:
        try:
            found = values.get_sheet_by_name(sheet.name or "")
            grid = found.to_python(skip_empty_area=True) if found.start is not None else []
        except CalamineError:
            _exact(path, sheet, part, scan)
            raise
        given = _fill(sheet, grid, found.start or (0, 0), scan, cache) if grid or scan.marked else 0
        errors = sum(1 for cell in scan.marked.values() if cell.kind is ERROR)
        if given != scan.values + scan.inline - errors:
            _exact(path, sheet, part, scan)
    finally:
        if collecting:
            gc.enable()


def _exact(path: str, sheet: Sheet, part: str, scan: SheetScan) -> None:
    """Read the sheet's part again token by token; raise the error naming the cell for any damage found."""
    with zipfile.ZipFile(path) as archive:
        try:
            exact_scan(Workbook(archive, sheet.file), part, scan.max_row, scan.max_column)
        except Damaged as exc:
            raise damaged_error(sheet, exc) from exc
