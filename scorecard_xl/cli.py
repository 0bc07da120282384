"""The `scorecard-xl` command: a thin argparse layer over the API that maps errors to one line and an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from . import __version__
from .errors import ScorecardError, UsageError

EXAMPLES = """\
examples:
  scorecard-xl build extracts/kpis.xlsx                  latest month, bundled Children's Services template
  scorecard-xl build extracts/ --template council        the council's pack: every bundled portfolio
  scorecard-xl build extracts/ --period 2016-09 -o out.xlsx --force
  scorecard-xl validate extracts/kpis.xlsx
  scorecard-xl new-extract --period 2016-10 --from extracts/kpis.xlsx -o kpis_2016-10.xlsx
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

    build = sub.add_parser(
        "build", parents=[common], help="build the Appendix 1 workbook",
        description="Read the extracts, calculate figures, arrows and RAG, and write the Appendix 1 workbook.",
    )  # fmt: skip
    build.add_argument(
        "-o", "--output", metavar="OUT.xlsx",
        help="where to write; default: appendix1_<template>_<YYYY-MM>.xlsx in the current folder",
    )  # fmt: skip
    build.add_argument("--pdf", action="store_true", help="also print the workbook to PDF through LibreOffice")
    build.add_argument("--strict", action="store_true", help="write nothing, and exit 1, if there are any warnings")
    build.add_argument("--force", action="store_true", help="replace the output if it already exists")

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
    return parser


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import api

    if args.command == "build":
        result = api.build(
            args.extracts, args.template, args.period, args.output,
            force=args.force, strict=args.strict, pdf=args.pdf,
        )  # fmt: skip
        for warning in result.warnings:
            print(warning, file=err)
        print(result.summary(), file=out)
        return 0
    if args.command == "validate":
        report = api.validate(args.extracts, args.template, args.period)
        for line in report.lines():
            print(line, file=out)
        return report.exit_code
    path = api.new_extract(args.period, args.output, template=args.template, previous=args.previous, force=args.force)
    print(f"wrote {path}", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (0 written, 1 strict warnings, 2 bad input or usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(out)
            return 2
        return _run(args, out, err)
    except ScorecardError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=err)
        return 130
    except Exception as exc:  # a bug, not an input problem: still one line, never a traceback
        print(f"error: internal error ({type(exc).__name__}: {exc}); nothing was written — please report it", file=err)
        return 70
