"""The drop-in page's server against what a killed server or a slow client leaves: the request folders swept at
start, and the deadline for a request's headers, on a real server on a loopback port."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scorecard_xl.web import jobs, scratch

from .conftest import SAMPLE
from .web_support import first_stderr_line, live_server

DEADLINE = 1.0  # the tests' header deadline (the default is 10 s)
HOURS = 3600.0


def _trickle(port: int, head: bytes, every: float = 0.2, give_up: float = 8.0) -> tuple[float | None, bytes]:
    """Connect and send `head` at once, then one byte of an endless header every `every` s. The seconds until the
    server closed the connection (None if it had not after `give_up` s) and the bytes it sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=give_up) as sock:
        sock.sendall(head)
        start = time.monotonic()
        got = b""
        while time.monotonic() - start < give_up:
            readable, _, _ = select.select([sock], [], [], every)
            try:
                if readable:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return time.monotonic() - start, got
                    got += chunk
                    continue
                sock.sendall(b"a")
            except (BrokenPipeError, ConnectionResetError):
                return time.monotonic() - start, got
        return None, got


SLOW_HEADERS = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with live_server(header_seconds=DEADLINE, pdf=False) as server:
        yield server.port


def test_a_client_sending_its_headers_a_byte_at_a_time_is_cut_off_at_the_deadline(port: int) -> None:
    took, got = _trickle(port, b"G")
    assert took is not None, "the slow client was still connected after 8 s"
    assert DEADLINE * 0.8 <= took <= DEADLINE + 1.5, took
    assert got == b""


def test_a_client_that_connects_and_sends_nothing_is_cut_off_at_the_deadline(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=8) as sock:
        start = time.monotonic()
        assert sock.recv(100) == b""  # closed by the server, not timed out here
        assert time.monotonic() - start <= DEADLINE + 1.5


def test_the_next_request_on_a_kept_alive_connection_has_the_same_deadline(port: int) -> None:
    """After a prompt request and its answer, a trickled second request on the same connection is cut off too
    (uvicorn's keep-alive timer stops at the first byte of it)."""
    took, got = _trickle(port, b"GET /static/page.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + SLOW_HEADERS)
    assert got.startswith(b"HTTP/1.1 200 ")
    assert took is not None and took <= DEADLINE + 1.5, took


def test_a_request_whose_headers_came_in_time_is_answered_however_long_it_takes(port: int) -> None:
    """Once the headers are in, the deadline is off: the body here comes 1.5 s later and is still answered."""
    body = b"mode=build"
    head = (
        f"POST /build HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(head)
        time.sleep(DEADLINE * 1.5)
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 422 "), answer[:200]
    assert b"choose at least one extract" in answer


def test_a_build_taking_longer_than_the_deadline_is_answered(port: int) -> None:
    url = f"http://127.0.0.1:{port}"
    files = [("extracts", (SAMPLE.name, SAMPLE.read_bytes(), "application/octet-stream"))]
    fields = {"template": "childrens_services", "mode": "build"}
    page = httpx.post(f"{url}/build", files=files, data=fields, headers={"Origin": url}, timeout=60)
    assert page.status_code == 200
    assert 'id="appendix"' in page.text


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait(30)
    return done.pid


def _aged(path: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def test_serve_sweeps_only_its_own_stale_request_folders_at_start(tmp_path: Path) -> None:
    """A server killed mid-build leaves its request folder in $TMPDIR; the next `serve` removes those of ours whose
    server has gone or that are older than a request can last, and nothing else. The same server also has the
    header deadline `serve` was given."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    dead, alive = _dead_pid(), os.getpid()
    killed = tmp / f"scorecard-web-{dead}-abcd1234"  # its server has gone
    (killed / "in").mkdir(parents=True)
    (killed / "in" / "extract.xlsx").write_bytes(b"left by a killed server")
    old = tmp / f"scorecard-web-{alive}-old_0000"  # its process runs (this one), but no request lasts two hours
    legacy = tmp / "scorecard-web-legacy00"  # an earlier version's (no process recorded): removed on age alone
    for folder in (old, legacy):
        folder.mkdir()
        _aged(folder, 2 * HOURS)
    ours = [killed, old, legacy]
    precious = tmp / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("not ours")
    kept = [
        tmp / f"scorecard-web-{alive}-live0000",  # a request of a server still running
        tmp / "scorecard-web-legacy11",  # an earlier version's, recent
        tmp / f"scorecard-web-{dead}-toolong123",  # not our spelling
        tmp / f"scorecard-webby-{dead}-abcd1234",
        tmp / f"other-{dead}-abcd1234",
        tmp / f".~scorecard-{dead}-abcd1234",
        precious,
    ]
    for folder in kept[:-1]:
        folder.mkdir()
    (tmp / f"scorecard-web-{dead}-file0000").write_text("a file, not a folder")
    (tmp / f"scorecard-web-{dead}-link0000").symlink_to(precious, target_is_directory=True)
    _aged(tmp / f"scorecard-web-{dead}-link0000", 2 * HOURS)
    expected = sorted({p.name for p in tmp.iterdir()} - {p.name for p in ours})

    code = "from scorecard_xl.web.server import serve; serve(port=0, open_browser=False, header_seconds=1.0)"
    env = {**os.environ, "TMPDIR": str(tmp)}
    with subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, env=env) as proc:
        try:
            line = first_stderr_line(proc, timeout=30)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            assert found, line
            assert sorted(p.name for p in tmp.iterdir()) == expected
            assert (precious / "keep.txt").read_text() == "not ours"
            took, _ = _trickle(int(found.group(1)), SLOW_HEADERS)
            assert took is not None and took <= 1.0 + 1.5, took
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)


def test_a_request_folder_is_named_for_the_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder a build runs in carries this process's number in the spelling the sweep looks for."""
    seen: list[Path] = []

    def look(task: jobs.Task, folder: Path, limits: jobs.WorkerLimits) -> jobs.Outcome:
        seen.append(folder)
        return jobs.Outcome()

    monkeypatch.setattr(jobs, "start_worker", look)
    with SAMPLE.open("rb") as extract:
        jobs.run(jobs.Job(extracts=(jobs.Upload(SAMPLE.name, extract),), template="childrens_services"))
    assert len(seen) == 1
    assert seen[0].name.startswith(f"scorecard-web-{os.getpid()}-")
    assert scratch.is_request_folder_name(seen[0].name)
    assert not seen[0].exists()


def test_the_sweep_leaves_a_folder_it_cannot_judge(tmp_path: Path) -> None:
    """A folder of ours whose process runs and that is recent is another server's request in progress."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = tmp_path / f"scorecard-web-{other.pid}-abcd1234"
        running.mkdir()
        assert scratch.sweep(max_age=HOURS, root=tmp_path) == []
        assert running.is_dir()
        assert scratch.sweep(max_age=HOURS, root=tmp_path, now=time.time() + 2 * HOURS) == [running]
    finally:
        other.kill()
        other.wait(5)


def test_at_start_a_folder_naming_this_very_process_is_stale(tmp_path: Path) -> None:
    """Sweeping at start, before any request: a folder with this process's number is an earlier run's (in a
    container the server is often the same process number each time)."""
    earlier = tmp_path / f"scorecard-web-{os.getpid()}-mine0000"
    earlier.mkdir()
    assert scratch.sweep(max_age=HOURS, root=tmp_path) == [earlier]
