"""Extracts generated in code for the input tests: month-sheet workbooks, long CSVs, raw zips and hostile parts.

Nothing here is committed as a binary: every workbook a test reads is written into its tmp_path by one of these.

- `write_workbook` / `month_workbook` write month sheets through xlsxwriter from plain rows. A cell is a Python
  value (number, text, bool, date, None for blank) or one of the small wrappers below: `Pct` (a %-formatted
  number), `Fmt` (a number with any number format), `Formula` (with or without a cached value; without one the
  `<v>` element is removed from the saved sheet, as a workbook saved without calculating holds it) and `Text`
  (text of any length: over Excel's 32,767 characters it is written through a placeholder and swapped in after).
- `long_csv` writes the long shape (Measure, Month, Value, ...).
- `zip_of`, `raw_workbook`, `rewrite_zip`, `patch_zip_headers`, `ole_file`, `stream_part` build hostile files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter

HEADER = ("Measure", "Value", "Numerator", "Denominator", "Narrative")
EXCEL_STRING_LIMIT = 32_767
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Pct:
    """A number shown with a percent format (`0%` by default): 0.71 shows as 71%."""

    value: float
    num_format: str = "0%"


@dataclass(frozen=True)
class Fmt:
    """A number with any number format, e.g. `0.0` or `yyyy-mm-dd`."""

    value: float
    num_format: str


@dataclass(frozen=True)
class Formula:
    """A formula cell. `cached` is the saved result (a number, text, bool or an error such as `#DIV/0!`);
    with `cached=None` the saved sheet holds the formula and no result at all."""

    formula: str
    cached: float | str | bool | None = None
    num_format: str | None = None


@dataclass(frozen=True)
class Text:
    """Text written as text whatever it looks like (never a formula or a number), of any length."""

    value: str


@dataclass
class SheetSpec:
    """One sheet: its name, data rows under the header, and where things go.

    `header_row` is the 0-based row of the header (rows above it are blank, apart from the Period label and
    value in row 0 when `period` is given); `header=None` writes no header row at all.
    """

    name: str
    rows: Sequence[Sequence[Any]]
    header: Sequence[str] | None = HEADER
    header_row: int = 0
    period: Any = None
    period_label: str = "Period"
    hidden: bool = False
    above: Sequence[Sequence[Any]] = field(default_factory=list)


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) → A1 reference."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def data_cell(spec: SheetSpec, row_index: int, column: int) -> str:
    """The A1 reference of data row `row_index` (0-based, under the header), column `column` (0-based)."""
    return cell_name(spec.header_row + 1 + row_index, column)


class _Writer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = xlsxwriter.Workbook(str(path))
        self.formats: dict[str, Any] = {}
        self.uncached: list[tuple[int, str]] = []  # (sheet index, cell ref)
        self.long_text: dict[str, str] = {}

    def fmt(self, num_format: str | None) -> Any:
        if num_format is None:
            return None
        if num_format not in self.formats:
            self.formats[num_format] = self.book.add_format({"num_format": num_format})
        return self.formats[num_format]

    def put(self, ws: Any, sheet_index: int, row: int, col: int, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Pct | Fmt):
            ws.write_number(row, col, value.value, self.fmt(value.num_format))
        elif isinstance(value, Formula):
            if value.cached is None:
                ws.write_formula(row, col, value.formula, self.fmt(value.num_format))
                self.uncached.append((sheet_index, cell_name(row, col)))
            else:
                ws.write_formula(row, col, value.formula, self.fmt(value.num_format), value.cached)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value)
        elif isinstance(value, dt.datetime | dt.date):
            ws.write_datetime(row, col, value, self.fmt("yyyy-mm-dd"))
        elif isinstance(value, Text | str):
            text = value.value if isinstance(value, Text) else value
            if len(text) > EXCEL_STRING_LIMIT:
                marker = f"@@LONG{len(self.long_text)}@@"
                self.long_text[marker] = text
                text = marker
            ws.write_string(row, col, text)
        else:
            raise TypeError(f"makers cannot write {value!r}")

    def sheet(self, index: int, spec: SheetSpec) -> None:
        ws = self.book.add_worksheet(spec.name)
        if spec.hidden:
            ws.hide()
        for r, row in enumerate(spec.above):
            for c, value in enumerate(row):
                self.put(ws, index, r, c, value)
        if spec.period is not None:
            self.put(ws, index, 0, 0, spec.period_label)
            self.put(ws, index, 0, 1, spec.period)
        if spec.header is not None:
            for c, title in enumerate(spec.header):
                ws.write_string(spec.header_row, c, title)
        for r, row in enumerate(spec.rows, start=spec.header_row + 1):
            for c, value in enumerate(row):
                self.put(ws, index, r, c, value)

    def close(self, sheets: Sequence[SheetSpec]) -> None:
        if sheets and all(s.hidden for s in sheets):
            raise ValueError("xlsxwriter needs one visible sheet")
        if sheets[0].hidden:
            # xlsxwriter cannot hide the active sheet; make the first visible one active.
            first_visible = next(i for i, s in enumerate(sheets) if not s.hidden)
            self.book.worksheets()[first_visible].activate()
        self.book.close()
        if self.uncached or self.long_text:
            rewrite_zip(self.path, self._post_process)

    def _post_process(self, name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet"):
            index = int(re.findall(r"\d+", name)[-1]) - 1
            text = data.decode("utf-8")
            for sheet_index, ref in self.uncached:
                if sheet_index == index:
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)<v>[^<]*</v>', r"\1\2", text)
                    assert n == 1, f"no formula at {ref}"
            return text.encode("utf-8")
        if name == "xl/sharedStrings.xml" and self.long_text:
            text = data.decode("utf-8")
            for marker, long in self.long_text.items():
                text = text.replace(f">{marker}<", f">{xml_text(long)}<")
            return text.encode("utf-8")
        return data


def xml_text(text: str) -> str:
    """Text escaped for an XML element, control characters written the way Excel does (`_x0001_`)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", escape(text))


