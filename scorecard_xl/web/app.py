"""The drop-in page's Starlette application: the page, the build endpoint with its size limits, and static files.

Starlette (on uvicorn) because it is small, typed and well kept, parses multipart through python-multipart
(spooling large parts to disk rather than memory), and lets the blocking build run in a worker thread while the
event loop goes on answering; Jinja2 renders the page with autoescaping on.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
import jinja2
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

import scorecard_xl
from scorecard_xl import api

from . import jobs, present

HERE = Path(__file__).resolve().parent
MiB = 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
FORM_TOKEN = "form_token"  # the hidden field that vouches for a post from the page itself
_Message = MutableMapping[str, Any]
_Receive = Callable[[], Awaitable[_Message]]

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # The page's own form posts then carry its real Origin (`no-referrer` made a plain form's Origin `null`);
    # no other site is ever told anything, as the page links nowhere else.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Limits:
    """What one request may upload, and how many builds run at once (the rest wait their turn)."""

    file_bytes: int = 25 * MiB
    request_bytes: int = 100 * MiB
    files: int = 20
    builds: int = 2
    drain_bytes: int = 1024 * MiB  # past the limit, read and discard this much more so the browser sees the answer


@dataclass(frozen=True)
class TemplateChoice:
    """A bundled template the page offers: its name and how it is labelled."""

    name: str
    label: str


@dataclass
class _State:
    limits: Limits
    templates: tuple[TemplateChoice, ...]
    pdf: bool
    limiter: anyio.CapacityLimiter | None = None
    form_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # new each time the server starts
    page: Jinja2Templates = field(init=False)

    def __post_init__(self) -> None:
        loader = jinja2.FileSystemLoader(str(HERE / "templates"))
        self.page = Jinja2Templates(env=jinja2.Environment(loader=loader, autoescape=True))


def bundled_templates() -> tuple[TemplateChoice, ...]:
    """The templates shipped in the package, each labelled with its portfolio."""
    choices = []
    for name in api.bundled_templates():
        try:
            tpl = scorecard_xl.load_template(name)
            label = f"{tpl.portfolio or tpl.title} ({name})"
        except scorecard_xl.ScorecardError:
            label = name
        choices.append(TemplateChoice(name, label))
    return tuple(choices)


def pdf_found() -> bool:
    """Whether a PDF can be offered: WeasyPrint and the Pango library it prints with are installed."""
    from ..api import pdf_available

    return pdf_available()


def megabytes(n: int) -> str:
    """`25 MB`, `1.5 MB`, `200 KB`."""
    if n < MiB:
        return f"{n / 1024:.0f} KB"
    return f"{n / MiB:.1f}".removesuffix(".0") + " MB"


class _Counted:
    """Wraps an ASGI `receive`: past `limit` body bytes it reads on and discards (up to `drain` more) and then
    tells the parser the body has ended, so the request can be answered with a page rather than a reset."""

    def __init__(self, receive: _Receive, limit: int, drain: int) -> None:
        self.receive = receive
        self.limit = limit
        self.drain = drain
        self.seen = 0
        self.over = False

    async def __call__(self) -> _Message:
        message = await self.receive()
        if message["type"] != "http.request" or self.over:
            return message
        self.seen += len(message.get("body", b""))
        if self.seen > self.limit:
            self.over = True
            more = message.get("more_body", False)
            while more and self.seen <= self.limit + self.drain:
                message = await self.receive()
                if message["type"] != "http.request":
                    break
                self.seen += len(message.get("body", b""))
                more = message.get("more_body", False)
            return {"type": "http.request", "body": b"", "more_body": False}
        return message


def _render(request: Request, state: _State, status: int = 200, **context: Any) -> Response:
    defaults: dict[str, Any] = {
        "templates": state.templates,
        "chosen_template": state.templates[0].name if state.templates else "",
        "months": [],
        "period": "",
        "area": "",
        "pdf_available": state.pdf,
        "limits": state.limits,
        "max_file": megabytes(state.limits.file_bytes),
        "max_request": megabytes(state.limits.request_bytes),
        "outcome": None,
        "problems": (),
        "version": scorecard_xl.__version__,
        "data_url": _data_url,
        "form_token": state.form_token,
    }
    defaults.update(context)
    response = state.page.TemplateResponse(request, "page.html", defaults, status_code=status)
    response.headers.update(HEADERS)
    return response


def _data_url(download: jobs.Download) -> str:
    return f"data:{download.media_type};base64,{base64.b64encode(download.data).decode('ascii')}"


def _files(form: FormData, name: str) -> list[UploadFile]:
    """The files sent in field `name`, leaving out the empty part a browser sends when none was chosen."""
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and (f.filename or f.size)]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _foreign_origin(request: Request) -> bool:
    """Whether the request's Origin header names a site other than this page's (refused whatever else it sends)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc != request.headers.get("host", "")


