"""scorecard-xl: turn a council's monthly KPI extracts into the committee's Appendix 1 scorecard workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .api import build, new_extract, prepare, prepare_council, validate
    from .calc import calculate
    from .errors import (
        InputError,
        OutputError,
        ScorecardError,
        StrictError,
        TemplateError,
        UsageError,
    )
    from .frames import data_frame, measures_frame
    from .model import Location, Month, Problem, Scorecard, Severity, Template
    from .read import read_extracts
    from .results import BuildResult, CouncilResult, ValidationReport
    from .template import load_template

_HOMES = {
    ".api": ("build", "new_extract", "prepare", "prepare_council", "validate"),
    ".calc": ("calculate",),
    ".errors": ("InputError", "OutputError", "ScorecardError", "StrictError", "TemplateError", "UsageError"),
    ".frames": ("data_frame", "measures_frame"),
    ".model": ("Location", "Month", "Problem", "Scorecard", "Severity", "Template"),
    ".read": ("read_extracts",),
    ".results": ("BuildResult", "CouncilResult", "ValidationReport"),
    ".template": ("load_template",),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Each exported name, imported from its module when first used: `import scorecard_xl.cli` (the command)
    loads only what the command needs before it can handle Ctrl+C itself."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOME[name], __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "BuildResult",
    "CouncilResult",
    "InputError",
    "Location",
    "Month",
    "OutputError",
    "Problem",
    "Scorecard",
    "ScorecardError",
    "Severity",
    "StrictError",
    "Template",
    "TemplateError",
    "UsageError",
    "ValidationReport",
    "__version__",
    "build",
    "calculate",
    "data_frame",
    "load_template",
    "measures_frame",
    "new_extract",
    "prepare",
    "prepare_council",
    "read_extracts",
    "validate",
]
