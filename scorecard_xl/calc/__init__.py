"""The calculation, pure and without I/O: the scoring rules, and observations → the frozen, resolved Scorecard."""

from __future__ import annotations

from .council import calculate_council
from .scorecard import calculate, latest_month

__all__ = ["calculate", "calculate_council", "latest_month"]
