"""The output side under hostile conditions: a full disk, a file made at the output's name while the build runs,
a build stopped by Ctrl+C, SIGTERM or SIGKILL, and an output name that is a folder's.

Each ends with one error line (exit 2), or the exit code a shell expects of a stopped command; the previous
output (workbook and PDF) as it was unless the new one was put in place whole; and no temporary folder left
beside the output, once the next build has run after a SIGKILL.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import scorecard_xl.html
import scorecard_xl.write.workbook as workbook
from scorecard_xl.write.temp_folders import STALE_SECONDS

from .conftest import SAMPLE
from .support.cli import run_cli, tree

PREVIOUS = "2016-08"  # the previous output's month; the builds under test make September's


@pytest.fixture(scope="module")
def previous_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("previous") / "appendix1.xlsx"
    code, _, stderr = run_cli(["build", SAMPLE, "--period", PREVIOUS, "-o", out])
    assert code == 0, stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def new_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The workbook the builds under test write when nothing stops them (September 2016, the latest month)."""
    out = tmp_path_factory.mktemp("new") / "appendix1.xlsx"
    code, _, stderr = run_cli(["build", SAMPLE, "-o", out])
    assert code == 0, stderr
    return out.read_bytes()


@pytest.fixture
def previous(tmp_path: Path, previous_bytes: bytes) -> Path:
    """A previous build's workbook at tmp/out/appendix1.xlsx (and nothing else in that folder)."""
    out = tmp_path / "out" / "appendix1.xlsx"
    out.parent.mkdir()
    out.write_bytes(previous_bytes)
    return out


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~scorecard"))


