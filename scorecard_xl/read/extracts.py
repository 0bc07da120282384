"""Extract files and folders → observations that remember their file, sheet and cell; all problems collected."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..collecting import paused
from ..errors import InputError, UsageError
from ..model import Benchmark, InputFile, Location, Month, Observation, Problem, Template
from .cells.month_labels import file_month
from .cells.period_cells import once_per_measure
from .figures.merge import group_problems, merge_duplicates
from .figures.observe import Pending
from .figures.scales import settle_scales
from .files.csv_file import has_bom, read_csv
from .files.xlsx import read_sheets
from .grid import Sheet, column_letter
from .shapes.recognise import interpret
from .shapes.sheet_result import MeasureIndex, SheetResult, SheetShape

EXTENSIONS = (".xlsx", ".xlsm", ".csv")
MAX_CSV_BYTES = 32 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


@dataclass
class ReadResult:
    """Everything read from the extracts: observations, benchmark overrides, warnings, skipped sheets, inputs."""

    observations: list[Observation] = field(default_factory=list)
    benchmarks: dict[str, dict[str, Benchmark]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    shapes: dict[str, SheetShape] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    comparators: list[Observation] = field(default_factory=list)  # comparator areas' figures, for benchmarks


def extract_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files the given paths name: files as given, folders as their .xlsx/.xlsm/.csv files sorted by name.

    Excel's `~$` lock files and hidden files in a folder are passed over. Raises UsageError for a path that
    does not exist or a folder with no extract in it.
    """
    files: list[Path] = []
    if not paths:
        raise UsageError("no extract given; name an .xlsx, .xlsm or .csv file, or a folder of them")
    for raw in paths:
        path = Path(raw)
        try:
            files.extend(_files_at(path))
        except OSError as exc:
            raise UsageError(f"{exc.filename or path}: cannot be read ({exc.strerror})") from exc
    return files


def _files_at(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith(("~$", "."))
        )
        if not found:
            raise UsageError(f"{path}: the folder holds no .xlsx, .xlsm or .csv extract")
        return found
    if path.is_file():
        return [path]
    if path.exists():
        raise UsageError(f"{path}: not a file or folder")
    raise UsageError(f"{path}: no such file or folder")


def _sniff(path: Path, head: bytes) -> Problem | None:
    """An issue when the file is not what an extract must be, judged by its first bytes and name."""
    name = str(path)
    suffix = path.suffix.lower()
    if not head:
        return Problem.error(
            "empty-file", Location(file=name), "the file is empty (0 bytes)", "export the extract again"
        )
    if head.startswith(_OLE):
        return Problem.error(
            "ole-file",
            Location(file=name),
            "this is a password-protected workbook or an old .xls file, which cannot be read",
            "remove the password, or save it as .xlsx (Excel: File › Save As › Excel Workbook)",
        )
    if suffix in (".xlsx", ".xlsm"):
        if not head.startswith(_ZIP):
            kind = "text (perhaps a CSV)" if _looks_like_text(head) else "not a workbook"
            return Problem.error(
                "not-a-workbook",
                Location(file=name),
                f"this file is {kind}, though it is named {suffix}",
                "save it as .xlsx from Excel, or give a CSV its .csv name",
            )
        return None
    if suffix == ".csv":
        if head.startswith(_ZIP):
            return Problem.error(
                "not-csv",
                Location(file=name),
                "this is a zip file (perhaps a workbook), though it is named .csv",
                "give it its real name (.xlsx)",
            )
        if not _looks_like_text(head):
            return Problem.error(
                "not-csv", Location(file=name), "this file is not text, though it is named .csv", "export the CSV again"
            )
        return None
    if suffix == ".xls":
        return Problem.error(
            "xls", Location(file=name), "old .xls workbooks are not read", "save it as .xlsx (File › Save As)"
        )
    if suffix == ".ods":
        return Problem.error(
            "ods", Location(file=name), "OpenDocument spreadsheets (.ods) are not read", "save it as .xlsx"
        )
    return Problem.error(
        "unsupported",
        Location(file=name),
        f"files named {suffix or '(no extension)'} are not read",
        "give an .xlsx or .xlsm workbook, or a .csv file",
    )


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    if b"\x00" in sample:
        return has_bom(sample)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


class _Scorecard(Exception):
    """The file is a scorecard this tool wrote (kept beside the extracts, say), not an extract."""


def _hidden_columns_used(sheet: Sheet) -> tuple[int, ...]:
    """The hidden columns that hold something, for the warning that names them."""
    if not sheet.hidden_columns:
        return ()
    hidden = set(sheet.hidden_columns)
    return tuple(sorted({column for cells in sheet.rows.values() for column in cells if column in hidden}))


