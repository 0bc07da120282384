"""The exceptions scorecard-xl raises, each carrying the exit code the command line uses.

    ScorecardError            exit 2, base of everything below
     ├── UsageError           bad arguments (a missing file, a bad --period)
     ├── InputError           an extract cannot be used; carries one or more Problem
     ├── TemplateError        the YAML template is wrong; carries every Problem found, each naming its line
     └── OutputError          the output cannot be written (exists, locked, read-only folder)
    StrictError               exit 1: --strict and there were warnings

Third-party exceptions (zipfile, XML, YAML, OS) are translated into these at the reader, template and writer
boundaries, so the command line never shows a traceback for anything a file holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Problem


class ScorecardError(Exception):
    """Base class; `exit_code` is what the command line exits with."""

    exit_code = 2

    def lines(self) -> list[str]:
        """The one-line messages to print, without the `error: ` prefix."""
        return [str(self)]


class UsageError(ScorecardError):
    """The command was given something it cannot use."""


class _ProblemsError(ScorecardError):
    """An error that carries the problems found, each printed on its own line."""

    def __init__(self, problems: list[Problem] | Problem, fallback: str) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.problems[0].text if self.problems else fallback)

    @property
    def codes(self) -> list[str]:
        """The codes of every problem, in order."""
        return [p.code for p in self.problems]

    def lines(self) -> list[str]:
        """One line per problem."""
        return [p.text for p in self.problems]


class InputError(_ProblemsError):
    """One or more extracts cannot be used; `problems` lists every problem found, `sheets` the sheets that were read
    (with their shape), `skipped` those skipped, `files` the files read and `warnings` the warnings found before
    reading stopped, so a report can still count and show them."""

    def __init__(
        self,
        problems: list[Problem] | Problem,
        *,
        sheets: tuple[str, ...] = (),
        skipped: tuple[str, ...] = (),
        files: tuple[str, ...] = (),
        warnings: tuple[Problem, ...] = (),
    ) -> None:
        super().__init__(problems, "input error")
        self.sheets = sheets
        self.skipped = skipped
        self.files = files
        self.warnings = warnings


class TemplateError(_ProblemsError):
    """The template is wrong; `problems` lists every problem found, each naming the file and YAML line."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        super().__init__(problems, "template error")


class OutputError(ScorecardError):
    """The workbook cannot be written where asked."""


class StrictError(ScorecardError):
    """`--strict` was given and there were warnings; nothing was written. `warnings` are those warnings, which the
    command line prints before its error line, as a build without `--strict` would."""

    exit_code = 1

    def __init__(self, message: str, warnings: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.warnings = tuple(warnings)
