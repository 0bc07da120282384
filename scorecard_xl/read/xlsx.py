"""Read an .xlsx/.xlsm workbook's sheets into grids, safely: bounded sizes, no entities, no macros, read-only.

Hand-written over the Open XML parts rather than through openpyxl because one streaming pass must tell apart
what openpyxl folds together (a formula with no cached value and an empty cell; a percent format), and must
stop a decompression or row bomb before it is read whole. XML goes through defusedxml with DTDs forbidden.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import InputError
from ..model import Location, Problem
from .grid import BOOL, DATE, ERROR, NO_VALUE, NUMBER, TEXT, Cell, Sheet, parse_ref

BUILT_BY = "Built by scorecard-xl"  # the writer puts this in every scorecard's document comments
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_ROWS = 65_536
MAX_COLUMNS = 1_000  # ten years of months in the wide shape is 121
MAX_SHARED_STRINGS = 1_000_000

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = "{" + _NS_MAIN + "}"
_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_PERCENT_IDS = {9, 10}
_EXTERNAL_REF = re.compile(r"\[\d+\]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAX_CELLS = 200_000  # per workbook: an extract of KPI figures holds a few thousand


def _unescape(text: str) -> str:
    """Decode Open XML's `_xHHHH_` escapes (how control characters are stored in a workbook's strings)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _TooBig(Exception):
    pass