_ROWS_NAMED = 10  # hidden rows named in the warning; more are counted


def _hidden_rows_used(sheet: Sheet) -> tuple[int, ...]:
    """The hidden rows that hold something, for the warning that names them."""
    return tuple(row for row in sheet.hidden_rows if row in sheet.rows)


def _read_file(
    path: Path, data: bytes, index: MeasureIndex, progress: Callable[[str], None] | None = None
) -> tuple[list[Problem], list[tuple[Sheet, SheetResult]]]:
    """The file's own warnings and each sheet read against the template, in order: the sheets are taken one at a
    time and each one's cells are let go once observed (only its name, file, hidden flag and the hidden rows and
    columns that hold something are kept)."""
    display = str(path)
    if path.suffix.lower() == ".csv":
        info, sheets = None, iter([read_csv(data, display)])
    else:
        info, sheets = read_sheets(str(path), display)
        if info.built_by_us:
            raise _Scorecard
    month = file_month(path.name)
    found: list[tuple[Sheet, SheetResult]] = []
    formulas = external = 0
    for number, sheet in enumerate(sheets, start=1):
        if progress is not None and sheet.name is not None:
            progress(f"reading {path.name}: sheet {number}, {sheet.name}")
        formulas += sheet.formulas
        external += sheet.external_formulas
        hidden = _hidden_columns_used(sheet)
        rows = _hidden_rows_used(sheet)
        kept = Sheet(sheet.file, sheet.name, hidden=sheet.hidden, hidden_columns=hidden, hidden_rows=rows)
        found.append((kept, interpret(sheet, index, month)))
        del sheet
    warnings: list[Problem] = []
    if info is not None and formulas and info.recalc_on_load:
        warnings.append(
            Problem.warning(
                "stale-formulas",
                Location(file=display),
                f"{formulas:,} formula cells are read by their saved results, and the workbook asks to be "
                "recalculated on opening, so those results may be stale; open it in Excel, let it calculate, and save",
            )
        )
    if info is not None and (external or (info.has_external_links and formulas)):
        warnings.append(
            Problem.warning(
                "external-links",
                Location(file=display),
                "some formulas take figures from other workbooks (external links); their saved results are "
                "used and the links are not followed",
            )
        )
    return warnings, found


def read_extracts(
    paths: Sequence[str | Path],
    template: Template,
    progress: Callable[[str], None] | None = None,
    *,
    narratives: Mapping[str, Month] | None = None,
) -> ReadResult:
    """Read every extract the paths name against the template's measures.

    `narratives`, when given, names for each measure id the one month whose narrative is kept (the month its
    scorecard shows); other months' narratives are checked but not held, which keeps a long extract's memory down.

    Promises: files are opened read-only and never changed; every problem in every file is collected and
    raised together as one InputError (each naming file, sheet and cell); a row naming no template measure,
    a hidden sheet and a skipped sheet are reported, never dropped silently; the same measure and month twice
    with different figures is an error naming both places. `progress`, when given, is told of each file read.
    """
    with paused():
        return _read_extracts(paths, MeasureIndex(template, narratives), progress)


