"""The exceptions scorecard-xl raises, each carrying the exit code the command line uses.

    ScorecardError            exit 2, base of everything below
     ├── UsageError           bad arguments (a missing file, a bad --period)
     ├── InputError           an extract cannot be used; carries one or more Issue
     ├── TemplateError        the YAML template is wrong; names its line
     └── OutputError          the output cannot be written (exists, locked, read-only folder)
    StrictError               exit 1: --strict and there were warnings

Third-party exceptions (zipfile, XML, YAML, OS) are translated into these at the reader, template and writer
boundaries, so the command line never shows a traceback for anything a file holds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One input problem: a machine-readable code, where it is, what is wrong, and what to do about it."""

    code: str
    where: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ScorecardError(Exception):
    """Base class; `exit_code` is what the command line exits with."""

    exit_code = 2

    def lines(self) -> list[str]:
        """The one-line messages to print, without the `error: ` prefix."""
        return [str(self)]


class UsageError(ScorecardError):
    """The command was given something it cannot use."""


class InputError(ScorecardError):
    """One or more extracts cannot be used; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue] | Issue) -> None:
        self.issues = [issues] if isinstance(issues, Issue) else list(issues)
        super().__init__(str(self.issues[0]) if self.issues else "input error")

    @property
    def codes(self) -> list[str]:
        """The codes of every issue, in order."""
        return [i.code for i in self.issues]

    def lines(self) -> list[str]:
        """One line per issue."""
        return [str(i) for i in self.issues]


class TemplateError(ScorecardError):
    """The template is wrong; the message names the file and YAML line."""


class OutputError(ScorecardError):
    """The workbook cannot be written where asked."""


class StrictError(ScorecardError):
    """`--strict` was given and there were warnings; nothing was written."""

    exit_code = 1
