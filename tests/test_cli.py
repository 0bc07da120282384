"""The command line: help for every command, the summary line, warnings, --strict, validate's exit codes."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from scorecard_xl.cli import _parser, main

from .conftest import ROOT, SAMPLE
from .support.workbooks import Formula, SheetSpec, long_csv, month_workbook, write_workbook

COMMANDS = ["build", "validate", "new-extract", "serve"]
LONG = "a" * 300  # a name past the 255 bytes a file system allows for one component
NOWHERE = ROOT / "no-such-folder" / "x.xlsx"  # an output that is never written, whatever a test gets wrong


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: scorecard-xl {command}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"scorecard-xl {command}" in readme


def test_python_dash_m_runs_the_same_command(tmp_path):
    out = tmp_path / "a.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "scorecard_xl", "build", str(SAMPLE), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert out.exists()


def test_build_prints_one_summary_line(tmp_path):
    code, out, err = run("build", str(SAMPLE), "-o", str(tmp_path / "a.xlsx"))
    assert code == 0 and err == ""
    assert out.count("\n") == 1
    assert re.match(
        r"Appendix 1 for Sep 2016: 37 measures \(2 unavailable\); 4 Green, 3 Amber, 10 Red, 18 Monitor; "
        r"0 warnings; wrote .*a\.xlsx$",
        out.strip(),
    )


def test_default_output_name_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("build", str(SAMPLE))
    assert code == 0
    assert (tmp_path / "appendix1_childrens_services_2016-09.xlsx").exists()


def _extract_with_unknown_row(tmp_path):
    return month_workbook(tmp_path / "extra.xlsx", [["CS99", 5]], header=("Measure ID", "Value"))


def test_warnings_go_to_stderr_and_strict_refuses(tmp_path):
    extra = _extract_with_unknown_row(tmp_path)
    out = tmp_path / "a.xlsx"
    code, stdout, err = run("build", str(SAMPLE), str(extra), "-o", str(out), "--strict")
    assert code == 1
    assert "--strict" in err and not out.exists()
    assert err.splitlines() == [  # the warnings it refuses over come first, as a build without --strict prints them
        f"warning: {extra} Sep 2016!A2: row names no template measure ('CS99'); its figures are not used",
        "error: 1 warnings and --strict was given; nothing was written",
    ]
    code, stdout, err = run("build", str(SAMPLE), str(extra), "-o", str(out))
    assert code == 0
    assert err.startswith(f"warning: {extra} Sep 2016!A2: row names no template measure ('CS99')")
    assert "1 warnings" in stdout


def test_validate_exit_codes(tmp_path):
    code, out, _ = run("validate", str(SAMPLE))
    assert code == 0
    assert "errors: 0" in out and "warnings: 0" in out and "report month: Sep 2016" in out
    assert "CS37: Apr 2015–Sep 2016" in out
    assert "CS22: Apr 2016–Sep 2016" in out
    code, out, _ = run("validate", str(SAMPLE), str(_extract_with_unknown_row(tmp_path)))
    assert code == 1 and "warnings: 1" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("Measure,Month,Value\nCS01,2016-09,lots\n", encoding="utf-8")
    code, out, _ = run("validate", str(bad))
    assert code == 2 and "text-in-value" not in out and "holds the text 'lots'" in out


def test_validate_ending_in_errors_still_reports_the_warnings_found(tmp_path):
    """A hidden sheet (a warning) beside a formula with no saved result (an error): both are reported, and counted."""
    path = write_workbook(
        tmp_path / "mixed.xlsx",
        [
            SheetSpec("Sep 2016", [["CS01", 0.58], ["CS02", Formula("=1+1", None)]]),
            SheetSpec("Aug 2016", [["CS01", 0.5]], hidden=True),
        ],
    )
    code, out, _ = run("validate", str(path))
    assert code == 2
    assert "errors: 1\n" in out and "holds a formula with no saved result" in out
    warnings = [line for line in out.splitlines() if line.startswith("  warning: ")]
    assert f"warnings: {len(warnings)}\n" in out
    assert f"  warning: {path} Aug 2016: the sheet is hidden; its figures are used" in warnings


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "usage"),
        (["build"], "the following arguments are required: EXTRACT"),
        (["build", "nope.xlsx"], "nope.xlsx: no such file or folder"),
        (["build", str(SAMPLE), "--period", "Sept"], "--period 'Sept': expected a month as YYYY-MM"),
        (["build", str(SAMPLE), "--period", "0000-01"], "--period '0000-01': the report month must be from 1900-01"),
        (["build", str(SAMPLE), "--period", "9999-12"], "--period '9999-12': the report month must be from 1900-01"),
        (["build", str(SAMPLE), "--period", "1899-12", "-o", str(NOWHERE)], "'1899-12': the report month must be"),
        (["validate", str(SAMPLE), "--period", "0000-01"], "to 9998-12"),
        (["validate", str(SAMPLE), "--period", "9999-12"], "to 9998-12"),
        (["new-extract", "--period", "0000-01", "-o", str(NOWHERE)], "to 9998-12"),
        (["new-extract", "--period", "9999-12", "-o", str(NOWHERE), "--from", str(SAMPLE)], "to 9998-12"),
        (["build", str(SAMPLE), "--template", "missing.yaml"], "missing.yaml: template not found"),
        (["frobnicate"], "invalid choice"),
        (["build", LONG + ".xlsx"], f"{LONG}.xlsx: cannot be read (File name too long)"),
        (["build", str(SAMPLE), "-o", str(ROOT / f"{LONG}.xlsx")], f"{LONG}.xlsx: cannot be used as the output"),
        (["build", str(SAMPLE), "--template", f"{LONG}.yaml"], f"{LONG}.yaml: cannot be read as a template"),
        (["validate", str(SAMPLE), "--template", LONG], f"{LONG}: cannot be read as a template"),
        (["new-extract", "--period", "2016-10", "-o", str(ROOT / f"{LONG}.xlsx")], "cannot be used as the output"),
        (["new-extract", "--period", "2016-10", "-o", str(NOWHERE), "--from", LONG], f"{LONG}: cannot be read"),
        (["build", str(SAMPLE), "--template", str(ROOT / "docs")], "the folder holds no template (.yaml)"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, message):
    code, out, err = run(*argv)
    assert code == 2
    if argv:
        assert err.count("\n") == 1 and err.startswith("error: ") and message in err
        assert "Traceback" not in err
    else:
        assert message in out


class _Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is for an analyst at a prompt."""

    def isatty(self) -> bool:
        return True


