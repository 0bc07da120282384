"""Scorecard templates bundled with scorecard-xl (one YAML file per scorecard)."""
