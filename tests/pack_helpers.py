"""Helpers for the council-pack and chart tests: the Open XML audit, and which Appendix rows should draw a trend."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import scorecard_xl


def audit(path: Path) -> list[str]:
    """The findings of `openxml-audit -f microsoft365 --policy strict` on `path` (empty: opens without repair).

    Runs the installed command (from the `test` extra); a run that gives no verdict is itself a finding.
    """
    tool = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    done = subprocess.run(
        [tool, "-f", "microsoft365", "--policy", "strict", "-o", "json", "-m", "0", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        reports = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [f"openxml-audit gave no report (exit {done.returncode}): {done.stderr.strip()[-300:]}"]
    findings = [
        f"{e.get('part_uri')} {e.get('path')}: {e.get('description')}"
        for report in reports
        for e in [*report.get("errors", []), *report.get("warnings", [])]
    ]
    if not findings and (done.returncode != 0 or not all(r.get("valid") for r in reports)):
        findings.append(f"openxml-audit: not valid (exit {done.returncode})")
    return findings


def trend_expectations(scorecard: scorecard_xl.Scorecard) -> dict[str, bool]:
    """For each measure number as printed in the No. column: whether its Trend cell must show a line."""
    return {
        str(r.measure.number): r.measure.available
        and any(f.value is not None for m, figures in scorecard.data if m.id == r.measure.id for f in figures[-13:])
        for r in scorecard.rows
    }
