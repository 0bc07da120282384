"""A workbook's zip and small parts, checked before anything is inflated: members, sizes, ratio, relationships."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ...errors import InputError
from ...model import BUILT_BY, Location, Problem

MAX_ENTRIES = 2_000
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 100  # inflated : compressed, for members over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_ROWS = 499_999  # per sheet (and per CSV): a ten-year long extract of 2,000 measures has 240,001
MAX_COLUMNS = 1_000  # ten years of months in the wide shape is 121
MAX_CELLS = 5_000_000  # per workbook, and per sheet for the grid calamine builds from A1 to its last cell
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN = "{" + NS_MAIN + "}"
_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_PERCENT_IDS = {9, 10}
CHUNK = 1024 * 1024
TOO_BIG = "check the file; an extract of KPI figures is far smaller"
ROWS_HINT = "an extract holds one row per measure and month; check the file"


class TooBig(Exception):
    pass


class _BoundedStream:
    """A read-only stream over a zip member that fails once more than `limit` bytes come out of it."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(CHUNK if size is None or size < 0 else min(size, CHUNK))
        self.count += len(chunk)
        if self.count > self.limit:
            raise TooBig
        return chunk


@dataclass(frozen=True)
class WorkbookInfo:
    """What the workbook says about itself that matters to trust in its figures."""

    recalc_on_load: bool
    has_external_links: bool
    built_by_us: bool = False


def fail(file: str, message: str, hint: str = "", code: str = "unreadable", sheet: str | None = None) -> InputError:
    return InputError(Problem.error(code, Location(file=file, sheet=sheet), message, hint))


def utf8_head(head: bytes) -> bytes:
    """The start of a part, refused unless it is UTF-8 (byte patterns could not see through another encoding)."""
    declared = re.match(rb"""(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""", head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        declared and declared.group(1).lower() not in (b"utf-8", b"utf8")
    ):
        raise ValueError("a part not in UTF-8")
    return head


class Workbook:
    def __init__(self, archive: zipfile.ZipFile, file: str) -> None:
        self.archive = archive
        self.file = file
        infos = archive.infolist()
        self.names = {info.filename: info for info in infos}
        if len(infos) > MAX_ENTRIES:
            raise fail(file, f"the workbook holds {len(infos):,} parts, more than the {MAX_ENTRIES:,} bound",
                        TOO_BIG, "too-large")  # fmt: skip
        if len(self.names) != len(infos):
            raise fail(file, "the workbook holds two parts of the same name", "re-save it from Excel", "corrupt")

    def check_sizes(self) -> None:
        """Refuse, from the central directory alone, encryption and parts too large or too compressed."""
        for info in self.names.values():
            if info.flag_bits & 0x1:
                raise fail(self.file, "the workbook is password-protected", "save an unprotected copy", "encrypted")
            if info.file_size > MAX_PART_BYTES:
                raise fail(self.file, f"part {info.filename} would decompress to {info.file_size:,} bytes, past the "
                            f"{MAX_PART_BYTES:,}-byte bound for an extract", TOO_BIG, "too-large")  # fmt: skip
        total = sum(info.file_size for info in self.names.values())
        if total > MAX_TOTAL_BYTES:
            raise fail(self.file, f"the workbook would decompress to {total:,} bytes, past the "
                        f"{MAX_TOTAL_BYTES:,}-byte bound", TOO_BIG, "too-large")  # fmt: skip
        for info in self.names.values():
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise fail(self.file, f"part {info.filename} would decompress to {info.file_size:,} bytes from "
                            f"{info.compress_size:,}, past the {MAX_RATIO}:1 compression bound", TOO_BIG,
                            "too-large")  # fmt: skip

    def parse(self, name: str) -> Element:
        if name not in self.names:
            raise fail(self.file, f"the workbook has no part {name}", "re-save it from Excel", "corrupt")
        with self.archive.open(self.names[name]) as raw:
            tree = SafeET.parse(_BoundedStream(raw, MAX_PART_BYTES), forbid_dtd=True)
        return tree.getroot()  # type: ignore[no-any-return]

    def check_prolog(self, name: str) -> None:
        """Refuse a DTD or entity declaration in the shared strings' prolog (calamine expands no entities)."""
        with self.archive.open(self.names[name]) as raw:
            head = utf8_head(raw.read(65536))
        root = re.search(rb"<(?:[A-Za-z_][\w.\-]*:)?[A-Za-z_]", head)
        if b"\x00" in head or b"<!DOCTYPE" in head[: root.start() if root else None] or b"<!ENTITY" in head:
            raise DefusedXmlException("a DTD or an entity declaration")
        self.check_string_count(name, head)

    def check_string_count(self, name: str, head: bytes) -> None:
        """Refuse a shared-strings part that declares more strings than it can hold: python-calamine 0.9.1 reserves
        room for `uniqueCount` strings before it reads one (24 bytes each), so `uniqueCount="99999999999"` aborts
        the process. Each string takes at least `<si/>`, five bytes; a count up to _PLAIN_COUNT is let pass
        whatever the size (a writer's miscount, 24 MB reserved at most). `count` (how many cells use them) is not
        read by calamine and is not checked."""
        size = self.names[name].file_size
        for tag in _SST_TAG.findall(head):
            for _prefix, double, single in _SST_COUNT.findall(tag):
                value = (double or single).strip().lstrip(b"+")
                declared = int(value) if value.isdigit() else 0
                if declared > max(size // 5, _PLAIN_COUNT):
                    raise fail(self.file, f"the shared strings declare {declared:,} strings, more than their "
                               f"{size:,} bytes can hold", "re-save the workbook in Excel", "corrupt")  # fmt: skip


_SST_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sst[\s>/][^>]*")
_SST_COUNT = re.compile(rb"""(?i)([\w.\-]*:)?uniquecount\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PLAIN_COUNT = 1_000_000


def relationships(book: Workbook, part: str) -> tuple[dict[str, str], dict[str, str]]:
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


def styles_of(book: Workbook, path: str | None) -> dict[int, tuple[bool, bool]]:
    """The cell style indexes that mark a percent or a date: index → (is percent, is date)."""
    if path is None or path not in book.names:
        return {}
    root = book.parse(path)
    custom: dict[int, str] = {}
    numfmts = root.find(MAIN + "numFmts")
    for nf in numfmts.findall(MAIN + "numFmt") if numfmts is not None else []:
        try:
            custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "")
        except ValueError:
            continue
    special: dict[int, tuple[bool, bool]] = {}
    xfs = root.find(MAIN + "cellXfs")
    for index, xf in enumerate(xfs.findall(MAIN + "xf") if xfs is not None else []):
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


def built_by_scorecard_xl(book: Workbook) -> bool:
    """True for a workbook this tool wrote (its document comments say so): a scorecard, not an extract."""
    core = book.names.get("docProps/core.xml")
    if core is None or core.file_size > 65536:
        return False
    with book.archive.open(core) as f:
        return BUILT_BY.encode() in f.read(65536)


def what_zip(book: Workbook) -> str:
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