class _BoundedStream:
    """A read-only stream over a zip member that fails once more than `limit` bytes come out of it."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(65536 if size is None or size < 0 else min(size, 65536))
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
    return InputError(Problem.error(code, Location(file=file, sheet=sheet), message, hint))


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, file: str) -> None:
        self.archive = archive
        self.file = file
        self.names = {info.filename: info for info in archive.infolist()}
        self.cells = 0

    def check_sizes(self) -> None:
        total = 0
        for info in self.names.values():
            if info.flag_bits & 0x1:
                raise _fail(self.file, "the workbook is password-protected", "save an unprotected copy", "encrypted")
            if info.file_size > MAX_PART_BYTES and info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                raise _fail(
                    self.file,
                    f"part {info.filename} would decompress to {info.file_size:,} bytes, past the "
                    f"{MAX_PART_BYTES:,}-byte bound for an extract",
                    "check the file; an extract of KPI figures is far smaller",
                    "too-large",
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _fail(
                self.file,
                f"the workbook would decompress to {total:,} bytes, past the {MAX_TOTAL_BYTES:,}-byte bound",
                "check the file; an extract of KPI figures is far smaller",
                "too-large",
            )

    def parse(self, name: str) -> Element:
        if name not in self.names:
            raise _fail(self.file, f"the workbook has no part {name}", "re-save it from Excel", "corrupt")
        with self.archive.open(self.names[name]) as raw:
            data = _BoundedStream(raw, MAX_PART_BYTES)
            tree = SafeET.parse(data, forbid_dtd=True)
        return tree.getroot()  # type: ignore[no-any-return]

    def iterparse(self, name: str) -> Iterator[tuple[str, Element]]:
        with self.archive.open(self.names[name]) as raw:
            yield from SafeET.iterparse(_BoundedStream(raw, MAX_PART_BYTES), events=("start", "end"), forbid_dtd=True)


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


def _shared_strings(book: _Workbook, path: str | None) -> list[str]:
    if path is None or path not in book.names:
        return []
    strings: list[str] = []
    parts: list[str] = []
    depth_in_rph = 0
    for event, elem in book.iterparse(path):
        tag = elem.tag
        if tag == _M + "rPh":
            depth_in_rph += 1 if event == "start" else -1
        elif event == "end" and tag == _M + "t" and depth_in_rph == 0:
            parts.append(elem.text or "")
        elif event == "end" and tag == _M + "si":
            strings.append(_unescape("".join(parts)))
            parts = []
            elem.clear()
            if len(strings) > MAX_SHARED_STRINGS:
                raise _TooBig
    return strings


def _strip_format(code: str) -> str:
    code = re.sub(r'"[^"]*"', "", code)
    code = re.sub(r"\[[^\]]*\]", "", code)
    return re.sub(r"\\.|_.|\*.", "", code)


def _styles(book: _Workbook, path: str | None) -> list[tuple[bool, bool]]:
    """Per cell style index: (is percent, is date)."""
    if path is None or path not in book.names:
        return []
    root = book.parse(path)
    custom: dict[int, str] = {}
    numfmts = root.find(_M + "numFmts")
    if numfmts is not None:
        for nf in numfmts.findall(_M + "numFmt"):
            try:
                custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "")
            except ValueError:
                continue
    kinds: list[tuple[bool, bool]] = []
    xfs = root.find(_M + "cellXfs")
    for xf in xfs.findall(_M + "xf") if xfs is not None else []:
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
        kinds.append((percent, date))
    return kinds


def _cell(elem: Element, strings: list[str], styles: list[tuple[bool, bool]]) -> Cell | None:
    kind = elem.get("t", "n")
    formula = elem.find(_M + "f")
    v = elem.find(_M + "v")
    text = v.text if v is not None else None
    has_formula = formula is not None
    try:
        style = styles[int(elem.get("s", "0"))] if styles else (False, False)
    except (ValueError, IndexError):
        style = (False, False)
    if kind == "inlineStr":
        is_ = elem.find(_M + "is")
        value = _unescape("".join(t.text or "" for t in is_.iter(_M + "t"))) if is_ is not None else ""
        return Cell(TEXT, value, formula=has_formula) if value != "" else None
    if text is None or (text == "" and kind != "str"):
        return Cell(NO_VALUE, "", formula=True) if has_formula else None
    if kind == "s":
        return Cell(TEXT, strings[int(text)], formula=has_formula)
    if kind in ("str", "inlineStr"):
        return Cell(TEXT, _unescape(text), formula=has_formula) if text != "" else None
    if kind == "b":
        return Cell(BOOL, text.strip() in ("1", "true"), formula=has_formula)
    if kind == "e":
        return Cell(ERROR, text, formula=has_formula)
    if kind == "d":
        return Cell(DATE, text, formula=has_formula)
    number = float(text)
    percent, date = style
    if date:
        return Cell(DATE, number, formula=has_formula)
    return Cell(NUMBER, number, percent=percent, formula=has_formula)


def _read_sheet(book: _Workbook, path: str, sheet: Sheet, strings: list[str], styles: list[tuple[bool, bool]]) -> None:
    row_number = 0
    column = 0
    in_sheet_data = False
    for event, elem in book.iterparse(path):
        tag = elem.tag
        if tag == _M + "sheetData":
            in_sheet_data = event == "start"
            continue
        if event == "start":
            if tag == _M + "row" and in_sheet_data:
                r = elem.get("r")
                row_number = int(r) if r and r.isdigit() else row_number + 1
                column = 0
                if row_number > MAX_ROWS:
                    raise _fail(
                        sheet.file,
                        f"sheet has more than {MAX_ROWS:,} rows",
                        "an extract holds one row per measure and month; check the file",
                        "too-many-rows",
                        sheet.name,
                    )
            elif tag == _M + "dimension":
                _check_dimension(sheet, elem.get("ref", ""))
            continue
        if tag == _M + "c" and in_sheet_data:
            book.cells += 1
            if book.cells > MAX_CELLS:
                raise _fail(
                    sheet.file,
                    f"the workbook has more than {MAX_CELLS:,} cells",
                    "an extract holds one row per measure and month; check the file",
                    "too-many-cells",
                    sheet.name,
                )
            ref = elem.get("r")
            if ref:
                _, column = parse_ref(ref)
            else:
                column += 1
            if column > MAX_COLUMNS:
                raise _fail(
                    sheet.file,
                    f"row {row_number} goes past column {MAX_COLUMNS:,}",
                    "an extract needs a column per figure (or per month in the wide shape); check the file",
                    "too-many-columns",
                    sheet.name,
                )
            cell = _cell(elem, strings, styles)
            if cell is not None:
                sheet.rows.setdefault(row_number, {})[column] = cell
                if cell.formula:
                    sheet.formulas += 1
                    f = elem.find(_M + "f")
                    if f is not None and f.text and _EXTERNAL_REF.search(f.text):
                        sheet.external_formulas += 1
            elem.clear()
        elif tag == _M + "row":
            elem.clear()


def _check_dimension(sheet: Sheet, ref: str) -> None:
    last = ref.split(":")[-1]
    try:
        rows, _ = parse_ref(last)
    except ValueError:
        return
    if rows > MAX_ROWS:
        raise _fail(
            sheet.file,
            f"sheet declares {rows:,} rows, more than the {MAX_ROWS:,} an extract may hold",
            "an extract holds one row per measure and month; check the file",
            "too-many-rows",
            sheet.name,
        )


def read_workbook(path: str, display: str) -> tuple[list[Sheet], WorkbookInfo]:
    """Every worksheet of the workbook at `path` as a Sheet, in workbook order, with workbook flags.

    Promises: reads the file only; refuses encrypted, oversized and entity-laden files with an InputError
    naming `display`; any damage in the file is an InputError too, never another exception.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            book = _Workbook(archive, display)
            book.check_sizes()
            return _read(book)
    except InputError:
        raise
    except _TooBig as exc:
        raise _fail(
            display,
            f"a part of the workbook decompresses past the {MAX_PART_BYTES:,}-byte bound",
            "check the file; an extract of KPI figures is far smaller",
            "too-large",
        ) from exc
    except DefusedXmlException as exc:
        raise _fail(
            display,
            "the workbook's XML declares entities or a DTD, which are refused",
            "re-save it from Excel",
            "xml-entities",
        ) from exc
    except RuntimeError as exc:
        if "encrypted" in str(exc) or "password" in str(exc):
            raise _fail(display, "the workbook is password-protected", "save an unprotected copy", "encrypted") from exc
        raise _fail(display, f"the workbook is damaged ({exc})", "re-save it from Excel", "corrupt") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError, IndexError,
            NotImplementedError, SyntaxError, TypeError, AttributeError) as exc:  # fmt: skip
        raise _fail(
            display, f"the workbook is damaged ({type(exc).__name__})", "re-save it from Excel", "corrupt"
        ) from exc
    except Exception as exc:  # zlib.error and other decompression faults
        raise _fail(
            display, f"the workbook is damaged ({type(exc).__name__})", "re-save it from Excel", "corrupt"
        ) from exc


