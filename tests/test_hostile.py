"""Malformed and hostile inputs (SPEC §2 exit codes and safe writing, §3.4 safety), each generated in tmp_path.

Every case first puts a real previous output at OUT (the bundled sample, built once for the module through the
command line), then runs `scorecard-xl build INPUT... -o OUT --force` (or the output-side variant the case is
about) and asserts: exit 2; exactly one stderr line, `error: <the file>...`, naming the problem; no traceback;
and nothing on disk changed: the input's bytes, OUT's bytes, and no file added anywhere under the test's
folder (no temporary output left behind, no zip entry extracted).

HOSTILE_CASES lists the in-process cases; SEPARATE_CASES names the few that need their own test (a read-only
folder, a template alias bomb run in a subprocess because it may hang, odd zip paths beside a real workbook).
Together with tests/test_input_errors.py's ERROR_CASES they are counted in `test_case_count`.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from .conftest import SAMPLE
from .support.cli import run_cli, tree
from .support.workbooks import SheetSpec, month_workbook, write_workbook
from .support.zips import (
    NS_MAIN,
    basic_rows,
    number,
    ole_file,
    patch_zip_headers,
    raw_workbook,
    raw_workbook_parts,
    sheet_xml,
    stream_part,
    workbook_rels,
    workbook_xml,
    zip_of,
)
from .test_input_errors import ERROR_CASES

_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_LOL = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


class Run(NamedTuple):
    """What to run: the EXTRACT arguments, and the output when it is not the prepared OUT."""

    inputs: list[Path | str]
    output: Path | None = None
    force: bool = True
    names: Path | str | None = None  # what the message must start with; default the first input or the output


class Hostile(NamedTuple):
    """`make(folder, out)` writes the hostile input in `folder` (OUT already holds a previous output)."""

    id: str
    make: Callable[[Path, Path], Run]
    what: str  # regex the message must match


def _file(name: str, data: bytes) -> Callable[[Path, Path], Run]:
    def make(folder: Path, out: Path) -> Run:
        path = folder / name
        path.write_bytes(data)
        return Run([path])

    return make


def _with(build: Callable[[Path], Path]) -> Callable[[Path, Path], Run]:
    def make(folder: Path, out: Path) -> Run:
        return Run([build(folder)])

    return make


def _xls(name: str) -> Callable[[Path, Path], Run]:
    return _with(lambda folder: ole_file(folder / name))


def _encrypted_ole(folder: Path) -> Path:
    # What Excel writes for a password-protected .xlsx: an OLE file with EncryptionInfo and EncryptedPackage.
    return ole_file(folder / "protected.xlsx", ("EncryptionInfo", "EncryptedPackage"))


def _encrypted_flag(folder: Path) -> Path:
    path = raw_workbook(folder / "flagged.xlsx")
    return patch_zip_headers(path, "xl/worksheets/sheet1.xml", flag_bits=0x1)


def _ods(name: str) -> Callable[[Path, Path], Run]:
    return _with(
        lambda folder: zip_of(
            folder / name,
            {
                "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                "META-INF/manifest.xml": "<manifest/>",
                "content.xml": "<office:document-content/>",
            },
            compression=zipfile.ZIP_STORED,
        )
    )


def _truncated(folder: Path) -> Path:
    data = SAMPLE.read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _docx(folder: Path) -> Path:
    return zip_of(
        folder / "report.xlsx",
        {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": "<w:document/>"},
    )


def _billion_laughs(folder: Path) -> Path:
    sst = _LOL + f'<sst xmlns="{NS_MAIN}"><si><t>&lol9;</t></si></sst>'
    return raw_workbook(folder / "laughs.xlsx", shared_strings=sst)


def _external_entity(folder: Path) -> Path:
    doctype = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    sheet = sheet_xml(basic_rows('<c r="B2" t="inlineStr"><is><t>&x;</t></is></c>'), doctype=doctype)
    return raw_workbook(folder / "xxe.xlsx", sheet=sheet)


def _dtd_only(folder: Path) -> Path:
    body = workbook_xml().split("\n", 1)[1]
    return raw_workbook(folder / "dtd.xlsx", workbook='<?xml version="1.0"?>\n<!DOCTYPE workbook>' + body)


def _entity_in_rels(folder: Path) -> Path:
    body = workbook_rels(shared_strings=False).split("\n", 1)[1]
    return raw_workbook(folder / "rels.xlsx", rels='<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "b">]>' + body)


def _sst_too_big(folder: Path) -> Path:
    # 40 MB of real shared strings in about 260 KB: refused on the central directory, past the 100:1 ratio bound.
    parts = raw_workbook_parts(shared_strings="")
    del parts["xl/sharedStrings.xml"]
    head = _XML + f'<sst xmlns="{NS_MAIN}">'.encode()
    return stream_part(
        folder / "sst40.xlsx", "xl/sharedStrings.xml", head, b"<si><t>lol</t></si>", 40 << 20, b"</sst>", others=parts
    )


def _sst_declared_huge(folder: Path) -> Path:
    # A small part whose zip headers declare 3 GB: refused on the declaration, before a byte is read.
    path = raw_workbook(folder / "declared.xlsx", shared_strings=f'<sst xmlns="{NS_MAIN}"><si><t>a</t></si></sst>')
    return patch_zip_headers(path, "xl/sharedStrings.xml", file_size=3 << 30)


def _part_lies_small(folder: Path) -> Path:
    # A 40 MB sheet whose zip headers claim 1,000 bytes: it must not be read past what it declares.
    sheet = _XML + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'.encode() + b"<row/>" * (7 << 20)
    path = zip_of(folder / "liar.xlsx", {**raw_workbook_parts(), "xl/worksheets/sheet1.xml": sheet})
    return patch_zip_headers(path, "xl/worksheets/sheet1.xml", file_size=1000)


def _total_too_big(folder: Path) -> Path:
    # Nine parts declaring 30 MiB each: each under the part bound, together past the 256 MiB workbook bound.
    parts = raw_workbook_parts()
    names = [f"xl/media/pad{i}.xml" for i in range(9)]
    path = zip_of(folder / "total.xlsx", {**parts, **dict.fromkeys(names, "<x/>")})
    for name in names:
        patch_zip_headers(path, name, file_size=30 << 20)
    return path


def _sst_lies_small(folder: Path) -> Path:
    # 8 MB of shared strings whose zip headers claim 1,000 bytes, with the CRC-32 of those 1,000: python-calamine
    # (which reads the shared strings, not this tool) must stop at the declared size; 0.9.1 does, and says so.
    sst = _XML + f'<sst xmlns="{NS_MAIN}">'.encode() + b"<si><t>lol</t></si>" * (400_000) + b"</sst>"
    parts = raw_workbook_parts(sheet=sheet_xml(basic_rows('<c r="B2" t="s"><v>0</v></c>')), shared_strings="")
    path = zip_of(folder / "sst_liar.xlsx", {**parts, "xl/sharedStrings.xml": sst})
    patch_zip_headers(path, "xl/sharedStrings.xml", file_size=1000)
    return _patch_crc(path, "xl/sharedStrings.xml", zlib.crc32(sst[:1000]))


def _patch_crc(path: Path, name: str, crc: int) -> Path:
    """Overwrite an entry's CRC-32 in its local header and in the central directory (a liar's CRC fits its lie)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode("utf-8")
    for signature, name_length_at, name_at, crc_at in ((b"PK\x03\x04", 26, 30, 14), (b"PK\x01\x02", 28, 46, 16)):
        for match in re.finditer(re.escape(signature), data):
            at = match.start()
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if bytes(data[at + name_at : at + name_at + length]) == encoded:
                struct.pack_into("<I", data, at + crc_at, crc)
    path.write_bytes(bytes(data))
    return path


