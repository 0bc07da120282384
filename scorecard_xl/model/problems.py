"""One type for every problem found, error or warning: a code, a structured location, a message and a hint."""

from __future__ import annotations

from dataclasses import dataclass

from .codes import Severity, catalogued


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file and a sheet and cell in it, a template line, or a measure; any may be absent."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    measure: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.sheet is not None and self.cell is not None:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet is not None or self.cell is not None:
            parts.append(str(self.sheet if self.sheet is not None else self.cell))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.measure is not None and not parts:
            parts.append(f"measure {self.measure}")
        return " ".join(parts)


@dataclass(frozen=True)
class Problem:
    """A problem found in an input or template: machine-readable `code`, `severity`, `location`, what is wrong
    (`message`) and what to do about it (`hint`, may be empty).

    Promises: its code is in the catalogue (`model.codes.Code`) with this severity, or making it raises ValueError."""

    code: str
    severity: Severity
    location: Location
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        entry = catalogued(self.code)
        if entry is None:
            raise ValueError(f"problem code {self.code!r} is not in the catalogue (model/codes.py)")
        if entry.severity is not self.severity:
            said = f"catalogued as {entry.severity.value}, not {self.severity.value}"
            raise ValueError(f"problem code {self.code!r} is {said}")

    @classmethod
    def error(cls, code: str, location: Location, message: str, hint: str = "") -> Problem:
        """An error: the build stops."""
        return cls(code, Severity.ERROR, location, message, hint)

    @classmethod
    def warning(cls, code: str, location: Location, message: str, hint: str = "") -> Problem:
        """A warning: the build goes on."""
        return cls(code, Severity.WARNING, location, message, hint)

    @property
    def where(self) -> str:
        """The location as printed: `extract.xlsx Sep 2016!C7`, `template.yaml line 12`, `measure CS01`."""
        return str(self.location)

    @property
    def text(self) -> str:
        """`<where>: <message>[ — <hint>]`, without the severity."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} — {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.text}"
