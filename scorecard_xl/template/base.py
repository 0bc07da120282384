"""The part of template checking every part shares: problems with their YAML lines, and the basic shapes."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar

from ..model import Location, Problem
from .yaml_nodes import List, Map

T = TypeVar("T")


class _Bad(Exception):
    """A problem that stops checking the part of the template it is in (recorded by the caller)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


class BaseChecker:
    """Checks template data part by part; `problems` collects every problem found, so all are reported at once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.rules_floor: tuple[Any, int] | None = None  # `floor:` in `rules:` and its line, read for each measure

    def fail(self, line: int, message: str, code: str = "template") -> _Bad:
        """A problem at `line` of the template, to raise."""
        return _Bad(Problem.error(code, Location(file=self.source, line=line), message))

    def attempt(self, check: Callable[[], T], default: T) -> T:
        """The result of `check()`, or `default` with the problem recorded when it fails."""
        try:
            return check()
        except _Bad as bad:
            self.problems.append(bad.problem)
            return default

    def line_of(self, mapping: Map, key: str) -> int:
        return mapping.key_lines.get(key, mapping.line)

    def mapping(self, data: Any, keys: set[str], what: str, line: int) -> Map:
        """`data` as a mapping; each unknown key is recorded as a problem (and otherwise ignored)."""
        if not isinstance(data, Map):
            raise self.fail(getattr(data, "line", line), f"{what} must be a mapping of keys to values")
        for key in data:
            if key not in keys:
                guess = difflib.get_close_matches(key, sorted(keys), n=1)
                hint = f" (did you mean '{guess[0]}'?)" if guess else f" (expected one of: {', '.join(sorted(keys))})"
                self.problems.append(
                    self.fail(self.line_of(data, key), f"unknown key '{key}' in {what}{hint}", "unknown-key").problem
                )
        return data

    def sequence(self, data: Map, key: str, what: str) -> List:
        value = data.get(key)
        if not isinstance(value, List) or not value:
            raise self.fail(self.line_of(data, key), f"{what} needs a non-empty list '{key}'")
        return value

    def text(self, data: Map, key: str, what: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None or (isinstance(value, (dict, list))) or str(value).strip() == "":
            raise self.fail(self.line_of(data, key), f"{what} needs '{key}' as text")
        return str(value).strip()

    def choice(self, data: Map, key: str, enum_type: Any, default: Any) -> Any:
        if key not in data:
            return default
        raw = str(data[key]).strip().lower()
        for member in enum_type:
            name = member.name.lower()
            if raw in (name, str(member.value).lower()):
                return member
        options = ", ".join(m.name.lower() for m in enum_type)
        raise self.fail(self.line_of(data, key), f"'{key}' is {data[key]!r}; expected one of: {options}")
