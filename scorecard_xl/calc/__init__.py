"""The calculation, pure and without I/O: the scoring rules, and observations → the frozen Scorecard."""

from __future__ import annotations

from .scorecard import calculate, latest_month

__all__ = ["calculate", "latest_month"]