def _huge_dimension(folder: Path) -> Path:
    return raw_workbook(folder / "dimension.xlsx", sheet=sheet_xml(basic_rows(), dimension="A1:A1000000"))


def test_a_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    """A sheet declaring a million rows over a few real ones is read by what is really there (a declared
    dimension must not be trusted either way)."""
    path = _huge_dimension(tmp_path)
    code, out, err = run_cli(["validate", path, "--period", "2016-09"])
    assert code in (0, 1), err
    assert "1,000,000" not in err + out


def _million_rows_compact(folder: Path) -> Path:
    # A million `<row><c><v>1</v></c></row>` with no row numbers: 27 MB in 160 KB, past the ratio bound.
    parts = raw_workbook_parts()
    del parts["xl/worksheets/sheet1.xml"]
    head = _XML + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'.encode()
    return stream_part(
        folder / "rows.xlsx",
        "xl/worksheets/sheet1.xml",
        head,
        b"<row><c><v>1</v></c></row>",
        27_000_000,
        b"</sheetData></worksheet>",
        others=parts,
    )


def _million_rows_numbered(folder: Path) -> Path:
    parts = raw_workbook_parts()
    parts["xl/worksheets/sheet1.xml"] = (
        _XML
        + f'<worksheet xmlns="{NS_MAIN}"><sheetData>'.encode()
        + b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 1_000_001))
        + b"</sheetData></worksheet>"
    )
    return zip_of(folder / "rows_numbered.xlsx", parts)