def _read_extracts(
    paths: Sequence[str | Path], index: MeasureIndex, progress: Callable[[str], None] | None
) -> ReadResult:
    result = ReadResult()
    issues: list[Problem] = []
    files = extract_files(paths)
    for number, path in enumerate(files, start=1):
        if progress is not None:
            progress(f"reading {path.name} ({number} of {len(files)} files)")
        try:
            with path.open("rb") as handle:
                head = handle.read(8192)
                size = path.stat().st_size
                problem = _sniff(path, head)
                if problem:
                    issues.append(problem)
                    continue
                if path.suffix.lower() == ".csv" and size > MAX_CSV_BYTES:
                    issues.append(
                        Problem.error(
                            "too-large",
                            Location(file=str(path)),
                            f"the CSV is {size:,} bytes, past the {MAX_CSV_BYTES:,}-byte bound for an extract",
                            "check the file",
                        )
                    )
                    continue
                handle.seek(0)
                data = handle.read() if path.suffix.lower() == ".csv" else b""
            digest = hashlib.sha256(data).hexdigest() if data else _sha256(path)
        except OSError as exc:
            issues.append(
                Problem.error(
                    "unreadable", Location(file=str(path)), f"cannot be read: {exc.strerror}", "check the file"
                )
            )
            continue
        try:
            file_warnings, sheets = _read_file(path, data, index, progress)
        except InputError as exc:
            issues.extend(exc.problems)
            continue
        except _Scorecard:
            result.skipped.append(f"{path} (a scorecard built by scorecard-xl, not an extract)")
            result.warnings.append(
                Problem.warning(
                    "scorecard-skipped",
                    Location(file=str(path)),
                    "this is a scorecard built by scorecard-xl, not an extract; it was skipped",
                )
            )
            continue
        result.warnings.extend(file_warnings)
        result.inputs.append(InputFile(path.name, digest, str(path)))
        _open_in_excel(path, result)
        for sheet, found in sheets:
            _take(sheet, found, result, issues)
    result.warnings = once_per_measure(result.warnings)  # a bare year is named once per measure, not per sheet
    result.observations, scale_issues, scale_warnings = settle_scales(result.observations, result.pending)
    result.pending = []
    issues.extend(scale_issues)
    result.warnings.extend(scale_warnings)
    measures = {m.id: m for m in index.template.measures}
    result.observations, duplicates, narratives = merge_duplicates(result.observations, measures)
    result.warnings.extend(narratives)
    issues.extend(duplicates)
    result.comparators = [o for o in result.observations if o.area is not None]
    result.observations = [o for o in result.observations if o.area is None]
    if issues:
        raise InputError(
            group_problems(issues),
            sheets=tuple(sheets_read(result)),
            skipped=tuple(result.skipped),
            files=tuple(i.path for i in result.inputs),
            warnings=tuple(group_problems(result.warnings)),
        )
    result.warnings = group_problems(result.warnings)
    return result


def _open_in_excel(path: Path, result: ReadResult) -> None:
    """A warning when Excel's lock file (`~$name`, or `~$` over the name's first two characters) is beside the
    input: the workbook is open, and edits not yet saved are not in what was read."""
    locks = {path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])}
    if path.suffix.lower() in (".xlsx", ".xlsm") and any(_exists(lock) for lock in locks):
        result.warnings.append(
            Problem.warning(
                "input-open-in-excel",
                Location(file=str(path)),
                "the workbook is open in Excel (its ~$ lock file is beside it); edits not yet saved are not included",
                "save and close it in Excel, then build again",
            )
        )


def _exists(lock: Path) -> bool:
    try:
        return lock.exists()
    except OSError:  # a lock name the file system cannot hold (too long): there is none
        return False


def _take(sheet: Sheet, found: SheetResult, result: ReadResult, issues: list[Problem]) -> None:
    label = f"{sheet.file} {sheet.name}" if sheet.name is not None else sheet.file
    result.shapes[label] = found.shape
    if found.shape is SheetShape.SKIPPED:
        result.skipped.append(f"{label} ({found.reason})")
    elif sheet.hidden:
        result.warnings.append(
            Problem.warning(
                "hidden-sheet", Location(file=sheet.file, sheet=sheet.name), "the sheet is hidden; its figures are used"
            )
        )
    used = sheet.hidden_columns
    if used and found.shape is not SheetShape.SKIPPED:
        letters = ", ".join(column_letter(c) for c in used)
        result.warnings.append(
            Problem.warning(
                "hidden-columns",
                Location(file=sheet.file, sheet=sheet.name),
                f"column{'s' if len(used) > 1 else ''} {letters} {'are' if len(used) > 1 else 'is'} hidden; "
                "what they hold is read like any other column",
            )
        )
    if sheet.hidden_rows and found.shape is not SheetShape.SKIPPED:
        rows = sheet.hidden_rows
        shown = ", ".join(str(r) for r in rows[:_ROWS_NAMED]) + (
            f" and {len(rows) - _ROWS_NAMED:,} more" if len(rows) > _ROWS_NAMED else ""
        )
        result.warnings.append(
            Problem.warning(
                "hidden-rows",
                Location(file=sheet.file, sheet=sheet.name),
                f"row{'s' if len(rows) > 1 else ''} {shown} {'are' if len(rows) > 1 else 'is'} hidden; "
                f"what {'they hold' if len(rows) > 1 else 'it holds'} is read like any other row",
                "unhide the rows to check them, or delete what should not be read",
            )
        )
    result.warnings.extend(found.warnings)
    issues.extend(found.issues)
    result.observations.extend(found.observations)
    result.pending.extend(found.pending)
    for measure_id, labels in found.benchmarks.items():
        result.benchmarks.setdefault(measure_id, {}).update(labels)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sheets_read(result: ReadResult) -> Iterable[str]:
    """The sheets that gave figures, with their shape."""
    return (f"{name} ({shape.value})" for name, shape in result.shapes.items() if shape is not SheetShape.SKIPPED)
