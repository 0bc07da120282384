"""Reading extracts: files and folders → sheets of cells → recognised shapes → observations, every problem collected."""

from __future__ import annotations

from .diagnosis import future_months, likely_cause
from .extracts import ReadResult, extract_files, read_extracts, sheets_read

__all__ = ["ReadResult", "extract_files", "future_months", "likely_cause", "read_extracts", "sheets_read"]