def write_workbook(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write the sheets into a workbook at `path` (xlsxwriter, then any post-processing); returns `path`."""
    writer = _Writer(path)
    for index, spec in enumerate(sheets):
        writer.sheet(index, spec)
    writer.close(sheets)
    return path


def month_workbook(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Sep 2016", **options: Any) -> Path:
    """A one-sheet workbook: a month sheet named `sheet` holding `rows` under the header (see SheetSpec)."""
    return write_workbook(path, [SheetSpec(sheet, rows, **options)])


def long_csv(path: Path, rows: Iterable[Sequence[Any]], header: Sequence[str] = ("Measure", "Month", "Value")) -> Path:
    """A CSV in the long shape: the header, then one row per measure and month."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- raw zips and parts --------------------------------------------------------------------------------------

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def workbook_xml(sheet_names: Sequence[str] = ("Sep 2016",)) -> str:
    """xl/workbook.xml naming the sheets rId1, rId2, …"""
    sheets = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheet_names, start=1)
    )
    return f'{_XML}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>{sheets}</sheets></workbook>'


def workbook_rels(sheet_targets: Sequence[str] = ("worksheets/sheet1.xml",), shared_strings: bool = True) -> str:
    """xl/_rels/workbook.xml.rels: the sheets as rId1…, then sharedStrings."""
    rels = [
        f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="{escape(t)}"/>'
        for i, t in enumerate(sheet_targets, start=1)
    ]
    if shared_strings:
        rels.append(f'<Relationship Id="rIdS" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>')
    return (
        _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )


