"""Hand-written workbook parts and hostile zips: minimal workbooks, odd entries, lying headers, OLE files, and
parts streamed through the compressor so that even a gigabyte part costs little memory to make."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

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
