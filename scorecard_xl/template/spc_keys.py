"""The template keys that turn on Making Data Count's SPC: `spc: true|false` and `spc_baseline: N` (in `rules:` or per
measure), each checked with its YAML line."""

from __future__ import annotations

from dataclasses import replace

from ..model import Rules
from .base import BaseChecker
from .yaml_nodes import Map

SPC_KEYS = {"spc", "spc_baseline"}
MIN_BASELINE = 2  # figures: a centre line and one moving range


def spc_rules(checker: BaseChecker, data: Map, rules: Rules) -> Rules:
    """`rules` with the `spc` and `spc_baseline` that `data` gives; a bad one is recorded and the base value kept."""
    spc, baseline = rules.spc, rules.spc_baseline
    if "spc" in data:
        raw = data["spc"]
        if isinstance(raw, bool):
            spc = raw
        else:
            checker.problems.append(
                checker.fail(checker.line_of(data, "spc"), f"spc is {raw!r}; expected true or false").problem
            )
    if "spc_baseline" in data:
        raw = data["spc_baseline"]
        if isinstance(raw, int) and not isinstance(raw, bool) and raw >= MIN_BASELINE:
            baseline = raw
        else:
            checker.problems.append(
                checker.fail(
                    checker.line_of(data, "spc_baseline"),
                    f"spc_baseline is {raw!r}; expected a whole number of figures, {MIN_BASELINE} or more, that make "
                    "the SPC centre line and limits",
                ).problem
            )
    return replace(rules, spc=spc, spc_baseline=baseline)