def _one_error(code: int, stdout: str, stderr: str, says: str) -> str:
    assert code == 2, f"exit {code}: {stderr}"
    assert "Traceback" not in stdout + stderr and "internal error" not in stderr
    assert stderr.count("\n") == 1, stderr
    assert says in stderr, stderr
    return stderr


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What Python would print as `Exception ignored in: …` (a traceback on stderr), collected instead."""
    found: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: found.append(f"{u.object!r}: {u.exc_value!r}"))
    yield found


# --- a full disk -------------------------------------------------------------------------------------------------


def _enospc(*_: object, **__: object) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _into_temp_folder(fd: int) -> bool:
    try:
        return "/.~scorecard-" in os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return False


def _full_at(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the disk 'fill up' at one step of writing."""
    if where == "zip":  # inside xlsxwriter's close, while it adds a part to the zip
        real_writestr = zipfile.ZipFile.writestr
        calls = iter(range(1_000))

        def writestr(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
            if next(calls) == 3:
                _enospc()
            real_writestr(self, *args, **kwargs)

        monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    elif where in ("write", "fsync"):  # writing the workbook's bytes to its file, or waiting for them to reach disk
        name = where
        real = getattr(os, name)

        def failing(fd: int, *args: Any) -> Any:
            return _enospc() if _into_temp_folder(fd) else real(fd, *args)

        if not Path("/proc/self/fd").is_dir():
            pytest.skip("needs /proc/self/fd to tell the workbook's file from others")
        monkeypatch.setattr(os, name, failing)
    elif where == "folder":  # making the temporary folder beside the output
        monkeypatch.setattr("tempfile.mkdtemp", _enospc)
    else:  # putting the file in place: a rename (--force) or a hard link
        monkeypatch.setattr(os, where, _enospc)


@pytest.mark.parametrize(
    ("where", "force"),
    [("zip", True), ("write", True), ("fsync", True), ("folder", True), ("replace", True), ("link", False)],
)
def test_a_full_disk_is_one_error_line_and_leaves_the_previous_output(
    where: str, force: bool, previous: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unraisable: list[str]
) -> None:
    out = previous if force else previous.with_name("new.xlsx")
    before = tree(tmp_path)
    _full_at(where, monkeypatch)
    code, stdout, stderr = run_cli(["build", SAMPLE, "-o", out, *(["--force"] if force else [])])
    gc.collect()  # a zip file left open would complain here, when collected
    line = _one_error(code, stdout, stderr, "the disk is full (No space left on device); nothing was replaced")
    assert line.startswith(f"error: {out}: cannot "), line
    assert not unraisable
    assert tree(tmp_path) == before


def _unshare() -> str | None:
    tool = shutil.which("unshare")
    if tool is None or shutil.which("mount") is None or not sys.platform.startswith("linux"):
        return None
    done = subprocess.run([tool, "-rm", "true"], capture_output=True, check=False)
    return tool if done.returncode == 0 else None


FULL_DISK_SCRIPT = """
import contextlib, gc, io, json, os, subprocess, sys
from pathlib import Path

from scorecard_xl.cli import main

disk, sample, previous = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], check=True)
out = disk / "appendix1.xlsx"
out.write_bytes(previous.read_bytes())
results = []
for free in (0, 4096, 16384, 32768, 65536, 262144):
    filler = disk / "filler"
    stat = os.statvfs(disk)
    room = stat.f_bavail * stat.f_frsize - free
    if room > 0:
        with open(filler, "wb") as handle:
            handle.write(b"0" * room)
    for force in (True, False):
        target = out if force else disk / "new.xlsx"
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):  # where Python prints an exception it ignores, too
            code = main(["build", sample, "-o", str(target)] + (["--force"] if force else []), io.StringIO(), stderr)
            gc.collect()
        results.append({
            "free": free, "force": force, "code": code, "stderr": stderr.getvalue(),
            "previous_kept": out.read_bytes() == previous.read_bytes(),
            "entries": sorted(p.name for p in disk.iterdir() if p.name not in ("filler", "appendix1.xlsx")),
        })
        if code == 0:
            target.unlink() if not force else out.write_bytes(previous.read_bytes())
    filler.unlink(missing_ok=True)
print(json.dumps(results))
"""


def test_a_real_full_disk(tmp_path: Path, previous_bytes: bytes) -> None:
    """Builds onto a 1 MB file system of its own (a tmpfs in a private mount namespace, gone when the test ends)
    filled to leave from nothing to 256 KB free: each either writes the whole workbook or is one error line, with
    the previous output as it was and nothing left behind."""
    unshare = _unshare()
    if unshare is None:
        pytest.skip("needs unshare -rm (user and mount namespaces) and mount to make a small file system")
    disk = tmp_path / "disk"
    disk.mkdir()
    previous = tmp_path / "previous.xlsx"
    previous.write_bytes(previous_bytes)
    done = subprocess.run(
        [unshare, "-rm", sys.executable, "-c", FULL_DISK_SCRIPT, disk, SAMPLE, previous],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for r in results:
        assert r["code"] in (0, 2), r
        assert r["entries"] == ([] if r["force"] or r["code"] == 2 else ["new.xlsx"]), r
        if r["code"] == 2:
            assert r["stderr"].count("\n") == 1 and "the disk is full" in r["stderr"], r
            assert r["previous_kept"], r
    assert {r["code"] for r in results if r["free"] == 0} == {2}
    assert {r["code"] for r in results if r["free"] == 262144} == {0}


# --- no clobber without --force ----------------------------------------------------------------------------------


def _made_meanwhile(
    monkeypatch: pytest.MonkeyPatch, path: Path, content: bytes = b"theirs"
) -> Callable[[Any, str], None]:
    """write_pack, which then (after the early check, before the workbook is put in place) makes `path`."""
    real = workbook.write_pack

    def writing(card: Any, temp: str) -> None:
        real(card, temp)
        path.write_bytes(content)

    monkeypatch.setattr(workbook, "write_pack", writing)
    return writing


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_a_file_made_at_the_output_while_building_is_never_replaced(
    links: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "appendix1.xlsx"
    _made_meanwhile(monkeypatch, out)
    if not links:
        monkeypatch.setattr(os, "link", lambda *_: _raise(errno.EPERM))
    code, stdout, stderr = run_cli(["build", SAMPLE, "-o", out])
    _one_error(code, stdout, stderr, f"error: {out}: already exists (it was made while this build ran); give --force")
    assert out.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appendix1.xlsx"]


def _raise(code: int) -> None:
    raise OSError(code, os.strerror(code))


def test_without_hard_links_a_new_output_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_bytes: bytes
) -> None:
    monkeypatch.setattr(os, "link", lambda *_: _raise(errno.EPERM))
    code, _, stderr = run_cli(["build", SAMPLE, "-o", tmp_path / "a.xlsx"])
    assert code == 0, stderr
    assert (tmp_path / "a.xlsx").read_bytes() == new_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_with_force_a_file_made_meanwhile_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "appendix1.xlsx"
    _made_meanwhile(monkeypatch, out)
    code, _, stderr = run_cli(["build", SAMPLE, "-o", out, "--force"])
    assert code == 0, stderr
    assert zipfile.is_zipfile(out) and sorted(p.name for p in tmp_path.iterdir()) == ["appendix1.xlsx"]


def _fake_printer(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None] = lambda: None) -> None:
    """`--pdf`'s printer replaced by one that writes `%PDF- new` where it is asked to, then calls `meanwhile`."""

    def printing(html: str, target: Path, shown: Path | None = None) -> Path:
        target.write_bytes(b"%PDF- new")
        meanwhile()
        return target

    monkeypatch.setattr(scorecard_xl.html, "write_pdf", printing)


@pytest.mark.parametrize("made", ["pdf", "workbook"])
def test_a_pdf_pair_made_meanwhile_is_never_replaced_nor_split(
    made: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--pdf` puts the PDF in place, then the workbook: a PDF made meanwhile stops both; a workbook made
    meanwhile stops the workbook, and the new PDF is taken away again."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "appendix1.xlsx"
    theirs = out.with_suffix(".pdf") if made == "pdf" else out
    # the printer makes the PDF and, meanwhile, someone makes `theirs`
    _fake_printer(monkeypatch, lambda: theirs.write_bytes(b"theirs"))
    code, stdout, stderr = run_cli(["build", SAMPLE, "-o", out, "--pdf"])
    _one_error(code, stdout, stderr, f"error: {theirs}: already exists (it was made while this build ran)")
    assert sorted(p.name for p in folder.iterdir()) == [theirs.name]
    assert theirs.read_bytes() == b"theirs"


def test_new_extract_never_replaces_a_file_made_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scorecard_xl.write.new_extract as new_extract

    out = tmp_path / "kpis_2016-10.xlsx"
    real = new_extract.write_new_extract

    def writing(path: str, *args: Any) -> None:
        real(path, *args)
        out.write_bytes(b"theirs")

    monkeypatch.setattr(new_extract, "write_new_extract", writing)
    code, stdout, stderr = run_cli(["new-extract", "--period", "2016-10", "-o", out])
    _one_error(code, stdout, stderr, f"error: {out}: already exists (it was made while this build ran)")
    assert out.read_bytes() == b"theirs" and sorted(p.name for p in tmp_path.iterdir()) == [out.name]


# --- an output name that is a folder's ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["/", "/."])
@pytest.mark.parametrize("command", ["build", "new-extract"])
def test_an_output_name_ending_in_a_separator_names_a_folder(tmp_path: Path, suffix: str, command: str) -> None:
    name = f"{tmp_path / 'adir.xlsx'}{suffix}"
    argv = ["build", SAMPLE, "-o", name] if command == "build" else ["new-extract", "--period", "2016-10", "-o", name]
    code, stdout, stderr = run_cli(argv)
    _one_error(code, stdout, stderr, f"error: {name}: names a folder; give -o a file name")
    assert list(tmp_path.iterdir()) == []


# --- stopped: Ctrl+C, SIGTERM, SIGKILL ---------------------------------------------------------------------------

SLOW_BUILD = """
import sys, time
from pathlib import Path

import {module} as patched

ready, argv = Path(sys.argv[1]), sys.argv[2:]
real = patched.{name}


def slow(*args, **kwargs):
    result = real(*args, **kwargs)
    ready.write_text("ready")
    time.sleep(60)
    return result


patched.{name} = slow
"""
RUN = """
import sys
from scorecard_xl.cli import main

sys.exit(main(sys.argv[2:]))
"""


def _stopped_build(tmp_path: Path, argv: list[object], sig: int, slowed: str = "") -> subprocess.CompletedProcess[str]:
    """`scorecard-xl ARGV` in a process of its own, sent `sig` once `tmp/ready` exists: made by the function
    `slowed` (`module:name`), which then sleeps, or by a fake LibreOffice."""
    ready = tmp_path / "ready"
    module, _, name = slowed.partition(":")
    script = (SLOW_BUILD.format(module=module, name=name) if slowed else "") + RUN
    process = subprocess.Popen(
        [sys.executable, "-c", script, ready, *map(str, argv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached the point to stop it at"
        time.sleep(0.05)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=60)
    ready.unlink()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


WRITTEN = "scorecard_xl.write.workbook:write_pack"  # the workbook written in its temporary folder
PRINTED = "scorecard_xl.html:write_pdf"  # the PDF printed beside it


@pytest.mark.parametrize(
    ("sig", "code", "said"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
    ids=["SIGTERM", "SIGINT"],
)
@pytest.mark.parametrize("step", ["workbook", "pdf"])
def test_a_build_stopped_while_writing_cleans_up_and_says_so(
    sig: int, code: int, said: str, step: str, tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv: list[object] = ["build", SAMPLE, "-o", previous, "--force"]
    if step == "pdf":  # stopped while the report is printed to PDF
        argv.append("--pdf")
    before = tree(previous.parent)
    done = _stopped_build(tmp_path, argv, sig, WRITTEN if step == "workbook" else PRINTED)
    assert done.returncode == code, done.stderr
    assert done.stderr == f"error: {said}; nothing was written\n"
    assert tree(previous.parent) == before


def test_ctrl_c_after_the_output_was_put_in_place_says_it_was_written(
    tmp_path: Path, previous: Path, new_bytes: bytes
) -> None:
    """Stopped after the workbook is in place (here while the summary is made): "nothing was written" would be
    false."""
    argv: list[object] = ["build", SAMPLE, "-o", previous, "--force"]
    done = _stopped_build(tmp_path, argv, signal.SIGINT, "scorecard_xl.results:BuildResult.summary")
    assert done.returncode == 130, done.stderr
    assert done.stderr == f"error: interrupted after {previous} had been written\n"
    assert previous.read_bytes() == new_bytes
    assert _litter(previous.parent) == []


def test_ctrl_c_while_the_pdf_pair_is_put_in_place_waits_until_both_are(
    previous: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_bytes: bytes
) -> None:
    """The two renames of `--pdf` are one step: a signal between them is handled after the second."""
    pdf = previous.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF- previous")
    _fake_printer(monkeypatch)
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        real(src, dst)
        if str(dst) == str(pdf):
            signal.raise_signal(signal.SIGINT)  # Ctrl+C between the PDF's rename and the workbook's

    monkeypatch.setattr(os, "replace", replace)
    code, _, stderr = run_cli(["build", SAMPLE, "-o", previous, "--pdf", "--force"])
    assert (code, stderr) == (130, f"error: interrupted after {previous} and {pdf} had been written\n")
    assert pdf.read_bytes() == b"%PDF- new"
    assert previous.read_bytes() == new_bytes
    assert sorted(p.name for p in previous.parent.iterdir()) == ["appendix1.pdf", "appendix1.xlsx"]


def _ours(folder: Path, name: str, files: dict[str, str], age: float = 0.0) -> Path:
    made = folder / name
    made.mkdir()
    for file, text in files.items():
        (made / file).write_text(text)
    then = time.time() - age
    for path in (*made.iterdir(), made):
        os.utime(path, (then, then))
    return made


def test_a_build_killed_while_writing_has_its_litter_swept_by_the_next(
    tmp_path: Path, previous: Path, new_bytes: bytes
) -> None:
    """SIGKILL cannot be cleaned up after: the next build beside it removes the folder, and only folders that are
    certainly a stopped build's."""
    folder = previous.parent
    done = _stopped_build(tmp_path, ["build", SAMPLE, "-o", previous, "--force"], signal.SIGKILL, WRITTEN)
    assert done.returncode == -signal.SIGKILL
    (killed,) = _litter(folder)
    assert sorted(p.name for p in (folder / killed).iterdir()) == ["owner", "scorecard.xlsx"]
    host = socket.gethostname()
    old = STALE_SECONDS + 60
    kept = [
        _ours(folder, ".~scorecard-notours", {"scorecard.xlsx": ""}, age=old),  # not our name
        _ours(folder, ".~scorecard-abcd1234", {"scorecard.xlsx": ""}),  # no owner, recent: may be running
        _ours(folder, f".~scorecard-{os.getpid()}-abcd1234", {"owner": f"{host} {os.getpid()}\n"}),  # running
        _ours(folder, ".~scorecard-1-abcd1234", {"owner": "elsewhere.example 999999\n"}),  # another computer's
        _ours(folder, ".~scorecard-abcd5678", {"scorecard.xlsx": "", "notes.txt": "mine"}, age=old),  # not only ours
    ]
    swept = [_ours(folder, ".~scorecard-efgh5678", {"scorecard.xlsx": "", "previous.pdf": ""}, age=old)]  # old
    code, _, stderr = run_cli(["build", SAMPLE, "-o", previous, "--force"])
    assert code == 0, stderr
    assert _litter(folder) == sorted(p.name for p in kept)
    assert not any(p.exists() for p in swept)
    assert previous.read_bytes() == new_bytes


def test_the_command_loads_without_the_pipeline_so_ctrl_c_while_loading_is_handled() -> None:
    """Ctrl+C before `main` runs would be a traceback: the command imports the reading, calculating and writing
    modules only once it is inside `main`, where an interruption is one line."""
    probe = "import sys, scorecard_xl.cli; print(sorted(m for m in sys.modules if m.startswith('scorecard_xl.')))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
                        .stdout.replace("'", '"'))  # fmt: skip
    assert not [m for m in loaded if m.split(".")[1] in ("api", "read", "calc", "template")], loaded
