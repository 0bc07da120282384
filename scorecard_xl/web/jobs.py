"""One build request, start to finish, in its own temporary folder: save the uploads, validate and build them in
a worker process, and hand back the findings, the preview and the files' bytes.

`run` is called from a thread, never in the event loop. Nothing outlives it: the folder is deleted on the way
out, whatever happened. No name from the browser reaches the file system except as a sanitised base name inside
that folder.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from scorecard_xl import ScorecardError, Template, api
from scorecard_xl.model import Council

from . import present, scratch

LOG = logging.getLogger("scorecard_xl.web")
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
MAX_NAME = 120


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: the name it gave and the spooled bytes (read, never trusted as a path)."""

    filename: str
    file: BinaryIO


@dataclass(frozen=True)
class Job:
    """What one request asks for."""

    extracts: tuple[Upload, ...]
    template: str | None = None
    templates: tuple[Upload, ...] = ()
    period: str | None = None
    pdf: bool = False
    check_only: bool = False
    area: str | None = None  # the council's rows in published open data (as `--area`)


@dataclass(frozen=True)
class Download:
    """A file handed back: its name, media type and bytes."""

    name: str
    media_type: str
    data: bytes


@dataclass
class Outcome:
    """What the page shows for one request."""

    errors: tuple[present.Finding, ...] = ()
    report: present.Report | None = None
    months: list[tuple[str, str]] = field(default_factory=list)
    period: str = ""
    preview: present.Preview | None = None
    downloads: list[Download] = field(default_factory=list)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


def safe_name(filename: str, fallback: str = "extract.xlsx") -> str:
    """The base name of a browser-given file name, made safe to create inside a folder of our own.

    Promises: no folder part (either slash), no control or reserved characters, no leading dot or space (so no
    `..` and no hidden file), at most 120 characters keeping the extension; `fallback` when nothing is left.
    Ordinary names (`kpis 2016-09.xlsx`) come back unchanged, so the About sheet records what the analyst chose.
    """
    base = re.split(r"[/\\]", filename)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip().lstrip(". ").rstrip(". ")
    if len(base) > MAX_NAME:
        _, dot, suffix = base.rpartition(".")
        keep = "." + suffix if dot and len(suffix) <= 8 else ""
        base = base[: MAX_NAME - len(keep)].rstrip(". ") + keep
    return base or fallback


def _save(uploads: tuple[Upload, ...], folder: Path, fallback: str) -> list[Path]:
    """Copy each upload into `folder` under its safe name; a repeated name gets ` (2)`, ` (3)`… before the suffix."""
    folder.mkdir()
    paths: list[Path] = []
    for upload in uploads:
        name = safe_name(upload.filename, fallback)
        stem, dot, suffix = name.rpartition(".")
        n = 1
        while (folder / name).exists():
            n += 1
            name = f"{stem} ({n}).{suffix}" if dot else f"{suffix} ({n})"
        path = folder / name
        upload.file.seek(0)
        with path.open("xb") as out:
            shutil.copyfileobj(upload.file, out)
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Task:
    """What the worker process is asked to do, in its own folder: file names relative to it, never browser names."""

    extracts: tuple[str, ...]
    template: str | None
    template_file: str | None
    period: str | None
    pdf: bool
    check_only: bool
    area: str | None = None


def _task(job: Job, folder: Path) -> Task:
    """Save the uploads into `folder` (extracts in `in/`, templates in `template/`) and describe the work."""
    extracts = _save(job.extracts, folder / "in", "extract.xlsx")
    template_file = None
    if job.templates:
        saved = _save(job.templates, folder / "template", "template.yaml")
        template_file = "../template" if len(saved) > 1 else f"../template/{saved[0].name}"
    (folder / "out").mkdir()
    names = tuple(p.name for p in extracts)
    return Task(names, job.template, template_file, job.period, job.pdf, job.check_only, job.area)


def run(job: Job, limits: WorkerLimits | None = None) -> Outcome:
    """Validate the extracts and, unless only a check was asked for or there were errors, build the workbook.

    The work runs in a worker process of its own, in the request's temporary folder, with the extracts named by
    their (sanitised) base names — exactly as `scorecard-xl build NAME…` run beside them — under a time and
    memory cap, so that a hostile file costs a message, never the server.

    Promises: returns an Outcome for any upload whatever it holds (errors as findings, never an exception); the
    workbook is the bytes `scorecard-xl build` writes for the same files, template and month run in their
    folder; the temporary folder is gone when this returns.
    """
    limits = limits or WorkerLimits()
    with scratch.request_folder() as folder:
        try:
            task = _task(job, folder)
        except OSError as exc:
            return Outcome(errors=(present.message(f"the upload could not be saved ({exc.strerror})"),))
        return start_worker(task, folder, limits)