def test_progress_is_shown_only_on_a_terminal_and_not_with_quiet(tmp_path, monkeypatch):
    import scorecard_xl.cli as cli

    clock = iter(range(0, 1000, 5))  # every look at the clock is 5 s later: past the first second at once
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    terminal = _Terminal()
    assert main(["build", str(SAMPLE), "-o", str(tmp_path / "a.xlsx")], io.StringIO(), terminal) == 0
    assert f"reading {SAMPLE.name} (1 of 1 files)" in terminal.getvalue()
    assert f"reading {SAMPLE.name}: sheet 18, Sep 2016" in terminal.getvalue()  # a long file says where it is
    assert "writing 37 measures to a.xlsx" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")  # the line is cleared before the summary
    quiet = _Terminal()
    assert main(["build", str(SAMPLE), "-o", str(tmp_path / "b.xlsx"), "--quiet"], io.StringIO(), quiet) == 0
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    assert main(["build", str(SAMPLE), "-o", str(tmp_path / "c.xlsx")], io.StringIO(), piped) == 0
    assert piped.getvalue() == ""


class _ClosedPipe(io.StringIO):
    """stdout piped into `head`, which has stopped reading: every write fails as the operating system says."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_report_piped_into_head_is_not_an_error():
    """`scorecard-xl validate … | head -1`: the pipe closing early ends the command quietly, not as a bug (exit 70)."""
    err = io.StringIO()
    assert main(["validate", str(SAMPLE)], _ClosedPipe(), err) == 0
    assert err.getvalue() == ""


def test_a_progress_line_stays_one_line_whatever_a_sheet_is_called(monkeypatch):
    import scorecard_xl.cli as cli

    clock = iter(range(0, 1000, 5))
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    terminal = _Terminal()
    line = cli._ProgressLine(terminal, True)
    line("reading kpis.xlsx: sheet 2, Sep\n2016\x85")
    assert terminal.getvalue() == "\r\033[Kreading kpis.xlsx: sheet 2, Sep 2016 "


def test_names_at_the_file_system_limit_build(tmp_path):
    """A 255-byte name is allowed; the `~$` lock files looked for beside it would be 257 bytes, so are not there."""
    extract = tmp_path / ("k" * 250 + ".xlsx")
    extract.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / ("o" * 250 + ".xlsx")
    code, stdout, err = run("build", str(extract), "-o", str(out))
    assert (code, err) == (0, ""), err
    assert out.is_file() and str(out) in stdout


def test_a_line_break_in_a_file_or_sheet_name_cannot_split_or_forge_a_line(tmp_path):
    """Every printed problem is one line: a line break (or other control character) a file or sheet name holds is
    shown escaped, so it can neither split the line nor start a line of its own that reads as another error."""
    folder = tmp_path / "kpis\nerror: other.csv: injected"
    folder.mkdir()
    named = long_csv(folder / "a\rb.csv", [["CS01", "2016-09", "abc"]])
    sheet = month_workbook(tmp_path / "sheet.xlsx", [["CS01", "lots"]], sheet="Sep 2016\nerror fake.xlsx")
    for argv in (["build", named, "-o", tmp_path / "a.xlsx"], ["build", sheet, "-o", tmp_path / "b.xlsx"]):
        code, out, err = run(*map(str, argv))
        assert code == 2
        assert err.count("\n") == 1 and err.startswith("error: "), err
        assert "\\nerror" in err
    code, out, err = run("validate", str(named))
    assert code == 2 and "kpis\\nerror: other.csv: injected/a\\rb.csv" in out
    assert [line for line in out.splitlines() if "abc" in line] == [
        f"  error: {tmp_path}/kpis\\nerror: other.csv: injected/a\\rb.csv C2: holds the text 'abc', not a figure"
        " — enter a number, leave it blank or 'x' when not available, 'c' when suppressed (or add the symbol to the"
        " template's symbols:)"
    ]
    assert not any(line.lstrip().startswith("error: other.csv") for line in out.splitlines())


def test_a_warning_and_the_summary_stay_one_line_each(tmp_path):
    extract = month_workbook(tmp_path / "kpis\u2028.xlsx", [["CS01\x1b[31m", 0.5]])
    out_path = tmp_path / "out\n.xlsx"
    code, out, err = run("build", str(SAMPLE), str(extract), "-o", str(out_path))
    assert code == 0, err
    assert out.count("\n") == 1 and out.rstrip().endswith("out\\n.xlsx")
    assert all(line.startswith("warning: ") for line in err.splitlines()), err
    assert "kpis\\u2028.xlsx Sep 2016!A2: row names no template measure" in err