def sheet_xml(rows: Sequence[Sequence[str]], dimension: str | None = None, doctype: str = "") -> str:
    """A worksheet part; `rows` are lists of ready-made `<c>` elements (see `inline`, `number`)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(rows, start=1))
    return f'{_XML}{doctype}<worksheet xmlns="{NS_MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'


def inline(ref: str, text: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def number(ref: str, value: str | float) -> str:
    """A number cell (the value is written as given, so it may be anything)."""
    return f'<c r="{ref}"><v>{value}</v></c>'


def basic_rows(value_cell: str | None = None) -> list[list[str]]:
    """Header Measure | Value and a CS01 row whose value cell is `value_cell` (default 0.71)."""
    return [
        [inline("A1", "Measure"), inline("B1", "Value")],
        [inline("A2", "CS01"), value_cell if value_cell is not None else number("B2", "0.71")],
    ]


def raw_workbook_parts(
    sheet: str | None = None,
    shared_strings: str | None = None,
    sheet_names: Sequence[str] = ("Sep 2016",),
    workbook: str | None = None,
    rels: str | None = None,
) -> dict[str, str | bytes]:
    """The parts of a minimal hand-written workbook: one sheet (default: CS01 = 0.71) and an optional sst."""
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook if workbook is not None else workbook_xml(sheet_names),
        "xl/_rels/workbook.xml.rels": rels
        if rels is not None
        else workbook_rels(shared_strings=shared_strings is not None),
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(basic_rows()),
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return parts


def zip_of(path: Path, entries: Mapping[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip holding exactly `entries` (names written as given, however odd)."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2016, 10, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def raw_workbook(path: Path, **parts: Any) -> Path:
    """A minimal hand-written workbook at `path` (see raw_workbook_parts)."""
    return zip_of(path, raw_workbook_parts(**parts))


def rewrite_zip(path: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Rewrite each entry through `change(name, data)`; returning None drops the entry."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            new = change(info.filename, data)
            if new is not None:
                archive.writestr(info, new)
    return path


def patch_zip_headers(path: Path, name: str, *, flag_bits: int | None = None, file_size: int | None = None) -> Path:
    """Overwrite, in both the local header and the central directory, an entry's flag bits or declared size."""
    data = bytearray(path.read_bytes())
    encoded = name.encode("utf-8")
    hits = 0
    for match in re.finditer(re.escape(b"PK\x03\x04"), data):
        at = match.start()
        name_len = struct.unpack_from("<H", data, at + 26)[0]
        if bytes(data[at + 30 : at + 30 + name_len]) == encoded:
            if flag_bits is not None:
                struct.pack_into("<H", data, at + 6, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", data, at + 22, file_size)
            hits += 1
    for match in re.finditer(re.escape(b"PK\x01\x02"), data):
        at = match.start()
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == encoded:
            if flag_bits is not None:
                struct.pack_into("<H", data, at + 8, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", data, at + 24, file_size)
            hits += 1
    assert hits == 2, f"{name}: found {hits} headers"
    path.write_bytes(bytes(data))
    return path


def ole_file(path: Path, stream_names: Sequence[str] = ("Workbook",), size: int = 4096) -> Path:
    """A file that starts like an OLE compound document (.xls, or an encrypted .xlsx), names in UTF-16."""
    body = bytearray(OLE_MAGIC + b"\x00" * 504)
    for stream in stream_names:
        body += stream.encode("utf-16-le") + b"\x00\x00"
    body += bytes((i * 37) % 251 for i in range(max(0, size - len(body))))
    path.write_bytes(bytes(body))
    return path


def stream_part(
    path: Path,
    name: str,
    head: bytes,
    chunk: bytes,
    total: int,
    tail: bytes,
    others: Mapping[str, str | bytes] | None = None,
) -> Path:
    """A zip whose entry `name` is `head`, then `chunk` repeated up to `total` bytes, then `tail`, streamed
    through the compressor so that even a gigabyte part costs little memory to make; `others` go first."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for other, data in (others or {}).items():
            archive.writestr(other, data)
        with archive.open(name, "w", force_zip64=True) as part:
            part.write(head)
            written = len(head)
            block = chunk * max(1, (1 << 20) // len(chunk))
            while written + len(block) <= total:
                part.write(block)
                written += len(block)
            while written + len(chunk) <= total:
                part.write(chunk)
                written += len(chunk)
            part.write(tail)
    return path


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- running the command line and watching the disk ------------------------------------------------------------


def run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    """`scorecard-xl ARGV` in this process: (exit code, stdout, stderr)."""
    import io

    from scorecard_xl.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def tree(root: Path) -> dict[str, str]:
    """Every entry under `root` (recursively) → the SHA-256 of its bytes, `dir`, or `special` (FIFO, socket…),
    so that two snapshots compare equal exactly when nothing was added, removed or changed."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "link:" + str(path.readlink())
        elif path.is_dir():
            found[key] = "dir"
        elif path.is_file():
            found[key] = sha256(path)
        else:
            found[key] = "special"
    return found
