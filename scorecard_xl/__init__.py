"""scorecard-xl: turn a council's monthly KPI extracts into the committee's Appendix 1 scorecard workbook."""

from __future__ import annotations

from ._version import __version__
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