@dataclass(frozen=True)
class WorkerLimits:
    """How long a worker may run, and how much memory it may map (printing the PDF needs more)."""

    seconds: float = 120.0
    pdf_seconds: float = 300.0
    memory_bytes: int = 2 * 1024**3
    pdf_memory_bytes: int = 8 * 1024**3

    def longest_request(self) -> float:
        """The longest a request holds its folder: the longer worker's limit, plus a minute to save the uploads
        beforehand and to remove the folder after."""
        return max(self.seconds, self.pdf_seconds) + 60.0


def start_worker(task: Task, folder: Path, limits: WorkerLimits) -> Outcome:
    """Run `task` in `python -m scorecard_xl.web.worker` with cwd `folder/in`; its pickled Outcome, or a message."""
    memory = limits.pdf_memory_bytes if task.pdf else limits.memory_bytes
    seconds = limits.pdf_seconds if task.pdf else limits.seconds

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "scorecard_xl.web.worker"],
            input=pickle.dumps(task),
            capture_output=True,
            cwd=folder / "in",
            timeout=seconds,
            preexec_fn=cap if os.name == "posix" else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(errors=(present.message(f"the build took longer than {seconds:.0f} s and was stopped"),))
    if done.returncode != 0 or not done.stdout:
        LOG.error("worker exited %s: %s", done.returncode, done.stderr.decode("utf-8", "replace")[-2000:])
        return Outcome(
            errors=(
                present.message(
                    "the build stopped without an answer (it may have run out of memory); nothing was built"
                ),
            )
        )
    outcome = pickle.loads(done.stdout)  # our own worker's answer, never anything from the browser
    assert isinstance(outcome, Outcome)
    return outcome


def work(task: Task) -> Outcome:
    """In the worker, in the request's `in/` folder: validate and build; any ScorecardError becomes findings."""
    try:
        return _work(task)
    except ScorecardError as exc:
        return Outcome(errors=present.error(exc, ()))
    except Exception as exc:  # a bug, not an input problem: one line on the page, the server goes on
        LOG.exception("internal error")
        text = f"{type(exc).__name__}: {exc}"
        return Outcome(errors=(present.message(f"internal error ({text}); nothing was built — please report it"),))


def _uploaded(template_file: str) -> Template | Council:
    """The uploaded template, council.yaml or templates (a folder of them), confined to the uploads and known by
    the names they were uploaded with, never the request folder's own paths."""
    loaded = api.load_confined(template_file)
    if isinstance(loaded, Template):
        return dataclasses.replace(loaded, source=Path(template_file).name)
    portfolios = tuple(dataclasses.replace(t, source=Path(t.source).name) for t in loaded.portfolios)
    source = Path(loaded.source).name if loaded.source.endswith((".yaml", ".yml")) else "uploaded templates"
    folder = Path(template_file).name  # the request folder's own name for the uploads: never shown
    stem = loaded.stem if loaded.stem != folder else "council"
    name = loaded.name if loaded.name != folder else "Council"
    warnings = tuple(
        dataclasses.replace(w, location=dataclasses.replace(w.location, file=Path(w.location.file).name))
        if w.location.file
        else w
        for w in loaded.warnings
    )  # a worked-out sheet name's warning, named by the template's uploaded name
    return dataclasses.replace(loaded, portfolios=portfolios, source=source, stem=stem, name=name, warnings=warnings)


def _work(task: Task) -> Outcome:
    template: Template | Council | str | None = task.template
    if task.template_file:
        template = _uploaded(task.template_file)
    found = api.validate(list(task.extracts), template, task.period, area=task.area)
    outcome = Outcome(
        report=present.report(found, ()),
        months=present.months_found(found),
        period=found.period.iso if found.period else "",
    )
    if found.errors or task.check_only or found.period is None:
        return outcome
    loaded = api.load_template_or_council(template, task.area)  # a bundled name may be a council's
    target = Path("..", "out", f"appendix1_{loaded.stem}_{found.period.iso}.xlsx")
    built = api.build(list(task.extracts), loaded, found.period, target, pdf=task.pdf)
    outcome.preview = present.preview(built.scorecard)
    outcome.downloads.append(Download(built.path.name, XLSX_TYPE, built.path.read_bytes()))
    if built.pdf_path is not None:
        outcome.downloads.append(Download(built.pdf_path.name, PDF_TYPE, built.pdf_path.read_bytes()))
    return outcome
