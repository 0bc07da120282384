"""Start the drop-in page: bind the socket (loopback unless told otherwise), open the browser, serve until Ctrl+C."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
import webbrowser
from typing import Any, TextIO

import uvicorn

from scorecard_xl.errors import UsageError

from . import header_deadline, jobs, scratch
from .app import LOOPBACK_NAMES, create_app


def host_names(host: str) -> list[str]:
    """The Host header names a loopback page answers to: the loopback names and the address it serves on, an IPv6
    one in brackets as browsers send it (`[::1]`), so the page works at the address `serve` prints."""
    name = host.strip().lower()
    names = {*LOOPBACK_NAMES, "[::1]", f"[{name.strip('[]')}]" if ":" in name else name}
    return sorted(names)


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (`127.0.0.1`, `::1`, `localhost`, anything in 127.0.0.0/8)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """The warning `serve` prints when the page is reachable from other machines; None on loopback."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host}: anyone who can reach this address can use the page and upload files to it; "
        "leave out --host to keep it on this machine"
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host`:`port`; a port in use or a bad address is a UsageError naming it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: not an address of this machine ({exc.strerror})") from exc
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another with --port") from exc
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def url_for(host: str, port: int) -> str:
    """The page's address as a browser wants it (IPv6 in brackets)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def uvicorn_config(app: Any, header_seconds: float = header_deadline.HEADER_SECONDS, **options: Any) -> uvicorn.Config:
    """How the page is served: quietly, through the h11 protocol with a deadline of `header_seconds` for each
    request's headers (see header_deadline), `options` passed on to uvicorn."""
    settings: dict[str, Any] = {"log_level": "warning", "access_log": False, "timeout_graceful_shutdown": 5}
    settings.update(options)
    return uvicorn.Config(app, http=header_deadline.protocol(header_seconds), **settings)


def serve(
    host: str = "127.0.0.1",
    port: int = 8750,
    open_browser: bool = True,
    err: TextIO | None = None,
    *,
    header_seconds: float = header_deadline.HEADER_SECONDS,
) -> int:
    """Serve the drop-in page until interrupted (Ctrl+C is the normal way to stop: exit code 0).

    Binds to `host` (loopback by default; any other address is warned about on `err`) before saying anything, so
    a port in use is one clear error; removes the request folders a server stopped mid-build left in the
    temporary folder (see scratch.sweep); opens the default browser on the page once the server is up.
    """
    err = err or sys.stderr
    warning = exposure_warning(host)
    if warning:
        print(warning, file=err)
    sock = bind(host, port)
    port = sock.getsockname()[1]
    allowed = host_names(host) if warning is None else ["*"]
    scratch.sweep(jobs.WorkerLimits().longest_request())
    app = create_app(allowed_hosts=allowed)
    server = uvicorn.Server(uvicorn_config(app, header_seconds))
    url = url_for(host, port)
    print(f"scorecard-xl: the drop-in page is at {url} — press Ctrl+C to stop", file=err, flush=True)
    if open_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops on Ctrl+C and passes the signal on: stopping is the normal end
        pass
    finally:
        sock.close()
    return 0


def _open_when_up(server: uvicorn.Server, url: str, wait: float = 10.0) -> None:
    deadline = time.monotonic() + wait
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.started:
        webbrowser.open(url)