def _vouched_for(request: Request, form: FormData, state: _State) -> bool:
    """Whether a build request comes from this page: its Origin names this page's host, or (when the browser says
    `Origin: null` or nothing, as a privacy setting, a sandboxed frame or an older browser may) it sends back the
    form token this server run put in the page — which a page of another site cannot read."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return not _foreign_origin(request)
    token = form.get(FORM_TOKEN)
    return isinstance(token, str) and hmac.compare_digest(token.encode(), state.form_token.encode())


async def _home(request: Request) -> Response:
    return _render(request, request.app.state.web)


async def _build(request: Request) -> Response:
    state: _State = request.app.state.web
    limits = state.limits
    refused = present.message("a page of another site cannot build here")
    if _foreign_origin(request):  # refused before a byte of the body is read
        return _render(request, state, 403, problems=(refused,))
    declared = request.headers.get("content-length", "")
    counted = _Counted(request.receive, limits.request_bytes, limits.drain_bytes)
    if declared.isdigit() and int(declared) > limits.request_bytes:
        counted.seen = limits.request_bytes  # refuse at the first byte, still reading the body so the page arrives
    counted_request = Request(request.scope, counted)
    too_big = present.message(
        f"the upload is over the {megabytes(limits.request_bytes)} limit for one request; "
        f"send fewer or smaller files (each at most {megabytes(limits.file_bytes)})"
    )
    try:
        form = await counted_request.form(max_files=limits.files + 20, max_fields=20, max_part_size=64 * 1024)
    except HTTPException as exc:
        if counted.over:
            return _render(request, state, 413, problems=(too_big,))
        if "Too many files" in str(exc.detail):  # the parser's own cap sits above ours: say ours
            message = f"too many files: at most {limits.files} extracts at once"
        else:
            message = f"the form could not be read: {exc.detail}"
        return _render(request, state, 400, problems=(present.message(message),))
    try:
        if counted.over:
            return _render(request, state, 413, problems=(too_big,))
        if not _vouched_for(request, form, state):
            return _render(request, state, 403, problems=(refused,))
        return await _answer(request, state, form)
    finally:
        await form.close()


async def _answer(request: Request, state: _State, form: FormData) -> Response:
    limits = state.limits
    extracts = _files(form, "extracts")
    templates = _files(form, "template_file")
    chosen = _text(form, "template") or (state.templates[0].name if state.templates else "")
    period = _text(form, "period")
    area = _text(form, "area").strip()
    context: dict[str, Any] = {"chosen_template": chosen, "period": period, "area": area}
    problems = []
    if not extracts:
        problems.append(present.message("choose at least one extract (.xlsx, .xlsm or .csv)"))
    if len(extracts) > limits.files:
        problems.append(present.message(f"{len(extracts)} extracts: at most {limits.files} at once"))
    for upload in (*extracts, *templates):
        if (upload.size or 0) > limits.file_bytes:
            problems.append(
                present.message(
                    f"{jobs.safe_name(upload.filename or '')}: {megabytes(upload.size or 0)} is over the "
                    f"{megabytes(limits.file_bytes)} limit for one file"
                )
            )
    if chosen not in {t.name for t in state.templates} and not templates:
        problems.append(present.message("choose one of the bundled templates, or upload a template (.yaml)"))
    if period and not _is_month(period):
        first, last = api.FIRST_REPORT_YEAR, api.LAST_REPORT_YEAR
        problems.append(present.message(f"report month {period!r}: expected YYYY-MM from {first}-01 to {last}-12"))
    if problems:
        return _render(request, state, 422, problems=tuple(problems), **context)
    job = jobs.Job(
        extracts=tuple(jobs.Upload(u.filename or "", u.file) for u in extracts),
        template=chosen,
        templates=tuple(jobs.Upload(u.filename or "", u.file) for u in templates),
        period=period or None,
        pdf=state.pdf and _text(form, "pdf") == "on",
        check_only=_text(form, "mode") == "check",
        area=area or None,
    )
    if state.limiter is None:
        state.limiter = anyio.CapacityLimiter(limits.builds)
    outcome = await anyio.to_thread.run_sync(partial(jobs.run, job), limiter=state.limiter)
    context.update(outcome=outcome, months=outcome.months, period=period, built_period=outcome.period)
    return _render(request, state, 200, problems=outcome.errors, **context)


def _is_month(text: str) -> bool:
    """Whether `text` is a report month the build takes (the command line's --period check)."""
    try:
        api.report_month(text)
    except scorecard_xl.UsageError:
        return False
    return True


def create_app(
    limits: Limits | None = None,
    *,
    allowed_hosts: Sequence[str] = LOOPBACK_NAMES,
    pdf: bool | None = None,
) -> Starlette:
    """The ASGI application of the drop-in page.

    `allowed_hosts` are the Host names it answers to (loopback names by default, so a web page elsewhere cannot
    reach it through DNS rebinding); `pdf` offers the PDF download (default: when WeasyPrint is installed).
    """
    state = _State(limits or Limits(), bundled_templates(), pdf_found() if pdf is None else pdf)
    app = Starlette(
        routes=[
            Route("/", _home, methods=["GET"]),
            Route("/build", _build, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))],
    )
    app.state.web = state
    return app
