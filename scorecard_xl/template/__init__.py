"""The scorecard template: YAML read with its line numbers, checked field by field, and the bundled templates."""

from __future__ import annotations

from .council import load_council_or_template, sheet_name
from .loading import DEFAULT_TEMPLATE, bundled_templates, load_template, parse_template

__all__ = [
    "DEFAULT_TEMPLATE",
    "bundled_templates",
    "load_council_or_template",
    "load_template",
    "parse_template",
    "sheet_name",
]