def _bad_sheet(name: str, value_cell: str) -> Callable[[Path, Path], Run]:
    return _with(lambda folder: raw_workbook(folder / name, sheet=sheet_xml(basic_rows(value_cell))))


def _row_number_huge(folder: Path) -> Path:
    sheet = sheet_xml(basic_rows()).replace('<row r="2">', '<row r="99999999999">')
    return raw_workbook(folder / "row_number.xlsx", sheet=sheet)


def _bad_sst_index(folder: Path) -> Path:
    return raw_workbook(
        folder / "sst_index.xlsx",
        sheet=sheet_xml(basic_rows('<c r="B2" t="s"><v>999</v></c>')),
        shared_strings=f'<sst xmlns="{NS_MAIN}"><si><t>a</t></si></sst>',
    )


def _digits_400(folder: Path) -> Path:
    # Text of 400 nines is a "number" too large for a float: it must be refused at its cell, not become inf.
    return month_workbook(folder / "digits.xlsx", [["CS13", "9" * 400]])


def _overflowing_ratio(folder: Path) -> Path:
    # Value empty, so the figure is numerator / denominator: 1e308 / 1e-300 overflows to inf.
    return month_workbook(folder / "ratio.xlsx", [["CS13", None, 1e308, 1e-300]])


def _overflowing_year_to_date(folder: Path) -> Path:
    # CS37 is summed from April. A monthly figure past the reader's bound (1e12) is refused at its cell, so no
    # year-to-date sum can overflow; here one month of six holds 1e308.
    months = ["Apr 2016", "May 2016", "Jun 2016", "Jul 2016", "Aug 2016", "Sep 2016"]
    figures = [1e308 if m == "Jun 2016" else 2 for m in months]
    return write_workbook(
        folder / "ytd.xlsx", [SheetSpec(m, [["CS37", f]]) for m, f in zip(months, figures, strict=True)]
    )


def _no_sheets(folder: Path) -> Path:
    return raw_workbook(folder / "no_sheets.xlsx", workbook=f'<workbook xmlns="{NS_MAIN}"><sheets/></workbook>')


def _missing_sheet_part(folder: Path) -> Path:
    return raw_workbook(folder / "lost_sheet.xlsx", rels=workbook_rels(["worksheets/nothere.xml"], False))


