"""The code stays as the project wants it: ruff clean and formatted, and mypy strict clean."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_and_format():
    check = _run("ruff", "check", ".")
    assert check.returncode == 0, check.stdout + check.stderr
    formatted = _run("ruff", "format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_mypy_strict():
    done = _run("mypy", "scorecard_xl")
    assert done.returncode == 0, done.stdout + done.stderr
