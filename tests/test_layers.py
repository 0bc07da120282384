"""The layers stay apart: import-linter's contracts (pyproject.toml) hold, and they do fail when one is broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import scorecard_xl

from .conftest import ROOT

PACKAGE = Path(scorecard_xl.__file__).parent
_READ_FLOW = "read flows down: diagnosis, extracts, shapes, figures, cells beside files, grid"
WEB = "web uses only the front door, model and errors"


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts over the `scorecard_xl` found first in `package_parent`."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    command = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; c()"]
    return subprocess.run(
        [*command, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, env=env, cwd=package_parent, check=False,
    )  # fmt: skip


def test_every_contract_is_kept() -> None:
    done = _lint(PACKAGE.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    assert f"{len(contracts)} kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "offending_import", "contract"),
    [
        ("write/cells.py", "from ..read import grid", "write does not import read"),
        ("calc/rules.py", "from ..write import layout", "calc does not import read or write"),
        ("model/months.py", "from .. import numbers", "model imports nothing of the package"),
        (
            "read/cells/values.py",
            "from ... import api",
            "only the command line and the package's front door import api",
        ),
        ("read/cells/values.py", "from ..figures import observe", _READ_FLOW),
        ("read/extracts.py", "from . import diagnosis", _READ_FLOW),
        ("read/files/xlsx.py", "from ..cells import values", _READ_FLOW),
        ("read/figures/observe.py", "from ..shapes import headers", _READ_FLOW),
        ("read/grid.py", "from .files import zip_parts", _READ_FLOW),
        (
            "template/reading_keys.py",
            "from .checks import Checker",
            "no package's modules import one another in a circle",
        ),
        ("write/chart_data.py", "from ..calc import trend", "write does not import calc"),
        ("web/present.py", "from scorecard_xl.numbers import format_number", WEB),
        ("web/jobs.py", "from scorecard_xl.template import council", WEB),
        ("web/app.py", "from scorecard_xl.calc import trend", WEB),
    ],
)
def test_a_broken_contract_fails(tmp_path: Path, module: str, offending_import: str, contract: str) -> None:
    copy = tmp_path / "scorecard_xl"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{offending_import}  # noqa\n", encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0
    assert f"{contract} BROKEN" in done.stdout, done.stdout
