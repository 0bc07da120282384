"""The `scorecard-xl` command: a thin argparse layer over the API that maps errors to one line and an exit code."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from ._version import __version__
from .collecting import paused
from .errors import ScorecardError, StrictError, UsageError
from .stopping import Terminated, terminate_as_interrupt
from .write.output import recording

EXAMPLES = """\
examples:
  scorecard-xl build extracts/kpis.xlsx                  latest month, bundled Children's Services template
  scorecard-xl build extracts/ --template council        the council's pack: every bundled portfolio
  scorecard-xl build extracts/ --period 2016-09 -o out.xlsx --force
  scorecard-xl validate extracts/kpis.xlsx
  scorecard-xl new-extract --period 2016-10 --from extracts/kpis.xlsx -o kpis_2016-10.xlsx
  scorecard-xl serve                                     the drop-in page at http://127.0.0.1:8750/
"""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors become UsageError (one line, exit 2) instead of exiting itself."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scorecard-xl",
        description="Turn a workbook of monthly KPI extracts into the committee's Appendix 1 scorecard (.xlsx).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scorecard-xl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument(
        "extracts", nargs="+", metavar="EXTRACT",
        help="an .xlsx/.xlsm workbook, a .csv in the long shape, or a folder of them",
    )  # fmt: skip
    common.add_argument(
        "--template", metavar="FILE|DIR",
        help="the scorecard template (YAML); a folder of templates or a council.yaml builds the council's pack "
        "(a sheet per portfolio); default: the bundled Children's Services template",
    )  # fmt: skip
    common.add_argument("--period", metavar="YYYY-MM", help="the report month; default: the latest month with a figure")
    common.add_argument(
        "--area", metavar="NAME",
        help="the council's area (name or GSS code) in tidy open data; overrides the template's area: for one build",
    )  # fmt: skip

    build = sub.add_parser(
        "build", parents=[common], help="build the Appendix 1 workbook",
        description="Read the extracts, calculate figures, arrows and RAG, and write the Appendix 1 workbook.",
    )  # fmt: skip
    build.add_argument(
        "-o", "--output", metavar="OUT.xlsx",
        help="where to write; default: appendix1_<template>_<YYYY-MM>.xlsx in the current folder",
    )  # fmt: skip
    build.add_argument(
        "--pdf", action="store_true",
        help="also write the report as a tagged PDF/UA-1 (OUT.pdf, A4 landscape), through WeasyPrint",
    )  # fmt: skip
    build.add_argument(
        "--html", nargs="?", const=True, default=False, metavar="OUT.html",
        help="also write the report's accessible HTML edition, one self-contained file (default: OUT.html)",
    )  # fmt: skip
    build.add_argument("--strict", action="store_true", help="write nothing, and exit 1, if there are any warnings")
    build.add_argument("--force", action="store_true", help="replace the output if it already exists")
    build.add_argument("--quiet", action="store_true", help="no progress line, even on a long build")

    sub.add_parser(
        "validate", parents=[common], help="check the extracts and report, writing nothing",
        description="Run everything but the writer and print errors, warnings, skipped sheets and the months found "
        "per measure. Exit 0 clean, 1 warnings, 2 errors.",
    )  # fmt: skip

    new = sub.add_parser(
        "new-extract", help="write an empty month sheet for the month's figures",
        description="Write an empty month sheet listing every measure, with Value, Numerator, Denominator and "
        "Narrative columns checked by data validation; with --from, last month's figures beside them.",
    )  # fmt: skip
    new.add_argument("--period", metavar="YYYY-MM", required=True, help="the month the sheet is for")
    new.add_argument(
        "--template", metavar="FILE|DIR",
        help="the scorecard template (YAML), or a council's templates (every portfolio's measures, grouped)",
    )  # fmt: skip
    new.add_argument("--from", dest="previous", metavar="EXTRACT", nargs="+",
                     help="extracts holding the previous month's figures, shown for reference")  # fmt: skip
    new.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="where to write the new sheet")
    new.add_argument("--force", action="store_true", help="replace the output if it already exists")

    serve = sub.add_parser(
        "serve", help="open the drop-in page: drop extracts in a browser, preview and download Appendix 1",
        description="Start a local web page to drop extracts on, choose template and month, read the validation "
        "report, preview Appendix 1 and download the workbook (the same bytes as build) and PDF. Uploads are "
        "deleted after each request. Listens on this machine only unless --host says otherwise.",
    )  # fmt: skip
    serve.add_argument("--port", type=int, default=8750, help="the port to listen on (default: 8750)")
    serve.add_argument(
        "--host", default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only); any other lets others use it",
    )  # fmt: skip
    serve.add_argument("--no-browser", action="store_true", help="do not open the page in the default browser")
    return parser


class _ProgressLine:
    """Says on a terminal what a long build is doing: silent for its first second, and when not a terminal."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, message: str) -> None:
        if self.enabled and time.monotonic() - self.start >= 1.0:
            message = "".join(ch if ch.isprintable() else " " for ch in message)  # a sheet name may hold a line end
            self.stream.write(f"\r\033[K{message}")
            self.stream.flush()
            self.shown = True

    def clear(self) -> None:
        """Remove the progress line, if one was shown, before the summary is printed."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _one_line(text: str) -> str:
    """`text` as one line for the terminal: control, format and line-separator characters (which a file, sheet or
    cell may hold) escaped, so that no printed problem splits into two or forges a line of its own."""
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


def _escape(ch: str) -> str:
    return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def _print(text: object, stream: TextIO) -> None:
    print(_one_line(str(text)), file=stream)


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import api

    if args.command == "build":
        progress = _ProgressLine(err, not args.quiet)
        try:
            with paused():  # one build in a process that ends: the template and calculation too, not only read/write
                result = api.build(
                    args.extracts, args.template, args.period, args.output,
                    force=args.force, strict=args.strict, pdf=args.pdf, progress=progress, area=args.area,
                    html=args.html,
                )  # fmt: skip
        finally:
            progress.clear()
        for warning in result.warnings:
            _print(warning, err)
        _print(result.summary(), out)
        return 0
    if args.command == "validate":
        report = api.validate(args.extracts, args.template, args.period, area=args.area)
        for line in report.lines():
            _print(line, out)
        return report.exit_code
    if args.command == "serve":
        from .web.server import serve  # only here: the web framework never loads for the other commands

        return serve(args.host, args.port, open_browser=not args.no_browser, err=err)
    path = api.new_extract(args.period, args.output, template=args.template, previous=args.previous, force=args.force)
    _print(f"wrote {path}", out)
    return 0


def _stopped(exc: KeyboardInterrupt, written: Sequence[Path], err: TextIO) -> int:
    """Say what a command stopped by Ctrl+C or SIGTERM left: nothing, or the files it had already put in place
    (the step putting a workbook and its PDF in place is never cut in two); 130 or 143, as a shell would."""
    what, code = ("terminated", 143) if isinstance(exc, Terminated) else ("interrupted", 130)
    if written:
        _print(f"error: {what} after {' and '.join(str(p) for p in written)} had been written", err)
    else:
        _print(f"error: {what}; nothing was written", err)
    return code


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit does not raise a second BrokenPipeError."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (0 written, 1 strict warnings, 2 bad input or usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    written: list[Path] = []
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(out)
            return 2
        writes = args.command in ("build", "new-extract")  # SIGTERM ends them as Ctrl+C does: cleaned up
        with recording(written), terminate_as_interrupt() if writes else contextlib.nullcontext():
            return _run(args, out, err)
    except ScorecardError as exc:
        for warning in exc.warnings if isinstance(exc, StrictError) else ():
            _print(warning, err)
        for line in exc.lines():
            _print(f"error: {line}", err)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        return _stopped(exc, written, err)
    except BrokenPipeError:  # the report was piped into `head` or similar, which stopped reading: not an error
        _quiet_stdout()
        return 0
    except Exception as exc:  # a bug, not an input problem: still one line, never a traceback
        _print(f"error: internal error ({type(exc).__name__}: {exc}); nothing was written — please report it", err)
        return 70