def _read(book: _Workbook) -> tuple[list[Sheet], WorkbookInfo]:
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
    strings = _shared_strings(book, by_type.get("sharedStrings"))
    styles = _styles(book, by_type.get("styles"))
    calc = root.find(_M + "calcPr")
    info = WorkbookInfo(
        recalc_on_load=calc is not None and calc.get("fullCalcOnLoad") in ("1", "true"),
        has_external_links=any(n.startswith("xl/externalLinks/") for n in book.names),
    )
    sheets: list[Sheet] = []
    sheets_elem = root.find(_M + "sheets")
    for s in sheets_elem.findall(_M + "sheet") if sheets_elem is not None else []:
        name = s.get("name", "")
        target = rels.get(s.get("{" + _NS_REL + "}id", ""), "")
        sheet = Sheet(book.file, name, hidden=s.get("state", "visible") != "visible")
        if target in book.names and "worksheets/" in target:
            _read_sheet(book, target, sheet, strings, styles)
        elif target not in book.names and not any(
            k in target for k in ("chartsheets/", "dialogsheets/", "macrosheets/")
        ):
            raise _fail(
                book.file, f"the part for sheet {name!r} is missing", "re-save the workbook from Excel", "corrupt"
            )
        sheets.append(sheet)  # a chart or dialog sheet is kept empty, so that it is listed as skipped
    return sheets, info


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
