"""Shared fixtures: paths inside the repository and the sample built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import scorecard_xl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "childrens_services_extract.xlsx"
TEMPLATE = ROOT / "templates" / "childrens_services.yaml"
SEED_JSON = Path(__file__).resolve().parent / "appendix1_childrens_services_2016-09.json"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> scorecard_xl.BuildResult:
    """The bundled sample built for September 2016 with the bundled template."""
    out = tmp_path_factory.mktemp("golden") / "appendix1.xlsx"
    return scorecard_xl.build([SAMPLE], period="2016-09", output=out)