def _odd_paths_only(folder: Path) -> Path:
    # Entries that would land outside the folder if anything extracted them; the test's tree check sees any.
    return zip_of(
        folder / "odd_paths.xlsx",
        {
            "../../evil.xml": "<x/>",
            "../../../evil_up.xml": "<x/>",
            str(folder.parent / "absolute_evil.xml"): "<x/>",
            "..\\..\\evil_backslash.xml": "<x/>",
        },
    )


def _fifo(folder: Path, out: Path) -> Run:
    path = folder / "pipe.xlsx"
    os.mkfifo(path)
    return Run([path])


def _empty_folder(folder: Path, out: Path) -> Run:
    (folder / "extracts").mkdir()
    (folder / "extracts" / "notes.txt").write_text("figures to follow\n")
    (folder / "extracts" / "~$kpis.xlsx").write_bytes(b"\x00lock")
    return Run([folder / "extracts"])


def _missing_path(folder: Path, out: Path) -> Run:
    return Run([folder / "no_such_extract.xlsx"])


def _big_csv(folder: Path) -> Path:
    path = folder / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"Measure,Month,Value\n")
        block = b"CS13,Sep 2016,5\n" * 65536
        while handle.tell() <= 33 << 20:
            handle.write(block)
    return path


def _csv_long_field(folder: Path) -> Path:
    path = folder / "long_field.csv"
    path.write_text('Measure,Month,Value,Narrative\nCS13,Sep 2016,5,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    return path


def _sample_copy(folder: Path, name: str = "extract.xlsx") -> Path:
    path = folder / name
    shutil.copyfile(SAMPLE, path)
    return path


def _output_is_input(folder: Path, out: Path) -> Run:
    path = _sample_copy(folder)
    return Run([path], output=path)


def _no_force(folder: Path, out: Path) -> Run:
    return Run([_sample_copy(folder)], force=False, names=out)


def _lock_file(folder: Path, out: Path) -> Run:
    (out.parent / f"~${out.name}").write_bytes(b"\x0bsomeone" + b"\x00" * 40)
    return Run([_sample_copy(folder)], names=out)


def _missing_out_folder(folder: Path, out: Path) -> Run:
    target = out.parent / "not_made_yet" / "appendix1.xlsx"
    return Run([_sample_copy(folder)], output=target)


def _out_under_a_file(folder: Path, out: Path) -> Run:
    return Run([_sample_copy(folder)], output=out / "appendix1.xlsx")


def _out_is_a_folder(folder: Path, out: Path) -> Run:
    target = out.parent / "folder.xlsx"
    target.mkdir()
    return Run([_sample_copy(folder)], output=target)


def _out_not_xlsx(folder: Path, out: Path) -> Run:
    return Run([_sample_copy(folder)], output=out.parent / "appendix1.csv")


HOSTILE_CASES = [
    # not a zip workbook at all
    Hostile("xls", _xls("old.xls"), r"old \.xls"),
    Hostile("xls-renamed-xlsx", _xls("old_renamed.xlsx"), r"old \.xls"),
    Hostile("ods", _ods("calc.ods"), r"OpenDocument"),
    Hostile("ods-renamed-xlsx", _ods("calc_renamed.xlsx"), r"OpenDocument spreadsheet"),
    Hostile("csv-renamed-xlsx", _file("kpis.xlsx", b"Measure,Month,Value\nCS13,Sep 2016,5\n"), r"CSV"),
    Hostile(
        "png-renamed-xlsx", _file("chart.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300)), r"not a workbook"
    ),
    Hostile(
        "pdf-renamed-xlsx",
        _file("report.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256))),
        r"not a workbook",
    ),
    Hostile("zero-byte-xlsx", _file("empty.xlsx", b""), r"empty"),
    Hostile("zero-byte-csv", _file("empty.csv", b""), r"empty"),
    Hostile("xlsx-renamed-csv", _file("kpis.csv", SAMPLE.read_bytes()), r"zip file"),
    Hostile("binary-renamed-csv", _file("blob.csv", bytes(range(256)) * 8), r"not text"),
    Hostile("truncated-xlsx", _with(_truncated), r"damaged"),
    Hostile("zip-without-workbook", _with(lambda f: zip_of(f / "bundle.xlsx", {"readme.txt": "hi"})), r"no workbook"),
    Hostile("docx-renamed-xlsx", _with(_docx), r"Word document"),
    Hostile("password-protected-ole", _with(_encrypted_ole), r"password-protected"),
    Hostile("password-protected-zip-flag", _with(_encrypted_flag), r"password-protected"),
    # XML tricks
    Hostile("billion-laughs-shared-strings", _with(_billion_laughs), r"entities|DTD"),
    Hostile("external-entity-in-sheet", _with(_external_entity), r"entities|DTD"),
    Hostile("doctype-in-workbook", _with(_dtd_only), r"DTD"),
    Hostile("entity-in-relationships", _with(_entity_in_rels), r"entities"),
    # sizes
    Hostile("shared-strings-past-bound", _with(_sst_too_big), r"past the 100:1 compression bound"),
    Hostile("shared-strings-lie-about-size", _with(_sst_lies_small), r"damaged.*larger than its declared"),
    Hostile("shared-strings-declared-3gb", _with(_sst_declared_huge), r"past the [\d,]+-byte bound"),
    Hostile("part-lies-about-its-size", _with(_part_lies_small), r"damaged|past the [\d,]+-byte bound"),
    Hostile("parts-together-past-bound", _with(_total_too_big), r"past the [\d,]+-byte bound"),
    Hostile("million-rows-compact", _with(_million_rows_compact), r"past the 100:1 compression bound"),
    Hostile("million-rows-numbered", _with(_million_rows_numbered), r"rows|past the [\d,]+-byte bound"),
    Hostile("row-number-99999999999", _with(_row_number_huge), r"rows"),
    Hostile("csv-past-bound", _with(_big_csv), r"past the [\d,]+-byte bound"),
    Hostile("csv-field-past-limit", _with(_csv_long_field), r"longer than 131,072 characters"),
    # damaged parts
    Hostile(
        "malformed-workbook-xml",
        _with(lambda f: raw_workbook(f / "bad.xlsx", workbook="<workbook><sheets>")),
        r"damaged",
    ),
    Hostile(
        "binary-sheet-part", _with(lambda f: raw_workbook(f / "junk.xlsx", sheet=bytes(range(256)) * 8)), r"damaged"
    ),
    Hostile(
        "utf7-sheet-part",
        _with(lambda f: raw_workbook(f / "utf7.xlsx", sheet='<?xml version="1.0" encoding="UTF-7"?><worksheet/>')),
        r"damaged",
    ),
    Hostile("shared-string-index-999", _with(_bad_sst_index), r"damaged"),
    Hostile("cell-ref-garbage", _bad_sheet("ref.xlsx", '<c r="!!"><v>1</v></c>'), r"damaged"),
    Hostile("column-past-xfd", _bad_sheet("xfe.xlsx", '<c r="XFE2"><v>1</v></c>'), r"damaged|column"),
    Hostile("number-cell-holding-text", _bad_sheet("abc.xlsx", number("B2", "abc")), r"Sep 2016!B2: holds the text"),
    Hostile("number-cell-nan", _bad_sheet("nan.xlsx", number("B2", "NaN")), r"Sep 2016!B2: .*not a finite number"),
    Hostile("number-cell-1e999", _bad_sheet("inf.xlsx", number("B2", "1e999")), r"Sep 2016!B2: .*not a finite number"),
    Hostile("text-of-400-digits", _with(_digits_400), r"Sep 2016!B2: .*(finite|too large|number)"),
    Hostile("ratio-overflows", _with(_overflowing_ratio), r"Sep 2016![BCD]2: .*(finite|too large|number)"),
    Hostile("year-to-date-sum-overflows", _with(_overflowing_year_to_date), r"Jun 2016!B2: holds 1e\+308, too large"),
    Hostile("workbook-without-sheets", _with(_no_sheets), r"sheet|figure"),
    Hostile("sheet-part-missing", _with(_missing_sheet_part), r"sheet|damaged|figure"),
    Hostile("zip-odd-paths-only", _with(_odd_paths_only), r"no workbook"),
    # names and paths
    Hostile("extension-txt", _file("kpis.txt", b"Measure,Value\nCS13,5\n"), r"\.txt are not read"),
    Hostile("extension-json", _file("kpis.json", b'{"CS13": 5}'), r"\.json are not read"),
    Hostile("fifo-named-xlsx", _fifo, r"not a file"),
    Hostile("folder-without-extracts", _empty_folder, r"holds no"),
    Hostile("path-does-not-exist", _missing_path, r"no such file"),
    # outputs
    Hostile("output-is-an-input", _output_is_input, r"is an input"),
    Hostile("existing-output-without-force", _no_force, r"already exists.*--force"),
    Hostile("excel-lock-file-beside-output", _lock_file, r"open in Excel"),
    Hostile("output-folder-missing", _missing_out_folder, r"does not exist"),
    Hostile("output-under-a-file", _out_under_a_file, r"does not exist|not a folder"),
    Hostile("output-is-a-folder", _out_is_a_folder, r"is a folder"),
    Hostile("output-not-xlsx", _out_not_xlsx, r"must be an \.xlsx"),
]
SEPARATE_CASES = ["output-folder-read-only", "template-yaml-alias-bomb", "odd-zip-paths-beside-a-workbook"]


def test_case_count() -> None:
    ids = [c.id for c in HOSTILE_CASES] + SEPARATE_CASES + [c.id for c in ERROR_CASES]
    assert len(ids) == len(set(ids))
    assert len(HOSTILE_CASES) + len(SEPARATE_CASES) >= 40
    assert len(ids) >= 40


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real Appendix 1, built from the bundled sample through the command line."""
    out = tmp_path_factory.mktemp("previous") / "appendix1.xlsx"
    code, _, stderr = run_cli(["build", SAMPLE, "--period", "2016-09", "-o", out])
    assert code == 0, stderr
    return out.read_bytes()


def _check(code: int, stdout: str, stderr: str, names: Path | str | None, what: str) -> str:
    assert code == 2, f"exit {code}:\n{stderr}"
    assert "Traceback" not in stdout + stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{stderr}"
    line = lines[0]
    prefix = f"error: {names}" if names is not None else "error: "
    assert line.startswith(prefix), f"does not start {prefix!r}:\n{line}"
    assert re.search(what, line), f"does not say {what!r}:\n{line}"
    assert "internal error" not in line
    return line


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=[c.id for c in HOSTILE_CASES])
def test_hostile_input_is_refused_and_nothing_changes(
    case: Hostile, tmp_path: Path, previous_output: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    out = tmp_path / "out" / "appendix1.xlsx"
    out.parent.mkdir()
    out.write_bytes(previous_output)
    cwd = tmp_path / "cwd" / "a" / "b"  # `../../x` from here stays inside tmp_path, where the tree check sees it
    cwd.mkdir(parents=True)
    monkeypatch.chdir(cwd)
    run = case.make(folder, out)
    output = run.output or out
    before = tree(tmp_path)

    argv = ["build", *run.inputs, "-o", output] + (["--force"] if run.force else [])
    code, stdout, stderr = run_cli(argv)

    names = (
        run.names
        if run.names is not None
        else (run.output if run.output and run.output != run.inputs[0] else run.inputs[0])
    )
    _check(code, stdout, stderr, names, case.what)
    assert tree(tmp_path) == before, "something on disk changed"
    assert out.read_bytes() == previous_output


def test_output_folder_read_only(tmp_path: Path, previous_output: bytes) -> None:
    """A folder that cannot be written: exit 2 naming the output, the previous output left as it was.

    chmod 0o555 stops everyone but root; as root (as in CI containers) the test writes instead to a folder
    that refuses even root (/sys or /proc), or, failing those, under a path whose "folder" is a file.
    """
    extract = _sample_copy(tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "appendix1.xlsx"
    out.write_bytes(previous_output)
    folder.chmod(0o555)
    try:
        try:
            probe = tempfile.NamedTemporaryFile(dir=folder)  # noqa: SIM115
        except OSError:
            probe = None
        if probe is None:  # chmod works: the real case
            before = tree(tmp_path)
            code, stdout, stderr = run_cli(["build", extract, "-o", out, "--force"])
            _check(code, stdout, stderr, out, r"read-only|cannot write")
            assert tree(tmp_path) == before
            assert out.read_bytes() == previous_output
            return
        probe.close()
        for candidate in (Path("/sys"), Path("/proc")):
            try:
                tempfile.NamedTemporaryFile(dir=candidate).close()
            except OSError:
                target = candidate / "appendix1.xlsx"
                code, stdout, stderr = run_cli(["build", extract, "-o", target, "--force"])
                _check(code, stdout, stderr, target, r"read-only|cannot write")
                assert not target.exists()
                break
        else:
            target = out / "appendix1.xlsx"
            code, stdout, stderr = run_cli(["build", extract, "-o", target, "--force"])
            _check(code, stdout, stderr, target, r"does not exist|not a folder")
        assert out.read_bytes() == previous_output
    finally:
        folder.chmod(0o755)


def test_odd_zip_paths_beside_a_workbook_extract_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A readable workbook that also carries `../` and absolute entries: they are never written anywhere.

    The SPEC does not say whether such a workbook is refused or read; either is fine, with a clean outcome,
    and nothing may appear outside (or inside) the folders.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    cwd = tmp_path / "cwd" / "a" / "b"
    cwd.mkdir(parents=True)
    monkeypatch.chdir(cwd)
    parts = raw_workbook_parts()
    parts["../../evil.xml"] = "<x/>"
    parts[str(tmp_path / "absolute_evil.xml")] = "<x/>"
    parts["xl/../../../evil_normalised.xml"] = "<x/>"
    path = zip_of(folder / "odd.xlsx", parts)
    out = tmp_path / "out.xlsx"
    before = tree(tmp_path)
    code, stdout, stderr = run_cli(["build", path, "--period", "2016-09", "-o", out])
    assert "Traceback" not in stdout + stderr
    assert code in (0, 2), stderr
    after = tree(tmp_path)
    added = set(after) - set(before)
    assert added <= {"out.xlsx"}, added
    assert (code == 0) == ("out.xlsx" in added)
    assert after[str(path.relative_to(tmp_path))] == before[str(path.relative_to(tmp_path))]
    for name in ("evil.xml", "absolute_evil.xml", "evil_normalised.xml"):
        assert not list(tmp_path.parent.glob(name))
    if code == 2:
        _check(code, stdout, stderr, path, r".")


_ALIAS_BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9 if i else ['"lol"'] * 9) + "]\n"
    for i in range(10)
)


def test_template_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    """A 'billion laughs' of YAML aliases given as --template: refused, not expanded.

    Run in a subprocess under a 1 GB address-space cap, so a blow-up fails this test; a 60 s timeout only keeps
    a hang from stalling the suite (no wall-clock time is asserted).
    """
    template = tmp_path / "bomb.yaml"
    template.write_text(_ALIAS_BOMB, encoding="utf-8")
    extract = _sample_copy(tmp_path)
    out = tmp_path / "out.xlsx"
    script = "import sys; from scorecard_xl.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = [sys.executable, "-c", script, "build", str(extract), "--template", str(template), "-o", str(out)]

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    start = time.monotonic()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, preexec_fn=limit, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the YAML alias bomb was still being read after {time.monotonic() - start:.0f} s")
    _check(done.returncode, done.stdout, done.stderr, template, r"alias|anchor|too (large|big|many)|refused")
    assert not out.exists()
