"""The distribution's facts that are written once: the version (in `_version.py`, read by setuptools and imported by
the package) and the `py.typed` marker shipped with the package."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Any

import scorecard_xl
from scorecard_xl import _version

from .conftest import ROOT

PACKAGE = Path(scorecard_xl.__file__).parent


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_is_written_once_and_read_by_setuptools() -> None:
    config = _pyproject()
    project = config["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "scorecard_xl._version.__version__"}
    assert scorecard_xl.__version__ == _version.__version__


def test_no_other_module_writes_a_version() -> None:
    writers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
            ):
                writers.append(path.relative_to(PACKAGE).as_posix())
    assert writers == ["_version.py"]


def test_the_package_is_marked_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()
    package_data = _pyproject()["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["scorecard_xl"]
